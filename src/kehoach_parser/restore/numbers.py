"""Words a number beside them decides: ``Quy 1/2022`` is Quý, ``500.000.000 dong`` is đồng.

The LM reads an amount or a date as ``<unk>`` (so it was trained: they are codes of digits),
which tells it little of the word beside one, and table rows interleave the cells of other
columns around them. The table is ``diacritics/number_words.yaml``.
"""

from __future__ import annotations

import re
from functools import cache

from ..data import load_yaml
from .decoder import Slot
from .tokens import Token

# (the word, the number's pattern, whether the number comes after the word)
_Rule = tuple[str, re.Pattern[str], bool]


@cache
def _rules() -> tuple[_Rule, ...]:
    cfg = load_yaml("diacritics", "number_words.yaml")
    return tuple((r["word"], re.compile(r["number"]), side == "before")
                 for side in ("before", "after") for r in cfg.get(side) or ())


def readings(tokens: list[Token]) -> dict[int, str]:
    """Token index -> the syllable a number next to it on its line decides (the first rule
    that holds); it applies to a word the channel may read so (``only``). Each distinct
    text is matched once: a document repeats most of its tokens."""
    out: dict[int, str] = {}
    texts = {t.text for t in tokens}
    for word, number, ahead in _rules():
        numbers = {x for x in texts if number.fullmatch(x)}
        if not numbers:
            continue
        for j, t in enumerate(tokens):
            i = j - 1 if ahead else j + 1
            if t.text in numbers and 0 <= i < len(tokens) and tokens[i].line == t.line:
                out.setdefault(i, word)
    return out


def only(slot: Slot | None, syllable_id: int) -> Slot | None:
    """``slot`` cut down to one syllable at its channel cost (unchanged if it lacks it)."""
    if slot is None or syllable_id not in slot.ids:
        return slot
    return Slot((syllable_id,), (slot.costs[slot.ids.index(syllable_id)],))
