"""Batch throughput: plans per second and peak memory per worker, end to end with restoration.

Generates ``--n`` plans (default 1,000) from ``samples/*.txt`` (or, when the repo has none
yet, from the shared seeds beside it: they are only read, never copied into the repo) into a
temporary folder, each made distinct by one added line, then runs ``run_batch`` over them at
each ``--jobs`` value (default 1 and 2) and prints one row per run.

    PYTHONPATH=src python bench/batch_bench.py [--n 1000] [--jobs 1 2] [--no-restore]

Targets (issue 5): >= 20 plans/s per core with restoration on plans of ~20 KB, near-linear
scaling from 1 to 2 jobs, peak memory per worker <= 400 MB.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path

from kehoach_parser.batch import BatchOptions, BatchSummary, run_batch

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "samples", REPO.parent / "shared" / "seeds"]
TARGET_PER_CORE = 20.0
TARGET_RSS_MB = 400.0


def sample_texts() -> tuple[Path, list[bytes]]:
    for folder in SOURCES:
        texts = [p.read_bytes() for p in sorted(folder.glob("*.txt"))]
        if texts:
            return folder, texts
    sys.exit("no plans to generate from: samples/*.txt and the shared seeds are missing")


def generate(folder: Path, texts: list[bytes], n: int) -> int:
    """Write ``n`` plans cycling through ``texts``; return their total size in bytes."""
    total = 0
    for i in range(n):
        data = texts[i % len(texts)] + f"\n- Lưu: VT, bản {i}.\n".encode()
        (folder / f"plan_{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def run(folder: Path, jobs: int, restore: bool) -> BatchSummary:
    out = folder.parent / f"out_{jobs}.jsonl"
    return run_batch(BatchOptions(inputs=[str(folder)], output=str(out), jobs=jobs,
                                  quiet=True, restore=restore))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="plans to generate (default 1000)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts")
    ap.add_argument("--no-restore", action="store_true", help="skip diacritic restoration")
    args = ap.parse_args()

    source, texts = sample_texts()
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        plans = Path(tmp) / "plans"
        plans.mkdir()
        size = generate(plans, texts, args.n)
        print(f"{args.n} plans from {len(texts)} texts in {source}, mean "
              f"{size / args.n / 1024:.1f} KB; restoration {'off' if args.no_restore else 'on'}; "
              f"{os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"{'jobs':>4} {'done':>5} {'failed':>6} {'seconds':>8} {'plans/s':>8} "
              f"{'per core':>8} {'speedup':>7} {'peak MB/worker':>14}")
        base = None
        for jobs in args.jobs:
            s = run(plans, jobs, not args.no_restore)
            base = base or s.per_second / jobs
            print(f"{jobs:>4} {s.done:>5} {s.failed:>6} {s.seconds:>8.1f} {s.per_second:>8.2f} "
                  f"{s.per_second / jobs:>8.2f} {s.per_second / base:>6.2f}x "
                  f"{s.peak_worker_rss_mb:>14.0f}", flush=True)
    print(f"targets: >= {TARGET_PER_CORE:.0f} plans/s per core, scaling ~= jobs, "
          f"<= {TARGET_RSS_MB:.0f} MB per worker")


if __name__ == "__main__":
    main()
