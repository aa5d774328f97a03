"""Second-order Viterbi: the best syllable sequence of each LM segment under LM + channel.

Each position has a few candidates (LM ids with channel costs); a fixed token has one. Every
segment is padded to ``<s> <s> ... </s>``.

Two passes keep it fast: a bigram lattice gives each candidate its max-marginal score and
candidates far below the best are pruned; the trigram Viterbi then runs on the few
survivors. Each pass looks its n-gram scores up in one vectorised call, and the dynamic
programme runs over all segments of the document in lockstep (one numpy step per position
index, segments stacked on the first axis), so its cost does not grow with the number of
segments. Positions past a segment's end carry one zero-score candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    """Segments stacked: position i of the flat sequence is row seg[i], column t[i]; its
    candidates are ids[i, :k[i]] with channel costs cost[i, :k[i]]."""

    ids: np.ndarray  # (P, K) int64
    cost: np.ndarray  # (P, K) float64, +inf past k
    k: np.ndarray  # (P,) candidates per position
    seg: np.ndarray
    t: np.ndarray
    real: np.ndarray  # bool: a slot of the input, not padding
    shape: tuple[int, int, int]  # segments, columns, max candidates

    @classmethod
    def of(cls, segments: list[list[Slot]]) -> _Grid:
        seq: list[Slot] = []
        seg: list[int] = []
        t: list[int] = []
        real: list[bool] = []
        for s, slots in enumerate(segments):
            padded = [_BOS, _BOS, *slots, _EOS]
            seq += padded
            seg += [s] * len(padded)
            t += range(len(padded))
            real += [False, False] + [True] * len(slots) + [False]
        k = np.array([len(x.ids) for x in seq])
        width = int(k.max())
        ids = np.array([x.ids + (0,) * (width - len(x.ids)) for x in seq], dtype=np.int64)
        inf = (np.inf,)
        cost = np.array([x.costs + inf * (width - len(x.ids)) for x in seq], dtype=np.float64)
        return cls(ids, cost, k, np.array(seg), np.array(t), np.array(real),
                   (len(segments), max(t) + 1, width))

    def keep(self, kept: np.ndarray) -> _Grid:
        """The grid with only the candidates ``kept`` (P, K'; -1 = none) per position."""
        k = (kept >= 0).sum(axis=1)
        safe = np.maximum(kept, 0)
        ids = np.take_along_axis(self.ids, safe, axis=1)
        cost = np.where(kept >= 0, np.take_along_axis(self.cost, safe, axis=1), np.inf)
        return _Grid(ids, cost, k, self.seg, self.t, self.real,
                     (self.shape[0], self.shape[1], kept.shape[1]))

    def costs(self, weight: float) -> np.ndarray:
        """Channel costs per (segment, column, candidate); +inf where there is none, 0 for the
        single candidate of the padding past a segment's end."""
        s, t, k = self.shape
        out = np.full((s, t, k), np.inf)
        out[:, :, 0] = 0.0
        out[self.seg, self.t] = weight * self.cost
        return out

    def scores(self, lm: TrigramLM, order: int) -> np.ndarray:
        """LM scores per (segment, column, choice at t-order+1 ... choice at t); -inf where a
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
        grid[(self.seg[p], self.t[p], *choice)] = values
        return grid


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
    marg = (fwd + bwd)[grid.seg, grid.t]  # (positions, K)
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


# Segments decoded together at most: (segments x columns x K x K) grid cells, to bound memory.
_GROUP_CELLS = 1_500_000


def decode(lm: TrigramLM, segments: list[list[Slot]], weight: float,
           rule: Pruning) -> tuple[list[int], list[float]]:
    """For every slot of every segment (flattened), the chosen candidate and a confidence."""
    choice: list[list[int]] = [[0] * len(x) for x in segments]
    conf: list[list[float]] = [[1.0] * len(x) for x in segments]
    todo = sorted((i for i, seg in enumerate(segments) if any(len(x.ids) > 1 for x in seg)),
                  key=lambda i: len(segments[i]))
    group: list[int] = []
    k = 1
    for n, i in enumerate(todo):
        group.append(i)
        k = max(k, *(len(x.ids) for x in segments[i]))
        nxt = todo[n + 1] if n + 1 < len(todo) else None
        width = len(segments[nxt]) + 3 if nxt is not None else 0
        if nxt is None or (len(group) + 1) * width * k * k > _GROUP_CELLS:
            for j, ch, cf in zip(group, *_decode_group(lm, [segments[j] for j in group],
                                                       weight, rule), strict=True):
                choice[j], conf[j] = ch, cf
            group, k = [], 1
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
    seg, col = grid.seg[grid.real], grid.t[grid.real]
    chosen = path[seg, col]
    # Confidence: the chosen candidate's share among the survivors given its left context.
    local = score[seg, col, path[seg, col - 2], path[seg, col - 1]] - cost[seg, col]
    local = np.exp(local - local.max(axis=1, keepdims=True))
    share = local[np.arange(len(chosen)), chosen] / local.sum(axis=1)
    share = np.where(grid.k[grid.real] > 1, share, 1.0)
    original = kept[grid.real][np.arange(len(chosen)), chosen]
    cuts = np.cumsum([len(x) for x in segments])[:-1]
    return ([x.tolist() for x in np.split(original, cuts)],
            [x.tolist() for x in np.split(share, cuts)])
