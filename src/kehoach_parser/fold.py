"""Folded forms of text for matching vocabulary before and after restoration.

``fold`` strips diacritics and case; ``ocr_fold`` also undoes the glyph confusions an
English-trained OCR engine makes on Vietnamese (grammars/fold.yaml), so a grammar written
in correct Vietnamese matches ``MUC PICH, YEU CAU`` and ``Sé:`` as well as ``MỤC ĐÍCH``.
Both keep a map from each folded character to its index in the original, so a match on the
folded form can be cut out of the original text.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex
from unidecode import unidecode

from .data import load_yaml


@cache
def _char_fold(ch: str) -> str:
    out = unidecode(ch)
    return out.lower() if out else ch.lower()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """ASCII lowercase form of ``text`` and, per folded character, its source index."""
    text = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = _char_fold(ch)
        parts.append(f)
        index.extend([i] * len(f))
    return "".join(parts), index


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


def ocr_fold_with_map(text: str) -> tuple[str, list[int]]:
    """Like ``fold_with_map``, with OCR glyph confusions undone first (same map)."""
    folded, index = fold_with_map(_unconfuse(unicodedata.normalize("NFC", text)))
    if _ocr_rules()[1]:
        folded = _P_VOWEL.sub("d", folded)
    return folded, index


def ocr_fold(text: str) -> str:
    return ocr_fold_with_map(text)[0]
