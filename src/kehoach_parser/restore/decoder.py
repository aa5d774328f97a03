"""Second-order Viterbi: the best syllable sequence of a whole document under LM + channel.

Each position has a few candidates (LM ids with channel costs); a fixed token has one. The
document's LM segments are laid end to end (``</s> <s> <s>`` between them: single-candidate
positions add the same score to every path, so they separate segments without changing any
choice).

Two passes keep it fast: a bigram lattice (K x K lookups per position) gives each candidate
its max-marginal score, and candidates far below the best are pruned; the trigram Viterbi
(K^3 per position) then runs on the few survivors. Each pass looks its scores up in one
vectorised call.
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


def _layout(segments: list[list[Slot]]) -> tuple[list[Slot], list[int]]:
    """The padded sequence, and the index in it of every real slot (in input order)."""
    seq: list[Slot] = []
    where: list[int] = []
    for seg in segments:
        seq += (_BOS, _BOS)
        for s in seg:
            where.append(len(seq))
            seq.append(s)
        seq.append(_EOS)
    return seq, where


def _blocks(seq: list[Slot], order: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Id arrays of every n-gram combination (n = order) the DP needs, and block starts.

    Position i's block enumerates the choices of slots i-order+1 .. i in C order.
    """
    k = np.array([len(s.ids) for s in seq], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(k)])
    ids = np.fromiter((x for s in seq for x in s.ids), dtype=np.int64, count=int(k.sum()))
    n = len(seq) - order + 1
    dims = [k[j:j + n] for j in range(order)]
    sizes = np.prod(dims, axis=0)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    pos = np.repeat(np.arange(n), sizes)
    m = np.arange(int(sizes.sum())) - starts[pos]
    out = []
    stride = np.ones(len(m), dtype=np.int64)
    for j in reversed(range(order)):
        kj = dims[j][pos]
        out.append(ids[offset[j:j + n][pos] + (m // stride) % kj])
        stride = stride * kj
    return out[::-1], starts


def _prune(lm: TrigramLM, seq: list[Slot], weight: float, rule: Pruning) -> list[list[int]]:
    """Per position, the candidate indices that survive bigram max-marginal pruning."""
    (b, c), starts = _blocks(seq, 2)
    scores = lm.score2(b, c).astype(np.float64)
    k = [len(s.ids) for s in seq]
    costs = [weight * np.asarray(s.costs) if len(s.ids) > 1 else 0.0 for s in seq]
    blocks = [scores[starts[i - 1]:starts[i - 1] + k[i - 1] * k[i]].reshape(k[i - 1], k[i])
              for i in range(1, len(seq))]
    fwd = [np.zeros(1)]
    for i in range(1, len(seq)):
        block = blocks[i - 1]
        if k[i - 1] == 1:
            fwd.append(fwd[-1] + block[0] - costs[i])
        else:
            fwd.append((fwd[-1][:, None] + block).max(axis=0) - costs[i])
    keep = [[0] for _ in seq]
    bwd = np.zeros(1)
    for i in range(len(seq) - 1, 0, -1):
        if k[i] > 1:
            marg = fwd[i] + bwd
            good = np.flatnonzero(marg >= marg.max() - rule.margin)
            keep[i] = sorted(good[np.argsort(-marg[good], kind="stable")][: rule.keep].tolist())
            bwd = (blocks[i - 1] - costs[i] + bwd).max(axis=1)
        else:
            bwd = blocks[i - 1][:, 0] + bwd
    return keep


def decode(lm: TrigramLM, segments: list[list[Slot]], weight: float,
           rule: Pruning) -> tuple[list[int], list[float]]:
    """For every slot of every segment (flattened), the chosen candidate and a confidence."""
    full, where = _layout(segments)
    if all(len(s.ids) == 1 for s in full):
        return [0] * len(where), [1.0] * len(where)
    kept = _prune(lm, full, weight, rule)
    seq = [Slot(tuple(s.ids[j] for j in ks), tuple(s.costs[j] for j in ks))
           for s, ks in zip(full, kept, strict=True)]
    (a, b, c), starts = _blocks(seq, 3)
    scores = lm.score(a, b, c).astype(np.float64)
    delta = np.zeros((1, 1))  # best score of a path ending in (slot i-1, slot i)
    back: list[np.ndarray | None] = []
    for i in range(2, len(seq)):
        ka, kb, kc = len(seq[i - 2].ids), len(seq[i - 1].ids), len(seq[i].ids)
        block = scores[starts[i - 2]:starts[i - 2] + ka * kb * kc]
        if ka == 1:  # one possible slot i-2: no choice to remember
            back.append(None)
            delta = delta.reshape(kb, 1) + block.reshape(kb, kc)
        else:
            total = delta[:, :, None] + block.reshape(ka, kb, kc)
            back.append(total.argmax(axis=0))
            delta = total.max(axis=0)
        if kc > 1:
            delta = delta - weight * np.asarray(seq[i].costs)
    b_idx, c_idx = np.unravel_index(int(delta.argmax()), delta.shape)
    path = [int(c_idx), int(b_idx)]  # choices for seq[-1], seq[-2], ... (built backwards)
    for arg in reversed(back[1:]):
        path.append(0 if arg is None else int(arg[path[-1], path[-2]]))
    path.append(0)
    path.reverse()
    conf = []
    for i in where:
        kc = len(seq[i].ids)
        if kc == 1:
            conf.append(1.0)
            continue
        # The chosen candidate's share among the survivors, given the chosen left context.
        kb = len(seq[i - 1].ids)
        at = starts[i - 2] + (path[i - 2] * kb + path[i - 1]) * kc
        local = scores[at:at + kc] - weight * np.asarray(seq[i].costs)
        p = np.exp(local - local.max())
        conf.append(float(p[path[i]] / p.sum()))
    return [kept[i][path[i]] for i in where], conf
