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


def reading(tokens: list[Token], i: int) -> str | None:
    """The syllable a number next to word token i on its line decides, or None; it applies
    where the channel may read the token so (``only``)."""
    t = tokens[i]
    for word, number, ahead in _rules():
        j = i + 1 if ahead else i - 1
        if 0 <= j < len(tokens) and tokens[j].line == t.line \
                and number.fullmatch(tokens[j].text):
            return word
    return None


def only(slot: Slot | None, syllable_id: int) -> Slot | None:
    """``slot`` cut down to one syllable at its channel cost (unchanged if it lacks it)."""
    if slot is None or syllable_id not in slot.ids:
        return slot
    return Slot((syllable_id,), (slot.costs[slot.ids.index(syllable_id)],))
