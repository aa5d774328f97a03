"""Appendix tables as other provinces print them: quarter / month lists sharing a year,
agencies named with their district's level, lettered groups, sub-tasks numbered ``1.1``
under a parent row, agency names wrapped at their dash (samples/10-12)."""

from __future__ import annotations

import pytest

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix
from kehoach_parser.tables.agency import split_agencies
from kehoach_parser.tables.assemble import RawRow
from kehoach_parser.tables.groups import group_label, is_group_name, parents_as_groups
from kehoach_parser.tables.timespec import parse_time, time_coverage


def _lines(text: str) -> list[Line]:
    return [Line(t, k + 1, 1) for k, t in enumerate(text.split("\n"))]


def _periods(text: str) -> list[tuple[str, str, str]]:
    return [(t.loai, str(t.tu), str(t.den)) for t in parse_time(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Tháng 6 và tháng 12/2024", [("thang", "2024-06-01", "2024-06-30"),
                                  ("thang", "2024-12-01", "2024-12-31")]),
    ("Tháng 3, 6 và 9/2025", [("thang", "2025-03-01", "2025-03-31"),
                              ("thang", "2025-06-01", "2025-06-30"),
                              ("thang", "2025-09-01", "2025-09-30")]),
    ("Quý I và quý III/2024", [("quy", "2024-01-01", "2024-03-31"),
                               ("quy", "2024-07-01", "2024-09-30")]),
    ("Quý II, III/2023", [("quy", "2023-04-01", "2023-06-30"),
                          ("quy", "2023-07-01", "2023-09-30")]),
    # one period each: not lists
    ("Quý I/2023 - Tháng 11/2023", [("quy", "2023-01-01", "2023-03-31"),
                                    ("thang", "2023-11-01", "2023-11-30")]),
    ("Tháng 12/2024", [("thang", "2024-12-01", "2024-12-31")]),
])
def test_quarters_and_months_sharing_one_year(text: str, expected: list[tuple[str, str, str]]
                                               ) -> None:
    assert _periods(text) == expected


def test_a_month_list_is_all_time() -> None:
    assert time_coverage("Tháng 6 và tháng 12/2024") > 0.9


@pytest.mark.parametrize(("cell", "names"), [
    ("Phòng Tư pháp thị xã; Phòng Nội vụ", ["Phòng Tư pháp", "Phòng Nội vụ"]),
    ("Phòng Văn hóa và Thông tin thành phố", ["Phòng Văn hóa và Thông tin"]),
    # "có liên quan" says which ones: kept, as for "Các cơ quan có liên quan"
    ("Các cơ quan, đơn vị có liên quan", ["Các cơ quan, đơn vị có liên quan"]),
    ("Các cơ quan, đơn vị; UBND các xã, thị trấn", ["Các cơ quan, đơn vị",
                                                   "UBND các xã, thị trấn"]),
])
def test_agency_names(cell: str, names: list[str]) -> None:
    assert split_agencies(cell) == names


def test_lettered_group_in_capitals() -> None:
    assert is_group_name("A. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    assert group_label("B) CHUYỂN ĐỔI SỐ") == "B. CHUYỂN ĐỔI SỐ"
    assert not is_group_name("A. Tổ chức hội nghị")  # sentence case: no group


def _row(stt: str, **cells: str) -> RawRow:
    row = RawRow(stt=stt)
    for col, text in cells.items():
        row.add(col, text, 0)
    return row


def test_a_parent_row_without_cells_is_its_sub_tasks_group() -> None:
    rows = [_row("1", nhiem_vu="Công tác tuyên truyền"),
            _row("1.1", nhiem_vu="Xây dựng chuyên mục", chu_tri="Phòng Nội vụ"),
            _row("1.2", nhiem_vu="Tổ chức hội thi", chu_tri="Phòng Nội vụ"),
            _row("2", nhiem_vu="Kiểm tra", chu_tri="Phòng Nội vụ")]
    out = parents_as_groups(rows)
    assert [(r.stt, r.nhom) for r in out] == [
        ("1.1", "1. Công tác tuyên truyền"), ("1.2", "1. Công tác tuyên truyền"), ("2", None)]


def test_a_parent_row_with_cells_of_its_own_stays_a_row() -> None:
    rows = [_row("1", nhiem_vu="Rà soát", chu_tri="Phòng Tư pháp"),
            _row("1.1", nhiem_vu="Rà soát văn bản", chu_tri="Phòng Tư pháp")]
    assert [r.stt for r in parents_as_groups(rows)] == ["1", "1.1"]


PARAGRAPH = """PHỤ LỤC
TT
Nội dung
Sản phẩm
Cơ quan chủ
trì
Thời gian
hoàn thành
1
Công tác tuyên truyền
1.1
Xây dựng chuyên mục cải cách
hành chính trên Trang thông tin
Chuyên mục
Phòng Văn hóa và
Thông tin
Hằng quý
1.2
Tuyên truyền về dịch vụ công
trực tuyến trên hệ thống truyền
thanh cơ sở
- Tin, bài;
- Báo cáo
UBND các xã,
phường
6 tháng đầu năm
2024"""


def test_one_cell_per_line_sub_tasks_under_a_numbered_group() -> None:
    lines = _lines(PARAGRAPH)
    app = read_appendix(lines, find_appendix(lines))
    assert [(r.stt, r.nhom) for r in app.rows] == [("1.1", "1. Công tác tuyên truyền"),
                                                   ("1.2", "1. Công tác tuyên truyền")]
    second = app.rows[1]
    assert second.san_pham_ds == ["Tin, bài", "Báo cáo"]
    assert second.san_pham == "- Tin, bài; - Báo cáo"  # the item's own ";" not doubled
    assert second.chu_tri == "UBND các xã, phường"
    assert second.thoi_gian == "6 tháng đầu năm 2024"
    assert not app.warnings


COLUMNS = """PHỤ LỤC

 Số    Tên nhiệm vụ                      Sản phẩm            Đơn vị thực hiện    Thời gian
 TT                                                                              hoàn thành
 A. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH
 1     Rà soát, cập nhật sổ hộ tịch và   Báo cáo             Công chức Tư pháp   Trước
       hồ sơ chứng thực                                      - Hộ tịch           31/12/2025
 B. NHIỆM VỤ CHUYỂN ĐỔI SỐ
 2     Hướng dẫn người dân nộp hồ sơ     - Kế hoạch          Phòng Nội vụ        Năm 2025
       trực tuyến                        - Báo cáo           - Phòng Tư pháp"""


def test_columns_lettered_groups_and_a_name_wrapped_at_its_dash() -> None:
    lines = _lines(COLUMNS)
    app = read_appendix(lines, find_appendix(lines))
    one, two = app.rows
    assert (one.nhom, one.nhiem_vu) == ("A. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
                                        "Rà soát, cập nhật sổ hộ tịch và hồ sơ chứng thực")
    assert one.don_vi_chu_tri == ["Công chức Tư pháp - Hộ tịch"]
    assert two.nhom == "B. NHIỆM VỤ CHUYỂN ĐỔI SỐ"
    assert two.san_pham_ds == ["Kế hoạch", "Báo cáo"]
    # a dash before another agency is a second item, not a wrapped name
    assert two.don_vi_chu_tri == ["Phòng Nội vụ", "Phòng Tư pháp"]


TAB = "\n".join([
    "PHỤ LỤC",
    "TT\tNội dung\tSản phẩm\tCơ quan chủ trì\tThời gian",
    "1\tCông tác tuyên truyền",
    "1.1\tXây dựng chuyên mục\tChuyên mục\tPhòng Nội vụ\tHằng quý",
    "1.2\tTổ chức hội thi\tKế hoạch\tPhòng Nội vụ\tQuý II/2024",
    "2\tKiểm tra công vụ\tThông báo\tPhòng Nội vụ\tQuý III/2024",
])


def test_tab_sub_tasks_under_a_numbered_group() -> None:
    lines = _lines(TAB)
    app = read_appendix(lines, find_appendix(lines))
    assert [(r.stt, r.nhom) for r in app.rows] == [
        ("1.1", "1. Công tác tuyên truyền"), ("1.2", "1. Công tác tuyên truyền"), ("2", None)]
