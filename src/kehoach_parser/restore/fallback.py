"""Last-resort candidates for words the OCR channel cannot read, or reads only at a high cost.

The channel explains a token letter by letter with its confusion tables; real scans also
stack two confusions in one word (``Gmg`` = ứng: ứ read as G and n as m) or make ones the
tables lack, and then the channel offers nothing good. Two generic readings fill the gap,
each at a cost high enough that the LM takes one only where the context is clearly for it:

* **near syllables**: frequent syllables whose ASCII skeleton is within a small weighted edit
  distance of the token's (a substitution the learned tables see often, such as o read as
  d or n as m, is half an edit);
* **a lost vowel**: a token of consonants only (``b`` in ``cán b``, ``Mt`` in ``Mt trận``) is
  a syllable whose vowel the OCR dropped: the frequent syllables with those consonants.

Both only run for a word the channel left without a good candidate, once per word (cached).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..data import data_dir, load_yaml
from .channel import Params, default_rules
from .decoder import Slot
from .inventory import fold, normalise
from .lm import UNK, default_model
from .slots import _slot

_VOWELS = frozenset("aeiouy")
# A learned confusion between base letters seen this often is a look-alike: half an edit.
_LOOKALIKE_COUNT = 20


@dataclass(frozen=True)
class Costs:
    below: float  # a slot whose best reading costs this much or more gets fallback readings
    min_count: int  # only syllables this frequent in the corpus are offered
    base: float  # cost of any near-syllable reading ...
    per_edit: float  # ... plus this per (weighted) edit
    max_edits: float
    vowel_lost: float  # cost of a consonants-only token read as a syllable with a vowel
    keep: int  # near-syllable readings kept per word, by cost plus unigram prior
    vowel_keep: int  # lost-vowel readings kept per word, the most frequent (a lone d has many)


@cache
def costs() -> Costs:
    cfg = load_yaml("diacritics", "channel.yaml")["fallback"]
    return Costs(**cfg)


@dataclass(frozen=True)
class _Index:
    by_form: dict[str, tuple[int, ...]]  # skeleton -> its `keep` most frequent LM ids
    forms: tuple[str, ...]  # the keys of by_form, for rapidfuzz
    by_consonants: dict[str, tuple[int, ...]]  # consonants -> the `vowel_keep` most frequent
    prior: dict[int, float]  # LM id -> -ln of its relative frequency (the channel's prior)
    least: dict[str, float]  # skeleton -> the smallest prior of its syllables in by_form
    cheap: frozenset[tuple[str, str]]  # (truth letter, OCR letter) look-alike pairs


@cache
def index() -> _Index:
    """The frequent syllables by skeleton and by consonants: built once, with the model."""
    lm = default_model()
    c = costs()
    frequent = sorted((int(-n), i) for i, n in enumerate(lm.uni_count)
                      if n >= c.min_count and i >= 4 and normalise(lm.vocab[i]) == lm.vocab[i])
    by_form: dict[str, list[int]] = {}
    by_consonants: dict[str, list[int]] = {}
    for _, i in frequent:
        form = fold(lm.vocab[i])
        by_form.setdefault(form, []).append(i)
        consonants = "".join(c for c in form if c not in _VOWELS)
        if consonants != form:
            by_consonants.setdefault(consonants, []).append(i)
    prior = {i: -float(lm.uni_logfreq[i]) for _, i in frequent}
    kept = {f: tuple(v[:c.keep]) for f, v in by_form.items()}
    return _Index(kept, tuple(by_form),
                  {k: tuple(v[:c.vowel_keep]) for k, v in by_consonants.items()},
                  prior, {f: min(prior[i] for i in ids) for f, ids in kept.items()},
                  _lookalikes())


def _lookalikes() -> frozenset[tuple[str, str]]:
    """Base-letter pairs the learned confusion table sees often (o read as d, n as m)."""
    path = data_dir("diacritics") / "ocr_confusions.tsv"
    counts: dict[tuple[str, str], int] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("#") or len(parts) != 3 or not parts[2].isdigit():
                continue
            truth, ocr = fold(parts[0]), parts[1].lower()
            if len(truth) == len(ocr) == 1 and ocr.isalpha() and truth != fold(ocr):
                key = (truth, fold(ocr))
                counts[key] = counts.get(key, 0) + int(parts[2])
    return frozenset(k for k, n in counts.items() if n >= _LOOKALIKE_COUNT)


def edit_cost(truth: str, seen: str, cheap: frozenset[tuple[str, str]]) -> float:
    """Edits from a truth skeleton to an OCR skeleton, a look-alike substitution half one."""
    return sum(0.5 if op == "replace" and (truth[i], seen[j]) in cheap else 1.0
               for op, i, j in Levenshtein.editops(truth, seen))


def _near(form: str, keep: float) -> dict[int, float]:
    """LM id -> fallback cost of the frequent syllables near ``form`` (``keep``: the cost
    of keeping the token as it is, which every fallback reading costs more than)."""
    idx, c = index(), costs()
    base = keep + c.base
    # The near skeletons by a floor under the scores of their syllables (each of the d
    # edits of a skeleton d away costs at least half one): once a floor is past the
    # `keep`th best score so far, no skeleton after it has a syllable in the best few.
    least, per_edit = idx.least, c.per_edit
    near = sorted([(base + per_edit * (d / 2) + least[f], f) for f, d, _ in process.extract(
        form, idx.forms, scorer=Levenshtein.distance, limit=None,
        score_cutoff=math.ceil(c.max_edits))])
    ranked: list[tuple[float, int, float]] = []
    worst: list[float] = []  # the `keep` best scores so far, negated (a heap of the worst)
    for floor, f in near:
        if len(worst) == c.keep and floor > -worst[0]:
            break
        edits = edit_cost(f, form, idx.cheap)
        if 0 < edits <= c.max_edits:
            cost = base + c.per_edit * edits
            for i in idx.by_form[f]:
                ranked.append((cost + idx.prior[i], i, cost))
                if len(worst) < c.keep:
                    heapq.heappush(worst, -ranked[-1][0])
                elif ranked[-1][0] < -worst[0]:
                    heapq.heapreplace(worst, -ranked[-1][0])
    # The `keep` best by cost plus unigram prior, as the channel's candidates are pruned.
    return {i: cost for _, i, cost in heapq.nsmallest(c.keep, ranked)}


def is_vowelless(word: str) -> bool:
    """Letters only, none of them a vowel, at most three (b, Mt, tr): a syllable lost its
    vowel. Longer runs of consonants are acronyms or noise."""
    form = fold(word)
    return 0 < len(form) <= 3 and form.isalpha() and form.isascii() and not (
        _VOWELS & set(form))


def lacks_good(slot: Slot | None) -> bool:
    """Whether the channel left a word without a good reading (keeping it included), the
    only words the fallback looks at: cheap, as it runs for every word."""
    return slot is None or min(slot.costs) >= costs().below


@lru_cache(maxsize=1 << 14)
def widen(word: str, slot: Slot | None, params: Params, vowelless: bool) -> Slot | None:
    """``slot`` (the channel's candidates for lowercase ``word``, which ``lacks_good``), with
    fallback readings added. ``vowelless``: the caller allows the lost-vowel reading (never
    for list labels, units or initials, which the caller knows from context)."""
    c = costs()
    form = fold(word)
    if vowelless:
        found = dict.fromkeys(index().by_consonants.get(form, ()), c.vowel_lost)
    elif len(form) >= 2 and form.isalpha() and form.isascii():
        found = _near(form, params.keep_unknown)
    else:
        found = {}
    if not found:
        return slot
    for i, cost in zip(slot.ids, slot.costs, strict=True) if slot else ():
        found[i] = min(cost, found.get(i, math.inf))
    if slot is None:  # no syllable reads so: it may still be a name or a foreign word
        found[UNK] = params.keep_unknown
    ids = tuple(sorted(found, key=found.__getitem__))
    return Slot(ids, tuple(found[i] for i in ids))


@lru_cache(maxsize=1 << 10)
def with_d_reading(word: str, slot: Slot | None, params: Params, keep_id: int) -> Slot | None:
    """``slot`` of a short capital token in a heading, which is read as an acronym, with the
    reading of its first letter as the Đ OCR read as P or B (CHU PE = CHỦ ĐỀ) at that
    confusion's cost; keeping the token (``keep_id``, at no cost) stays on offer."""
    cost = default_rules().get(("đ", word[:1]))
    if cost is None:
        return slot
    other = _slot("đ" + word[1:], params, False)
    if other is None:
        return slot
    found = dict(zip(slot.ids, slot.costs, strict=True)) if slot else {keep_id: 0.0}
    for i, c in zip(other.ids, other.costs, strict=True):
        if i != UNK:
            found[i] = min(c + cost + params.rule_penalty, found.get(i, math.inf))
    ids = tuple(sorted(found, key=found.__getitem__))
    return Slot(ids, tuple(found[i] for i in ids))
