"""An OCR'd grid whose first column is the group's (``Nhiệm vụ chung``) and whose tasks are
numbered inside their own cell, restarting in each group, with no number column. Text
written for these tests."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix
from kehoach_parser.tables.assemble import RawRow
from kehoach_parser.tables.grid import _inline_items
from kehoach_parser.tables.groupcol import opens_group, task_starts
from kehoach_parser.tables.groups import group_cell
from kehoach_parser.tables.header import match_columns


def _lines(text: str) -> list[Line]:
    return [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]


def test_a_group_cell_cut_over_two_lines_names_the_group_column() -> None:
    # "Nhiệm vụ" / "chung" beside "Nhiệm vụ cụ thể": the first is the group column
    text = "Nhiem vu Nhiem vu cu the San pham Co quan chu tri Thoi gian chung"
    assert [m.column for m in match_columns(text)] == [
        "nhom", "nhiem_vu", "san_pham", "chu_tri", "thoi_gian"]
    # without the wrapped word, a column named twice stays what it says
    assert [m.column for m in match_columns("Nhiem vu Nhiem vu cu the San pham")] == [
        "nhiem_vu", "nhiem_vu", "san_pham"]
    # a column named once is not read as another's by a word further on
    assert [m.column for m in match_columns("Nhiem vu San pham Chu tri chung")] == [
        "nhiem_vu", "san_pham", "chu_tri"]


def test_rows_start_where_the_task_cell_starts_with_its_number() -> None:
    lines = _lines("\n".join([
        "I. Cai cach | 1. Ra soat van ban | Bao cao",   # after the group's fragment
        "the che | theo Nghi dinh so 3. | huyen",        # a number mid-line is no row
        "2. Kiem tra van ban | Ke hoach",                # at the line start
        "(1. Cai cach | 1. Tap huan can bo | Bao cao",  # the group's I read as "(1."
        "4. Dieu 7 cua Luat",                            # out of sequence: no row
    ]))
    assert task_starts(lines, list(range(len(lines)))) == {0: "1", 2: "2", 3: "1"}
    assert opens_group(lines[0].text) and not opens_group(lines[2].text)
    assert opens_group(lines[3].text)


GRID = """PHU LUC
Nhiem vu Nhiem vu cu the San pham Co quan chu | Co quan phoi | Thoi gian thuc
chung tri hop hien
I. Cai cach | 1. Ra soat van ban quy | Bao cao ket qua | Phong Tu phap | Cac co quan | Quy IV/2030
the che | pham phap luat cua huyen | ra soat | | chuyen mon |
2. Theo doi thi hanh phap | - Ke hoach - Bao | Phong Tu phap | UBND cac xa | Thang 11/2030
luat tren dia ban huyen | cao |
II. Cai cach | 1. Cong khai thu tuc hanh | Bao cao | Van phong | UBND cac xa | Thuong xuyen
hanh chinh | chinh tai Bo phan Mot cua | | HDND huyen |
2. Khao sat muc do hai long | Bao cao | Phong Noi vu | Van phong | Quy III/2030
cua nguoi dan | | | HDND huyen |"""


def test_group_column_grid_rows_numbered_in_their_task_cells() -> None:
    lines = _lines(GRID)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.cot[0] == "nhom"
    assert [r.stt for r in app.rows] == ["1", "2", "1", "2"]
    # the group's title, wrapped in its column over the first row's lines, on every row
    assert [r.nhom for r in app.rows] == ["I. Cai cach the che"] * 2 + \
        ["II. Cai cach hanh chinh"] * 2
    first, second = app.rows[0], app.rows[1]
    assert first.nhiem_vu is not None and first.nhiem_vu.startswith("Ra soat van ban quy")
    assert second.nhiem_vu is not None and second.nhiem_vu.startswith("Theo doi thi hanh")
    assert first.chu_tri is not None and first.chu_tri.startswith("Phong Tu phap")
    assert second.thoi_han[0].loai == "thang"
    # a bulleted cell's items run on within its lines are items of their own
    assert second.san_pham == "- Ke hoach; - Bao cao"
    assert app.rows[2].thoi_han[0].loai == "thuong_xuyen"
    assert all(r.do_tin_cay <= 0.5 for r in app.rows)


def test_a_group_cells_numeral_is_read_leniently() -> None:
    # in the group column a 1 is the numeral I, a bracket before it a speck, IIL a III
    assert group_cell("(1. Cai cach the che") == ("I. Cai cach the che", True)
    assert group_cell("IIL. Cai cach to chuc") == ("III. Cai cach to chuc", True)
    assert group_cell("'Vil. Cong tac chi dao") == ("VII. Cong tac chi dao", True)
    # a title's words without a numeral are no group's start by themselves
    assert group_cell("wv Cai cach cong vu")[1] is False


def test_numbering_may_restart_at_two_when_ocr_lost_a_groups_first_task() -> None:
    lines = _lines("\n".join([
        "1. Ra soat van ban", "2. Kiem tra", "3. Tap huan",
        "2. Tinh gian bien che",  # the group's 1. lost: its 2. still starts a row
        "5. Dieu 7 cua Luat",  # no run goes on to 5
    ]))
    assert task_starts(lines, list(range(len(lines)))) == {0: "1", 1: "2", 2: "3", 3: "2"}


def test_a_number_whose_stop_ocr_lost_only_goes_on_from_the_one_before() -> None:
    lines = _lines("\n".join([
        "1. Ra soat van ban", "| 2 Kiem tra van ban",  # right after 1: a row
        "Nam 7 Thang sau",  # no run reaches 7 by one: no row
        "3 Tap huan can bo",
    ]))
    assert task_starts(lines, list(range(len(lines)))) == {0: "1", 1: "2", 3: "3"}
    # a run never starts at a number without its stop
    lines = _lines("\n".join(["2 Kiem tra van ban", "Nam 3 Thang sau"]))
    assert task_starts(lines, [0, 1]) == {}


def test_a_line_ending_on_the_dash_of_the_item_wrapped_below_it() -> None:
    # "- Kế hoạch -" / "Báo cáo": the dash is the second item's bullet
    row = RawRow()
    row.add("san_pham", "- Ke hoach -", 3)
    row.add("san_pham", "Bao cao", 4)
    row.add("chu_tri", "Phong Tu phap - Ke", 3)  # a cell not bulleted is left as it is
    _inline_items(row)
    assert row.text("san_pham") == "- Ke hoach; - Bao cao"
    assert [p.index for p in row.cells["san_pham"]] == [3, 4]
    assert row.text("chu_tri") == "Phong Tu phap - Ke"


def test_an_l_is_read_as_i_where_the_group_sequence_expects_it() -> None:
    assert group_cell("L. Cai cach the che", 1) == ("I. Cai cach the che", True)
    assert group_cell("L. Cai cach the che", 3) == ("L. Cai cach the che", True)


def test_a_group_column_the_header_lost_is_found_by_its_rows() -> None:
    # OCR dropped the header's "Nhiệm vụ chung" cell: tasks numbered in their cells,
    # starting again at 1 beside a group's words, tell the group column is there
    lost = GRID.replace("Nhiem vu Nhiem vu cu the", "Nhiem vu cu the").replace(
        "\nchung tri hop hien", "\ntri hop hien")
    lines = _lines(lost)
    app = read_appendix(lines, find_appendix(lines))
    full = read_appendix(_lines(GRID), find_appendix(_lines(GRID)))
    assert app.table is not None and full.table is not None
    assert app.table.cot == full.table.cot
    assert [(r.stt, r.nhom, r.nhiem_vu) for r in app.rows] == [
        (r.stt, r.nhom, r.nhiem_vu) for r in full.rows]
    assert any(w.ma == "header_incomplete" and "nhom" in w.thong_diep for w in app.warnings)


def test_a_line_of_capitals_inside_a_row_numbered_in_its_cell_is_no_row() -> None:
    # "TCVN ISO 9001:2015 ..." wraps below a task: capitals and cells of its own, but no
    # task number and no group numeral, so it goes on with the row above
    grid = GRID.replace(
        "luat tren dia ban huyen | cao |",
        "luat tren dia ban huyen | cao |\n"
        "TCVN ISO 9001:2015 tai cac co Bao cao ket ISO Theo quy dinh")
    lines = _lines(grid)
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "2", "1", "2"]
