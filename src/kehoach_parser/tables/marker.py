"""Row numbers and group numerals as OCR leaves them in a table printed one cell per line.

A number printed alone on its line, the row's task below it, is the easiest thing on the
page for OCR to damage: ``2`` comes out ``z`` or ``£``, ``3`` ``S``, the group numeral
``III`` ``Hl`` (and diacritic restoration may then turn it into a word, ``Hủ``). What is left
is still a mark of a few characters on a line of its own, right above a line as wide as
the task column; whether it numbered a row or a group is told by what follows the text
under it: a group's title is followed by its first row's number, a task by its cells.

A group row's numeral may also come out as a digit or a small letter (``1. CẢI CÁCH THỂ
CHẾ``, ``v. CẢI CÁCH``): a labelled line whose text is all capitals is a group title (tasks
are written in sentence case).
"""

from __future__ import annotations

import regex

from ..structure.headings import roman_value, to_roman
from .groups import in_capitals

_MARK = regex.compile(r"^\S{1,3}$")  # what is left of a number: a few glyphs, no space
# A group row's label as OCR reads it (``1.``, ``v.``, ``IL``, ``|.``) before its title
_UPPER_HEAD = regex.compile(r"^\s*(\d{1,2}|[IVXLivxl|!H]{1,4})\s*[.:|)]?\s+(?=\p{Lu})")
_GROUP_NUMBER = regex.compile(r"^\s*([IVXL]{1,5})\.\s")


def is_mark(text: str, below: str, wide: int) -> bool:
    """Whether the line ``text`` is what OCR left of a number printed alone on its line:
    a few glyphs, not a number (that is read as one), above a line ``below`` that starts a
    cell with a capital and is at least ``wide`` characters (as wide as the task column)."""
    text, below = text.strip(), below.strip()
    return bool(_MARK.match(text)) and not text.isdigit() and wide > 0 \
        and len(below) >= wide and below[:1].isupper()


def upper_group(text: str, previous: str | None) -> str | None:
    """``1. CẢI CÁCH THỂ CHẾ`` -> ``I. CẢI CÁCH THỂ CHẾ``: a short label and a title all in
    capitals is a group row (tasks are written in sentence case), its Roman numeral as OCR
    read it (``1.``, ``v.``) or, unreadable (``IL``), the one after the ``previous`` group's;
    None for anything else."""
    m = _UPPER_HEAD.match(text)
    if m is None:
        return None
    title = text[m.end():].strip()
    if not in_capitals(title):
        return None
    label = m.group(1)
    value = int(label) if label.isdigit() else roman_value(label)
    return f"{to_roman(value) if value else next_group(previous)}. {title}"


def group_value(label: str | None) -> int:
    """The value of a group label's numeral (``III. Cải cách ...`` -> 3), 0 when none."""
    m = _GROUP_NUMBER.match(label or "")
    return (roman_value(m.group(1)) or 0) if m else 0


def next_group(label: str | None) -> str:
    """The numeral of the group after the one labelled ``label``."""
    return to_roman(group_value(label) + 1)
