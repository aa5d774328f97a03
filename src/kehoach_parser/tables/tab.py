"""Tab-separated tables (a word processor's export): one row per line, cells split by tabs
(or by ``|`` when every row is written ``| … | … |``, as Markdown has it).

The header is repeated on every page, often with the ``1 2 3 4 5 6`` numbering row; a group
is either a row of its own (``I. Cải cách thể chế``, or ``II`` and its title in two cells)
or a first column (``Nhiệm vụ chung``) whose cell may be cut by a page break. Cells are
placed by position when a line has one per column, otherwise by what they are (align.py);
a cell that fits no column is kept out and reported. A line without number or task is a
task's next activity (it repeats ``stt``, ``muc_tieu`` and ``nhiem_vu``), an unnumbered
sub-row, or the rest of a row cut by a page break, told apart by which cells it fills.
"""

from __future__ import annotations

import regex

from ..lines import Line
from ..models import CanhBao
from .align import align
from .assemble import RawRow, unplaced
from .classify import BULLET_START, INLINE_ITEM
from .detect import PIPE_ROW, Header, header_at
from .groups import fix_centred_groups, group_label, is_group_name, parents_as_groups, split_number
from .header import is_numbering_row

_ROMAN_ONLY = regex.compile(r"^[IVXL]{1,5}\.?$")
_RULE = regex.compile(r":?-{3,}:?")
_REPEATED = ("stt", "nhom", "muc_tieu", "nhiem_vu")


def _group_row(cells: list[str], columns: list[str]) -> str | None:
    """``I. Cải cách thể chế`` alone on its line, or ``II`` | ``Cải cách ...``."""
    if len(cells) == 1 and is_group_name(cells[0]) and "nhom" not in columns:
        return group_label(cells[0])
    if len(cells) == 2 and _ROMAN_ONLY.match(cells[0]) and not cells[1][:1].isdigit():
        return f"{cells[0].rstrip('.')}. {cells[1]}"
    return None


def _follow_on(row: RawRow, prev: RawRow, columns: list[str]) -> RawRow | None:
    """What an unnumbered line without a task is: a new row (returned) or ``None`` when its
    cells go on with ``prev``'s (a row cut by a page break)."""
    if "hoat_dong" in columns and row.cells.get("hoat_dong"):
        for col in _REPEATED:  # another activity of the same task
            if col in ("stt", "nhom"):
                setattr(row, col, getattr(prev, col))
            elif prev.cells.get(col) and not row.cells.get(col):
                row.cells[col] = list(prev.cells[col])
        return row
    if row.cells and all(prev.cells.get(col) for col in row.cells):
        return row  # every cell it fills is filled above: a sub-row, not a continuation
    return None


def read_tab(lines: list[Line], header: Header, begin: int, end: int
             ) -> tuple[list[RawRow], list[CanhBao], int]:
    """Rows of a tab-separated table between ``header`` and ``end`` (exclusive), the
    warnings, and how many characters could not be placed."""
    columns = header.columns
    rows: list[RawRow] = []
    starts: list[bool] = []
    warnings: list[CanhBao] = []
    lost = 0
    group: str | None = None
    new_group = False
    for i in range(header.last + 1, end):
        text = lines[i].text
        if not text.strip() or is_numbering_row(text) or any(
                h.first <= i <= h.last for h in [header_at(lines, i)] if h):
            continue
        if PIPE_ROW.match(text):  # "| 1 | Rà soát ... |"; "|---|---|" rules are no row
            cells = [c.strip() for c in text.strip().strip("|").split("|")]
            cells = [c for c in cells if c and not _RULE.fullmatch(c)]
        else:
            cells = [c.strip() for c in text.split("\t") if c.strip()]
        if not cells:
            continue
        if (name := _group_row(cells, columns)) is not None:
            group, new_group = name, True
            continue
        if len(cells) == 1 and rows:
            # A line without tabs inside the table: the rest of the previous row's last cell.
            last_col = max(rows[-1].cells, key=lambda c: rows[-1].cells[c][-1].index)
            rows[-1].add(last_col, cells[0], i)
            continue
        # Empty cells (a merged group cell, a leading tab the reader dropped) are not
        # reliable positions: the cells present are placed by what they are, unless the
        # line has exactly one field a column (its empty ones included): then each is in
        # its column ("- Kế hoạch theo dõi ..." under the task column is a sub-task).
        fields = [c.strip() for c in text.split("\t")]
        if len(fields) < len(columns) == len(fields) + lines[i].col - 1:
            # the reader took the line's leading tabs off (its text starts at col)
            fields = [""] * (lines[i].col - 1) + fields
        if not PIPE_ROW.match(text) and len(fields) == len(columns) and len(cells) > 1:
            at = [k for k, c in enumerate(fields) if c]
            placed, dropped, quality = {n: columns[k] for n, k in enumerate(at)}, [], 1.0
        else:
            placed, dropped, quality = align(cells, columns)
        row = RawRow(confidence=1.0 if len(cells) == len(columns) else 0.7 + 0.3 * quality)
        for k, cell in enumerate(cells):
            col = placed.get(k)
            if col is None:
                continue
            if col == "nhom":
                if is_group_name(cell) or group is None:
                    group, new_group = group_label(cell), True
                else:  # a group name cut by a page break goes on here
                    old, group = group, f"{group} {cell}"
                    for prev in rows:
                        if prev.nhom == old:
                            prev.nhom = group
                continue
            if col == "stt":
                row.stt = cell.rstrip(".")
                continue
            if col == "nhiem_vu" and "stt" not in columns:
                row.stt, cell = split_number(cell)
            # "- Kế hoạch - Báo cáo": the items of a bulleted cell whose line breaks the
            # export flattened, joined with "; " as the other layouts give them.
            items = INLINE_ITEM.split(cell) if BULLET_START.match(cell) else [cell]
            for n, item in enumerate(items):
                row.add(col, item, i, new_item=n > 0)
        for k in dropped:
            warnings.append(unplaced(lines, i, cells[k], "fits no column"))
            lost += len(cells[k])
        row.lines.add(i)
        row.nhom = group
        if rows and row.stt is None and not row.cells.get("nhiem_vu") and not new_group:
            follow = _follow_on(row, rows[-1], columns)
            if follow is None:
                for col, pieces in row.cells.items():
                    for p in pieces:
                        rows[-1].add(col, p.text, p.index)
                continue
            row = follow
        if row.cells:
            rows.append(row)
            starts.append(new_group)
            new_group = False
    fix_centred_groups(rows, starts)
    return parents_as_groups(rows), warnings, lost
