"""The OCR noisy channel: which syllables could have been read as this token, at what cost.

Costs are -ln P(observed | syllable). Two parts:

* a generic mark model for a letter read as the same base letter: marks lost (the common
  case in stripped and OCR'd text), kept, or swapped; its rates are estimated per document,
  so a clean document keeps its marks and a stripped one lets the LM choose;
* confusion tables for everything else (digits and symbols for stacked marks, ``ư`` read as
  ``ir``, ``Đ`` as ``P`` ...): the learned ``ocr_confusions.tsv`` when present, and the
  hand-written ``ocr_confusions_hand.tsv``.

Candidates are found by walking a trie of the syllable inventory along the token, so only
valid syllables are ever proposed.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..data import data_dir, load_yaml
from .inventory import TONE_MARKS, split_tone

_QUALITY_OF = {"ă": "a˘", "â": "a^", "ê": "e^", "ô": "o^", "ơ": "o+", "ư": "u+", "đ": "d-"}
CONFUSION_FILES = ("ocr_confusions.tsv", "ocr_confusions_hand.tsv")


@cache
def letter_parts(ch: str) -> tuple[str, str, int]:
    """(base letter, vowel-quality mark or '', tone) of one lowercase character."""
    bare, tone = split_tone(ch)
    q = _QUALITY_OF.get(bare)
    return (q[0], q[1], tone) if q else (bare, "", tone)


@dataclass(frozen=True)
class Params:
    p_lost: float  # a mark of the truth is missing from the token
    p_swap: float  # a surviving mark was read as another mark of the same letter
    p_add: float  # a mark appears where the truth has none
    beam: float
    max_candidates: int
    prior_margin: float
    prune_margin: float
    prune_keep: int
    weight: float

    def mark_cost(self, truth: str | int, seen: str | int) -> float:
        """Cost of one mark slot (quality or tone): kept, lost, swapped or added."""
        if truth == seen:
            return -math.log((1 - self.p_lost) * (1 - self.p_swap)) if truth else 0.0
        if not seen:
            return -math.log(self.p_lost)
        if not truth:
            return -math.log(self.p_add)
        return -math.log((1 - self.p_lost) * self.p_swap)


def params_for(p_lost: float) -> Params:
    cfg = load_yaml("diacritics", "channel.yaml")
    assert isinstance(cfg, dict)
    p = min(max(p_lost, cfg["p_lost_min"]), cfg["p_lost_max"])
    swap = cfg["p_swap_clean"] + (cfg["p_swap_noisy"] - cfg["p_swap_clean"]) * p
    return Params(p, swap, swap * cfg["add_per_swap"], cfg["beam"], cfg["max_candidates"],
                  cfg["prior_margin"], cfg["prune_margin"], cfg["prune_keep"],
                  cfg["channel_weight"])


def estimate_p_lost(words: Iterable[str]) -> float:
    """Share of marks lost in a document, from how few of its lowercase words carry one."""
    cfg = load_yaml("diacritics", "channel.yaml")
    assert isinstance(cfg, dict)
    n = marked = 0
    for w in words:
        if w.islower() and w.isalpha():
            n += 1
            marked += not w.isascii()
    if n < 5:
        return 0.5  # too little text to tell: let the LM and the marks weigh equally
    return 1 - min(1.0, marked / n / cfg["marked_share_clean"])


def _expand(truth: str) -> list[str]:
    if not truth.endswith("*"):
        return [truth]
    base = truth[:-1]
    return [unicodedata.normalize("NFC", base + m) for m in TONE_MARKS]


def load_rules(folder: Path, min_count: int) -> dict[tuple[str, str], float]:
    """(truth, ocr) -> cost from every confusion table present; the cheaper cost wins.

    Learned counts are normalised by the total count of their truth string; the hand table's
    counts are per 1000.
    """
    rules: dict[tuple[str, str], float] = {}
    for name in CONFUSION_FILES:
        path = folder / name
        if not path.is_file():
            continue
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not parts[2].strip().isdigit():
                continue
            truth, ocr, count = parts[0].lower(), parts[1].lower(), int(parts[2])
            if count >= min_count and truth != ocr and ocr:
                rows += [(t, ocr, count) for t in _expand(truth)]
        totals: dict[str, int] = {}
        for t, _, c in rows:
            totals[t] = totals.get(t, 0) + c
        for t, o, c in rows:
            denom = 1000 if name.endswith("_hand.tsv") else max(totals[t], 1000)
            cost = -math.log(min(c / denom, 0.9))
            rules[(t, o)] = min(cost, rules.get((t, o), math.inf))
    return rules


@dataclass
class _Node:
    kids: dict[str, _Node] = field(default_factory=dict)
    by_base: dict[str, list[tuple[str, _Node]]] = field(default_factory=dict)
    word: str | None = None


@dataclass
class Channel:
    """Candidate generator over one inventory and one set of confusion rules."""

    root: _Node
    rules: dict[str, list[tuple[str, str, float]]]  # ocr first char -> (ocr, truth, cost)

    @classmethod
    def build(cls, inventory: Iterable[str], rules: dict[tuple[str, str], float]) -> Channel:
        root = _Node()
        for syl in inventory:
            node = root
            for ch in syl:
                nxt = node.kids.get(ch)
                if nxt is None:
                    nxt = node.kids[ch] = _Node()
                    node.by_base.setdefault(letter_parts(ch)[0], []).append((ch, nxt))
                node = nxt
            node.word = syl
        index: dict[str, list[tuple[str, str, float]]] = {}
        for (truth, ocr), cost in sorted(rules.items()):
            index.setdefault(ocr[0], []).append((ocr, truth, cost))
        return cls(root, index)

    def candidates(self, token: str, params: Params) -> list[tuple[str, float]]:
        """Syllables within the beam for ``token`` (any case), cheapest first."""
        obs = token.lower()
        found: dict[str, float] = {}
        limit = [params.beam + 2.0]

        def walk(node: _Node, pos: int, cost: float) -> None:
            if cost > limit[0]:
                return
            if pos == len(obs):
                if node.word is not None and cost < found.get(node.word, math.inf):
                    found[node.word] = cost
                    limit[0] = min(limit[0], cost + params.beam)
                return
            ch = obs[pos]
            seen = letter_parts(ch)
            for t, kid in node.by_base.get(seen[0], ()):
                truth = letter_parts(t)
                walk(kid, pos + 1, cost + params.mark_cost(truth[1], seen[1])
                     + params.mark_cost(truth[2], seen[2]))
            for ocr, truth_s, rc in self.rules.get(ch, ()):
                if not obs.startswith(ocr, pos):
                    continue
                target: _Node | None = node
                for t in truth_s:
                    target = target.kids.get(t) if target else None
                if target is not None:
                    walk(target, pos + len(ocr), cost + rc)

        walk(self.root, 0, 0.0)
        best = min(found.values(), default=0.0)
        ranked = sorted((c, w) for w, c in found.items() if c <= best + params.beam)
        return [(w, c) for c, w in ranked]


@cache
def default_rules() -> dict[tuple[str, str], float]:
    cfg = load_yaml("diacritics", "channel.yaml")
    assert isinstance(cfg, dict)
    return load_rules(data_dir("diacritics"), cfg["min_count"])
