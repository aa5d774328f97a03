"""kehoach_parser: Vietnamese administrative-reform plans (Kế hoạch CCHC) as structured data.

>>> from kehoach_parser import parse, restore
>>> plan = parse("plan.txt")            # a path, or the text itself
>>> restore("Ké hoach s6 03/KH-UBND")   # -> "Kế hoạch số 03/KH-UBND"
"""

from __future__ import annotations

import importlib
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .restore import restore, restore_and_explain

if TYPE_CHECKING:
    from .models import SCHEMA_VERSION, KeHoach
    from .pipeline import parse_bytes

# The parser's stages (pydantic models, grammars, tables) load on first use, so a program
# that only restores text (``import kehoach_parser.restore``) does not pay for them.
_LAZY = {"SCHEMA_VERSION": ".models", "KeHoach": ".models", "parse_bytes": ".pipeline"}

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
    from .pipeline import parse_bytes
    from .read import read_file

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
