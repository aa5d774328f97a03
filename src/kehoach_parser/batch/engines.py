"""Run ``worker.process`` over tasks: a local process pool, or an existing Dask cluster.

Both engines are generators of ``(task, outcome)`` in completion order, and both keep a
bounded number of tasks in flight (``IN_FLIGHT_PER_WORKER`` per worker), so memory stays
bounded however many documents the sources yield: the next task is read only when one
finishes. Closing the generator (Ctrl-C, a closed pipe) cancels what was not started and
waits for the documents being parsed, never longer than one document per worker.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from ..errors import EXIT_USAGE, KehoachError
from .worker import Outcome, Task, describe, error_record, init_worker, process

IN_FLIGHT_PER_WORKER = 2  # one running, one queued: workers never wait for the parent
DASK_CONNECT_TIMEOUT = "20s"  # a scheduler that does not answer by then is not there
CRASH_MESSAGE = ("the worker process died while parsing this document "
                 "(out of memory, or a crash in native code)")

Results = Iterator[tuple[Task, Outcome]]


class EngineError(KehoachError):
    """The engine cannot start (Dask missing or its scheduler unreachable)."""

    exit_code = EXIT_USAGE


def available_cores() -> int:
    """The cores this process may use (a container's or ``taskset``'s share, not the host's).

    ``os.sched_getaffinity`` exists only on some platforms (not macOS or Windows); elsewhere
    the host's count is the best there is.
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def failed(task: Task, message: str, error_type: str) -> Outcome:
    """An outcome made outside the worker, for a task whose worker could not report."""
    rec = error_record(task.input, task.member, message, error_type, task.sha256)
    return Outcome(rec, False, 0, 0, 0)


def local(tasks: Iterator[Task], jobs: int, restore: bool = True) -> Results:
    """A pool of ``jobs`` processes, each loading the model once (``worker.init_worker``).

    A document that kills its worker (out of memory, a native crash) breaks the whole pool,
    and which document did it is unknown. The documents that were in flight are re-run one
    at a time in a fresh pool: an innocent one then succeeds, and the one that kills its
    worker while alone is the culprit and becomes an error record. No input is lost.
    """
    suspects: deque[Task] = deque()
    pending: dict[Future[Outcome], Task] = {}
    limit = IN_FLIGHT_PER_WORKER * jobs
    pool = ProcessPoolExecutor(jobs, initializer=init_worker, initargs=(restore,))
    try:
        while True:
            while len(pending) < limit:
                alone = bool(suspects)  # a suspect runs alone
                if alone and pending:
                    break
                task = suspects.popleft() if alone else next(tasks, None)
                if task is None:
                    break
                try:
                    pending[pool.submit(process, task)] = task
                except BrokenProcessPool:
                    # A document killed its worker while the results before it were being
                    # handed on: this task never ran. The wait below settles those the break
                    # caught; this one goes with them (with none, the pool is replaced now).
                    suspects.appendleft(task)
                    if not pending:
                        pool.shutdown(wait=True)
                        pool = ProcessPoolExecutor(jobs, initializer=init_worker,
                                                   initargs=(restore,))
                    break
                if alone:
                    break
            if not pending and not suspects:
                return
            if not pending:
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                done = set(pending)  # the break fails every pending future: settle them all
                wait(done)
            crashed: list[Task] = []
            for fut in done:
                task = pending.pop(fut)
                exc = fut.exception()
                if exc is None:
                    yield task, fut.result()
                elif isinstance(exc, BrokenProcessPool):
                    crashed.append(task)
                else:  # the outcome could not come back (pickling): still a record
                    yield task, failed(task, describe(exc), type(exc).__name__)
            if crashed:
                pool.shutdown(wait=True)
                pool = ProcessPoolExecutor(jobs, initializer=init_worker, initargs=(restore,))
                if len(crashed) == 1:
                    yield crashed[0], failed(crashed[0], CRASH_MESSAGE, "WorkerCrash")
                else:
                    suspects.extend(crashed)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def dask(tasks: Iterator[Task], scheduler: str) -> Results:
    """The same ``worker.process`` on an existing Dask distributed cluster.

    Each Dask worker process imports kehoach_parser (install it there, with the same
    version) and loads the model once, on its first document. A task whose worker dies is
    retried by the scheduler on another worker; past its retry limit it fails with
    ``KilledWorker``, which becomes that document's error record.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise EngineError('--engine dask needs Dask: pip install "kehoach-parser[dask]"') from None
    try:
        client = Client(scheduler, set_as_default=False, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        threads = sum(client.nthreads().values())
        pending: dict[object, Task] = {}

        def submit(task: Task) -> object:
            fut = client.submit(process, task, pure=False)
            pending[fut] = task
            return fut

        first = [submit(t) for t in islice(tasks, IN_FLIGHT_PER_WORKER * max(threads, 1))]
        if not first:
            return
        running = as_completed(first, loop=client.loop)  # not the default client: none is set
        for fut in running:
            task = pending.pop(fut)
            try:
                outcome = fut.result()
            except Exception as exc:  # KilledWorker, a lost connection: one record each
                outcome = failed(task, describe(exc), type(exc).__name__)
            fut.release()
            yield task, outcome
            nxt = next(tasks, None)
            if nxt is not None:
                running.add(submit(nxt))
