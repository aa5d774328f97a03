"""Section roles (vai_tro) and unit names from vocabulary in grammars/roles.yaml."""

from __future__ import annotations

from functools import cache
from typing import Any

import regex
from rapidfuzz.distance import Levenshtein

from ..data import load_yaml
from ..fold import ocr_fold, ocr_fold_with_map
from .headings import is_caps

_WORD = regex.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(ocr_fold(text))


def _same_word(a: str, b: str) -> bool:
    """Equal, or one edit apart after the same first letter for words of 4+ letters: OCR
    damage folding did not undo ("thueng" for "thuong"), while short words must match
    exactly ("cu" is not "vu") and so must first letters ("chuc" is not "thuc")."""
    return a == b or (
        min(len(a), len(b)) >= 4 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1
    )


def find_phrase(phrase: list[str], words: list[str]) -> int | None:
    """Index of the first window of ``words`` matching ``phrase`` word by word."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if all(_same_word(p, w) for p, w in zip(phrase, words[i : i + n], strict=True)):
            return i
    return None


@cache
def _roles() -> dict[str, Any]:
    data = load_yaml("grammars", "roles.yaml")
    return data


@cache
def _vocabulary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    roles = _roles()["roles"]
    return tuple((role, tuple(_tokens(p))) for role, phrases in roles.items() for p in phrases)


@cache
def role_groups() -> dict[str, list[str]]:
    data = _roles()
    groups = {k: list(v) for k, v in data["items"].items()}
    groups["task_roles"] = list(data["task_roles"])
    groups["unit_roles"] = list(data["unit_roles"])
    return groups


def role_of(title: str) -> str | None:
    """The role named first in ``title`` (the longest phrase on a tie), or None."""
    words = _tokens(title)
    if len(words) > _MAX_HEADING_WORDS and not is_caps(title):
        return None  # a list item ("b) Các nhiệm vụ phải có lộ trình ...") names no section
    best: tuple[int, int, str] | None = None
    for role, phrase in _vocabulary():
        pos = find_phrase(list(phrase), words[: _MAX_ROLE_POSITION + len(phrase)])
        if pos is not None and (best is None or (pos, -len(phrase)) < best[:2]):
            best = (pos, -len(phrase), role)
    return best[2] if best else None


# A unit's name may list several units ("Thủ trưởng các ban, phòng ngành huyện, ... và
# Chủ tịch UBND các xã, thị trấn"), but a longer run is a sentence, not a name.
_MAX_NAME_WORDS = 40
# A role phrase counts within a title's first words only ("Một số chỉ tiêu", "Công tác khen
# thưởng"); further in, it is what the section is about, not what it is.
_MAX_ROLE_POSITION = 3
# Headings are short or in capitals; a longer sentence-case title is a list item.
_MAX_HEADING_WORDS = 12


@cache
def _unit_words() -> tuple[list[list[str]], ...]:
    data = _roles()
    heads = [_tokens(h) for h in data["unit_heads"]]
    prefixes = [_tokens(p) for p in data["unit_prefixes"]]
    verbs = [_tokens(v) for v in data["unit_verbs"]]
    not_units = [_tokens(v) for v in data["unit_exclusions"]]
    return heads, sorted(prefixes, key=len, reverse=True), verbs, not_units


@cache
def _unit_joiners() -> frozenset[str]:
    return frozenset(w for j in _roles()["unit_joiners"] for w in _tokens(j))


def unit_name(text: str) -> tuple[str, str] | None:
    """The unit a heading or paragraph begins with and the rest of it (its duties):
    "Trách nhiệm của Phòng Nội vụ: ..." and "Phòng Nội vụ chủ trì ..." both give
    "Phòng Nội vụ". None when the text does not begin with a unit's name."""
    folded, index = ocr_fold_with_map(text)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
    words = [folded[a:b] for a, b in spans]
    heads, prefixes, verbs, not_units = _unit_words()
    start = next((len(p) for p in prefixes if find_phrase(p, words[: len(p)]) == 0), 0)

    def begins(phrases: list[list[str]]) -> bool:
        return any(find_phrase(h, words[start : start + len(h)]) == 0 for h in phrases)

    if start >= len(words) or not begins(heads) or begins(not_units):
        return None
    colon = folded.find(":", spans[start][0])
    end = len(words)
    for i in range(start + 1, len(words)):
        # A duty verb ends the name, unless capitalised: then it is part of the name
        # ("Phòng Tổ chức, biên chế" against "Phòng Nội vụ tổ chức ...").
        # Nor after "và", which joins it to the name ("biên chế và tổ chức phi chính phủ").
        if text[index[spans[i][0]]].isupper() or words[i - 1] in _unit_joiners():
            continue
        if any(find_phrase(verb, words[i : i + len(verb)]) == 0 for verb in verbs):
            end = i
            break
    if colon >= 0:
        end = min(end, sum(1 for a, _ in spans if a < colon))
    if end - start > _MAX_NAME_WORDS:
        return None
    name_end = index[spans[end - 1][1] - 1] + 1
    name = text[index[spans[start][0]] : name_end].strip(" ,.;")
    rest = text[name_end:].strip().lstrip(":").strip()
    return name, rest
