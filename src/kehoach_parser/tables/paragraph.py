"""Tables printed one cell per paragraph (a PDF's text layer read cell by cell).

Each cell arrives as its wrapped lines, one ``Line`` each, a row's cells one after another,
usually but not always in column order (a vertically centred short cell comes after a
taller neighbour), two single-line cells sometimes on one line (``Phòng Tư pháp  Trong năm
2022``), and a task's text may go on after a page break below the other cells.

1. Lines are joined into chunks, a cell's wrapped lines one chunk (paragraph_lines.py).
2. A numbered chunk (``1. Xây dựng ...``, or a bare ``1`` in a number column, page
   numbers told apart by the sequence) starts a row; a group row is ``I. CẢI CÁCH ...``,
   or ``I`` and its title, or (a group column) plain text just before a restarted
   numbering; what OCR left of a number on its own line (``z``, ``Hl``) still starts a row
   or a group (marker.py), and a task right under a group row starts a row whose number
   was lost (or, under a group column's numbered cell, was never printed); a bulleted
   chunk as wide as the task column is an unnumbered sub-row, unless it is a deliverable
   and the row has none yet; an unbulleted one is the task text going on after a page
   break.
3. The other chunks of a row are placed by what they are (align.py), consecutive bulleted
   items of one kind being one cell (chunk.py: ``- Kế hoạch`` / ``- Báo cáo kết quả``);
   the lead and co-operating agencies, both agency lists, are told apart by the widths
   they wrap at (agency_width.py).
"""

from __future__ import annotations

import regex

from ..lines import Line
from ..models import CanhBao
from .agency_width import agencies_by_width
from .align import MIN_FIT, align, cell_kind, fit
from .assemble import RawRow, unplaced
from .chunk import Chunk, group_items
from .classify import TASK_NUMBER
from .detect import Header
from .groups import (
    fix_centred_groups,
    group_label,
    is_group_name,
    next_row_number,
    parents_as_groups,
    split_number,
)
from .marker import next_group, upper_group
from .paragraph_lines import BARE_NUMBER, MIN_TASK_WIDTH, WIDE_SHARE, read_chunks, task_width

_NARROW = 0.5  # a cell whose lines stay under this share of the task width is no task
_SECOND = 2
_INFERRED = 0.7  # a row whose number was inferred
_DAMAGED_NUMBER = 3  # characters: what OCR left of a row number ("al" for 1)
_ROMAN_ONLY = regex.compile(r"^[IVXL]{1,5}\.?$")


def _place(row: RawRow, cells: list[Chunk], columns: list[str], lines: list[Line],
           warnings: list[CanhBao]) -> int:
    """Put a row's cells in its columns; return the characters left unplaced."""
    targets = [c for c in columns if c not in ("stt", "nhom", "nhiem_vu")]
    texts = [c.text for c in cells]
    placed, dropped, quality = align(texts, targets, by_position=False)
    # A cell out of printed order: into a column still empty that it clearly belongs to.
    for k in list(dropped):
        free = [c for c in targets if c not in placed.values() and fit(texts[k], c) >= 0.8]
        if free:
            placed[k] = free[0]
            dropped.remove(k)
            row.confidence *= 0.9
    lost = 0
    for k, cell in enumerate(cells):
        col = placed.get(k)
        if col is None or fit(texts[k], col) < MIN_FIT:
            first_index = cell.parts[0][1]
            warnings.append(unplaced(lines, first_index, texts[k], "fits no column"))
            lost += len(texts[k])
            continue
        for n, (text, index) in enumerate(cell.parts):
            row.add(col, text, index, new_item=n in cell.items)
    if cells:
        row.confidence *= 0.8 + 0.2 * quality
    return lost


def _group_name(pending: list[Chunk]) -> str | None:
    """A group column's cell: the plain text chunks just before a restarted numbering
    (taken off the previous row's cells)."""
    names: list[Chunk] = []
    while pending and cell_kind(pending[-1].text) in ("text", "group"):
        names.insert(0, pending.pop())
    return " ".join(c.text for c in names) or None


def _number(bare: regex.Match[str]) -> int:
    """The row number (a sub-task's ``2.3``: its task's 2)."""
    text = bare.group(1).split(".")[0]
    return int(text) if text.isdigit() else 1


def _numbered(lines: list[Line], first: int, end: int) -> bool:
    """Whether rows are numbered on lines of their own although the header names no number
    column (OCR lost its ``Stt``): lone numbers 1 and then 2 (a table's pages are numbered
    from 2 at the least, so page numbers are not these)."""
    numbers = [_number(m) for ln in lines[first:end] if (m := BARE_NUMBER.match(ln.text.strip()))]
    return 1 in numbers and 2 in numbers[numbers.index(1):]


def _lost_first_row(chunks: list[Chunk], group: str | None) -> tuple[RawRow, list[Chunk]]:
    """Row 1 whose number OCR lost, from the chunks before row 2: the first is its task (after
    what is left of the number: a chunk of a few characters), the rest its other cells; the
    number is inferred, so the row is marked incomplete."""
    while len(chunks) > 1 and len(chunks[0].text.strip()) <= _DAMAGED_NUMBER:
        chunks = chunks[1:]
    row = RawRow(stt="1", nhom=group, confidence=_INFERRED, incomplete=True)
    for text, index in chunks[0].parts:
        row.add("nhiem_vu", text, index)
    return row, chunks[1:]


def _numbers_group(after: list[Chunk]) -> bool:
    """Whether a damaged number above the chunks ``after`` it numbered a group: its title
    is then followed by the first row's number, a task by the task's cells."""
    return len(after) == 2 and (after[1].mark or bool(
        BARE_NUMBER.match(after[1].text) or TASK_NUMBER.match(after[1].text)))


def read_paragraph(lines: list[Line], header: Header, begin: int, end: int
                   ) -> tuple[list[RawRow], list[CanhBao], int]:
    columns = header.columns
    width = task_width(lines, header.last + 1, end)
    numbered = "stt" in columns or _numbered(lines, header.last + 1, end)
    chunks = read_chunks(lines, header.last + 1, end, width, numbered)
    warnings: list[CanhBao] = []
    rows: list[RawRow] = []
    starts: list[bool] = []
    pending: list[list[Chunk]] = []  # the other cells of each row, placed at the end
    group: str | None = None
    new_group = awaiting_task = False
    roman: str | None = None  # a group's number alone on its line, its title to follow
    last_number = 0
    orphans: list[Chunk] = []  # cells before the first row number
    for k, ch in enumerate(chunks):
        single = ch.text if len(ch.parts) == 1 else ""
        if ch.mark:
            if _numbers_group(chunks[k + 1:k + 3]):
                roman = next_group(group)  # its title follows
            else:  # the next row, its number inferred
                last_number += 1
                rows.append(RawRow(stt=str(last_number), nhom=group, confidence=_INFERRED,
                                   incomplete=True))
                rows[-1].lines.add(ch.parts[0][1])
                starts.append(new_group)
                pending.append([])
                new_group, awaiting_task = False, True
            continue
        if (bare := BARE_NUMBER.match(single)) is not None:
            n = _number(bare)
            if n == _SECOND and not rows and orphans:
                # row 1's number OCR lost (read as "al"): its cells are the ones before 2
                row, cells = _lost_first_row(orphans, group)
                rows.append(row)
                starts.append(False)
                pending.append(cells)
                orphans, last_number = [], 1
            # anything else is a page number; numbering starts again under a new group
            names = _group_name(pending[-1]) if n == 1 and pending and "nhom" in columns \
                else None
            if names:
                group, new_group = names, True
            sub = "." in bare.group(1)  # 1.2: a sub-task of row 1 (or of 2, its row lost)
            if next_row_number(last_number, n) or (n == 1 and new_group) \
                    or (sub and last_number <= n <= last_number + 1):
                stt = bare.group(1) if sub else str(n)  # a lone I or l (OCR) is row 1
                rows.append(RawRow(stt=stt, nhom=group))
                rows[-1].lines.add(ch.parts[0][1])
                starts.append(new_group)
                pending.append([])
                new_group, awaiting_task, last_number = False, True, n
            continue
        if awaiting_task:
            narrow = width >= MIN_TASK_WIDTH and max(len(t) for t, _ in ch.parts) < _NARROW * width
            if "nhom" in columns and narrow and cell_kind(ch.text) == "text" and not starts[-1]:
                # the group column's cell printed beside its first row's number
                group = rows[-1].nhom = ch.text
                starts[-1] = True
                continue
            awaiting_task = False
            for text, index in ch.parts:
                rows[-1].add("nhiem_vu", text, index)
            continue
        if _ROMAN_ONLY.match(single):
            roman = single.rstrip(".")
            continue
        if roman is not None or (is_group_name(single) and "nhom" not in columns):
            group = f"{roman}. {ch.text}" if roman is not None else group_label(single)
            new_group, roman = True, None
            continue
        if "nhom" not in columns and (label := upper_group(single, group)) is not None:
            group, new_group = label, True
            continue
        if "nhom" in columns and rows and is_group_name(single):
            # a group column's numbered cell (``V. Cải cách tài chính công``) on a line of
            # its own: the rows below are its own, their numbering starting again
            group, new_group = group_label(single), True
            continue
        number, rest = split_number(ch.parts[0][0]) if TASK_NUMBER.match(ch.text) \
            else (None, "")
        wide = width >= MIN_TASK_WIDTH and len(ch.parts[0][0]) >= WIDE_SHARE * width
        if number is not None:
            started, new_group = new_group, False
            if "nhom" in columns and number == "1" and pending:
                names = _group_name(pending[-1])
                if names or not rows:
                    group, started = names or group, True
            if number.isdigit():
                last_number = int(number)
            row = RawRow(stt=number, nhom=group)
            row.add("nhiem_vu", rest, ch.parts[0][1])
            for text, index in ch.parts[1:]:
                row.add("nhiem_vu", text, index)
            rows.append(row)
            starts.append(started)
            pending.append([])
        elif not rows:
            if "nhom" in columns and cell_kind(ch.text) in ("text", "group"):
                group = f"{group} {ch.text}" if group else ch.text
            else:
                orphans.append(ch)
        elif wide and ch.bulleted and cell_kind(ch.text) not in ("time", "money") and (
                cell_kind(ch.text) != "product"
                or any(cell_kind(c.text) == "product" for c in pending[-1])):
            # an unnumbered sub-row; but a bulleted deliverable as wide is the row's own
            # while the row has none yet (cells printed unwrapped, one a line, make any of
            # them as wide as the task's first line)
            row = RawRow(nhom=group, confidence=0.9)
            for text, index in ch.parts:
                row.add("nhiem_vu", text, index)
            rows.append(row)
            starts.append(False)
            pending.append([])
        elif wide and not ch.bulleted and new_group and (numbered or "nhom" in columns):
            # a task right under a group row: its row's number is lost (nothing of the
            # row above goes on past a group row); or, where a group column's rows are
            # numbered anew, the plan left it unnumbered (no number to infer)
            last_number += 1
            row = RawRow(stt=None if "nhom" in columns else str(last_number), nhom=group,
                         confidence=_INFERRED, incomplete="nhom" not in columns)
            for text, index in ch.parts:
                row.add("nhiem_vu", text, index)
            rows.append(row)
            starts.append(True)
            pending.append([])
            new_group = False
        elif wide and not ch.bulleted and cell_kind(ch.text) in ("text", "task"):
            for text, index in ch.parts:  # the task text goes on after a page break
                rows[-1].add("nhiem_vu", text, index)
        else:
            pending[-1].append(ch)
    warnings.extend(unplaced(lines, ch.parts[0][1], ch.text, "before the first row")
                    for ch in orphans)
    lost = 0
    for row, cells in zip(rows, pending, strict=True):
        lost += _place(row, group_items(cells), columns, lines, warnings)
    agencies_by_width(rows)
    fix_centred_groups(rows, starts)
    return parents_as_groups(rows), warnings, lost
