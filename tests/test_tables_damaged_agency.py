"""Agency names the grammar knows, found although OCR damaged them (tables/damaged_agency.py),
and the running-text reader's cells they end (text written for these tests)."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix
from kehoach_parser.tables.damaged_agency import canonical_agency, find_damaged_agencies


def test_damaged_names_are_found_where_they_start() -> None:
    text = "Thong bao ket qua kiemtra SON6ivu Thanh tra tinh"
    assert [(text[a:b], name) for a, b, name in find_damaged_agencies(text)] == [
        ("SON6ivu", "Sở Nội vụ"), ("Thanh tra tinh", "Thanh tra tỉnh")]
    assert [n for _, _, n in find_damaged_agencies("Quyet dinh S@TAaichinh Cac so")] == [
        "Sở Tài chính"]
    assert [n for _, _, n in find_damaged_agencies("Bao cao S6Tu phép")] == ["Sở Tư pháp"]
    # too far from any name, or no name at all
    assert find_damaged_agencies("Quyetdinh SGN6divu") == []
    assert find_damaged_agencies("Ra soat van ban quy pham phap luat") == []


def test_a_cell_that_is_one_damaged_name_is_written_as_the_grammar_names_it() -> None:
    assert canonical_agency("SON6ivu") == "Sở Nội vụ"
    assert canonical_agency("Sod Nội vụ") == "Sở Nội vụ"
    assert canonical_agency("Sở Nội vụ tỉnh") == "Sở Nội vụ tỉnh"  # known as printed
    assert canonical_agency("Văn phòng UBND tỉnh") == "Văn phòng UBND tỉnh"  # more than a name
    assert canonical_agency("SON6ivu, Cac so") == "SON6ivu, Cac so"  # a list: left as printed


def test_running_text_row_whose_lead_agency_ocr_damaged() -> None:
    rows = [
        "1 Ra soat van ban quy pham phap luat cua tinh Bao cao ket qua So Tu phap "
        "Cac so, ban, nganh Thang 12/2030 30 trieu",
        "2 To chuc kiem tra cong vu dot xuat tai cac co quan Thong bao ket qua kiemtra "
        "SON6ivu Thanh tra tinh Theo quy dinh 15 trieu",
        "3 Tap huan nghiep vu cho can bo cap xa Lop tap huan So Noi vu Cac xa, phuong "
        "Quy 2/2030 5 trieu"]
    text = ["PHU LUC", "Stt Nhiemvu Sanpham Coquanchutri Co quan phoi hop Thoigian Kinh phi",
            *rows]
    lines = [Line(t, n + 1) for n, t in enumerate(text)]
    two = read_appendix(lines, find_appendix(lines)).rows[1]
    assert (two.nhiem_vu, two.san_pham, two.chu_tri, two.phoi_hop) == (
        "To chuc kiem tra cong vu dot xuat tai cac co quan", "Thong bao ket qua kiemtra",
        "Sở Nội vụ", "Thanh tra tinh")


def test_an_ocr_tables_agencies_are_named_as_the_grammar_names_them() -> None:
    from kehoach_parser.tables.assemble import _agencies

    assert _agencies("SéTh6ngtinva Truyền thống; UBND cấp huyện", "ocr") == [
        "Sở Thông tin và Truyền thông", "UBND cấp huyện"]
    # text extracted from a file is as printed: no OCR damage to mend
    assert _agencies("SéTh6ngtinva Truyền thống", "tab") == ["Sé Th6ngtinva Truyền thống"]
