"""Tables aligned with spaces, as ``pdftotext -layout`` writes them: every cell's wrapped
lines stand at its column's position, cells of one line are two spaces apart or more.

Column positions come from the header (its words grouped by where they stand, a wrapped
header cell being one group); each piece of a body line goes to the column whose span holds
its start, then is checked against what it is (a piece that fits the next column much better
moves there at a lower confidence). A row starts where the number or task column holds a
number (``1``, ``1.``, ``2.3``) or at a group row (``I. Cải cách thể chế``).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..lines import Line
from ..models import CanhBao
from .align import MIN_FIT, cell_kind, fit
from .assemble import RawRow, unplaced
from .classify import INLINE_ITEM, TASK_NUMBER, strip_bullet
from .detect import Header, header_at
from .groups import fix_centred_groups, group_label, is_group_name, parents_as_groups, split_number
from .header import is_numbering_row, match_columns

_PIECE = regex.compile(r"\S+(?: \S+)*")  # text runs separated by two spaces or more
_BULLET = regex.compile(r"^[-–—+•]\s")
_DANGLING = regex.compile(r"\s+[-–+•]$")  # a bulleted line ending on the next item's bullet
_SLACK = 2  # a wrapped cell may start a little left of its header word
_BETTER = 0.5  # how much better a neighbour column must fit to take a piece
_AGENCY_COLUMNS = ("chu_tri", "phoi_hop")


@dataclass(frozen=True)
class Piece:
    x: int  # 0-based start column in the input line
    text: str


def pieces(line: Line) -> list[Piece]:
    base = line.col - 1
    return [Piece(base + m.start(), m.group()) for m in _PIECE.finditer(line.text)]


def column_starts(lines: list[Line], header: Header) -> list[tuple[int, str]]:
    """(start x, column) for every column the header names, left to right."""
    groups: list[list[Piece]] = []  # header pieces that overlap horizontally
    for ln in lines[header.first:header.last + 1]:
        for p in pieces(ln):
            end = p.x + len(p.text)
            for g in groups:
                if any(p.x < q.x + len(q.text) and q.x < end for q in g):
                    g.append(p)
                    break
            else:
                groups.append([p])
    starts: list[tuple[int, str]] = []
    for g in groups:
        text = " ".join(q.text for q in g)
        for m in match_columns(text):
            if m.column not in {c for _, c in starts}:
                starts.append((min(q.x for q in g), m.column))
                break
    return sorted(starts)


def _column_at(x: int, starts: list[tuple[int, str]]) -> int:
    k = 0
    for n, (sx, _) in enumerate(starts):
        if x + _SLACK >= sx:
            k = n
    return k


def _new_item(row: RawRow, col: str, text: str) -> bool:
    """Whether a bulleted line starts an item of the cell above it. An agency name wrapped
    at its dash (``Công chức Tư pháp`` / ``- Hộ tịch``) goes on: the cell's first line had
    no bullet, and what follows the dash does not start an agency of its own."""
    if not _BULLET.match(text) or col not in row.cells:
        return False
    if col in _AGENCY_COLUMNS and not _BULLET.match(row.cells[col][0].text):
        return cell_kind(strip_bullet(text)) == "agency"
    return True


def read_columns(lines: list[Line], header: Header, begin: int, end: int
                 ) -> tuple[list[RawRow], list[CanhBao], int]:
    starts = column_starts(lines, header)
    names = [c for _, c in starts]
    rows: list[RawRow] = []
    group_starts: list[bool] = []
    warnings: list[CanhBao] = []
    lost = 0
    group: str | None = None
    new_group = False
    labels: list[tuple[int, int, str]] = []  # a group column's cells: first, last line, text
    dangling: dict[str, bool] = {}  # columns whose bulleted line ended on the next bullet
    i = header.last + 1
    while i < end:
        ln = lines[i]
        if not ln.text.strip() or is_numbering_row(ln.text):
            i += 1
            continue
        if (again := header_at(lines, i)) is not None:
            i = again.last + 1
            continue
        found = pieces(ln)
        if len(found) == 1 and is_group_name(found[0].text) and "nhom" not in names:
            group, new_group = group_label(found[0].text), True
            i += 1
            continue
        for p in found:
            k = _column_at(p.x, starts)
            col = names[k]
            # Position decides; content only settles a piece that runs over the next
            # column's start (a cell printed a little left of where its header stands).
            if k + 1 < len(names) and p.x + len(p.text) > starts[k + 1][0] \
                    and fit(p.text, names[k + 1]) >= fit(p.text, col) + _BETTER:
                k, col = k + 1, names[k + 1]
                if rows:
                    rows[-1].confidence *= 0.9
            number = None
            if col == "stt" and p.text.rstrip(".").isdigit():
                number = p.text.rstrip(".")
            elif col == "nhiem_vu" and TASK_NUMBER.match(p.text):
                number, _ = split_number(p.text)
            if col == "nhom":  # a group cell's lines, its rows told at the end
                if labels and labels[-1][1] >= i - 1 and not is_group_name(p.text):
                    first, _, text = labels[-1]
                    labels[-1] = (first, i, f"{text} {p.text}")
                else:
                    labels.append((i, i, p.text))
                continue
            starts_row = number is not None and (
                not rows or col == "stt" or "stt" not in names or rows[-1].stt != number)
            # A task the plan left unnumbered starts a row where a group's cell starts on
            # its line with a numeral (``V. Cải cách tài`` beside ``Tiếp tục thực hiện``):
            # a group printed at the top of its first row, whose task starts there too.
            starts_row = starts_row or (
                col == "nhiem_vu" and number is None and p.text[:1].isupper()
                and bool(labels) and labels[-1][0] == i and is_group_name(labels[-1][2]))
            if starts_row and (col == "stt" or not rows or rows[-1].cells.get("nhiem_vu")):
                rows.append(RawRow(stt=number, nhom=group))
                group_starts.append(new_group)
                new_group = False
                if col == "stt":
                    rows[-1].lines.add(i)
                    continue
                text = split_number(p.text)[1]
            else:
                text = p.text
            if not rows:
                warnings.append(unplaced(lines, i, p.text, "before the first row"))
                lost += len(p.text)
                continue
            if fit(text, col) < MIN_FIT and col not in ("nhiem_vu", "muc_tieu", "hoat_dong"):
                rows[-1].confidence *= 0.8  # kept where it stands, but doubted
            row = rows[-1]
            if dangling.pop(col, False):  # "- Quý I/2024 -" above: this line is that item
                text = f"- {text}"
            # "- Kế hoạch - Báo": a bulleted line holding the start of the next item too
            items = INLINE_ITEM.split(text) if _BULLET.match(text) else [text]
            bulleted = bool(_BULLET.match(items[0])) or (
                col in row.cells and bool(_BULLET.match(row.cells[col][0].text)))
            # (a name wrapped at its dash, "Phòng Tài chính -", is no bulleted cell)
            if bulleted and len(items[-1]) > 2 and _DANGLING.search(items[-1]):
                items[-1] = _DANGLING.sub("", items[-1])
                dangling[col] = True
            row.add(col, items[0], i, new_item=_new_item(row, col, items[0]))
            for item in items[1:]:
                row.add(col, item, i, new_item=True)
        i += 1
    if labels:
        _assign_groups(rows, labels)
    else:
        fix_centred_groups(rows, group_starts)
    return parents_as_groups(rows), warnings, lost


def _assign_groups(rows: list[RawRow], labels: list[tuple[int, int, str]]) -> None:
    """Each row gets the group cell nearest its lines: a group cell is printed at the top
    or half-way down the rows it spans, never beyond them."""
    for row in rows:
        lo, hi = min(row.lines), max(row.lines)

        def distance(label: tuple[int, int, str], lo: int = lo, hi: int = hi) -> int:
            first, last, _ = label
            return 0 if first <= hi and last >= lo else min(abs(first - hi), abs(last - lo))

        row.nhom = group_label(min(labels, key=distance)[2])
