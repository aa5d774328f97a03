"""Normalisers of appendix cells: deadlines, amounts, agencies, and what a cell is."""

from __future__ import annotations

import datetime as dt

import pytest

from kehoach_parser.tables.agency import split_agencies
from kehoach_parser.tables.classify import classify
from kehoach_parser.tables.money import parse_budget
from kehoach_parser.tables.timespec import parse_time

D = dt.date


@pytest.mark.parametrize(("text", "want"), [
    ("Quý I/2023", [("quy", D(2023, 1, 1), D(2023, 3, 31))]),
    ("Quy 1V/2022", [("quy", D(2022, 10, 1), D(2022, 12, 31))]),  # OCR'd, unrestored
    ("Quý 11/2023", [("quy", D(2023, 4, 1), D(2023, 6, 30))]),  # II read as 11
    ("Quý TI/2024", [("quy", D(2024, 4, 1), D(2024, 6, 30))]),  # II, its first I read T
    ("Quý 2/2024", [("quy", D(2024, 4, 1), D(2024, 6, 30))]),
    ("Tháng 12/2022", [("thang", D(2022, 12, 1), D(2022, 12, 31))]),
    ("Thang 02/2024", [("thang", D(2024, 2, 1), D(2024, 2, 29))]),
    ("trước ngày 30/01/2022", [("truoc_ngay", None, D(2022, 1, 30))]),
    ("chậm nhất 10/12/2022", [("truoc_ngay", None, D(2022, 12, 10))]),
    ("Hàng quý và năm 2022", [("dinh_ky", D(2022, 1, 1), D(2022, 12, 31))]),
    ("Thường xuyên", [("thuong_xuyen", None, None)]),
    ("Thuong xuyen", [("thuong_xuyen", None, None)]),
    ("Theo quy định của Nhà nước", [("theo_quy_dinh", None, None)]),
    ("Trong năm 2023", [("nam", D(2023, 1, 1), D(2023, 12, 31))]),
    ("- Tháng 01/2022 - Tháng 12/2022", [("thang", D(2022, 1, 1), D(2022, 1, 31)),
                                         ("thang", D(2022, 12, 1), D(2022, 12, 31))]),
    ("Ngày 15/3/2030", [("ngay", D(2030, 3, 15), D(2030, 3, 15))]),
    ("Khi có yêu cầu của cấp trên", []),
    ("Quý V/2022", []),  # no fifth quarter
    ("Quý 5/2022", []),
])
def test_parse_time(text: str, want: list[tuple[str, D | None, D | None]]) -> None:
    assert [(t.loai, t.tu, t.den) for t in parse_time(text)] == want


@pytest.mark.parametrize(("text", "amount", "source"), [
    ("15 triệu", 15_000_000, None),
    ("15 triéu", 15_000_000, None),
    ("5.000.000 đồng", 5_000_000, None),
    ("1,5 tỷ đồng", 1_500_000_000, None),
    ("Kinh phí thường xuyên", None, "Kinh phí thường xuyên"),
    ("10 triệu (trong đó 4 triệu ngân sách tỉnh)", None, None),  # which one? neither
    ("", None, None),
])
def test_parse_budget(text: str, amount: int | None, source: str | None) -> None:
    assert parse_budget(text) == (amount, source)


@pytest.mark.parametrize(("cell", "want"), [
    ("Phòng Nội vụ", ["Phòng Nội vụ"]),
    ("Phong Noi vu", ["Phòng Nội vụ"]),
    ("PhòngTư pháp", ["Phòng Tư pháp"]),
    ("Văn phòng HĐND&UBND huyện", ["Văn phòng HĐND và UBND huyện"]),
    ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", ["Văn phòng HĐND và UBND huyện"]),
    ("UBND các xã, thị trấn", ["UBND các xã, thị trấn"]),
    ("Ủy ban nhân dân xã, thị trấn", ["UBND các xã, thị trấn"]),
    ("Cơ quan, đơn vị huyện; UBND cấp xã", ["Cơ quan, đơn vị huyện", "UBND cấp xã"]),
    ("Ban, phòng ngành huyện và các cơ quan có liên quan",
     ["Ban, phòng ngành huyện", "Các cơ quan có liên quan"]),
    ("Phòng Tài chính – Kế hoạch; Phòng Kinh tế và Hạ tầng",
     ["Phòng Tài chính - Kế hoạch", "Phòng Kinh tế và Hạ tầng"]),
    ("Phòng Văn hóa - Thông tin phối hợp với Văn phòng HĐND&UBND huyện",
     ["Phòng Văn hóa và Thông tin", "Văn phòng HĐND và UBND huyện"]),
    ("- Phòng Nội vụ;\n- Phòng Nội vụ", ["Phòng Nội vụ"]),
    ("", []),
    # printed without its level, a name gets none (a province's plan has no huyện)
    ("Văn phòng UBND", ["Văn phòng UBND"]),
    ("Văn phòng HĐND và UBND", ["Văn phòng HĐND và UBND"]),
    # OCR: a comma without its space; a department name restored with a wrong mark
    ("Các sở, ban,ngành", ["Các sở, ban, ngành"]),
    ("Số Thông tin và Truyền thống", ["Sở Thông tin và Truyền thông"]),
])
def test_split_agencies(cell: str, want: list[str]) -> None:
    assert split_agencies(cell) == want


@pytest.mark.parametrize(("text", "kind"), [
    ("Quý I/2023", "time"),
    ("Hàng quý và năm 2023", "time"),
    ("15 triệu", "money"),
    ("Kinh phí thường xuyên", "money"),  # a source of funds, though "thường xuyên" is time
    ("Phòng Tư pháp", "agency"),
    ("Các cơ quan có liên quan", "agency"),
    ("- Kế hoạch - Báo cáo", "product"),
    ("Quyết định của Chủ tịch UBND huyện", "product"),
    ("Quy trình được công khai", "product"),  # "Quy" heads a procedure, not a quarter
    ("1. Ban hành kế hoạch kiểm tra", "task"),
])
def test_classify(text: str, kind: str) -> None:
    assert classify(text)[0] == kind
