"""``run_batch`` end to end: every input accounted for once, atomic outputs, resume, signals."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tarfile
import time
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kehoach_parser
from kehoach_parser import batch, errors
from kehoach_parser.batch import BatchOptions, BatchUsageError, engines, run_batch, worker
from kehoach_parser.batch.worker import Outcome, Task, process
from kehoach_parser.cli import main
from kehoach_parser.pipeline import parse_bytes as real_parse_bytes

# Where this kehoach_parser was imported from (src/, or site-packages in CI's venv), so
# child processes run the same code.
SRC = Path(kehoach_parser.__file__).resolve().parents[1]


def plan(n: int) -> bytes:
    """A short plan of our own; ``n`` makes each one's bytes (and sha256) distinct."""
    return (f"ỦY BAN NHÂN DÂN\nHUYỆN AN BÌNH\nSố: {n}/KH-UBND\n"
            f"An Bình, ngày 5 tháng 1 năm 2024\nKẾ HOẠCH\nCải cách hành chính năm 2024\n"
            f"I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao chất lượng phục vụ người dân.\n"
            f"II. NHIỆM VỤ\n1. Cải cách thể chế\nRà soát văn bản quy phạm pháp luật {n}.\n"
            ).encode()


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are made on purpose
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _opts(inputs: list[Path], out: Path | str, **kw: Any) -> BatchOptions:
    kw.setdefault("jobs", 2)
    kw.setdefault("quiet", True)
    kw.setdefault("restore", False)  # restoration is tested on its own; keep these fast
    return BatchOptions(inputs=[str(p) for p in inputs], output=str(out), **kw)


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, set[tuple[str, str | None]], set[tuple[str, str | None]]]:
    """A folder of good plans, bad files, a zip with a nested zip and crafted members.

    Returns the folder, the (input, member) pairs expected parsed, and those expected failed.
    """
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    good: set[tuple[str, str | None]] = set()
    bad: set[tuple[str, str | None]] = set()
    for i in range(4):
        p = root / ("sub" if i % 2 else "") / f"plan{i}.txt"
        p.write_bytes(plan(i))
        good.add((str(p), None))
    for name, data in [("empty.txt", b""), ("scan.txt", b"%PDF-1.7\n\x00\x01binary"),
                       ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF"), ("nul.txt", b"a\0b" * 50)]:
        (root / name).write_bytes(data)
        bad.add((str(root / name), None))
    inner = _zip([("deep.txt", plan(10)), ("deeper.zip", _zip([("x.txt", plan(11))]))])
    archive = root / "archive.zip"
    archive.write_bytes(_zip([("a.txt", plan(20)), ("dir/b.txt", plan(21)), ("dup.txt", plan(22)),
                              ("dup.txt", plan(23)), ("../escape.txt", plan(24)),
                              ("blank.txt", b""), ("inner.zip", inner)]))
    a = str(archive)
    good |= {(a, "a.txt"), (a, "dir/b.txt"), (a, "dup.txt"), (a, "inner.zip/deep.txt")}
    bad |= {(a, "../escape.txt"), (a, "blank.txt"), (a, "inner.zip/deeper.zip")}
    tgz = root / "more.tar.gz"
    with tarfile.open(tgz, "w:gz") as tf:
        info = tarfile.TarInfo("t.txt")
        info.size = len(plan(30))
        tf.addfile(info, io.BytesIO(plan(30)))
    good.add((str(tgz), "t.txt"))
    return root, good, bad


def _hashes(root: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
            if p.is_file()}


def test_mixed_archive_every_input_accounted_for_once(tmp_path: Path, mixed: Any) -> None:
    root, good, bad = mixed
    missing = tmp_path / "missing.txt"
    bad = bad | {(str(missing), None)}
    before = _hashes(root)
    out, errs = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    summary = run_batch(_opts([root, missing], out, errors_path=str(errs)))
    recs = _records(out)
    seen = Counter((r["input"], r["member"]) for r in recs)
    dup = (str(root / "archive.zip"), "dup.txt")  # two members of that name: both, once each
    assert seen == Counter(good | bad) + Counter([dup])
    failed = [r for r in recs if "error" in r]
    assert {(r["input"], r["member"]) for r in failed} == bad
    for r in failed:
        assert set(r) == {"input", "member", "error", "error_type", "sha256"} and r["error"]
    for r in recs:
        if "error" not in r:
            assert r["schema_version"] and r["nguon"]["sha256"]
    assert _records(errs) == failed
    assert (summary.done, summary.failed) == (len(recs) - len(bad), len(bad))
    assert summary.exit_code == errors.EXIT_PARTIAL
    assert _hashes(root) == before  # inputs never modified
    assert not list(tmp_path.glob("*.partial"))


def test_all_good_exits_zero_and_counts_warnings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(plan(1))
    (tmp_path / "news.txt").write_text("Tin thể thao: đội tuyển thắng 3-0 tối qua.\n" * 3)
    summary = run_batch(_opts([tmp_path], tmp_path / "out.jsonl", jobs=1))
    assert (summary.done, summary.failed, summary.exit_code) == (2, 0, errors.EXIT_OK)
    assert summary.with_warnings >= 1  # the article is not a plan


def test_csv_output_rows_and_error_file_beside_it(tmp_path: Path, mixed: Any) -> None:
    root, good, bad = mixed
    out = tmp_path / "tasks.csv"
    summary = run_batch(_opts([root], out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and next(csv.reader(io.StringIO(text[1:])))[0] == "tep"
    err = _records(tmp_path / "tasks.csv.errors.jsonl")
    assert {(r["input"], r["member"]) for r in err} == bad
    assert summary.failed == len(bad) and summary.done == len(good) + 1  # + the duplicate


def test_folder_output_one_file_each_and_rerun_replaces(tmp_path: Path, mixed: Any) -> None:
    root, good, bad = mixed
    out = tmp_path / "json"
    run_batch(_opts([root], out))
    files = sorted(p.name for p in out.iterdir())
    assert len([f for f in files if f.endswith(".error.json")]) == len(bad)
    assert len(files) == len(good) + 1 + len(bad)
    assert any(f.startswith("dup-") and f.endswith("-2.json") for f in files)
    run_batch(_opts([root], out))
    assert sorted(p.name for p in out.iterdir()) == files


def test_stdout_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_bytes(plan(1))
    run_batch(_opts([tmp_path], "-"))
    [rec] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rec["input"] == str(tmp_path / "a.txt") and rec["member"] is None


def test_resume_skips_parsed_and_retries_failed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"p{i}.txt").write_bytes(plan(i))
    (src / "bad.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    first = run_batch(_opts([src], out))
    assert (first.done, first.failed) == (3, 1)
    (src / "bad.txt").write_bytes(plan(9))  # fixed since
    (src / "new.txt").write_bytes(plan(10))
    again = run_batch(_opts([src], out, resume=True))
    assert (again.skipped, again.done, again.failed) == (3, 2, 0)
    names = Counter(Path(r["input"]).name for r in _records(out))
    assert names == Counter(["p0.txt", "p1.txt", "p2.txt", "bad.txt", "new.txt"])


def test_interrupt_keeps_complete_records_and_reraises(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(8):
        (tmp_path / f"p{i}.txt").write_bytes(plan(i))
    real, seen = batch._Run.outcome, []

    def interrupted(self: Any, outcome: Outcome) -> None:
        real(self, outcome)
        seen.append(1)
        if len(seen) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(batch._Run, "outcome", interrupted)
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_batch(_opts([tmp_path], out))
    assert len(_records(out)) == 3 and not Path(f"{out}.partial").exists()


def _crash_on_marker(task: Task) -> Outcome:
    if b"CRASH" in task.data:
        os._exit(3)  # what the OOM killer or a native crash looks like to the pool
    return process(task)


def test_a_document_killing_its_worker_costs_only_itself(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(6):
        (tmp_path / f"p{i}.txt").write_bytes(plan(i))
    (tmp_path / "killer.txt").write_bytes(plan(99) + b"CRASH\n")
    monkeypatch.setattr(engines, "process", _crash_on_marker)
    out = tmp_path / "out.jsonl"
    summary = run_batch(_opts([tmp_path], out))
    recs = {Path(r["input"]).name: r for r in _records(out)}
    assert len(recs) == 7 and (summary.done, summary.failed) == (6, 1)
    assert recs["killer.txt"]["error_type"] == "WorkerCrash"


def test_workers_are_reused_not_started_per_document(tmp_path: Path) -> None:
    for i in range(12):
        (tmp_path / f"p{i}.txt").write_bytes(plan(i))
    summary = run_batch(_opts([tmp_path], tmp_path / "out.jsonl", jobs=2))
    assert 1 <= summary.workers <= 2 and summary.peak_worker_rss_mb > 0


def test_default_jobs_without_sched_getaffinity(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS and Windows have no ``os.sched_getaffinity``: the host's count stands in."""
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert engines.available_cores() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # "undeterminable"
    assert engines.available_cores() == 1
    (tmp_path / "a.txt").write_bytes(plan(1))
    summary = run_batch(_opts([tmp_path], tmp_path / "out.jsonl", jobs=None))
    assert (summary.done, summary.failed) == (1, 0)


def test_cli_starts_without_sched_getaffinity(tmp_path: Path) -> None:
    """The CLI's defaults are built at import: none may need a Linux-only call."""
    (tmp_path / "a.txt").write_bytes(plan(1))
    out = tmp_path / "out.jsonl"
    code = ("import os, sys; del os.sched_getaffinity; from kehoach_parser.cli import main; "
            "main(sys.argv[1:])")
    res = subprocess.run([sys.executable, "-c", code, "batch", str(tmp_path / "a.txt"), "-o",
                          str(out), "--quiet", "--no-restore"],
                         env={**os.environ, "PYTHONPATH": str(SRC)}, capture_output=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr.decode()[-2000:]
    assert len(_records(out)) == 1


@pytest.mark.parametrize(("kw", "message"), [
    ({"output": "t.csv", "resume": True}, "--resume"),
    ({"output": "-", "fmt": "dir"}, "folder"),
    ({"output": "o.jsonl", "engine": "dask"}, "--scheduler"),
    ({"output": "o.xlsx"}, "--format"),
])
def test_usage_errors(tmp_path: Path, kw: dict[str, Any], message: str) -> None:
    kw["output"] = kw["output"] if kw["output"] == "-" else str(tmp_path / kw["output"])
    with pytest.raises(BatchUsageError, match=message):
        run_batch(BatchOptions(inputs=[str(tmp_path)], **kw))


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "plans.jsonl"
    p.write_bytes(plan(1))
    with pytest.raises(BatchUsageError, match="never"):
        run_batch(_opts([p], p))
    assert p.read_bytes() == plan(1)


def test_nothing_found_is_a_warning_not_an_error(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plan.doc").write_bytes(plan(1))  # not *.txt
    summary = run_batch(_opts([tmp_path / "in"], tmp_path / "out.jsonl"))
    assert (summary.done, summary.failed, summary.exit_code) == (0, 0, errors.EXIT_OK)
    assert capsys.readouterr().err == ("kehoach: warning: no input found (no file matched "
                                       "--glob '*.txt')\n")


def test_cli_exit_codes_and_summary(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(plan(1))
    (tmp_path / "b.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(main, ["batch", str(tmp_path), "-o", str(out), "--jobs", "1",
                                    "--no-restore"])
    assert res.exit_code == errors.EXIT_PARTIAL
    assert "2 documents" in res.output and "1 failed" in res.output
    res = CliRunner().invoke(main, ["batch", str(tmp_path / "a.txt"), "-o", str(out), "--quiet",
                                    "--no-restore", "--jobs", "1"])
    assert res.exit_code == 0 and res.output == ""


def _cli(*args: str, **kw: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, "-m", "kehoach_parser.cli", "batch", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    for i in range(300):
        (tmp_path / f"p{i}.txt").write_bytes(plan(i))
    proc = _cli(str(tmp_path), "-o", "-", "--jobs", "1", "--no-restore", "--quiet")
    assert proc.stdout is not None and proc.stderr is not None
    json.loads(proc.stdout.readline())
    proc.stdout.close()  # what `| head -n 1` does
    assert proc.wait(timeout=60) == errors.EXIT_BROKEN_PIPE
    assert proc.stderr.read() == b""


def test_ctrl_c_exits_130_with_valid_jsonl(tmp_path: Path) -> None:
    # Far more work than the test waits for (minutes at full speed), in one zip that is
    # quick to write: the batch is certainly still running when Ctrl-C comes.
    n = 20_000
    src = tmp_path / "plans.zip"
    with zipfile.ZipFile(src, "w", zipfile.ZIP_STORED) as zf:
        for i in range(n):
            zf.writestr(f"p{i}.txt", plan(i))
    out = tmp_path / "out.jsonl"
    proc = _cli(str(src), "-o", str(out), "--jobs", "2", "--no-restore", "--quiet",
                start_new_session=True)
    partial = Path(f"{out}.partial")
    deadline = time.monotonic() + 60
    while not (partial.exists() and partial.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before Ctrl-C: give it more work"
    os.killpg(proc.pid, signal.SIGINT)  # the whole group, as a terminal's Ctrl-C does
    assert proc.wait(timeout=60) == errors.EXIT_INTERRUPTED
    recs = _records(out)  # every line complete JSON
    assert 0 < len(recs) < n and not partial.exists()
    assert b"Traceback" not in (proc.stderr.read() if proc.stderr else b"")


def _slow_parse(data: bytes, name: str | None, restore: bool = True) -> Any:
    if b"SLOW" in data:
        time.sleep(30)
    return real_parse_bytes(data, name, restore=restore)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the patched parser reaches the workers only when they are forked")
def test_a_document_over_its_time_limit_costs_only_itself(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_bytes(plan(i))
    (tmp_path / "slow.txt").write_bytes(plan(9) + b"SLOW\n")
    monkeypatch.setattr(worker, "parse_bytes", _slow_parse)
    monkeypatch.setattr(worker, "DOC_SECONDS", 1.0)
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary = run_batch(_opts([tmp_path], out))
    assert time.monotonic() - started < 20
    recs = {Path(r["input"]).name: r for r in _records(out)}
    assert recs["slow.txt"]["error_type"] == "DocumentTimeout"
    assert (summary.done, summary.failed) == (3, 1)


def test_a_pool_found_broken_when_submitting_loses_no_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool can break between two waits (a document killed its worker while the results
    before it were handed on): the next submit raises. That task never ran; it is run again,
    not lost, and the batch goes on."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    calls = {"n": 0}

    class BreaksOnce(ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] == 2:
                raise BrokenProcessPool("a worker died")
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(engines, "ProcessPoolExecutor", BreaksOnce)
    for i in range(4):
        (tmp_path / f"p{i}.txt").write_bytes(plan(i))
    out = tmp_path / "out.jsonl"
    summary = run_batch(_opts([tmp_path], out))
    assert (summary.done, summary.failed) == (4, 0) and len(_records(out)) == 4
