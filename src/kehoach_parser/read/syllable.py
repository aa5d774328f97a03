"""Is a word a well-formed Vietnamese syllable? (Shape only: onset, rhyme, one tone.)

Used to tell the 8-bit encodings apart (a wrong table yields impossible vowel clusters
like "aõ" or "iọ") and to see whether a hyphen at a line end cuts a syllable in two.
The onsets and rhymes are those of ``diacritics/phonotactics.yaml``, the one definition the
diacritic restorer builds its syllable inventory from, so the two cannot drift apart.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from ..data import load_yaml

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _alternatives(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


@cache
def _syllable() -> regex.Pattern[str]:
    """Optional onset then one rhyme (toneless); built once, it runs for every word."""
    spec = load_yaml("diacritics", "phonotactics.yaml")
    onsets = [o for o in spec["onsets"].split() if o != "_"]  # "_" is the empty onset
    rhymes = [r for group in spec["rhymes"] for r in group.split()]
    return regex.compile(rf"(?:{_alternatives(onsets)})?(?:{_alternatives(rhymes)})")


def is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _syllable().fullmatch(base) is not None
