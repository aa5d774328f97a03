"""Whatever follows a table header, reading it never fails and never invents text: every
cell of every row is text of the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach_parser.lines import Line
from kehoach_parser.tables import read_appendix

HEADERS = [
    "Nhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian",
    "Stt | 1- Mục tiêu 2- Nhiệm vụ 3- Hoạt động 5-Chủ trì | 6-Phối hợp 7-Thời gian",
    "TT    Nhiệm vụ            Sản phẩm      Chủ trì       Phối hợp      Thời gian",
    "Nhiệm vụ cụ thể Sản phẩm Cơ quan chủ trì Cơ quan phối hợp Thời gian",
]
PIECES = ["1.", "2", "I. Cải cách", "- Kế hoạch", "Phòng Nội vụ", "Quý I/2030", "15 triệu",
          "Các cơ quan, đơn vị", "Rà soát văn bản quy phạm pháp luật", "\t", " | ", "   ",
          "của", "UBND các xã, thị trấn", "Thường xuyên", "3.1:", "x"]

line_text = st.lists(st.sampled_from(PIECES), max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(header=st.sampled_from(HEADERS), body=st.lists(line_text, max_size=25))
def test_reading_never_fails_nor_invents(header: str, body: list[str]) -> None:
    lines = [Line(t, n + 1) for n, t in enumerate([header, *body])]
    app = read_appendix(lines, 0)
    source = " ".join(ln.text for ln in lines)
    words = set(source.split())
    for row in app.rows:
        for col in ("nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"):
            value = getattr(row, col)
            if value:
                assert set(value.replace(";", " ").split()) <= words | {"-"}, (col, value)
        assert 0 <= row.do_tin_cay <= 1
