"""Recognise a paragraph as a heading of the plan's numbering (grammars/headings.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ..data import load_yaml

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Glyphs OCR prints for the letter I in a roman numeral.
_ROMAN_I = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I"})


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    kind: str  # a key of `kinds` in headings.yaml
    label: str  # as printed
    title: str
    at: int  # where the title starts in the matched text, so it maps back to the input


@dataclass(frozen=True, slots=True)
class Grammar:
    kinds: tuple[tuple[str, int, regex.Pattern[str]], ...]
    bullet: regex.Pattern[str]

    def cap(self, kind: str) -> int:
        return next(c for k, c, _ in self.kinds if k == kind)


@cache
def grammar() -> Grammar:
    data = load_yaml("grammars", "headings.yaml")
    kinds = tuple(
        (name, int(spec["cap"]), regex.compile(spec["pattern"]))
        for name, spec in data["kinds"].items()
    )
    return Grammar(kinds, regex.compile(data["bullet"]))


def match_heading(text: str) -> HeadingMatch | None:
    """The first kind whose pattern matches ``text``.

    Pure digits are arabic here; whether an arabic label is really an OCR'd roman numeral
    is decided by the tree builder, which knows the sequence.
    """
    for kind, _cap, pattern in grammar().kinds:
        m = pattern.match(text, timeout=0.05)
        if not m:
            continue
        label = m.group("label")
        raw = m.group("title")
        title = _strip_debris(raw.strip())
        # A roman label holds a capital roman letter or an l/|/! read for I; one that is no
        # numeral (OCR's "Vv") is repaired from the sequence by the tree builder. A label in
        # small letters only ("v.", OCR's case slip) is roman when its title is in capitals,
        # as level-1 titles are; else "v. v." or "x. ..." in a sentence would be taken.
        if kind == "roman" and not any(ch in "IVXLl|!" for ch in label) \
                and not is_caps(title):
            continue
        return HeadingMatch(kind, label, title, m.start("title") + len(raw) - len(raw.lstrip()))
    return None


# Scan specks OCR'd after a title: a token of stray marks holding at most one letter
# ("MỤC ĐÍCH, YÊU CẦU ‘Z;").
_DEBRIS = regex.compile(r"[‘’'`\"^~*;|_]")
_QUOTED = regex.compile(r"[\"“‘'][\w.]+[\"”’']")  # "A", a quoted grade, is a word


def _strip_debris(title: str) -> str:
    words = title.split(" ")
    while (len(words) > 1 and _DEBRIS.search(words[-1]) and not _QUOTED.fullmatch(words[-1])
           and sum(ch.isalnum() for ch in words[-1]) <= 1):
        words.pop()
    return " ".join(words)


def roman_value(label: str) -> int | None:
    """Value of a roman numeral, reading OCR's l/1/|/! as I; None when it isn't one."""
    s = label.translate(_ROMAN_I).upper()
    if not s or any(ch not in _ROMAN_VALUES for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(s) and _ROMAN_VALUES[s[i + 1]] > v else v
    return total if to_roman(total) == s else None


def to_roman(n: int) -> str:
    out = []
    for value, sym in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def is_caps(text: str) -> bool:
    """Mostly capital letters: how Decree 30 prints level-1 headings."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def bullet_end(text: str) -> int:
    """Where the text after a leading bullet (and its spaces) starts; 0 without one."""
    m = grammar().bullet.match(text)
    return m.end() if m else 0
