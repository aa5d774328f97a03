"""Whitespace-aligned tables whose first column is the reform area, printed once per group
(a merged cell), with the tasks numbered inside the task cell."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix

# columns at 0, 19, 56, 77, 96 (as pdftotext -layout sets a ruled table's cells)
LAYOUT = "\n".join([
    "PHỤ LỤC",
    "Nhiệm vụ chung     Nhiệm vụ cụ thể                      Sản phẩm             "
    "Cơ quan chủ trì    Thời gian",
    "",
    "I. Cải cách thể    1. Rà soát văn bản quy phạm pháp     - Kế hoạch - Báo     "
    "Phòng Tư pháp      - Quý I/2024 -",
    "chế                luật của huyện                       cáo                  "
    "                   Tháng 12/2024",
    "",
    "                   2. Kiểm tra việc thi hành pháp       Báo cáo              "
    "Phòng Tư pháp      Quý III/2024",
    "                   luật",
    "",
    "II. Cải cách tài   Thực hiện cơ chế tự chủ tài chính    Báo cáo kết quả      "
    "Phòng Tài chính    Trong năm 2024",
    "chính công         của đơn vị sự nghiệp",
])


def _read() -> list:
    lines = [Line(t, k + 1, 1) for k, t in enumerate(LAYOUT.split("\n"))]
    return read_appendix(lines, find_appendix(lines)).rows


def test_an_unnumbered_task_beside_a_new_groups_cell_is_a_row_of_its_own() -> None:
    rows = _read()
    assert [(r.stt, r.nhom) for r in rows] == [
        ("1", "I. Cải cách thể chế"), ("2", "I. Cải cách thể chế"),
        (None, "II. Cải cách tài chính công")]
    assert rows[1].nhiem_vu == "Kiểm tra việc thi hành pháp luật"
    assert rows[2].nhiem_vu == "Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp"


def test_a_bulleted_cells_items_on_one_line_are_read_apart() -> None:
    first = _read()[0]
    # joined as the tab-separated and one-cell-per-paragraph readers join them
    assert first.san_pham == "- Kế hoạch; - Báo cáo"
    assert first.thoi_gian == "- Quý I/2024; - Tháng 12/2024"
    assert first.san_pham_ds == ["Kế hoạch", "Báo cáo"]
