"""Lines and rows of an OCR'd ruled grid cut into their cells' fragments.

A line is cut by a monotone segmentation of its words into fragments of increasing columns,
each fragment scored by gridline.py: its ``k`` best cuts (``segment``, a k-best Viterbi, each
cell keeping its k best ways in). Only the fragments that can be in one of the k best cuts
enter that programme: a max-plus pass over the line and one over the line read backwards
give the best cut through each fragment, and one clearly below the k-th best cut is left
out, which changes no cut found (``_within_reach``). Until a span's kind is read (the costly
part of its score), the best and the worst it could score stand in for it there.

Deciding each line alone lets a first line's cut that the lines below contradict stand
(``100%`` | ``TTHC Công khai`` when the objective column goes on with ``được``, which would
have fitted beside ``100% TTHC``). So a row is cut jointly over its lines (``read_row``):
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

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np

from .agency import known_agency, split_agencies
from .classify import classify, open_end
from .gridkind import LISTS, TIME, new_agency
from .gridline import (
    MAX_WORDS,
    Context,
    Fragment,
    GridLine,
    Seen,
    SpanKinds,
    Terms,
    stop_cost,
)
from .money import money_spans
from .timespec import time_coverage, time_spans

_BEAM = 12  # partial readings of a row kept from line to line
_CUTS = 6  # best cuts of each line tried under each reading
_WHOLE_TIME = 1.5  # a time cell that reads as one time expression
_WHOLE_MONEY = 1.5
_NOT_WHOLE = -1.0  # a typed cell with words of another kind left in it
_OPEN_END = -1.0  # a cell that ends on "của" or a comma (as gridline's _OPEN_LEFT)
_KNOWN_AGENCY = 1.0  # each agency of an agency cell the grammar knows by name
_ALIEN_IN_AGENCY = -2.0  # a date or an amount in an agency cell
_TIME_SHARE = 0.8  # share of a time cell a time expression must cover
_MIN_FRAGMENTS = 1  # fragments a column needs before its width is fitted
_NEXT_WORD = 4  # characters: about a word
# Scores of cuts this close are one cut's, summed in another order (float rounding is far
# smaller); a fragment this far below the k-th best cut is in none of the k best.
_SAME_SCORE, _MARGIN = 1e-7, 1e-6
# Kinds read at a time: at least so many, or such a share of the spans still in reach.
_READ_LEAST, _READ_SHARE = 8, 4
_FLOOR_FIRST = 4  # the best cuts through fragments looked at first: 4k are mostly enough


def segment(line: GridLine, columns: list[str], ctx: Context, k: int = 1
            ) -> list[tuple[float, list[Fragment]]]:
    """The ``k`` best cuts of the line into fragments of increasing columns with their
    scores, best first. A row is read jointly over its lines (``read_row``), so a cut that is
    second best here can still win when the lines below read on from it."""
    return segments(line, columns, [ctx], k)[0]


def segments(line: GridLine, columns: list[str], contexts: list[Context], k: int = 1
             ) -> list[list[tuple[float, list[Fragment]]]]:
    """``segment`` under each context, worked out together: a row's readings cut each line
    under the line above as each of them read it."""
    if not line.words:
        return [[(0.0, [])] for _ in contexts]
    keys = [(k, tuple(columns), *_seen(columns, ctx)) for ctx in contexts]
    todo = [key for key in dict.fromkeys(keys) if key not in line.cuts]
    if todo:
        seen: list[Seen] = [key[2:] for key in todo]
        # stops[c]: what skipping columns[:c] costs; a skip of columns c..c2-1 is a difference
        stops = [[0.0] for _ in todo]
        for st, (_, befores, widths) in zip(stops, seen, strict=True):
            for c, b, w in zip(columns, befores, widths, strict=True):
                st.append(st[-1] + stop_cost(c, b, w))
        reach, doubtful, new_item = _within_reach(line, columns, seen, stops, k)
        for b, key in enumerate(todo):
            frag = partial(_fragment, line, columns, doubtful[b], new_item[b])
            line.cuts[key] = _best_cuts(len(line.words), len(columns), stops[b], reach[b], k,
                                        frag)
    return [[(s, list(frags)) for s, frags in line.cuts[key]] for key in keys]


def _seen(columns: list[str], ctx: Context) -> Seen:
    """What a cut sees of its context: a fragment above matters on a later line only."""
    return (ctx.first, tuple(None if ctx.first else ctx.prev.get(c) for c in columns),
            tuple((ctx.widths or {}).get(c) or None for c in columns))


def _fragment(line: GridLine, columns: list[str], doubtful: np.ndarray, new_item: np.ndarray,
              column: int, span: int) -> Fragment:
    return Fragment(columns[column], line.texts[span],
                    int(line.end[span] - line.start[span]), bool(new_item[column, span]),
                    bool(doubtful[column, span]))


def _best_cuts(n: int, m: int, stops: list[float],
               reach: list[list[tuple[int, int, float, int]]], k: int,
               fragment: Callable[[int, int], Fragment]) -> list[tuple[float, list[Fragment]]]:
    """The k best cuts by the k-best programme over the fragments in ``reach`` (by first
    word: column, end, score, span), each cell's ways ordered and cut as the programme over
    every fragment has them (``_crowded``): ties are broken as it breaks them."""
    # ways[e][c]: up to k ways to place words[:e] with the last fragment in column c-1 (0:
    # none yet), as (score, words before, column before, rank there, the fragment's span)
    Way = tuple[float, int, int, int, int]
    ways: list[defaultdict[int, list[Way]]] = [defaultdict(list) for _ in range(n + 1)]
    ways[0][0] = [(0.0, -1, -1, -1, -1)]
    crowded = _crowded(n, m, k)
    for j, frags in enumerate(reach):
        if not frags:  # ways that end here go no further
            continue
        for c in sorted(ways[j]):
            cell = ways[j][c]
            if crowded[j][c] and len(cell) > 1:  # every way into it is known now
                cell = ways[j][c] = sorted(cell, key=_best_first)[:k]
            for rank, way in enumerate(cell):
                here = way[0]
                for c2, e, s, span in frags:
                    if c2 >= c:
                        ways[e][c2 + 1].append((here + (stops[c2] - stops[c]) + s, j, c, rank,
                                                span))
    last = {c: sorted(cell, key=_best_first)[:k] for c, cell in ways[n].items()}
    ends = [(w[0] + (stops[m] - stops[c]), c, r)  # columns after the last fragment stop
            for c in sorted(last) for r, w in enumerate(last[c])]
    ways[n] = defaultdict(list, last)
    made: dict[tuple[int, int], Fragment] = {}
    out: list[tuple[float, list[Fragment]]] = []
    for score, c, r in sorted(ends, key=_best_first)[:k]:
        frags: list[Fragment] = []
        e = n
        while e:
            _, j, before, r, span = ways[e][c][r]
            if (c, span) not in made:
                made[c, span] = fragment(c - 1, span)
            frags.append(made[c, span])
            e, c = j, before
        out.append((score, frags[::-1]))
    return out


def _best_first(way: tuple[float, ...]) -> float:
    return -way[0]


@lru_cache(maxsize=1024)
def _crowded(n: int, m: int, k: int) -> tuple[tuple[bool, ...], ...]:
    """Which cells of the programme more than ``k`` ways lead into when every fragment is
    tried: those keep their ``k`` best, best first; the others keep their ways in the order
    they came, which breaks ties further on. Leaving out fragments that are in none of the
    k best cuts (``_within_reach``) must not change that order."""
    kept = [[0] * (m + 1) for _ in range(n + 1)]
    kept[0][0] = 1
    crowded = [[False] * (m + 1) for _ in range(n + 1)]
    for e in range(1, n + 1):
        into = [sum(kept[j][c] for j in range(max(0, e - MAX_WORDS), e)) for c in range(m)]
        for c2 in range(m):
            total = sum(into[: c2 + 1])
            kept[e][c2 + 1] = min(k, total)
            crowded[e][c2 + 1] = total > k
    return tuple(tuple(row) for row in crowded)


def _within_reach(line: GridLine, columns: list[str], seen: list[Seen],
                  stops: list[list[float]], k: int
                  ) -> tuple[list[list[list[tuple[int, int, float, int]]]], np.ndarray,
                             np.ndarray]:
    """Per context, the fragments that can be in one of its ``k`` best cuts, by first word,
    as (column, end, score, span), by column, then end; and each fragment's doubt and new
    item flags [context, column, span].

    The best cut through each fragment bounds what it can be part of. Cuts of clearly
    different scores are different cuts, so the k-th best of the best cuts through the
    fragments is no better than the k-th best cut, and a fragment whose best cut scores
    clearly less is in none of the k best: ways through it only ever took a place that no
    way into the k best cuts needed, so leaving it out changes no cut found. A span's kind is
    read only when a cut through it may matter, the best and the worst it could score
    deciding that until then."""
    kinds = [[line.kind(c, b) for c, b in zip(columns, befores, strict=True)]
             for _, befores, _ in seen]
    terms = line.terms(columns, seen)
    values, high = _in_reach(line, columns, seen, kinds, terms, stops, k)
    score, doubtful, new_item = line.scores(columns, seen, values, terms)  # NaN: not read
    score = score.transpose(0, 2, 1)
    out: list[list[list[tuple[int, int, float, int]]]] = [[[] for _ in line.words]
                                                          for _ in seen]
    bs, spans, c2s = np.nonzero(high)
    for b, span, c2, j, e, s in zip(bs.tolist(), spans.tolist(), c2s.tolist(),
                                    line.start[spans].tolist(), line.end[spans].tolist(),
                                    score[bs, spans, c2s].tolist(), strict=True):
        out[b][j].append((c2, e, s, span))
    for per_word in out:
        for frags in per_word:
            frags.sort()
    return out, doubtful, new_item


def _in_reach(line: GridLine, columns: list[str], seen: list[Seen], kinds: list[list[SpanKinds]],
              terms: Terms, stops: list[list[float]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """The kinds read, and which fragments are within reach [context, span, column]."""
    n = len(seen)
    # a score is its kind's plus the rest (up to rounding, far below _MARGIN)
    rest = line.scores(columns, seen, np.zeros((n, len(columns), len(line.texts))), terms)[0]
    lo, hi = (np.array([[getattr(kind, end) for kind in row] for row in kinds])
              for end in ("lo", "hi"))
    st = np.array(stops * 2)
    while True:
        values = np.array([[kind.values for kind in row] for row in kinds])
        unread = np.isnan(values)
        bounds = np.concatenate((np.where(unread, lo, values), np.where(unread, hi, values)))
        through = _through(line, np.ascontiguousarray((bounds + np.concatenate((rest, rest)))
                                                      .transpose(0, 2, 1)), st)
        floors = np.array([_floor(row, k) for row in through[:n].reshape(n, -1)])
        high = through[n:] >= floors[:, None, None]
        open_ = high & unread.transpose(0, 2, 1)
        if not open_.any():
            return values, high
        _read_first(kinds, open_, through[n:])


def _read_first(kinds: list[list[SpanKinds]], open_: np.ndarray, through: np.ndarray) -> None:
    """Read the kinds of the open fragments whose best cut is best (a share of them: a cut
    through the first read may put the rest out of reach)."""
    bs, spans, c2s = np.nonzero(open_)
    first = np.argsort(-through[bs, spans, c2s], kind="stable")
    first = first[:max(_READ_LEAST, len(first) // _READ_SHARE)]
    todo: dict[int, tuple[SpanKinds, set[int]]] = {}
    for b, span, c2 in zip(bs[first].tolist(), spans[first].tolist(), c2s[first].tolist(),
                           strict=True):
        kind = kinds[b][c2]
        todo.setdefault(id(kind), (kind, set()))[1].add(span)
    for kind, todo_spans in todo.values():
        kind.read(sorted(todo_spans))


def _through(line: GridLine, score: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """The best cut through each fragment [problem, span, column]: a max-plus pass over the
    line and one over the line read backwards (its columns in reverse order, skipping them
    costing the same)."""
    n, m = len(line.words), score.shape[2]
    both = np.concatenate((score, score[:, line.mirror, ::-1]))
    st = np.concatenate((stops, stops[:, m:] - stops[:, ::-1]))
    # skip[b, c, c2]: from c columns used to a fragment in column c2
    skip = np.where(np.arange(m + 1)[:, None] <= np.arange(m), st[:, None, :m] - st[:, :, None],
                    -np.inf)
    into = np.full((len(both), n + 1, m), -np.inf)  # best way to a fragment at (j, c2)
    into[:, 0] = skip[:, 0]
    for e in range(1, n + 1):
        done = (into[:, max(0, e - MAX_WORDS):e] + both[:, line.ending[e]]).max(axis=1)
        into[:, e] = (done[:, :, None] + skip[:, 1:]).max(axis=1)
    problems = len(score)
    return into[:problems, line.start] + score + into[problems:, n - line.end, ::-1]


def _floor(scores: np.ndarray, k: int) -> float:
    """Below the k-th best cut: cuts of clearly different scores are different cuts, so the
    k-th best of them is no better than it (-inf if there are fewer)."""
    for size in dict.fromkeys((min(len(scores), _FLOOR_FIRST * k), len(scores))):  # best first
        found, last = 0, np.inf
        for value in np.sort(np.partition(scores, -size)[-size:])[::-1].tolist():
            if value == -np.inf:  # no cut at all
                return -np.inf
            if value < last - _SAME_SCORE:
                found, last = found + 1, value
                if found == k:
                    return value - _MARGIN
    return -np.inf


@dataclass(frozen=True)
class Reading:
    score: float
    lines: tuple[tuple[Fragment, ...], ...]

    def prev(self) -> dict[str, str]:
        return {f.column: f.text for f in self.lines[-1]} if self.lines else {}


def agency_items(lines: Iterable[Iterable[Fragment]]) -> Iterator[tuple[int, Fragment, bool]]:
    """The row's fragments, line by line (``(line, fragment, new)``), each with whether it
    starts an agency of its own in its cell (``new_agency``: its text so far is the agency
    it goes on from), in the column that lists agencies so (``LISTS``)."""
    item: dict[str, str] = {}
    for t, frags in enumerate(lines):
        for f in frags:
            before = item.get(f.column)
            new = before is not None and f.column == LISTS and new_agency(before, f.text)
            item[f.column] = f.text if before is None or new else f"{before} {f.text}"
            yield t, f, new


def cells(lines: tuple[tuple[Fragment, ...], ...]) -> dict[str, str]:
    """Each column's text over the row's lines, its fragments joined by a space, or by
    ``; `` before an agency of its own (so a cell's agencies are read apart)."""
    out: dict[str, str] = {}
    for _, f, new in agency_items(lines):
        out[f.column] = f.text if f.column not in out else \
            out[f.column] + ("; " if new else " ") + f.text
    return out


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
        cell_score(c, t) for c, t in cells(r.lines).items()) + _open_at_end(r.lines))
    return list(best.lines)


def _open_at_end(lines: tuple[tuple[Fragment, ...], ...]) -> float:
    """What the cells that the row's last line ends cost when they end on ``của`` or a
    comma: a cell that ends so went on (a line below would have paid it in ``stop_cost``;
    the last line has none below it)."""
    return _OPEN_END * sum(open_end(f.text) for f in lines[-1]) if lines else 0.0


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
