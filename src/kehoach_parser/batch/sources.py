"""Inputs -> documents: files, folders and archives, read in memory and never written to disk.

Every document found becomes exactly one ``Doc``: its bytes, or the reason it cannot be
read (``error``), so a bad member is a record in the output instead of a lost input.

Archive safety (all in memory, nothing is extracted to disk, so a member's path can never
escape; the checks below are about refusing crafted archives loudly):

* a member named with ``..``, an absolute path or a drive letter is refused;
* symbolic links, hard links and device members are refused, never followed;
* a member over ``read.MAX_INPUT_BYTES`` is refused from its header, before decompressing;
* a zip member whose header claims more than ``MAX_RATIO`` times its compressed size (past
  ``RATIO_FLOOR``) is refused as a zip bomb; zipfile never inflates past the size a header
  declares, so the declared sizes bound the work;
* everything decompressed from one input file, nested archives included, counts against one
  budget: ``MAX_RATIO`` x the file's size + ``RATIO_FLOOR``, at most ``MAX_ARCHIVE_BYTES``;
  past it the rest of that input is refused with one error record. A tar member counts even
  when skipped or refused, since tar decompresses it to get past it; so does each entry
  against ``MAX_MEMBERS``;
* a zip whose central directory is over ``MAX_ZIP_DIRECTORY_BYTES`` is refused before
  zipfile loads it (millions of empty entries cost memory, not bytes);
* an archive inside an archive is opened down to ``MAX_DEPTH`` levels, held in memory up to
  ``MAX_NESTED_ARCHIVE_BYTES``; deeper ones are refused.
"""

from __future__ import annotations

import bz2
import fnmatch
import gzip
import hashlib
import io
import lzma
import os
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from .. import read
from ..errors import InputError

ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
MAX_DEPTH = 2  # archive in an archive: opened; a third level is refused
MAX_RATIO = 100  # plain text compresses ~5-10x; 100x and beyond is a bomb, not a plan
RATIO_FLOOR = 16 * 2**20  # small members may compress absurdly well (blank forms) and harm none
MAX_ARCHIVE_BYTES = 8 * 2**30  # uncompressed bytes from one input: ~400k plans of 20 KB
MAX_NESTED_ARCHIVE_BYTES = 256 * 2**20  # a nested archive is held in memory while read
MAX_MEMBERS = 1_000_000  # entries looked at in one input; stops endless crafted archives
MAX_ZIP_DIRECTORY_BYTES = 32 * 2**20  # ~250k entries; zipfile holds them all in memory
_SKIPPED_DIRS = ("__MACOSX/",)  # macOS resource forks: binary shadows of every file


class ArchiveError(Exception):
    """An archive, or one of its members, is refused (damaged, crafted or over a cap)."""


class BudgetExceeded(ArchiveError):
    """One input file yields too much: the rest of it is refused."""


@dataclass(frozen=True, slots=True)
class Doc:
    """One document: its bytes to parse, or why it has none."""

    input: str  # the path as given, or as found under a folder
    member: str | None  # the archive member; nested archives joined with "/"
    data: bytes | None = None
    sha256: str | None = None
    error: str | None = None
    error_type: str | None = None


def _failed(input_: str, member: str | None, exc: BaseException) -> Doc:
    kind = "ArchiveError" if isinstance(exc, ArchiveError) else type(exc).__name__
    return Doc(input_, member, error=str(exc), error_type=kind)


def _loaded(input_: str, member: str | None, data: bytes) -> Doc:
    return Doc(input_, member, data=data, sha256=hashlib.sha256(data).hexdigest())


def archive_kind(name: str) -> str | None:
    low = name.lower()
    if low.endswith(ZIP_SUFFIXES):
        return "zip"
    if low.endswith(TAR_SUFFIXES):
        return "tar"
    return None


def _too_large(size: int) -> InputError:
    limit = read.MAX_INPUT_BYTES
    return InputError(f"input is over the {limit // 2**20} MiB limit ({size} bytes or more)")


class _Budget:
    """Uncompressed bytes one input file may still yield (see the module docstring)."""

    def __init__(self, compressed_size: int) -> None:
        self.limit = min(MAX_ARCHIVE_BYTES, MAX_RATIO * compressed_size + RATIO_FLOOR)
        self.left = self.limit
        self.members = MAX_MEMBERS

    def count(self) -> None:
        self.members -= 1
        if self.members < 0:
            raise BudgetExceeded(f"archive has over {MAX_MEMBERS} entries: refused the rest")

    def spend(self, n_bytes: int) -> None:
        self.left -= n_bytes
        if self.left < 0:
            raise BudgetExceeded(
                f"archive expands past {self.limit // 2**20} MiB ({MAX_RATIO}x its size, at "
                f"most {MAX_ARCHIVE_BYTES // 2**30} GiB): refused the rest (a zip bomb?)"
            )


def unsafe_name(name: str) -> bool:
    """True for member names that would escape an extraction folder."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return True
    return ".." in PurePosixPath(norm).parts


@dataclass
class _Entry:
    """An archive member as both archive formats describe it."""

    name: str
    kind: str  # "file", "link" (symbolic or hard), "other" (device, fifo)
    size: int  # uncompressed size, from the header
    compressed: int | None  # zip only
    encrypted: bool
    open: Callable[[], IO[bytes]]
    skip_inflates: bool  # tar: skipping a member still decompresses it


def _zip_directory_size(fh: IO[bytes]) -> int:
    """The central directory's size from the end record (0 when there is none): zipfile
    turns all of it into objects at once, ~10x its size, before the first member is read."""
    end = fh.seek(0, io.SEEK_END)
    fh.seek(max(0, end - 65_557))  # the end record (22 bytes) and a comment of up to 64 KiB
    tail = fh.read()
    fh.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return 0
    size = int.from_bytes(tail[at + 12 : at + 16], "little")
    z64 = tail.rfind(b"PK\x06\x06")  # zip64 end record, when the sizes overflow 32 bits
    if size == 0xFFFFFFFF and z64 >= 0 and len(tail) - z64 >= 56:
        size = int.from_bytes(tail[z64 + 40 : z64 + 48], "little")
    return size


def _zip_entries(fh: IO[bytes]) -> Iterator[_Entry]:
    if _zip_directory_size(fh) > MAX_ZIP_DIRECTORY_BYTES:
        raise BudgetExceeded(
            f"zip directory is over {MAX_ZIP_DIRECTORY_BYTES // 2**20} MiB "
            "(hundreds of thousands of entries): refused"
        )
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveError(f"not a readable zip archive: {exc}") from None
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            mode = info.external_attr >> 16
            kind = "file"
            if info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                kind = "link" if stat.S_ISLNK(mode) else "other"
            yield _Entry(
                info.filename,
                kind,
                info.file_size,
                info.compress_size,
                bool(info.flag_bits & 0x1),
                lambda info=info: zf.open(info),
                False,
            )


_DECOMPRESSORS: dict[bytes, Callable[[IO[bytes]], IO[bytes]]] = {
    b"\x1f\x8b": lambda f: gzip.GzipFile(fileobj=f, mode="rb"),
    b"BZh": lambda f: bz2.BZ2File(f, "rb"),
    b"\xfd7zXZ\x00": lambda f: lzma.LZMAFile(f, "rb"),  # noqa: SIM115 (tarfile reads it)
}


def _decompressed(fh: IO[bytes]) -> IO[bytes]:
    """The tar stream inside ``fh``. These readers, unlike tarfile's own stream mode, notice
    a compressed file cut short (an interrupted download) instead of ending quietly."""
    head = fh.read(6)
    fh.seek(-len(head), io.SEEK_CUR)
    for magic, opener in _DECOMPRESSORS.items():
        if head.startswith(magic):
            return opener(fh)
    return fh


def _tar_entries(fh: IO[bytes]) -> Iterator[_Entry]:
    # Stream mode ("r|") reads front to back once: no seeking, no member list kept.
    try:
        tf = tarfile.open(fileobj=_decompressed(fh), mode="r|")  # noqa: SIM115 (closed below)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ArchiveError(f"not a readable tar archive: {exc}") from None
    with tf:
        try:
            for m in tf:
                if m.isdir():
                    continue
                kind = "file" if m.isfile() else "link" if (m.issym() or m.islnk()) else "other"

                def open_(m: tarfile.TarInfo = m) -> IO[bytes]:
                    f = tf.extractfile(m)
                    if f is None:
                        raise ArchiveError("member has no data")
                    return f

                yield _Entry(m.name, kind, m.size, None, False, open_, True)
        except (tarfile.TarError, OSError, EOFError, zipfile.BadZipFile) as exc:
            raise ArchiveError(f"archive is damaged: {exc}") from None


def _member_bytes(entry: _Entry, nested: bool, depth: int, budget: _Budget) -> bytes:
    """The member's bytes after every check; raises ``ArchiveError``/``InputError`` to refuse."""
    if unsafe_name(entry.name):
        raise ArchiveError("member path leaves the archive (.. or absolute): refused")
    if entry.kind == "link":
        raise ArchiveError("member is a link: refused, links are never followed")
    if entry.kind == "other":
        raise ArchiveError("member is a device or pipe, not a file")
    if entry.encrypted:
        raise ArchiveError("member is encrypted")
    if nested and depth >= MAX_DEPTH:
        raise ArchiveError(f"archive nested deeper than {MAX_DEPTH} levels: refused")
    limit = MAX_NESTED_ARCHIVE_BYTES if nested else read.MAX_INPUT_BYTES
    if entry.size > limit:
        raise (
            _too_large(entry.size)
            if not nested
            else ArchiveError(f"nested archive is over {limit // 2**20} MiB: refused")
        )
    if (
        entry.compressed is not None
        and entry.size > RATIO_FLOOR
        and entry.size > MAX_RATIO * max(entry.compressed, 1)
    ):
        raise ArchiveError(
            f"member expands {entry.size // max(entry.compressed, 1)}x: refused as a zip bomb"
        )
    if not entry.skip_inflates:
        budget.spend(entry.size)  # zip: only what is read is inflated
    try:
        with entry.open() as f:
            data = f.read(limit + 1)
    except (
        zipfile.BadZipFile,
        tarfile.TarError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
    ) as exc:  # RuntimeError: zipfile's "password required"
        raise ArchiveError(f"member is damaged: {exc}") from None
    if len(data) > limit:  # a header that understated the size
        raise _too_large(len(data))
    return data


def _archive_docs(
    input_: str, prefix: str, fh: IO[bytes], kind: str, glob: str, depth: int, budget: _Budget
) -> Iterator[Doc]:
    entries = _zip_entries(fh) if kind == "zip" else _tar_entries(fh)
    try:
        for entry in entries:
            budget.count()
            if entry.skip_inflates:
                budget.spend(entry.size)  # read or skipped, it is decompressed
            member = prefix + entry.name
            nested = archive_kind(entry.name) is not None
            if entry.name.startswith(_SKIPPED_DIRS) or not (nested or matches(entry.name, glob)):
                continue
            try:
                data = _member_bytes(entry, nested, depth, budget)
            except BudgetExceeded:
                raise
            except (ArchiveError, InputError) as exc:
                yield _failed(input_, member, exc)
                continue
            if nested:
                yield from _archive_docs(
                    input_,
                    member + "/",
                    io.BytesIO(data),
                    archive_kind(entry.name) or "",
                    glob,
                    depth + 1,
                    budget,
                )
            else:
                yield _loaded(input_, member, data)
    except BudgetExceeded as exc:
        if depth > 1:
            raise  # reported once, for the whole input, by the outermost archive
        yield _failed(input_, None, exc)
    except ArchiveError as exc:
        # This archive itself is damaged: one record for the rest of it, then go on.
        yield _failed(input_, prefix.rstrip("/") or None, exc)


def matches(name: str, glob: str) -> bool:
    """Case-insensitive match of a file name (not its folders) against ``glob``."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return fnmatch.fnmatchcase(base.lower(), glob.lower())


def _file_docs(path: str, glob: str) -> Iterator[Doc]:
    kind = archive_kind(path)
    if kind is None:
        try:
            yield _loaded(path, None, read.read_file(path))
        except Exception as exc:
            yield _failed(path, None, exc)
        return
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        yield _failed(path, None, InputError(f"cannot read {path}: {exc.strerror}"))
        return
    with fh:
        budget = _Budget(os.fstat(fh.fileno()).st_size)
        yield from _archive_docs(path, "", fh, kind, glob, 1, budget)


def _folder_paths(folder: str, glob: str, exclude: set[Path]) -> Iterator[str | Doc]:
    """Files under ``folder`` matching ``glob``, and archives, sorted. Links to folders are
    not followed (no loops); a folder that cannot be listed is an error record."""
    unlisted: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unlisted.append):
        while unlisted:
            yield _unlisted(unlisted.pop())
        dirs.sort()
        dirs[:] = [d for d in dirs if Path(root, d).resolve() not in exclude]
        for name in sorted(files):
            path = os.path.join(root, name)
            if (matches(name, glob) or archive_kind(name)) and Path(path).resolve() not in exclude:
                yield path
    yield from map(_unlisted, unlisted)  # failures after the loop's last turn


def _unlisted(exc: OSError) -> Doc:
    folder = str(exc.filename)
    return _failed(folder, None, InputError(f"cannot list folder {folder}: {exc.strerror}"))


def _paths(inputs: Iterable[str], glob: str, exclude: Iterable[str]) -> Iterator[str | Doc]:
    """Input files in order, or the error record of an input that is not there."""
    skip = {Path(p).resolve() for p in exclude}
    for inp in inputs:
        if os.path.isdir(inp):
            yield from _folder_paths(inp, glob, skip)
        elif os.path.exists(inp):
            yield inp
        else:
            yield _failed(inp, None, InputError(f"no such file or folder: {inp}"))


def walk(inputs: Iterable[str], glob: str, exclude: Iterable[str] = ()) -> Iterator[Doc]:
    """Every document under ``inputs``, in order. ``exclude`` holds our own output paths."""
    for item in _paths(inputs, glob, exclude):
        if isinstance(item, Doc):
            yield item
        else:
            yield from _file_docs(item, glob)


def count(inputs: Iterable[str], glob: str, exclude: Iterable[str] = ()) -> int | None:
    """How many documents ``walk`` will yield, when that is cheap to know (for a progress
    bar): folders and zip directories are listed; a tar, which must be decompressed to be
    listed, or an archive inside a zip makes it unknown (None)."""
    n = 0
    for item in _paths(inputs, glob, exclude):
        kind = None if isinstance(item, Doc) else archive_kind(item)
        if kind == "tar":
            return None
        if kind is None:
            n += 1
            continue
        try:
            with zipfile.ZipFile(item) as zf:
                names = [i.filename for i in zf.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError):
            n += 1  # its error record
            continue
        if any(archive_kind(name) for name in names):
            return None
        n += sum(matches(name, glob) and not name.startswith(_SKIPPED_DIRS) for name in names)
    return n
