"""The one-cell-per-line reader (tables/paragraph.py, tables/marker.py) on tables whose row
numbers and group numerals OCR damaged (text written for these tests)."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix
from kehoach_parser.tables.debris import is_debris
from kehoach_parser.tables.marker import group_value, is_mark, next_group, upper_group

HEAD = ["PHU LUC", "Stt", "Nhiem vu", "San pham", "Co quan chu tri", "Thoi gian"]
# (task lines, deliverable, lead agency, deadline); the tasks wrap at the column's width
ROWS = [(["Ra soat van ban quy pham phap", "luat cua huyen nam 2030"], "Bao cao",
         "Phong Tu phap", "Quy I/2030"),
        (["Kiem tra viec thi hanh phap luat", "tai cac xa, thi tran"], "Ke hoach",
         "Phong Tu phap", "Quy II/2030"),
        (["Tap huan nghiep vu cho can bo", "cong chuc cap xa"], "Lop tap huan",
         "Phong Noi vu", "Quy III/2030")]


def _table(*blocks: list[str]) -> list[Line]:
    text = "\n".join(HEAD + [x for b in blocks for x in b])
    return [Line(t, n + 1) for n, t in enumerate(text.split("\n"))]


def _row(number: str, k: int) -> list[str]:
    task, product, lead, deadline = ROWS[k]
    return [number, *task, product, lead, deadline]


def _read(lines: list[Line]) -> list[tuple[str | None, str | None, str | None, str | None]]:
    rows = read_appendix(lines, find_appendix(lines)).rows
    return [(r.stt, r.nhom, r.nhiem_vu, r.thoi_gian) for r in rows]


def test_row_number_ocr_read_as_a_letter_above_its_task() -> None:
    lines = _table(["I. Cai cach the che"], _row("1", 0), _row("z", 1), _row("3", 2))
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert [(r.stt, r.thoi_gian) for r in rows] == [
        ("1", "Quy I/2030"), ("2", "Quy II/2030"), ("3", "Quy III/2030")]
    assert rows[1].nhiem_vu == "Kiem tra viec thi hanh phap luat tai cac xa, thi tran"
    assert rows[1].do_tin_cay <= 0.5 < rows[0].do_tin_cay  # its number was inferred


def test_group_numeral_ocr_damaged_is_told_from_a_row_number_by_what_follows() -> None:
    # "Hl" above a title and then a row number: a group (the one after I), not a row
    lines = _table(["I", "Cai cach the che"], _row("1", 0), _row("2", 1),
                   ["Hl", "Cai cach thu tuc hanh chinh"], _row("3", 2))
    assert [(stt, nhom) for stt, nhom, _, _ in _read(lines)] == [
        ("1", "I. Cai cach the che"), ("2", "I. Cai cach the che"),
        ("3", "II. Cai cach thu tuc hanh chinh")]


def test_group_numeral_read_as_a_digit_and_a_row_under_it_whose_number_is_lost() -> None:
    lines = _table(["1. CAI CACH THE CHE"], _row("1", 0),
                   ["II. CAI CACH THU TUC HANH CHINH"], _row("", 1)[1:], _row("3", 2))
    assert _read(lines) == [
        ("1", "I. CAI CACH THE CHE", "Ra soat van ban quy pham phap luat cua huyen nam 2030",
         "Quy I/2030"),
        ("2", "II. CAI CACH THU TUC HANH CHINH",
         "Kiem tra viec thi hanh phap luat tai cac xa, thi tran", "Quy II/2030"),
        ("3", "II. CAI CACH THU TUC HANH CHINH", "Tap huan nghiep vu cho can bo cong chuc cap xa",
         "Quy III/2030")]


def test_marks_and_group_titles() -> None:
    wide = "Kiem tra viec thi hanh phap luat"
    assert is_mark("z", wide, 24) and is_mark("£", wide, 24) and is_mark("Hl", wide, 24)
    assert not is_mark("2", wide, 24)  # a number is read as one
    assert not is_mark("môn", "Thường xuyên", 24)  # a cell's last word above a narrow cell
    assert not is_mark("xã", "tai cac xa, thi tran va cac phuong", 24)  # text going on
    assert not is_mark("z", wide, 0)  # no task width known
    assert upper_group("1. CẢI CÁCH THỂ CHẾ", None) == "I. CẢI CÁCH THỂ CHẾ"
    assert upper_group("3. CAL CACH TO CHUC BO MAY", None) == "III. CAL CACH TO CHUC BO MAY"
    assert upper_group("v. CẢI CÁCH TÀI CHÍNH CÔNG", "IV. X") == "V. CẢI CÁCH TÀI CHÍNH CÔNG"
    # a numeral OCR made unreadable: the one after the group before
    assert upper_group("IL CẢI CÁCH THỦ TỤC", "I. CẢI CÁCH THỂ CHẾ") == "II. CẢI CÁCH THỦ TỤC"
    assert upper_group("1. Rà soát văn bản của huyện", None) is None  # a task: sentence case
    assert upper_group("1. TTHC", None) is None
    assert upper_group("UBND CÁC XÃ, THỊ TRẤN", None) is None  # no label: a cell in capitals
    assert group_value("IV. Cải cách chế độ công vụ") == 4 and group_value(None) == 0
    assert next_group("II. Cải cách thủ tục hành chính") == "III" and next_group(None) == "I"


def test_debris_of_a_stamp_is_no_cell_nor_row() -> None:
    assert is_debris("ee oo ee") and is_debris("- Ss SESE: ee ee Oo hs ee oe")
    for cell in ("Van phong HDND", "va UBND huyén", "20.000.000", "Quy II/2030", "thi tran", "-"):
        assert not is_debris(cell), cell
    # between a row's cells, a line of debris (a bulleted one, as wide as the task column,
    # would have been taken for an unnumbered sub-row)
    debris = ["- Ss SESE: ee ee Oo hs ee oe ee Oo hs ee oe", "ee oo ee"]
    lines = _table(_row("1", 0), debris, _row("2", 1), _row("3", 2))
    assert [(stt, t) for stt, _, _, t in _read(lines)] == [
        ("1", "Quy I/2030"), ("2", "Quy II/2030"), ("3", "Quy III/2030")]
