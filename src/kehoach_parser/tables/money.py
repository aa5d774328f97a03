"""Budget cells: an amount in đồng (``15 triệu``, ``5.000.000 đồng``, ``1,5 tỷ``) or, when
none is printed, the funding source (``Kinh phí thường xuyên``)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import regex

from ..data import load_yaml
from ..fold import fold, fold_with_map, ocr_fold


def money_vocab() -> dict[str, Any]:
    """The budget vocabulary: grammars/tables.yaml ``money``."""
    return load_yaml("grammars", "tables.yaml")["money"]


@cache
def _units() -> dict[str, int]:
    """Every folded spelling of a budget unit (grammars/tables.yaml) and its value in đồng."""
    data = money_vocab()
    units = {str(w): int(v) for w, v in data["units"].items()}
    for key in ("misreadings", "abbreviations"):
        units.update({str(w): units[str(u)] for w, u in data[key].items()})
    return units


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _amount() -> regex.Pattern[str]:
    """Amount then unit. Vietnamese groups thousands with "." and writes decimals with ","."""
    data = money_vocab()
    whole = [str(w) for w in (*data["units"], *data["misreadings"])]
    abbreviations = [str(w) + r"\b" for w in data["abbreviations"]]
    return regex.compile(r"(?<![\d/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*"
                         rf"({_alternatives(whole + abbreviations)})")


def amounts(text: str) -> list[int]:
    """Every amount printed in ``text``, in đồng."""
    out = []
    # Plain folding: OCR unconfusion would read the 0 of "30triệu" as an o.
    for m in _amount().finditer(fold(text)):
        whole = m.group(1).replace(".", "")
        try:
            value = Decimal(whole + ("." + m.group(2) if m.group(2) else ""))
        except InvalidOperation:
            continue
        out.append(int(value * _units()[m.group(3)]))
    return out


_BARE = regex.compile(r"^\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*$")


@cache
def _header_unit() -> regex.Pattern[str]:
    """``(triệu đồng)``, ``(Đơn vị tính: đồng)``: a multiple, if any, then the currency."""
    data = money_vocab()
    units = {str(w): int(v) for w, v in data["units"].items()}
    label = _alternatives(str(w) for w in data["header_label"])
    multiples = _alternatives(w for w, v in units.items() if v > 1)
    currency = _alternatives(w for w, v in units.items() if v == 1)
    return regex.compile(rf"\(\s*(?:(?:{label})\s*:?\s*)?({multiples})?\s*(?:{currency})\s*\)")


def header_unit(header_text: str) -> int | None:
    """The unit a budget column's header gives its bare numbers: ``(triệu đồng)`` -> 10**6,
    ``(đồng)`` -> 1; ``None`` when the header names none."""
    m = _header_unit().search(ocr_fold(header_text))
    if not m:
        return None
    return _units()[m.group(1)] if m.group(1) else 1


def parse_budget(text: str | None, unit: int | None = None) -> tuple[int | None, str | None]:
    """``(kinh_phi_vnd, nguon_kinh_phi)``: the amount when exactly one is printed (several
    amounts are ambiguous — a total and its parts — so none is chosen), else the source.
    A bare number (``10``, ``20.000.000``) is an amount only in ``unit`` from the header."""
    if not text or not text.strip():
        return None, None
    bare = _BARE.match(text)
    if bare:
        if unit is None:
            return None, None
        whole = Decimal(bare.group(1).replace(".", "") + "." + (bare.group(2) or "0"))
        return int(whole * unit), None
    found = amounts(text)
    if len(found) == 1:
        return found[0], None
    if not found:
        return None, text.strip()
    return None, None


def money_spans(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` (printed) amounts stand."""
    folded, index = fold_with_map(text)
    return [(index[m.start()], index[m.end() - 1] + 1) for m in _amount().finditer(folded)]


def is_money(text: str) -> bool:
    """An amount with its unit, or a bare number grouped in thousands (``20.000.000``)."""
    return bool(_amount().search(fold(text))) or bool(
        regex.fullmatch(r"\s*\d{1,3}(?:\.\d{3})+\s*", text))
