"""How well a table's rows fit a column set: the typed cells (a deadline, an amount, an
agency, a deliverable) in the columns of their kind. Readers that must guess the columns (a
header OCR lost, wholly or in part) read the rows under each candidate set and keep the one
that fits best."""

from __future__ import annotations

from .assemble import RawRow
from .classify import classify

# The kind a cell of each typed column is; the other columns hold free text.
_KIND_OF = {"thoi_gian": "time", "kinh_phi": "money", "chu_tri": "agency",
            "phoi_hop": "agency", "san_pham": "product"}
_TYPED = frozenset(_KIND_OF.values())


def fit(rows: list[RawRow], columns: list[str]) -> float:
    """How well the rows' cells fit their columns' kinds, per row: one for each typed cell
    of its column's kind, minus one for each of another typed kind."""
    score = 0
    for row in rows:
        for col in columns:
            want, text = _KIND_OF.get(col), row.text(col)
            if want is None or not text:
                continue
            kind = classify(text)[0]
            score += 1 if kind == want else -1 if kind in _TYPED else 0
    return score / len(rows)


def typed(columns: list[str]) -> int:
    """The columns of a typed kind: what ``fit`` scores at most, per row."""
    return sum(c in _KIND_OF for c in columns)
