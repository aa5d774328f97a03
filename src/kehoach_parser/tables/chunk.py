"""A table printed one cell per line, read into chunks (a cell's wrapped lines joined) and
cells: consecutive bulleted items of one kind are one cell (``- Kế hoạch`` / ``- Báo cáo``),
and a deliverable's item with its deadline after it (``- Kế hoạch`` / ``trước ngày ...``)
is one time cell with the items after it."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..fold import ocr_fold
from .align import cell_kind
from .classify import cell_vocab, classify, starts_with_any, strip_bullet
from .timespec import time_coverage, time_spans

BULLET = regex.compile(r"^\s*[-–—+•]\s*")


@dataclass
class Chunk:
    """A cell's lines as read, each with its line index."""

    parts: list[tuple[str, int]] = field(default_factory=list)  # (text, line index)
    items: set[int] = field(default_factory=set)  # parts that start a new bulleted item
    mark: bool = False  # what OCR left of a row's or a group's number (marker.py)

    @property
    def text(self) -> str:
        return " ".join(t for t, _ in self.parts)

    @property
    def bulleted(self) -> bool:
        return bool(BULLET.match(self.parts[0][0]))


def group_items(chunks: list[Chunk]) -> list[Chunk]:
    """Bulleted items of one kind in a row are one cell of several items."""
    out: list[Chunk] = []
    for ch in _deadline_items(chunks):
        if out and ch.bulleted and cell_kind(ch.text) == cell_kind(out[-1].text):
            out[-1].items.add(len(out[-1].parts))
            out[-1].parts.extend(ch.parts)
        else:
            out.append(Chunk(list(ch.parts), set(ch.items)))
    return out


def _deadline_items(cells: list[Chunk]) -> list[Chunk]:
    """``- Kế hoạch`` / ``UBND tỉnh`` / ``trước ngày 30/01/2022`` / ``- Báo cáo chậm nhất
    10/12/2022``: one time cell of parallel items, each a deliverable and its deadline. A
    deliverable's name standing alone as a bulleted cell, then unbulleted cells ending in a
    time, then a bullet naming a deliverable with its time: the cells between finish the
    first item, and the whole is one cell (which reads as a time)."""
    out: list[Chunk] = []
    i = 0
    while i < len(cells):
        head = cells[i]
        j = next((k for k in range(i + 1, len(cells)) if cells[k].bulleted), None)
        if (head.bulleted and j is not None and j >= i + 2 and _bare_product(head.text)
                and _ends_in_time(cells[j - 1].text)
                and _product_with_time(cells[j].text)):
            merged = Chunk(list(head.parts), set(head.items))
            for c in cells[i + 1:j]:
                merged.parts.extend(c.parts)
            merged.items.add(len(merged.parts))
            merged.parts.extend(cells[j].parts)
            out.append(merged)
            i = j + 1
            continue
        out.append(head)
        i += 1
    return out


def _bare_product(text: str) -> bool:
    return classify(text)[0] == "product" and len(strip_bullet(text).split()) <= 3


def _ends_in_time(text: str) -> bool:
    spans = time_spans(text)
    return bool(spans) and not text[spans[-1][1]:].strip(" .;,")


def _product_with_time(text: str) -> bool:
    return (starts_with_any(ocr_fold(strip_bullet(text)), cell_vocab()["product_heads"])
            and time_coverage(text) > 0)
