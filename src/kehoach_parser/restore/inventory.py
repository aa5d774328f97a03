"""Vietnamese syllables: split into onset, rhyme and tone; place the tone; fold to ASCII.

The syllable inventory is generated from the phonotactics in ``diacritics/phonotactics.yaml``
(onsets x rhymes x tones) and kept where a syllable is attested. Tone placement follows one
convention (``hòa``, ``thủy``: the mark on the first vowel of an open ``oa``/``oe``/``uy``), so
the corpus's mixed old-style spellings count as one syllable.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from ..data import load_yaml

# Tone index -> combining mark; 0 is the level tone (no mark).
TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_MARK_TONE = {m: i for i, m in enumerate(TONE_MARKS) if m}
VOWELS = frozenset("aăâeêioôơuưy")
# The letters that carry a vowel-quality mark (breve, circumflex, horn).
_QUALITY = frozenset("ăâêôơư")
_FOLD = str.maketrans("ăâêôơưđ", "aaeooud")
_QUALITY_OF = {"ă": "a˘", "â": "a^", "ê": "e^", "ô": "o^", "ơ": "o+", "ư": "u+", "đ": "d-"}


def split_tone(syllable: str) -> tuple[str, int]:
    """Lowercase ``syllable`` without its tone mark, and the tone (0-5)."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in _MARK_TONE:
            tone = _MARK_TONE[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@cache
def letter_parts(ch: str) -> tuple[str, str, int]:
    """(base letter, vowel-quality mark or '', tone) of one lowercase character."""
    bare, tone = split_tone(ch)
    q = _QUALITY_OF.get(bare)
    return (q[0], q[1], tone) if q else (bare, "", tone)


def letter_base(ch: str) -> str:
    """The letter without any mark (``ệ`` -> ``e``, ``đ`` -> ``d``)."""
    return letter_parts(ch)[0]


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase ASCII skeleton: every diacritic dropped, ``đ`` -> ``d``."""
    bare, _ = split_tone(text)
    return bare.translate(_FOLD)


@cache
def _tables() -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    spec = load_yaml("diacritics", "phonotactics.yaml")
    onsets = [o.replace("_", "") for o in spec["onsets"].split()]
    rhymes = frozenset(r for group in spec["rhymes"] for r in group.split())
    stops = frozenset(spec["stop_codas"].split())
    return tuple(sorted(onsets, key=len, reverse=True)), rhymes, stops


def parse(toneless: str) -> tuple[str, str] | None:
    """(onset, rhyme) of a toneless lowercase syllable, or None when it is not Vietnamese.

    ``gi`` and ``qu`` are onsets when a vowel follows (``giữ``, ``quốc``); ``gì``/``gìn`` keep
    their ``i`` in the rhyme, hence the retry with a shorter onset.
    """
    _, rhymes, _ = _tables()
    known, lengths = _onsets()
    for n in lengths:  # longest first; one onset of a length at most starts the syllable
        onset, rhyme = toneless[:n], toneless[n:]
        if len(onset) == n and onset in known and rhyme in rhymes and _spelling_ok(onset, rhyme):
            return onset, rhyme
    return None


@cache
def _onsets() -> tuple[frozenset[str], tuple[int, ...]]:
    """The onsets and their lengths, longest first: parse looks a syllable's start up by
    length rather than trying every onset (it runs for every new token)."""
    onsets = _tables()[0]
    return frozenset(onsets), tuple(sorted({len(o) for o in onsets}, reverse=True))


def _spelling_ok(onset: str, rhyme: str) -> bool:
    """The c/k, g/gh and ng/ngh spelling rules (``k``, ``gh``, ``ngh`` only before i, e, ê)."""
    front = rhyme[:1] in ("i", "e", "ê", "y")
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "g", "ng") and front:
        return onset == "g" and rhyme[:1] == "i"  # g + i: gì, gìn
    if onset == "qu":
        return rhyme[:1] not in ("u", "ư", "o")
    return True


def _coda_start(rhyme: str) -> int:
    i = 0
    while i < len(rhyme) and rhyme[i] in VOWELS:
        i += 1
    return i


def tone_index(rhyme: str) -> int:
    """Position in ``rhyme`` of the letter that carries the tone mark (``hòa`` convention)."""
    end = _coda_start(rhyme)
    marked = [i for i in range(end) if rhyme[i] in _QUALITY]
    if marked:
        return marked[-1]  # ươ -> ơ, iê -> ê, uô -> ô
    if end < len(rhyme) or end == 1:
        return end - 1  # a coda puts it on the last vowel: hoàn, tuýt
    return 1 if end == 3 else 0  # oai -> a, khuỷu -> y; hòa, thủy, mía


def compose(onset: str, rhyme: str, tone: int) -> str:
    if not tone:
        return onset + rhyme
    i = tone_index(rhyme)
    marked = unicodedata.normalize("NFC", rhyme[i] + TONE_MARKS[tone])
    return onset + rhyme[:i] + marked + rhyme[i + 1:]


def tone_allowed(rhyme: str, tone: int) -> bool:
    _, _, stops = _tables()
    coda = rhyme[_coda_start(rhyme):]
    return coda not in stops or tone in (2, 5)


@lru_cache(maxsize=65536)
def normalise(word: str) -> str | None:
    """The syllable in lowercase with the tone in its conventional place; None if not valid."""
    toneless, tone = split_tone(word)
    parts = parse(toneless)
    if parts is None or not tone_allowed(parts[1], tone):
        return None
    return compose(parts[0], parts[1], tone)


def generate() -> Iterable[str]:
    """Every phonotactically possible syllable (onset x rhyme x tone)."""
    onsets, rhymes, _ = _tables()
    for onset in onsets:
        for rhyme in sorted(rhymes):
            if parse(onset + rhyme) != (onset, rhyme):
                continue
            for tone in range(6):
                if tone_allowed(rhyme, tone):
                    yield compose(onset, rhyme, tone)


def build_inventory(attested: Iterable[str]) -> list[str]:
    """The generated syllables that also occur in ``attested`` (normalised first), sorted."""
    seen = {n for w in attested if (n := normalise(w)) is not None}
    return sorted(s for s in generate() if s in seen)
