"""A table printed one cell per paragraph: its lines joined into chunks, a cell's wrapped
lines one chunk (the first step of paragraph.py's reading).

Lines are split where two cells share one (``split_merged``); a line continues the chunk
above when it starts in lower case, when the line above ends open (``của``, ``và``, a
comma, a dash) or, in the task column, when the line above is as wide as the column (it
wrapped). A row's number, a group row and what OCR left of a number stand alone; the column
numbering row, repeated headers and debris are passed over.
"""

from __future__ import annotations

import statistics

import regex

from ..lines import Line
from .agency import known_agency
from .align import cell_kind
from .chunk import BULLET, Chunk
from .classify import TASK_NUMBER, classify, open_end, strip_bullet
from .debris import is_debris
from .detect import header_at
from .groups import is_group_name
from .header import is_numbering_row
from .marker import is_mark, upper_group
from .timespec import time_coverage

WIDE_SHARE = 0.75  # a line this share of the task column's width was wrapped by it
MIN_TASK_WIDTH = 25  # narrower "task columns" are not told from the others by width
_STRONG = ("product", "agency", "time", "money")
_CAPITAL_WORD = regex.compile(r"(?<=\s)(?=\p{Lu})")
_NUMBERING_LEAST = 3  # numbers a line, 1 to n, that are the column numbering row
# A row's number alone on its line (a year on its own line is text going on; a sub-task's
# 1.1, 2.3 as well); OCR reads a lone 1 as i, l or a bar.
BARE_NUMBER = regex.compile(r"^(\d{1,3}(?:\.\d{1,2}){0,2}|[il|])\.?$")


def split_merged(text: str) -> list[str]:
    """Two cells on one line: ``Phòng Tư pháp  Trong năm 2022``, ``- Quyết định Phòng Nội
    vụ``. Split only where both sides are clearly of different kinds."""
    for gap in regex.finditer(r"\s{2,}", text.strip()):
        left, right = text.strip()[:gap.start()], text.strip()[gap.end():]
        if right[:1].isupper() or right[:1].isdigit() or BULLET.match(right):
            return [left, *split_merged(right)]
    for m in _CAPITAL_WORD.finditer(text):
        left, right = text[:m.start()].strip(), text[m.start():].strip()
        if not left or open_end(left):
            continue
        lk, lc = classify(left)
        rk, rc = classify(right)
        if lk == rk or lk not in _STRONG or rk not in _STRONG or min(lc, rc) < 0.8:
            continue
        # A deliverable often names its issuer ("Quyết định Chủ tịch UBND tỉnh") and a task
        # its year ("Kế hoạch CCHC năm 2022"): split off only a name the grammar knows or a
        # cell that is nothing but a time expression.
        if rk == "agency" and not known_agency(right):
            continue
        if rk == "time" and time_coverage(right) < 0.9:
            continue
        return [left, right]
    return [text]


def _continues_task(text: str, prev: str, task_width: int, after: str) -> bool:
    """Whether ``text`` goes on with the task text above it: not bulleted or numbered, and
    the line above wrapped (it ends open, or it is as wide as the column). A line as wide
    is still a cell of its own when it reads as one (``Báo cáo``) and the line after it
    (``after``) is not a bulleted cell of the same kind, which would be the row's real one
    (``Kế hoạch CCHC năm 2022`` above ``- Kế hoạch``)."""
    if TASK_NUMBER.match(text) or BULLET.match(text):
        return False
    if text[:1].islower() or open_end(prev):
        return True
    if task_width < MIN_TASK_WIDTH or len(prev) < WIDE_SHARE * task_width \
            or prev.rstrip().endswith((".", ";")):
        return False
    kind, sure = classify(text)
    if kind not in _STRONG or sure < 0.8 or (kind == "time" and time_coverage(text) < 0.9):
        return True  # "TTHC năm 2023" mentions a year, it is no deadline
    return bool(BULLET.match(after)) and classify(strip_bullet(after))[0] == kind


def _continues_name(text: str, chunks: list[Chunk]) -> bool:
    """``Phòng Văn hóa`` / ``– Thông tin``: a dash that joins the halves of an agency name,
    not a bullet (what follows it is no cell of its own)."""
    return bool(chunks) and cell_kind(chunks[-1].text) == "agency" \
        and cell_kind(strip_bullet(text)) == "text"


def _next_cell(lines: list[Line], start: int, end: int) -> str:
    """The first line from ``start`` that starts a cell (not one going on with the line
    above: lower case or a digit first)."""
    for k in range(start, end):
        t = lines[k].text.strip()
        if t and not (t[:1].islower() or t[:1].isdigit()):
            return t
    return ""


def _numbering_lines(lines: list[Line], i: int, end: int) -> int | None:
    """Where the lines after a numbering row ``1`` / ``2`` / ``3`` ... printed one number a
    line end (a cell a line: three numbered rows without a word between them are none),
    or None."""
    n, k = 0, i
    while k < end:
        raw = lines[k].text.strip()
        if raw and raw.rstrip(".") != str(n + 1):
            break
        n += bool(raw)
        k += 1
    return k if n >= _NUMBERING_LEAST else None


def _next_line(lines: list[Line], start: int, end: int) -> str:
    return next((t for k in range(start, end) if (t := lines[k].text.strip())), "")


def wide_at(task_width: int) -> int:
    """The least width of a line that fills the task column (0: width tells nothing)."""
    return round(WIDE_SHARE * task_width) if task_width >= MIN_TASK_WIDTH else 0


def task_width(lines: list[Line], first: int, end: int) -> int:
    """The task column's width: its first lines (after ``1.``, or after a bare ``1``; not
    the numbers of a numbering row printed one a line)."""
    first = _numbering_lines(lines, first, end) or first
    widths = [len(lines[i].text.strip()) for i in range(first, end)
              if TASK_NUMBER.match(lines[i].text)
              or (i > first and BARE_NUMBER.match(lines[i - 1].text.strip()))]
    return int(statistics.median(widths)) if widths else 0


def read_chunks(lines: list[Line], first: int, end: int, task_width: int, numbered: bool
            ) -> list[Chunk]:
    """Lines joined into chunks. ``numbered``: the table has a number column, so a bare
    number is a row's number (or a page number: read_paragraph tells) and the chunk after
    it is the task's text."""
    chunks: list[Chunk] = []
    in_task = after_number = False
    i = first
    while i < end:
        raw = lines[i].text.strip()
        if not raw or is_numbering_row(raw):
            i += 1  # blank, the column numbering row
            continue
        if (after := _numbering_lines(lines, i, end)) is not None:
            i = after  # the column numbering row, one number a line
            continue
        if BARE_NUMBER.match(raw):
            if numbered:
                chunks.append(Chunk([(raw, i)]))
                after_number, in_task = True, False
            i += 1  # else a page number
            continue
        if numbered and is_mark(raw, _next_line(lines, i + 1, end), wide_at(task_width)):
            chunks.append(Chunk([(raw, i)], mark=True))
            after_number, in_task = False, False  # a group's title may follow, not a task
            i += 1
            continue
        if (again := header_at(lines, i)) is not None:
            i = again.last + 1
            continue
        # a stamp or a speck read as letters (a lone glyph may be a number), judged as OCR
        # printed it: restoration makes syllables of debris too ("ee oc" -> "ee ốc")
        if len(raw.split()) > 1 and is_debris(lines[i].orig or raw):
            i += 1
            continue
        if is_group_name(raw) or upper_group(raw, None):
            # a group row is a line of its own: no task goes on into it or out of it
            chunks.append(Chunk([(raw, i)]))
            after_number = in_task = False
            i += 1
            continue
        prev = chunks[-1].parts[-1][0] if chunks else ""
        wide = task_width >= MIN_TASK_WIDTH and len(raw) >= WIDE_SHARE * task_width
        if after_number:  # the task's text, right after its number
            chunks.append(Chunk([(raw, i)]))
            after_number, in_task = False, True
            i += 1
            continue
        if in_task and _continues_task(raw, prev, task_width, _next_cell(lines, i + 1, end)):
            chunks[-1].parts.append((raw, i))  # wrapped task text: never split
            i += 1
            continue
        for text in split_merged(raw):
            joins_name = bool(BULLET.match(text)) and _continues_name(text, chunks)
            starts_new = bool(TASK_NUMBER.match(text) or BULLET.match(text)) and not joins_name
            prev = chunks[-1].parts[-1][0] if chunks else ""
            lower = text[:1].islower() or text[:1] in "(/" or (
                text[:1].isdigit() and not starts_new
                and classify(text)[0] not in ("money", "time"))
            # A task-wide line after narrow cells is the task column again (page break).
            narrow_to_wide = wide and not in_task and len(prev) < WIDE_SHARE * task_width
            if chunks and not starts_new and not narrow_to_wide and (
                    lower or joins_name or open_end(prev)):
                chunks[-1].parts.append((text, i))
                continue
            chunks.append(Chunk([(text, i)]))
            in_task = bool(TASK_NUMBER.match(text)) or narrow_to_wide
        i += 1
    return chunks
