"""Draw a tab-separated appendix table as ruled grid pages (the table mode of render_ocr.py).

A plan's Phụ lục is printed as a ruled table on landscape pages: the header on every page
(with its ``1 2 3 …`` numbering row), group rows spanning the table, and cells wrapped
inside their column, each cell starting at its row's top. OCR'd line by line, such a page
gives what real scans give: each printed line holds the fragments of several neighbouring
cells, sometimes with ``|`` or ``_`` where the rules were.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFont

LANDSCAPE_W_MM, LANDSCAPE_H_MM, TABLE_MARGIN_MM = 297, 210, 15
_PAD = 0.35  # cell padding as a share of the font size
_NUMBERING = frozenset("0123456789()")


@dataclass
class Table:
    header: list[str]
    numbering: list[str] | None  # the "1 2 3 …" row under the header
    rows: list[list[str] | str]  # cells, or a group row's text


def split_table(lines: Sequence[str]) -> tuple[int, int, Table] | None:
    """(first, end, table) of the first tab-separated table in ``lines``: its header is the
    first line with tabs; a line without tabs inside it is a group row; repeated headers
    and numbering rows (a clean file's page breaks) are dropped, the renderer repeats them."""
    tabbed = [k for k, ln in enumerate(lines) if "\t" in ln]
    if not tabbed:
        return None
    first, last = tabbed[0], tabbed[-1]
    header = lines[first].rstrip().split("\t")
    table = Table(header=header, numbering=None, rows=[])
    for ln in lines[first + 1:last + 1]:
        text = ln.rstrip()
        if not text.strip():
            continue
        cells = text.split("\t")
        if cells == header:
            continue
        if all(set(c.strip()) <= _NUMBERING for c in cells) and len(cells) > 2:
            table.numbering = table.numbering or cells
            continue
        table.rows.append(cells + [""] * (len(header) - len(cells)) if "\t" in text
                          else text.strip())
    return first, last + 1, table


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """A cell's printed lines: one per item (``; `` in the clean text), each word-wrapped."""
    out: list[str] = []
    for item in (text.split("; ") if text.strip() else []):
        cur = ""
        for word in item.split():
            cand = f"{cur} {word}" if cur else word
            if cur and font.getlength(cand) > width:
                out.append(cur)
                cur = word
            else:
                cur = cand
        out.append(cur)
    return out


def column_widths(table: Table, font: ImageFont.FreeTypeFont, total: float) -> list[float]:
    """Each column at least as wide as its longest word; the rest shared by how much text
    the column holds (square root, so a long task column does not squeeze the others)."""
    n = len(table.header)
    cells = [[r[c] for r in table.rows if isinstance(r, list)] + [table.header[c]]
             for c in range(n)]
    pad = 2 * _PAD * font.size
    least = [max(font.getlength(w) for cell in col for w in cell.split() or [""]) + pad
             for col in cells]
    weight = [math.sqrt(sum(font.getlength(cell) for cell in col)) for col in cells]
    spare = max(0.0, total - sum(least))
    return [least[c] + spare * weight[c] / sum(weight) for c in range(n)]


def draw_pages(table: Table, font: ImageFont.FreeTypeFont, bold: ImageFont.FreeTypeFont,
               dpi: int, line_gap: float, ink: int, rng: random.Random) -> list[Image.Image]:
    """The table on as many landscape pages as it needs, header repeated on each."""
    px_mm = dpi / 25.4
    margin = round(TABLE_MARGIN_MM * px_mm)
    width, height = round(LANDSCAPE_W_MM * px_mm), round(LANDSCAPE_H_MM * px_mm)
    widths = column_widths(table, font, width - 2 * margin)
    xs = [margin + sum(widths[:c]) for c in range(len(widths) + 1)]
    line_h = round(font.size * line_gap)
    pad = round(_PAD * font.size)
    rule = max(1, dpi // 150)

    def laid(cells: list[str], face: ImageFont.FreeTypeFont) -> list[list[str]]:
        return [_wrap(t, face, w - 2 * pad) for t, w in zip(cells, widths, strict=True)]

    head = laid(table.header, bold)
    top_rows: list[tuple[list[list[str]], bool]] = [(head, True)]
    if table.numbering:
        top_rows.append((laid(table.numbering, font), True))
    body: list[tuple[list[list[str]], bool]] = []
    for row in table.rows:
        if isinstance(row, str):  # a group row: one cell across the table
            body.append(([_wrap(row, bold, xs[-1] - xs[0] - 2 * pad)], False))
        else:
            body.append((laid(row, font), False))

    def row_h(row: list[list[str]]) -> int:
        return max(1, *(len(c) for c in row)) * line_h + 2 * pad

    pages: list[Image.Image] = []
    while body:
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        y = margin
        on_page = list(top_rows)
        used = sum(row_h(r) for r, _ in top_rows)
        while body and (used + row_h(body[0][0]) <= height - 2 * margin or len(on_page)
                        == len(top_rows)):
            used += row_h(body[0][0])
            on_page.append(body.pop(0))
        for cells, centred in on_page:
            h = row_h(cells)
            draw.line([(xs[0], y), (xs[-1], y)], fill=ink, width=rule)
            spans = [(xs[0], xs[-1])] if len(cells) == 1 else list(pairwise(xs))
            face = bold if centred or len(cells) == 1 else font
            for (x0, x1), text in zip(spans, cells, strict=True):
                for k, ln in enumerate(text):
                    # a little jitter per line: no real table is set perfectly
                    x = (x0 + x1 - face.getlength(ln)) / 2 if centred else x0 + pad
                    draw.text((x + rng.randint(0, 2), y + pad + k * line_h), ln, font=face,
                              fill=ink)
            for x in ([xs[0], xs[-1]] if len(cells) == 1 else xs):
                draw.line([(x, y), (x, y + h)], fill=ink, width=rule)
            y += h
        draw.line([(xs[0], y), (xs[-1], y)], fill=ink, width=rule)
        pages.append(page)
    return pages
