"""Decoded text -> input lines -> cleaned working lines that keep their origin.

A working line is ``Line(text, line, col)``: its text starts at column ``col`` of input
line ``line``. Cleaning strips leading and trailing whitespace (moving ``col``) and drops
control characters and U+FFFD; a line whose text lost characters inside is *repaired* and
its ``col`` then points at where the repaired text starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..lines import Line

# Only CR, LF and CRLF end a line: str.splitlines would also split on form feeds, U+2028
# and other separators, and line numbers would no longer match what editors show.
_BREAK = regex.compile(r"\r\n|\r|\n")
# Control characters except TAB (tables), the replacement character (a decoder gave up
# there; it carries no text), zero-width characters, and the "**" of Markdown bold that
# some text extractions leave ("**TM. ỦY BAN NHÂN DÂN").
JUNK = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd\ufeff\u200b-\u200d\u2060]|\*\*")
# Separators that are not line breaks here (vertical tab, form feed, NEL, U+2028/9): a
# space keeps the words apart and every column where it was.
SEPARATORS = "\x0b\x0c\x85\u2028\u2029"
_SEPARATORS = str.maketrans(dict.fromkeys(SEPARATORS, " "))
_HAS_SEPARATOR = regex.compile(f"[{SEPARATORS}]")


@dataclass(frozen=True, slots=True)
class RawLine:
    """One cleaned input line; blank lines are kept so blank-line patterns can be read."""

    text: str
    line: int
    col: int
    repaired: bool


def split_lines(text: str) -> list[str]:
    """The input lines, one per CR/LF/CRLF; a final line break does not start a new line."""
    lines = _BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def clean_lines(lines: list[str]) -> list[RawLine]:
    """Clean every input line (blank lines come out with empty text)."""
    out: list[RawLine] = []
    for number, raw in enumerate(lines, start=1):
        # Most lines hold neither: testing first is several times faster than rewriting.
        spaced = raw.translate(_SEPARATORS) if _HAS_SEPARATOR.search(raw) else raw
        text = JUNK.sub("", spaced) if JUNK.search(spaced) else spaced
        repaired = text != raw
        stripped = text.lstrip()
        lead = len(text) - len(stripped)
        stripped = stripped.rstrip()
        col = _input_col(spaced, lead) if repaired else lead + 1
        out.append(RawLine(stripped, number, col if stripped else 1, repaired))
    return out


def _input_col(raw: str, kept_before: int) -> int:
    """The 1-based input column of the character after ``kept_before`` kept characters."""
    kept = pos = 0
    for m in JUNK.finditer(raw):
        if kept + m.start() - pos > kept_before:
            break
        kept += m.start() - pos
        pos = m.end()
    return pos + kept_before - kept + 1


def to_line(raw: RawLine) -> Line:
    return Line(raw.text, raw.line, raw.col)
