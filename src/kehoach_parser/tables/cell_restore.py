"""The cells of an OCR'd grid restored again, each on its own, and what that changed.

The restoration stage read each OCR line across the columns it interleaves, so a word at a
cell's edge had another cell's words as context (``tự cht`` read ``tự chất`` beside ``công
lập``, where the cell says ``tự chủ``). Once the grid reader has cut the rows into cells,
each cell's fragments are restored again from their printed words, in one pass over the
table: a cell's fragments on lines of their own, a blank line between cells. Only where
restoration ran (a line keeps its printed text) and the printed words pair up with the
restored ones.

What this second reading changed is listed like any repair (``SuaDoi``): each fragment
whose text differs from its printed words, with its span in the input, the decoder's least
confidence over the fragment, and the reason. The plan lists it in place of the first
reading's repairs of the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from ..lines import Line
from ..models import Span, SuaDoi
from ..restore import restore_and_explain
from .gridline import Fragment, GridLine, words

REASON = "table cell restored again on its own, its line having interleaved other cells " \
    "(LM + channel)"
RULING = "; a colon ending the cell's line, its cell going on in lower case below, is the " \
    "ruling beside it as OCR reads it"


class GridRow(Protocol):
    """A row of the grid reader: its lines (index into the lines, the line's fragments)
    and each line's words, the row's number left out."""

    lines: list[tuple[int, list[Fragment]]]
    words: list[GridLine]


@dataclass(frozen=True)
class Printed:
    """A fragment as printed: its row, line (in the row) and place on the line, its
    printed words, and where they stand in the line's printed text."""

    row: GridRow
    line: int
    place: int
    text: str
    start: int
    end: int


# The decoder's least confidence over a fragment's words, by (row id, line, place).
Confidence = dict[tuple[int, int, int], float]


def restore_cells(lines: list[Line], rows: list[GridRow], sure: Confidence) -> list[GridRow]:
    """Each cell's fragments restored again from their printed words (their confidence
    put in ``sure``); returns the rows whose words it changed."""
    cells: list[list[Printed]] = []
    for row in rows:
        if all(lines[i].orig is None for i, _ in row.lines):
            continue
        cells.extend(printed_cells(lines, row).values())
    if not cells:
        return []
    text, changes = restore_and_explain("\n\n".join("\n".join(_without_ruling(cell))
                                                    for cell in cells))
    least: dict[int, float] = {}  # line of the text -> the least confidence on it
    for c in changes:
        least[c.line] = min(c.confidence, least.get(c.line, 1.0))
    again = iter(enumerate(text.split("\n"), 1))
    changed: dict[int, GridRow] = {}
    for cell in cells:
        for p in cell:
            k, restored = next(again)
            frags = p.row.lines[p.line][1]
            sure[id(p.row), p.line, p.place] = least.get(k, 1.0)
            if restored != frags[p.place].text:
                changed[id(p.row)] = p.row
                frags[p.place] = replace(frags[p.place], text=restored)
        next(again, None)  # the blank line between cells
    return list(changed.values())


def _without_ruling(cell: list[Printed]) -> list[str]:
    """The cell's fragments as printed, a colon OCR read from the ruling left out: one that
    ends a line whose cell goes on in lower case (``danh mục TTHC: |`` / ``thực hiện …``).
    A cell that introduces a list goes on with an item, not mid-phrase."""
    out = [p.text for p in cell]
    for k in range(len(out) - 1):
        if out[k].endswith(":") and out[k + 1][:1].islower():
            out[k] = out[k][:-1].rstrip()
    return out


def restored_line(line: GridLine, frags: list[Fragment]) -> GridLine:
    """``line`` with its words as its fragments say them (unchanged where restoration split
    or merged a word: the printed and the restored words no longer pair up)."""
    ws = words(" ".join(f.text for f in frags))
    if len(ws) != len(line.words):
        return line
    return GridLine([replace(w, text=n.text) for w, n in zip(line.words, ws, strict=True)])


def printed_cells(lines: list[Line], row: GridRow) -> dict[str, list[Printed]]:
    """Each column's fragments in the row as printed ({} where words do not pair up)."""
    out: dict[str, list[Printed]] = {}
    for t, ((i, frags), line) in enumerate(zip(row.lines, row.words, strict=True)):
        mine = words(lines[i].text)
        theirs = words(lines[i].orig or lines[i].text)
        if len(mine) != len(theirs):
            return {}
        k = len(mine) - len(line.words)  # the row's number, taken off the line
        for n, f in enumerate(frags):
            ws = theirs[k:k + f.words]
            out.setdefault(f.column, []).append(Printed(
                row, t, n, " ".join(w.text for w in ws), ws[0].start,
                ws[-1].start + len(ws[-1].text)))
            k += f.words
    return out


def repairs(lines: list[Line], rows: list[GridRow], sure: Confidence) -> list[SuaDoi]:
    """What the cells' own restoration made of their printed words, fragment by fragment."""
    out: list[SuaDoi] = []
    for row in rows:
        if all(lines[i].orig is None for i, _ in row.lines):
            continue
        for cell in printed_cells(lines, row).values():
            for p in cell:
                now = row.lines[p.line][1][p.place].text
                if now == p.text:
                    continue
                ln = lines[row.lines[p.line][0]]
                orig = ln.orig or ln.text
                # the input's characters: without the spaces put between words OCR ran
                # together (the reason names the split where the first reading made it)
                goc = "".join(ch for at, ch in enumerate(orig[p.start:p.end], p.start)
                              if at not in ln.apart)
                span = Span(line=ln.line, column=ln.printed_column(p.start), end_line=ln.line,
                            end_column=ln.printed_column(p.end))
                ruling = goc.endswith(":") and not now.endswith(":")
                out.append(SuaDoi(span=span, goc=goc, moi=now, ly_do=REASON + RULING * ruling,
                                  do_tin_cay=round(sure.get((id(row), p.line, p.place), 1.0), 3)))
    return out
