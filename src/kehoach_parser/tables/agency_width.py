"""Lead and co-operating agencies told apart by the width their cells wrap at, in a
table printed one cell per line (both are agency lists: their words do not tell)."""

from __future__ import annotations

from .assemble import RawRow

_MIN_ROWS_FOR_WIDTHS = 4  # column widths are learnt from this many cells at least
_WIDTH_GAP = 3  # the co-operating column must be this much wider for width to tell
_WIDTH_SLACK = 2  # proportional fonts: a few characters either way


def _width(row: RawRow, col: str) -> int:
    return max((len(p.text) for p in row.cells.get(col, [])), default=0)


def agencies_by_width(rows: list[RawRow]) -> None:
    """Lead and co-operating cells are both agency lists; the width their lines wrap at
    tells the columns apart. A cell wider than the lead column ever is, alone or beside
    a narrower one, belongs to the co-operating column."""
    if len(rows) < _MIN_ROWS_FOR_WIDTHS:
        return
    widths = {}
    for col in ("chu_tri", "phoi_hop"):
        seen = sorted(_width(r, col) for r in rows if r.cells.get(col))
        if len(seen) < _MIN_ROWS_FOR_WIDTHS:
            return
        widths[col] = seen[int(len(seen) * 0.8)]
    if widths["phoi_hop"] - widths["chu_tri"] < _WIDTH_GAP:
        return  # columns about as wide: width tells nothing
    for row in rows:
        lead, other = _width(row, "chu_tri"), _width(row, "phoi_hop")
        too_wide = lead > widths["chu_tri"] + _WIDTH_SLACK
        if too_wide and (not other or other <= widths["chu_tri"]):
            row.cells["chu_tri"], row.cells["phoi_hop"] = (
                row.cells.get("phoi_hop", []), row.cells["chu_tri"])
            if not row.cells["chu_tri"]:
                del row.cells["chu_tri"]
            row.confidence *= 0.9
