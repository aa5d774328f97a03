"""What a span of an OCR'd grid line is, for each column: a time cell's start or its
continuation, an amount or a budget source, an agency name, a deliverable (grammars/tables.yaml,
``cells``). gridline.py scores each fragment with these; each test is read, and cached, only
when a column's score needs it (most spans are read for one or two columns, and a time cell's
start, say, needs no budget test).
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import regex

from ..fold import ocr_fold
from ..restore.inventory import normalise
from ..restore.lm import UNK, default_model
from .agency import known_agency
from .classify import PLURAL, cell_vocab, is_money_cell, open_end, starts_with_any, strip_bullet
from .money import is_money, money_vocab
from .timespec import time_coverage, time_spans

TIME, MONEY, AGENCY = "thoi_gian", "kinh_phi", ("chu_tri", "phoi_hop")
PROSE = ("nhom", "muc_tieu", "nhiem_vu", "hoat_dong")  # columns of running text, not lists
# The agency column whose lines may each name an agency of their own: a lead cell names the
# one agency that leads, and an agency on a line below it is the next column's.
LISTS = "phoi_hop"
PUNCT = ",.;:()\"'"
_AMOUNT = regex.compile(r"\d{1,3}(?:[.,]\d{3})*")  # not a date: "12/2022" is split at "/"
_AMOUNT_FIRST = regex.compile(r"\d{1,3}(?:[.,]\d{3})*(?![\d/])")
# "20.000.000 ông": thousands grouped, an amount even where OCR damaged its unit.
_GROUPED = regex.compile(r"\d{1,3}(?:[.,]\d{3})+(?![\d/])")
_DIGIT = regex.compile(r"\d")
_LEADING = regex.compile(r"^\W+")  # what starts_with_any reads past
_BUDGET_SPLIT = regex.compile(r"[\s/]+")

# Scores (log-odds-like units, as gridline.py's).
_KIND_HIT, _KIND_MISS = 2.0, -2.0
_CONT_HIT, _CONT_MISS = 0.5, -1.5
_AGENCY_HIT = 1.5
# ln P(word | two above) - ln P(word) at which a deliverable head reads on from the line
# above (the plan a deliverable is about) rather than starting one of its own.
_READ_ON = 1.0
_NEW_AGENCY = 0.75  # an agency of its own below a whole one: less sure than a cell's start
_FOREIGN = -0.8  # per syllable of an agency column's fragment that no agency name has
_WRONG_KIND = -1.5
_AFTER_HEAD = -1.0  # a word in lower case below a name's capitalised head (Văn phòng Sở)
_COVERED = 0.6  # share of a time cell's continuation the expression must cover


@cache
def _money_word() -> regex.Pattern[str]:
    """A budget unit word, or a bare number (grammars/tables.yaml ``money``)."""
    words = "|".join(str(w) for w in money_vocab()["fragment_units"])
    return regex.compile(rf"\b(?:{words})\b|^\d[\d.,]*$")


@lru_cache(maxsize=65536)
def _folded(text: str) -> tuple[str, str]:
    body = strip_bullet(text)
    return body, ocr_fold(body)


@lru_cache(maxsize=65536)
def _is_time(text: str) -> bool:
    """Whether ``text`` starts a time cell."""
    body, folded = _folded(text)
    return time_coverage(body) >= 0.5 or _starts_with(folded, "time_heads")


@lru_cache(maxsize=65536)
def _is_money(text: str) -> bool:
    """Whether ``text`` holds an amount or a budget source."""
    body, folded = _folded(text)
    return bool(_money_word().search(folded)) or any(
        p in folded for p in money_vocab()["fragment_phrases"]) or is_money_cell(body)


@lru_cache(maxsize=65536)
def _money_start(text: str) -> bool:
    """Whether ``text`` starts a budget cell."""
    body, folded = _folded(text)
    # "9/2024 Kinh phí": a date first is the time cell's end, not a budget cell's start
    return _starts_with(folded, "money_heads") or bool(
        _AMOUNT_FIRST.match(folded) and (_money_word().search(folded) or is_money(body))) \
        or bool(_GROUPED.match(folded))


@lru_cache(maxsize=65536)
def _agency_start(text: str) -> bool:
    return _starts_with(PLURAL.sub("", _folded(text)[1]), "agency_heads")


def agency_goes_on(column: str, before: str | None) -> bool:
    """Whether a fragment of agency column ``column`` below ``before`` can only go on with
    the agency above (no agency of its own can start there: ``new_agency``)."""
    return before is not None and (column != LISTS or not known_agency(before))


@lru_cache(maxsize=65536)
def ends_on_head(before: str) -> bool:
    """Whether an agency fragment ends on a capitalised name head (``Văn phòng Sở``): the
    name would go on capitalised below it (``Sở Thông tin``)."""
    words = before.split()
    last = words[-1] if words else ""
    return last[:1].isupper() and last[-1:] not in PUNCT and ocr_fold(last) in _name_heads()


@lru_cache(maxsize=65536)
def _lower_after_head(text: str) -> bool:
    """Whether ``text`` starts in lower case with a word no name head is followed by
    (``thông tin`` below ``Văn phòng Sở`` is a neighbouring cell's)."""
    body = strip_bullet(text)
    return body[:1].islower() and not _starts_with(ocr_fold(body), "name_head_tails")


@cache
def _name_heads() -> frozenset[str]:
    return frozenset(cell_vocab()["name_heads"])


def new_agency(item: str, text: str) -> bool:
    """Whether ``text``, a line of an agency cell, names an agency of its own after ``item``,
    the cell's agency so far: that is a name the grammar knows, and the line starts
    with a capitalised agency head (``Các sở, ban, ngành`` / ``UBND cấp huyện``, which a
    rendering printed on lines of their own without the ``;``). A name wrapped over lines
    goes on in lower case or with a word no name starts with (``Văn phòng HĐND và UBND`` /
    ``huyện``)."""
    head = strip_bullet(text)
    return head[:1].isupper() and _agency_start(head) and known_agency(item)


def new_product(item: str, text: str) -> bool:
    """Whether ``text``, a line of a deliverable cell, is a deliverable of its own after
    ``item``, the cell's deliverable so far (``Kế hoạch kiểm tra`` / ``Thông báo kết luận``,
    printed on lines of their own without the ``;``): it starts with a capitalised
    deliverable head, the line above does not end open, and the language model does not
    read its first word on from the two above (``thực hiện`` / ``Kế hoạch``, ``phê duyệt``
    / ``Kế hoạch`` name the plan the deliverable is about)."""
    head = strip_bullet(text)
    if not (head[:1].isupper() and _product_start(head)) or open_end(item):
        return False
    lm = default_model()
    a, b, c = (lm.index.get(normalise(w.strip(PUNCT)), UNK)
               for w in ["", *item.split()][-2:] + head.split()[:1])
    if UNK in (b, c):
        return False  # the LM cannot tell: as printed, one item
    read_on = lm.score(np.array([a]), np.array([b]), np.array([c]))[0] - lm.uni_logp[c]
    return bool(read_on < _READ_ON)


@lru_cache(maxsize=65536)
def _product_start(text: str) -> bool:
    return _starts_with(_folded(text)[1], "product_heads")


def _starts_with(folded: str, heads: str) -> bool:
    """``starts_with_any(folded, cell_vocab()[heads])``, tried on the phrases that start with
    the text's first letter only (it runs for every span of every line)."""
    return starts_with_any(folded, _heads_by_letter(heads, _LEADING.sub("", folded)[:1]))


@cache
def _heads_by_letter(heads: str, first: str) -> list[str]:
    return [p for p in cell_vocab()[heads] if p[:1] in ("", first)]


@lru_cache(maxsize=65536)
def _head_cut(text: str) -> bool:
    """Whether ``text`` is the first words of a time cell's head phrase that wrapping cut
    (``Thường`` of ``Thường xuyên``, ``Trước`` of ``Trước ngày``)."""
    folded = ocr_fold(strip_bullet(text)).strip()
    return bool(folded) and any(h.startswith(folded + " ") for h in cell_vocab()["time_heads"])


@lru_cache(maxsize=65536)
def _foreign(text: str) -> int:
    """Syllables of ``text`` that no agency name is made of: written with their diacritics
    (unrestored text is not judged) and real (an OCR-damaged word is not judged either);
    and numbers, which no agency name holds (a date or an amount beside an agency is the
    next column's)."""
    agency = _agency_words()
    n = 0
    for w in text.split():
        syllable = normalise(w.strip(PUNCT))
        if _DIGIT.search(w) or (syllable and syllable not in agency
                                and ocr_fold(syllable) != syllable):
            n += 1
    return n


@lru_cache(maxsize=1)
def _agency_words() -> frozenset[str]:
    return frozenset(cell_vocab()["agency_words"])


@lru_cache(maxsize=65536)
def _time_goes_on(before: str, text: str) -> bool:
    """Whether ``text`` continues the time cell that ``before`` started: read together, the
    time expression covers it (``Quý I hằng`` / ``năm``)."""
    joined = f"{before} {text}"
    start = len(before) + 1
    covered = sum(max(0, min(b, len(joined)) - max(a, start)) for a, b in time_spans(joined))
    return covered >= _COVERED * len(text)


@lru_cache(maxsize=65536)
def _budget_goes_on(text: str) -> bool:
    """Whether ``text`` can continue a budget cell: made of budget words and numbers
    (``Kinh phí`` / ``thường xuyên``, ``200`` / ``triệu/năm``)."""
    budget = set(cell_vocab()["budget_words"])
    return all(w in budget or _AMOUNT.fullmatch(w) for w in _BUDGET_SPLIT.split(ocr_fold(text))
               if w)


def kind_score(column: str, text: str, before: str | None) -> float:
    """How well ``text`` fits ``column`` as a cell's start (``before`` None) or as the
    continuation of ``before``."""
    return float(kind_scores(column, [text], before)[0])


def kind_scores(column: str, texts: list[str], before: str | None) -> np.ndarray:
    """``kind_score`` of each text. Only a time cell's continuation is read with the words
    above it; any other cell's kind depends only on whether there were any. (The values it
    can take are ``kind_range``'s: a change here is one there.)"""
    if column in (TIME, MONEY) and before is not None:
        goes_on = [_time_goes_on(before, t) if column == TIME else _budget_goes_on(t)
                   for t in texts]
        return np.where(goes_on, _CONT_HIT, _CONT_MISS)
    if column == TIME:
        hit = [_is_time(t) and not _is_money(t) for t in texts]
        # "Thường" wrapped from "Thường xuyên": the whole cell will tell
        return np.where([not h and _head_cut(t) for h, t in zip(hit, texts, strict=True)],
                        0.0, np.where(hit, _KIND_HIT, _KIND_MISS))
    if column == MONEY:
        return np.where([_money_start(t) for t in texts], _KIND_HIT, _KIND_MISS)
    if column in AGENCY:
        if before is None:
            lead = np.where([_agency_start(t) for t in texts], _AGENCY_HIT, 0.0)
        elif agency_goes_on(column, before):
            lead = np.where([_lower_after_head(t) for t in texts], _AFTER_HEAD, 0.0) \
                if ends_on_head(before) else np.zeros(len(texts))
        else:  # an agency of its own on the line below a whole one
            lead = np.where([new_agency(before, t) for t in texts], _NEW_AGENCY, 0.0)
        score = lead + _FOREIGN * np.array([_foreign(t) for t in texts])
    elif column == "san_pham" and before is None:
        score = np.where([_product_start(t) for t in texts], 1.0,
                         np.where([_agency_start(t) for t in texts], _WRONG_KIND, 0.0))
    else:
        score = np.zeros(len(texts))
    wrong = [_is_money(t) or _is_time(t) for t in texts] if before is None else \
        [_is_money(t) for t in texts]
    return np.where(wrong, _WRONG_KIND, score)


def kind_range(column: str, before: str | None, syllables: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Bounds on ``kind_scores`` of texts of so many syllables, before reading them (the
    line is cut without reading the texts that cannot matter)."""
    if column in (TIME, MONEY):
        values = [_CONT_HIT, _CONT_MISS] if before is not None else [_KIND_HIT, _KIND_MISS, 0.0]
    elif column in AGENCY:  # every syllable may be foreign
        values = [_WRONG_KIND, *(lead + _FOREIGN * f for lead in (
            (0.0, _AFTER_HEAD) if agency_goes_on(column, before)
            else (_AGENCY_HIT, _NEW_AGENCY, 0.0))
            for f in (0, syllables))]
    elif column == "san_pham" and before is None:
        values = [1.0, _WRONG_KIND, 0.0]
    else:
        values = [_WRONG_KIND, 0.0]
    values = np.broadcast_arrays(*values, syllables)[:-1]
    return np.minimum.reduce(values), np.maximum.reduce(values)
