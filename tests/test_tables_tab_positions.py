"""A tab-separated row with one field a column (its empty ones included) is read by
position, even where its text alone reads as another column's."""

from __future__ import annotations

from kehoach_parser import parse

PLAN = "\n".join([
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
    "I. MỤC ĐÍCH, YÊU CẦU",
    # the body: an appendix past the lines a document header can be on
    *["Nâng cao hiệu quả công tác cải cách hành chính trên địa bàn huyện."] * 30,
    "",
    "PHỤ LỤC",
    "Nhiệm vụ chung\tNhiệm vụ cụ thể\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian",
    "Cải cách thể chế\t1. Rà soát văn bản quy phạm pháp luật\t- Báo cáo\tPhòng Tư pháp\t"
    "Các phòng\tQuý I/2024",
    # a sub-task under task 1: its text reads like a deliverable, its place says task
    "\t- Kế hoạch theo dõi thi hành pháp luật năm 2024\t\t\t\tTrước ngày 30/01/2024",
    "\t2. Kiểm tra việc thi hành pháp luật\tBáo cáo\tPhòng Tư pháp\tCác phòng\tQuý III/2024",
])


def test_a_sub_task_in_the_task_column_stays_there() -> None:
    rows = parse(PLAN + "\n").phu_luc
    assert [r.stt for r in rows] == ["1", None, "2"]
    sub = rows[1]
    assert sub.nhiem_vu == "- Kế hoạch theo dõi thi hành pháp luật năm 2024"
    assert sub.san_pham is None and sub.thoi_gian == "Trước ngày 30/01/2024"
