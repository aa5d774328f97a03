"""Typed deadlines from a time cell: ``Quý I/2023``, ``Tháng 12/2022``, ``trước ngày
30/01/2022``, ``Hàng quý và năm 2022``, ``Thường xuyên``, ``Theo quy định`` ...

Works on the OCR-folded text, so ``Quy 1V/2022`` (an OCR'd ``Quý IV/2022``) reads too.
Every expression found becomes one ``ThoiHan``, in the order printed. The words around
dates and numbers are data: grammars/time.yaml.
"""

from __future__ import annotations

import calendar
import datetime as dt

import regex

from ..data import load_yaml
from ..fold import ocr_fold, ocr_fold_with_map
from ..models import ThoiHan
from ..structure.headings import roman_value

_YEAR = r"((?:19|20)\d\d)"


def _words(key: str) -> str:
    data = load_yaml("grammars", "time.yaml")
    return "(?:" + "|".join(str(w) for w in data[key]) + ")"


_NUMBER_YEAR = r"(?:/|" + _words("number_year") + "|-)"
# Roman quarters as OCR writes them: 1V for IV, l, 1 or t for I (11 for II, TI for II).
_QUARTER = regex.compile(r"\b" + _words("quarter") + r"\s*([iv1lt]{1,4}|[1-4])\s*" + _NUMBER_YEAR
                         + r"\s*" + _YEAR)
_MONTH = regex.compile(r"\b" + _words("month") + r"\s*(\d{1,2})\s*" + _NUMBER_YEAR + r"\s*"
                       + _YEAR)
# Several quarters or months sharing one year, each its own deadline: "Tháng 6 và tháng
# 12/2024", "Tháng 6, 9 và 12/2024", "Quý I và quý III/2024".
_Q_ITEM, _M_ITEM = r"(?:[iv1lt]{1,4}|[1-4])", r"\d{1,2}"
_LIST_JOIN = r"\s*(?:,|" + _words("and") + r")\s*"


def _list_pattern(word: str, item: str) -> regex.Pattern[str]:
    return regex.compile(r"\b" + _words(word) + r"\s*(" + item + r"(?:" + _LIST_JOIN + r"(?:"
                         + _words(word) + r"\s*)?" + item + r")+)\s*(?:/|"
                         + _words("number_year") + r")\s*" + _YEAR)


_QUARTER_LIST = _list_pattern("quarter", _Q_ITEM)
_MONTH_LIST = _list_pattern("month", _M_ITEM)
_LIST_SPLIT = regex.compile(_LIST_JOIN + r"(?:" + _words("quarter") + "|" + _words("month")
                            + r")?\s*")
_BEFORE = regex.compile(r"\b" + _words("before") + r"\s*(?:" + _words("day") + r"\s*)?"
                        r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + _YEAR)
_DATE = regex.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + _YEAR)
_PERIODIC = regex.compile(r"\b" + _words("periodic") + r"\b")
_CONTINUOUS = regex.compile(r"\b" + _words("continuous") + r"\b")
_AS_REGULATED = regex.compile(r"\b" + _words("as_regulated") + r"\b")
_YEAR_ONLY = regex.compile(r"\b" + _words("year") + r"\s*" + _YEAR)
_HALF_YEAR = load_yaml("grammars", "time.yaml")["half_year"]
_SIX_MONTHS = regex.compile(r"\b(" + "|".join(_HALF_YEAR) + r")\s*" + _YEAR)


def quarter_number(token: str) -> int | None:
    if token.isdigit() and 1 <= int(token) <= 4:
        return int(token)
    # OCR writes I as 1, l or t and may double a stroke ("1Vv" for IV); no quarter is
    # numbered 11, so "Quý 11/2023" is II.
    roman = regex.sub(r"(v)\1+", r"\1", regex.sub(r"[1lt]", "i", token))
    value = roman_value(roman)
    return value if value is not None and 1 <= value <= 4 else None


def _month_range(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def _safe_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_time(text: str) -> list[ThoiHan]:
    """Every deadline or period in ``text``, in printed order (empty when none is found)."""
    folded = ocr_fold(text)
    found: list[tuple[int, ThoiHan]] = []
    taken: list[tuple[int, int]] = []

    def free(m: regex.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def add(m: regex.Match[str], item: ThoiHan) -> None:
        found.append((m.start(), item))
        taken.append((m.start(), m.end()))

    for m in _BEFORE.finditer(folded):
        if (d := _safe_date(*m.groups())) is not None:
            add(m, ThoiHan(loai="truoc_ngay", den=d))
    for m in _QUARTER_LIST.finditer(folded):
        items = _LIST_SPLIT.split(m.group(1))
        quarters = [q for t in items if (q := quarter_number(t)) is not None and 1 <= q <= 4]
        if len(quarters) == len(items) and free(m):
            for q in quarters:
                tu, den = _month_range(int(m.group(2)), 3 * q - 2, 3 * q)
                add(m, ThoiHan(loai="quy", tu=tu, den=den))
    for m in _MONTH_LIST.finditer(folded):
        months = [int(t) for t in _LIST_SPLIT.split(m.group(1))]
        if all(1 <= n <= 12 for n in months) and free(m):
            for n in months:
                tu, den = _month_range(int(m.group(2)), n, n)
                add(m, ThoiHan(loai="thang", tu=tu, den=den))
    for m in _QUARTER.finditer(folded):
        q = quarter_number(m.group(1))
        if q is not None and 1 <= q <= 4 and free(m):
            tu, den = _month_range(int(m.group(2)), 3 * q - 2, 3 * q)
            add(m, ThoiHan(loai="quy", tu=tu, den=den))
    for m in _SIX_MONTHS.finditer(folded):
        if free(m):
            first = int(_HALF_YEAR[m.group(1)])
            tu, den = _month_range(int(m.group(2)), first, first + 5)
            add(m, ThoiHan(loai="thang", tu=tu, den=den))
    for m in _MONTH.finditer(folded):
        month = int(m.group(1))
        if 1 <= month <= 12 and free(m):
            tu, den = _month_range(int(m.group(2)), month, month)
            add(m, ThoiHan(loai="thang", tu=tu, den=den))
    for m in _DATE.finditer(folded):
        if free(m) and (d := _safe_date(*m.groups())) is not None:
            add(m, ThoiHan(loai="ngay", tu=d, den=d))
    year_matches = [m for m in _YEAR_ONLY.finditer(folded) if free(m)]
    # "Hàng quý và năm 2022": the year bounds the periodic reporting, it is not a
    # deadline of its own; a bare "Năm 2022" / "Trong năm 2022" is.
    for m in _PERIODIC.finditer(folded):
        year = next((y for y in year_matches if y.start() >= m.start()), None)
        if year is not None:
            year_matches.remove(year)
            tu, den = _month_range(int(year.group(1)), 1, 12)
            add(m, ThoiHan(loai="dinh_ky", tu=tu, den=den))
        else:
            add(m, ThoiHan(loai="dinh_ky"))
    for m in _CONTINUOUS.finditer(folded):
        add(m, ThoiHan(loai="thuong_xuyen"))
    for m in _AS_REGULATED.finditer(folded):
        add(m, ThoiHan(loai="theo_quy_dinh"))
    for m in year_matches:
        tu, den = _month_range(int(m.group(1)), 1, 12)
        add(m, ThoiHan(loai="nam", tu=tu, den=den))
    return [item for _, item in sorted(found, key=lambda p: p[0])]


_ALL = (_BEFORE, _QUARTER_LIST, _MONTH_LIST, _QUARTER, _MONTH, _DATE, _PERIODIC, _CONTINUOUS,
        _AS_REGULATED, _YEAR_ONLY, _SIX_MONTHS)


def time_spans(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` (printed, not folded) time expressions stand, merged, in order."""
    folded, index = ocr_fold_with_map(text)
    spans = sorted((index[m.start()], index[m.end() - 1] + 1)
                   for rx in _ALL for m in rx.finditer(folded))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def time_coverage(text: str) -> float:
    """Share of ``text``'s characters that time expressions account for (0..1)."""
    folded = ocr_fold(text)
    if not folded.strip():
        return 0.0
    spans = [(m.start(), m.end()) for rx in _ALL for m in rx.finditer(folded)]
    covered: set[int] = set()
    for a, b in spans:
        covered.update(range(a, b))
    letters = sum(1 for c in folded if c.isalnum())
    hits = sum(1 for i in covered if folded[i].isalnum())
    return hits / letters if letters else 0.0
