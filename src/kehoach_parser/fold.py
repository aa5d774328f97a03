"""Folded forms of text for matching vocabulary before and after restoration.

``fold`` strips diacritics and case; ``ocr_fold`` also undoes the glyph confusions an
English-trained OCR engine makes on Vietnamese (grammars/fold.yaml), so a grammar written
in correct Vietnamese matches ``MUC PICH, YEU CAU`` and ``Sé:`` as well as ``MỤC ĐÍCH``.
Both keep a map from each folded character to its index in the original, so a match on the
folded form can be cut out of the original text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache

import regex
from unidecode import unidecode

from .data import load_yaml


@cache
def _char_fold(ch: str) -> str:
    out = unidecode(ch)
    return out.lower() if out else ch.lower()


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _char_fold(chr(code))
        return folded


_TABLE = _FoldTable()

# The same lines are folded by the header, tree, role and table readers in turn: folding is
# cached per text. Results are read-only (the map is a tuple or a range).
_CACHE = 1 << 14


@lru_cache(maxsize=_CACHE)
def fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """ASCII lowercase form of ``text`` and, per folded character, its source index."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text.lower(), range(len(text))
    folded = text.translate(_TABLE)
    if len(folded) == len(text):  # every character folded to one (all Vietnamese letters do)
        return folded, range(len(text))
    index: list[int] = []
    for i, ch in enumerate(text):
        index.extend([i] * len(_TABLE[ord(ch)]))
    return folded, tuple(index)


def fold(text: str) -> str:
    return fold_with_map(text)[0]


@cache
def _ocr_rules() -> tuple[dict[str, str], bool]:
    data = load_yaml("grammars", "fold.yaml")
    return {str(k): str(v) for k, v in data["in_word"].items()}, bool(data["p_vowel_is_d"])


_P_VOWEL = regex.compile(r"\bp(?=[aeiouy])")


def _unconfuse(text: str) -> str:
    """Map OCR glyphs back to letters where they stand inside a word (same length)."""
    table, _ = _ocr_rules()
    chars = list(text)
    n = len(chars)
    for i, ch in enumerate(chars):
        low = ch.lower()
        if low not in table:
            continue
        before = i > 0 and chars[i - 1].isalpha()
        after = i + 1 < n and text[i + 1].isalpha()
        if low == "q":
            # q is a letter of its own before u (quy, quan); elsewhere it is a mangled o.
            if not (after and text[i + 1].lower() == "u"):
                chars[i] = table[low]
        elif before or after:
            chars[i] = table[low]
    return "".join(chars)


@lru_cache(maxsize=_CACHE)
def ocr_fold_with_map(text: str) -> tuple[str, Sequence[int]]:
    """Like ``fold_with_map``, with OCR glyph confusions undone first (same map)."""
    folded, index = fold_with_map(_unconfuse(unicodedata.normalize("NFC", text)))
    if _ocr_rules()[1]:
        folded = _P_VOWEL.sub("d", folded)
    return folded, index


def ocr_fold(text: str) -> str:
    return ocr_fold_with_map(text)[0]
