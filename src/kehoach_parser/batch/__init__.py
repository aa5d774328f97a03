"""Batch stage placeholder (replaced by the archive converter). Contract: ``run_batch``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class BatchOptions:
    inputs: list[str]
    output: str  # a path, a folder, or "-" for stdout
    fmt: str | None = None  # "jsonl" | "csv" | "dir"; None: from the output's extension
    glob: str = "*.txt"
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    quiet: bool = False
    errors_path: str | None = None
    resume: bool = False
    restore: bool = True
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None


@dataclass
class BatchSummary:
    done: int = 0
    with_warnings: int = 0
    failed: int = 0
    seconds: float = 0.0
    exit_code: int = 0


def run_batch(opts: BatchOptions) -> BatchSummary:
    raise NotImplementedError("batch conversion is not built yet")
