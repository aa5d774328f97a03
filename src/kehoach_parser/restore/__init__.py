"""Restore Vietnamese diacritics and OCR damage: a noisy-channel decoder over syllables.

``restore(text) -> str``; ``restore_and_explain(text) -> (str, list[Change])``. The output has
exactly the input's lines, in order; only word tokens change (and the lost Đ of acronyms in
codes, and short bare numbers the LM reads as words OCR turned into digits), each change with
its position, confidence and reason.

Pipeline: tokens -> per-token candidates from the OCR channel (``channel``) over the syllable
inventory (``inventory``), and for a word it reads at no good cost the fallback readings
(``fallback``: near syllables, a lost vowel, a Đ read as P in a heading) -> second-order
Viterbi with the trigram LM (``lm``, ``decoder``) -> the original case pattern (``case``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, pairwise

import numpy as np

from ..data import load_yaml
from .case import apply_case, is_all_caps, mostly_caps, opens_in_lowercase
from .channel import Params, estimate_p_lost, params_for
from .decoder import Pruning, Slot, decode
from .fallback import index as fallback_index
from .fallback import is_vowelless, lacks_good, widen, with_d_reading
from .glued import split_glued
from .inventory import fold, normalise
from .lm import NUM, UNK, TrigramLM, default_model
from .numbers import only, quarters, readings
from .protect import is_protected, repair_code, repair_word
from .slots import _channel, _ranked, _slot, lowercase_slots
from .tokens import Token, tokenize

__all__ = ["Change", "restore", "restore_and_explain"]


@dataclass(frozen=True, slots=True)
class Change:
    line: int  # 1-based line in the text given to restore
    column: int  # 1-based column of the original token on that line
    original: str
    replacement: str
    confidence: float
    reason: str


@lru_cache(maxsize=1 << 10)
def _digits_slot(digits: str, params: Params) -> Slot | None:
    """A number, or the syllables the OCR channel reads in its digits (ở as 6, là as 13).

    Keeping the number costs nothing; a syllable pays its channel cost plus a bias, since a
    real number broken is far worse than a word left as digits. The bias is smaller for each
    further digit: the LM scores all numbers as one ``<num>``, yet a given one-digit number
    is about ten times as likely as a given two-digit one (6 is a common count, 13 a rarer
    one and a common misreading of là). The LM then decides in context: ``<num>`` is likely
    before tháng, xã, % and after số, ngày, điều; ở is likely after nhà and before a place.
    """
    found = _channel().candidates(digits, params)
    if not found:
        return None
    ranked = _ranked(found, params)
    bias = _number_bias() - math.log(10) * (len(digits) - 1)
    return Slot((NUM, *(r[1] for r in ranked)), (0.0, *(r[2] + bias for r in ranked)))


@cache
def _capital_costs() -> list[float]:
    """-ln P(written capitalised inside a sentence | syllable), its counts shrunk towards the
    corpus-wide share by ``capital_prior`` uses: the model's own smoothing (+0.5 of 1) gives a
    syllable seen a few times or never (chiu, hựu) a name's odds, so it beat the common word
    (chịu, hữu) OCR lost the marks of. The capitalised counts are recovered from the model's
    ln((capital + 0.5) / (count + 1)).

    A common word is capitalised for reasons no count of the corpus sees in a document:
    respect (Tỉnh, Nhân dân), a heading run on, the OCR's own misreading. At least
    ``capital_floor`` of the time, so a name syllable (Tĩnh of Hà Tĩnh) does not beat the
    word the context is for (biên chế Tỉnh giao) on its capital alone.
    """
    lm = default_model()
    n = lm.uni_count.astype(np.float64)
    capital = np.maximum(np.exp(lm.capital_logp.astype(np.float64)) * (n + 1) - 0.5, 0.0)
    cfg = load_yaml("diacritics", "channel.yaml")
    prior, floor = float(cfg["capital_prior"]), float(cfg["capital_floor"])
    share = capital.sum() / max(n.sum(), 1.0)
    # A list: read one candidate at a time, where a numpy scalar per read costs more.
    return (-np.log(floor + (1 - floor) * (capital + prior * share) / (n + prior))).tolist()


@cache
def _number_bias() -> float:
    return float(load_yaml("diacritics", "channel.yaml")["number_as_word"])


# Digits longer than this are a real number (a year, an amount), never a syllable OCR misread.
_MAX_WORD_DIGITS = 2


def _digits_may_be_word(tokens: list[Token], i: int) -> bool:
    """Whether a number token may be a word the OCR read as digits (decided by the LM).

    Never: long numbers; numbers in brackets, quotes or before ) : / % (references, list
    labels 2), ranges); numbers next to another number or a code (amounts written in groups,
    dates, codes); a label, that is a number opening a line after a full stop or one before
    a full stop and a capital (1. Mục tiêu). A comma or full stop after a number mid-line
    is left to the LM (nhà 6, = nhà ở,).
    """
    t = tokens[i]
    if len(t.text) > _MAX_WORD_DIGITS or t.before or t.after.strip(".,"):
        return False
    prev = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if any(n is not None and n.kind in ("num", "code") for n in (prev, after)):
        return False
    if prev is None or prev.line != t.line:
        return not (t.boundary_before or t.after)
    return not (t.after.startswith(".") and after is not None and after.text[:1].isupper())


# A line's first token made only of roman letters, with l, | or ! read for I ("Il", "lll",
# "Vv"): Vietnamese has no such syllable, so it is a damaged roman label, never a word.
_LABEL = re.compile(r"(?=.*[IVXLl|!])[IVXLvl1|!]{1,5}")
# A numeral I to IV with its I read as i, l, 1 or a bar ("il", "Ill", "lV"); with a full
# stop after it, opening a line or a cell, and a capital after it, it labels a heading.
_NUMERAL = re.compile(r"(?=.*[Ili|])[Ili1|!]{1,4}|[Ili1|]?[Vv]")


def _is_label(tokens: list[Token], i: int, first_on_line: bool) -> bool:
    """Whether token i, which opens its line (``first_on_line``) or follows a boundary (the
    caller tests this first: most tokens do neither), is a heading's roman label OCR damaged
    (Il. for II.): its letters are no syllable's (il. is no ứ)."""
    t = tokens[i]
    if first_on_line and _LABEL.fullmatch(t.text):
        return True
    if not t.after.startswith("."):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return bool(after is not None and after.line == t.line and after.text[:1].isupper()
                and _NUMERAL.fullmatch(t.text))


def _heading_lines(tokens: list[Token]) -> set[int]:
    """Lines written in capitals (where ALL-CAPS words are words, not acronyms)."""
    caps: dict[int, list[bool]] = defaultdict(list)
    for t in tokens:
        if t.kind == "word" and len(t.text) > 1:
            caps[t.line].append(is_all_caps(t.text))
    return {ln for ln, flags in caps.items() if sum(flags) >= 2 and sum(flags) >= 0.6 * len(flags)}


def _apart_from_headings(tokens: list[Token], headings: set[int]) -> list[Token]:
    """``tokens`` with an LM segment starting at a heading line (in capitals) after a line of
    running text (a word in lowercase): a line break does not end a segment, as OCR breaks
    sentences, but a title opens a block of its own (PHỤ LỤC under a signer's name). Text
    after a heading is read on from it: a signer's name after the title (CHỦ TỊCH Đỗ ...)."""
    running: set[int] = set()
    for t in tokens:  # a line's first word in lowercase settles it
        if (t.kind == "word" and t.line not in running and t.line not in headings
                and not _capitals(t.text)):
            running.add(t.line)
    out = tokens[:1]
    for prev, t in pairwise(tokens):
        if (t.line != prev.line and not t.boundary_before and t.line in headings
                and prev.line in running):
            t = t._replace(boundary_before=True)
        out.append(t)
    return out


# Nouns a letter follows as an item reference (diacritics/references.yaml).
_LETTER_REFS = frozenset(load_yaml("diacritics", "references.yaml")["letter_refs"])


def _vowel_may_be_lost(tokens: list[Token], i: int) -> bool:
    """Whether a token of consonants only may be a syllable whose vowel OCR lost (cán b =
    cán bộ, Mt trận = Mặt trận): lowercase, or a capital and more (a lone capital is an
    initial or a label), never a list label (b. opening a line, a) anywhere), an item
    reference (điểm b, a, b, c), nor a unit after a number (5 m, 8 h)."""
    t = tokens[i]
    if len(t.text) > 3:
        return False
    cased = t.text.islower() or (t.text.istitle() and len(t.text) > 1)
    if not (cased and is_vowelless(t.text)):
        return False
    if t.after.startswith(")") or "(" in t.before:
        return False
    prev = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if len(t.text) == 1 and any(n is not None and n.line == t.line and len(n.text) == 1
                                and n.text.isalpha() for n in (prev, after)):
        return False  # one of a run of letters on a line: an enumeration
    if prev is None or prev.line != t.line:
        return not t.after.startswith(".")
    return prev.kind != "num" and fold(prev.text) not in _LETTER_REFS


# Abbreviations are short: Stt, TT, STT (số thứ tự), Đvt (đơn vị tính).
_ABBREVIATION_LETTERS = 3


def _abbreviation(tokens: list[Token], i: int) -> bool:
    """Whether a token in capitals or capitalised is an abbreviation rather than a syllable
    OCR damaged: three consonants with one doubled (Stt; two, as Dd for Đồ, are a short
    syllable that lost its vowel), or a short token alone in the first cell of its line (a
    table header's cell, a line of its own: Sit for Stt), where no context supports reading
    a letter as another one; its marks may still be restored. A short word between commas
    (1. Sở, ban) is no cell: its line reads on."""
    t = tokens[i]
    if len(t.text) > _ABBREVIATION_LETTERS or not t.text.isalpha():
        return False
    form = fold(t.text)
    if len(form) == _ABBREVIATION_LETTERS and is_vowelless(form) and any(
            a == b for a, b in pairwise(form)):
        return True
    prev = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return ((prev is None or prev.line != t.line) and not t.after
            and (after is None or after.boundary_before))


def _plan(tokens: list[Token], lm: TrigramLM, params: Params,
          headings: set[int]) -> list[Slot]:
    slots = []
    line = 0
    decided = readings(tokens)
    lowercase = lowercase_slots(params)
    for i, t in enumerate(tokens):
        slot = None
        first_on_line, line = t.line != line, t.line
        if (first_on_line or t.boundary_before) and _is_label(tokens, i, first_on_line):
            pass  # a heading label OCR damaged (Il. for II.): the structure stage repairs it
        elif t.kind == "word" and t.text.islower():
            # Most words: in lowercase, so no acronym, nor a capital to weigh.
            got = lowercase.get(t.text)
            if got is None:
                slot = _slot(t.text, params, True)
                got = lowercase[t.text] = (slot, lacks_good(slot))
            slot, poor = got
            if poor:
                slot = widen(t.text, slot, params, _vowel_may_be_lost(tokens, i))
        elif t.kind == "num" and _digits_may_be_word(tokens, i):
            slot = _digits_slot(t.text, params)
        elif t.kind == "word" and not is_protected(t.text, t.line in headings, lm.acronyms):
            heading = t.line in headings
            # Capitals in running text, and short all-letter tokens anywhere (TM., GV), are
            # acronyms unless they spell a word as they stand: no letter confusions for them.
            abbreviation = _abbreviation(tokens, i)
            acronym_like = abbreviation or (is_all_caps(t.text) and (
                not heading or (len(t.text) <= 2 and t.text.isalpha())))
            slot = _slot(t.text.lower(), params, not acronym_like)
            if acronym_like and heading:
                # A short capital token in a heading may be a word whose Đ OCR read as P or B
                # (CHU PE = CHỦ ĐỀ): the LM decides between the acronym and the Đ word.
                slot = with_d_reading(t.text.lower(), slot, params, lm.word_id(t))
            # Acronyms (ISO, PCT) are not near-misses of words.
            elif lacks_good(slot) and not (is_all_caps(t.text) or abbreviation):
                slot = widen(t.text.lower(), slot, params, _vowel_may_be_lost(tokens, i))
            if slot and not t.boundary_before and t.text.istitle() and not heading:
                # A capital inside a sentence marks a name: prefer syllables names use.
                cost = _capital_costs()
                slot = Slot(slot.ids, tuple([c + cost[j]
                                             for j, c in zip(slot.ids, slot.costs, strict=True)]))
        if slot and t.kind == "word" and (fixed := decided.get(i)) is not None:
            slot = only(slot, lm.index[fixed])
        slots.append(slot or Slot((lm.word_id(t),), (0.0,)))
    return slots


def _segments(tokens: list[Token], apart: frozenset[int] = frozenset()) -> list[range]:
    """The LM segments: runs of tokens, each from one with a boundary before it, or the
    first on a line read apart (a column of its own: its capitals are still a name's)."""
    starts = [i for i, t in enumerate(tokens) if t.boundary_before or not i or (
        t.line in apart and tokens[i - 1].line != t.line)]
    return [range(a, b) for a, b in zip(starts, [*starts[1:], len(tokens)], strict=True)]


def _reason(original: str, replacement: str) -> str:
    if fold(original) == fold(replacement):
        return "diacritics restored (LM + channel)"
    return "OCR confusion repaired (LM + channel)"


# A token that changes: the token, its new text, the decoder's confidence and the reason.
_Edit = tuple[Token, str, float, str]


def _edits(text: str, apart: frozenset[int] = frozenset()) -> list[_Edit]:
    """The tokens of ``text`` that change, in order (restore needs no Change objects)."""
    tokens = tokenize(text)
    if not tokens:
        return []

    lm = default_model()
    fallback_index()  # model data, built on first use like the model (not on the first miss)
    p_lost = estimate_p_lost([t.text for t in tokens if t.kind == "word"])
    params = params_for(round(p_lost * 20) / 20)  # coarse, so the candidate cache is shared
    headings = _heading_lines(tokens)
    tokens = split_glued(_apart_from_headings(tokens, headings), params, p_lost)
    slots = _plan(tokens, lm, params, headings)
    # Segments are runs of consecutive tokens: the decoder's choices come in token order.
    chosen, conf = decode(lm, [[slots[i] for i in seg] for seg in _segments(tokens, apart)],
                          params.weight, Pruning(params.prune_margin, params.prune_keep))
    vocab = lm.vocab
    roman = quarters(tokens)
    edits: list[_Edit] = []
    for i, (tok, slot, k, c) in enumerate(zip(tokens, slots, chosen, conf, strict=True)):
        if i in roman:
            edits.append((tok, roman[i], 1.0, _QUARTER))
            continue
        ids = slot.ids
        decided = (len(ids) > 1 or slot.costs[0] > 0) and ids[k] not in (UNK, NUM)
        got = _replacement(tokens, i, vocab[ids[k]] if decided else None, headings, lm)
        if tok.space_after:  # a piece of a token OCR ran together: the space goes back
            got = (got[0] if got else tok.text) + " ", _GLUED
        if got is not None and got[0] != tok.text:
            edits.append((tok, got[0], c, got[1]))
    return edits


def restore_and_explain(text: str, apart: frozenset[int] = frozenset()
                        ) -> tuple[str, list[Change]]:
    """``apart``: lines (1-based) the language model reads apart from the line above (a
    line is otherwise read on from the one above: OCR breaks sentences over lines)."""
    edits = _edits(text, apart)
    return _apply(text, edits), [Change(t.line, t.column, t.text, new, round(c, 3), reason)
                                 for t, new, c, reason in edits]


# Capital words OCR made of a capitalised name (SO Noi vu = Sở Nội vụ, BO NGi vu) are one or
# two; a longer run of them is a heading's (HUYEN CHAU THANH next to Độc lập on one line).
_NAME_RUN = 2


def _capitals(word: str) -> bool:
    """In capitals, or mostly: OCR mixes cases inside a word (CHIiNH, NGi)."""
    return is_all_caps(word) or mostly_caps(word)


def _in_capitals(tokens: list[Token], i: int, headings: set[int],
                 acronyms: frozenset[str]) -> bool:
    """Whether a word (its first letter a capital) was written in capitals, for the case of
    its restored syllable. A lone capital (X4 = Xã) on a heading line only. On a heading line,
    a word in capitals is; one in mixed case (Uy, Not) if mostly capitals or next to a word in
    capitals (Uy BAN = ỦY BAN, but Not nhận = Nơi nhận). Elsewhere a word in capitals, or
    mostly, is unless it is one of a short run of them read on by a word in lowercase (XAy
    dựng = Xây dựng, SO Nội vụ = Sở Nội vụ; CHIiNH SACH and CHU TICH after a semicolon
    stay). Acronyms next to a word tell nothing: they are in capitals anywhere."""
    t = tokens[i]
    if t.text.islower():
        return False  # most words: no capital to put anything on
    heading = t.line in headings
    if sum(map(str.isalpha, t.text)) < 2:
        return heading

    def joined(j: int, k: int) -> bool:  # tokens j < k are words side by side on a line
        return (j >= 0 and k < len(tokens) and tokens[j].line == tokens[k].line
                and tokens[j].kind == tokens[k].kind == "word" and not tokens[k].boundary_before)

    if heading:
        return is_all_caps(t.text) or mostly_caps(t.text) or any(
            is_all_caps(tokens[n].text) and not is_protected(tokens[n].text, False, acronyms)
            for n in (i - 1, i + 1) if joined(min(i, n), max(i, n)))
    if not _capitals(t.text):
        return False
    a, b = i, i
    while joined(a - 1, a) and _capitals(tokens[a - 1].text):
        a -= 1
    while joined(b, b + 1) and _capitals(tokens[b + 1].text):
        b += 1
    # read on by a word written in lowercase (not by a symbol OCR read as a word: @ = ứ)
    read_on = any(joined(j, k) and any(map(str.islower, tokens[n].text))
                  for j, k, n in ((a - 1, a, a - 1), (b, b + 1, b + 1)))
    return b - a + 1 > _NAME_RUN or not read_on


_ACRONYM = "lost Đ in an acronym"
_GLUED = "words OCR ran together split apart (LM + channel)"
_QUARTER = "a quarter's Roman numeral OCR read as digits or letters"


def _replacement(tokens: list[Token], i: int, syllable: str | None, headings: set[int],
                 lm: TrigramLM) -> tuple[str, str] | None:
    """Token i's new text (``syllable``: the decoder's choice, None where it kept the token)
    and the reason, or None where the token stays as it is."""
    tok = tokens[i]
    text, learned = tok.text, lm.d_acronyms
    if tok.kind == "word":
        if (fixed := repair_word(text, learned)) is not None:
            return fixed, _ACRONYM if fixed else _reason(text, fixed)
        if syllable is None or syllable == normalise(text):
            return None  # kept, including a correct old-style spelling (hoà)
        # Whether it was written in capitals matters only for a word opening with one.
        new = syllable if opens_in_lowercase(text) else apply_case(
            text, syllable, _in_capitals(tokens, i, headings, lm.acronyms), tok.boundary_before)
        return new, _reason(text, new)
    if tok.kind == "code":
        return repair_code(text, learned), _ACRONYM
    if tok.kind == "num" and syllable is not None:
        # Digits have no case to copy; a heading is written in capitals.
        new = syllable.upper() if tok.line in headings else syllable
        return new, (_ACRONYM if repair_word(text, learned)
                     else "word the OCR read as digits (LM + channel)")
    return None


def _apply(text: str, edits: list[_Edit]) -> str:
    # Where each line starts: the edits (tokens in order) cut the text once, left to right.
    starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]
    out: list[str] = []
    at = 0
    for tok, new, _, _ in edits:
        start = starts[tok.line - 1] + tok.column - 1
        out += (text[at:start], new)
        at = start + len(tok.text)
    out.append(text[at:])
    return "".join(out)


def restore(text: str) -> str:
    return _apply(text, _edits(text))
