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
from dataclasses import astuple, dataclass, field
from functools import cache, cached_property, lru_cache
from operator import itemgetter
from pathlib import Path

from ..data import data_dir, load_yaml
from .inventory import TONE_MARKS, fold, letter_parts, normalise
from .trie import Steps, Trie

CONFUSION_FILES = ("ocr_confusions.tsv", "ocr_confusions_hand.tsv")
TOKEN_FILE = "ocr_tokens.tsv"
_BY_COST = itemgetter(1, 0)  # (syllable, cost) pairs by cost, then syllable


@dataclass(frozen=True)
class Params:
    p_lost: float  # a mark of the truth is missing from the token
    p_swap: float  # a surviving mark was read as another mark of the same letter
    p_add: float  # a mark appears where the truth has none
    rule_penalty: float  # OCR confusions are as rare in a document as lost marks are
    beam: float
    fast_enough: float  # a same-letters reading this cheap narrows the search for OCR confusions
    close: float  # ... to the confusion readings at most this much dearer than that reading
    max_candidates: int
    prior_margin: float
    keep_unknown: float  # cost of keeping a token that is no syllable as it stands
    prune_margin: float
    prune_keep: int
    weight: float

    @cached_property
    def _hash(self) -> int:
        return hash(astuple(self))

    def __hash__(self) -> int:
        # Worked out once: the candidate caches hash their key once per word of a document.
        return self._hash

    def mark_cost(self, truth: str | int, seen: str | int) -> float:
        """Cost of one mark slot (quality or tone): kept, lost, swapped or added."""
        if truth == seen:
            return -math.log((1 - self.p_lost) * (1 - self.p_swap)) if truth else 0.0
        if not seen:
            return -math.log(self.p_lost)
        if not truth:
            return -math.log(self.p_add)
        return -math.log((1 - self.p_lost) * self.p_swap)


@lru_cache(maxsize=64)
def params_for(p_lost: float) -> Params:
    """The parameters for a mark-loss rate: one object per rate, so the caches keyed by them
    find theirs by identity rather than by comparing every field."""
    cfg = load_yaml("diacritics", "channel.yaml")
    p = min(max(p_lost, cfg["p_lost_min"]), cfg["p_lost_max"])
    swap = cfg["p_swap_clean"] + (cfg["p_swap_noisy"] - cfg["p_swap_clean"]) * p
    return Params(p, swap, swap * cfg["add_per_swap"], -math.log(p), cfg["beam"],
                  cfg["fast_enough"], cfg["close_confusions"], cfg["max_candidates"],
                  cfg["prior_margin"], cfg["keep_clean"] + cfg["keep_noisy"] * p,
                  cfg["prune_margin"],
                  cfg["prune_keep"],
                  cfg["channel_weight"])


def estimate_p_lost(words: Iterable[str]) -> float:
    """Share of marks lost in a document, from how few of its lowercase words carry one."""
    cfg = load_yaml("diacritics", "channel.yaml")
    lower = list(filter(str.isalpha, filter(str.islower, words)))
    n = len(lower)
    marked = n - sum(map(str.isascii, lower))
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

    Learned counts (identities included) become P(ocr | truth) over all readings of the
    truth letter; a multi-letter truth is counted against its first letter, an insertion
    (empty truth) against all letters. The hand table's counts are per 1000. An empty ocr
    side is a truth letter the OCR dropped.
    """
    rules: dict[tuple[str, str], float] = {}
    for name in CONFUSION_FILES:
        path = folder / name
        if not path.is_file():
            continue
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("#") or len(parts) != 3 or not parts[2].strip().isdigit():
                continue
            truth, ocr, count = parts[0].lower(), parts[1].lower(), int(parts[2])
            rows += [(t, ocr, count) for t in _expand(truth)]
        totals: dict[str, int] = {}
        for t, _, c in rows:
            totals[t] = totals.get(t, 0) + c
        everything = sum(c for t, _, c in rows if len(t) == 1)
        for t, o, c in rows:
            if c < min_count or t == o or not (t or o):
                continue
            if name.endswith("_hand.tsv"):
                denom = 1000
            else:
                denom = totals.get(t[:1], 0) if t else everything
            if denom:
                cost = -math.log(min(c / denom, 0.9))
                rules[(t, o)] = min(cost, rules.get((t, o), math.inf))
    return rules


def load_token_rules(folder: Path, min_count: int) -> dict[str, dict[str, float]]:
    """ocr token -> {syllable: cost} from the learned whole-token table, when present.

    Cost is -ln P(ocr | syllable), the count over all the syllable's readings; rows that
    split or merge tokens (a space on either side) are left to the character channel.
    """
    path = folder / TOKEN_FILE
    if not path.is_file():
        return {}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != 3 or not parts[2].strip().isdigit():
            continue
        rows.append((parts[0].lower(), parts[1].lower(), int(parts[2])))
    totals: dict[str, int] = {}
    for truth, _, n in rows:
        totals[truth] = totals.get(truth, 0) + n
    out: dict[str, dict[str, float]] = {}
    for truth, ocr, n in rows:
        if n >= min_count and " " not in truth + ocr:
            out.setdefault(ocr, {})[truth] = -math.log(n / totals[truth])
    return out


class _PairCosts(dict[tuple[str, str], float]):
    """Cost of a truth letter read as a letter of the same base, filled in on first use: the
    generic mark model or the learned mark confusion, whichever is cheaper."""

    def __init__(self, learned: dict[tuple[str, str], float], params: Params) -> None:
        super().__init__()
        self.learned, self.params = learned, params

    def __missing__(self, key: tuple[str, str]) -> float:
        t, o = letter_parts(key[0]), letter_parts(key[1])
        p = self.params
        cost = min(p.mark_cost(t[1], o[1]) + p.mark_cost(t[2], o[2]),
                   self.learned.get(key, math.inf) + p.rule_penalty)
        self[key] = cost
        return cost


# A syllable a token reads as through one confusion rule: (syllable, rule cost, the other
# letters as (truth, OCR) pairs).
_OneRule = tuple[str, float, tuple[tuple[str, str], ...]]
_ONE_RULE_CACHE = 1 << 17  # tokens


@dataclass
class Channel:
    """Candidate generator over one inventory and one set of confusion rules."""

    trie: Trie
    same_base: dict[tuple[str, str], float]  # (truth, ocr) letter pairs that differ in marks
    tokens: dict[str, dict[str, float]]  # whole ocr token -> {syllable: cost}
    skeletons: dict[str, list[str]]  # ASCII fold -> syllables (the fast path)
    common: frozenset[str]  # syllables frequent enough to end the search (not pích for PICH)
    # OCR string -> (cheapest rule, ASCII fold of truths it may be read from, {truth: rule
    # cost}), cheapest first
    confusable: dict[str, list[tuple[float, str, dict[str, float]]]]
    steps: dict[Params, Steps] = field(default_factory=dict, init=False)
    # token -> its one-rule readings, unpriced (_one_rule): the same for every document
    one_rule: dict[str, list[_OneRule]] = field(default_factory=dict, init=False)

    @classmethod
    def build(cls, inventory: Iterable[str], rules: dict[tuple[str, str], float],
              tokens: dict[str, dict[str, float]] | None = None,
              common: Iterable[str] | None = None) -> Channel:
        """``common``: syllables whose plain reading ends the search (default: all)."""
        inventory = list(inventory)
        index: dict[str, list[tuple[str, float]]] = {}
        dropped: dict[str, list[tuple[str, float]]] = {}
        same_base: dict[tuple[str, str], float] = {}
        for (truth, ocr), cost in sorted(rules.items()):
            if len(truth) == len(ocr) == 1 and letter_parts(truth)[0] == letter_parts(ocr)[0]:
                same_base[(truth, ocr)] = cost  # a mark confusion: priced with the generic step
            elif ocr:
                index.setdefault(ocr, []).append((truth, cost))
            else:
                dropped.setdefault(truth[:1], []).append((truth, cost))
        valid = set(inventory) if tokens else set()
        known = {o: {t: c for t, c in ts.items() if t in valid} for o, ts in (tokens or {}).items()}
        # fold() of an NFC syllable, letter by letter (fold normalises whole strings: slower
        # at load, where it would run once per syllable).
        to_base = {ord(ch): letter_parts(ch)[0] for ch in set().union(*inventory)}
        skeletons: dict[str, list[str]] = {}
        for syl in inventory:
            skeletons.setdefault(syl.translate(to_base), []).append(syl)
        by_fold: dict[str, dict[str, dict[str, float]]] = {}
        for ocr, truths in [*index.items(), *(("", ts) for ts in dropped.values())]:
            for truth, cost in truths:
                by_fold.setdefault(ocr, {}).setdefault(truth.translate(to_base), {})[
                    truth] = cost
        # Truths no syllable spells (a stray mark of the tables: ″) can lead nowhere.
        letters = set(to_base.values())
        confusable = {ocr: sorted((min(ts.values()), f, ts) for f, ts in folds.items()
                                  if set(f) <= letters)
                      for ocr, folds in by_fold.items()}
        return cls(Trie(inventory, index, dropped), same_base,
                   {o: ts for o, ts in known.items() if ts}, skeletons,
                   frozenset(inventory if common is None else common), confusable)

    def candidates(self, token: str, params: Params,
                   confusions: bool = True) -> list[tuple[str, float]]:
        """Syllables within the beam for ``token`` (any case), cheapest first.

        ``confusions=False``: only readings that differ from the token in marks (for capitals
        in running text, which are acronyms unless they spell a word as they stand).

        A token some common syllable matches letter for letter at a low cost is searched for
        OCR confusions only as far as ``params.close`` past that reading (``chét`` may be
        chất, é being how the OCR read a circumflex): a narrow search, as most tokens are
        such; other tokens get a search of the trie as far as the beam.
        """
        # A valid old-style spelling (hoà) is matched as its new-style self (hòa).
        obs = normalise(token) or token.lower()
        found = self._same_letters(obs, params)
        if not confusions:
            return sorted(found.items(), key=_BY_COST)
        fast = [c for w, c in found.items() if c <= params.fast_enough and w in self.common]
        if fast:
            found.update(self._one_confusion(obs, params, min(fast) + params.close))
            return self._ranked(obs, found, params)
        # No reading costs more than 1.5 beams, nor more than a beam over one already in hand
        # (_ranked keeps only those within a beam of the best): a tighter search, same result.
        in_hand = [c + params.rule_penalty for c in self.tokens.get(obs, {}).values()]
        limit = min(params.beam * 1.5, min(in_hand + list(found.values()), default=math.inf)
                    + params.beam)
        # A dropped letter is searched for in tokens of two letters or more (rn = rắn): in one
        # letter there is too little left to tell which syllable lost what.
        found = self._steps(params).search(obs, limit, rules_ok=len(obs) > 1 or not obs.isalpha(),
                                           drops_ok=len(obs) > 1)
        return self._ranked(obs, found, params)

    def _one_confusion(self, obs: str, params: Params, limit: float) -> dict[str, float]:
        """Readings of ``obs`` (letters a syllable matches one for one) with one confusion rule
        (a dropped letter included: lut = luật) and marks alone elsewhere, within ``limit``:
        nearly all the trie search would find at such a limit (two rules rarely fit in it), by
        skeleton lookups: several times faster than a walk of the trie, and this runs for most
        tokens."""
        readings = self.one_rule.get(obs)
        if readings is None:
            if len(self.one_rule) >= _ONE_RULE_CACHE:
                self.one_rule.clear()  # a long batch run: bounded, as the slot cache is
            # The limit is at most fast_enough + close: rules dearer than that never fit.
            readings = self.one_rule[obs] = self._one_rule(obs, params.fast_enough + params.close)
        pair = self._steps(params).pair
        out: dict[str, float] = {}
        for syl, rule, letters in readings:
            cost = rule + params.rule_penalty + sum(map(pair.__getitem__, letters))
            if cost <= limit and cost < out.get(syl, math.inf):
                out[syl] = cost
        return out

    def _one_rule(self, obs: str, most: float) -> list[_OneRule]:
        """The syllables ``obs`` reads as through one rule costing at most ``most``: each with
        the rule's cost and its other letters as (truth, OCR) pairs, to be priced by marks."""
        skeleton = fold(obs)
        out: list[_OneRule] = []
        for i, end in _spans(len(obs)):
            for cheapest, base, truths in self.confusable.get(obs[i:end], ()):
                if cheapest > most:
                    break
                after = i + len(base)  # where the syllable's letters after the rule start
                for syl in self.skeletons.get(skeleton[:i] + base + skeleton[end:], ()):
                    rule = truths.get(syl[i:after], math.inf)
                    if rule <= most:
                        out.append((syl, rule, (*zip(syl[:i], obs, strict=False),
                                                *zip(syl[after:], obs[end:], strict=True))))
        return out

    def _steps(self, params: Params) -> Steps:
        steps = self.steps.get(params)
        if steps is None:
            steps = self.steps[params] = Steps(self.trie, _PairCosts(self.same_base, params),
                                               params.rule_penalty)
        return steps

    def _same_letters(self, obs: str, params: Params) -> dict[str, float]:
        """Readings that differ from the token only in marks (the stripped-text case)."""
        pair = self._steps(params).pair
        out = {}
        for syl in self.skeletons.get(fold(obs), ()):
            if len(syl) != len(obs):  # a stray combining mark the fold dropped
                continue
            # map, not a generator: this runs for every token the channel is asked about.
            out[syl] = sum(map(pair.__getitem__, zip(syl, obs, strict=True)))
        return out

    def _ranked(self, obs: str, found: dict[str, float], params: Params) -> list[tuple[str, float]]:
        for syl, cost in self.tokens.get(obs, {}).items():
            found[syl] = min(cost + params.rule_penalty, found.get(syl, math.inf))
        cut = min(found.values(), default=0.0) + params.beam
        return sorted([kv for kv in found.items() if kv[1] <= cut], key=_BY_COST)


@cache
def _spans(n: int) -> tuple[tuple[int, int], ...]:
    """Where in a token of n letters a confusion rule may apply: (start, end) of its OCR
    string, one to three letters, or none at all (a letter the OCR dropped, which, as in the
    search, only tokens of two letters or more may have lost)."""
    spans = [(i, i + k) for i in range(n) for k in (1, 2, 3) if i + k <= n]
    return tuple(spans + ([(i, i) for i in range(n + 1)] if n > 1 else []))


@cache
def default_rules() -> dict[tuple[str, str], float]:
    cfg = load_yaml("diacritics", "channel.yaml")
    return load_rules(data_dir("diacritics"), cfg["min_count"])


@cache
def default_token_rules() -> dict[str, dict[str, float]]:
    cfg = load_yaml("diacritics", "channel.yaml")
    return load_token_rules(data_dir("diacritics"), cfg["min_count"])
