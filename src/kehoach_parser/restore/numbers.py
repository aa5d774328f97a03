"""Words a number beside them decides: ``Quy 1/2022`` is Quý, ``500.000.000 dong`` is đồng;
and the number a quarter decides: ``Quý 11/2022`` is Quý II/2022.

The LM reads an amount or a date as ``<unk>`` (so it was trained: they are codes of digits),
which tells it little of the word beside one, and table rows interleave the cells of other
columns around them. The table is ``diacritics/number_words.yaml``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..data import load_yaml
from .decoder import Slot
from .inventory import fold
from .tokens import Token

# (the word, the number's pattern, whether the number comes after the word)
_Rule = tuple[str, re.Pattern[str], bool]


@cache
def _rules() -> tuple[_Rule, ...]:
    cfg = load_yaml("diacritics", "number_words.yaml")
    return tuple((r["word"], re.compile(r["number"]), side == "before")
                 for side in ("before", "after") for r in cfg.get(side) or ())


@lru_cache(maxsize=1 << 14)
def _matching(text: str) -> tuple[int, ...]:
    """The rules (places in the table) whose number pattern ``text`` matches: most tokens
    are words that match none, and a batch repeats them."""
    return tuple(k for k, (_, number, _) in enumerate(_rules()) if number.fullmatch(text))


def readings(tokens: list[Token]) -> dict[int, str]:
    """Token index -> the syllable a number next to it on its line decides (the first rule
    in the table that holds); it applies to a word the channel may read so (``only``)."""
    rules = _rules()
    first: dict[int, int] = {}  # token index -> the first rule that holds for it
    for j, t in enumerate(tokens):
        for k in _matching(t.text):
            i = j - 1 if rules[k][2] else j + 1
            if 0 <= i < len(tokens) and tokens[i].line == t.line and k < first.get(i, k + 1):
                first[i] = k
    return {i: rules[k][0] for i, k in first.items()}


_ROMAN_QUARTERS = ("I", "II", "III", "IV")
_QUARTER_NUMBER = re.compile(r"([^/]+)((?:/\d{2}|/\d{4})?)")


@cache
def _quarter_rule() -> tuple[str, dict[str, str], re.Pattern[str]]:
    cfg = load_yaml("diacritics", "number_words.yaml")["quarters"]
    return fold(cfg["word"]), cfg["letters"], re.compile(cfg["arabic"])


def quarters(tokens: list[Token]) -> dict[int, str]:
    """Token index -> its text with the quarter number OCR misread in Roman numerals
    (``11/2022`` after Quý: ``II/2022``); a lone ``1`` only in a document where OCR misread
    other quarters so and wrote none in arabic (see ``number_words.yaml``)."""
    word, letters, arabic = _quarter_rule()
    found: list[tuple[int, str, str]] = []  # (token index, number as read, rest: /2022)
    for i in range(1, len(tokens)):
        t, prev = tokens[i], tokens[i - 1]
        if t.kind in ("num", "code", "word") and prev.line == t.line \
                and fold(prev.text).lower() == word \
                and (m := _QUARTER_NUMBER.fullmatch(t.text)) is not None:
            found.append((i, m[1], m[2]))
    roman = {i: "".join(letters.get(c, "?") for c in n) for i, n, _ in found}
    in_arabic = any(arabic.fullmatch(n) and n != "1" for _, n, _ in found)
    # Misread quarters show OCR at work on the document's Roman numerals; clean text
    # mixes the two ways (Quý I/2022 beside Quý 2/2022), so a Quý 1 beside a Quý II stays.
    misread = any(not arabic.fullmatch(n) and n != roman[i] in _ROMAN_QUARTERS
                  for i, n, _ in found)
    return {i: roman[i] + rest for i, n, rest in found
            if n != roman[i] in _ROMAN_QUARTERS and (n != "1" or (misread and not in_arabic))}


def only(slot: Slot | None, syllable_id: int) -> Slot | None:
    """``slot`` cut down to one syllable at its channel cost (unchanged if it lacks it)."""
    if slot is None or syllable_id not in slot.ids:
        return slot
    return Slot((syllable_id,), (slot.costs[slot.ids.index(syllable_id)],))
