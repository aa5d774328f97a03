"""Tables printed one cell per paragraph (a PDF's text layer read cell by cell).

Each cell arrives as its wrapped lines, one ``Line`` each, a row's cells one after another,
usually but not always in column order (a vertically centred short cell comes after a
taller neighbour), two single-line cells sometimes on one line (``Phòng Tư pháp  Trong năm
2022``), and a task's text may go on after a page break below the other cells.

1. Lines are split where two cells share one (``split_merged``), then joined into chunks:
   a line continues the chunk above when it starts in lower case, when the line above ends
   open (``của``, ``và``, a comma, a dash) or, in the task column, when the line above is as
   wide as the column (it wrapped).
2. A numbered chunk (``1. Xây dựng ...``, or a bare ``1`` in a number column, page
   numbers told apart by the sequence) starts a row; a group row is ``I. CẢI CÁCH ...``,
   or ``I`` and its title, or (a group column) plain text just before a restarted
   numbering; what OCR left of a number on its own line (``z``, ``Hl``) still starts a row
   or a group (marker.py), and a task right under a group row starts a row whose number
   was lost; a bulleted chunk as wide as the task column is an unnumbered sub-row; an
   unbulleted one is the task text going on after a page break.
3. The other chunks of a row are placed by what they are (align.py), consecutive bulleted
   items of one kind being one cell (chunk.py: ``- Kế hoạch`` / ``- Báo cáo kết quả``);
   the lead and co-operating agencies, both agency lists, are told apart by the widths
   they wrap at (agency_width.py).
"""

from __future__ import annotations

import statistics

import regex

from ..lines import Line
from ..models import CanhBao
from .agency import known_agency
from .agency_width import agencies_by_width
from .align import MIN_FIT, align, cell_kind, fit
from .assemble import RawRow, unplaced
from .chunk import BULLET, Chunk, group_items
from .classify import TASK_NUMBER, classify, open_end, strip_bullet
from .debris import is_debris
from .detect import Header, header_at
from .groups import (
    fix_centred_groups,
    group_label,
    is_group_name,
    next_row_number,
    parents_as_groups,
    split_number,
)
from .header import is_numbering_row
from .marker import is_mark, next_group, upper_group
from .timespec import time_coverage

_WIDE_SHARE = 0.75  # a line this share of the task column's width was wrapped by it
_MIN_TASK_WIDTH = 25  # narrower "task columns" are not told from the others by width
_NARROW = 0.5  # a cell whose lines stay under this share of the task width is no task
_STRONG = ("product", "agency", "time", "money")
_CAPITAL_WORD = regex.compile(r"(?<=\s)(?=\p{Lu})")
# A row's number alone on its line (a year on its own line is text going on); OCR reads a
# lone 1 as i, l or a bar.
_SECOND = 2
_INFERRED = 0.7  # a row whose number was inferred
_DAMAGED_NUMBER = 3  # characters: what OCR left of a row number ("al" for 1)
# A sub-task's number (``1.1``, ``2.3``) stands alone on its line as well.
_BARE_NUMBER = regex.compile(r"^(\d{1,3}(?:\.\d{1,2}){0,2}|[il|])\.?$")
_ROMAN_ONLY = regex.compile(r"^[IVXL]{1,5}\.?$")


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
    if task_width < _MIN_TASK_WIDTH or len(prev) < _WIDE_SHARE * task_width \
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


def _next_line(lines: list[Line], start: int, end: int) -> str:
    return next((t for k in range(start, end) if (t := lines[k].text.strip())), "")


def _wide(task_width: int) -> int:
    """The least width of a line that fills the task column (0: width tells nothing)."""
    return round(_WIDE_SHARE * task_width) if task_width >= _MIN_TASK_WIDTH else 0


def _task_width(lines: list[Line], first: int, end: int) -> int:
    """The task column's width: its first lines (after ``1.``, or after a bare ``1``)."""
    widths = [len(lines[i].text.strip()) for i in range(first, end)
              if TASK_NUMBER.match(lines[i].text)
              or (i > first and _BARE_NUMBER.match(lines[i - 1].text.strip()))]
    return int(statistics.median(widths)) if widths else 0


def _chunks(lines: list[Line], first: int, end: int, task_width: int, numbered: bool
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
        if _BARE_NUMBER.match(raw):
            if numbered:
                chunks.append(Chunk([(raw, i)]))
                after_number, in_task = True, False
            i += 1  # else a page number
            continue
        if numbered and is_mark(raw, _next_line(lines, i + 1, end), _wide(task_width)):
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
        wide = task_width >= _MIN_TASK_WIDTH and len(raw) >= _WIDE_SHARE * task_width
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
            narrow_to_wide = wide and not in_task and len(prev) < _WIDE_SHARE * task_width
            if chunks and not starts_new and not narrow_to_wide and (
                    lower or joins_name or open_end(prev)):
                chunks[-1].parts.append((text, i))
                continue
            chunks.append(Chunk([(text, i)]))
            in_task = bool(TASK_NUMBER.match(text)) or narrow_to_wide
        i += 1
    return chunks


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
    numbers = [_number(m) for ln in lines[first:end] if (m := _BARE_NUMBER.match(ln.text.strip()))]
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
        _BARE_NUMBER.match(after[1].text) or TASK_NUMBER.match(after[1].text)))


def read_paragraph(lines: list[Line], header: Header, begin: int, end: int
                   ) -> tuple[list[RawRow], list[CanhBao], int]:
    columns = header.columns
    width = _task_width(lines, header.last + 1, end)
    numbered = "stt" in columns or _numbered(lines, header.last + 1, end)
    chunks = _chunks(lines, header.last + 1, end, width, numbered)
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
        if (bare := _BARE_NUMBER.match(single)) is not None:
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
            narrow = width >= _MIN_TASK_WIDTH and max(len(t) for t, _ in ch.parts) < _NARROW * width
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
        number, rest = split_number(ch.parts[0][0]) if TASK_NUMBER.match(ch.text) \
            else (None, "")
        wide = width >= _MIN_TASK_WIDTH and len(ch.parts[0][0]) >= _WIDE_SHARE * width
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
        elif wide and ch.bulleted and cell_kind(ch.text) not in ("time", "money"):
            row = RawRow(nhom=group, confidence=0.9)  # an unnumbered sub-row
            for text, index in ch.parts:
                row.add("nhiem_vu", text, index)
            rows.append(row)
            starts.append(False)
            pending.append([])
        elif wide and not ch.bulleted and new_group and numbered:
            # a task right under a group row: its row's number is lost (nothing of the
            # row above goes on past a group row)
            last_number += 1
            row = RawRow(stt=str(last_number), nhom=group, confidence=_INFERRED,
                         incomplete=True)
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
