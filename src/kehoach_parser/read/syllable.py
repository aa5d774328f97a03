"""Is a word a well-formed Vietnamese syllable? (Shape only: onset, rhyme, one tone.)

Used to tell the 8-bit encodings apart (a wrong table yields impossible vowel clusters
like "aõ" or "iọ") and to see whether a hyphen at a line end cuts a syllable in two.
The onsets and rhymes are those of ``diacritics/phonotactics.yaml``, the one definition the
diacritic restorer builds its syllable inventory from, so the two cannot drift apart.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from ..data import load_yaml

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


@cache
def _shapes() -> tuple[frozenset[str], tuple[int, ...], frozenset[str]]:
    """The onsets, their lengths and the rhymes (toneless), read once: set look-ups rather
    than a regex of every rhyme, as this runs for every word of a document."""
    spec = load_yaml("diacritics", "phonotactics.yaml")
    onsets = frozenset(o for o in spec["onsets"].split() if o != "_")  # "_": the empty onset
    rhymes = frozenset(r for group in spec["rhymes"] for r in group.split())
    return onsets, (0, *sorted({len(o) for o in onsets})), rhymes


def is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    onsets, lengths, rhymes = _shapes()
    return any(base[n:] in rhymes and (n == 0 or base[:n] in onsets) for n in lengths)
