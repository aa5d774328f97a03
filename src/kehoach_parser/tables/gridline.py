"""One OCR'd line of a ruled grid table cut into its cells' fragments.

A grid printed with its cells wrapped and top-aligned, OCR'd line by line, gives lines that
hold the wrapped fragments of several neighbouring cells, left to right. Where one cell's
fragment ends and the next one's starts is decided here by a monotone segmentation of the
line's words into increasing columns (dynamic programming), scored by:

* what each fragment is for its column: a time expression, an amount, an agency name, a
  deliverable (grammars/tables.yaml), read together with the fragment the same column had
  on the line above (``Thường`` / ``xuyên``);
* ``|`` and ``_`` where the rules were: a boundary there is likely, a fragment across one
  is not;
* the width at which each column wraps (estimated from the document by the caller): a
  fragment longer than it is not one column's, and a word that would have fitted on the
  line above is no wrapped continuation (unless it starts an item of its own);
* continuity: a cell starts on its row's first line, with a capital, and once it has ended
  it does not start again within the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import regex

from ..fold import ocr_fold
from ..restore.inventory import normalise
from ..restore.lm import UNK, default_model
from .classify import PLURAL, cell_vocab, classify, open_end, starts_with_any, strip_bullet
from .money import is_money
from .timespec import time_coverage, time_spans

_MARKS = "|[]_=~—"
_PIECE = regex.compile(r"[^|\[\]]+|[|\[\]]")
_MONEY_WORD = regex.compile(r"\b(?:trieu|dong|ty)\b|^\d[\d.,]*$")
_AMOUNT = regex.compile(r"\d{1,3}(?:[.,]\d{3})*")  # not a date: "12/2022" is split at "/"
_AMOUNT_FIRST = regex.compile(r"\d{1,3}(?:[.,]\d{3})*(?![\d/])")
# "20.000.000 ông": thousands grouped, an amount even where OCR damaged its unit.
_GROUPED = regex.compile(r"\d{1,3}(?:[.,]\d{3})+(?![\d/])")
_WORD = regex.compile(r"\S+")
_BUDGET_SPLIT = regex.compile(r"[\s/]+")
_MAX_WORDS = 14  # more words than any cell line holds

# Scores (log-odds-like units). A ruling inside a fragment costs about as much as a
# cell of the wrong kind; a cell starting again after it ended costs more than both.
_KIND_HIT, _KIND_MISS = 2.0, -2.0
_CONT_HIT, _CONT_MISS = 0.5, -1.5
_GOES_ON = -0.5  # a fragment on a later line: each needs some evidence to be cut out
_AGENCY_HIT = 1.5
_FOREIGN = -0.8  # per syllable of an agency column's fragment that no agency name has
_WRONG_KIND = -1.5
_LOWER_START = -2.0
_MARK_INSIDE = -3.0
_MARK_EDGE = 1.0
_RESTART = -4.0
_OPEN_LEFT = -1.0  # a cell whose line ended on "của" / "," stops: unlikely
_CUT_WEIGHT, _JOIN_WEIGHT = 0.5, 0.5  # per nat of cohesion
_PMI_CLIP = (-3.0, 4.0)
_PUNCT = ",.;:()\"'"
_FULL_LEFT = -0.5  # a cell whose line filled its column stops: a little less likely (a
# long line ends many cells too; the joint reading's wrap check, gridrow.py, says the rest)
_FULL_MARGIN = 3  # characters: a line this close to its column's width filled it
_FIRST_CELL = 0.5  # a row's first line holds every non-empty cell: splitting is expected
_OVER_WIDTH = -0.4  # per character beyond the column's width
_WOULD_FIT = -1.5
_COVERED = 0.6  # share of a time cell's continuation the expression must cover
_WIDTH_SLACK = 2  # characters: OCR'd text is not the printed width exactly

TIME, MONEY, AGENCY = "thoi_gian", "kinh_phi", ("chu_tri", "phoi_hop")


@dataclass(frozen=True)
class Word:
    text: str
    start: int  # offset in the line
    mark: bool  # a ruling stands right before it


@dataclass
class Context:
    """What the segmenter knows about the row around this line."""

    first: bool  # the row's first line: every cell starts here
    prev: dict[str, str] = field(default_factory=dict)  # column -> fragment on the line above
    widths: dict[str, float] | None = None


@dataclass(frozen=True)
class Fragment:
    column: str
    text: str
    words: int
    new_item: bool  # starts an item of its own (the line above had room for its first word)
    doubtful: bool  # wider than its column, across a ruling, or not of its column's kind


def words(text: str) -> list[Word]:
    """The line's words with rulings taken out: ``biên_|Thẩm`` is two words, a ruling
    between them; ``_``, ``|``, ``=`` standing alone are rulings."""
    out: list[Word] = []
    mark = False
    for m in _WORD.finditer(text):
        for piece in _PIECE.finditer(m.group()):
            p = piece.group()
            core = p.strip(_MARKS)
            if not core:
                mark = True
                continue
            lead = len(p) - len(p.lstrip(_MARKS))
            out.append(Word(core, m.start() + piece.start() + lead, mark or lead > 0))
            mark = p.rstrip(_MARKS) != p
    return out


@lru_cache(maxsize=65536)
def _features(text: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """(starts a time cell, holds an amount or budget source, starts an agency, starts a
    deliverable, starts with a capital or a digit, starts a budget cell)."""
    body = strip_bullet(text)
    folded = ocr_fold(body)
    vocab = cell_vocab()
    time = time_coverage(body) >= 0.5 or starts_with_any(folded, vocab["time_heads"])
    money = classify(body)[0] == "money" or bool(_MONEY_WORD.search(folded)) \
        or "kinh phi" in folded
    # "9/2024 Kinh phí": a date first is the time cell's end, not a budget cell's start
    money_start = starts_with_any(folded, vocab["money_heads"]) or bool(
        _AMOUNT_FIRST.match(folded) and (_MONEY_WORD.search(folded) or is_money(body))) \
        or bool(_GROUPED.match(folded))
    agency = starts_with_any(PLURAL.sub("", folded), vocab["agency_heads"])
    product = starts_with_any(folded, vocab["product_heads"])
    cap = body[:1].isupper() or body[:1].isdigit()
    return time, money, agency, product, cap, money_start


@lru_cache(maxsize=65536)
def _head_cut(text: str) -> bool:
    """Whether ``text`` is the first words of a time cell's head phrase that wrapping cut
    (``Thường`` of ``Thường xuyên``, ``Trước`` of ``Trước ngày``)."""
    folded = ocr_fold(strip_bullet(text)).strip()
    return bool(folded) and any(h.startswith(folded + " ") for h in cell_vocab()["time_heads"])


@lru_cache(maxsize=65536)
def _foreign(text: str) -> int:
    """Syllables of ``text`` that no agency name is made of: written with their diacritics
    (unrestored text is not judged) and real (an OCR-damaged word is not judged either)."""
    agency = _agency_words()
    n = 0
    for w in text.split():
        syllable = normalise(w.strip(_PUNCT))
        if syllable and syllable not in agency and ocr_fold(syllable) != syllable:
            n += 1
    return n


@lru_cache(maxsize=1)
def _agency_words() -> frozenset[str]:
    return frozenset(cell_vocab()["agency_words"])


@lru_cache(maxsize=65536)
def _goes_on(column: str, before: str, text: str) -> bool:
    """Whether ``text`` continues the typed cell that ``before`` started: read together,
    the time expression covers it (``Quý I hằng`` / ``năm``), or it is made of budget
    words and numbers (``Kinh phí`` / ``thường xuyên``, ``200`` / ``triệu/năm``)."""
    if column == TIME:
        joined = f"{before} {text}"
        start = len(before) + 1
        covered = sum(max(0, min(b, len(joined)) - max(a, start))
                      for a, b in time_spans(joined))
        return covered >= _COVERED * len(text)
    budget = set(cell_vocab()["budget_words"])
    return all(w in budget or _AMOUNT.fullmatch(w) for w in _BUDGET_SPLIT.split(ocr_fold(text))
               if w)


def kind_score(column: str, text: str, before: str | None) -> float:
    """How well ``text`` fits ``column`` as a cell's start (``before`` None) or as the
    continuation of ``before``."""
    time, money, agency, product, _, money_start = _features(text)
    if column in (TIME, MONEY):
        if before is not None:
            return _CONT_HIT if _goes_on(column, before, text) else _CONT_MISS
        hit = time and not money if column == TIME else money_start
        if not hit and column == TIME and _head_cut(text):
            return 0.0  # "Thường" wrapped from "Thường xuyên": the whole cell will tell
        return _KIND_HIT if hit else _KIND_MISS
    if (time and before is None) or money:
        return _WRONG_KIND
    if column in AGENCY:
        return (_AGENCY_HIT if before is None and agency else 0.0) + _FOREIGN * _foreign(text)
    if column == "san_pham" and before is None:
        return 1.0 if product else _WRONG_KIND if agency else 0.0
    return 0.0


@lru_cache(maxsize=262144)
def cohesion(a: str, b: str) -> float:
    """How much more likely word ``b`` is right after ``a`` than anywhere (pointwise mutual
    information under the restoration stage's syllable LM), clipped: high inside a phrase
    (``biên`` ``chế``), low across two cells (``biên`` ``Thẩm``)."""
    lm = default_model()
    ids = [lm.index.get(normalise(w.strip(_PUNCT)), UNK) for w in (a, b)]
    if UNK in ids:
        return 0.0
    value = float(lm.score2(np.array(ids[:1]), np.array(ids[1:]))[0] - lm.uni_logp[ids[1]])
    return max(_PMI_CLIP[0], min(_PMI_CLIP[1], value))


def _fragment(ws: list[Word], i: int, j: int, column: str, ctx: Context, lead: bool
              ) -> tuple[float, Fragment]:
    text = " ".join(w.text for w in ws[i:j])
    before = ctx.prev.get(column)
    score = kind_score(column, text, None if ctx.first else before)
    if i:  # a cut between two words of one phrase is unlikely
        score -= _CUT_WEIGHT * cohesion(ws[i - 1].text, ws[i].text)
    if before is not None and not ctx.first:  # the cell's words read on across the lines
        score += _JOIN_WEIGHT * cohesion(before.split()[-1], ws[i].text)
    doubtful = score < 0
    if ctx.first:
        score += _FIRST_CELL + (0.0 if _features(text)[4] else _LOWER_START)
    elif before is None:
        score += _RESTART
        doubtful = True
    else:
        score += _GOES_ON
    inside = sum(w.mark for w in ws[i + 1:j])
    score += _MARK_INSIDE * inside + (_MARK_EDGE if ws[i].mark and not lead else 0.0)
    new_item = False
    width = (ctx.widths or {}).get(column)
    if width:
        over = len(text) - width - _WIDTH_SLACK
        if over > 0:
            score += _OVER_WIDTH * over
            doubtful = True
        if before is not None and not ctx.first \
                and len(before) + 1 + len(ws[i].text) < width - _WIDTH_SLACK:
            # the word had room on the line above: a new item, or not this column's
            new_item = _features(text)[4] or text.startswith(("-", "+", "•"))
            score += 0.0 if new_item else _WOULD_FIT
    return score, Fragment(column, text, j - i, new_item, doubtful or inside > 0)


def _stop_cost(column: str, ctx: Context) -> float:
    """What it costs that a cell present on the line above has no fragment on this one: its
    line ended on ``của`` or a comma, or filled its column (so it wrapped)."""
    before = None if ctx.first else ctx.prev.get(column)
    if before is None:
        return 0.0
    if open_end(before):
        return _OPEN_LEFT
    width = (ctx.widths or {}).get(column)
    return _FULL_LEFT if width and len(before) >= width - _FULL_MARGIN else 0.0


def segment(ws: list[Word], columns: list[str], ctx: Context, k: int = 1
            ) -> list[tuple[float, list[Fragment]]]:
    """The ``k`` best cuts of ``ws`` into fragments of increasing columns with their scores,
    best first (k-best Viterbi: each cell keeps its ``k`` best ways in). A row is read
    jointly over its lines (gridrow.py), so a cut that is second best here can still win
    when the lines below read on from it."""
    n, m = len(ws), len(columns)
    if not n:
        return [(0.0, [])]
    # best[j][c]: up to k ways to place words[:j] with the last fragment in column c-1 (0:
    # none yet), as (score, (j before, c before, rank there), fragment)
    Way = tuple[float, tuple[int, int, int] | None, Fragment | None]
    best: list[list[list[Way]]] = [[[] for _ in range(m + 1)] for _ in range(n + 1)]
    best[0][0] = [(0.0, None, None)]
    scored: dict[tuple[int, int, int], tuple[float, Fragment]] = {}
    # stops[c]: what skipping columns[:c] costs; a skip of columns c..c2-1 is a difference
    stops = [0.0]
    for col in columns:
        stops.append(stops[-1] + _stop_cost(col, ctx))
    for j in range(n):
        for c in range(m + 1):
            for rank, (here, _, _) in enumerate(best[j][c]):
                for c2 in range(c, m):
                    gap = stops[c2] - stops[c]
                    for e in range(j + 1, min(n, j + _MAX_WORDS) + 1):
                        key = (j, e, c2)
                        if key not in scored:
                            scored[key] = _fragment(ws, j, e, columns[c2], ctx, lead=j == 0)
                        s, frag = scored[key]
                        best[e][c2 + 1].append((here + gap + s, (j, c, rank), frag))
        for e in range(j + 1, n + 1):  # every way into a cell ending at e is known now
            for c in range(m + 1):
                if len(best[e][c]) > k:
                    best[e][c] = sorted(best[e][c], key=lambda w: -w[0])[:k]
    ends: list[tuple[float, int, int]] = []  # columns after the last fragment stop
    for c in range(1, m + 1):
        tail = stops[m] - stops[c]
        best[n][c].sort(key=lambda w: -w[0])
        ends.extend((w[0] + tail, c, r) for r, w in enumerate(best[n][c]))
    out: list[tuple[float, list[Fragment]]] = []
    for score, c, r in sorted(ends, key=lambda x: -x[0])[:k]:
        frags: list[Fragment] = []
        e = n
        while e:
            _, back, frag = best[e][c][r]
            assert back is not None and frag is not None
            frags.append(frag)
            e, c, r = back
        out.append((score, frags[::-1]))
    return out
