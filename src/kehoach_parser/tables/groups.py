"""Group rows (the reform area tasks are listed under) and task numbering, shared by the
readers: a group's name may be cut by a page break, and a group cell printed vertically
centred in a merged cell lands on the second row of its group, not the first."""

from __future__ import annotations

import regex

from ..structure.headings import roman_value, to_roman
from .assemble import RawRow
from .classify import GROUP_NUMBER, TASK_NUMBER

_ROMAN = regex.compile(r"^\s*[IVXL]{1,5}\s*[.|:\-–)]")
# A Roman numeral as OCR damages it, before a stop and a capital: its I read as a bar, an l,
# an i or a 1, its V or X in lower case or doubled (``|. Cải cách``, ``Il.``, ``Iv.``,
# ``Vv.``), its stop read as a comma (``Ill,``); read back only when it then is a numeral.
_OCR_ROMAN = regex.compile(r"^(\s*)([IVXLivxl|1]{1,5}|Vv|Xx)\s*([.,:\-–)])(?=\s*\p{Lu})")
_LETTER = regex.compile(r"^\s*[A-H]\s*[.)]\s+(?=\p{Lu})")
_OCR_MARK = regex.compile(r"[|livx1]")
_CAPS_SHARE = 0.8  # of a title's letters: a group's title in capitals
_MIN_TITLE_WORDS = 2
_DOUBLED = {"Vv": "V", "Xx": "X"}
# The table's left ruling before a group's numeral (``| V. Xây dựng``; ``|. Cải cách`` is
# the numeral I itself).
_RULING = regex.compile(r"^\s*\|\s+(?=[IVXL])")
# A group column's numeral, specks before it (``(1. Cải cách``, ``'Vil. Công tác``).
_CELL_NUMERAL = regex.compile(r"^[\s|(\[{'‘’`]*([IVXLivxl|1]{1,5}|Vv|Xx)\s*[.,:\-–)]\s*(?=\p{L})")
_LOST_NUMBERS = 2  # row numbers OCR may lose in a row, the next one still read


def _read_numeral(text: str) -> str:
    text = _RULING.sub("", text)
    m = _OCR_ROMAN.match(text)
    if not m or not (_OCR_MARK.search(m.group(2)) or m.group(3) == ","):
        return text
    # "1. Rà soát" is a task's number; "1. CẢI CÁCH THỦ TỤC" a group's I, its title in capitals
    if "1" in m.group(2) and not in_capitals(text[m.end():]):
        return text
    value = roman_value(_DOUBLED.get(m.group(2), m.group(2)))  # as the heading tree reads it
    return f"{m.group(1)}{to_roman(value)}.{text[m.end():]}" if value else text


def in_capitals(title: str) -> bool:
    """Whether ``title`` (two words or more) is written in capitals, as group titles are
    (tasks are in sentence case), a few read as small letters by OCR (``CAl CACH``)."""
    letters = [ch for ch in title if ch.isalpha()]
    return len(title.split()) >= _MIN_TITLE_WORDS and \
        sum(ch.isupper() for ch in letters) >= _CAPS_SHARE * len(letters)


def next_row_number(last: int, number: int) -> bool:
    """Whether a printed row number goes on from the ``last`` one: the next, or, once rows
    have started, one or two past it (OCR lost the numbers between: read as "y", dropped as
    noise), so the rows after a lost number are still read."""
    return last < number <= last + 1 + _LOST_NUMBERS * (last > 0)


def _lettered(text: str) -> regex.Match[str] | None:
    """``A. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH``: a group lettered, its title in capitals (a task's
    text, in sentence case, is never numbered with a capital letter)."""
    m = _LETTER.match(text)
    return m if m and in_capitals(text[m.end():]) else None


def is_group_name(text: str) -> bool:
    """``I. Cải cách thể chế`` / ``V | CẢI CÁCH TÀI CHÍNH CÔNG``: a Roman-numbered heading,
    or a lettered one (``A. CẢI CÁCH HÀNH CHÍNH``)."""
    text = _read_numeral(text)
    return (bool(_ROMAN.match(text)) and bool(GROUP_NUMBER.match(text))) \
        or _lettered(text) is not None


def group_label(text: str) -> str:
    """A group row as ``<number>. <title>``: ``V | CẢI CÁCH`` -> ``V. CẢI CÁCH``."""
    text = _read_numeral(text)
    m = _ROMAN.match(text) or _lettered(text)
    if not m:
        return text.strip()
    return f"{m.group().rstrip('.|:-–) ').strip()}. {text[m.end():].strip()}"


def group_cell(text: str, expected: int | None = None) -> tuple[str, bool]:
    """A group column's cell as ``<number>. <title>``, and whether it starts with a numeral.
    In that column the numeral is read leniently: a ``1`` or ``l`` there is an I (the task's
    number is in the next column), a bracket before it a speck, an ``L`` an I misread when
    it is not a numeral (``IIL.``) or when the ``expected`` one, the group after the one
    above, is read so (``L.`` for the first group's I)."""
    m = _CELL_NUMERAL.match(text)
    if m:
        raw = _DOUBLED.get(m.group(1), m.group(1))
        value, misread = roman_value(raw), roman_value(raw.replace("L", "I"))
        if value is None or (misread is not None and misread == expected):
            value = misread
        if value:
            return f"{to_roman(value)}. {text[m.end():].strip()}", True
    return group_label(text), is_group_name(text)


def split_number(text: str) -> tuple[str | None, str]:
    """``1. Ban hành ...`` -> ``("1", "Ban hành ...")``; text without a number is kept."""
    m = TASK_NUMBER.match(text)
    if not m:
        return None, text.strip()
    return m.group(1), text[m.end():].strip()


def _number(stt: str | None) -> int | None:
    if stt is None:
        return None
    head = stt.split(".")[0]
    return int(head) if head.isdigit() else None


def fix_centred_groups(rows: list[RawRow], starts: list[bool]) -> None:
    """Move a group's start up to the row where its numbering restarts.

    ``starts[i]`` says row i carried the group cell. When rows ``..., 1, 2`` have the group
    cell on the ``2`` and the ``1`` has none, the ``1`` (numbering restarted) belongs to it.
    """
    for i in range(1, len(rows) - 1):
        nxt = rows[i + 1]
        if starts[i] or not starts[i + 1]:
            continue
        here, after, before = _number(rows[i].stt), _number(nxt.stt), _number(rows[i - 1].stt)
        if here == 1 and after == 2 and before is not None and before >= 1:
            rows[i].nhom = nxt.nhom
            starts[i], starts[i + 1] = True, False


def _is_parent(row: RawRow, child: RawRow) -> bool:
    """``1`` above ``1.1``: ``child``'s number goes on from ``row``'s."""
    return bool(row.stt and child.stt) and child.stt.rstrip(".").startswith(  # type: ignore[union-attr]
        row.stt.rstrip(".") + ".")  # type: ignore[union-attr]


def parents_as_groups(rows: list[RawRow]) -> list[RawRow]:
    """A row that only names what its sub-tasks (``1.1``, ``1.2``) are grouped under -- a
    number and a title in a merged cell, no deliverable, agency or deadline of its own --
    is their group row (``1. Công tác tuyên truyền``), as a Roman-numbered one is. Under a
    group row already, it stays a row: the table's groups are the outer ones."""
    out: list[RawRow] = []
    for k, row in enumerate(rows):
        children = k + 1 < len(rows) and _is_parent(row, rows[k + 1])
        if children and row.nhom is None and set(row.cells) <= {"nhiem_vu"}:
            label = f"{row.stt.rstrip('.')}. {row.text('nhiem_vu') or ''}".strip()  # type: ignore[union-attr]
            for child in rows[k + 1:]:
                if not _is_parent(row, child):
                    break
                child.nhom = label
            continue
        out.append(row)
    return out
