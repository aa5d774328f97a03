"""Put the original token's case pattern on a restored (lowercase) syllable."""

from __future__ import annotations


def is_all_caps(token: str) -> bool:
    """Two or more letters, none of them lowercase (digits and symbols may stand between)."""
    return token.isupper() and sum(map(str.isalpha, token)) >= 2


def mostly_caps(token: str) -> bool:
    """OCR mixes cases inside a word (CHIiNH): two capitals and most letters upper."""
    if token.islower():
        return False  # most words: no capital at all, so no letter to count
    letters = list(filter(str.isalpha, token))
    upper = sum(map(str.isupper, letters))
    return upper >= 2 and upper * 3 >= len(letters) * 2


def opens_in_lowercase(original: str) -> bool:
    """Whether a token's first character is a lowercase letter: its restored syllable is
    written in lowercase whatever the line (``apply_case``)."""
    first = original[:1]
    return first.isalpha() and first.islower()


# OCR reads a capital S as $ (the letter, not an amount: classify keeps $6 = Sở a word).
_CAPITAL_SYMBOLS = frozenset("$")


def apply_case(original: str, syllable: str, capitals: bool = False,
               sentence_start: bool = False) -> str:
    """The case the original token was written in, put on the restored syllable.

    A token opening in lowercase is lowercase; one opening with a capital is ALL CAPS when
    it was written in ``capitals`` (the caller's verdict from the token and its line: OCR
    mixes cases, CHIiNH, and reads capitalised words as capitals, SO Nội vụ), and
    Capitalised otherwise.

    Digits and symbols OCR put for letters carry no case (``1y`` = lý, ``b0`` = bộ), except a
    ``$`` opening a word, a capital S (``$6`` = Sở). A capital I opening a lowercase word
    read as l (``Iy`` = lý, ``Iuật`` = luật) is the OCR's reading of a lowercase l, unless
    it opens a sentence (``sentence_start``), where it is a capital L.
    """
    if opens_in_lowercase(original):
        return syllable  # most words: the test below, without building the letters
    first = original[:1]
    letters = list(filter(str.isalpha, original))
    if first in _CAPITAL_SYMBOLS:
        letters = ["S", *letters]
    if not letters or letters[0].islower():
        return syllable
    if capitals:
        return syllable.upper()
    if (letters[0] == "I" and syllable[:1] == "l" and "".join(letters[1:]).islower()
            and not sentence_start):
        return syllable
    return syllable[:1].upper() + syllable[1:]
