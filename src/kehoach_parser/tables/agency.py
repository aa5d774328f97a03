"""Agency lists from the lead / co-operating cells: split into agencies and normalised.

``Ban, phòng ngành huyện và các cơ quan có liên quan`` gives ``Ban, phòng ngành huyện`` and
``Các cơ quan có liên quan``; ``Văn phòng HĐND&UBND huyện`` stays one agency and is written
``Văn phòng HĐND và UBND huyện``. Vocabulary (what never splits, canonical names) is data:
grammars/agencies.yaml. Matching is on the OCR-folded form, so unrestored ``Phong Noi vu``
normalises to ``Phòng Nội vụ`` as well.
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from ..data import load_yaml
from ..fold import ocr_fold, ocr_fold_with_map
from .classify import PLURAL, cell_vocab, starts_with_any

_SEP = regex.compile(r"(\s*;\s*|\s*,\s*|\s+(?:"
                     + "|".join(load_yaml("grammars", "agencies.yaml")["list_and"]) + r")\s+)")
_BULLET = regex.compile(r"^\s*[-–—+•*]\s*")
_GLUED = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")  # "PhòngTư pháp" -> "Phòng Tư pháp"
_SPACES = regex.compile(r"\s+")
_AMP = regex.compile(r"\s*&\s*")
_COMMA = regex.compile(r"(?<=\p{L}),(?=\p{L})")


@cache
def _vocab() -> tuple[list[str], regex.Pattern[str], set[str], list[tuple[regex.Pattern[str], str]],
                      dict[str, str]]:
    data = load_yaml("grammars", "agencies.yaml")
    split_words = regex.compile(
        r"\s+(?:" + "|".join(regex.escape(w) for w in data["split_words"]) + r")\s+"
    )
    canonical = [(regex.compile(str(c["match"])), str(c["name"])) for c in data["canonical"]]
    return (list(data["protected"]), split_words, set(data["bare_heads"]), canonical,
            dict(data["abbreviations"]))


def _protected_across(left: str, sep: str, right: str) -> bool:
    """Whether a protected phrase spans the separator between ``left`` and ``right``."""
    joined = ocr_fold(left + sep + right)
    boundary = len(ocr_fold(left))
    for phrase in _vocab()[0]:
        start = joined.find(phrase)
        while start != -1:
            if start < boundary < start + len(phrase):
                return True
            start = joined.find(phrase, start + 1)
    return False


def _is_bare(text: str) -> bool:
    """A lone head word ("Ban", "Các cơ quan") that what follows the comma qualifies."""
    return PLURAL.sub("", ocr_fold(text).strip()) in _vocab()[2]


def _split_part(text: str) -> list[str]:
    pieces = _SEP.split(text)
    out: list[str] = []
    current = pieces[0]
    heads = cell_vocab()["agency_heads"]
    for sep, nxt in zip(pieces[1::2], pieces[2::2], strict=True):
        starts_agency = starts_with_any(ocr_fold(nxt), heads)
        if (
            sep.strip() != ";"
            and (not starts_agency or _is_bare(current)
                 or _protected_across(current, sep, nxt))
        ):
            current = current + sep + nxt
        else:
            out.append(current)
            current = nxt
    out.append(current)
    return out


@lru_cache(maxsize=65536)  # the grid reader asks of every agency fragment under each reading
def known_agency(name: str) -> bool:
    """Whether ``name`` is one the grammar has a canonical form for ("Phòng Nội vụ")."""
    folded = ocr_fold(_SPACES.sub(" ", _GLUED.sub(" ", _AMP.sub(" và ", name))).strip(" .;,:"))
    return any(pattern.fullmatch(folded) for pattern, _ in _vocab()[3])


def normalise_agency(name: str) -> str:
    """One agency name, cleaned and in its canonical form when the grammar knows it."""
    _, _, _, canonical, abbreviations = _vocab()
    text = _BULLET.sub("", _AMP.sub(" và ", name))
    text = _SPACES.sub(" ", _GLUED.sub(" ", text)).strip(" .;,:")
    for long, short in abbreviations.items():
        text = regex.sub(regex.escape(long), short, text, flags=regex.IGNORECASE)
    folded = ocr_fold(text)
    for pattern, canon in canonical:
        if pattern.fullmatch(folded):
            return canon
    return text[:1].upper() + text[1:]


def split_agencies(cell: str | None) -> list[str]:
    """The agencies a lead / co-operating cell names, normalised, without duplicates."""
    if not cell or not cell.strip():
        return []
    split_words = _vocab()[1]
    # "ban,ngành": OCR lost the space, which the protected phrases ("ban, nganh") have
    text = _SPACES.sub(" ", _COMMA.sub(", ", _AMP.sub(" và ", cell))).strip()
    names: list[str] = []
    # Split words are found on the folded text and cut out of the printed one.
    folded, index = ocr_fold_with_map(text)
    parts, last = [], 0
    for m in split_words.finditer(folded):
        parts.append(text[last:index[m.start()]])
        last = index[m.end() - 1] + 1
    parts.append(text[last:])
    for part in parts:
        for piece in _split_part(part):
            name = normalise_agency(piece)
            if name and name not in names:
                names.append(name)
    return names


@cache
def _anywhere() -> list[tuple[regex.Pattern[str], str]]:
    """The canonical patterns, to be found inside a text between word boundaries."""
    return [(regex.compile(r"(?<!\w)(?:" + p.pattern + r")(?!\w)"), canon)
            for p, canon in _vocab()[3]]


def find_known_agencies(text: str) -> list[tuple[int, int, str]]:
    """Agencies the grammar knows, found anywhere in ``text``: ``(start, end, canonical)``
    with printed positions, longest first where two overlap. For OCR'd rows, where a cell
    cannot be cut out whole."""
    folded, index = ocr_fold_with_map(text)
    candidates = [
        (index[m.start()], index[m.end() - 1] + 1, canon)
        for pattern, canon in _anywhere()
        for m in pattern.finditer(folded)
    ]
    found: list[tuple[int, int, str]] = []
    for a, b, canon in sorted(candidates, key=lambda c: c[0] - c[1]):
        if all(b <= x or a >= y for x, y, _ in found):
            found.append((a, b, canon))
    return sorted(found)
