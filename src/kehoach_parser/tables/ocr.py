"""Tables OCR'd with their columns interleaved: ``|`` for ruling lines, fragments of several
cells on one line, the row number printed half-way down its row, a group row like
``V | CẢI CÁCH TÀI CHÍNH CÔNG``, pages' rows above the page's header.

Cells cannot be cut out whole here, so this reader recovers only what it can tell for
sure and marks every row incomplete (confidence at most 0.5):

* rows: one per printed row number (``10 |``) in increasing order, never more; a task with
  several numbered activities (``3.1:``, ``3.2:`` ...) gives one row per activity, repeating
  ``stt``, ``muc_tieu`` and ``nhiem_vu``;
* ``nhom`` from group rows; ``muc_tieu`` / ``nhiem_vu`` / ``hoat_dong`` from the first line
  of their numbered items (``1.1:`` / ``2.1:`` / ``3.1:``), up to the next ruling or label;
* ``thoi_gian``, ``kinh_phi`` and a lead agency the grammar knows, found by what they are
  anywhere in the activity's lines.
"""

from __future__ import annotations

import math
from bisect import bisect_left

import regex

from ..data import load_yaml
from ..lines import Line, span_of
from ..models import CanhBao
from .agency import find_known_agencies
from .assemble import RawRow, unplaced
from .detect import Header, header_at, is_flow, is_title_line, label_text
from .flow import read_flow
from .grid import read_grid
from .groupcol import carry_groups, opens_group, task_starts
from .groups import group_label, is_group_name
from .header import coverage, grammar
from .kindfit import fit, typed
from .money import money_spans
from .timespec import parse_time, time_spans

# The row number, first on its line (after the table's left ruling, when OCR kept it).
_ROW_NUMBER = regex.compile(r"^\s*(?:\|\s*)?(\d{1,4})\s*(?:\||\s)(?=.*\p{L})")
_GROUP_ROW = regex.compile(r"^\s*([IVXL]{1,5})\s*\|\s*(\p{Lu}[\p{Lu}\s,.\-–]+)$")
# "2.1: Tiếp tục ...": the item number says the column (1 objective, 2 task, 3 activity).
_LABEL = regex.compile(r"(?<![\d.])([123])\.(\d{1,2})\s*[:.]?\s+(?=\p{L})")
# "38 Thực hiện": an item number whose dot OCR lost; taken only where the numbers of its
# column around it leave its place (3.7 before it, or 3.9 after it).
_BARE_LABEL = regex.compile(r"(?<![\d.,/])([123])([1-9])\s+(?=\p{L})")
_DATE_ONLY = regex.compile(r"(?:(?:" + "|".join(load_yaml("grammars", "time.yaml")["day"])
                           + r")\s*)?\d{1,2}/\d{1,2}/\d{4}")
_CELL_START = regex.compile(r"^\s*\d{1,4}\s*[|\[]?\s*[\p{Lu}\d]")
_LABEL_COLUMN = {"1": "muc_tieu", "2": "nhiem_vu", "3": "hoat_dong"}
# A word as OCR writes it: a letter first, then letters or glyph-digits ("T6 chtrc").
_WORD = regex.compile(r"^\p{L}[\p{L}\p{M}\d]*[,;]?$")
_OCR_CONFIDENCE = 0.5
# Lines with a ruling (|) a table whose rulings OCR kept has at least; a stray bar OCR read
# in a rule-less table's running text is not one.
_RULED_SHARE = 0.15
_FITS_ALREADY = 0.5  # typed cells per row another column set must be able to win by
_GROUP_MAX = 90  # a group row is one short line; longer text with a numeral is a cell
_TAIL_WORDS = 3  # the right-hand columns (time, budget) are the last words of each line
_LOST_STEP = 0.5  # what a run's step over a row number OCR lost is worth (a number: 1)
_TAIL_SHARE = 0.6  # a time expression further left than this on its line is task text


def _fragment(text: str, start: int) -> str:
    """A cell's first words from ``start``: up to a ruling, a label, a stray glyph, or a
    Title-case word (Vietnamese cells are sentence case, so a capital mid-line is most
    often the next column's first word)."""
    out: list[str] = []
    for word in text[start:].split():
        if not _WORD.match(word) or (out and word[:1].isupper() and not word.isupper()):
            break
        out.append(word)
    return " ".join(out).rstrip(",;")


def _row_numbers(lines: list[Line], body: list[int], groups: list[int]
                 ) -> list[tuple[int, str]]:
    """(line index, number) of the printed row numbers: the longest run of numbers that go
    up one by one (or start again at 1 after a group row), so a stray number OCR left at a
    line's start (``21`` for ``2.1``) is no row and does not hide the real ones. A run
    from 1 may step over one number OCR lost (``3``, then ``5``) at half a number's worth,
    so the rows after the loss keep theirs; a run from elsewhere (a garbled numbering row's
    ``2``) may not."""
    candidates = [(i, int(m.group(1))) for i in body
                  if (m := _ROW_NUMBER.match(lines[i].text))
                  and not _LABEL.match(lines[i].text.strip())]
    best: list[float] = [1.0] * len(candidates)  # worth of the run ending at each candidate
    back: list[int | None] = [None] * len(candidates)
    first = [n for _, n in candidates]  # the number the run ending at each candidate starts at
    for k, (_, n) in enumerate(candidates):
        for j in range(k):
            step = n - candidates[j][1]
            if step == 1 or (n == 1 and any(candidates[j][0] < g < candidates[k][0]
                                            for g in groups)):
                worth = 1.0
            elif step == 2 and first[j] == 1 and candidates[k][0] - candidates[j][0] > 1:
                worth = _LOST_STEP
            else:
                continue
            if best[j] + worth > best[k]:
                best[k], back[k], first[k] = best[j] + worth, j, first[j]
    if not candidates:
        return []
    k: int | None = max(range(len(candidates)), key=lambda x: (best[x], -x))
    run: list[tuple[int, str]] = []
    while k is not None:
        run.append((candidates[k][0], str(candidates[k][1])))
        k = back[k]
    return run[::-1]


def _tail(lines: list[Line], block: list[int], n: int) -> tuple[str, list[tuple[int, int]]]:
    """The last ``n`` words of each line (rulings and stray glyphs left out) as one text,
    with (offset, line index) of where each line's words start in it."""
    tail = ""
    where: list[tuple[int, int]] = []
    for i in block:
        words = [w for w in lines[i].text.split() if any(c.isalnum() for c in w)]
        where.append((len(tail), i))
        tail += " ".join(words[-n:]) + " "
    return tail, where


def _deadline(text: str, budget_column: bool) -> bool:
    """Whether a time expression found in an OCR'd row can be taken for the time column.
    A bare date is a legal reference's (``Nghị định ... ngày 21/6/2021``); ``Theo kế hoạch``
    and ``thường xuyên`` are as often the budget column's (``Kinh phí thường xuyên``) while
    that cell is not known to hold an amount, so only dated or periodic ones are taken then."""
    if _DATE_ONLY.fullmatch(text.strip()):
        return False
    kinds = {t.loai for t in parse_time(text)}
    return not (budget_column and kinds <= {"theo_quy_dinh", "thuong_xuyen"})


def _extract(row: RawRow, lines: list[Line], block: list[int], budget_column: bool) -> None:
    """Deadline, budget and lead agency, found by what they are in ``block``'s lines."""
    tail, where = _tail(lines, block, _TAIL_WORDS)
    for a, b in money_spans(tail)[:1]:
        line = max((i for off, i in where if off <= a), default=block[0])
        row.add("kinh_phi", tail[a:b], line)
    # With an amount read, the budget cell is that amount and cannot be "thường xuyên".
    budget_open = budget_column and "kinh_phi" not in row.cells
    # The time column's words may be cut over lines ("Quý" / "IV/2022"): the lines' last
    # words are read as one stream, the very last word of each first (it is the most
    # often the right-hand column's alone).
    for n in (1, _TAIL_WORDS):
        tail, where = _tail(lines, block, n)
        for a, b in time_spans(tail)[:2]:
            text = tail[a:b]
            if "thoi_gian" not in row.cells and _deadline(text, budget_open):
                line = max((i for off, i in where if off <= a), default=block[0])
                row.add("thoi_gian", text, line, new_item=True)
    if "thoi_gian" not in row.cells:  # whole expressions on the right half of one line
        for i in block:
            text = lines[i].text
            for a, b in time_spans(text):
                if a >= len(text) * (1 - _TAIL_SHARE) and _deadline(text[a:b], budget_open):
                    row.add("thoi_gian", text[a:b], i, new_item=True)
    for i in block:
        text = lines[i].text
        leads = {canon for a, _, canon in find_known_agencies(text)
                 if canon.startswith("Phòng") and a >= len(text) * (1 - _TAIL_SHARE)}
        if len(leads) == 1 and "chu_tri" not in row.cells:
            row.add("chu_tri", leads.pop(), i)


def _is_group_row(text: str) -> bool:
    """``V | CẢI CÁCH TÀI CHÍNH CÔNG`` or ``I. Cải cách thủ tục hành chính`` on its own."""
    if _GROUP_ROW.match(text):
        return True
    return is_group_name(text) and "|" not in text[4:] and len(text) <= _GROUP_MAX


def _numbers_on_top(lines: list[Line], body: list[int], numbers: list[tuple[int, str]],
                    groups: list[tuple[int, str]], labelled: bool) -> bool:
    """Whether row numbers stand on their row's first line (a grid OCR'd row by row) rather
    than half-way down it: most group rows are then followed right away by a number."""
    marked = {i for i, _ in numbers}
    after = [body[body.index(g) + 1] in marked for g, _ in groups if body.index(g) + 1 < len(body)]
    if after and sum(after) * 2 >= len(after):
        return True
    # OCR may lose the numbers under group rows; a number on its row's first line is still
    # followed by the first cell's capital, one half-way down by a wrapped line's middle.
    # Numbered items (2.1:, 3.1:) belong to the tables whose numbers stand half-way down.
    if labelled:
        return False
    starts = [bool(_CELL_START.match(lines[i].text)) for i, _ in numbers]
    return len(starts) >= 2 and sum(starts) * 3 >= 2 * len(starts)


def _lost_leading(columns: list[str]) -> list[str]:
    """[the first column a header names, the columns lost before it] when the grammar knows
    which columns tables print before it (``lost_leading_columns``), else []."""
    named = [c for c in columns if c != "stt"]
    rules = grammar()["lost_leading_columns"]
    assert isinstance(rules, list)
    for rule in rules:
        if named and rule["first"] == named[0] and rule.get("with", named[0]) in columns:
            before = [c for c in rule["before"] if c not in columns]
            return [named[0], *before] if before else []
    return []


def _within(named: list[str], columns: list[str]) -> bool:
    """Whether ``columns`` holds every column of ``named``, in the same order."""
    rest = iter(columns)
    return all(c in rest for c in named)


def _merged_columns(headers: list[list[str]], numbered: bool) -> list[str]:
    """The columns of a table whose header OCR damaged differently on each page (``Stt``
    read on one page, lost on another): every column some repeat names, each after the one
    it follows there; the row number column when rows are numbered."""
    out = list(max(headers, key=len))
    for cols in headers:
        for k, col in enumerate(cols):
            if col not in out:
                after = next((out.index(c) + 1 for c in reversed(cols[:k]) if c in out), 0)
                out.insert(after, col)
    if numbered and "stt" not in out:
        out.insert(0, "stt")
    return out


def _labels(lines: list[Line], body: list[int]) -> list[tuple[int, regex.Match[str]]]:
    """The item labels (``2.1:``) in reading order, with those whose dot OCR lost where the
    labels of their column before or after them leave exactly their place."""
    found = [(i, m) for i in body for m in _LABEL.finditer(lines[i].text)]
    bare = [(i, m) for i in body for m in _BARE_LABEL.finditer(lines[i].text)
            if not any(j == i and a.start() <= m.start() < a.end() for j, a in found)]
    out = list(found)
    for i, m in bare:
        col, n = m.group(1), int(m.group(2))
        same = [(j, a) for j, a in found if a.group(1) == col]
        before = next((int(a.group(2)) for j, a in reversed(same)
                       if (j, a.start()) < (i, m.start())), None)
        after = next((int(a.group(2)) for j, a in same if (j, a.start()) > (i, m.start())), None)
        if before == n - 1 or after == n + 1:
            out.append((i, m))
    return sorted(out, key=lambda x: (x[0], x[1].start()))


def _bounds(body: list[int], numbers: list[tuple[int, str]], groups: list[tuple[int, str]],
            labels: list[tuple[int, regex.Match[str]]]) -> list[int]:
    """Where each row starts and ends, as positions in ``body``.

    A row number is printed half-way down its row, so going up from the last row (which
    ends with the table) each row starts about as far above its number as it ends below
    it; a page break stretches rows, so the start is never put above the midpoint between
    two numbers. The start is then moved down to the next item label, and a group row
    between two numbers is always a boundary."""
    pos = {line: k for k, line in enumerate(body)}
    label_pos = sorted({pos[i] for i, _ in labels if i in pos})
    marks = [pos[i] for i, _ in numbers]
    bounds = [0] * (len(marks) + 1)
    bounds[-1] = len(body)
    for k in range(len(marks) - 1, 0, -1):
        above, here = marks[k - 1], marks[k]
        group = next((pos[g] for g, _ in groups if above < pos.get(g, -1) < here), None)
        if group is not None:
            bounds[k] = group
            continue
        estimate = max((above + here + 1) / 2, 2 * here - bounds[k + 1])
        bounds[k] = next((p for p in label_pos if estimate <= p <= here), round(estimate))
        bounds[k] = min(max(bounds[k], above + 1), here)
    return bounds


def read_ocr(lines: list[Line], header: Header, begin: int, end: int
             ) -> tuple[list[RawRow], list[CanhBao], int]:
    texts = [ln.text for ln in lines[header.first:end] if ln.text.strip()]
    ruled = sum("|" in t for t in texts) >= _RULED_SHARE * max(len(texts), 1)
    if not ruled and is_flow(lines, header.last + 1, end):  # rows as running text
        return read_flow(lines, header, begin, end)
    skip: set[int] = set()
    repeats: list[list[str]] = []
    k = begin
    while k < end:  # every header repeat (a page's) is left out
        h = header_at(lines, k) if coverage(label_text(lines[k])) > 0.4 else None
        if h is not None:
            skip.update(range(h.first, h.last + 1))
            repeats.append(h.columns)
            k = h.last + 1
        else:
            k += 1
    # Title lines are not rows; rows a page put above its header are (begin is then one).
    first = header.first if is_title_line(lines[begin]) else begin
    body = [i for i in range(first, end) if i not in skip and lines[i].text.strip()]
    groups = [(i, group_label(lines[i].text)) for i in body if _is_group_row(lines[i].text)]
    numbers = _row_numbers(lines, body, [g for g, _ in groups])
    labels = _labels(lines, body)
    warnings: list[CanhBao] = []
    lost = 0
    # A group column and no number column: the rows are numbered inside their task cells.
    starts = task_starts(lines, body) if "stt" not in header.columns else {}
    # ... also where the header lost that group column (OCR dropped its first cell): the
    # task numbers start again at 1, and rows opening a group have its words before them
    lost_group = "nhom" not in header.columns and header.columns[:1] == ["nhiem_vu"] \
        and list(starts.values()).count("1") >= 2 \
        and sum(opens_group(lines[i].text) for i in starts) >= 2
    in_cells = ("nhom" in header.columns or lost_group) and len(starts) >= 2
    if in_cells:
        numbers = sorted(starts.items())
        groups = [(i, g) for i, g in groups if i not in starts]
    if in_cells or _numbers_on_top(lines, body, numbers, groups, bool(labels)):
        # a grid OCR'd row by row: cells top-aligned beside their row's number
        firsts = {i for k, i in enumerate(body)
                  if any(x in skip or x == header.last
                         for x in range(body[k - 1] if k else header.first, i))}
        printed = _merged_columns([header.columns, *repeats], bool(numbers) and not in_cells)
        columns = ["nhom", *printed] if lost_group else list(printed)
        if lead := _lost_leading(columns):
            at = columns.index(lead[0])
            columns[at:at] = lead[1:]
        rows, columns = read_grid(lines, columns, body, dict(numbers), dict(groups), firsts,
                                  in_cells)
        if in_cells:
            carry_groups(rows)
        # The header lost columns: a usual set may fit the cells better, unless it could not
        # fit them by much more (each reading costs a grid's reading over again).
        score = fit(rows, columns) if rows else -math.inf
        # (not for rows numbered in their task cells: the usual sets number them apart)
        if columns != printed and not in_cells:
            for usual in grammar()["headerless_columns"]:
                if list(usual) == columns or not _within(printed, list(usual)) \
                        or typed(list(usual)) - score < _FITS_ALREADY:
                    continue
                other = read_grid(lines, list(usual), body, dict(numbers), dict(groups), firsts)
                if other[0] and fit(other[0], other[1]) > score:
                    (rows, columns), score = other, fit(other[0], other[1])
        if found := [c for c in columns if c not in printed]:
            warnings.append(CanhBao(
                ma="header_incomplete",
                thong_diep=f"columns the header does not name, found by their cells: "
                           f"{', '.join(found)}",
                span=span_of(lines, header.first, header.last)))
        header.columns[:] = columns  # the table's columns are more than its first header's
        return rows, warnings, lost
    bounds = _bounds(body, numbers, groups, labels)
    rows: list[RawRow] = []
    for n, (marker, stt) in enumerate(numbers):
        block = [i for i in body[bounds[n]:bounds[n + 1]] if all(i != g for g, _ in groups)]
        nhom = next((name for g, name in reversed(groups) if g < marker), None)
        in_block = set(block)
        row_labels = [(i, m) for i, m in labels if i in in_block]
        firsts: dict[str, tuple[str, int]] = {}
        for i, m in row_labels:
            col = _LABEL_COLUMN[m.group(1)]
            if col != "hoat_dong" and col not in firsts:
                firsts[col] = (_fragment(lines[i].text, m.end()), i)
        activities = [(i, m) for i, m in row_labels if m.group(1) == "3"]
        starts = [i for i, _ in activities] or [block[0]] if block else []
        for a, start in enumerate(starts):
            stop = starts[a + 1] if a + 1 < len(starts) else end
            # the activity's lines (the first also takes the row's lines above it)
            sub = block[:bisect_left(block, stop)] if a == 0 else \
                block[bisect_left(block, start):bisect_left(block, stop)]
            row = RawRow(stt=stt, nhom=nhom, confidence=_OCR_CONFIDENCE, incomplete=True)
            row.lines.add(marker)
            if "muc_tieu" in firsts:  # one objective per numbered row
                row.add("muc_tieu", *firsts["muc_tieu"])
            # A task cell is centred beside its activities: it is given to the activity
            # whose lines hold its label (or to the only one), never guessed for the others.
            own = [(i, m) for i, m in row_labels if m.group(1) == "2" and i in sub]
            if own and len(starts) > 1:
                i, m = own[0]
                row.add("nhiem_vu", _fragment(lines[i].text, m.end()), i)
            elif "nhiem_vu" in firsts and len(starts) == 1:
                row.add("nhiem_vu", *firsts["nhiem_vu"])
            if activities:
                i, m = activities[a]
                row.add("hoat_dong", _fragment(lines[i].text, m.end()), i)
            _extract(row, lines, sub, "kinh_phi" in header.columns)
            rows.append(row)
            lost += _report_rest(lines, sub, row, warnings)
    return rows, warnings, lost


def _report_rest(lines: list[Line], block: list[int], row: RawRow,
                 warnings: list[CanhBao]) -> int:
    """Report the text of a row's lines that no cell took: with the columns interleaved,
    only each cell's first words and the typed cells are placed, and the rest is given to
    the reader as it stands (the row's lines, what was placed left out), not dropped.
    Returns its length in characters, which lowers the table's confidence."""
    if not block:
        return 0
    rest = " ".join(lines[i].text.strip() for i in block)
    for pieces in row.cells.values():
        for p in pieces:
            rest = rest.replace(p.text, " ", 1)
    rest = regex.sub(r"\s+", " ", rest).strip(" |")
    if not any(c.isalpha() for c in rest):
        return 0
    warnings.append(unplaced(lines, block[0], rest, "columns interleaved", block[-1]))
    return len(rest)
