"""What a cell is, from its text alone: a time expression, an amount, an agency list, a
deliverable, a numbered task, a group heading. Readers use this to put cells in their column
when the layout does not (cells out of order, OCR fragments), and to refuse a cell that does
not fit the column its position suggests.

Vocabulary is data (grammars/tables.yaml, ``cells``); matching is on the OCR-folded form.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Literal

import regex

from ..data import load_yaml
from ..fold import fold, ocr_fold
from .money import is_money
from .timespec import time_coverage, time_spans

Kind = Literal["time", "money", "agency", "product", "task", "group", "text"]

_BULLET = regex.compile(r"^\s*[-–—+•*]\s*")
_WORD_EDGE = ".:()'\"“”‘’"
# "1." / "2.1:" / "1)" at the start of a task cell; not a date (1/2022) or an amount.
# "- Kế hoạch - Báo cáo": where the next item of a bulleted cell starts on its line, when
# an export or a layout flattened the cell's line breaks.
INLINE_ITEM = regex.compile(r"\s+(?=[-–+•]\s+\p{Lu})")
BULLET_START = regex.compile(r"^[-–+•]\s")  # a cell whose items are bulleted
TASK_NUMBER = regex.compile(r"^\s*(\d{1,3}(?:\.\d{1,2}){0,3})\s*[.:)]\s*(?=\S)(?!\d)")
# "I. Cải cách thể chế", "V | CẢI CÁCH TÀI CHÍNH CÔNG", "Phần II - ..."
# Compiled once: starts_with_any runs for every candidate cell of every OCR line.
_LEADING_NONWORD = regex.compile(r"^\W+")
PLURAL = regex.compile(r"^(?:" + "|".join(load_yaml("grammars", "tables.yaml")["cells"]["plural"])
                       + r")\s+")
GROUP_NUMBER = regex.compile(r"^\s*([IVXLivxl1]{1,5})\s*[.|:\-–)]\s*(?=\p{L})")


@cache
def cell_vocab() -> dict[str, list[str]]:
    data = load_yaml("grammars", "tables.yaml")
    return {k: [str(x) for x in v] for k, v in data["cells"].items()}


def starts_with_any(folded: str, phrases: list[str]) -> bool:
    """Whether folded text starts with one of ``phrases`` as whole words."""
    text = _LEADING_NONWORD.sub("", folded)
    return any(
        text.startswith(p) and (len(text) == len(p) or not text[len(p)].isalnum())
        for p in phrases
    )


def open_end(text: str) -> bool:
    """Whether a line or word ends where its cell cannot (``của``, ``và``, a comma, a dash):
    what follows goes on with the same cell."""
    text = text.rstrip()
    if text.endswith((",", ";", "-", "–", "&", "/")):
        return True
    words = fold(text).split()
    vocab = cell_vocab()
    if not words or words[-1] not in vocab["open_endings"]:
        return False
    last = text.split()[-1].lower().strip(_WORD_EDGE)
    if fold(last) != last and last not in _marked_endings():  # "tử" of "điện tử" closes
        return False
    return not any(words[-len(p):] == p for p in _closed_endings())


@cache
def _marked_endings() -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", w) for w in cell_vocab()["open_endings_marked"])


@cache
def _closed_endings() -> list[list[str]]:
    return [p.split() for p in cell_vocab()["closed_endings"]]


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text)


def is_money_cell(text: str) -> bool:
    """Whether a cell is an amount or a budget source: classify()'s first test, which the
    grid reader asks alone of every span of every line (the later tests cost the most)."""
    body = strip_bullet(text).strip()
    folded = ocr_fold(body)
    return bool(folded) and (starts_with_any(folded, cell_vocab()["money_heads"])
                             or is_money(body))


@lru_cache(maxsize=8192)  # readers ask about the same cell for every column it might fit
def classify(text: str) -> tuple[Kind, float]:
    """The most likely kind of a cell and how sure the guess is (0..1)."""
    vocab = cell_vocab()
    body = strip_bullet(text).strip()
    folded = ocr_fold(body)
    if not folded:
        return "text", 0.0
    if is_money_cell(body):
        return "money", 0.9 if is_money(body) else 0.7
    coverage = time_coverage(body)
    if coverage >= 0.6:
        return "time", min(1.0, 0.5 + coverage / 2)
    if TASK_NUMBER.match(body):
        return "task", 0.8
    is_product = starts_with_any(folded, vocab["product_heads"])
    is_agency = starts_with_any(PLURAL.sub("", folded), vocab["agency_heads"]) \
        or starts_with_any(folded, vocab["agency_heads"])
    if is_product and not is_agency:
        return "product", 0.8
    if is_agency and not is_product:
        return "agency", 0.8
    if starts_with_any(folded, vocab["time_heads"]) or coverage >= 0.3:
        return "time", 0.6
    if is_product:  # "Kế hoạch" heads both a deliverable and "Phòng Tài chính - Kế hoạch"
        return "product", 0.6
    if len(folded) > 60:
        return "task", 0.5
    return "text", 0.3


_AFTER_DEADLINE_NOISE = " _~—-=|,.;:()'\""


def deliverables_after_deadlines(texts: list[str]) -> bool:
    """Whether most rows' texts (first lines, or running text) go on after their deadline
    with a deliverable (``Tháng 3/2023 Quy trình được công``): a last deliverable column
    the header lost. Rows without a deadline say nothing."""
    ends = []
    for text in texts:
        spans = time_spans(text)
        if spans:
            rest = text[spans[-1][1]:].strip(_AFTER_DEADLINE_NOISE)
            ends.append(bool(rest) and classify(rest)[0] == "product")
    return len(ends) >= 2 and sum(ends) * 2 > len(ends)
