"""Second-order Viterbi over LM segments: the best syllable sequence under LM + channel.

Each position has a few candidates (ids with channel costs); a fixed token has one. All the
trigram scores a document needs are looked up in one vectorised call, then the dynamic
programme runs over small (K x K) tables per position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lm import BOS, EOS, TrigramLM


@dataclass(frozen=True, slots=True)
class Slot:
    """One position: candidate LM ids and their channel costs (the first is kept on a tie)."""

    ids: tuple[int, ...]
    costs: tuple[float, ...]


_PAD_BOS = Slot((BOS,), (0.0,))
_PAD_EOS = Slot((EOS,), (0.0,))


def _triples(slots: list[Slot]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """All (a, b, c) id combinations needed, and where each position's block starts."""
    a_parts, b_parts, c_parts, starts = [], [], [], []
    n = 0
    for i in range(2, len(slots)):
        ga, gb, gc = np.meshgrid(slots[i - 2].ids, slots[i - 1].ids, slots[i].ids,
                                 indexing="ij")
        a_parts.append(ga.ravel())
        b_parts.append(gb.ravel())
        c_parts.append(gc.ravel())
        starts.append(n)
        n += ga.size
    return (np.concatenate(a_parts), np.concatenate(b_parts), np.concatenate(c_parts), starts)


def decode_segment(lm: TrigramLM, slots: list[Slot],
                   weight: float) -> tuple[list[int], list[float]]:
    """Index of the chosen candidate per slot, and a confidence (0-1) for each choice."""
    if all(len(s.ids) == 1 for s in slots):
        return [0] * len(slots), [1.0] * len(slots)
    seq = [_PAD_BOS, _PAD_BOS, *slots, _PAD_EOS]
    a, b, c, starts = _triples(seq)
    scores = lm.score(a, b, c)
    delta = np.zeros((1, 1), dtype=np.float64)  # best score ending in (slot i-1, slot i)
    back: list[np.ndarray] = []
    for i in range(2, len(seq)):
        ka, kb, kc = len(seq[i - 2].ids), len(seq[i - 1].ids), len(seq[i].ids)
        block = scores[starts[i - 2]:starts[i - 2] + ka * kb * kc].reshape(ka, kb, kc)
        total = delta[:, :, None] + block - weight * np.asarray(seq[i].costs)[None, None, :]
        arg = total.argmax(axis=0)  # (kb, kc): best slot i-2 choice
        back.append(arg)
        delta = np.take_along_axis(total, arg[None], axis=0)[0]
    # Trace back: the final slot is </s> (one candidate).
    b_idx, c_idx = np.unravel_index(int(delta.argmax()), delta.shape)
    path = [int(c_idx), int(b_idx)]
    for arg in reversed(back[1:]):
        path.append(int(arg[path[-1], path[-2]]))
    path.reverse()  # choices for seq[1:], i.e. BOS, slots..., EOS
    chosen = path[1:-1]
    return chosen, _confidences(lm, seq, [0, 0, *chosen, 0], weight)


def _confidences(lm: TrigramLM, seq: list[Slot], path: list[int], weight: float) -> list[float]:
    """Per slot, the share of the local score mass (its three trigrams) on the chosen one."""
    best = [s.ids[k] for s, k in zip(seq, path, strict=True)]
    rows = []  # (slot, candidate) pairs, each scored by three trigrams
    a_l, b_l, c_l = [], [], []
    for i in range(2, len(seq) - 1):
        if len(seq[i].ids) == 1:
            continue
        nxt2 = best[i + 2] if i + 2 < len(seq) else EOS
        for j, cand in enumerate(seq[i].ids):
            rows.append((i, j))
            a_l += [best[i - 2], best[i - 1], cand]
            b_l += [best[i - 1], cand, best[i + 1]]
            c_l += [cand, best[i + 1], nxt2]
    out = [1.0] * (len(seq) - 3)
    if not rows:
        return out
    tri = lm.score(np.array(a_l), np.array(b_l), np.array(c_l)).reshape(-1, 3)
    # The trigram past </s> is meaningless; it is the same for every candidate, so harmless.
    local = tri.sum(axis=1) - weight * np.array([seq[i].costs[j] for i, j in rows])
    r = 0
    while r < len(rows):
        i = rows[r][0]
        k = len(seq[i].ids)
        s = local[r:r + k].astype(np.float64)
        p = np.exp(s - s.max())
        out[i - 2] = float(p[path[i]] / p.sum())
        r += k
    return out
