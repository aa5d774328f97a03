"""Where records go: a JSONL file (or stdout), a CSV of task rows, or a folder of JSON files.

Files are written atomically: to ``OUT.partial`` beside the output, renamed over ``OUT`` when
the batch ends, so ``OUT`` is never half-written. Each record is written whole and flushed,
so ``OUT.partial`` can be followed while the batch runs (``tail -f``). On Ctrl-C the records
finished so far are kept: the file is cut back to its last complete record and renamed to
``OUT`` (``--resume`` then finishes the job). After any other failure ``OUT`` is left as it
was and the complete records stay in ``OUT.partial``; when there is no ``OUT``, ``--resume``
takes them up from there (a run killed outright).

With ``resume`` the sinks that can be read back (JSONL, folder) keep the parsed documents
of the previous run and report their sha256s in ``done`` (see ``resume``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Literal, TextIO

from ..errors import OutputError
from ..models import KeHoach
from ..output import write_atomic
from ..tables.export import write_tasks
from .resume import previous_folder, previous_jsonl

Record = dict[str, Any]
Ending = Literal["done", "interrupted", "failed"]
_RECORD_KEYS = ("input", "member")  # what a record adds to the plan's own JSON


def to_line(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def is_error(record: Record) -> bool:
    return "error" in record


class AtomicText:
    """A text file written whole records at a time: to ``path.partial``, renamed at the end.

    ``path`` "-" is stdout, written through and never renamed.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.partial = f"{path}.partial"
        self._good = 0  # offset just after the last complete record
        if path == "-":
            self._fh: TextIO = sys.stdout
            return
        try:
            self._fh = open(self.partial, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(f"cannot write {self.partial}: {exc.strerror}") from None

    def write(self, text: str) -> None:
        """Write ``text`` (whole records) and flush it, so readers never see half a record."""
        try:
            self._fh.write(text)
            self._fh.flush()
        except BrokenPipeError:
            raise  # the reader left: the CLI ends quietly
        except OSError as exc:  # a full disk, a lost network drive
            raise OutputError(f"cannot write {self.path}: {exc.strerror}") from None
        if self.path != "-":
            self._good = self._fh.tell()

    def close(self, ending: Ending) -> None:
        if self.path == "-":
            if ending != "failed":  # after a closed pipe, flushing would only fail again
                self._fh.flush()
            return
        try:
            if ending != "done":
                # Ctrl-C may land inside a write: drop any half record after the last whole one.
                self._fh.flush()
                self._fh.truncate(self._good)
            self._fh.close()
            if ending != "failed":
                os.replace(self.partial, self.path)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror}") from None


class JsonlSink:
    """One JSON record per line: parsed plans and error records alike."""

    takes_errors = True

    def __init__(self, path: str, resume: bool = False) -> None:
        self.done: Counter[str] = Counter()
        partial = f"{path}.partial"
        if resume and not os.path.exists(path) and os.path.exists(partial):
            os.replace(partial, path)  # a run killed outright (kill -9, power): take it up
        self._out = AtomicText(path)
        for line, sha in previous_jsonl(path) if resume else ():
            self._out.write(line)  # copied a line at a time: memory stays flat
            self.done[sha] += 1

    def write(self, record: Record) -> None:
        self._out.write(to_line(record))

    def close(self, ending: Ending) -> None:
        self._out.close(ending)


class CsvSink:
    """Appendix task rows of every parsed plan (``tables.export``); errors go elsewhere."""

    takes_errors = False

    def __init__(self, path: str) -> None:
        self.done: Counter[str] = Counter()
        self._out = AtomicText(path)
        buf = io.StringIO()
        write_tasks([], "csv", buf, header=True)  # the header even when no plan has rows
        self._out.write(buf.getvalue())

    def write(self, record: Record) -> None:
        if is_error(record):
            return
        plan = KeHoach.model_validate({k: v for k, v in record.items() if k not in _RECORD_KEYS})
        buf = io.StringIO()
        write_tasks([plan], "csv", buf, header=False)
        self._out.write(buf.getvalue())

    def close(self, ending: Ending) -> None:
        self._out.close(ending)


_UNSAFE_CHARS = re.compile(r"[^\w.-]+")


class DirSink:
    """A folder of pretty JSON files, one per document: ``NAME-ID.json``, ``NAME-ID.error.json``.

    ``NAME`` is the document's file name made safe for any file system, ``ID`` a hash of its
    input path and member, so documents with the same name in different places never meet
    and a run again over the same inputs replaces its own files (other files are left); a
    name repeated inside one archive gets ``-2``, ``-3`` ... Each file is written atomically.
    """

    takes_errors = True

    def __init__(self, folder: str, resume: bool = False) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create folder {folder}: {exc.strerror}") from None
        self.done: Counter[str] = previous_folder(self.folder) if resume else Counter()
        self._used: set[str] = set()  # names given in this run

    def _name(self, record: Record) -> str:
        input_, member = record.get("input") or "", record.get("member")
        base = (member or input_).replace("\\", "/").rsplit("/", 1)[-1]
        stem = _UNSAFE_CHARS.sub("_", base.rsplit(".", 1)[0]).strip("._")[:80] or "doc"
        ident = hashlib.sha1(f"{input_}\0{member}".encode(), usedforsecurity=False)
        name = candidate = f"{stem}-{ident.hexdigest()[:10]}"
        n = 1
        while candidate in self._used:
            n += 1
            candidate = f"{name}-{n}"
        self._used.add(candidate)
        return candidate

    def write(self, record: Record) -> None:
        name = self._name(record)
        done, stale = (".error.json", ".json") if is_error(record) else (".json", ".error.json")
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        write_atomic(self.folder / (name + done), text)
        (self.folder / (name + stale)).unlink(missing_ok=True)  # a previous run's other verdict

    def close(self, ending: Ending) -> None:
        """Every file is already complete: nothing to finish."""


Sink = JsonlSink | CsvSink | DirSink


def open_sink(fmt: str, path: str, resume: bool) -> Sink:
    if fmt == "jsonl":
        return JsonlSink(path, resume)
    if fmt == "csv":
        return CsvSink(path)
    return DirSink(path, resume)
