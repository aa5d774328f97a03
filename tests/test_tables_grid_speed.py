"""The OCR'd grid cutter's shortcuts change no cut (tables/gridrow.py, tables/gridline.py, tables/gridkind.py).

A line's k best cuts are searched among the fragments that can be in one of them only, and a
span's kind is read only when a cut may need it. Here the cuts are compared with the plain
k-best programme over every fragment, every kind read (ties broken in the order it tries
the fragments), and the bounds that stand in for unread kinds with the kinds.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from conftest import SAMPLES

from kehoach_parser.tables import gridkind, gridline, gridrow
from kehoach_parser.tables.gridline import Context, Fragment, GridLine, words

COLUMNS = ["nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"]
WIDTHS = {"nhiem_vu": 30.0, "san_pham": 22.0, "chu_tri": 16.0, "phoi_hop": 18.0,
          "thoi_gian": 12.0}  # the budget column's width is not known


def _grid_lines() -> list[GridLine]:
    """The last lines of the OCR'd grid samples (their appendix tables), unrestored."""
    out: list[GridLine] = []
    for name in ("01_tinh_quang_tri_2024_tab_grid_ocr", "07_tinh_yen_bai_2021_2025_chin_cot_ocr"):
        text = (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()][-14:]
        out.extend(GridLine(words(line)) for line in lines)
    return out


LINES = _grid_lines()


def _plain_cuts(line: GridLine, columns: list[str], ctx: Context, k: int
                ) -> list[tuple[float, list[Fragment]]]:
    """The k-best programme as the cutter states it: every fragment tried, each cell's ways
    cut to the k best (ties: the way that came first) once no more can come."""
    n, m = len(line.words), len(columns)
    befores = [None if ctx.first else ctx.prev.get(c) for c in columns]
    widths = [(ctx.widths or {}).get(c) or None for c in columns]
    kinds = []
    for c, b in zip(columns, befores, strict=True):
        kind = line.kind(c, b)
        kind.read(list(range(len(line.texts))))
        kinds.append(kind.values)
    score, doubtful, new_item = line.scores(columns, [(ctx.first, tuple(befores),
                                                       tuple(widths))], np.array([kinds]))
    stops = [0.0]
    for c, b, w in zip(columns, befores, widths, strict=True):
        stops.append(stops[-1] + gridline.stop_cost(c, b, w))
    span = {(int(i), int(e)): p for p, (i, e) in enumerate(zip(line.start, line.end,
                                                               strict=True))}
    best: list[list[list[tuple[float, tuple[int, int, int] | None, tuple[int, int]]]]] = [
        [[] for _ in range(m + 1)] for _ in range(n + 1)]
    best[0][0] = [(0.0, None, (0, 0))]
    for j in range(n):
        for c in range(m + 1):
            for rank, (here, _, _) in enumerate(best[j][c]):
                for c2 in range(c, m):
                    for e in range(j + 1, min(n, j + gridline.MAX_WORDS) + 1):
                        s = float(score[0, c2, span[j, e]])
                        best[e][c2 + 1].append((here + (stops[c2] - stops[c]) + s, (j, c, rank),
                                                (c2, span[j, e])))
        for e in range(j + 1, n + 1):
            for c in range(m + 1):
                if len(best[e][c]) > k:
                    best[e][c] = sorted(best[e][c], key=lambda w: -w[0])[:k]
    ends = []
    for c in range(1, m + 1):
        best[n][c].sort(key=lambda w: -w[0])
        ends.extend((w[0] + (stops[m] - stops[c]), c, r) for r, w in enumerate(best[n][c]))
    out = []
    for total, c, r in sorted(ends, key=lambda x: -x[0])[:k]:
        frags = []
        e = n
        while e:
            _, back, (c2, p) = best[e][c][r]
            assert back is not None
            frags.append(Fragment(columns[c2], line.texts[p], e - back[0],
                                  bool(new_item[0, c2, p]), bool(doubtful[0, c2, p])))
            e, c, r = back
        out.append((total, frags[::-1]))
    return out


def _contexts(line: GridLine, above: GridLine) -> list[Context]:
    """A row's first line, and the line below ``above`` as its best cut reads it."""
    prev = {f.column: f.text for f in gridrow.segment(above, COLUMNS, Context(first=True))[0][1]}
    return [Context(first=True), Context(first=True, widths=WIDTHS),
            Context(first=False, prev=prev), Context(first=False, prev=prev, widths=WIDTHS)]


@pytest.mark.parametrize("k", [1, 6])
def test_cuts_are_the_plain_programmes(k: int) -> None:
    for above, line in pairwise(LINES):
        if len(line.words) > 16:  # the plain programme is slow on long lines
            continue
        contexts = _contexts(line, above)
        expected = [_plain_cuts(GridLine(line.words), COLUMNS, ctx, k) for ctx in contexts]
        fresh = GridLine(line.words)  # no kind read yet, as in a document's first pass
        assert gridrow.segments(fresh, COLUMNS, contexts, k) == expected, \
            [w.text for w in line.words]


@pytest.mark.parametrize("k", [1, 2, 6])
@pytest.mark.parametrize("text", ["qa qb qc qd qe qf qg", "Qa Qb | Qc Qd Qe Qf Qg Qh"])
def test_ties_are_broken_as_in_the_plain_programme(text: str, k: int) -> None:
    """Words the LM and the grammar do not know: many cuts score the same, and which of them
    are the k best depends on the order the programme keeps its ways in."""
    line = GridLine(words(text))
    columns = ["a", "b", "c", "d"]
    contexts = [Context(first=True), Context(first=False, prev={"a": "qx", "c": "qy qz,"},
                                             widths={"a": 6.0, "b": 9.0})]
    expected = [_plain_cuts(GridLine(line.words), columns, ctx, k) for ctx in contexts]
    assert gridrow.segments(line, columns, contexts, k) == expected


def test_a_cut_reads_few_kinds() -> None:
    """The point of the bounds: most spans of a long line are never read."""
    line = GridLine(max(LINES, key=lambda g: len(g.words)).words)
    gridrow.segment(line, COLUMNS, Context(first=True, widths=WIDTHS), 6)
    read = sum(int((~np.isnan(kind.values)).sum()) for kind in line._kinds.values())
    assert read < 0.5 * len(line.texts) * len(COLUMNS)


@pytest.mark.parametrize("before", [None, "Quý I hằng", "Sở Nội vụ", "Kinh phí", "Các sở, ban, ngành"])
@pytest.mark.parametrize("column", [*COLUMNS, "muc_tieu"])
def test_kind_bounds_hold(column: str, before: str | None) -> None:
    for line in LINES:
        kind = line.kind(column, before)
        spans = list(range(len(line.texts)))
        values = gridkind.kind_scores(column, line.texts, before)
        assert np.all(kind.lo <= values) and np.all(values <= kind.hi), (column, before)
        kind.read(spans)
        assert np.array_equal(kind.values, values)
