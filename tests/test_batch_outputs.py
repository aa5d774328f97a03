"""Sinks and progress: atomic files, resume into a folder, what stderr shows and when."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from kehoach_parser import batch, errors
from kehoach_parser.batch import BatchOptions, progress, run_batch
from kehoach_parser.batch.sinks import AtomicText, JsonlSink

PLAN = "KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC ĐÍCH\nNội dung số {}.\n"


def _inputs(folder: Path, n: int) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"p{i}.txt").write_text(PLAN.format(i), encoding="utf-8")
    return folder


def _opts(src: Path, out: Path, **kw: Any) -> BatchOptions:
    return BatchOptions(inputs=[str(src)], output=str(out), jobs=1, quiet=True, restore=False,
                        **kw)


def test_a_failed_run_leaves_the_previous_output_untouched(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    src = _inputs(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    real, calls = batch._Run.outcome, []

    def bug(self: Any, outcome: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("a bug after two records")
        real(self, outcome)

    monkeypatch.setattr(batch._Run, "outcome", bug)
    with pytest.raises(RuntimeError):
        run_batch(_opts(src, out))
    assert out.read_text() == "previous\n"
    kept = Path(f"{out}.partial").read_text().splitlines()
    assert len(kept) == 2 and all(json.loads(line)["nguon"] for line in kept)


def test_a_half_written_record_is_cut_on_interrupt(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    sink = JsonlSink(str(out))
    sink.write({"input": "a", "member": None, "error": "x", "error_type": "E", "sha256": None})
    sink._out._fh.write('{"input": "b", "mem')  # what a Ctrl-C inside write() can leave
    sink.close("interrupted")
    [rec] = [json.loads(line) for line in out.read_text().splitlines()]
    assert rec["input"] == "a"


def test_resume_into_a_folder(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 3)
    (src / "bad.txt").write_bytes(b"")
    out = tmp_path / "json"
    first = run_batch(_opts(src, out))
    assert (first.done, first.failed) == (3, 1)
    (src / "bad.txt").write_text(PLAN.format("fixed"), encoding="utf-8")
    again = run_batch(_opts(src, out, resume=True))
    assert (again.skipped, again.done, again.failed) == (3, 1, 0)
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 4 and not any(f.endswith(".error.json") for f in files)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_redraws_one_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "TTY_INTERVAL", 0.0)
    stream = _Tty()
    p = progress.Progress(stream=stream)
    p.update(3, 1, 0)
    p.update(5, 1, 0)
    p.finish(["6 documents"])
    text = stream.getvalue()
    assert text.count("\r") == 3 and "\n" not in text.rsplit("\r", 1)[0]
    assert "6 documents (1 failed)" in text and text.endswith("kehoach: 6 documents\n")


def test_progress_writes_plain_lines_in_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LOG_INTERVAL", 0.0)
    stream = io.StringIO()
    p = progress.Progress(stream=stream)
    p.update(2, 0, 1)
    p.finish(["done"])
    assert "\r" not in stream.getvalue()
    assert stream.getvalue().splitlines()[0].startswith("kehoach: 2 documents (0 failed, 1 skipped)")


def test_quiet_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LOG_INTERVAL", 0.0)
    stream = io.StringIO()
    p = progress.Progress(quiet=True, stream=stream)
    p.update(1, 0, 0)
    p.finish(["summary"])
    assert stream.getvalue() == ""


def test_summary_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _inputs(tmp_path / "in", 2)
    (src / "bad.txt").write_bytes(b"")
    opts = _opts(src, tmp_path / "o.jsonl")
    opts.quiet = False
    run_batch(opts)
    err = capsys.readouterr().err
    assert "3 documents in" in err and "2 done (0 with warnings), 1 failed" in err
    assert "/s" in err and "peak memory" in err


def test_progress_bar_when_the_total_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "TTY_INTERVAL", 0.0)
    stream = _Tty()
    p = progress.Progress(stream=stream, total=8)
    p.update(3, 1, 0)
    assert "[" + "#" * 12 + "." * 12 + "] 4/8 (1 failed)" in stream.getvalue()
    assert "s left" in stream.getvalue()


def test_resume_takes_up_the_partial_file_of_a_killed_run(tmp_path: Path) -> None:
    src = _inputs(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    run_batch(_opts(src, out))
    lines = out.read_text().splitlines(keepends=True)
    out.unlink()  # as if killed with -9 after two records and half a third
    Path(f"{out}.partial").write_text("".join(lines[:2]) + lines[2][:40])
    again = run_batch(_opts(src, out, resume=True))
    assert (again.skipped, again.done) == (2, 2)
    assert sorted(json.loads(x)["input"] for x in out.read_text().splitlines()) == sorted(
        json.loads(x)["input"] for x in lines)


def test_a_full_disk_is_an_output_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    sink = AtomicText(str(tmp_path / "o.jsonl"))
    sink._fh = open("/dev/full", "w", encoding="utf-8")  # noqa: SIM115 - every write fails
    with pytest.raises(errors.OutputError, match="cannot write"):
        sink.write("x" * 10_000 + "\n")


def test_csv_on_stdout_sends_error_records_to_stderr(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    src = _inputs(tmp_path / "in", 1)
    (src / "bad.txt").write_bytes(b"")
    summary = run_batch(_opts(src, Path("-"), fmt="csv"))
    captured = capsys.readouterr()
    assert captured.out.startswith("\ufefftep,")
    [line] = [x for x in captured.err.splitlines() if x.startswith("kehoach: failed: ")]
    assert json.loads(line.removeprefix("kehoach: failed: "))["error_type"] == "InputError"
    assert summary.failed == 1
