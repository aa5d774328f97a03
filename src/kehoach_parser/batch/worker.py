"""The per-document function, the same for the local pool and for Dask: a task in, a record out.

It never raises for a document: ``InputError`` and any other exception (a bug, a
``MemoryError``, a ``RecursionError``) become an error record, so one bad file costs only
itself. The restoration model is loaded by the restore stage's own per-process cache, so
each worker loads it once, on its first document or in ``init_worker``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import KehoachError
from ..pipeline import parse_bytes
from ..restore import restore as restore_text

try:
    import resource
except ImportError:  # Windows: no peak-memory figure
    resource = None  # type: ignore[assignment]

Record = dict[str, Any]
_MAX_MESSAGE = 1000  # error messages are one line in a record, not a dump
DOC_SECONDS = 60.0
DOC_BYTES_PER_SECOND = 10_000  # 40x slower than the 20 plans/s x 20 KB target


@dataclass(frozen=True, slots=True)
class Task:
    input: str
    member: str | None
    data: bytes
    sha256: str
    restore: bool = True


@dataclass(frozen=True, slots=True)
class Outcome:
    record: Record
    ok: bool
    warnings: int  # number of warnings (canh_bao) on a parsed plan
    pid: int  # the worker that did it: shows the pool reuses its processes
    peak_rss_kb: int  # that worker's peak resident memory so far, 0 when unknown


def error_record(input_: str, member: str | None, error: str, error_type: str,
                 sha256: str | None) -> Record:
    return {"input": input_, "member": member, "error": error, "error_type": error_type,
            "sha256": sha256}


def describe(exc: BaseException) -> str:
    """One line: the message, and for a bug where it happened, so it can be reported."""
    msg = " ".join(str(exc).split()) or type(exc).__name__
    if not isinstance(exc, KehoachError) and exc.__traceback__ is not None:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        msg += f" (at {Path(frame.filename).name}:{frame.lineno})"
    return msg[:_MAX_MESSAGE]


def peak_rss_kb() -> int:
    if resource is None:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


class DocumentTimeout(Exception):
    """A document took longer than its time limit (see ``time_limit``)."""


def time_limit(n_bytes: int) -> float:
    """Seconds one document may take: ``DOC_SECONDS`` plus one per ``DOC_BYTES_PER_SECOND``.

    Far above any plan (a 20 KB plan gets 62 s against ~0.05 s expected), it only stops a
    pathological input from holding a worker for hours.
    """
    return DOC_SECONDS + n_bytes / DOC_BYTES_PER_SECOND


def _on_alarm(signum: int, frame: object) -> None:
    raise DocumentTimeout("parsing took longer than its time limit: stopped")


def process(task: Task) -> Outcome:
    """Parse one document into its JSONL record, or its error record."""
    name = task.member or os.path.basename(task.input)
    # The time limit is armed only in the local pool's workers (``init_worker``), never in
    # a process that did not ask for it, such as a Dask worker or a caller's own program.
    armed = hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _on_alarm
    try:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, time_limit(len(task.data)))
        plan = parse_bytes(task.data, name, restore=task.restore)
        rec = {"input": task.input, "member": task.member, **plan.model_dump(mode="json")}
        return Outcome(rec, True, len(plan.canh_bao), os.getpid(), peak_rss_kb())
    except Exception as exc:  # every failure is a record: the batch goes on
        rec = error_record(task.input, task.member, describe(exc), type(exc).__name__,
                           task.sha256)
        return Outcome(rec, False, 0, os.getpid(), peak_rss_kb())
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)


def init_worker(restore: bool) -> None:
    """Pool initializer: leave Ctrl-C to the parent, time-limit documents, load the model."""
    # The terminal sends SIGINT to the whole process group; the parent alone decides what
    # to keep, and the workers finish their current document instead of printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _on_alarm)
    if restore:
        # A model that fails to load here fails each document instead, as an error record
        # naming the cause, rather than breaking the pool.
        with contextlib.suppress(Exception):
            restore_text("Ke hoach cai cach hanh chinh")
