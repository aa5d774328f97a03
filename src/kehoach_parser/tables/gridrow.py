"""One row of an OCR'd ruled grid cut into its cells jointly over the row's lines.

gridline.py cuts one line given the line above; deciding each line alone lets a first
line's cut that the lines below contradict stand (``100%`` | ``TTHC Công khai`` when the
objective column goes on with ``được``, which would have fitted beside ``100% TTHC``). Here
each line's best cuts are kept (a beam over the row's lines) and the row's cut is chosen
whole, adding what only the whole cells tell:

* a cell's lines wrap at its column's width: each of them is no longer than the width, and
  the word that starts a cell's next line did not fit on the line before (unless it starts
  an item of its own). The widths are fitted per column from the document (``fit_widths``);
* each column's text reads as one cell of its kind: a time cell is a time expression, a
  budget cell an amount or a budget source, an agency cell holds no date or amount and is,
  where the grammar knows its agencies, made of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .agency import known_agency, split_agencies
from .classify import classify
from .gridline import TIME, Context, Fragment, GridLine, segments
from .money import money_spans
from .timespec import time_coverage, time_spans

_BEAM = 12  # partial readings of a row kept from line to line
_CUTS = 6  # best cuts of each line tried under each reading
_WHOLE_TIME = 1.5  # a time cell that reads as one time expression
_WHOLE_MONEY = 1.5
_NOT_WHOLE = -1.0  # a typed cell with words of another kind left in it
_KNOWN_AGENCY = 1.0  # each agency of an agency cell the grammar knows by name
_ALIEN_IN_AGENCY = -2.0  # a date or an amount in an agency cell
_TIME_SHARE = 0.8  # share of a time cell a time expression must cover
_MIN_FRAGMENTS = 1  # fragments a column needs before its width is fitted
_NEXT_WORD = 4  # characters: about a word


@dataclass(frozen=True)
class Reading:
    score: float
    lines: tuple[tuple[Fragment, ...], ...]

    def prev(self) -> dict[str, str]:
        return {f.column: f.text for f in self.lines[-1]} if self.lines else {}


def cells(lines: tuple[tuple[Fragment, ...], ...]) -> dict[str, str]:
    """Each column's text over the row's lines, its fragments joined by a space."""
    out: dict[str, list[str]] = {}
    for frags in lines:
        for f in frags:
            out.setdefault(f.column, []).append(f.text)
    return {c: " ".join(ts) for c, ts in out.items()}


@lru_cache(maxsize=65536)  # every reading of a row judges its cells again
def cell_score(column: str, text: str) -> float:
    """How well a whole cell reads as one cell of ``column``'s kind."""
    if column == TIME:
        covered = sum(b - a for a, b in time_spans(text))
        return _WHOLE_TIME if covered >= _TIME_SHARE * len(text.strip()) \
            or time_coverage(text) >= _TIME_SHARE else _NOT_WHOLE
    if column == "kinh_phi":
        return _WHOLE_MONEY if classify(text)[0] == "money" else _NOT_WHOLE
    if column in ("chu_tri", "phoi_hop"):
        if time_spans(text) or money_spans(text):
            return _ALIEN_IN_AGENCY
        return _KNOWN_AGENCY * sum(known_agency(a) for a in split_agencies(text))
    return 0.0


def read_row(lines: list[GridLine], columns: list[str], first: list[str],
             widths: dict[str, float] | None) -> list[tuple[Fragment, ...]]:
    """The best cut of a row's lines: ``first`` the columns its first line may hold (a
    further activity has no task cells), ``columns`` those of the lines below."""
    beam = [Reading(0.0, ())]
    for t, line in enumerate(lines):
        contexts = [Context(first=t == 0, prev=r.prev(), widths=widths) for r in beam]
        cuts = segments(line, first if t == 0 else columns, contexts, _CUTS)
        # readings grown from different readings, or by different cuts, differ
        grown = [Reading(r.score + s, (*r.lines, tuple(frags)))
                 for r, cut in zip(beam, cuts, strict=True) for s, frags in cut]
        beam = sorted(grown, key=lambda r: -r.score)[:_BEAM]
    best = max(beam, key=lambda r: r.score + sum(
        cell_score(c, t) for c, t in cells(r.lines).items()))
    return list(best.lines)


def _may_start_item(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit() or text.startswith(("-", "+", "•"))


def _contradictions(width: int, lengths: list[int], needs: list[int]) -> int:
    return sum(n > width for n in lengths) + sum(n <= width for n in needs)


def fit_widths(rows: list[list[tuple[Fragment, ...]]], columns: list[str]
               ) -> dict[str, float]:
    """Each column's wrap width in characters, fitted to a reading of the document's rows:
    the width that the fewest of the column's lines contradict, a line contradicting it by
    being longer, or by starting with a word that would have fitted on the line before."""
    out: dict[str, float] = {}
    for col in columns:
        # a cell's first line: the width is at least this (the first lines are read best:
        # every cell starts there, with a capital; a later line's cut may be wrong)
        lengths: list[int] = []
        needs: list[int] = []  # line plus the next line's first word: more than the width
        for row in rows:
            before: str | None = None
            for t, frags in enumerate(row):
                frag = next((f for f in frags if f.column == col), None)
                if frag is None:
                    before = None
                    continue
                if not frag.doubtful:
                    if t == 0:
                        lengths.append(len(frag.text))
                    # a capital may start an item of its own, which starts a line anyway
                    if before is not None and not _may_start_item(frag.text):
                        needs.append(len(before) + 1 + len(frag.text.split()[0]))
                before = frag.text
        if len(lengths) < _MIN_FRAGMENTS:
            continue

        # the widths the fewest lines contradict run from the widest line to the shortest
        # wrap; the middle of that run is the estimate
        candidates = range(min(lengths), max(lengths + needs) + 1)
        against = [_contradictions(w, lengths, needs) for w in candidates]
        fits = [w for w, n in zip(candidates, against, strict=True) if n == min(against)]
        # a column whose lines never wrapped is known only to be wider than its widest
        # line, by about a word (else its lines would not all have "filled" it)
        out[col] = float(fits[(len(fits) - 1) // 2] if needs else fits[0] + _NEXT_WORD)
    return out
