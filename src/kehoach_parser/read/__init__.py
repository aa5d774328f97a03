"""Read stage: bytes -> decoded, cleaned lines with their origin; lines -> paragraphs.

- ``decode(data) -> (text, encoding)``: the text, NFC, with the input's lines one-to-one;
  ``encoding_warning(encoding, name)`` is the warning a guessed (legacy) encoding deserves.
- ``read_bytes(data, name) -> Decoded``: the working lines, each with the input line and
  column its text starts at (``Line``), after cleaning and layout repair.
- ``join_paragraphs(lines) -> list[Block]``: hard-wrapped lines joined into paragraphs.
- ``read_file(path) -> bytes``: a file's bytes, never more than the limit allows.

Errors (``InputError``): empty, binary, over ``MAX_INPUT_BYTES``, or undecodable input.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from ..errors import InputError
from ..lines import Line
from ..models import CanhBao, Span
from .clean import clean_lines, split_lines
from .encodings import GUESSED, MAX_INPUT_BYTES, decode_text
from .layout import repair
from .paragraphs import join_paragraphs

__all__ = [
    "MAX_INPUT_BYTES",
    "Decoded",
    "decode",
    "encoding_warning",
    "join_paragraphs",
    "read_bytes",
    "read_file",
]


@dataclass
class Decoded:
    sha256: str
    encoding: str
    n_lines: int
    lines: list[Line]
    warnings: list[CanhBao] = field(default_factory=list)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes, reading at most one byte past the limit so a huge file costs nothing."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"{path} is over the {MAX_INPUT_BYTES // 2**20} MiB limit ({len(data)} bytes or more)"
        )
    return data


def decode(data: bytes) -> tuple[str, str]:
    """The decoded text (NFC, line breaks as in the input) and the encoding's name."""
    return decode_text(data)


def encoding_warning(encoding: str, name: str | None = None) -> CanhBao | None:
    """The ``legacy_encoding`` warning when ``encoding`` was a guess (not Unicode), else None."""
    if encoding not in GUESSED:
        return None
    return CanhBao(
        ma="legacy_encoding",
        thong_diep=f"{name or 'input'}: not Unicode; read as {encoding}, the 8-bit "
        "Vietnamese encoding whose words look most like Vietnamese syllables",
    )


def read_bytes(data: bytes, name: str | None = None) -> Decoded:
    """Decode, clean and repair ``data``; ``name`` only labels messages."""
    text, encoding = decode_text(data)
    raw = clean_lines(split_lines(text))
    warnings = [w for w in (encoding_warning(encoding, name),) if w]
    repaired = [r.line for r in raw if r.repaired]
    if repaired:
        warnings.append(
            CanhBao(
                ma="dropped_characters",
                thong_diep=f"{name or 'input'}: dropped control, zero-width or replacement "
                f"characters or Markdown '**' on {len(repaired)} line(s)",
                span=Span(line=repaired[0], end_line=repaired[0]),
            )
        )
    lines = repair(raw)
    return Decoded(hashlib.sha256(data).hexdigest(), encoding, len(raw), lines, warnings)
