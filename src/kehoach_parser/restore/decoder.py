"""Second-order Viterbi: the best syllable sequence of each LM segment under LM + channel.

Each position has a few candidates (LM ids with channel costs); a fixed token has one. Every
segment is padded to ``<s> <s> ... </s>``.

Two passes keep it fast: a bigram lattice gives each candidate its max-marginal score and
candidates far below the best are pruned; the trigram Viterbi then runs on the few
survivors. Each pass looks its n-gram scores up in one vectorised call, and the dynamic
programme runs over all segments of the document in lockstep: the padded segments are packed
into rows as wide as the longest one, rows stacked on the first axis, and one numpy step
handles one column of every row. Positions past a row's last segment carry one zero-score
candidate.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from itertools import chain

import numpy as np

from .lm import BOS, EOS, TrigramLM


@dataclass(frozen=True, slots=True)
class Slot:
    """One position: candidate LM ids and their channel costs."""

    ids: tuple[int, ...]
    costs: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Pruning:
    margin: float  # drop candidates whose bigram max-marginal is this far below the best
    keep: int  # and keep at most this many


_BOS = Slot((BOS,), (0.0,))
_EOS = Slot((EOS,), (0.0,))


@dataclass(frozen=True)
class _Grid:
    """Padded segments packed into rows: position i of the flat sequence (segment after
    segment) sits at row[i], column col[i], and is the t[i]-th of its own padded segment; its
    candidates are ids[i, :k[i]] with channel costs cost[i, :k[i]]."""

    ids: np.ndarray  # (P, K) int64
    cost: np.ndarray  # (P, K) float64, +inf past k
    k: np.ndarray  # (P,) candidates per position
    row: np.ndarray
    col: np.ndarray
    t: np.ndarray
    real: np.ndarray  # bool: a slot of the input, not padding
    shape: tuple[int, int, int]  # rows, columns, max candidates

    @classmethod
    def of(cls, segments: list[list[Slot]]) -> _Grid:
        # Several short segments share a row (<s> <s> a b </s> <s> <s> c </s> ...): a padding
        # position has one candidate, so the paths of consecutive segments do not interact,
        # and the dynamic programme takes one numpy step per column of the longest segment
        # instead of one per column times a row per segment.
        n = [len(x) + 3 for x in segments]
        rows, starts = _pack(n)
        seq = [x for slots in segments for x in (_BOS, _BOS, *slots, _EOS)]
        # Flat position -> its row, column and place in its own padded segment.
        sizes = np.array(n)
        t = np.arange(len(seq)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        col = np.repeat(starts, sizes) + t
        real = (t >= 2) & (t < np.repeat(sizes, sizes) - 1)
        k = np.fromiter(map(len, (x.ids for x in seq)), dtype=np.int64, count=len(seq))
        width = int(k.max())
        ids = np.zeros((len(seq), width), dtype=np.int64)
        cost = np.full((len(seq), width), np.inf)
        mask = np.arange(width) < k[:, None]
        total = int(k.sum())
        ids[mask] = np.fromiter(chain.from_iterable(x.ids for x in seq), np.int64, total)
        cost[mask] = np.fromiter(chain.from_iterable(x.costs for x in seq), np.float64, total)
        return cls(ids, cost, k, np.repeat(rows, sizes), col, t, real,
                   (max(rows) + 1, int(col.max()) + 1, width))

    def keep(self, kept: np.ndarray) -> _Grid:
        """The grid with only the candidates ``kept`` (P, K'; -1 = none) per position."""
        k = (kept >= 0).sum(axis=1)
        safe = np.maximum(kept, 0)
        ids = np.take_along_axis(self.ids, safe, axis=1)
        cost = np.where(kept >= 0, np.take_along_axis(self.cost, safe, axis=1), np.inf)
        return _Grid(ids, cost, k, self.row, self.col, self.t, self.real,
                     (self.shape[0], self.shape[1], kept.shape[1]))

    def costs(self, weight: float) -> np.ndarray:
        """Channel costs per (row, column, candidate); +inf where there is none, 0 for the
        single candidate of the padding past a row's last segment."""
        s, t, k = self.shape
        out = np.full((s, t, k), np.inf)
        out[:, :, 0] = 0.0
        out[self.row, self.col] = weight * self.cost
        return out

    def scores(self, lm: TrigramLM, order: int) -> np.ndarray:
        """LM scores per (row, column, choice at t-order+1 ... choice at t); -inf where a
        combination does not exist, 0 for the padding's own transitions."""
        s, t, k = self.shape
        grid = np.full((s, t) + (k,) * order, -np.inf)
        # Padding continues any path at no cost (entries that are real get overwritten).
        grid[(slice(None),) * order + (0, 0)] = 0.0
        # The flat positions with `order - 1` predecessors in their own segment.
        pos = np.flatnonzero(self.t >= order - 1)
        dims = [self.k[pos - order + 1 + j] for j in range(order)]
        sizes = np.prod(dims, axis=0)
        row = np.repeat(np.arange(len(pos)), sizes)
        m = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        choice, stride = [], np.ones(len(m), dtype=np.int64)
        for j in reversed(range(order)):
            kj = dims[j][row]
            choice.append((m // stride) % kj)
            stride = stride * kj
        choice.reverse()
        p = pos[row]
        gram = [self.ids[p - order + 1 + j, choice[j]] for j in range(order)]
        values = lm.score(*gram) if order == 3 else lm.score2(*gram)
        grid[(self.row[p], self.col[p], *choice)] = values
        return grid


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


def _prune(grid: _Grid, lm: TrigramLM, weight: float, rule: Pruning) -> np.ndarray:
    """Per flat position, the candidate indices (ascending, -1 padded) that survive bigram
    max-marginal pruning."""
    t = grid.shape[1]
    score = grid.scores(lm, 2)  # (S, T, K, K)
    cost = grid.costs(weight)
    fwd = np.full(cost.shape, -np.inf)
    fwd[:, 0, 0] = 0.0
    for c in range(1, t):
        fwd[:, c] = (fwd[:, c - 1, :, None] + score[:, c]).max(axis=1) - cost[:, c]
    bwd = np.zeros(cost.shape)
    for c in range(t - 1, 0, -1):
        bwd[:, c - 1] = (score[:, c] - cost[:, c][:, None, :] + bwd[:, c][:, None, :]).max(axis=2)
    marg = (fwd + bwd)[grid.row, grid.col]  # (positions, K)
    top = np.argsort(-marg, axis=1, kind="stable")[:, : rule.keep]
    best = marg.max(axis=1, keepdims=True)
    good = np.take_along_axis(marg, top, axis=1) >= best - rule.margin
    good[:, 0] = True  # the best one always survives (a position whose scores are all -inf)
    good &= top < grid.k[:, None]
    return _ascending(np.where(good, top, -1))


def _ascending(kept: np.ndarray) -> np.ndarray:
    """Each row's kept indices in ascending order, -1 padding last."""
    big = np.iinfo(np.int64).max
    ordered = np.sort(np.where(kept >= 0, kept, big), axis=1)
    return np.where(ordered == big, -1, ordered)


# Segments decoded together at most: about (padded positions x K x K) grid cells, to bound
# memory.
_GROUP_CELLS = 1_500_000


def decode(lm: TrigramLM, segments: list[list[Slot]], weight: float,
           rule: Pruning) -> tuple[list[int], list[float]]:
    """For every slot of every segment (flattened), the chosen candidate and a confidence."""
    choice: list[list[int]] = [[0] * len(x) for x in segments]
    conf: list[list[float]] = [[1.0] * len(x) for x in segments]
    todo = sorted((i for i, seg in enumerate(segments) if any(len(x.ids) > 1 for x in seg)),
                  key=lambda i: len(segments[i]))
    group: list[int] = []
    k = positions = 1
    for n, i in enumerate(todo):
        group.append(i)
        k = max(k, *(len(x.ids) for x in segments[i]))
        positions += len(segments[i]) + 3
        nxt = todo[n + 1] if n + 1 < len(todo) else None
        more = len(segments[nxt]) + 3 if nxt is not None else 0
        if nxt is None or (positions + more) * k * k > _GROUP_CELLS:
            for j, ch, cf in zip(group, *_decode_group(lm, [segments[j] for j in group],
                                                       weight, rule), strict=True):
                choice[j], conf[j] = ch, cf
            group, k, positions = [], 1, 1
    return [c for x in choice for c in x], [c for x in conf for c in x]


def _decode_group(lm: TrigramLM, segments: list[list[Slot]], weight: float,
                  rule: Pruning) -> tuple[list[list[int]], list[list[float]]]:
    full = _Grid.of(segments)
    kept = _prune(full, lm, weight, rule)
    grid = full.keep(kept)
    s, t, k = grid.shape
    score = grid.scores(lm, 3)  # (S, T, K, K, K)
    cost = grid.costs(weight)
    delta = np.full((s, k, k), -np.inf)  # best path score ending in (column c-1, column c)
    delta[:, 0, 0] = 0.0
    back = np.zeros((s, t, k, k), dtype=np.int64)
    for c in range(2, t):
        total = delta[:, :, :, None] + score[:, c] - cost[:, c][:, None, None, :]
        back[:, c] = total.argmax(axis=1)
        delta = total.max(axis=1)
    rows = np.arange(s)
    path = np.zeros((s, t), dtype=np.int64)
    flat = delta.reshape(s, -1).argmax(axis=1)
    path[:, t - 2], path[:, t - 1] = flat // k, flat % k
    for c in range(t - 1, 1, -1):
        path[:, c - 2] = back[rows, c, path[:, c - 1], path[:, c]]
    row, col = grid.row[grid.real], grid.col[grid.real]
    chosen = path[row, col]
    # Confidence: the chosen candidate's share among the survivors given its left context.
    local = score[row, col, path[row, col - 2], path[row, col - 1]] - cost[row, col]
    local = np.exp(local - local.max(axis=1, keepdims=True))
    share = local[np.arange(len(chosen)), chosen] / local.sum(axis=1)
    share = np.where(grid.k[grid.real] > 1, share, 1.0)
    original = kept[grid.real][np.arange(len(chosen)), chosen]
    flat_choice, flat_share = original.tolist(), share.tolist()
    ends = np.cumsum([len(x) for x in segments]).tolist()
    spans = list(zip([0, *ends[:-1]], ends, strict=True))
    return [flat_choice[a:b] for a, b in spans], [flat_share[a:b] for a, b in spans]
