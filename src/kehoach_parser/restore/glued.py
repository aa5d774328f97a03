"""Words OCR ran together: ``Quyétdinh`` = Quyết định, ``vaUBND`` = và UBND, ``Néivu`` = Nội vụ.

Tesseract drops the space between two syllables set close together (tight table cells, a
narrow font), leaving a token no syllable reads as. Such a token is cut into two to four
pieces where each piece reads as a syllable (or is an acronym in capitals) at a good channel
cost *and* the pieces read as a phrase: under the LM each syllable is at least ``min_logp``
likely after the one before it, and of the cuts that pass, the likeliest sequence wins (so a
cut into more, rarer pieces loses: ``Quy ết định``). The phrase test is what keeps foreign
words and names whole (``online`` cuts into syllables, ``ồn lũ nề``, that never go
together); a token the fallback reads whole (``chive`` = chức) must be read clearly better
split. The pieces then go to the decoder as words of their own, which reads them in context;
the split is explained with each piece's change.

Only in OCR'd text (a mark-loss rate of ``min_p_lost`` or more): clean text runs no words
together, and its long tokens are names and foreign words. Thresholds: ``diacritics/
channel.yaml`` (``glued``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations, pairwise, product

import numpy as np
import regex

from ..data import load_yaml
from ..fold import ocr_fold
from .case import is_all_caps
from .channel import Params
from .fallback import lacks_good, widen
from .inventory import normalise
from .lm import UNK, TrigramLM, default_model
from .protect import acronyms, repair_word
from .slots import _slot
from .tokens import Token

_ACRONYM_LETTERS = 3  # capitals this many are an acronym though no list has it (UBND)
# A piece of one letter is as often a speck OCR stuck to a word (phongSoé) as a syllable (ở).
_SHORTEST = 2
_VOWEL_RUNS = regex.compile(r"[aeiouy]+")  # on OCR-folded text (6 = o, @ = a)
_CASE_CHANGE = regex.compile(r"\p{Ll}\p{Lu}{2}|\p{Lu}{3}\p{Ll}")  # phongHDND, UBNDtinh
_LONGEST = 9  # nghiêng has seven letters; OCR adds a mark or two as letters (Th6éng)


@dataclass(frozen=True)
class _Limits:
    min_p_lost: float  # the document's mark-loss rate at which words are looked at at all
    min_letters: int  # a token shorter than this is one syllable OCR damaged, not two
    max_pieces: int
    min_logp: float  # each syllable must be at least this likely after the one before it
    candidates: int  # readings of each piece tried for the phrase test
    piece_cost: float  # per piece beyond the first: a split must earn its cut
    margin: float  # how much better than the token read whole by the fallback a split reads


@cache
def _limits() -> _Limits:
    return _Limits(**load_yaml("diacritics", "channel.yaml")["glued"])


def split_glued(tokens: list[Token], params: Params, p_lost: float) -> list[Token]:
    """``tokens`` with each token OCR ran together replaced by its pieces, side by side on
    its line (every piece but the last with ``space_after``)."""
    limits = _limits()
    if p_lost < limits.min_p_lost:
        return tokens
    out: list[Token] = []
    for t in tokens:
        pieces = _pieces(t.text, params) if _may_be_glued(t, limits) else None
        if pieces is None:
            out.append(t)
            continue
        column = t.column
        for k, piece in enumerate(pieces):
            first, last = k == 0, k == len(pieces) - 1
            out.append(Token(piece, t.line, column, "word", t.boundary_before and first,
                             t.before if first else "", t.after if last else "", not last))
            column += len(piece)
    return out


def _may_be_glued(t: Token, limits: _Limits) -> bool:
    """A word no syllable spells, long enough for two, with two runs of vowels (one
    syllable has one: most damaged words are single syllables, ``thuodng``) or a word and
    an acronym side by side (``phongHDND``), and no acronym as a whole."""
    text = t.text
    return (t.kind == "word" and len(text) >= limits.min_letters
            and (len(_VOWEL_RUNS.findall(ocr_fold(text))) >= 2 or _CASE_CHANGE.search(text))
            and normalise(text) is None
            and not (is_all_caps(text) and text.isalpha()) and text.upper() not in acronyms())


@lru_cache(maxsize=1 << 12)
def _pieces(text: str, params: Params) -> tuple[str, ...] | None:
    """The best cut of ``text`` into pieces that read as a phrase, or None (also when the
    token reads well as it stands)."""
    whole = _slot(text.lower(), params, True)
    if not lacks_good(whole):
        return None
    limits, lm = _limits(), default_model()
    # the token read whole by the fallback (chive = chức, a ư read as iv): a split must beat it
    widened = widen(text.lower(), whole, params, False)
    best: tuple[float, tuple[str, ...]] | None = None if widened is None else (max(
        float(lm.uni_logp[i]) - params.weight * c
        for i, c in zip(widened.ids, widened.costs, strict=True) if i != UNK) + limits.margin,
        ())
    # Fewer pieces first: a cut into more is tried only when none into fewer reads (it
    # would mostly lose to it anyway, on a rarer sequence), which keeps the search small.
    for n in range(2, limits.max_pieces + 1):
        if best is not None and best[1]:
            break
        for cuts in combinations(range(1, len(text)), n - 1):
            bounds = (0, *cuts, len(text))
            if any(b - a > _LONGEST for a, b in pairwise(bounds)):
                continue
            pieces = tuple(text[a:b] for a, b in pairwise(bounds))
            score = _phrase_score(pieces, params, lm, limits)
            if score is not None and (best is None or score > best[0]):
                best = (score, pieces)
    return best[1] if best and best[1] else None


def _phrase_score(pieces: tuple[str, ...], params: Params, lm: TrigramLM,
                  limits: _Limits) -> float | None:
    """How well the pieces read: the LM's log-probability of the sequence (its known
    syllables) less the channel costs, when each piece reads as a syllable or an acronym and
    every pair of syllables side by side passes the phrase test; else None."""
    options = []
    for p in pieces:  # left to right, no further than the first piece that reads as nothing
        if not (found := _readings(p, params, limits.candidates)):
            return None
        options.append(found)
    best = None
    for path in product(*options):
        ids = np.array([i for i, _ in path])
        known = ids != UNK  # an acronym piece: the LM has nothing to say about its pairs
        pairs = known[:-1] & known[1:]
        logp = lm.score2(ids[:-1], ids[1:])[pairs]
        if (logp < limits.min_logp).any() or not (pairs.any() or _at_case_changes(pieces)):
            continue
        # the first syllable's own probability, then each one's after the one before it
        lm_score = float(lm.uni_logp[ids[known][:1]].sum() + logp.sum())
        score = lm_score - params.weight * sum(c for _, c in path)
        best = score if best is None else max(best, score)
    return None if best is None else best - limits.piece_cost * (len(pieces) - 1)


def _at_case_changes(pieces: tuple[str, ...]) -> bool:
    """Whether every cut is where the case changes (``va|UBND``, ``UBND|tinh``): with an
    acronym beside it the LM cannot judge the pair, and the case tells the cut instead."""
    return all(a[-1].islower() != b[0].islower() and (a.isupper() or b.isupper())
               for a, b in pairwise(pieces))


@lru_cache(maxsize=1 << 14)
def _readings(piece: str, params: Params, keep: int) -> tuple[tuple[int, float], ...]:
    """A piece's best readings (LM id, channel cost): an acronym as itself (UNK to the LM),
    a syllable at a good cost; none for anything else."""
    if len(piece) < _SHORTEST:
        return ()
    if piece.isupper() and piece.isalpha():
        # capitals run together with a word are an acronym (UBNDtinh), never syllables
        known = piece in acronyms() or repair_word(piece, {}) is not None
        return ((UNK, 0.0),) if known or len(piece) >= _ACRONYM_LETTERS else ()
    if not piece.isalnum() or not any(c.isalpha() for c in piece) \
            or any(c.isupper() for c in piece[1:]) \
            or len(_VOWEL_RUNS.findall(ocr_fold(piece))) != 1:
        # a syllable: in lowercase or capitalised (iNH is a word's damaged end), with one
        # run of vowels (most pieces of a long token have none or two: no search for them)
        return ()
    slot = _slot(piece.lower(), params, True)
    if slot is None or lacks_good(slot):
        return ()
    return tuple((i, c) for i, c in zip(slot.ids, slot.costs, strict=True)
                 if i != UNK)[:keep]
