"""A table printed one cell per line without wrapping (a word processor's cells, one
paragraph each), in a group-column shape: the reform area once per group, tasks numbered
inside the task cell, numbering starting again in each group."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix

TABLE = [
    "PHỤ LỤC",
    "Nhiệm vụ chung", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
    "Thời gian thực hiện",
    "1", "2", "3", "4", "5", "6",  # the column numbering row, one number a line
    "I. Cải cách thể chế",
    "1. Rà soát văn bản quy phạm pháp luật do Hội đồng nhân dân và Ủy ban nhân dân huyện "
    "ban hành trong năm",
    "- Kế hoạch - Báo cáo kết quả",  # the row's deliverable, as wide as a task
    "Phòng Tư pháp", "Các cơ quan chuyên môn", "Quý IV/2024",
    "2. Kiểm tra việc thi hành pháp luật", "Báo cáo", "Phòng Tư pháp", "UBND các xã",
    "Tháng 10/2024",
    "II. Cải cách tài chính công",
    "Thực hiện cơ chế tự chủ tài chính của các đơn vị sự nghiệp công lập thuộc huyện",
    "Báo cáo kết quả thực hiện", "Phòng Tài chính - Kế hoạch", "Các đơn vị sự nghiệp",
    "Trong năm 2024",
]


def _rows() -> list:
    lines = [Line(t, k + 1, 1) for k, t in enumerate(TABLE)]
    return read_appendix(lines, find_appendix(lines)).rows


def test_the_numbering_row_one_number_a_line_is_no_rows() -> None:
    assert [r.stt for r in _rows()] == ["1", "2", None]


def test_a_wide_bulleted_deliverable_is_its_rows_own() -> None:
    first = _rows()[0]
    assert first.san_pham_ds == ["Kế hoạch", "Báo cáo kết quả"]
    assert (first.chu_tri, first.thoi_gian) == ("Phòng Tư pháp", "Quý IV/2024")


def test_a_task_under_a_groups_numbered_cell_is_a_row_unnumbered() -> None:
    last = _rows()[-1]
    assert last.nhom == "II. Cải cách tài chính công"
    assert last.nhiem_vu is not None and last.nhiem_vu.startswith("Thực hiện cơ chế tự chủ")
    assert last.chu_tri == "Phòng Tài chính - Kế hoạch"
