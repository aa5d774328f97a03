"""Tables OCR'd from a page without rulings: each row comes out as running text over one or
more lines (``3 Rà soát ... Quyết định phê duyệt ... Văn phòng UBND tỉnh Các sở, ban, ngành
Trước ngày 30/6/2024 20.000.000 đồng``), its number first, cells separated by one space.

A row starts with the next number in sequence at the start of a line; in a table with an
activity column, a capitalised line after the row's budget closed its line is a further
activity of the same task when it too ends as a row does. A row's cells are peeled off from
the right in the header's order, each by what it is: the budget (an amount, or a funding
source) at the end, or none (a budget cell is often blank), the deadline just before it,
then the co-operating and the lead agency (an agency name starting with a capital, not
continuing a list or a ``của``, or a name the grammar knows as OCR damaged it:
damaged_agency.py), then the deliverable (a capitalised deliverable word after the task's
first words); what is left is the task. Where OCR marked a gap between two cells (``_``,
``=``, ``~``) a cell may start. A cell whose start cannot be found is not guessed: the text
it would have taken is reported, and the row is marked incomplete; the task still ends
where the next cell may start, so the row is not lost with it.
"""

from __future__ import annotations

from itertools import pairwise

import regex

from ..fold import ocr_fold, ocr_fold_with_map
from ..lines import Line, span_of
from ..models import CanhBao
from .agency import find_known_agencies
from .assemble import RawRow, unplaced
from .classify import cell_vocab, deliverables_after_deadlines, open_end, starts_with_any
from .damaged_agency import canonical_agency, find_damaged_agencies
from .detect import FLOW_ROW_START, Header, header_at
from .groups import group_label, is_group_name, next_row_number
from .money import money_spans
from .timespec import time_spans

_SOURCE = regex.compile(r"(?<![a-z])kinh\s*phi\b[\p{L}\s]{0,30}$")
_PEEL_ORDER = ("kinh_phi", "thoi_gian", "phoi_hop", "chu_tri", "san_pham")
_LEFT = ("muc_tieu", "nhiem_vu", "hoat_dong")  # the cells left of the deliverable
_DOTTED_ROW = regex.compile(r"^(\d{1,3})\.\s+(?=\p{Lu})")
_UNSPLIT = 0.5  # a row whose objective, task and activity could not be told apart
_NOISE = " _~—-=|"
# A word; OCR often reads the gap between two cells as "_" ("cấp huyện_Kế hoạch")
_WORD = regex.compile(r"[^\s_]+")
_MARKS = "_~=|"  # what OCR reads a wide gap as: between two cells, never inside one
_MAX_GAP = 4  # noise OCR leaves between two cells ("__", " ~ ", " = ")
_MIN_TASK_WORDS = 3
_MIN_LETTERS = 0.4  # a line with fewer letters is a damaged numbering row or noise
_FLOW_CONFIDENCE = 0.5
_MAX_AGENCY_WORDS = 14
_MAX_PRODUCT_WORDS = 10  # a deliverable cell found by the gaps around it is this short
_HEAD_SPAN = 40
_NUMBERING_WIDTH = 30  # characters: a header's column numbering, damaged, is this short
_NUMBERING_NUMBERS = 3  # characters: longer than any agency or deliverable head


def _numbering(text: str) -> bool:
    """The header's column numbering (``1 2 3 ... 9``) as OCR damaged it: short, several
    one- or two-digit numbers."""
    numbers = regex.findall(r"(?<![\d/])\d{1,2}(?![\d/])", text)
    return len(text.strip()) <= _NUMBERING_WIDTH and len(numbers) >= _NUMBERING_NUMBERS


def _noise(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    return letters < _MIN_LETTERS * len(text.replace(" ", ""))


def _starts(text: str, words: list[regex.Match[str]], heads: list[str]) -> list[int]:
    """Offsets of capitalised words that start a cell of ``heads`` (not continuing a list)."""
    out = []
    for k, w in enumerate(words):
        lead = len(w.group()) - len(w.group().lstrip(_NOISE))  # "~Hệ thống": noise first
        if not w.group()[lead:lead + 1].isupper():
            continue
        # a cell's first words are enough to tell its kind; folding the rest of the row
        # for every word would cost its length squared
        folded = ocr_fold(text[w.start() + lead:w.start() + lead + _HEAD_SPAN])
        # "Các" as OCR leaves it: cac, cec, cdc
        if not (starts_with_any(folded, heads)
                or starts_with_any(regex.sub(r"^c\w?c\s+", "", folded), heads)):
            continue
        before = " ".join(w.group() for w in words[max(k - 2, 0):k])  # "các cấp" closes
        if k and (open_end(before) or before.endswith(("-", "–"))):
            continue
        out.append(w.start())
    return out


def _marked(text: str, prev: regex.Match[str], word: regex.Match[str]) -> bool:
    """Whether OCR marked the gap between two words as a wide one (``huyện_Kế``, ``= Công``,
    ``~Hệ thống``)."""
    gap = text[prev.end():word.start()] + prev.group()[-1:] + word.group()[:1]
    return any(c in _MARKS for c in gap)


def _task_end(text: str, right: int, vocab: dict[str, list[str]], n_left: int
              ) -> tuple[int, int | None]:
    """Where the cells left of the deliverable end, the deliverable not found from the
    right: at the first deliverable word after the task's first words; failing that, at
    the last gap OCR marked before the first agency name or the cells found (the
    deliverable starts there: a mark is a gap between cells, and the deliverable is the
    cell before the agencies), else at that agency name, else before the last capitalised
    word a cell may start with; 0 when nothing tells. Also where the deliverable starts
    when a mark tells it."""
    words = list(_WORD.finditer(text[:right]))

    def in_row(at: int) -> bool:  # after the task's first words
        return len(text[:at].split()) > _MIN_TASK_WORDS

    products = [p for p in _starts(text, words, vocab["product_heads"]) if in_row(p)]
    if products:
        return _cut(text, products[0]), None
    marks = [w.start() for v, w in pairwise(words)
             if _marked(text, v, w) and w.group().lstrip(_NOISE)[:1].isupper()
             and in_row(w.start())]
    agencies = [a for a in _starts(text, words, vocab["agency_heads"]) if in_row(a)]
    limit = agencies[0] if agencies else right
    before = [m for m in marks if m < limit and len(text[m:limit].split()) <= _MAX_PRODUCT_WORDS]
    if before:
        return _cut(text, before[-1]), before[-1]
    if agencies:
        return _cut(text, agencies[0]), None
    # the last capitalised word a cell may start with: the deliverable's, its head word
    # damaged (``Quyétdinh``); the task then ends before it
    starts = sorted(p for found in _boundaries(text, right) for p in found if in_row(p))
    return (_cut(text, starts[-1]), None) if len(starts) >= n_left else (0, None)


def _names_agency(text: str, a: int, b: int, vocab: dict[str, list[str]]) -> bool:
    """Whether an agency's name starts in ``text[a:b]`` after its first word."""
    cell = text[a:b]
    words = list(_WORD.finditer(cell))[1:]
    return bool(_starts(cell, words, vocab["agency_heads"])
                or any(start > 0 for start, _, _ in find_known_agencies(cell)))


def _after_known(text: str) -> set[int]:
    """Starts of the capitalised words right after an agency name the grammar knows
    ("Văn phòng UBND tỉnh SoTu pháp": a second cell starts at "SoTu"), and of the names it
    knows that OCR damaged ("SON6ivu" for "Sở Nội vụ") unless they go on with a list."""
    out = set()
    damaged = find_damaged_agencies(text)
    for _, end, _ in find_known_agencies(text) + damaged:
        m = regex.match(r"[ _~—=|-]+(?=\p{Lu})", text[end:])
        if m:
            out.add(end + m.end())
    # a name in a list ("Các sở, ban, ngành; UBND cấp huyện") goes on with the cell
    return out | {a for a, _, _ in damaged if not open_end(text[:a])}


def _cut(text: str, at: int) -> int:
    """Where the cell left of position ``at`` ends (OCR noise between cells dropped)."""
    return len(text[:at].rstrip(_NOISE))


def _boundaries(text: str, end: int) -> tuple[list[int], list[int]]:
    """Where a cell may start in ``text[:end]``: a capitalised word (Vietnamese cells are
    sentence case) after a gap OCR marked (``_``, ``=``, a stray ``?``), then the others,
    never inside a name (``Cổng Dịch vụ``; an acronym is no name) nor after a word a cell
    cannot end on."""
    words = list(_WORD.finditer(text[:end]))
    marked: list[int] = []
    plain: list[int] = []
    for k in range(1, len(words)):
        word, prev = words[k].group().lstrip(_NOISE), words[k - 1].group()
        if not word[:1].isupper() or word.isupper():  # lowercase, or an acronym (TTHC)
            continue
        if _marked(text, words[k - 1], words[k]) or prev.rstrip(_NOISE + "?") != prev:
            marked.append(words[k].start())
        elif not ((prev[:1].isupper() and not prev.isupper()) or open_end(prev)):
            plain.append(words[k].start())
    return marked, plain


def _left_cells(text: str, end: int, columns: list[str]) -> dict[str, tuple[int, int]]:
    """The text left of the deliverable: the task, or, in a table with an objective and an
    activity column beside it, those cells in their order. Each cell starts with a capital
    (Vietnamese cells are sentence case); the boundaries taken are first those OCR marked
    (a gap it read as ``_`` or ``?``), then the earliest others, never inside a name
    (``Cổng Dịch vụ``; an acronym is no name) nor after a word a cell cannot end on. Too
    few: the task gets it all (and the caller marks the row incomplete)."""
    cols = [c for c in _LEFT if c in columns]
    if len(cols) < 2:
        return {cols[0] if cols else "nhiem_vu": (0, end)}
    marked, plain = _boundaries(text, end)
    need = len(cols) - 1
    cuts = sorted(marked[:need] + plain[:max(0, need - len(marked))])
    if len(cuts) < need:
        return {"nhiem_vu": (0, end)}
    bounds = [0, *cuts, end]
    return {c: (a, _cut(text, b)) for c, a, b in zip(cols, bounds[:-1], bounds[1:], strict=True)}


def _peel(row: RawRow, text: str, columns: list[str], line_at: list[int],
          lines: list[Line], warnings: list[CanhBao]) -> int:
    """Put the cells of one row's running text in their columns; return characters lost.

    Cells are taken from the right while each is found; once one is not, the cells left of
    it have no known right end, so only the task (up to the deliverable's first word) is
    taken from the left, and the text in between is reported."""
    vocab = cell_vocab()
    right = len(text.rstrip())
    cells: dict[str, tuple[int, int]] = {}
    folded, index = ocr_fold_with_map(text)
    # from the right in the header's order (a deliverable column may be printed last)
    order = [c for c in reversed(columns) if c in _PEEL_ORDER]
    for col in order:
        span: tuple[int, int] | None = None
        if col == "kinh_phi":
            money = [s for s in money_spans(text) if right - s[1] <= _MAX_GAP]
            source = _SOURCE.search(folded)
            if money:
                span = money[-1]
            elif source:
                span = (index[source.start()], right)
        elif col == "thoi_gian":
            times = [s for s in time_spans(text[:right]) if right - s[1] <= _MAX_GAP]
            span = times[-1] if times else None
        else:
            heads = vocab["agency_heads" if col in ("chu_tri", "phoi_hop") else "product_heads"]
            words = list(_WORD.finditer(text[:right]))
            found = [a for a in _starts(text, words, heads)
                     if len(text[:a].split()) > _MIN_TASK_WORDS and a < right]
            if col != "san_pham":  # a known name ends where the next capital starts a cell
                found = sorted(set(found) | _after_known(text[:right]))
            if found:
                # a deliverable left of other cells starts at its first head word; printed
                # last, at its last (the task before it may name a deliverable)
                a = found[-1] if col != "san_pham" or col == order[0] else found[0]
                cell = text[a:right]
                # An agency cell holds no deliverable and is no paragraph: one that does
                # means a cell around it was not found, and it is not trusted.
                if col == "san_pham" or not (len(cell.split()) > _MAX_AGENCY_WORDS or _starts(
                        cell, list(_WORD.finditer(cell)), vocab["product_heads"])):
                    span = (a, right)
        if span is None and col == "kinh_phi" and len(cells) == 0:
            continue  # a budget cell is often left blank: the deadline may end the row
        if span is None:
            break
        cells[col] = span
        right = _cut(text, span[0])
    # The task runs up to the deliverable's first word, found from the left if need be.
    task_end = right
    if "san_pham" in columns and "san_pham" not in cells:
        task_end, product = _task_end(text, right, vocab,
                                      max(1, sum(c in columns for c in _LEFT)))
        after = columns[columns.index("san_pham") + 1:]
        if product is not None and after and after[0] in cells \
                and not _names_agency(text, product, right, vocab):
            # between a marked gap and the next cell (no agency in it: a column the
            # header lost would be)
            cells["san_pham"] = (product, right)
            right = task_end
    lost = 0
    if task_end:
        left = _left_cells(text, task_end, columns)
        if len(left) < sum(c in columns for c in _LEFT):
            row.incomplete = True  # objective, task and activity not told apart
            row.confidence *= _UNSPLIT
        cells.update(left)
    middle = text[task_end:right].strip(_NOISE)
    if middle:
        warnings.append(unplaced(lines, line_at[min(task_end, len(line_at) - 1)], middle,
                                 "cells not told apart"))
        lost += len(middle)
    expected = [c for c in columns if c in _PEEL_ORDER]
    missing = sum(c not in cells for c in expected)
    if missing:
        row.incomplete = True
        row.confidence *= 1 - 0.5 * missing / len(expected)
    for col, (a, b) in sorted(cells.items(), key=lambda kv: kv[1]):
        cell = text[a:b].strip(_NOISE)
        if col in ("chu_tri", "phoi_hop"):
            cell = canonical_agency(cell)
        row.add(col, cell, line_at[min(a, len(line_at) - 1)])
    return lost


def read_flow(lines: list[Line], header: Header, begin: int, end: int
              ) -> tuple[list[RawRow], list[CanhBao], int]:
    columns = header.columns
    rows: list[RawRow] = []
    texts: list[tuple[str, list[int]]] = []  # each row's running text, line index per char
    warnings: list[CanhBao] = []
    group: str | None = None
    last = 0
    restart = False
    parents: list[int | None] = []  # for a further activity's row, its task's row
    i = header.last + 1
    while i < end:
        raw = lines[i].text.strip()
        if (again := header_at(lines, i)) is not None:
            i = again.last + 1
            if i < end and _numbering(lines[i].text):
                i += 1
            continue
        if not raw or _noise(raw):
            i += 1
            continue
        m = FLOW_ROW_START.match(raw)
        if m is None and (d := _DOTTED_ROW.match(raw)) and int(d.group(1)) == last + 1:
            m = d  # "3. Giảm 10% ...": the next number, printed (or OCR'd) with a stop
        if m and any(a == 0 for a, _ in money_spans(raw)):
            m = None  # "5 triệu" wrapped onto a line of its own is an amount, not row 5
        if is_group_name(raw) and not m:
            group, restart = group_label(raw), True
        elif m and (next_row_number(last, int(m.group(1)))
                    or (int(m.group(1)) == 1 and restart)):
            # numbering starts again only under a new group: "1 lần/năm" wrapped onto a
            # line of its own is no row; a number or two OCR lost between (a row whose
            # number it misread) does not stop the rows after it
            last, restart = int(m.group(1)), False
            rows.append(RawRow(stt=m.group(1), nhom=group, confidence=_FLOW_CONFIDENCE))
            parents.append(None)
            body = raw[m.end():]
            texts.append((body, [i] * len(body)))
        elif texts and "hoat_dong" in columns and raw[:1].isupper() and _closed(texts[-1][0]):
            # the row's budget closed its line and a capitalised line follows: a further
            # activity of the task above (kept as one if it ends as a row does)
            parents.append(parents[-1] if parents[-1] is not None else len(rows) - 1)
            rows.append(RawRow(nhom=group, confidence=_FLOW_CONFIDENCE))
            texts.append((raw, [i] * len(raw)))
        elif texts:
            body, where = texts[-1]
            where.extend([i] * (len(raw) + 1))  # in place: a long row stays linear
            texts[-1] = (body + " " + raw, where)
        else:
            warnings.append(unplaced(lines, i, raw, "before the first row"))
        i += 1
    if "san_pham" not in columns and deliverables_after_deadlines([t for t, _ in texts]):
        columns.append("san_pham")  # OCR lost the header's last cell, not its column
        warnings.append(CanhBao(ma="header_incomplete",
                                thong_diep="columns the header does not name, found by their "
                                           "cells: san_pham",
                                span=span_of(lines, header.first, header.last)))
    rows, texts, parents = _activities(rows, texts, parents)
    lost = 0
    own = [c for c in columns if c not in ("muc_tieu", "nhiem_vu")]
    for row, (text, where), parent in zip(rows, texts, parents, strict=True):
        row.lines.update(where)
        lost += _peel(row, text, columns if parent is None else own, where, lines, warnings)
        if parent is not None:  # the objective and the task are printed once, beside all
            for col in ("muc_tieu", "nhiem_vu"):
                if col in rows[parent].cells:
                    row.cells[col] = list(rows[parent].cells[col])
    return rows, warnings, lost


def _closed(text: str) -> bool:
    """Whether a row's text ends with its budget: an amount or a funding source."""
    right = len(text.rstrip(_NOISE))
    return any(right - b <= _MAX_GAP for _, b in money_spans(text)) \
        or bool(_SOURCE.search(ocr_fold(text)))


def _activities(rows: list[RawRow], texts: list[tuple[str, list[int]]],
                parents: list[int | None]
                ) -> tuple[list[RawRow], list[tuple[str, list[int]]], list[int | None]]:
    """Further activities kept as rows of their own only when their text ends as a row's
    does (a deadline or a budget last); any other is the text above going on."""
    out_rows: list[RawRow] = []
    out_texts: list[tuple[str, list[int]]] = []
    out_parents: list[int | None] = []
    index: dict[int, int] = {}  # a row's position before -> after
    for k, (row, (text, where), parent) in enumerate(zip(rows, texts, parents, strict=True)):
        right = len(text.rstrip(_NOISE))
        ends = [b for _, b in money_spans(text) + time_spans(text)]
        if parent is not None and not any(right - b <= _MAX_GAP for b in ends):
            body, before = out_texts[-1]
            before.extend(where[:1] + where)
            out_texts[-1] = (body + " " + text, before)
            continue
        index[k] = len(out_rows)
        out_rows.append(row)
        out_texts.append((text, where))
        out_parents.append(None if parent is None else index[parent])
    return out_rows, out_texts, out_parents

