"""An appendix whose header OCR lost entirely: its title, then its rows. Such tables are
printed with few column sets (grammars/tables.yaml, ``headerless_columns``); the rows are
read as an OCR'd table under each, and the reading whose cells best fit their columns'
kinds (a deadline in the time column, an amount in the budget column, agencies in the
agency columns, a deliverable in its column) is kept. The caller reports that the columns
were inferred.
"""

from __future__ import annotations

from collections.abc import Callable

from ..lines import Line
from ..models import CanhBao
from .assemble import RawRow
from .detect import FLOW_ROW_START, Header
from .groups import is_group_name
from .header import grammar
from .kindfit import fit
from .ocr import read_ocr

Read = tuple[list[RawRow], list[CanhBao], int]
TableEnd = Callable[[list[Line], Header, str], int]

_MIN_ROWS = 2  # rows a reading must give to count: one row says nothing of the columns


def headerless_reading(lines: list[Line], title: int, table_end: TableEnd
                       ) -> tuple[Header, int, int, Read] | None:
    """(the inferred header, where the table starts, where it ends, the reader's rows) for
    the appendix titled at ``title``, or None when no column set reads its rows well."""
    first_row = next((k for k in range(title + 1, len(lines))
                      if FLOW_ROW_START.match(lines[k].text.strip())
                      or is_group_name(lines[k].text.strip())), None)
    if first_row is None:
        return None
    best: tuple[float, Header, int, Read] | None = None
    sets = grammar()["headerless_columns"]
    assert isinstance(sets, list)
    for columns in sets:
        header = Header(first_row - 1, first_row - 1, list(columns))
        end = table_end(lines, header, "ocr")
        read = read_ocr(lines, header, first_row, end)
        rows = [r for r in read[0] if r.lines]
        if len(rows) < _MIN_ROWS:
            continue
        score = fit(rows, header.columns)
        if best is None or score > best[0]:
            best = (score, header, end, read)
    if best is None or best[0] <= 0:
        return None
    return best[1], title, best[2], best[3]
