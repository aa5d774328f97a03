"""An OCR'd grid whose first column is the group's (``Nhiệm vụ chung``: the reform area,
printed on its group's first row only, its cell merged down over the group's rows) and
whose tasks are numbered inside their own cell (``1.``, ``2.``, restarting in each group),
with no row number column.

Such a grid's rows do not start with a number at the line start: a row's first line holds
the group's fragment when the row opens a group (``I. Cải cách | 1. Ban hành ...``, or the
end of a long group title wrapped past its first row) and then the task number. The rows
are the lines whose task column starts with a number (``task_starts``), in a sequence that
goes up one by one and restarts at 1, so a number in a task's text is no row. The group
column's text is read as the grid's other cells are; ``carry_groups`` then gives each row
its group's title, a title starting at its Roman numeral and taking the group column's
text of the rows below it.
"""

from __future__ import annotations

from dataclasses import replace

import regex

from ..lines import Line
from .assemble import RawRow
from .gridline import Word
from .groups import fix_centred_groups, group_cell

# A task number, ``2.`` (its stop read as a comma at times, or lost), before the task's
# capital; not a date's or an amount's digits.
_TASK = regex.compile(r"(?<![\w/.,:%-])(\d{1,2})(?:\s*([.,])\s*|\s+)(?=\p{Lu})")
# The group column is narrow: its fragment on a line is a few words at most.
_GROUP_WORDS = 5
_WORD = regex.compile(r"\w+")
_LOST = 1  # task numbers OCR may lose between two it read


def _candidate(text: str) -> tuple[int, int, bool] | None:
    """(number, start, whether its stop was lost) of the task number on a line, after the
    group column's fragment when the line has one: the last number a few words from the
    line's start (``(1. Cải cách | 1. Ban hành``: the group's numeral I read as a 1 comes
    first)."""
    found = None
    for m in _TASK.finditer(text):
        if len(_WORD.findall(text[:m.start()])) > _GROUP_WORDS:
            break
        found = (int(m.group(1)), m.start(), m.group(2) is None)
    return found


def opens_group(text: str) -> bool:
    """Whether a row's first line holds words before its task number: the group column's."""
    found = _candidate(text)
    return found is None or bool(_WORD.search(text[:found[1]]))


def ruled_at_number(ws: list[Word], text: str) -> list[Word]:
    """The words of a row's first line ``text`` with a ruling before its task number, after
    the group column's fragment: the group cell ends there, whether OCR kept the ruling or
    not (``VII. Công 2. Xây dựng``)."""
    found = _candidate(text)
    if found is None or not opens_group(text):
        return ws
    return [replace(w, mark=True) if w.start <= found[1] < w.start + len(w.text) + 1 else w
            for w in ws]


def task_starts(lines: list[Line], body: list[int]) -> dict[int, str]:
    """The lines that start a row: their task number, the longest run of numbers that go
    up one by one or start again at 1 (one lost at most: a group's ``2.`` after its ``1.``
    OCR lost), so a stray number (a decree's article, a level ``3, 4``) starts no row. A
    number whose stop OCR lost (``4 Tiếp tục``) only goes on from the number right before
    it (a run never starts at one, nor skips to one)."""
    cands = [(i, c[0], c[2]) for i in body if (c := _candidate(lines[i].text)) and c[0] > 0]
    best = [-len(cands) if bare else 1 for _, _, bare in cands]
    back: list[int | None] = [None] * len(cands)
    for k, (_, n, bare) in enumerate(cands):
        for j in range(k):
            m = cands[j][1]
            follows = n == m + 1 if bare else n <= 1 + _LOST or m < n <= m + 1 + _LOST
            if follows and best[j] > 0 and best[j] + 1 > best[k]:
                best[k], back[k] = best[j] + 1, j
    if not cands or max(best) <= 0:
        return {}
    at: int | None = max(range(len(cands)), key=lambda x: (best[x], -x))
    out: dict[int, str] = {}
    while at is not None:
        out[cands[at][0]] = str(cands[at][1])
        at = back[at]
    return out


def carry_groups(rows: list[RawRow]) -> None:
    """Each row's group from the group column (``nhom``) read as a cell: a title starts at
    a Roman numeral, or where the task numbers start again at 1 beside a group fragment (a
    numeral OCR garbled: ``wv Cải cách``), and goes on over the group column's text of the
    rows below it, and is
    every row's of the group; the task number is taken out of the task cell. A group cell
    printed beside the second row of its group (centred in its merged cell) is moved up
    to the row where the numbering restarts (groups.fix_centred_groups)."""
    titles: list[list[str]] = []
    member: list[int | None] = []
    starts: list[bool] = []
    for row in rows:
        text = row.text("nhom")
        row.cells.pop("nhom", None)
        label, numbered = group_cell(text, len(titles) + 1) if text else ("", False)
        # a numeral opens a group; so does a group fragment where the numbering restarts
        opens = bool(text) and (numbered or row.stt == "1")
        if opens or (text and not titles):
            titles.append([label])
        elif text:
            titles[-1].append(text)
        member.append(len(titles) - 1 if titles else None)
        starts.append(opens)
        task = row.cells.get("nhiem_vu")
        if task and row.stt and (m := regex.match(
                rf"\W*{row.stt}(?:\s*[.,]\s*|\s+)(?=\p{{L}})", task[0].text)):
            task[0].text = task[0].text[m.end():]
    for row, g in zip(rows, member, strict=True):
        if g is not None:  # else the group row above it, if any, stands
            row.nhom = " ".join(titles[g])
    fix_centred_groups(rows, starts)
