"""Alignment helpers shared by the OCR tools and the restoration benchmark.

Three levels, each a small dynamic programme:

* lines  (``align_lines``): OCR output lines back to the truth lines of a page;
* tokens (``align_tokens``): words of one truth line against the OCR words, allowing a
  truth word to be split in two or three by OCR and two or three truth words to be merged;
* chars  (``align_chars``): one truth token against its OCR counterpart, in aligned chunks
  of at most three characters a side (``ư`` -> ``ir``, ``ố`` -> ``6``).

Everything compares on *folded* text (lowercase, no diacritics, ``đ`` -> ``d``) where the
question is "is this the same word", because OCR with an English model loses exactly the
diacritics, and on the raw lowercase text where the question is "what did OCR do".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

# Characters removed from both ends of a token before comparing words; the OCR engine turns
# diacritics into ``'``, ``` ` ```, ``&``, ``~`` or digits, so those are kept.
EDGE_PUNCT = ".,;:!?()[]{}\"“”«»…*"

# Old tone placement (``hoà``, ``thuỷ``) -> new (``hòa``, ``thủy``): both spellings occur in
# the corpus and in real documents and must count as the same syllable.
_OLD_TO_NEW: dict[str, str] = {}
for _lead, _v in (("o", "a"), ("o", "e"), ("u", "y")):
    for _tone in "\u0300\u0301\u0309\u0303\u0323":  # huyền sắc hỏi ngã nặng
        _old = unicodedata.normalize("NFC", _lead + _v + _tone)
        _OLD_TO_NEW[_old] = unicodedata.normalize("NFC", _lead + _tone + _v)


def fold(text: str) -> str:
    """Lowercase, strip diacritics and map ``đ`` to ``d`` (for similarity only)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def norm_syllable(token: str) -> str:
    """Canonical form for scoring: NFC, lowercase, edge punctuation off, new tone placement.

    Only the ``oa oe uy`` nuclei at the end of a syllable differ between the two styles
    (``hoà``/``hòa``, ``khoẻ``/``khỏe``, ``thuỷ``/``thủy``); ``hoàn``, ``quý`` are the same
    in both, so only a final two-letter nucleus is rewritten.
    """
    tok = unicodedata.normalize("NFC", token.lower()).strip(EDGE_PUNCT)
    tail = tok[-2:]
    if tail in _OLD_TO_NEW and not (len(tok) > 2 and tok[-3] == "q"):
        tok = tok[:-2] + _OLD_TO_NEW[tail]
    return tok


def tokens(line: str) -> list[str]:
    """Whitespace tokens with edge punctuation removed; empty tokens dropped."""
    out = []
    for raw in line.split():
        tok = raw.strip(EDGE_PUNCT)
        if tok:
            out.append(tok)
    return out


def align_lines(
    truth: Sequence[str], ocr: Sequence[str], min_score: float = 45.0
) -> list[tuple[int, int]]:
    """Monotonic 1-1 alignment of OCR lines to truth lines; returns (truth_i, ocr_j) pairs.

    Needleman-Wunsch maximising the summed fuzzy similarity of folded lines; a pair is only
    taken when its similarity reaches ``min_score`` so stray OCR lines (specks read as text)
    and lines OCR dropped stay unpaired instead of shifting everything after them.
    """
    ft = [fold(t) for t in truth]
    fo = [fold(o) for o in ocr]
    n, m = len(ft), len(fo)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]  # 0 diag, 1 skip truth, 2 skip ocr
    for i in range(1, n + 1):
        back[i][0] = 1
    for j in range(1, m + 1):
        back[0][j] = 2
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, move = score[i - 1][j], 1
            if score[i][j - 1] > best:
                best, move = score[i][j - 1], 2
            sim = fuzz.ratio(ft[i - 1], fo[j - 1])
            if sim >= min_score and score[i - 1][j - 1] + sim > best:
                best, move = score[i - 1][j - 1] + sim, 0
            score[i][j], back[i][j] = best, move
    pairs = []
    i, j = n, m
    while i > 0 or j > 0:
        move = back[i][j]
        if move == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move == 1:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _cost(truth_part: str, ocr_part: str) -> float:
    return Levenshtein.normalized_distance(fold(truth_part), fold(ocr_part))


# (truth tokens, ocr tokens) moves allowed in token alignment.  Splits and merges pay extra,
# and a 1-1 pairing never costs more than SUB_MAX, so a one-letter word read as another
# glyph (``nhà ở xã`` -> ``nha 6 xa``) stays a substitution instead of being glued onto a
# neighbour (length-normalised distances make ``nha``/``nha6`` look cheap).
_MOVES = ((1, 1, 0.0), (1, 2, 0.3), (2, 1, 0.3), (1, 3, 0.5), (3, 1, 0.5))
SUB_MAX = 0.9


def _gap(token: str) -> float:
    """Cost of leaving a token unpaired: cheap for specks OCR reads as ``|`` or ``‘``, so
    they are not glued onto a neighbouring word as a "split"."""
    return 1.0 if any(c.isalnum() for c in token) else 0.2


def align_tokens(
    truth: Sequence[str], ocr: Sequence[str]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Align token lists; returns ((t_start, t_end), (o_start, o_end)) half-open spans.

    A span is empty on one side for a token that has no counterpart.  Joined multi-token
    spans are compared without spaces, so ``"chu yen"`` matches ``"chuyên"`` and
    ``"cánbộ"`` matches ``"cán bộ"``.
    """
    n, m = len(truth), len(ocr)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            if i < n and here + _gap(truth[i]) < cost[i + 1][j]:
                cost[i + 1][j], back[i + 1][j] = here + _gap(truth[i]), (1, 0)
            if j < m and here + _gap(ocr[j]) < cost[i][j + 1]:
                cost[i][j + 1], back[i][j + 1] = here + _gap(ocr[j]), (0, 1)
            for dt, do, extra in _MOVES:
                if i + dt > n or j + do > m:
                    continue
                c = _cost("".join(truth[i : i + dt]), "".join(ocr[j : j + do]))
                c = here + extra + (min(c, SUB_MAX) if dt == do == 1 else c)
                if c < cost[i + dt][j + do]:
                    cost[i + dt][j + do], back[i + dt][j + do] = c, (dt, do)
    spans = []
    i, j = n, m
    while i > 0 or j > 0:
        dt, do = back[i][j]
        spans.append(((i - dt, i), (j - do, j)))
        i, j = i - dt, j - do
    spans.reverse()
    return spans


def align_chars(truth: str, ocr: str, max_len: int = 3) -> list[tuple[str, str]]:
    """Chunk-align two strings into (truth_chunk, ocr_chunk) pairs of <= ``max_len`` chars.

    Built on a Levenshtein edit script.  Matches and runs of plain 1-1 substitutions stay
    one character each (``đồ`` -> ``po`` is ``đ``->``p`` and ``ồ``->``o``); a run that
    contains an insertion or deletion is one chunk (``ử`` -> ``tr``), because OCR turned
    one glyph into several or several into one.  A run longer than ``max_len`` a side is
    emitted edit by edit.
    """
    ops = Levenshtein.opcodes(truth, ocr)
    out: list[tuple[str, str]] = []
    run_t, run_o, run_unequal = "", "", False

    def flush() -> None:
        nonlocal run_t, run_o, run_unequal
        if run_t or run_o:
            if not run_unequal:
                out.extend(zip(run_t, run_o, strict=True))
            elif len(run_t) <= max_len and len(run_o) <= max_len:
                out.append((run_t, run_o))
            else:
                out.extend(_edit_by_edit(run_t, run_o))
        run_t, run_o, run_unequal = "", "", False

    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            flush()
            out.extend((c, c) for c in truth[i1:i2])
            continue
        run_t += truth[i1:i2]
        run_o += ocr[j1:j2]
        run_unequal = run_unequal or tag != "replace" or (i2 - i1) != (j2 - j1)
    flush()
    return out


def _edit_by_edit(t: str, o: str) -> list[tuple[str, str]]:
    common = min(len(t), len(o))
    pairs = list(zip(t[:common], o[:common], strict=True))
    pairs += [(c, "") for c in t[common:]] + [("", c) for c in o[common:]]
    return pairs
