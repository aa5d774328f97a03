"""Tab-separated tables (a word processor's export): one row per line, cells split by tabs.

The header is repeated on every page, often with the ``1 2 3 4 5 6`` numbering row, and a
group cell cut by a page break continues in the first row of the next page without its
number. Cells are placed by position; a line with more cells than columns keeps the extra
ones out and warns.
"""

from __future__ import annotations

from ..lines import Line
from ..models import CanhBao
from .align import align
from .assemble import RawRow, unplaced
from .detect import Header, header_at
from .groups import fix_centred_groups, is_group_name, split_number
from .header import is_numbering_row


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
    i = header.last + 1
    while i < end:
        text = lines[i].text
        if not text.strip() or is_numbering_row(text):
            i += 1
            continue
        if (again := header_at(lines, i)) is not None:
            i = again.last + 1
            continue
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        if len(cells) == 1 and rows:
            # A line without tabs inside the table: the rest of the previous row's last cell.
            last_col = max(rows[-1].cells, key=lambda c: rows[-1].cells[c][-1].index)
            rows[-1].add(last_col, cells[0], i)
            i += 1
            continue
        # Empty cells (a merged group cell, a leading tab the reader dropped) are not
        # reliable positions: the cells present are placed by what they are.
        placed, dropped, quality = align(cells, columns)
        row = RawRow(confidence=1.0 if len(cells) == len(columns) else 0.7 + 0.3 * quality)
        started = False
        for k, cell in enumerate(cells):
            col = placed.get(k)
            if col is None:
                continue
            if col == "nhom":
                if is_group_name(cell) or group is None:
                    group, started = cell, True
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
            row.add(col, cell, i)
        for k in dropped:
            warnings.append(unplaced(lines, i, cells[k], "fits no column"))
            lost += len(cells[k])
        row.lines.add(i)
        row.nhom = group
        if not row.cells.get("nhiem_vu") and rows and not started:
            for col, pieces in row.cells.items():  # a row cut by a page break goes on here
                for p in pieces:
                    rows[-1].add(col, p.text, p.index)
        elif row.cells:
            rows.append(row)
            starts.append(started)
        i += 1
    fix_centred_groups(rows, starts)
    return rows, warnings, lost
