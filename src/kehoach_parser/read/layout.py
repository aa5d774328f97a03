"""Layout repair: cleaned input lines -> working lines.

Repairs drop lines (page numbers, scanner noise) and split lines (a two-column header
merged onto one line) but never merge them: joining is ``join_paragraphs``' job. Each
repair is conservative: when unsure, the line stays as it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import regex

from ..data import load_yaml
from ..lines import Line
from .clean import RawLine
from .vocab import fold, vocab

SENTENCE_END = regex.compile(r"[.:;!?…][\"'”’)\]]*$")
STARTS_LOWER = regex.compile(r"^[\"'“‘(]?\p{Ll}")
# A line going on with a sentence: lowercase, or a number ("... hết ngày" + "31/12/2025.").
GOES_ON = regex.compile(r"^[\"'“‘(]?[\p{Ll}\d]")
_DIGITS = regex.compile(r"\d+")
_OCR_ONE = ("i", "l", "|")  # a lone 1 as OCR reads it
_SPACED_SPAN = 8  # lines each side looked at by _spaced_around
_PAGE_BREAK_SHARE = 0.7  # as in join_paragraphs: a line this full was wrapped by force
_TWO_ALNUM = regex.compile(r"[^\W_]{2}")
_SYMBOL = regex.compile(r"[^\w\s]|_")
# Kept although short and symbol-only: list labels ("a)", "1.", "II.", a sub-task's "1.1"
# alone on its line in a table printed one cell per paragraph) and end marks.
_KEEP_SHORT = regex.compile(
    r"(?:[a-zđ]|\d{1,2}|[IVX]{1,4})[.)]|\d{1,2}(?:\.\d{1,2})+\.?|\./\.|[-–—+•*]")
_GAP = regex.compile(r"[ \t]*\t[ \t]*| {3,}")
# A gap that is a blank left to fill in ("Số:      /KH-UBND", "ngày      tháng 01"),
# not a column gap.
_FILL_LEFT = regex.compile(r"(?i)(?:[:/]|(?<![a-z])(?:"
                           + "|".join(load_yaml("grammars", "read.yaml")["fill_in_before"])
                           + "))$")
_FILL_WINDOW = 8  # characters either side of a gap that tell a blank to fill in
_FILL_RIGHT = regex.compile(r"(?i)^(?:[/\d]|(?:"
                            + "|".join(load_yaml("grammars", "read.yaml")["fill_in_after"])
                            + r")\b)")
_LEFT_COLUMN = regex.compile(r"(?i)^s\S{0,2}[ \t]*:|/[A-Z]{1,6}-")
_HEADER_MAX_CHARS = 300  # two header columns never fill more; longer lines are body text
_UPPER = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")


def blank_layout(lines: list[tuple[str, int]]) -> bool:
    """True for the "blank line after every line" extraction, where blanks mean nothing.

    ``lines`` are the non-blank lines as (text, input line number). Nearly every one is
    followed by exactly one blank line (a gap of one in the numbers), and many of those
    blanks fall inside a sentence (the line before does not end one, the next starts
    lowercase): a real paragraph break never does that.
    """
    followed = inside = 0
    for (text, number), (nxt, nxt_number) in itertools.pairwise(lines):
        if nxt_number - number == 2:
            followed += 1
            if not SENTENCE_END.search(text) and STARTS_LOWER.match(nxt):
                inside += 1
    pairs = len(lines) - 1
    return pairs >= 4 and followed >= 0.7 * pairs and inside >= 0.2 * followed


def undouble(text: str) -> str | None:
    """``TTrrưươơnngg  VVũũ`` -> ``Trương Vũ``, when every character of the line is doubled.

    Whole lines only, and at least two letters once halved, so a word like ``cuu``, a
    number like ``1100`` inside a line or a short ``AA`` is never touched.
    """
    if len(text) < 4 or len(text) % 2 or text[0::2] != text[1::2]:
        return None
    half = text[0::2]
    letters = _LETTER.findall(half)
    if len(letters) < 2 or len(set(half)) < 2:
        return None
    return half


def _is_noise(text: str) -> bool:
    """A short line of symbols with at most single letters or digits: ``" x 3 £``, ``‘Z;``."""
    compact = "".join(text.split())
    if len(compact) > vocab().noise_max_chars or "\t" in text:
        return False
    if _TWO_ALNUM.search(text) or not _SYMBOL.search(compact):
        return False
    return not _KEEP_SHORT.fullmatch(compact)


def _is_page_number(
    raw: list[RawLine], i: int, blank_layout: bool, limits: tuple[int, int]
) -> bool:
    """A page number: its own line, between paragraphs or cutting a sentence in two."""
    max_page, width = limits
    r = raw[i]
    if not vocab().page_number.fullmatch(r.text):
        return False
    number = int(_DIGITS.search(r.text).group())  # type: ignore[union-attr]
    if number > max_page or _follows_a_row(raw, i, number) or _leads_a_row(raw, i, number):
        return False
    before = _blanks(raw, i, -1)
    after = _blanks(raw, i, 1)
    if before is None or after is None:  # next to a table row: a cell, not a page number
        return False
    spaced = blank_layout or _spaced_around(raw, i)
    need = 2 if spaced and r.text.isdigit() else 1
    if max(before, after) >= need:
        return True
    # "... theo Nghị" / "2" / "định số 108 ...": a full line that does not end a sentence,
    # the number, then the sentence going on: the page broke inside it.
    prev, nxt = raw[i - before - 1].text, raw[i + after + 1].text
    return (
        len(prev) >= _PAGE_BREAK_SHARE * width
        and not SENTENCE_END.search(prev)
        and GOES_ON.match(nxt) is not None
    )


def _leads_a_row(raw: list[RawLine], i: int, number: int) -> bool:
    """Whether the next lone number below, within a page's length, goes on from this one:
    ``1`` then ``2`` a few lines down are rows (the first row of a table printed one cell per
    line, whose number nothing above it follows)."""
    for text in _texts_from(raw, i, 1):
        if text.isdigit():
            return int(text) == number + 1
    return False


def _texts_from(raw: list[RawLine], i: int, step: int) -> list[str]:
    """The text lines next to ``raw[i]`` going ``step``, as many as a page has at least
    (blank lines not counted: a document may have one after every line)."""
    out: list[str] = []
    j = i + step
    while 0 <= j < len(raw) and len(out) < vocab().lines_per_page_min:
        if raw[j].text.strip():
            out.append(raw[j].text.strip())
        j += step
    return out


def _spaced_around(raw: list[RawLine], i: int) -> bool:
    """Whether the text lines around ``raw[i]`` all have a blank line between them (a table
    OCR'd one cell per line, spaced, in a document that is not): one blank line beside a
    number there says nothing about a page break."""
    texts = [j for j in range(max(0, i - _SPACED_SPAN), min(len(raw), i + _SPACED_SPAN + 1))
             if raw[j].text]
    gaps = [b - a for a, b in itertools.pairwise(texts)]
    return len(gaps) >= _SPACED_SPAN and all(g >= 2 for g in gaps)


def _follows_a_row(raw: list[RawLine], i: int, number: int) -> bool:
    """Whether a lone number goes on a numbering that stands just above it (``6`` a few
    lines up, then ``7``: the rows of a table printed one cell per line). Two page numbers
    are a page apart, and a page is longer than this."""
    for text in _texts_from(raw, i, -1):
        if text.isdigit():
            return int(text) == number - 1
        if text in _OCR_ONE:
            return number == 2
    return False


def full_width(texts: Iterable[str]) -> int:
    """The document's full line width: the 90th percentile of line lengths.

    Most lines of a hard-wrapped page are full; paragraph ends, headings and table cells
    are shorter (an appendix of one cell per line can hold most of the lines), so a high
    percentile lands on the full width and still ignores a few overlong lines.
    """
    lengths = sorted(len(t) for t in texts if len(t) >= 10 and "\t" not in t)
    if not lengths:
        return 80
    return max(20, lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))])


def _blanks(raw: list[RawLine], i: int, step: int) -> int | None:
    """Blank lines next to ``raw[i]`` going ``step``; None when the next text is a table row.

    The start and end of the input count as plenty of blank lines.
    """
    n = 0
    j = i + step
    while 0 <= j < len(raw):
        if raw[j].text:
            return None if ("\t" in raw[j].text or "|" in raw[j].text) else n
        n += 1
        j += step
    return 99


def _split_header(text: str, col: int) -> list[tuple[str, int]] | None:
    """Split a header line holding both columns into (text, col) parts; None if one column."""
    if len(text) > _HEADER_MAX_CHARS:
        return None
    folded = fold(text)
    v = vocab()
    cut = None
    for pattern in (v.right_column, v.place_date):
        m = pattern.search(folded, 1)
        while m is not None:
            left = text[: m.start()].strip()
            if left and _looks_left_column(left):
                cut = m.start() if cut is None else min(cut, m.start())
                break
            m = pattern.search(folded, m.start() + 1)
    if cut is not None:
        parts = [*_split_gaps(text[:cut], 0), (text[cut:].rstrip(), cut)]
    else:
        parts = _split_gaps(text, 0)
    if len(parts) < 2:
        return None
    return [(p, col + off) for p, off in parts]


def _looks_left_column(left: str) -> bool:
    """The agency column is in capitals; the number line reads ``Số: 03/KH-UBND``."""
    letters = _LETTER.findall(left)
    upper = _UPPER.findall(left)
    return bool(letters) and (
        len(upper) >= 0.7 * len(letters) or bool(_LEFT_COLUMN.search(fold(left)))
    )


def _split_gaps(text: str, offset: int) -> list[tuple[str, int]]:
    """Split on column gaps (a tab or 3+ spaces), but not on blanks left to fill in.

    Only a few characters either side of a gap are looked at, so a long line with many
    gaps is still read in linear time.
    """
    folded = fold(text)
    parts: list[tuple[str, int]] = []
    start = 0
    for m in _GAP.finditer(text):
        before = folded[max(start, m.start() - _FILL_WINDOW) : m.start()]
        after = folded[m.end() : m.end() + _FILL_WINDOW]
        if m.start() == start or _FILL_LEFT.search(before) or _FILL_RIGHT.match(after):
            continue
        parts.append((text[start : m.start()], start))
        start = m.end()
    parts.append((text[start:], start))
    out = []
    for part, at in parts:
        stripped = part.lstrip()
        if stripped.strip():
            out.append((stripped.rstrip(), offset + at + len(part) - len(stripped)))
    return out


def repair(raw: list[RawLine]) -> list[Line]:
    """The working lines of a document: non-blank, repaired, with their origin."""
    is_blank_layout = blank_layout([(r.text, r.line) for r in raw if r.text])
    max_page = max(3, len(raw) // vocab().lines_per_page_min)
    limits = (max_page, full_width(r.text for r in raw))
    out: list[Line] = []
    zone = vocab().header_zone_lines
    seen = 0
    for i, r in enumerate(raw):
        if not r.text:
            continue
        if _is_page_number(raw, i, is_blank_layout, limits) or _is_noise(r.text):
            continue
        seen += 1
        text = undouble(r.text) or r.text
        if seen <= zone and "|" not in text:
            parts = _split_header(text, r.col)
            if parts:
                out.extend(Line(part, r.line, at) for part, at in parts)
                continue
        out.append(Line(text, r.line, r.col))
    return out
