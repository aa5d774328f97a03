"""Section roles (vai_tro) from heading vocabulary in grammars/roles.yaml."""

from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz

from ..data import load_yaml
from ..fold import ocr_fold

# A fuzzy match must be this close (0-100) on the folded, OCR-tolerant form: close enough
# to take "muc pich" for "muc dich", far enough not to take "noi vu" for "noi dung".
_MIN_SCORE = 87
# Long titles are numbered paragraphs, not headings; their vocabulary says nothing.
_MAX_WORDS = 14


@cache
def _vocabulary() -> tuple[tuple[str, str], ...]:
    data = load_yaml("grammars", "roles.yaml")
    assert isinstance(data, dict)
    return tuple(
        (role, ocr_fold(phrase)) for role, phrases in data["roles"].items() for phrase in phrases
    )


@cache
def role_groups() -> dict[str, list[str]]:
    data = load_yaml("grammars", "roles.yaml")
    assert isinstance(data, dict)
    groups = {k: list(v) for k, v in data["items"].items()}
    groups["task_roles"] = list(data["task_roles"])
    groups["unit_roles"] = list(data["unit_roles"])
    return groups


def role_of(title: str) -> str | None:
    """The role named first in ``title``, or None when the title names none."""
    if len(title.split()) > _MAX_WORDS:
        return None
    folded = ocr_fold(title)
    best: tuple[int, int, str] | None = None  # (position, -phrase length, role)
    for role, phrase in _vocabulary():
        pos = folded.find(phrase)
        if pos < 0:
            # Fuzzy only looks for the phrase inside the title, never the title inside a
            # longer phrase ("NỘI DUNG" is not "nội dung cải cách hành chính").
            if len(phrase) < 6 or len(phrase) > len(folded):
                continue
            m = fuzz.partial_ratio_alignment(phrase, folded, score_cutoff=_MIN_SCORE)
            if m is None:
                continue
            pos = m.dest_start
        key = (pos, -len(phrase), role)
        if best is None or key < best:
            best = key
    return best[2] if best else None
