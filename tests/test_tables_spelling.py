"""An OCR'd table's deadline and agency cells spelled as their column's vocabulary writes
them, each change listed. Text written for these tests."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables.assemble import RawRow
from kehoach_parser.tables.spelling import respell


def _row(*cells: tuple[str, str | None]) -> tuple[RawRow, list[Line]]:
    """A row whose deadline cell is printed over lines (restored text, printed text)."""
    row, lines = RawRow(), []
    for n, (text, orig) in enumerate(cells):
        lines.append(Line(f"Sở Nội vụ {text}", 10 + n, orig=None if orig is None
                          else f"S6 Noi vu {orig}"))
        row.add("thoi_gian", text, n)
    return row, lines


def _table(*rows: list[tuple[str, str | None]]) -> tuple[list[RawRow], list[Line]]:
    """Rows as ``_row`` makes them, one below the other."""
    out, lines = [], []
    for cells in rows:
        row, mine = _row(*cells)
        for p in row.cells["thoi_gian"]:
            p.index += len(lines)
        lines += [Line(ln.text, ln.line + len(lines), orig=ln.orig) for ln in mine]
        out.append(row)
    return out, lines


def _cell(row: RawRow) -> str | None:
    return row.text("thoi_gian")


def test_a_deadline_word_restored_as_another_word_is_respelled_and_listed() -> None:
    row, lines = _row(("Thắng 9/2030", "Thang 9/2030"))
    respell([row], lines)
    assert _cell(row) == "Tháng 9/2030"
    [fix] = row.repairs
    assert (fix.goc, fix.moi, fix.span.line, fix.span.column) == ("Thang", "Tháng", 10, 11)


def test_a_quarter_ocr_read_in_digits_is_written_in_roman_numerals() -> None:
    (one, two), lines = _table([("Quỹ 1/2030", "Quy 1/2030")],
                               [("Quỹ", "Quy"), ("11/2030", "11/2030")])  # over two lines
    respell([one, two], lines)
    # "11" is no quarter: II; so the table writes quarters in Roman numerals, and "1" is I
    assert (_cell(one), _cell(two)) == ("Quý I/2030", "Quý II/2030")


def test_a_quarter_in_digits_stays_where_the_table_writes_quarters_so() -> None:
    (one, three), lines = _table([("Quỹ 1/2030", "Quy 1/2030")], [("Quý 3/2030", "Quy 3/2030")])
    respell([one, three], lines)
    assert (_cell(one), _cell(three)) == ("Quý 1/2030", "Quý 3/2030")


def test_clean_cells_and_other_words_are_left_as_printed() -> None:
    clean, lines = _row(("Quí I/2030", None))  # a clean plan's spelling is its own
    respell([clean], lines)
    assert _cell(clean) == "Quí I/2030" and not clean.repairs
    regulated, lines = _row(("Theo quy định", "Theo quy dinh"))  # "quy định": no quarter
    respell([regulated], lines)
    assert _cell(regulated) == "Theo quy định" and not regulated.repairs
    both, lines = _row(("Hàng quỹ và năm 2030", "Hang quy va nam 2030"))  # hàng/hằng: as is
    respell([both], lines)
    assert _cell(both) == "Hàng quý và năm 2030"


def test_an_agency_name_restored_otherwise_is_spelled_as_the_grammar_names_it() -> None:
    row, lines = RawRow(), [Line("Số Thông tin và", 20, orig="S6 Thong tin va"),
                            Line("Truyền thống; Các sở, ban,nganh", 21,
                                 orig="Truyén thong; Cac so, ban,nganh")]
    row.add("phoi_hop", "Số Thông tin và", 0)
    row.add("phoi_hop", "Truyền thống", 1)
    row.add("phoi_hop", "Các sở, ban,nganh", 1, new_item=True)
    respell([row], lines)
    # a name over two lines, and one OCR ran on over its comma
    assert row.text("phoi_hop") == "Sở Thông tin và Truyền thông; Các sở, ban, ngành"
    assert [(r.span.line, r.goc, r.moi) for r in row.repairs] == [
        (20, "S6", "Sở"), (21, "thong", "thông"), (21, "ban,nganh", "ban, ngành")]
    # a task cell is running text: left as restored
    task, lines = RawRow(), [Line("Số hóa hồ sơ", 30, orig="S6 hoa ho so")]
    task.add("nhiem_vu", "Số hóa hồ sơ", 0)
    respell([task], lines)
    assert task.text("nhiem_vu") == "Số hóa hồ sơ" and not task.repairs


def test_a_quarter_printed_as_the_roman_one_is_evidence_too() -> None:
    (one, other), lines = _table([("Quý I/2030", "Quy I/2030")], [("Quỹ 1/2031", "Quy 1/2031")])
    respell([one, other], lines)
    assert _cell(other) == "Quý I/2031"
