"""Lines OCR made of a stamp, a ruling or a speck over a table printed one cell per line
(``oe oe ee``, ``- Ss SESE: ee ee Oo hs ee oe``): no cell of such a table is made of them,
and a reader that took them would invent rows or spoil the cells they stand among."""

from __future__ import annotations

from functools import cache

import regex

from ..fold import ocr_fold
from ..restore.lm import default_model

EDGE = ",.;:()'\"|_-—–=~‘’“”!?"
_ACRONYM = regex.compile(r"\p{Lu}{2,}")
_NUMBER = regex.compile(r"\d{2,}|\d{1,4}(?:[.,/]\d{1,4})+")  # "15", "20.000.000", "30/6/2030"
_LONG_SYLLABLE = 4


@cache
def _folded_syllables() -> frozenset[str]:
    return frozenset(ocr_fold(s) for s in default_model().vocab[4:])


def is_debris(text: str) -> bool:
    """Fewer than half the line's words are words (a syllable of two letters or more, with
    or without its marks, an acronym, a number of two digits or more, an amount, a date),
    and none is a syllable of four letters or more. A wrapped cell's last line, however
    short, is made of words (a budget's ``20.000.000`` on a line of its own is kept)."""
    tokens = [w for w in (t.strip(EDGE) for t in text.split()) if w]
    if not tokens:
        return False  # a dash or a stop alone: punctuation, not debris
    syllables = _folded_syllables()
    real = [w for w in tokens if (len(w) >= 2 and ocr_fold(w) in syllables)
            or _ACRONYM.fullmatch(w) or _NUMBER.fullmatch(w)]
    long = any(len(w) >= _LONG_SYLLABLE and ocr_fold(w) in syllables for w in tokens)
    return not long and len(real) * 2 < len(tokens)
