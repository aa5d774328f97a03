"""Is a word a well-formed Vietnamese syllable? (Shape only: onset, vowels, coda, one tone.)

Used to tell the 8-bit encodings apart (a wrong table yields impossible vowel clusters
like "aõ" or "iọ") and to see whether a hyphen at a line end cuts a syllable in two.
"""

from __future__ import annotations

import unicodedata

import regex

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
# Vowel clusters that may take a final consonant, and those that end the syllable
# (they already end in a glide: -i, -y, -o, -u).
_CLOSED = "a ă â e ê i o ô ơ u ư y iê yê oa oă oe uâ uê uô ươ uyê oo uy"
_OPEN = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu uơ iêu yêu oai oay oeo uây "
    "uôi uya ươi ươu uyu oao"
)


def _alternatives(clusters: str) -> str:
    return "|".join(sorted(clusters.split(), key=len, reverse=True))


_SYLLABLE = regex.compile(
    rf"{_ONSET}(?:(?:{_alternatives(_CLOSED)})(?:ch|ng|nh|[cmnpt])?|(?:{_alternatives(_OPEN)}))"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(base) is not None
