"""kehoach_parser: Vietnamese administrative-reform plans (Kế hoạch CCHC) as structured data.

>>> from kehoach_parser import parse, restore
>>> plan = parse("plan.txt")            # a path, or the text itself
>>> restore("Ké hoach s6 03/KH-UBND")   # -> "Kế hoạch số 03/KH-UBND"
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from .models import SCHEMA_VERSION, KeHoach
from .pipeline import parse_bytes
from .read import read_file
from .restore import restore, restore_and_explain

__all__ = [
    "SCHEMA_VERSION",
    "KeHoach",
    "parse",
    "parse_bytes",
    "restore",
    "restore_and_explain",
]


def parse(source: str | PathLike[str] | bytes, *, restore: bool = True) -> KeHoach:
    """Parse a plan given as a path, as bytes, or as its text.

    A ``str`` is taken as a path when it has no line break and names an existing file;
    otherwise it is the plan's text. A path that cannot be read raises ``InputError``.
    """
    if isinstance(source, bytes):
        return parse_bytes(source, None, restore=restore)
    if isinstance(source, PathLike) or _names_a_file(source):
        path = Path(source)
        return parse_bytes(read_file(path), path.name, restore=restore)
    return parse_bytes(source.encode("utf-8"), None, restore=restore)


def _names_a_file(text: str) -> bool:
    if "\n" in text:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a name too long for the file system, or a NUL byte
        return False
