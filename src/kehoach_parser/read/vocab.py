"""The read stage's vocabulary (``grammars/read.yaml``) compiled into OCR-tolerant regexes.

Matching is done on a *folded* copy of a line: tone and vowel marks removed, đ -> d, same
length as the original so a match position is a position in the line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from ..data import load_yaml


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    base = unicodedata.normalize("NFD", ch)[0]
    return base if len(base) == 1 else ch


@cache
def _fold_table() -> dict[int, str]:
    # Latin-1 Supplement .. Latin Extended Additional cover every Vietnamese letter.
    table = {}
    for code in range(0xC0, 0x1F00):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    return table


def fold(text: str) -> str:
    """``text`` without diacritics (same length, case kept): 'Độc lập' -> 'Doc lap'."""
    return text.translate(_fold_table())


def _phrase_regex(phrase: str, confusions: dict[str, list[str]]) -> str:
    """A folded phrase as a regex where each letter also matches its OCR confusions."""
    parts = []
    for ch in phrase:
        if ch == " ":
            parts.append(r"\s*")
        elif ch == "-":
            parts.append(r"\s*[-–—~]\s*")
        elif ch in confusions:
            alts = sorted({ch, *confusions[ch]}, key=len, reverse=True)
            parts.append("(?:" + "|".join(regex.escape(a) for a in alts) + ")")
        else:
            parts.append(regex.escape(ch))
    return "".join(parts)


@dataclass(frozen=True)
class Vocab:
    header_zone_lines: int
    right_column: regex.Pattern[str]  # the national name or motto, anywhere in a line
    place_date: regex.Pattern[str]  # "Place, ngày", anywhere in a line
    opener: regex.Pattern[str]  # words that open a paragraph, at line start
    page_number: regex.Pattern[str]  # a whole line that is a page number
    lines_per_page_min: int
    noise_max_chars: int


@cache
def vocab() -> Vocab:
    data = load_yaml("grammars", "read.yaml")
    if not isinstance(data, dict):
        raise ValueError("grammars/read.yaml: expected a mapping")
    conf = {k: [str(v) for v in vs] for k, vs in data["ocr_confusions"].items()}
    right = "|".join(_phrase_regex(p, conf) for p in data["right_column"])
    days = "|".join(regex.escape(d).replace(r"\ ", r"\s*") for d in data["place_date_day"])
    n_words = int(data["place_name_max_words"])
    # A place is capitalised words (folded, so plain letters): "Thanh Tri", "Cu Lao Dung".
    place = rf"[A-Z][a-z]*(?:[ \t]+[A-Z][a-z]*){{0,{n_words - 1}}}"
    openers = "|".join(_phrase_regex(o, conf) for o in data["paragraph_openers"])
    page_words = "|".join(regex.escape(w) for w in data["page_word"])
    return Vocab(
        header_zone_lines=int(data["header_zone_lines"]),
        right_column=regex.compile(rf"(?i)(?<![A-Za-z])(?:{right})"),
        place_date=regex.compile(rf"(?<![A-Za-z]){place}[ \t]*,[ \t]*(?i:{days})\b"),
        # The first letter must be a capital in the text ("Căn cứ", not "căn cứ").
        opener=regex.compile(rf"(?=[A-Z])(?i:{openers})"),
        page_number=regex.compile(
            rf"(?i)(?:(?:{page_words})[ \t]*\d{{1,3}}|[-–—][ \t]*\d{{1,3}}[ \t]*[-–—]"
            r"|\d{1,3}[ \t]*/[ \t]*\d{1,3}|\d{1,3})"
        ),
        lines_per_page_min=int(data["page_lines_per_page_min"]),
        noise_max_chars=int(data["noise_max_chars"]),
    )
