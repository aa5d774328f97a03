"""From cells placed in columns to typed rows (``Dong``) and the table's confidence.

Readers hand over ``RawRow`` values: for each column the text pieces (with the index of the
line each came from) and how sure the reader is of the placement. Here the pieces are
joined as printed, the typed fields are derived, and the confidences are computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..lines import Line, span_of
from ..models import CanhBao, Dong, PhuLuc, SuaDoi
from .agency import split_agencies
from .classify import strip_bullet
from .damaged_agency import canonical_agency
from .money import parse_budget
from .timespec import parse_time

CELL_COLUMNS = ("muc_tieu", "nhiem_vu", "hoat_dong", "san_pham", "chu_tri", "phoi_hop",
                "thoi_gian", "kinh_phi", "ghi_chu")
# Remarks are blank in most rows by design: an empty one says nothing about a row's reading.
_OPTIONAL = frozenset({"ghi_chu"})
# Prior accuracy of each layout: how often a cell read from it lands in the right column.
LAYOUT_ACCURACY = {"tab": 1.0, "paragraph": 0.9, "columns": 0.85, "ocr": 0.5}

_ITEM_SPLIT = regex.compile(r"\s*;\s*|(?:^|\s+)[-–—•+]\s+")
_SPACES = regex.compile(r"[ \t]+")


@dataclass
class Piece:
    text: str
    index: int  # index of the Line it came from
    new_item: bool = False  # starts a new item of a multi-line cell (joined with "; ")


@dataclass
class RawRow:
    stt: str | None = None
    nhom: str | None = None
    cells: dict[str, list[Piece]] = field(default_factory=dict)
    lines: set[int] = field(default_factory=set)
    confidence: float = 1.0  # the reader's certainty about placement (1 = by position)
    incomplete: bool = False  # a cell is known to be cut (OCR lost part of it)
    # What the reader's own restoration of the cells changed (the grid's: cell_restore.py)
    repairs: list[SuaDoi] = field(default_factory=list)

    def add(self, column: str, text: str, index: int, *, new_item: bool = False) -> None:
        text = _SPACES.sub(" ", text).strip()
        if not any(c.isalnum() for c in text):
            return  # a ruling, a stray bullet: no cell
        self.cells.setdefault(column, []).append(Piece(text, index, new_item))
        self.lines.add(index)

    def text(self, column: str) -> str | None:
        pieces = self.cells.get(column)
        if not pieces:
            return None
        out = pieces[0].text
        for p in pieces[1:]:
            # an item printed with its own ";" ("- Kế hoạch;") is not given a second one
            out = out.rstrip(" ;") + "; " + p.text if p.new_item else out + " " + p.text
        return out


def products(text: str | None) -> list[str]:
    """Deliverables of a product cell: bullet items and ``;``-separated items."""
    if not text:
        return []
    items = [strip_bullet(x).strip(" .;,") for x in _ITEM_SPLIT.split(text)]
    return [x for x in items if x]


def build_row(raw: RawRow, lines: list[Line], columns: list[str], layout: str,
              money_unit: int | None = None) -> Dong:
    texts = {c: raw.text(c) for c in CELL_COLUMNS}
    amount, source = parse_budget(texts["kinh_phi"], money_unit)
    expected = [c for c in columns if c in CELL_COLUMNS and c not in _OPTIONAL]
    filled = sum(1 for c in expected if texts[c])
    fill = filled / len(expected) if expected else 0.0
    confidence = LAYOUT_ACCURACY.get(layout, 0.5) * raw.confidence * (0.5 + 0.5 * fill)
    if raw.incomplete:
        confidence = min(confidence, 0.5)
    idx = sorted(raw.lines)
    return Dong(
        stt=raw.stt,
        nhom=raw.nhom,
        **texts,
        san_pham_ds=products(texts["san_pham"]),
        don_vi_chu_tri=_agencies(texts["chu_tri"], layout),
        don_vi_phoi_hop=_agencies(texts["phoi_hop"], layout),
        thoi_han=parse_time(texts["thoi_gian"]) if texts["thoi_gian"] else [],
        kinh_phi_vnd=amount,
        nguon_kinh_phi=source,
        span=span_of(lines, idx[0], idx[-1]),
        do_tin_cay=round(confidence, 3),
    )


def _agencies(cell: str | None, layout: str) -> list[str]:
    """The cell's agencies, normalised; in an OCR'd table also a known name OCR damaged
    past what restoration mends (``SéTh6ngtinva Truyền thống``: Sở Thông tin và Truyền
    thông), as the grammar names it. The printed cell keeps its restored text."""
    names = split_agencies(cell)
    return [canonical_agency(n) for n in names] if layout == "ocr" else names


def unplaced(lines: list[Line], index: int, text: str, why: str,
             last: int | None = None) -> CanhBao:
    """The warning for a cell no column could take: its text and where it is (lines
    ``index`` to ``last``)."""
    return CanhBao(
        ma="unplaced_cell",
        thong_diep=f"cell not placed ({why}): {text.strip()}",
        span=span_of(lines, index, index if last is None else last),
    )


def table_confidence(rows: list[Dong], raws: list[RawRow], columns: list[str], layout: str,
                     unplaced_chars: int) -> float:
    """camelot's model: accuracy x (1 - share of empty cells). Accuracy is the layout's prior
    times the share of the table's text that found a column."""
    expected = [c for c in columns if c in CELL_COLUMNS and c not in _OPTIONAL]
    if not rows or not expected:
        return 0.0
    placed = sum(len(p.text) for r in raws for ps in r.cells.values() for p in ps)
    accuracy = LAYOUT_ACCURACY.get(layout, 0.5) * placed / max(1, placed + unplaced_chars)
    accuracy *= sum(r.confidence for r in raws) / len(raws)
    empty = sum(1 for row in rows for c in expected if not getattr(row, c))
    return round(accuracy * (1 - empty / (len(rows) * len(expected))), 3)


def table_model(lines: list[Line], start: int, end: int, title: str | None, layout: str,
                columns: list[str], confidence: float) -> PhuLuc:
    return PhuLuc(tieu_de=title, bo_cuc=layout, cot=columns, do_tin_cay=confidence,
                  span=span_of(lines, start, end))
