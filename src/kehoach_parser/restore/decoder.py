"""Second-order Viterbi: the best syllable sequence of each LM segment under LM + channel.

Each position has a few candidates (LM ids with channel costs); a fixed token has one. Every
segment is padded to ``<s> <s> ... </s>``.

Two passes keep it fast: a bigram lattice gives each candidate its max-marginal score and
candidates far below the best are pruned; the trigram Viterbi then runs on the few
survivors. Each pass looks its n-gram scores up in one vectorised call.

Segments are packed into rows (several short ones share a row, ``<s> <s> a b </s> <s> <s> c
</s>``): a row is one chain of positions, and a segment boundary is a step of score 0
between single candidates, so the paths of consecutive segments do not interact. Both passes
run over all rows in lockstep, a few numpy calls per column, each over the flat list of that
column's steps: only the candidate pairs (trigram pass: triples) that exist, as most
positions have far fewer candidates than the busiest one (a grid as wide as the busiest
would be mostly padding). Every score is summed in a fixed order, as (previous + step score)
- cost going forward and (step score - cost) + next going back: pruning and the choice of
path compare these sums, so their rounding is part of the result.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from .lm import BOS, EOS, TrigramLM


class Slot(NamedTuple):
    """One position: candidate LM ids and their channel costs. A named tuple, not a frozen
    dataclass: one is made per token, and a frozen dataclass sets each field through
    object.__setattr__."""

    ids: tuple[int, ...]
    costs: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Pruning:
    margin: float  # drop candidates whose bigram max-marginal is this far below the best
    keep: int  # and keep at most this many


_BOS = Slot((BOS,), (0.0,))
_EOS = Slot((EOS,), (0.0,))
_IDS, _COSTS = attrgetter("ids"), attrgetter("costs")


class _Lattice:
    """Padded segments packed into rows, positions numbered column by column (the rows of a
    column longest first, so the rows still going at a column are a prefix of it).

    Position q sits in column col[q] and is the t[q]-th of its own padded segment; its
    predecessor in the row is q - width[col[q] - 1]. Its candidates are the flat indices
    off[q] ... off[q] + k[q] - 1 of ``ids`` and ``cost`` (channel cost times the weight).
    """

    def __init__(self, segments: list[list[Slot]], weight: float) -> None:
        n = [len(x) + 3 for x in segments]
        rows, starts = _pack(n)
        length = [0] * (max(rows) + 1)
        for r, s, m in zip(rows, starts, n, strict=True):
            length[r] = max(length[r], s + m)
        by_length = sorted(range(len(length)), key=lambda r: -length[r])
        rank = [0] * len(length)
        for i, r in enumerate(by_length):
            rank[r] = i
        # width[c]: rows at least c + 1 long, a prefix of the rows in rank order.
        longest = length[by_length[0]]
        width = np.zeros(longest + 1, dtype=np.int64)
        np.add.at(width, np.array(length), 1)
        width = (len(length) - np.cumsum(width))[:longest]
        first = np.concatenate(([0], np.cumsum(width)))  # first position of each column
        seq = list(chain.from_iterable((_BOS, _BOS, *slots, _EOS) for slots in segments))
        sizes = np.array(n)
        t = np.arange(len(seq)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        col = np.repeat(starts, sizes) + t
        where = first[col] + np.repeat(np.array(rank)[rows], sizes)  # flat -> position
        order = np.empty_like(where)
        order[where] = np.arange(len(where))
        slots = list(map(seq.__getitem__, order.tolist()))
        self.where, self.t, self.col = where, t[order], col[order]
        self.real = ((t >= 2) & (t < np.repeat(sizes, sizes) - 1))[order]
        self._width = width
        self.width, self.first = width.tolist(), first.tolist()
        ids = list(map(_IDS, slots))
        k = np.fromiter(map(len, ids), np.int64, len(slots))
        total = int(k.sum())
        self.k, self.off = k, np.cumsum(k) - k
        self.ids = np.fromiter(chain.from_iterable(ids), np.int64, total)
        self.cost = weight * np.fromiter(chain.from_iterable(map(_COSTS, slots)), np.float64,
                                         total)

    def pred(self, q: np.ndarray) -> np.ndarray:
        return q - self._width[self.col[q] - 1]


def _pack(lengths: list[int]) -> tuple[list[int], list[int]]:
    """Row and start column of each length in rows as wide as the longest: longest first,
    each into the emptiest row (a new one when it does not fit there)."""
    width = max(lengths)
    rows, starts = [0] * len(lengths), [0] * len(lengths)
    heap: list[tuple[int, int]] = []  # (fill, row)
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if heap and heap[0][0] + lengths[i] <= width:
            fill, r = heapq.heappop(heap)
        else:
            fill, r = 0, len(heap)
        rows[i], starts[i] = r, fill
        heapq.heappush(heap, (fill + lengths[i], r))
    return rows, starts


def _blocks(outer: np.ndarray, inner: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (item, i, j) with i < outer[item] and j < inner[item], item by item and i-major:
    the item, i and j of each."""
    sizes = outer * inner
    item = np.repeat(np.arange(len(sizes)), sizes)
    m = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    i = m // inner[item]
    return item, i, m - i * inner[item]


def _starts(sizes: np.ndarray) -> np.ndarray:
    return np.cumsum(sizes) - sizes


def _marginals(lat: _Lattice, lm: TrigramLM) -> np.ndarray:
    """Each candidate's bigram max-marginal: the best path through it, forward plus
    backward."""
    k, off, width, first = lat.k, lat.off, lat.width, lat.first
    q = np.arange(first[1], len(k))  # positions with a predecessor
    p = lat.pred(q)
    # The pairs into each candidate of q (those from column 1 on: a slice of the flat
    # candidates, from `base`), one block of k[p] per candidate, so a column's pairs are a
    # slice and each destination's a block of it.
    base = int(off[first[1]])
    size = np.repeat(k[p], k[q])
    start = _starts(size)
    n = int(size.sum())
    dst = np.repeat(np.arange(base, len(lat.ids)), size)
    src = np.repeat(np.repeat(off[p], k[q]) - start, size) + np.arange(n)
    score = lm.score2(lat.ids[src], np.repeat(lat.ids[base:], size)).astype(np.float64)
    score[start[off[q[lat.t[q] == 0]] - base]] = 0.0  # </s> -> the next segment's <s>
    ahead = score - np.repeat(lat.cost[base:], size)  # the step's cost folded in, going back
    ends = [*off.tolist(), len(lat.ids)]  # candidates of positions [a, b): ends[a]:ends[b]
    starts = [*start.tolist(), n]
    fwd = np.zeros(len(lat.ids))
    columns = []
    for c in range(1, len(width)):
        n0, n1 = ends[first[c]], ends[first[c] + width[c]]  # the column's candidates
        e0, e1 = starts[n0 - base], starts[n1 - base]  # and the pairs into them
        g = fwd[src[e0:e1]]
        g += score[e0:e1]
        np.subtract(np.maximum.reduceat(g, start[n0 - base:n1 - base] - e0),
                    lat.cost[n0:n1], out=fwd[n0:n1])
        # The candidates of the column before that have a successor.
        columns.append((e0, e1, ends[first[c - 1]], ends[first[c - 1] + width[c]]))
    bwd = np.zeros(len(lat.ids))  # 0 at the end of a row
    # A source's pairs are strided in this order: np.maximum.at takes the max of each.
    for e0, e1, s0, s1 in reversed(columns):
        g = bwd[dst[e0:e1]]
        g += ahead[e0:e1]
        bwd[s0:s1] = -np.inf
        np.maximum.at(bwd, src[e0:e1], g)
    return fwd + bwd


def _survivors(lat: _Lattice, marg: np.ndarray, rule: Pruning) -> tuple[np.ndarray, np.ndarray]:
    """Per position, the candidates (flat indices, ascending, -1 padded) that survive bigram
    max-marginal pruning, and how many."""
    k = lat.k
    local = np.arange(int(k.max()))
    exists = local < k[:, None]
    grid = np.full(exists.shape, -np.inf)
    grid[exists] = marg  # candidates are numbered position by position
    top = np.argsort(-grid, axis=1, kind="stable")[:, : rule.keep]
    best = grid.max(axis=1, keepdims=True)
    good = np.take_along_axis(grid, top, axis=1) >= best - rule.margin
    good[:, 0] = True  # the best one always survives (a position whose scores are all -inf)
    good &= top < k[:, None]
    big = np.iinfo(np.int64).max
    kept = np.sort(np.where(good, top + lat.off[:, None], big), axis=1)
    return np.where(kept == big, -1, kept), good.sum(axis=1)


def _viterbi(lat: _Lattice, lm: TrigramLM, kept: np.ndarray,
             kk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The trigram pass over the survivors: the chosen survivor (its column in ``kept``) at
    every position, and the chosen one's share among the survivors given its left context
    at every position (1 where there is one survivor)."""
    first, width, n = lat.first, lat.width, len(kk)
    # A state of position q: (choice at its predecessor, choice at q), numbered b * kk[q] + c.
    q1 = np.arange(first[1], n)
    sizes = kk[lat.pred(q1)] * kk[q1]
    soff = np.zeros(n + 1, dtype=np.int64)
    soff[first[1] + 1:] = np.cumsum(sizes)
    # The steps into each state of q from each state (a, b) of its predecessor p, state by
    # state (a step (a, b, c) of position q is a trigram), so each state's steps are a block.
    q = np.arange(first[2], n)
    p = lat.pred(q)
    ka, kb, kc = kk[lat.pred(p)], kk[p], kk[q]
    item, bc, a = _blocks(kb * kc, ka)
    c = bc % kc[item]
    b = bc // kc[item]
    qi, pi = q[item], p[item]
    src = soff[pi] + a * kb[item] + b
    dst = soff[qi] + bc
    cand = kept[qi, c]
    score = np.zeros(len(item))
    gram = lat.t[qi] >= 2  # the two <s> of a segment are steps of score 0
    ids = lat.ids
    score[gram] = lm.score(ids[kept[lat.pred(pi), a]][gram], ids[kept[pi, b]][gram],
                           ids[cand][gram])
    cost = lat.cost[cand]
    block = _starts(np.repeat(ka, kb * kc))  # per state of the positions from column 2 on
    steps = np.concatenate(([0], np.cumsum(ka * kb * kc))).tolist()
    so = soff.tolist()
    base = so[first[2]]
    delta = np.zeros(so[n])  # best path score ending in each state; column 1's are 0
    for col in range(2, len(width)):
        x, y = first[col], first[col] + width[col]
        e0, e1 = steps[x - first[2]], steps[y - first[2]]
        g = delta[src[e0:e1]]
        g += score[e0:e1]
        g -= cost[e0:e1]
        delta[so[x]:so[y]] = np.maximum.reduceat(g, block[so[x] - base:so[y] - base] - e0)
    # Back pointers of all states at once: the first predecessor that gives the best.
    best = (delta[src] + score - cost) == delta[dst]
    back = np.minimum.reduceat(np.where(best, a, np.iinfo(np.int64).max), block)
    # Back along all rows at once, column by column from the last (row r of column c is
    # position first[c] + r). A row joins at the column of its </s>, whose best state is
    # the best choice before it (the first of equals).
    choice = np.zeros(n, dtype=np.int64)
    state = np.zeros(width[0], dtype=np.int64)
    for col in range(len(width) - 1, 1, -1):
        x, w = first[col], width[col]
        for r in range(width[col + 1] if col + 1 < len(width) else 0, w):
            state[r] = so[x + r] + int(delta[so[x + r]:so[x + r + 1]].argmax())
        b_, choice[x:x + w] = np.divmod(state[:w] - soff[x:x + w], kk[x:x + w])
        y = first[col - 1]
        state[:w] = soff[y:y + w] + back[state[:w] - base] * kk[y:y + w] + b_
    return choice, _shares(lat, kept, kk, choice, score - cost, steps)


def _shares(lat: _Lattice, kept: np.ndarray, kk: np.ndarray, choice: np.ndarray,
            local: np.ndarray, steps: list[int]) -> np.ndarray:
    """The confidence of each position: the chosen survivor's share among the survivors given
    the chosen two before it (``local``: each step's score less its cost)."""
    first = lat.first
    share = np.ones(len(kk))
    q = np.flatnonzero(lat.real & (kk > 1))
    if not len(q):
        return share
    p = lat.pred(q)
    pick = choice
    ka, kc = kk[lat.pred(p)], kk[q]
    j = np.arange(int(kc.max()))
    at = (np.array(steps)[q - first[2]][:, None]
          + ((pick[p] * kc)[:, None] + j) * ka[:, None] + pick[lat.pred(p)][:, None])
    exists = j < kc[:, None]
    grid = np.full(exists.shape, -np.inf)
    grid[exists] = local[at[exists]]
    grid = np.exp(grid - grid.max(axis=1, keepdims=True))
    share[q] = grid[np.arange(len(q)), pick[q]] / grid.sum(axis=1)
    return share


# Segments decoded together at most: about (padded positions x K x K) candidate pairs, to
# bound memory.
_GROUP_CELLS = 1_500_000


def decode(lm: TrigramLM, segments: list[list[Slot]], weight: float,
           rule: Pruning) -> tuple[list[int], list[float]]:
    """For every slot of every segment (flattened), the chosen candidate and a confidence."""
    choice: list[list[int]] = [[0] * len(x) for x in segments]
    conf: list[list[float]] = [[1.0] * len(x) for x in segments]
    widest = [max(map(len, map(_IDS, seg)), default=1) for seg in segments]
    todo = sorted((i for i, w in enumerate(widest) if w > 1), key=lambda i: len(segments[i]))
    group: list[int] = []
    k = positions = 1
    for n, i in enumerate(todo):
        group.append(i)
        k = max(k, widest[i])
        positions += len(segments[i]) + 3
        nxt = todo[n + 1] if n + 1 < len(todo) else None
        more = len(segments[nxt]) + 3 if nxt is not None else 0
        if nxt is None or (positions + more) * k * k > _GROUP_CELLS:
            for j, ch, cf in zip(group, *_decode_group(lm, [segments[j] for j in group],
                                                       weight, rule), strict=True):
                choice[j], conf[j] = ch, cf
            group, k, positions = [], 1, 1
    return list(chain.from_iterable(choice)), list(chain.from_iterable(conf))


def _decode_group(lm: TrigramLM, segments: list[list[Slot]], weight: float,
                  rule: Pruning) -> tuple[list[list[int]], list[list[float]]]:
    lat = _Lattice(segments, weight)
    kept, kk = _survivors(lat, _marginals(lat, lm), rule)
    choice, share = _viterbi(lat, lm, kept, kk)
    real = lat.where[lat.real[lat.where]]  # the positions of the input slots, in order
    chosen = kept[real, choice[real]] - lat.off[real]
    flat_choice, flat_share = chosen.tolist(), share[real].tolist()
    ends = np.cumsum([len(x) for x in segments]).tolist()
    spans = list(zip([0, *ends[:-1]], ends, strict=True))
    return [flat_choice[a:b] for a, b in spans], [flat_share[a:b] for a, b in spans]
