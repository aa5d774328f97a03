"""Bytes -> text: refuse what is not text, then find the encoding.

Order: size and emptiness (before any decoding), a UTF-16 byte order mark, binary
signatures, strict UTF-8 (with or without BOM), and last the 8-bit Vietnamese encodings
(Windows-1258, TCVN3, VNI), which decode almost any bytes: they are told apart by how many
of the words they produce are well-formed Vietnamese syllables.
"""

from __future__ import annotations

import unicodedata

import regex

from ..errors import InputError
from .legacy import LEGACY, decode_legacy
from .syllable import is_syllable

MAX_INPUT_BYTES = 50 * 1024 * 1024  # 50 MiB: far above any plan; guards memory and time

# Magic numbers of formats users mistake for text: PDF, JPEG, PNG, ZIP (docx, xlsx), GIF,
# OLE2 (doc, xls).
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an OLE2 document (doc/xls?)",
}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_MAX_CONTROL_SHARE = 0.05
_MIN_CONTROL_BYTES = 16  # a few stray control bytes do not make a short text binary
_SNIFF_BYTES = 65536  # binary checks and encoding scoring look at this much
_SCORE_CHARS = 200_000

# The encodings told apart by scoring (every other one is certain: a BOM or strict UTF-8).
GUESSED = ("windows-1258", *LEGACY)
_TOKEN = regex.compile(r"[^\W\d_]+")
_LINE_BREAK = regex.compile(rb"\r\n|\r|\n")


def check_input(data: bytes) -> None:
    """Raise ``InputError`` for input that is too large, empty or binary."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"input is {len(data)} bytes, over the {MAX_INPUT_BYTES // (1024 * 1024)} MiB limit"
        )
    if not data.strip():
        raise InputError("input is empty" if not data else "input holds only whitespace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16: NUL bytes are expected there
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"input is {what}, not text; extract its text first")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        raise InputError("input is binary (it contains NUL bytes)")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _MIN_CONTROL_BYTES and controls > _MAX_CONTROL_SHARE * len(head):
        raise InputError("input is binary (too many control bytes)")


def _syllable_score(text: str) -> int:
    """Words with a non-ASCII letter: +1 when a well-formed syllable, -1 otherwise.

    ASCII words read the same in every candidate, so only the others tell them apart.
    """
    score = 0
    for m in _TOKEN.finditer(text):
        word = m.group()
        if not word.isascii():
            score += 1 if is_syllable(word) else -1
    return score


def _decode_8bit(data: bytes, name: str) -> str:
    if name == "windows-1258":
        return data.decode("cp1258")
    return decode_legacy(data, name)


def _where(data: bytes, offset: int) -> str:
    """The byte at ``offset`` and its input line, counted as ``clean.split_lines`` does
    (CR, LF or CRLF), so a user can find one stray byte in an otherwise good file."""
    line = len(_LINE_BREAK.findall(data, 0, offset)) + 1
    return f"byte 0x{data[offset]:02x} at offset {offset}, line {line}"


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of ``data`` (NFC, BOM removed, line breaks untouched) and its encoding."""
    check_input(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            msg = f"input has a UTF-16 mark but is not UTF-16 (byte {exc.start})"
            raise InputError(msg) from None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return unicodedata.normalize("NFC", data[3:].decode("utf-8")), "utf-8-sig"
        except UnicodeDecodeError as exc:
            msg = f"input has a UTF-8 mark but is not UTF-8 (byte {exc.start + 3})"
            raise InputError(msg) from None
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        not_utf8 = exc.start
    best: tuple[int, str] | None = None
    sample = data[:_SCORE_CHARS]
    for name in GUESSED:
        try:
            text = unicodedata.normalize("NFC", _decode_8bit(sample, name))
        except UnicodeDecodeError:
            continue
        score = _syllable_score(text)
        if best is None or score > best[0]:
            best = (score, name)
    if best is None:
        raise InputError(f"cannot decode input: not UTF-8 ({_where(data, not_utf8)}), nor "
                         "UTF-16, Windows-1258, TCVN3 or VNI")
    name = best[1]
    try:
        return unicodedata.normalize("NFC", _decode_8bit(data, name)), name
    except UnicodeDecodeError as exc:  # an impossible byte after the scored sample
        raise InputError(f"cannot decode input as {name} at byte {exc.start}") from None
