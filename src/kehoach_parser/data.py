"""Where the data folders are: inside the installed package, or at the top of a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PKG = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``diacritics`` or ``grammars``.

    A wheel carries them in ``kehoach_parser/_data``; an editable install or a plain
    checkout reads them from the repository root, so edits show without reinstalling.
    """
    for candidate in (_PKG / "_data" / name, _PKG.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} not found next to {_PKG}")


@cache
def load_yaml(folder: str, filename: str) -> dict[str, Any]:
    """A data file: every one is a mapping at the top; anything else is a broken file."""
    path = data_dir(folder) / filename
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top of the file")
    return data
