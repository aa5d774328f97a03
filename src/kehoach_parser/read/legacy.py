"""The legacy Vietnamese font encodings TCVN3 (ABC) and VNI-Windows.

Both predate Unicode and are still common in archived documents. Their tables are data
(``diacritics/encodings/*.tsv``: input bytes -> Unicode character); bytes a table does not
list are read as cp1252, the code page both font families were built on.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from ..data import data_dir

LEGACY = ("tcvn3", "vni")

# cp1252 leaves five bytes undefined; a legacy file cannot contain them as text.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")

# A token with two capitals, no ASCII lowercase letter and a lowercase toned letter: TCVN3
# text set in the all-capitals ".VnTimeH" fonts, which reuse the lowercase codes
# ("HO¹CH" reads "HOạCH", meant "HOẠCH"). A one-capital word ("Kế") stays as it is.
_CAPS_TOKEN = regex.compile(r"\b(?=(?:\w*?\p{Lu}){2})(?!\w*[a-z])\w*[^\W\p{Lu}\d_]\w*\b")


@cache
def load_table(name: str) -> dict[bytes, str]:
    """The table ``name`` (``tcvn3`` or ``vni``): byte sequence -> Unicode character."""
    table: dict[bytes, str] = {}
    path = data_dir("diacritics") / "encodings" / f"{name}.tsv"
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        hexes, char = raw.split("\t")
        table[bytes.fromhex(hexes)] = char
    return table


def _base_char(byte: int) -> str:
    """How a byte absent from the table reads: cp1252 (latin-1 for control bytes)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


@cache
def _single_byte_map(name: str) -> str:
    """A 256-character decoding string for ``codecs.charmap_decode``-style translation."""
    table = load_table(name)
    chars = [_base_char(b) for b in range(256)]
    for seq, char in table.items():
        if len(seq) == 1:
            chars[seq[0]] = char
    return "".join(chars)


@cache
def _letter_pattern(name: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every table entry (two-byte letters first) on the latin-1 view.

    A plain alternation of one- and two-character literals cannot backtrack, so the
    standard ``re`` serves here, about twice as fast as ``regex`` on this job.
    """
    letters = {seq.decode("latin-1"): char for seq, char in load_table(name).items()}
    alternatives = sorted(letters, key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in alternatives)), letters


@cache
def _c1_controls() -> dict[int, str]:
    """The bytes 0x80-0x9F, which cp1252 reads as punctuation (quotes, dashes, €)."""
    return {b: _base_char(b) for b in range(0x80, 0xA0)}


def decode_legacy(data: bytes, name: str) -> str:
    """Decode ``data`` from TCVN3 or VNI; raise ``UnicodeDecodeError`` on impossible bytes."""
    bad = [i for i in (data.find(b) for b in _CP1252_UNDEFINED) if i >= 0]
    if bad:
        i = min(bad)
        raise UnicodeDecodeError(name, data, i, i + 1, "byte undefined in this encoding")
    if name == "tcvn3":
        text = data.decode("latin-1").translate(_latin1_to(name))
        return _CAPS_TOKEN.sub(lambda m: m.group().upper(), text)
    # VNI: the letters in one pass over the latin-1 view (each byte one character), then
    # the cp1252 punctuation. No letter decodes into 0x80-0x9F, so the order is safe.
    pattern, letters = _letter_pattern(name)
    lookup = letters.__getitem__
    text = pattern.sub(lambda m: lookup(m[0]), data.decode("latin-1"))
    return text.translate(_c1_controls())


@cache
def _latin1_to(name: str) -> dict[int, str]:
    """``str.translate`` table taking the latin-1 view of a byte to its decoded character."""
    return {i: c for i, c in enumerate(_single_byte_map(name)) if chr(i) != c}
