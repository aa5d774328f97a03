"""Batch conversion: many inputs -> one record each, in JSONL, CSV or a folder.

``run_batch`` wires the modules, one job each: ``sources`` (files, folders, archives, read
safely in memory) -> ``resume`` (skip what is already done) -> ``engines`` (a local process
pool or Dask running ``worker.process``) -> ``sinks`` (atomic outputs), with ``progress`` on
stderr. Every input found ends as exactly one record: a parsed plan or an error record.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..errors import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, KehoachError
from . import engines, sources
from .progress import Progress, documents, rate
from .resume import Skipper
from .sinks import Ending, JsonlSink, Sink, open_sink, to_line
from .worker import Outcome, Record, Task, error_record


@dataclass
class BatchOptions:
    inputs: list[str]
    output: str  # a path, a folder, or "-" for stdout
    fmt: str | None = None  # "jsonl" | "csv" | "dir"; None: from the output's extension
    glob: str = "*.txt"
    jobs: int | None = None  # worker processes; None: the cores this process may use
    quiet: bool = False
    errors_path: str | None = None
    resume: bool = False
    restore: bool = True
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None


@dataclass
class BatchSummary:
    done: int = 0  # parsed, with or without warnings
    with_warnings: int = 0  # of those, the ones with at least one canh_bao
    failed: int = 0  # error records
    seconds: float = 0.0
    exit_code: int = 0
    skipped: int = 0  # --resume: already in the output
    workers: int = 0  # distinct worker processes that parsed documents
    peak_worker_rss_mb: float = 0.0  # the largest worker's peak resident memory

    @property
    def per_second(self) -> float:
        return rate(self.done + self.failed, self.seconds)


class BatchUsageError(KehoachError):
    """Options that cannot work together (caught before anything is read or written)."""

    exit_code = EXIT_USAGE


def output_format(opts: BatchOptions) -> str:
    if opts.fmt:
        return opts.fmt
    if opts.output == "-":
        return "jsonl"
    suffix = Path(opts.output).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if not suffix or Path(opts.output).is_dir():
        return "dir"
    raise BatchUsageError(f"cannot tell the output format from {opts.output!r}: use --format "
                          "jsonl, csv or dir")


def _check(opts: BatchOptions, fmt: str) -> None:
    if fmt == "dir" and opts.output == "-":
        raise BatchUsageError("a folder output needs a path, not -")
    if opts.resume and (fmt == "csv" or opts.output == "-"):
        raise BatchUsageError("--resume needs a JSONL file or a folder as output")
    if opts.engine == "dask" and not opts.scheduler:
        raise BatchUsageError("--engine dask needs --scheduler ADDRESS")
    written = {Path(p).resolve() for p in (opts.output, opts.errors_path) if p and p != "-"}
    for inp in opts.inputs:
        if Path(inp).resolve() in written:
            raise BatchUsageError(f"{inp} is both an input and an output: inputs are never "
                                  "overwritten")


class _Run:
    """The state of one batch: counts, sinks, and where each record goes."""

    def __init__(self, opts: BatchOptions, fmt: str) -> None:
        self.summary = BatchSummary()
        self.progress = Progress(opts.quiet)
        self.sink: Sink = open_sink(fmt, opts.output, opts.resume)
        errors_path = opts.errors_path
        if errors_path is None and not self.sink.takes_errors and opts.output != "-":
            errors_path = f"{opts.output}.errors.jsonl"  # a CSV cannot hold error records
        self.errors_path = errors_path
        self.errors = JsonlSink(errors_path) if errors_path else None
        self.skipper = Skipper(self.sink.done)
        self.glob = opts.glob
        self._pids: set[int] = set()

    def tasks(self, docs: Iterator[sources.Doc], restore: bool) -> Iterator[Task]:
        """Documents to parse; unreadable ones and already-done ones are settled here."""
        for doc in docs:
            if self.skipper.skip(doc.sha256):
                self.summary.skipped += 1
            elif doc.data is None or doc.sha256 is None:
                self.record(error_record(doc.input, doc.member, doc.error or "unreadable",
                                         doc.error_type or "InputError", doc.sha256))
            else:
                yield Task(doc.input, doc.member, doc.data, doc.sha256, restore)

    def outcome(self, outcome: Outcome) -> None:
        if outcome.pid:
            self._pids.add(outcome.pid)
            self.summary.workers = len(self._pids)
            self.summary.peak_worker_rss_mb = max(self.summary.peak_worker_rss_mb,
                                                  outcome.peak_rss_kb / 1024)
        self.record(outcome.record, outcome.warnings)

    def record(self, rec: Record, warnings: int = 0) -> None:
        s = self.summary
        failed = "error" in rec
        if not failed or self.sink.takes_errors:
            self.sink.write(rec)
        if failed:
            s.failed += 1
            if self.errors is not None:
                self.errors.write(rec)
            elif not self.sink.takes_errors:  # CSV on stdout: stderr is the only place left
                sys.stderr.write("kehoach: failed: " + to_line(rec))
        else:
            s.done += 1
            s.with_warnings += int(warnings > 0)
        self.progress.update(s.done, s.failed, s.skipped)

    def close(self, ending: Ending) -> None:
        s = self.summary
        s.seconds = time.monotonic() - self.progress.start
        try:
            if self.errors is not None:
                self.errors.close(ending)
        finally:
            self.sink.close(ending)
        lines = [f"{documents(s.done + s.failed)} in {s.seconds:.1f} s "
                 f"({s.per_second:.1f}/s): {s.done} done ({s.with_warnings} with warnings), "
                 f"{s.failed} failed" + (f", {s.skipped} skipped (already done)"
                                         if s.skipped else "")]
        if s.workers:
            lines.append(f"{s.workers} worker{'s' if s.workers > 1 else ''}, peak memory "
                         f"{s.peak_worker_rss_mb:.0f} MB per worker")
        if s.failed and self.errors_path:
            lines.append(f"error records: {self.errors_path}")
        if ending == "interrupted":
            lines.append("interrupted: the finished documents are kept; run again with "
                         "--resume to go on")
        self.progress.finish(lines)
        if ending == "done" and not (s.done or s.failed or s.skipped):
            # Not an error (an empty folder is a valid input), but almost always a wrong path
            # or --glob: said even with --quiet, which silences progress, not warnings.
            self.progress.stream.write(f"kehoach: warning: no input found (no file matched "
                                       f"--glob {self.glob!r})\n")


def run_batch(opts: BatchOptions) -> BatchSummary:
    """Convert every document under ``opts.inputs``; see the module docstring."""
    fmt = output_format(opts)
    _check(opts, fmt)
    run = _Run(opts, fmt)
    exclude = [p for p in (opts.output, run.errors_path) if p and p != "-"]
    exclude += [f"{p}.partial" for p in exclude]
    if run.progress.tty and not opts.quiet:  # a bar is worth one cheap listing first
        run.progress.total = sources.count(opts.inputs, opts.glob, exclude)
    tasks = run.tasks(sources.walk(opts.inputs, opts.glob, exclude), opts.restore)
    ending: Ending = "failed"
    try:
        results = (engines.dask(tasks, opts.scheduler or "") if opts.engine == "dask"
                   else engines.local(tasks, opts.jobs or engines.available_cores(),
                                 opts.restore))
        with closing(results):
            for _task, outcome in results:
                run.outcome(outcome)
        ending = "done"
    except KeyboardInterrupt:
        ending = "interrupted"
        raise
    except BrokenPipeError:
        run.progress.quiet = True  # the reader left: end quietly
        raise
    finally:
        run.close(ending)
    run.summary.exit_code = EXIT_PARTIAL if run.summary.failed else EXIT_OK
    return run.summary
