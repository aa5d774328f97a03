"""Read stage: bytes -> decoded, cleaned lines with their origin; lines -> paragraphs.

Placeholder contract (replaced by the full reader):
- ``read_bytes(data, name) -> Decoded``
- ``decode(data) -> tuple[str, str]``: the text (NFC, input lines kept) and the encoding name
- ``join_paragraphs(lines) -> list[Block]``
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from ..errors import InputError
from ..lines import Block, Line
from ..models import CanhBao


@dataclass
class Decoded:
    sha256: str
    encoding: str
    n_lines: int
    lines: list[Line]
    warnings: list[CanhBao] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode input as UTF-8 at byte {exc.start}") from None
    return unicodedata.normalize("NFC", text), "utf-8"


def read_bytes(data: bytes, name: str | None = None) -> Decoded:
    text, enc = decode(data)
    raw = text.splitlines()
    lines = [Line(t.strip(), i + 1, 1) for i, t in enumerate(raw) if t.strip()]
    return Decoded(hashlib.sha256(data).hexdigest(), enc, len(raw), lines)


def join_paragraphs(lines: list[Line]) -> list[Block]:
    return [Block(ln.text, i, i) for i, ln in enumerate(lines)]
