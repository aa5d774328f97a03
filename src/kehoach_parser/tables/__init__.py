"""Tables stage: the appendix task table (Phụ lục) rebuilt into typed task rows.

Contract: ``find_appendix(lines) -> int | None`` (index of the first appendix line: its
``PHỤ LỤC`` title or, absent one, the table header) and ``read_appendix(lines, start) ->
Appendix`` (rows, the table as a whole, warnings, and where the table ends).

The header's vocabulary decides the columns (grammars/tables.yaml, matched on the
OCR-folded text, so restored and unrestored text read alike); the layout decides the reader:

* ``tab`` (tab.py): cells split by tabs, or by ``|`` on both ends of every row;
* ``paragraph`` (paragraph.py): one cell per line, wrapped, not always in column order;
* ``columns`` (columns.py): aligned by spaces, as ``pdftotext -layout`` writes;
* ``ocr`` (ocr.py, flow.py): OCR'd, columns interleaved on a line, or a rule-less table
  whose rows come out as running text.

Every reader hands over cells with the lines they came from; assemble.py derives the typed
fields (timespec.py, money.py, agency.py) and the confidences. A cell no column can take is
reported as an ``unplaced_cell`` warning with its text and span, never put in a column it
does not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..lines import Line, span_of
from ..models import CanhBao, Dong, PhuLuc, SuaDoi
from .assemble import RawRow, build_row, table_confidence, table_model
from .columns import read_columns
from .detect import (
    PIPE_ROW,
    Header,
    detect_layout,
    find_appendix,
    find_header,
    header_at,
    is_end,
    is_title_line,
    physical_lines,
)
from .groups import is_group_name
from .headerless import headerless_reading
from .ocr import read_ocr
from .paragraph import read_paragraph
from .spelling import respell
from .tab import read_tab

__all__ = ["Appendix", "find_appendix", "find_title", "read_appendix", "read_headerless",
           "unread_appendix"]

# (lines, header, begin, end): begin is where the table starts (an OCR'd page may put rows
# above its header), end the index after its last line.
Reader = Callable[[list[Line], Header, int, int], tuple[list[RawRow], list[CanhBao], int]]
_READERS: dict[str, Reader] = {
    "tab": read_tab,
    "paragraph": read_paragraph,
    "ocr": read_ocr,
    "columns": read_columns,
}


@dataclass
class Appendix:
    rows: list[Dong] = field(default_factory=list)
    table: PhuLuc | None = None
    warnings: list[CanhBao] = field(default_factory=list)
    # What the reader's own restoration of the cells changed (an OCR'd grid's cells are
    # restored again, each on its own): in place of the plan's repairs of the same words.
    repairs: list[SuaDoi] = field(default_factory=list)
    # Index (into the lines given) after the table's last line: when a table stands inside
    # the plan, the text from here on is body again.
    end: int | None = None


def find_title(lines: list[Line]) -> int | None:
    """The first appendix title (``PHỤ LỤC``) in ``lines``, for a plan whose appendix yields
    no table under a header."""
    return next((k for k, ln in enumerate(lines) if is_title_line(ln)), None)


def unread_appendix(lines: list[Line], title: int) -> CanhBao:
    """The warning that the plan has an appendix (its title at ``title``) whose header could
    not be read (OCR lost or garbled it) nor its rows, so they are missing, not absent."""
    return CanhBao(ma="no_table_header",
                   thong_diep=f"appendix found ({lines[title].text.strip()}) but no table "
                              "header could be read: its task rows are not extracted",
                   span=span_of(lines, title, title))


def read_headerless(lines: list[Line], title: int) -> Appendix:
    """An appendix whose header OCR lost (the title, then the rows): read as an OCR'd table
    under each column set such tables are printed with (grammars/tables.yaml), keeping the
    reading whose cells best fit their columns' kinds; reported as ``no_table_header``."""
    given = len(lines)
    lines, where = physical_lines(lines)
    found = headerless_reading(lines, where[title], _table_end)
    if found is None:
        return Appendix()
    header, start, end, (raws, warnings, lost) = found
    warnings.insert(0, CanhBao(
        ma="no_table_header",
        thong_diep=f"appendix found ({lines[start].text.strip()}) but no table header could be "
                   f"read: columns taken as {', '.join(header.columns)}, from what the cells are",
        span=span_of(lines, start, start)))
    return _appendix(lines, header, start, end, "ocr", (raws, warnings, lost), where, given)


_PROSE_LINE = 70  # a table of cells one per line or tab-separated has no line this long
# without a tab; two such lines in a row are the body going on after the table


def _outside(text: str, layout: str) -> bool:
    """A line that cannot be part of a table of this layout."""
    if layout == "tab":
        return "\t" not in text and not PIPE_ROW.match(text) and not is_group_name(text)
    return layout == "paragraph" and len(text) >= _PROSE_LINE and "\t" not in text


def _table_end(lines: list[Line], header: Header, layout: str) -> int:
    """Index after the table's last line: a closing line, another appendix's title, or the
    plan's text going on (two lines in a row that no row of this layout has)."""
    body = [k for k in range(header.last + 1, len(lines)) if lines[k].text.strip()]
    for n, k in enumerate(body):
        if is_end(lines[k].text) or is_title_line(lines[k]):
            return k
        if n + 1 < len(body) and _outside(lines[k].text, layout) \
                and _outside(lines[body[n + 1]].text, layout) and header_at(lines, k) is None:
            # a heading just above the text ("IV. TỔ CHỨC THỰC HIỆN") is the text's, not
            # a group row of the table: no row follows it
            while n and "\t" not in lines[body[n - 1]].text \
                    and is_group_name(lines[body[n - 1]].text):
                n -= 1
            return body[n]
    return len(lines)


def read_appendix(lines: list[Line], start: int) -> Appendix:
    given = len(lines)
    lines, where = physical_lines(lines)
    start = where[start]
    header = find_header(lines, start)
    if header is None:
        return Appendix(warnings=[CanhBao(ma="no_table_header",
                                          thong_diep="appendix found but no table header")])
    layout = detect_layout(lines, header)
    end = _table_end(lines, header, layout)
    read = _READERS[layout](lines, header, start, end)
    return _appendix(lines, header, start, end, layout, read, where, given)


def _appendix(lines: list[Line], header: Header, start: int, end: int, layout: str,
              read: tuple[list[RawRow], list[CanhBao], int], where: list[int], given: int
              ) -> Appendix:
    """A reader's rows typed, with the table's confidence and where it ends."""
    raws, warnings, lost = read
    title = lines[start].text.strip() if is_title_line(lines[start]) else None
    raws = [r for r in raws if r.lines]
    respell(raws, lines)
    rows = [build_row(r, lines, header.columns, layout, header.money_unit) for r in raws]
    confidence = table_confidence(rows, raws, header.columns, layout, lost)
    last = max([header.last, *(i for r in raws for i in r.lines)])
    table = table_model(lines, start, last, title, layout, header.columns, confidence)
    # back to an index into the lines as given (pieces of one line were joined)
    end_given = next((k for k, w in enumerate(where) if w >= end), given)
    return Appendix(rows=rows, table=table, warnings=warnings, end=end_given,
                    repairs=[r for raw in raws for r in raw.repairs])
