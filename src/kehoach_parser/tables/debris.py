"""Lines OCR made of a stamp, a ruling or a speck over a table printed one cell per line
(``oe oe ee``, ``- Ss SESE: ee ee Oo hs ee oe``): no cell of such a table is made of them,
and a reader that took them would invent rows or spoil the cells they stand among."""

from __future__ import annotations

from functools import cache

import regex

from ..fold import ocr_fold
from ..restore.lm import default_model

_EDGE = ",.;:()'\"|_-—–=~‘’“”!?"
_ACRONYM = regex.compile(r"\p{Lu}{2,}")
_DIGITS = regex.compile(r"\d.*\d")  # an amount, a date, a number of two digits or more
_LONG_SYLLABLE = 4


@cache
def _folded_syllables() -> frozenset[str]:
    return frozenset(ocr_fold(s) for s in default_model().vocab[4:])


def is_debris(text: str) -> bool:
    """Fewer than half the line's words are words (a syllable of two letters or more, with
    or without its marks, an acronym, a number), and none is a syllable of four letters or
    more. A wrapped cell's last line, however short, is made of words."""
    tokens = [w for w in (t.strip(_EDGE) for t in text.split()) if w]
    if not tokens:
        return False  # a dash or a stop alone: punctuation, not debris
    syllables = _folded_syllables()
    real = [w for w in tokens if (len(w) >= 2 and ocr_fold(w) in syllables)
            or _ACRONYM.fullmatch(w) or _DIGITS.search(w)]
    long = any(len(w) >= _LONG_SYLLABLE and ocr_fold(w) in syllables for w in tokens)
    return not long and len(real) * 2 < len(tokens)
