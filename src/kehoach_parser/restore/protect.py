"""Tokens the decoder must not touch, and the one repair acronyms and codes do get.

Acronyms (UBND, CCHC, TW ...) and document codes (367/KH-UBND) are kept as they are, except
that a known acronym part whose Đ the OCR lost is repaired (QD-UBND -> QĐ-UBND, HDND -> HĐND),
from ``diacritics/code_repairs.tsv``.
"""

from __future__ import annotations

import re
from functools import cache

from ..data import data_dir
from .case import is_all_caps

_PARTS = re.compile(r"([/\-])")
_ROMAN = re.compile(r"[IVXLC]+")


@cache
def acronyms() -> frozenset[str]:
    text = (data_dir("diacritics") / "acronyms.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip().upper() for ln in text.splitlines()
                     if ln.strip() and not ln.startswith("#"))


@cache
def _repairs() -> tuple[dict[str, str], dict[str, str]]:
    """(repairs inside codes, repairs anywhere)."""
    in_code: dict[str, str] = {}
    anywhere: dict[str, str] = {}
    text = (data_dir("diacritics") / "code_repairs.tsv").read_text(encoding="utf-8")
    for ln in text.splitlines():
        parts = ln.split("\t")
        if ln.startswith("#") or len(parts) != 3:
            continue
        in_code[parts[0]] = parts[1]
        if parts[2].strip() == "any":
            anywhere[parts[0]] = parts[1]
    return in_code, anywhere


# How OCR reads the Đ of a capital acronym: the bar lost (D), read as a letter of its own
# (DP, PD, DD), or the whole letter read as P or B. Longest first.
_D_READINGS = ("DP", "PD", "DD", "D", "P", "B")


@cache
def _d_acronyms(learned: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """Acronyms written with Đ (at least three letters: shorter ones are too easily hit)."""
    in_code, _ = _repairs()
    return frozenset(a for a in (*in_code.values(), *(v for _, v in learned)) if len(a) >= 3)


def _one_d_misread(part: str, learned: dict[str, str]) -> str | None:
    """The known Đ acronym ``part`` (capitals) reads as with one Đ misread (HDPND = HĐND)."""
    known = _d_acronyms(tuple(learned.items()))
    for reading in _D_READINGS:
        at = part.find(reading)
        while at >= 0:
            if (fixed := part[:at] + "Đ" + part[at + len(reading):]) in known:
                return fixed
            at = part.find(reading, at + 1)
    return None


def repair_code(token: str, learned: dict[str, str]) -> str:
    """The code with its known acronym parts repaired (``464/QD-UBND`` -> ``464/QĐ-UBND``).

    ``learned``: acronyms the corpus only ever spells with Đ (from the model).
    """
    in_code, _ = _repairs()
    return "".join(in_code.get(p) or learned.get(p)
                   or (len(p) > 2 and p.isupper() and _one_d_misread(p, learned)) or p
                   for p in _PARTS.split(token))


def repair_word(token: str, learned: dict[str, str]) -> str | None:
    """The repaired acronym when ``token`` is one the tables know or one of them with its Đ
    misread, else None."""
    fixed = _repairs()[1].get(token) or learned.get(token)
    if fixed is None and len(token) > 2 and token.isupper():
        fixed = _one_d_misread(token, learned)
    return fixed


def is_protected(token: str, heading: bool, learned: frozenset[str]) -> bool:
    """Acronyms stay as they are: the hand list, roman numerals, and in running text the
    all-caps words the corpus uses as acronyms (``learned``). Other all-caps words in running
    text are OCR'd words (BO for BỘ) and are restored."""
    if is_all_caps(token) and (token in acronyms() or _ROMAN.fullmatch(token)):
        return True
    if len(token) == 1 and token in "IVX":  # roman numeral I. V. X.
        return True
    return is_all_caps(token) and not heading and token in learned
