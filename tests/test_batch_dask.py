"""``--engine dask``: the same per-document function on a Dask cluster on loopback."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kehoach_parser.batch import BatchOptions, engines, run_batch
from kehoach_parser.batch.engines import EngineError

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    # Threads in this process (processes=False) start in a second and need no install in
    # the workers; the client still talks to the scheduler over TCP on loopback.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_accounts_for_every_input(tmp_path: Path, scheduler: str) -> None:
    text = "KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC ĐÍCH\nNội dung {}.\n"
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text(text.format(i), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("z.txt", text.format("z"))
    (tmp_path / "a.zip").write_bytes(buf.getvalue())
    out = tmp_path / "out.jsonl"
    summary = run_batch(BatchOptions(inputs=[str(tmp_path)], output=str(out), quiet=True,
                                     restore=False, engine="dask", scheduler=scheduler))
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(r["input"]).name, r["member"]) for r in recs) == sorted(
        [(f"p{i}.txt", None) for i in range(5)] + [("empty.txt", None), ("a.zip", "z.txt")])
    assert (summary.done, summary.failed) == (6, 1)
    assert next(r for r in recs if "error" in r)["error_type"] == "InputError"


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "DASK_CONNECT_TIMEOUT", "2s")
    (tmp_path / "p.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    with pytest.raises(EngineError, match="cannot reach"):
        run_batch(BatchOptions(inputs=[str(tmp_path)], output=str(tmp_path / "o.jsonl"),
                               quiet=True, engine="dask", scheduler="tcp://127.0.0.1:9"))
