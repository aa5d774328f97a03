"""Is a word a well-formed Vietnamese syllable? (Shape only: onset, vowels, coda, one tone.)"""

from __future__ import annotations

import unicodedata

import regex

_VOWELS = "aăâeêioôơuưy"
_SYLLABLE = regex.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None
