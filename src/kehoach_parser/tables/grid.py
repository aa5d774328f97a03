"""Rows of a ruled grid table OCR'd line by line, its cells top-aligned: the row number on
the row's first line, every cell starting on that line and wrapping below it, so each OCR
line holds fragments of several neighbouring cells (gridrow.py cuts them apart).

Rows:

* a printed row number starts a row; so does the first line after a group row;
* a line where every column starts anew after its row's cells have ended (the cells that
  went on cannot take it, a row's first line can) starts a row whose number OCR lost; it is
  a further activity of the task above when its task cells are empty (repeating ``stt``,
  ``muc_tieu`` and ``nhiem_vu``), else a task, numbered only when the numbers around it
  leave exactly its place free: a row is never invented, nor a number guessed;
* each column's wrap width is fitted to the document (gridrow.fit_widths): on a first
  reading without widths, then again on each better reading;
* the rows found, each is cut into its cells again with its lines read together
  (gridrow.read_row), twice, the widths fitted anew in between;
* the cells are restored again, each on its own (cell_restore.py), and a row whose words
  that changed is cut once more.

Every row is an OCR reading: its confidence is the reader's 0.5 at most, lower for each
fragment that is wider than its column, crosses a ruling or is not of its column's kind,
and a row with an empty cell is marked incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..lines import Line
from .assemble import Piece, RawRow
from .cell_restore import Confidence, repairs, restore_cells, restored_line
from .classify import (
    BULLET_START,
    GROUP_NUMBER,
    INLINE_ITEM,
    classify,
    deliverables_after_deadlines,
)
from .debris import EDGE, is_debris
from .gridkind import TIME, kind_score, new_product
from .gridline import Context, Fragment, GridLine, words
from .gridrow import agency_items, fit_widths, read_row, segment, segments
from .groupcol import opens_group, ruled_at_number
from .header import grammar

_NUMBER = regex.compile(r"^\s*(?:\|\s*)?\d{1,4}\s*[|.]?\s*")
_NUMBER_ONLY = regex.compile(r"^\s*(?:\|\s*)?(\d{1,4})\s*[|.]?\s+(?=\p{Lu})")
# A row number OCR read as one letter ("a" for 7, "S" for 5) before the row's first capital.
_GLYPHS = regex.escape(grammar()["row_number_glyphs"])
_LOST_NUMBER = regex.compile(
    rf"^\s*(?:[\p{{Ll}}|]|[{_GLYPHS}](?=\s+\p{{Lu}}\p{{Ll}}))\s+(?=\p{{Lu}})")
# ... and inside a group, where a line may go on with the row above: a Latin letter alone,
# which no cell's line starts with, before a capital or a number ("g 80% TTHC").
_LOST_NUMBER_MID = regex.compile(
    rf"^\s*(?:[a-z|]\s+(?=[\p{{Lu}}\d])|(?P<glyph>[{_GLYPHS}])\s+(?=\p{{Lu}}\p{{Ll}}))")
_NEW_ROW_MARGIN = 3.0  # a new row must read clearly better than a continuation
_MIN_START = 3  # cells a new row's first line holds at least
_PASSES = 2  # without widths, then with the widths the first pass found
_JOINT_PASSES = 2  # rows read whole, then again with the widths that reading gives
_DOUBT_COST = 0.15
_MIN_CONFIDENCE = 0.2
_NOISE_WORD = 3  # a damaged numbering row ("Pì ee") has no longer word
_TASK_CELLS = ("muc_tieu", "nhiem_vu")
_PRODUCTS = "san_pham"
# Cells most rows leave blank as printed: remarks, and a group cell merged down its rows.
_BLANK_BY_DESIGN = ("ghi_chu", "nhom")


@dataclass
class _Row:
    stt: str | None
    nhom: str | None
    sub: bool = False
    # the columns its lines may hold, when not all the table's: a row whose first line
    # has no group fragment has no group cell (groupcol.py)
    cols: list[str] | None = None
    lines: list[tuple[int, list[Fragment]]] = field(default_factory=list)
    words: list[GridLine] = field(default_factory=list)  # each line's, number left out

    def prev(self) -> dict[str, str]:
        return {f.column: f.text for f in self.lines[-1][1]} if self.lines else {}


def _is_noise(text: str) -> bool:
    """The numbering row ``1 2 3 …`` as OCR damages it under a header: a few short words."""
    return all(len(w) <= _NOISE_WORD for w in text.split())


def _is_debris(text: str) -> bool:
    """A line OCR made of a ruling (no word at all) or a speck (``debris.is_debris``)."""
    return not any(t.strip(EDGE) for t in text.split()) or is_debris(text)


def _read(lines: list[Line], body: list[int], columns: list[str], numbered: dict[int, str],
          groups: dict[int, str], widths: dict[str, float] | None,
          known: dict[str, GridLine], in_cells: bool) -> list[_Row]:
    """The rows, each line cut alone; ``known`` the lines cut before (by text), which keep
    what their fragments score; ``in_cells``: the numbers stand in the task cells (they are
    the task cell's first word, not a column of their own)."""
    rows: list[_Row] = []
    nhom: str | None = None
    cur: _Row | None = None
    for i in body:
        if i in groups:
            nhom, cur = groups[i], None
            continue
        text = lines[i].text
        if i in numbered and not in_cells:
            text = text[_NUMBER.match(text).end():]  # type: ignore[union-attr]
        elif cur is None:
            text = _LOST_NUMBER.sub("", text)
        ws = known.get(text)
        if ws is None:
            found = words(text)
            ws = known[text] = GridLine(
                ruled_at_number(found, text) if in_cells and i in numbered else found)
        first = Context(first=True, widths=widths)
        if i in numbered:
            cur = _Row(numbered[i], nhom, cols=_row_columns(columns, text) if in_cells else None)
            rows.append(cur)
            cur.lines.append((i, segment(ws, cur.cols or columns, first)[0][1]))
            cur.words.append(ws)
            continue
        # An unnumbered row is a further activity when no number is free for it; a table
        # without an activity column has none: the line goes on with the row above.
        sub = _no_number_free(rows, numbered, i)
        own = [c for c in columns if c not in _TASK_CELLS] if sub else columns
        if sub and cur is not None and "hoat_dong" not in columns:
            cont = Context(first=False, prev=cur.prev(), widths=widths)
            cur.lines.append((i, segment(ws, cur.cols or columns, cont)[0][1]))
            cur.words.append(ws)
            continue
        if cur is None:
            s_new, f_new = segment(ws, own, first)[0]
        else:
            cont = Context(first=False, prev=cur.prev(), widths=widths)
            if sub or cur.cols:
                s_new, f_new = segment(ws, own, first)[0]
                s_cont, f_cont = segment(ws, cur.cols or columns, cont)[0]
            else:  # both readings of the line cut together: one pass over its arrays
                ((s_new, f_new),), ((s_cont, f_cont),) = segments(ws, columns, [first, cont])
                lost = _LOST_NUMBER_MID.match(lines[i].orig or text)
                if lost and len(text.split()) > 1:
                    # a new row whose number OCR read as a letter ("g 80% TTHC"), told on
                    # the printed text (restoration reads the letter as a word: "gia"); a
                    # capital one is a number's glyph whichever reads better
                    bare = text.split(maxsplit=1)[1]
                    bare_ws = known.get(bare) or known.setdefault(bare, GridLine(words(bare)))
                    s_bare, f_bare = segment(bare_ws, columns, first)[0]
                    if s_bare > s_new or lost.group("glyph"):
                        s_new, f_new, ws = s_bare, f_bare, bare_ws
            # rows numbered in their task cells: an unnumbered one opens a group (a task
            # the plan left unnumbered under its group's numeral), else it is no row
            if not (s_new - s_cont > _NEW_ROW_MARGIN and _starts_all(f_new, own)) or (
                    in_cells and not GROUP_NUMBER.match(text)):
                cur.lines.append((i, f_cont))
                cur.words.append(known[text])
                continue
        cur = _Row(None, nhom, sub=sub)
        rows.append(cur)
        cur.lines.append((i, f_new))
        cur.words.append(ws)
    return rows


def _row_columns(columns: list[str], text: str) -> list[str] | None:
    """The columns of a row numbered in its task cell whose first line ``text`` starts
    with that number: all but the group column (no group cell opens there)."""
    return [c for c in columns if c != "nhom"] if "nhom" in columns and not opens_group(text) \
        else None


def _numbers_under_groups(lines: list[Line], body: list[int], numbered: dict[int, str],
                          groups: dict[int, str]) -> dict[int, str]:
    """Row numbers on the first line under a group row that the run of consecutive numbers
    left out (``11`` after ``5`` when OCR lost 6 to 10): the group row says a row starts
    there, and a number that goes up is its number."""
    out: dict[int, str] = {}
    for k, i in enumerate(body[1:], 1):
        m = _NUMBER_ONLY.match(lines[i].text)
        if body[k - 1] in groups and i not in numbered and m:
            last = max((int(n) for j, n in numbered.items() if j < i and n.isdigit()), default=0)
            if int(m.group(1)) > last:
                out[i] = m.group(1)
    return out


def _budget_at_ends(lines: list[Line], body: list[int], numbered: dict[int, str]) -> bool:
    """Whether most numbered rows' first lines end with an amount or a budget source (its
    last two or three words: ``12/2022 1.200 triệu`` ends with the time cell's end)."""
    ends = [any(kind_score("kinh_phi", " ".join(words[-n:]), None) > 0 for n in (2, 3))
            for i in numbered if i in body for words in [lines[i].text.split()]]
    return len(ends) >= 2 and sum(ends) * 2 > len(ends)


def _starts_all(frags: list[Fragment], columns: list[str]) -> bool:
    """Whether a line reads as a row's first line: most columns start a cell on it, each
    with a capital or a digit (a new row is never made of a stray line's words)."""
    starts = [f for f in frags if f.text[:1].isupper() or f.text[:1].isdigit()]
    return len(starts) == len(frags) and len(frags) >= max(_MIN_START, len(columns) // 2)


def _no_number_free(rows: list[_Row], numbered: dict[int, str], at: int) -> bool:
    """Whether the task numbers printed before and after line ``at`` follow each other."""
    last = next((r.stt for r in reversed(rows) if not r.sub and r.stt), None)
    after = next((numbered[i] for i in sorted(numbered) if i > at), None)
    if last is None or after is None or not (last.isdigit() and after.isdigit()):
        return False
    return int(after) == int(last) + 1


def _number_lost(rows: list[_Row]) -> None:
    """Number the tasks whose number OCR lost when the numbers around them leave exactly
    their places free (tasks 2 and 4 printed, one unnumbered task between them: 3), and
    the tasks after the last printed number, which can only continue it (or start again
    at 1 in a new group, when the table numbers its tasks anew in each group)."""
    tasks = [r for r in rows if not r.sub]
    restarts = any(t.stt == "1" and k and tasks[k - 1].nhom != t.nhom
                   for k, t in enumerate(tasks))
    k = 0
    while k < len(tasks):
        if tasks[k].stt is not None:
            k += 1
            continue
        run_end = next((x for x in range(k, len(tasks)) if tasks[x].stt is not None), None)
        before = int(tasks[k - 1].stt) if k and (tasks[k - 1].stt or "").isdigit() else \
            0 if k == 0 else None
        after = int(tasks[run_end].stt) if run_end is not None \
            and (tasks[run_end].stt or "").isdigit() else None
        stop = run_end if run_end is not None else len(tasks)
        if before is not None and after is not None and after - before - 1 == stop - k:
            for n, x in enumerate(range(k, stop)):
                tasks[x].stt = str(before + 1 + n)
        elif before is not None and run_end is None and k:
            for x in range(k, stop):
                before = 0 if restarts and tasks[x].nhom != tasks[x - 1].nhom else before
                before += 1
                tasks[x].stt = str(before)
        k = stop


def read_grid(lines: list[Line], columns: list[str], body: list[int],
              numbered: dict[int, str], groups: dict[int, str], after_header: set[int],
              in_cells: bool = False) -> tuple[list[RawRow], list[str]]:
    """Rows from ``body`` (line indexes, headers left out), and the table's columns (a
    budget column OCR lost from the header is added); ``numbered`` the lines that start
    a row, with its number, ``groups`` the group rows, ``after_header`` the first line
    under each header (where the numbering row stands); ``in_cells``: the numbers are
    printed inside the task cells (groupcol.py), not in a number column at the line start."""
    cols = [c for c in columns if c != "stt"]
    body = [i for i in body if i in numbered or i in groups or not (
        (i in after_header and _is_noise(lines[i].text))
        or _is_debris(lines[i].orig or lines[i].text))]  # as printed: restoration makes words
    numbered = {**numbered, **_numbers_under_groups(lines, body, numbered, groups)}
    if "kinh_phi" not in cols and _budget_at_ends(lines, body, numbered):
        cols.append("kinh_phi")  # OCR lost the budget column's header cell, not its cells
        columns = [*columns, "kinh_phi"]
    elif cols[-1:] == [TIME] and "san_pham" not in cols and deliverables_after_deadlines(
            [lines[i].text for i in numbered]):
        cols.append("san_pham")  # ... or the deliverable column's, printed last
        columns = [*columns, "san_pham"]
    out = _cells(lines, cols, body, numbered, groups, in_cells)
    if "san_pham" not in cols and "chu_tri" in cols and _deliverables_lead(out):
        # ... or the deliverable column's before the lead agency's: its cells were read as
        # the agencies' first words; read again with it
        cols.insert(cols.index("chu_tri"), "san_pham")
        columns.insert(columns.index("chu_tri"), "san_pham")
        out = _cells(lines, cols, body, numbered, groups, in_cells)
    return out, columns


def _recut(rows: list[_Row], cols: list[str], widths: dict[str, float] | None) -> None:
    """Each row cut again over the words its cells' restoration gave: a word at a cell's
    edge that the line's restoration misread (``ché`` read ``chỗ`` beside ``trí``, where
    the cell says ``biên chế``) pulled the cut its way (gridline.py's cohesion)."""
    for r in rows:
        r.words = [restored_line(gl, frags)
                   for gl, (_, frags) in zip(r.words, r.lines, strict=True)]
        first = [c for c in cols if c not in _TASK_CELLS] if r.sub else r.cols or cols
        cut = read_row(r.words, r.cols or cols, first, widths)
        r.lines = [(i, list(f)) for (i, _), f in zip(r.lines, cut, strict=True)]


def _inline_items(raw: RawRow) -> None:
    """A bulleted cell's items that run on within a line (``- Kế hoạch - Báo cáo``, or a
    line ending on the dash of an item wrapped below it) are items of their own, as the
    other readers give them."""
    for col, pieces in raw.cells.items():
        if not BULLET_START.match(pieces[0].text):
            continue
        items: list[Piece] = []
        for p in pieces:
            parts = INLINE_ITEM.split(p.text)
            if items and items[-1].text.endswith((" -", " –")):  # the dash of this item
                items[-1].text = items[-1].text[:-2]
                parts[0], new = f"- {parts[0]}", True
            else:
                new = p.new_item
            items.extend(Piece(t, p.index, new or k > 0) for k, t in enumerate(parts) if t)
        raw.cells[col] = items


def _product_items(raw: RawRow) -> None:
    """Deliverables printed on lines of their own in one cell are items of their own
    (``new_product``), as a ``;`` or a bullet would make them."""
    item = ""
    for p in raw.cells.get(_PRODUCTS, []):
        if item and not p.new_item and new_product(item, p.text):
            p.new_item = True
        item = p.text if p.new_item or not item else f"{item} {p.text}"


def _deliverables_lead(rows: list[RawRow]) -> bool:
    """Whether most lead-agency cells start with a deliverable (``Báo cáo kết quả`` before
    ``Sở Tư pháp``): the header lost the deliverable column before it."""
    firsts = [r.cells["chu_tri"][0].text for r in rows if r.cells.get("chu_tri")]
    hits = sum(classify(t)[0] == "product" for t in firsts)
    return len(firsts) >= 2 and hits * 2 > len(firsts)


def _cells(lines: list[Line], cols: list[str], body: list[int], numbered: dict[int, str],
           groups: dict[int, str], in_cells: bool) -> list[RawRow]:
    """The rows of the grid and their cells under the columns ``cols``."""
    widths: dict[str, float] | None = None
    rows: list[_Row] = []
    known: dict[str, GridLine] = {}
    for _ in range(_PASSES):  # the rows, each line read alone
        rows = _read(lines, body, cols, numbered, groups, widths, known, in_cells)
        widths = fit_widths([[tuple(f) for _, f in r.lines] for r in rows], cols)
    for _ in range(_JOINT_PASSES):  # each row's cells, its lines read together
        for r in rows:
            first = [c for c in cols if c not in _TASK_CELLS] if r.sub else r.cols or cols
            cut = read_row(r.words, r.cols or cols, first, widths)
            r.lines = [(i, list(f)) for (i, _), f in zip(r.lines, cut, strict=True)]
        widths = fit_widths([[tuple(f) for _, f in r.lines] for r in rows], cols)
    _number_lost(rows)
    sure: Confidence = {}
    if changed := restore_cells(lines, rows, sure):
        _recut(changed, cols, widths)
        restore_cells(lines, changed, sure)
    out: list[RawRow] = []
    task: RawRow | None = None
    for row in rows:
        raw = RawRow(stt=row.stt, nhom=row.nhom)
        if row.sub and task is not None:  # the task's merged cells belong to each activity
            raw.stt = task.stt
            for col in _TASK_CELLS:
                for p in task.cells.get(col, []):
                    raw.cells.setdefault(col, []).append(p)
        doubts = 0
        raw.lines.update(i for i, _ in row.lines)
        raw.repairs = repairs(lines, [row], sure)
        for t, f, new in agency_items(frags for _, frags in row.lines):
            raw.add(f.column, f.text, row.lines[t][0], new_item=f.new_item or new)
            doubts += f.doubtful
        _inline_items(raw)
        _product_items(raw)
        raw.confidence = max(_MIN_CONFIDENCE, 1 - _DOUBT_COST * doubts)
        raw.incomplete = any(c not in raw.cells for c in cols if c not in _BLANK_BY_DESIGN)
        if not row.sub:
            task = raw
        out.append(raw)
    return out
