"""Agency names the grammar knows, found in an OCR'd row although OCR damaged them
(``SON6ivu`` for ``Sở Nội vụ``, ``S@TAaichinh`` for ``Sở Tài chính``, ``S6Tu phép`` for ``Sở
Tư pháp``): the words of a name run together, a letter or two misread. A name is compared
with the row's text from a capitalised word on, both folded and without spaces, and taken
when at most one letter in five differs (its canonical form is the cell: the grammar's
closed vocabulary, as agency.py writes an exact match)."""

from __future__ import annotations

from functools import cache

import regex
from rapidfuzz.distance import Levenshtein

from ..data import load_yaml
from ..fold import ocr_fold, ocr_fold_with_map
from .agency import known_agency

_EDITS_PER_LETTER = 0.2  # one letter in five may be misread
_MIN_LETTERS = 6  # shorter names ("Sở Y tế") are too easily found in any text
_REACH = 80  # characters: longer than any name the grammar knows
_CAPITAL = regex.compile(r"(?<![\p{L}\d])\p{Lu}")


@cache
def _names() -> list[tuple[str, str]]:
    """(folded name without spaces, canonical name) of every name the grammar knows."""
    data = load_yaml("grammars", "agencies.yaml")
    out = []
    for entry in data["canonical"]:
        name = str(entry["name"])
        key = regex.sub(r"[^a-z]", "", ocr_fold(name))
        if len(key) >= _MIN_LETTERS:
            out.append((key, name))
    return out


def find_damaged_agencies(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, canonical)`` of the known names in ``text`` as OCR damaged them, each
    starting at a capitalised word; the closest name where several fit, none overlapping."""
    found: list[tuple[int, int, str]] = []
    for m in _CAPITAL.finditer(text):
        if found and m.start() < found[-1][1]:
            continue
        # letters from here (as OCR folding reads them: 6 for o), each with its position
        folded_all, index = ocr_fold_with_map(text[m.start():m.start() + _REACH])
        letters = [(c, m.start() + index[k]) for k, c in enumerate(folded_all)
                   if "a" <= c <= "z"]
        folded = "".join(c for c, _ in letters)
        best: tuple[int, int, str] | None = None
        for key, name in _names():
            allowed = int(_EDITS_PER_LETTER * len(key))
            # a letter or two OCR added or dropped: the name may end a little off its length
            for size in range(len(key) - allowed, min(len(key) + allowed, len(folded)) + 1):
                edits = Levenshtein.distance(folded[:size], key)
                if edits <= allowed and (best is None or edits < best[0]):
                    best = (edits, size, name)
        if best is not None:
            end = letters[best[1] - 1][1] + 1
            found.append((m.start(), end, best[2]))
    return found


def canonical_agency(cell: str) -> str:
    """A cell that is one known name as OCR damaged it, written as the grammar names it
    (``SON6ivu`` -> ``Sở Nội vụ``); any other cell as it is."""
    if known_agency(cell):
        return cell
    found = find_damaged_agencies(cell)
    if len(found) == 1 and found[0][0] == 0 and not cell[found[0][1]:].strip(" .,;_~=|-"):
        return found[0][2]
    return cell
