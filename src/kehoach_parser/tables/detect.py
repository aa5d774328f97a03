"""Where the appendix table is: its title, its header (possibly wrapped over several lines,
repeated on every page), and which of the four layouts it is printed in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

import regex

from ..fold import ocr_fold
from ..lines import Line
from .header import (
    column_order,
    coverage,
    grammar,
    is_header_text,
    is_prose,
    match_columns,
    name_words,
    names_enough_columns,
    order_columns,
    words,
)
from .money import header_unit, is_money
from .timespec import time_spans

Layout = Literal["tab", "paragraph", "ocr", "columns"]

# A row of an OCR'd table: "10 | ...", "V | CẢI CÁCH TÀI CHÍNH CÔNG".
OCR_ROW = regex.compile(r"^\s*(?:\d{1,3}|[IVXL1]{1,4})\s*\|")
# A row of a rule-less table OCR'd as running text: its number, then its first words (not
# a numbering row "1 2 3"; the first cell may start with a percentage: "1 100% TTHC").
FLOW_ROW_START = regex.compile(r"^(\d{1,4})\s+(?=\S)(?!\d(?![\d.,]*\s*%))")
_ALONE_SHARE = 2  # numbers on lines of their own against steps of numbering on top: < 1:2
_ROW_NUMBER_ALONE = regex.compile(r"\d{1,4}\.?")
_FLOW_MEDIAN = 45  # running-text rows fill the line; cells one per line are short
_GAP = regex.compile(r"\S(?: {2,}|\t)\S")
_BACK_OCR = 40  # how far before its first header an OCR'd table may start (pages misordered)
_TITLE_BACK = 8  # lines between an appendix title and its header (subtitle, "kèm theo ...")
_WIDE_TOP = 3  # columns the top line of a wrapped wide header names at least
_NEIGHBOUR_SLACK = 0.15  # lines next to a header may be a little noisier than the header
# An OCR'd numbered header's top line ("4- Kết 7-Thời | 8-Kinh") is half noise.
_NUMBERED_ABOVE = 0.4


@dataclass(frozen=True)
class Header:
    first: int  # index of the first header line
    last: int  # inclusive
    columns: list[str]
    money_unit: int | None = None  # what a bare number in the budget column counts


def _min_coverage() -> float:
    value = grammar()["header_min_coverage"]
    assert isinstance(value, float)
    return value


def _max_lines() -> int:
    value = grammar()["header_max_lines"]
    assert isinstance(value, int)
    return value


@lru_cache(maxsize=65536)  # asked again by every window the line is a neighbour in
def _is_data(text: str) -> bool:
    """A line holding an amount, a deadline or a numbered sentence is a row, however many
    header words it has ("(triệu đồng)" may follow a header, "15 triệu", "Tháng 6/2030"
    "1. Thực hiện nhiệm vụ ..." or a row's number alone may not)."""
    return is_money(text) or bool(time_spans(text)) or is_prose(text) \
        or bool(_ROW_NUMBER_ALONE.fullmatch(text.strip()))


def _window(lines: list[Line], i: int) -> tuple[int, tuple[str, ...]] | None:
    """The lines from ``i`` that could be one header wrapped: the last one's index and
    their words (each line folded once, however many windows it is in)."""
    min_cov = _min_coverage()
    first = label_text(lines[i])
    if is_prose(first) or coverage(first) < min_cov:  # the cheap test first
        return None
    last = i
    while last + 1 < len(lines) and last - i + 1 < _max_lines() \
            and coverage(label_text(lines[last + 1])) >= min_cov - _NEIGHBOUR_SLACK \
            and not _is_data(lines[last + 1].text):
        last += 1
    return last, tuple(w for ln in lines[i:last + 1] for w in words(label_text(ln)))


def _header(lines: list[Line], first: int, last: int, toks: tuple[str, ...]) -> Header | None:
    if not is_header_text(toks):
        return None
    text = " ".join(label_text(ln) for ln in lines[first:last + 1])
    top = label_text(lines[first])
    above = label_text(lines[first - 1]) if first > 0 else ""
    if first > 0 and coverage(above) >= _NUMBERED_ABOVE and any(
            m.number is not None for m in match_columns(above)):
        first -= 1  # an OCR'd header's top line ("7-Thời | 8-Kinh") printed above "Stt | ..."
        text = above + " " + text
        top = above + " " + top
    columns = _implied(_wrapped_into_place(order_columns(match_columns(text)), top, text))
    return Header(first, last, columns, header_unit(text))


def _implied(columns: list[str]) -> list[str]:
    """The columns with those the grammar says must stand right before a named one
    (``implied_columns``: the lead agency's before the coordinating agencies') put back."""
    rules = grammar()["implied_columns"]
    assert isinstance(rules, list)
    out = list(columns)
    for rule in rules:
        if rule["column"] in out and rule["after"] not in out:
            out.insert(out.index(rule["column"]), rule["after"])
    return out


def _wrapped_into_place(columns: list[str], top: str, text: str) -> list[str]:
    """A header printed on one wide line whose cells wrap onto the lines below: a column
    named only below (its first words lost or glued on the top line: "Coquan" / "chủ trì")
    stands where tables print it among the top line's columns, not after all of them.

    When no word of the top line is left waiting for its cell's end below, the header is
    one run of text wrapped like a paragraph ("... Thời gian hoàn" / "thành Sản phẩm"), and
    a column named below comes after the top line's columns, as it reads."""
    named = [c for c in order_columns(match_columns(top)) if c in columns]
    if len(named) < _WIDE_TOP or len(named) == len(columns) \
            or not _cut_cells(top, text, [c for c in columns if c not in named]):
        return columns
    usual = column_order()
    out = list(named)
    for col in (c for c in columns if c not in named):
        rank = usual.index(col)
        at = next((k for k, c in enumerate(out) if usual.index(c) > rank), len(out))
        out.insert(at, col)
    return out


def _cut_cells(top: str, text: str, below: list[str]) -> bool:
    """Whether the first line ``top`` of the header ``text`` holds words no column name of
    the whole header takes that belong to the name of a column named only ``below``: the
    start of a cell whose end wrapped under it ("Cơ quan" / "chủ trì")."""
    used: set[int] = set()
    for m in match_columns(text):
        used.update(range(m.start, m.end))
    names = {w for col in below for w in name_words(col)}
    return any(k not in used and w in names for k, w in enumerate(words(top)))


def header_at(lines: list[Line], i: int) -> Header | None:
    """The header starting at or just around line ``i`` (wrapped cells joined), if one is."""
    window = _window(lines, i)
    return None if window is None else _header(lines, i, *window)


def find_header(lines: list[Line], start: int = 0) -> Header | None:
    i = start
    while i < len(lines):
        window = _window(lines, i)
        if window is None:
            i += 1
            continue
        header = _header(lines, i, *window)
        if header is not None:
            return header
        # Too few columns named in the whole window: none of its later lines starts a
        # header either (they name fewer), so they are not tried one by one.
        i = i + 1 if names_enough_columns(window[1]) else window[0] + 1
    return None


def is_title(text: str) -> bool:
    folded = ocr_fold(text).strip(" .:-")
    titles = grammar()["title"]
    assert isinstance(titles, list)
    return any(folded.startswith(t) and len(folded) <= len(t) + 12 for t in titles)


def is_title_line(ln: Line) -> bool:
    """An appendix title, as restored or as printed (see ``label_text``)."""
    return is_title(ln.text) or (ln.orig is not None and is_title(ln.orig))


def label_text(ln: Line) -> str:
    """The text a header line is read from: as printed unless restoration made more of it
    header words (``Stt`` restored as ``Sứ``; the vocabulary is matched folded, so the
    printed text rarely names fewer). Restoration can also make a header word another
    word (``Thii gian`` restored as ``Thư giãn``, not ``Thời gian``): the printed text wins
    where it names more columns."""
    if ln.orig is None:
        return ln.text
    printed, restored = coverage(ln.orig), coverage(ln.text)
    if printed >= restored or (
            printed and len(match_columns(ln.orig)) > len(match_columns(ln.text))):
        return ln.orig
    return ln.text


def is_end(text: str) -> bool:
    ends = grammar()["table_end"]
    assert isinstance(ends, list)
    folded = ocr_fold(text)
    return any(e in folded for e in ends)


def table_start(lines: list[Line], header: Header) -> int:
    """First line of the appendix: its title, or rows an OCR'd page put above the header."""
    titles = [k for k in range(max(0, header.first - _TITLE_BACK), header.first)
              if is_title_line(lines[k])]
    if titles:  # "PHỤ LỤC" above "DANH MỤC NHIỆM VỤ ...": the first one
        return titles[0]
    start = header.first
    if any("|" in ln.text for ln in lines[header.first:header.last + 1]):
        for k in range(header.first - 1, max(-1, header.first - _BACK_OCR - 1), -1):
            if is_end(lines[k].text):
                break
            if OCR_ROW.match(lines[k].text):
                start = k
    return start


def physical_lines(lines: list[Line]) -> tuple[list[Line], list[int]]:
    """Pieces of one input line put back together, each at its column (the read stage
    splits a line at wide gaps, which are what a space-aligned table is made of), and for
    each given line the index of the line it is now part of."""
    merged: list[Line] = []
    where: list[int] = []
    for ln in lines:
        if merged and merged[-1].line == ln.line and ln.col > merged[-1].col + len(
                merged[-1].text):
            prev = merged[-1]
            gap = ln.col - (prev.col + len(prev.text))
            # One character between two pieces the reader split apart was a tab (it never
            # splits at a single space); a wider gap was spaces, kept as wide.
            sep = "\t" if gap == 1 else " " * gap
            orig = None if prev.orig is None and ln.orig is None else \
                (prev.orig or prev.text) + sep + (ln.orig or ln.text)
            shift = len(prev.orig or prev.text) + len(sep)
            merged[-1] = Line(prev.text + sep + ln.text, prev.line, prev.col, orig,
                              (*prev.apart, *(a + shift for a in ln.apart)))
        else:
            merged.append(ln)
        where.append(len(merged) - 1)
    return merged, where


def find_appendix(lines: list[Line]) -> int | None:
    merged, where = physical_lines(lines)
    header = find_header(merged)
    if header is None:
        return None
    return where.index(table_start(merged, header))


def is_flow(lines: list[Line], first: int, end: int) -> bool:
    """Rows as running text: long lines, several starting with consecutive numbers."""
    body = [ln.text.strip() for ln in lines[first:end] if ln.text.strip()]
    if not body:
        return False
    numbered = [int(m.group(1)) for t in body if (m := FLOW_ROW_START.match(t))]
    runs = sum(1 for a, b in pairwise(numbered) if b == a + 1)
    long = sorted(len(t) for t in body)[len(body) // 2] >= _FLOW_MEDIAN
    return long and runs >= 2


PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$")


def is_pipe_table(lines: list[Line]) -> bool:
    """A table written with ``|`` delimiters on both ends of every row (Markdown, a
    converter's text export): as clean as tab-separated, unlike OCR'd rulings."""
    rows = [ln for ln in lines if ln.text.strip()]
    return bool(rows) and sum(1 for ln in rows if PIPE_ROW.match(ln.text)) >= 0.8 * len(rows)


def detect_layout(lines: list[Line], header: Header) -> Layout:
    head = lines[header.first:header.last + 1]
    body = lines[header.last + 1:header.last + 61]
    if any("\t" in ln.text for ln in head) or is_pipe_table(head + body):
        return "tab"
    piped = sum(1 for ln in body if "|" in ln.text)
    if any("|" in ln.text for ln in head) or (body and piped / len(body) >= 0.15):
        return "ocr"
    gapped = sum(1 for ln in body if _GAP.search(ln.text.strip()))
    head_gapped = any(len(_GAP.findall(ln.text.strip())) >= 2 for ln in head)
    if head_gapped and body and gapped / len(body) >= 0.4:
        return "columns"
    if is_flow(lines, header.last + 1, min(len(lines), header.last + 61)):
        return "ocr"  # rows as running text: a rule-less table through OCR
    if _numbered_on_top(body):
        return "ocr"  # a grid OCR'd line by line, its rulings lost
    return "paragraph"


def _numbered_on_top(body: list[Line]) -> bool:
    """Rows numbered at the start of lines that go on with their cells' text (``1 Rà soát
    ... Quyết định ...``), hardly ever on lines of their own: a grid OCR'd line by line
    whose rulings OCR dropped. A table of one cell per line puts its numbers alone; a grid
    has a few such lines at most (a year wrapped under ``Năm``, a speck read as a digit)."""
    texts = [ln.text.strip() for ln in body if ln.text.strip()]
    alone = sum(1 for t in texts if _ROW_NUMBER_ALONE.fullmatch(t))
    numbered = [int(m.group(1)) for t in texts if (m := FLOW_ROW_START.match(t))]
    runs = sum(1 for a, b in pairwise(numbered) if b == a + 1)
    return runs >= 2 and alone * _ALONE_SHARE < runs
