"""Budget cells: an amount in đồng (``15 triệu``, ``5.000.000 đồng``, ``1,5 tỷ``) or, when
none is printed, the funding source (``Kinh phí thường xuyên``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

from ..fold import fold, fold_with_map, ocr_fold

# Amount then unit. Vietnamese groups thousands with "." and writes decimals with ",".
_AMOUNT = regex.compile(
    r"(?<![\d/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*"
    r"(ty|tri[ecg]u|tr\b|nghin|ngan|dong|d\b|vnd)"
)
_UNIT = {
    "ty": 10**9, "trieu": 10**6, "tricu": 10**6, "trigu": 10**6, "tr": 10**6,
    "nghin": 10**3, "ngan": 10**3, "dong": 1, "d": 1, "vnd": 1,
}


def amounts(text: str) -> list[int]:
    """Every amount printed in ``text``, in đồng."""
    out = []
    # Plain folding: OCR unconfusion would read the 0 of "30triệu" as an o.
    for m in _AMOUNT.finditer(fold(text)):
        whole = m.group(1).replace(".", "")
        try:
            value = Decimal(whole + ("." + m.group(2) if m.group(2) else ""))
        except InvalidOperation:
            continue
        out.append(int(value * _UNIT[m.group(3)]))
    return out


_BARE = regex.compile(r"^\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*$")
_HEADER_UNIT = regex.compile(r"\(\s*(?:don vi(?: tinh)?\s*:?\s*)?(ty|trieu|nghin|ngan)?\s*"
                             r"(?:dong|vnd)\s*\)")


def header_unit(header_text: str) -> int | None:
    """The unit a budget column's header gives its bare numbers: ``(triệu đồng)`` -> 10**6,
    ``(đồng)`` -> 1; ``None`` when the header names none."""
    m = _HEADER_UNIT.search(ocr_fold(header_text))
    if not m:
        return None
    return _UNIT[m.group(1)] if m.group(1) else 1


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
    return [(index[m.start()], index[m.end() - 1] + 1) for m in _AMOUNT.finditer(folded)]


def is_money(text: str) -> bool:
    """An amount with its unit, or a bare number grouped in thousands (``20.000.000``)."""
    return bool(_AMOUNT.search(fold(text))) or bool(
        regex.fullmatch(r"\s*\d{1,3}(?:\.\d{3})+\s*", text))
