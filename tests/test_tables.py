"""Appendix tables: one small table per layout (text written for these tests), detection,
column placement by content, and the warnings for cells that fit nowhere."""

from __future__ import annotations

import pytest

from kehoach_parser.fold import fold
from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix
from kehoach_parser.tables.detect import detect_layout, find_header


def _lines(text: str, first: int = 1) -> list[Line]:
    return [Line(t, first + n) for n, t in enumerate(text.split("\n"))]


# Rows of a one-cell-per-line table: task, deliverable, lead agency, deadline.
CELL_ROWS = [("Ra soat van ban cua huyen", "Bao cao", "Phong Tu phap", "Quy I/2030"),
             ("Kiem tra van ban", "Ke hoach", "Phong Tu phap", "Quy II/2030"),
             ("Tap huan can bo", "Lop tap huan", "Phong Noi vu", "Quy III/2030")]


def _cell_table(stt: str, numbers: list[str]) -> list[Line]:
    """A one-cell-per-line appendix, its header's number cell printed ``stt`` and its rows'
    numbers as OCR read them (one row of CELL_ROWS each)."""
    head = ["PHU LUC", stt, "Nhiem vu", "San pham", "Co quan chu tri", "Thoi gian"]
    body = [x for n, row in zip(numbers, CELL_ROWS, strict=False) for x in (n, *row)]
    return _lines("\n".join(head + body))


BODY = """KẾ HOẠCH
Cải cách hành chính năm 2030
1. Phòng Nội vụ chủ trì, phối hợp với các cơ quan theo dõi thời gian thực hiện.
Nơi nhận:
- Như trên;"""

TAB = "\n".join([
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ NĂM 2030",
    "Lĩnh vực\tNhiệm vụ\tSản phẩm\tChủ trì\tPhối hợp\tThời hạn\tKinh phí",
    "1\t2\t3\t4\t5\t6\t7",
    "I. Cải cách thể chế\t1. Rà soát văn bản của huyện\tBáo cáo\tPhòng Tư pháp"
    "\tCác phòng, ban\tQuý II/2030\t15 triệu",
    "\t2. Kiểm tra việc thi hành pháp luật\t- Kế hoạch - Báo cáo\tPhòng Tư pháp"
    "\tUBND các xã, thị trấn\tHàng quý và năm 2030\tKinh phí thường xuyên",
    "Lĩnh vực\tNhiệm vụ\tSản phẩm\tChủ trì\tPhối hợp\tThời hạn\tKinh phí",
    "II. Hiện đại hóa\t1. Số hóa hồ sơ lưu trữ\tCơ sở dữ liệu\tVăn phòng HĐND&UBND huyện"
    "\tPhòng Nội vụ\ttrước ngày 15/3/2030",
    "\t2. Duy trì trang tin điện tử\tTin bài\tPhòng Văn hóa và Thông tin\tThường xuyên",
])


def test_find_appendix_on_title_and_not_on_prose() -> None:
    lines = _lines(BODY + "\n" + TAB)
    assert find_appendix(_lines(BODY)) is None
    assert lines[find_appendix(lines)].text == "PHỤ LỤC"


def test_find_appendix_without_title_starts_at_header() -> None:
    lines = _lines(BODY + "\n" + TAB.split("\n", 2)[2])
    assert lines[find_appendix(lines)].text.startswith("Lĩnh vực\tNhiệm vụ")


def test_tab_layout_rows_columns_and_types() -> None:
    lines = _lines(BODY + "\n" + TAB, first=10)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.bo_cuc == "tab"
    assert app.table.cot == ["nhom", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop",
                             "thoi_gian", "kinh_phi"]
    rows = app.rows
    assert [r.stt for r in rows] == ["1", "2", "1", "2"]
    assert [r.nhom for r in rows] == ["I. Cải cách thể chế"] * 2 + ["II. Hiện đại hóa"] * 2
    first, second, third, fourth = rows
    assert first.nhiem_vu == "Rà soát văn bản của huyện"
    assert first.kinh_phi_vnd == 15_000_000 and first.nguon_kinh_phi is None
    assert first.thoi_han[0].loai == "quy" and str(first.thoi_han[0].den) == "2030-06-30"
    assert second.san_pham_ds == ["Kế hoạch", "Báo cáo"]
    assert second.san_pham == "- Kế hoạch; - Báo cáo"
    assert second.kinh_phi_vnd is None and second.nguon_kinh_phi == "Kinh phí thường xuyên"
    assert second.thoi_han[0].loai == "dinh_ky"
    assert third.don_vi_chu_tri == ["Văn phòng HĐND và UBND huyện"]
    assert third.thoi_han[0].loai == "truoc_ngay" and str(third.thoi_han[0].den) == "2030-03-15"
    # A row with fewer cells than columns: what each cell is decides where it goes.
    assert fourth.phoi_hop is None and fourth.thoi_gian == "Thường xuyên"
    assert fourth.chu_tri == "Phòng Văn hóa và Thông tin"
    assert first.span.line == lines[9].line == 19 and app.table.do_tin_cay > 0.8


def test_tab_cell_that_fits_nowhere_is_reported_not_placed() -> None:
    text = "\n".join([
        "Nhiệm vụ\tChủ trì\tThời gian",
        "1. Lập kế hoạch\tPhòng Nội vụ\tQuý I/2030\t15 triệu",
    ])
    app = read_appendix(_lines(text), 0)
    assert [w.ma for w in app.warnings] == ["unplaced_cell"]
    assert "15 triệu" in app.warnings[0].thong_diep and app.warnings[0].span.line == 2
    assert app.rows[0].thoi_gian == "Quý I/2030"


PARAGRAPH = """PHỤ LỤC
Lĩnh vực
Nhiệm vụ cụ thể Sản phẩm
Đơn vị chủ
trì
Đơn vị phối hợp
Thời gian
Cải cách
thể chế
1. Rà soát, hệ thống hóa văn bản quy
phạm pháp luật do huyện ban hành
- Kế hoạch
- Báo cáo kết quả
Phòng Tư pháp
Các phòng, ban
chuyên môn
Quý III/2030
2. Tuyên truyền, phổ biến giáo dục
pháp luật cho người dân trên địa bàn
- Báo cáo
Các phòng, ban
huyện
Phòng Tư pháp  Tháng 12/2030
Hiện đại hóa
hành chính
1. Duy trì hệ thống quản lý chất lượng
tại các cơ quan hành chính của huyện
Báo cáo
Văn phòng
HĐND và UBND
huyện
Thường xuyên"""


def test_paragraph_layout_rebuilds_cells_and_groups() -> None:
    lines = _lines(PARAGRAPH)
    header = find_header(lines)
    assert header is not None and detect_layout(lines, header) == "paragraph"
    app = read_appendix(lines, find_appendix(lines))
    rows = app.rows
    assert [(r.stt, r.nhom) for r in rows] == [
        ("1", "Cải cách thể chế"), ("2", "Cải cách thể chế"), ("1", "Hiện đại hóa hành chính")]
    assert rows[0].nhiem_vu == ("Rà soát, hệ thống hóa văn bản quy phạm pháp luật do huyện "
                                "ban hành")
    assert rows[0].san_pham == "- Kế hoạch; - Báo cáo kết quả"
    assert rows[0].phoi_hop == "Các phòng, ban chuyên môn"
    # two cells on one line, split by what they are
    assert rows[1].phoi_hop == "Phòng Tư pháp" and rows[1].thoi_gian == "Tháng 12/2030"
    assert rows[2].chu_tri == "Văn phòng HĐND và UBND huyện" and rows[2].phoi_hop is None
    assert not app.warnings


COLUMNS = """PHỤ LỤC
STT   Nội dung nhiệm vụ                 Sản phẩm          Cơ quan chủ trì    Cơ quan phối hợp     Thời gian
I. CẢI CÁCH THỂ CHẾ
1     Rà soát các văn bản quy phạm      Báo cáo           Phòng Tư pháp      Các cơ quan,         Quý I/2030
      pháp luật của huyện                                                    đơn vị huyện
2     Tổ chức tuyên truyền pháp luật    - Kế hoạch        Phòng Tư pháp      UBND các xã,         Thường xuyên
                                        - Báo cáo                            thị trấn"""


def test_columns_layout() -> None:
    lines = _lines(COLUMNS)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.bo_cuc == "columns"
    a, b = app.rows
    assert (a.stt, a.nhom, a.nhiem_vu) == ("1", "I. CẢI CÁCH THỂ CHẾ",
                                           "Rà soát các văn bản quy phạm pháp luật của huyện")
    assert a.phoi_hop == "Các cơ quan, đơn vị huyện" and a.thoi_gian == "Quý I/2030"
    assert b.san_pham_ds == ["Kế hoạch", "Báo cáo"]
    assert b.don_vi_phoi_hop == ["UBND các xã, thị trấn"]


def test_columns_layout_rejoins_lines_split_at_wide_gaps() -> None:
    # The read stage hands a space-aligned line over as pieces, each at its column.
    lines: list[Line] = []
    for n, text in enumerate(COLUMNS.split("\n"), start=1):
        pos = 0
        for piece in (p for p in text.split("   ") if p.strip()):
            pos = text.index(piece.strip(), pos)
            lines.append(Line(piece.strip(), n, pos + 1))
            pos += len(piece.strip())
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "2"]
    assert app.rows[0].chu_tri == "Phòng Tư pháp"


OCR = """Stt | 1- Muc tieu 2- Nhiem vu 3- Hoat dong 4- San pham 5-Chi tri | 6-Phoi hgp 7-Thoi gian | 8-Kinh phi
IV | CAI CACH CONG VU
1.1: Nang cao chat | 2.1: Dao tao boi | 3.1: Mo lop tap Ke hoach | Phong Noi vu | Cac co Quy
7 | luong can bo duong can bo huan cho can bo quan | 1V/2030 15 trieu
3.2: Kiem tra cong Bao cao | Phong Noi vu | Cac xa Thuong
vu dinh ky xuyen 5 trieu
8 | 1.2: Cai cach che do | 2.2: Danh gia | 3.3: Danh gia xep loai Quyet dinh | Phong Noi vu Thang 12/2030"""


def test_ocr_layout_rows_only_from_printed_numbers_and_low_confidence() -> None:
    lines = _lines(OCR)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.bo_cuc == "ocr"
    rows = app.rows
    # row 7 has two activities: one row each, stt and objective repeated
    assert [(r.stt, r.hoat_dong) for r in rows] == [
        ("7", "Mo lop tap"), ("7", "Kiem tra cong"), ("8", "Danh gia xep loai")]
    assert rows[0].muc_tieu == rows[1].muc_tieu == "Nang cao chat"
    assert rows[0].nhom == "IV. CAI CACH CONG VU"
    assert rows[0].kinh_phi_vnd == 15_000_000 and rows[1].kinh_phi_vnd == 5_000_000
    assert rows[0].thoi_han[0].loai == "quy" and rows[1].thoi_han[0].loai == "thuong_xuyen"
    assert rows[2].thoi_han[0].loai == "thang"
    assert all(r.don_vi_chu_tri == ["Phòng Nội vụ"] for r in rows)
    assert all(r.do_tin_cay <= 0.5 for r in rows) and app.table.do_tin_cay < 0.5
    # only each cell's first words are placed: the rest of every row is reported, with the
    # row's lines, not dropped
    rest = [w for w in app.warnings if "columns interleaved" in w.thong_diep]
    assert len(rest) == 3 and all(w.ma == "unplaced_cell" for w in rest)
    assert "luong can bo" in rest[0].thong_diep and "Nang cao chat" not in rest[0].thong_diep
    assert (rest[0].span.line, rest[0].span.end_line) == (3, 4)


@pytest.mark.parametrize("header", [
    "STT\tNội dung công việc\tĐơn vị thực hiện chủ trì\tThời gian hoàn thành",
    "TT | 1- Muc tiéu 2- Nhiém vu 3- Hoat dong 5-Chi tri | 6-Phoi hgp 7-Thoi",
])
def test_headers_numbered_merged_or_ocr_damaged(header: str) -> None:
    found = find_header(_lines(header))
    assert found is not None and "chu_tri" in found.columns


def test_no_header_no_table() -> None:
    lines = _lines("PHỤ LỤC\nDanh sách các xã\nXã A\nXã B")
    assert find_appendix(lines) is None
    assert read_appendix(lines, 0).warnings[0].ma == "no_table_header"


FLOW = """PHU LUC
Stt Nhiemvu Sanpham Coquanchutri Co quan phoi hop Thoigian Kinh phi
I. Cai cach the che
1 Ra soat van ban quy pham phap luat cua tinh Bao cao ket qua So Tu phap Cac so, ban, nganh
Thang 12/2030 30 trieu
2 Theo doi thi hanh phap luat tren dia ban tinh Ke hoach; Bao cao S6 Tu phap Cac so, ban,
nganh; UBND cap huyen Quy 1/2030 Kinh phi thuong xuyen
II. Cai cach thu tuc hanh chinh
3 Ra soat, don gian hoa thu tuc hanh chinh cua tinh Quyet dinh phe duyet Van phong UBND tinh
SoTu phap Truoc ngay 30/6/2030 20.000.000 dong
4 Tap huan nghiep vu cho can bo cap xa Lop tap huan TrungtamHanhchinh Cacxa Quy 2/2030
5 trieu"""


def test_ocr_running_text_rows_peeled_by_kind_and_unfound_cells_reported() -> None:
    lines = _lines(FLOW)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.bo_cuc == "ocr"
    one, two, three, four = app.rows
    assert (one.stt, one.nhom) == ("1", "I. Cai cach the che")
    assert one.nhiem_vu == "Ra soat van ban quy pham phap luat cua tinh"
    assert (one.san_pham, one.chu_tri, one.phoi_hop) == ("Bao cao ket qua", "So Tu phap",
                                                         "Cac so, ban, nganh")
    assert one.thoi_han[0].loai == "thang" and one.kinh_phi_vnd == 30_000_000
    assert two.phoi_hop == "Cac so, ban, nganh; UBND cap huyen"
    assert two.nguon_kinh_phi == "Kinh phi thuong xuyen" and two.thoi_gian == "Quy 1/2030"
    # "SoTu phap" (OCR lost a space) is no name the grammar knows, but the known name before
    # it ends where it starts
    assert three.thoi_han[0].loai == "truoc_ngay" and three.kinh_phi_vnd == 20_000_000
    assert (three.san_pham, three.chu_tri, three.phoi_hop) == (
        "Quyet dinh phe duyet", "Van phong UBND tinh", "SoTu phap")
    # Row 4's agencies are unreadable: its deliverable and agencies cannot be told apart,
    # so they are reported, not guessed.
    assert four.nhiem_vu == "Tap huan nghiep vu cho can bo cap xa"
    assert four.san_pham is None and four.chu_tri is None and four.phoi_hop is None
    assert four.kinh_phi_vnd == 5_000_000 and four.thoi_gian == "Quy 2/2030"
    assert any("Lop tap huan TrungtamHanhchinh Cacxa" in w.thong_diep for w in app.warnings)
    assert all(r.do_tin_cay <= 0.5 for r in app.rows)


GRID = """Stt | Nhiem vu | San pham | Co quan chu tri | Co quan phoi hop | Thoi gian | Kinh phi
I. Cai cach the che
Ra soat van | Bao cao | So Tu phap | Cac so | Thang 12/2030 | 30 trieu
ban cua tinh
2 Theo doi thi | Ke hoach | So Tu phap | Cac so | Quy 1/2030 | 10 trieu
hanh phap luat
II. Cai cach thu tuc hanh chinh
3 Cong khai | Bao cao | Van phong | Cac so | Thuong xuyen | 5 trieu
thu tuc UBND tinh"""


def test_ocr_grid_row_by_row_recovers_a_row_whose_number_was_lost() -> None:
    lines = _lines(GRID)
    app = read_appendix(lines, find_appendix(lines))
    # row 1 lost its number; a group row starts it and 2 follows: its place is free
    assert [r.stt for r in app.rows] == ["1", "2", "3"]
    assert [r.nhom for r in app.rows] == ["I. Cai cach the che"] * 2 + \
        ["II. Cai cach thu tuc hanh chinh"]
    first = app.rows[0]
    assert first.nhiem_vu is not None and first.nhiem_vu.startswith("Ra soat van ban")
    assert first.chu_tri is not None and first.chu_tri.startswith("So Tu phap")
    assert first.kinh_phi_vnd == 30_000_000 and first.thoi_han[0].loai == "thang"
    assert app.rows[1].nhiem_vu == "Theo doi thi hanh phap luat"
    assert app.rows[1].kinh_phi_vnd == 10_000_000 and app.rows[2].thoi_han[0].loai == "thuong_xuyen"
    assert all(r.do_tin_cay <= 0.5 for r in app.rows)


GRID_ACTIVITIES = """Stt | Nhiem vu | Hoat dong | San pham | Chu tri | Thoi gian
I. Cai cach the che
1 Ra soat van | Lap danh muc | Bao cao | So Tu phap | Thang 12/2030
ban cua tinh van ban
Tap huan can bo | Lop tap huan | So Noi vu | Quy 1/2030
2 Theo doi thi | Kiem tra | Ke hoach | So Tu phap | Quy 2/2030
hanh phap luat"""


def test_ocr_grid_second_activity_repeats_its_task() -> None:
    lines = _lines(GRID_ACTIVITIES)
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "1", "2"]
    second = app.rows[1]
    assert second.nhiem_vu == app.rows[0].nhiem_vu
    assert (second.hoat_dong, second.san_pham, second.chu_tri) == \
        ("Tap huan can bo", "Lop tap huan", "So Noi vu")
    assert [r.thoi_han[0].loai for r in app.rows] == ["thang", "quy", "quy"]


def test_budget_unit_from_the_header() -> None:
    text = "\n".join([
        "Nhiệm vụ\tChủ trì\tThời gian\tKinh phí (triệu đồng)",
        "1. Khảo sát sự hài lòng\tPhòng Nội vụ\tQuý II/2030\t25",
        "2. Tập huấn\tPhòng Nội vụ\tQuý III/2030\t1,5",
    ])
    rows = read_appendix(_lines(text), 0).rows
    assert [r.kinh_phi_vnd for r in rows] == [25_000_000, 1_500_000]


def test_pipe_delimited_table_reads_like_tab_separated() -> None:
    text = "\n".join([
        "| STT | Nhiệm vụ | Sản phẩm | Chủ trì | Phối hợp | Thời gian |",
        "|-----|----------|----------|---------|----------|-----------|",
        "| I | Cải cách thể chế | | | | |",
        "| 1 | Rà soát văn bản | Báo cáo | Phòng Tư pháp | Các phòng, ban | Quý I/2030 |",
        "| 2 | Tập huấn | Lớp tập huấn | Phòng Nội vụ | UBND các xã | Thường xuyên |",
    ])
    app = read_appendix(_lines(text), 0)
    assert app.table is not None and app.table.bo_cuc == "tab"
    assert [(r.stt, r.nhom, r.chu_tri) for r in app.rows] == [
        ("1", "I. Cải cách thể chế", "Phòng Tư pháp"), ("2", "I. Cải cách thể chế", "Phòng Nội vụ")]
    assert app.rows[1].thoi_han[0].loai == "thuong_xuyen"


def test_remarks_column_is_read_but_not_mixed_into_others() -> None:
    text = "\n".join([
        "TT\tNội dung công việc\tĐơn vị thực hiện\tLộ trình\tGhi chú",
        "1\tCập nhật cơ sở dữ liệu\tPhòng Nội vụ\tTháng 6/2030\tPhối hợp Phòng Tư pháp",
    ])
    app = read_appendix(_lines(text), 0)
    assert app.table is not None and app.table.cot[-1] == "ghi_chu"
    row = app.rows[0]
    assert (row.nhiem_vu, row.chu_tri, row.thoi_gian) == (
        "Cập nhật cơ sở dữ liệu", "Phòng Nội vụ", "Tháng 6/2030")
    assert row.phoi_hop is None and not app.warnings


PARAGRAPH_PAGES = """PHỤ LỤC
Nhiệm vụ
Sản phẩm
Cơ quan chủ
trì
Cơ quan phối
hợp
Thời gian
I. CẢI CÁCH THỂ CHẾ
1. Xây dựng kế hoạch rà soát các văn bản
quy phạm pháp luật do Hội đồng nhân
dân huyện ban hành
Kế hoạch
Quý II/2030
Phòng Tư pháp
Các cơ quan chuyên
môn thuộc huyện
2. Tổ chức hội nghị tập huấn nghiệp vụ
công tác pháp chế cho cán bộ cấp xã
- Kế hoạch
- Báo cáo
Phòng Tư pháp
UBND các xã,
thị trấn
7
Nhiệm vụ
Sản phẩm
Cơ quan chủ
trì
Cơ quan phối
hợp
Thời gian
Tháng 10/2030
II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
1. Công khai thủ tục hành chính trên
Cổng dịch vụ công của tỉnh
Báo cáo
Văn phòng HĐND và
UBND huyện
Thường xuyên"""


def test_paragraph_cells_out_of_order_and_a_row_cut_by_a_page_break() -> None:
    lines = _lines(PARAGRAPH_PAGES)
    app = read_appendix(lines, find_appendix(lines))
    first, second, third = app.rows
    # the deadline printed before the agencies still goes to its column
    assert (first.san_pham, first.chu_tri, first.thoi_gian) == (
        "Kế hoạch", "Phòng Tư pháp", "Quý II/2030")
    assert first.phoi_hop == "Các cơ quan chuyên môn thuộc huyện"
    assert first.do_tin_cay < second.do_tin_cay  # placed out of printed order: less sure
    # page number and repeated header skipped, the row goes on after them
    assert (second.phoi_hop, second.thoi_gian) == ("UBND các xã, thị trấn", "Tháng 10/2030")
    assert third.nhom == "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH" and third.phoi_hop is None
    assert not app.warnings


def test_paragraph_lone_agency_cell_goes_to_the_column_its_width_fits() -> None:
    rows = []
    for n in range(1, 6):
        rows += [f"{n}. Thực hiện nhiệm vụ cải cách số {n} của", "huyện trong năm", "Báo cáo",
                 "Phòng Nội vụ", "Các cơ quan chuyên môn", "thuộc Ủy ban nhân dân", "Quý I/2030"]
    # row 6 names no lead agency: its only agency cell wraps as wide as the other column
    rows += ["6. Thực hiện nhiệm vụ cải cách số 6 của", "huyện trong năm", "Báo cáo",
             "Các đơn vị sự nghiệp công", "lập thuộc Ủy ban nhân dân", "Quý II/2030"]
    text = "\n".join(["Nhiệm vụ", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian", *rows])
    app = read_appendix(_lines(text), 0)
    assert len(app.rows) == 6 and app.table is not None and app.table.bo_cuc == "paragraph"
    assert all(r.chu_tri == "Phòng Nội vụ" for r in app.rows[:5])
    last = app.rows[-1]
    assert last.chu_tri is None
    assert last.phoi_hop == "Các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân"


def test_table_inside_the_plan_ends_where_the_text_goes_on() -> None:
    after = [
        "IV. TỔ CHỨC THỰC HIỆN",
        "Thủ trưởng các cơ quan, đơn vị căn cứ Kế hoạch này xây dựng kế hoạch của đơn vị mình, "
        "triển khai thực hiện và báo cáo kết quả về Ủy ban nhân dân huyện đúng thời hạn.",
        "Phòng Nội vụ theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch này và báo cáo "
        "Chủ tịch Ủy ban nhân dân huyện theo định kỳ hằng quý, sáu tháng và năm.",
    ]
    table = TAB.split("\n")[2:]
    lines = _lines("\n".join([*BODY.split("\n"), *table, *after]))
    app = read_appendix(lines, find_appendix(lines))
    assert len(app.rows) == 4 and app.end is not None
    assert lines[app.end].text == "IV. TỔ CHỨC THỰC HIỆN"
    assert app.rows[-1].thoi_gian == "Thường xuyên"  # nothing of the text glued to it


COLUMNS_GROUPS = """PHỤ LỤC
Nhiệm vụ chung     Nhiệm vụ cụ thể                     Sản phẩm        Cơ quan chủ trì    Thời gian
                   1. Rà soát văn bản quy phạm pháp    Báo cáo         Phòng Tư pháp      Quý I/2030
Cải cách thể       luật của huyện
chế                2. Tuyên truyền phổ biến pháp       Kế hoạch        Phòng Tư pháp      Tháng 3/2030
                   luật cho người dân
                   1. Công khai thủ tục hành chính     Báo cáo         Văn phòng HĐND     Thường xuyên
Cải cách thủ                                                           và UBND huyện
tục hành chính     2. Tiếp nhận hồ sơ trực tuyến       Báo cáo         Văn phòng HĐND     Quý IV/2030
                                                                       và UBND huyện"""


def test_columns_layout_group_column_centred_beside_its_rows() -> None:
    lines = _lines(COLUMNS_GROUPS)
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert [(r.stt, r.nhom) for r in rows] == [
        ("1", "Cải cách thể chế"), ("2", "Cải cách thể chế"),
        ("1", "Cải cách thủ tục hành chính"), ("2", "Cải cách thủ tục hành chính")]
    assert rows[2].chu_tri == "Văn phòng HĐND và UBND huyện"
    assert rows[3].thoi_han[0].loai == "quy"


OCR_RESTART = """Stt | Nhiem vu | San pham | Co quan chu tri | Thoi gian
I | CAI CACH THE CHE
1 | Ra soat van ban | Bao cao | Phong Tu phap | Quy 1/2030
21 Xay dung ke | hoach rieng
2 | Tuyen truyen | Ke hoach | Phong Tu phap | Quy 2/2030
II | CAI CACH THU TUC HANH CHINH
1 | Cong khai | Bao cao | Phong Noi vu | Quy 3/2030"""


def test_ocr_row_numbers_restart_after_a_group_and_stray_numbers_are_no_rows() -> None:
    lines = _lines(OCR_RESTART)
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert [(r.stt, r.nhom) for r in rows] == [
        ("1", "I. CAI CACH THE CHE"), ("2", "I. CAI CACH THE CHE"),
        ("1", "II. CAI CACH THU TUC HANH CHINH")]
    assert [r.thoi_han[0].den.month for r in rows if r.thoi_han] == [3, 6, 9]
    assert rows[2].don_vi_chu_tri == ["Phòng Nội vụ"]


OCR_LOST_NUMBER = """Stt | Nhiem vu | San pham | Co quan chu tri | Thoi gian
{stray}1 | Ra soat van ban | Bao cao | Phong Tu phap | Quy 1/2030
2 | Tuyen truyen | Ke hoach | Phong Tu phap | Quy 2/2030
3 | Cong khai thu tuc | Bao cao | Phong Noi vu | Quy 3/2030
| Kiem tra cong vu | Thong bao | Phong Noi vu | Quy 4/2030
5 | Danh gia can bo | Quyet dinh | Phong Noi vu | Nam 2030
6 | Tap huan | Lop hoc | Phong Noi vu | Nam 2031"""


def test_ocr_row_numbers_go_on_over_a_number_ocr_lost() -> None:
    # 4 lost: 5 and 6 are still row numbers, not task text ("5 Danh gia can bo")
    lines = _lines(OCR_LOST_NUMBER.format(stray=""))
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert [(r.stt, fold(r.nhiem_vu or "")) for r in rows] == [
        ("1", "ra soat van ban"), ("2", "tuyen truyen"), ("3", "cong khai thu tuc"),
        ("4", "kiem tra cong vu"), ("5", "danh gia can bo"), ("6", "tap huan")]


def test_ocr_row_numbers_step_over_a_lost_number_only_in_a_run_from_one() -> None:
    # a garbled numbering row's "2" under the header, rows 1, 2 and 4 without their
    # numbers: "2", "3", "5" is no run from 1, so the stray 2 does not open a row
    text = OCR_LOST_NUMBER.format(stray="2 es ie Sete a ec ot\n")
    text = text.replace("1 | Ra", "| Ra").replace("2 | Tuyen", "| Tuyen")
    lines = _lines(text + "\n7 | Boi duong | Lop hoc | Phong Noi vu | Nam 2032")
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert not any("es ie" in f"{r.nhiem_vu} {r.san_pham}" for r in rows)
    assert [(r.stt, fold(r.nhiem_vu or "")) for r in rows][-3:] == [
        ("5", "danh gia can bo"), ("6", "tap huan"), ("7", "boi duong")]
    assert [fold(r.san_pham or "") for r in rows[:2]] == ["bao cao", "ke hoach"]


def test_paragraph_group_column_and_number_column_with_numbering_restarting() -> None:
    text = "\n".join([
        "Stt", "Lĩnh vực", "Nhiệm vụ", "Chủ trì", "Thời gian",
        "1", "Thể chế", "Rà soát văn bản quy phạm pháp luật của huyện", "Phòng Tư pháp",
        "Quý I/2030",
        "2", "Tuyên truyền pháp luật cho người dân", "Phòng Tư pháp", "Quý II/2030",
        "7",  # a page number
        "Thủ tục hành chính", "1", "Công khai thủ tục hành chính của huyện", "Phòng Nội vụ",
        "Thường xuyên",
    ])
    rows = read_appendix(_lines(text), 0).rows
    assert [(r.stt, r.nhom) for r in rows] == [
        ("1", "Thể chế"), ("2", "Thể chế"), ("1", "Thủ tục hành chính")]
    assert rows[1].thoi_gian == "Quý II/2030" and rows[2].chu_tri == "Phòng Nội vụ"


def test_tab_rows_split_at_tabs_by_the_reader_are_joined_back() -> None:
    # a read stage may hand a tab-separated line over as pieces, one per cell
    pieces = [["Nhiệm vụ", "Sản phẩm", "Chủ trì", "Thời gian"],
              ["1. Lập kế hoạch", "Kế hoạch", "Phòng Nội vụ", "Quý I/2030"],
              ["2. Kiểm tra", "Báo cáo", "Phòng Tư pháp", "Quý II/2030"]]
    lines: list[Line] = []
    for n, cells in enumerate(pieces, start=1):
        col = 1
        for cell in cells:
            lines.append(Line(cell, n, col))
            col += len(cell) + 1  # the tab between them
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.bo_cuc == "tab"
    assert [(r.stt, r.chu_tri, r.thoi_gian) for r in app.rows] == [
        ("1", "Phòng Nội vụ", "Quý I/2030"), ("2", "Phòng Tư pháp", "Quý II/2030")]


GRID_WRAPPED = """Stt | Mục tiêu | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Thời gian
I. Cải cách thủ tục hành chính
1 100% TTHC Công khai Báo cáo Văn phòng Thường
được công khai TTHC kết quả UBND tỉnh xuyên
2 Giảm 20% thời Rà soát thủ Quyết định Sở Tư pháp Quý I/2030
gian giải quyết tục hành phê duyệt
chính
3 Nâng cao chất Đào tạo, bồi Lớp bồi Sở Nội vụ Hằng năm
lượng công dưỡng dưỡng
chức"""


def test_ocr_grid_row_cut_over_its_lines_together() -> None:
    lines = _lines(GRID_WRAPPED)
    app = read_appendix(lines, find_appendix(lines))
    one, two, three = app.rows
    # "Thường" alone is no time expression, "Thường xuyên" over two lines is: read line by
    # line, the first line gave "Thường" to the lead agency
    assert (one.chu_tri, one.thoi_gian) == ("Văn phòng UBND tỉnh", "Thường xuyên")
    assert one.muc_tieu == "100% TTHC được công khai"
    assert (two.nhiem_vu, two.san_pham) == ("Rà soát thủ tục hành chính", "Quyết định phê duyệt")
    assert (three.muc_tieu, three.san_pham) == ("Nâng cao chất lượng công chức", "Lớp bồi dưỡng")


def test_paragraph_deadlines_per_deliverable_are_one_time_cell() -> None:
    text = PARAGRAPH.replace(
        "- Báo cáo\nCác phòng, ban\nhuyện\nPhòng Tư pháp  Tháng 12/2030\n",
        "- Kế hoạch\nSở Tư pháp\ntrước ngày\n15/02/2030\n- Báo cáo chậm\nnhất 20/11/2030\n",
    )
    lines = _lines(text)
    row = read_appendix(lines, find_appendix(lines)).rows[1]
    # Not "- Kế hoạch" as the deliverable and "Sở Tư pháp" as the lead: each deliverable
    # is printed with its deadline, in the time column.
    assert row.thoi_gian == ("- Kế hoạch Sở Tư pháp trước ngày 15/02/2030; "
                             "- Báo cáo chậm nhất 20/11/2030")
    assert row.san_pham is None and row.chu_tri is None
    assert [t.den.isoformat() for t in row.thoi_han if t.den] == ["2030-02-15", "2030-11-20"]


def test_a_phrase_closed_on_an_open_word_ends_its_cell() -> None:
    from kehoach_parser.tables.classify import open_end

    assert open_end("Văn phòng UBND cấp")  # "cấp huyện" goes on
    assert not open_end("tại Bộ phận Một cửa các cấp")  # "các cấp" is whole
    assert not open_end("chính quyền mọi cap")  # read folded, as OCR leaves it
    # a word written with its marks is that word: "điện tử", "văn bản" close, "từ" goes on
    assert not open_end("Chính quyền điện tử") and not open_end("quản lý văn bản")
    assert open_end("thực hiện từ") and open_end("Văn") and open_end("Chính quyền điện tu")
    # running OCR text: the deliverable after "các cấp" starts a cell of its own
    lines = _lines(FLOW + "\n5 So hoa ho so tai Bo phan Mot cua cac cap Bao cao UBND cap huyen"
                   " Van phong UBND tinh Thuong xuyen Kinh phi thuong xuyen")
    row = read_appendix(lines, find_appendix(lines)).rows[4]
    assert (row.nhiem_vu, row.san_pham) == ("So hoa ho so tai Bo phan Mot cua cac cap", "Bao cao")


def test_header_words_ocr_printed_without_their_space_are_read_apart() -> None:
    from kehoach_parser.tables.header import match_columns

    # "Cơ quan phối hợp" cut over two lines, its first words glued: "Coquan phéi" / "hop"
    header = "Nhiém vu San pham Co quan chi | Coquan phéi | Théi gian hoan Kinh phi tri hop thanh"
    assert [m.column for m in match_columns(header)] == [
        "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"]
    # glued and misread at once: "quanchttri" is quan + chu tri
    assert [m.column for m in match_columns("Stt Nhiémvu Co quanchttri Thdi gian")] == [
        "stt", "nhiem_vu", "chu_tri", "thoi_gian"]


@pytest.mark.parametrize(("text", "label"), [
    ("|. Cai cach thu tuc hanh chinh", "I. Cai cach thu tuc hanh chinh"),
    ("Il. Cai cach to chuc bo may", "II. Cai cach to chuc bo may"),
    ("Ill. Cai cach che do cong vu", "III. Cai cach che do cong vu"),
    ("|V. Cai cach tai chinh cong", "IV. Cai cach tai chinh cong"),
    ("ill. CAI CACH TO CHUC BO MAY", "III. CAI CACH TO CHUC BO MAY"),
    ("Vv. CAI CACH TAI CHINH CONG", "V. CAI CACH TAI CHINH CONG"),
    ("Iv. XAY DUNG CHINH QUYEN SO", "IV. XAY DUNG CHINH QUYEN SO"),
    ("Ill, CAI CACH TAI CHiNH CONG", "III. CAI CACH TAI CHiNH CONG"),  # its stop read ","
    ("1. CAl CACH THU TUC HANH CHiNH", "I. CAl CACH THU TUC HANH CHiNH"),  # I read 1
    ("| V. Xay dung Chinh quyen so", "V. Xay dung Chinh quyen so"),  # the left ruling
])
def test_group_row_whose_roman_numeral_ocr_misread(text: str, label: str) -> None:
    from kehoach_parser.tables.groups import group_label, is_group_name

    assert is_group_name(text) and group_label(text) == label


@pytest.mark.parametrize("text", ["1. Ra soat van ban", "lll cac co quan", "Il cac co quan",
                                  "11. Kiem tra cong vu", "1. UBND tinh", "2. CAI CACH THE CHE"])
def test_no_group_row_where_no_numeral_stands(text: str) -> None:
    from kehoach_parser.tables.groups import is_group_name

    assert not is_group_name(text)


def test_grid_header_that_lost_its_first_cells_gets_them_back() -> None:
    from kehoach_parser.tables.ocr import _lost_leading

    assert _lost_leading(["hoat_dong", "san_pham", "chu_tri"]) == [
        "hoat_dong", "muc_tieu", "nhiem_vu"]
    assert _lost_leading(["stt", "san_pham", "chu_tri"]) == ["san_pham", "nhiem_vu"]
    assert _lost_leading(["nhiem_vu", "san_pham"]) == []  # nothing lost
    # the task column first, an activity column after it: the objective column was lost
    assert _lost_leading(["stt", "nhiem_vu", "hoat_dong", "chu_tri"]) == ["nhiem_vu", "muc_tieu"]
    assert _lost_leading(["muc_tieu", "nhiem_vu", "hoat_dong"]) == []
    assert _lost_leading(["kinh_phi"]) == []  # nothing known to stand before it


def test_an_appendix_whose_header_cannot_be_read_is_reported() -> None:
    from kehoach_parser.tables import find_title, read_headerless, unread_appendix

    lines = _lines(BODY + "\nPHU LUC\nKE HOACH NAM 2030\nNa mini | Tinie | Seen\n"
                   "Ra soat van ban Van phong So Quy II/2030")
    title = find_title(lines)
    assert title == 5
    assert read_headerless(lines, title).rows == []  # no numbered row to read
    warning = unread_appendix(lines, title)
    assert warning.ma == "no_table_header" and warning.span.line == 6
    assert find_title(_lines(BODY)) is None


def test_an_appendix_whose_header_ocr_lost_is_read_under_the_usual_columns() -> None:
    from kehoach_parser.tables import find_title, read_headerless

    rows = ["1 Ra soat van ban cua tinh Bao cao So Tu phap Cac so, ban, nganh Thang 12/2030 30 trieu",
            "2 Theo doi thi hanh phap luat Ke hoach So Tu phap UBND cap huyen Quy I/2030 15 trieu",
            "3 Cong khai thu tuc hanh chinh Bao cao Van phong UBND tinh Cac so Quy II/2030 10 trieu"]
    lines = _lines(BODY + "\nPHU LUC\nDANH MUC NHIEM VU NAM 2030\nNa mini ee\n" + "\n".join(rows))
    app = read_headerless(lines, find_title(lines))  # type: ignore[arg-type]
    assert app.table is not None and app.warnings[0].ma == "no_table_header"
    assert [(r.stt, r.chu_tri, r.thoi_gian, r.kinh_phi_vnd) for r in app.rows] == [
        ("1", "So Tu phap", "Thang 12/2030", 30_000_000),
        ("2", "So Tu phap", "Quy I/2030", 15_000_000),
        ("3", "Van phong UBND tinh", "Quy II/2030", 10_000_000)]


def test_header_and_title_read_as_printed_where_restoration_broke_them() -> None:
    from kehoach_parser.tables.detect import find_header

    # restoration read the header's "Stt" and the title out of context and broke them; the
    # printed text (Line.orig) still names them
    text = [("PHỦ LƯỢC", "PHU LUC"), ("Sứ\tNhiệm vụ\tSản phẩm\tChủ trì", "Stt\tNhiem vu\tSan pham"
             "\tChu tri"), ("1\tRà soát văn bản\tBáo cáo\tPhòng Tư pháp", None)]
    lines = [Line(t, n, 1, o) for n, (t, o) in enumerate(text, start=1)]
    header = find_header(lines)
    assert header is not None and header.columns == ["stt", "nhiem_vu", "san_pham", "chu_tri"]
    assert find_appendix(lines) == 0  # the title, not the header
    app = read_appendix(lines, 0)
    assert [(r.stt, r.nhiem_vu) for r in app.rows] == [("1", "Rà soát văn bản")]
    restored_only = [Line(t, n, 1) for n, (t, _) in enumerate(text, start=1)]
    assert find_header(restored_only).columns[0] != "stt"  # type: ignore[union-attr]


def test_one_cell_per_line_rows_numbered_although_the_header_lost_its_stt() -> None:
    lines = _cell_table("Sit", ["1", "2"])
    app = read_appendix(lines, find_appendix(lines))
    assert [(r.stt, r.chu_tri, r.thoi_gian) for r in app.rows] == [
        ("1", "Phong Tu phap", "Quy I/2030"), ("2", "Phong Tu phap", "Quy II/2030")]
    assert app.rows[0].nhiem_vu == "Ra soat van ban cua huyen"


def test_grid_ocr_without_rulings_is_read_as_ocr() -> None:
    text = "\n".join(["Stt Nhiem vu San pham Chu tri Phoi hop Thoi gian Kinh phi",
                      "1 Ra soat quy trinh Quyet dinh Van phong", "noi bo TTHC phe duyet HDND",
                      "2 Khao sat muc do Ke hoach Trung tam", "hai long Bao cao Phuc vu",
                      "3 Danh gia can bo Bang danh gia Van phong", "hang thang UBND"])
    lines = _lines(text)
    header = find_header(lines)
    assert header is not None and detect_layout(lines, header) == "ocr"
    # a year wrapped onto a line of its own is no sign of one cell per line
    rows = ["1 Ra soat quy trinh Quyet dinh Van phong Nam", "noi bo TTHC phe duyet HDND",
            "2022", "2 Khao sat muc do Ke hoach Trung tam", "3 Danh gia can bo Bang Van phong",
            "4 Kiem tra cong vu Thong bao Thanh tra"]
    wrapped = _lines("\n".join(["Stt Nhiem vu San pham Chu tri Thoi gian", *rows]))
    assert detect_layout(wrapped, find_header(wrapped)) == "ocr"  # type: ignore[arg-type]
    # one cell per line (numbers alone) stays a paragraph table
    cells = _lines("\n".join(["Stt Nhiem vu San pham Chu tri", "1", "Ra soat van ban",
                              "Bao cao", "Phong Tu phap", "2", "Kiem tra", "Ke hoach",
                              "Phong Tu phap", "3 Tap huan cho can bo cap xa ve van ban"]))
    assert detect_layout(cells, find_header(cells)) == "paragraph"  # type: ignore[arg-type]


def test_wide_header_cells_wrapped_below_stand_where_tables_print_them() -> None:
    from kehoach_parser.tables.detect import find_header

    # "Cơ quan chủ trì" and "Cơ quan phối hợp" lost their names' ends to the line below,
    # glued and misread ("chatri phéihgp"): they go between the deliverable and the time
    lines = _lines("Stt| Muctiéu | Nhigm vu Hoat d6éng | San pham | Coquan | Co quan | Thoi gian"
                   " | Kinh phi |\n| | | | chatri phéihgp | hoanthanh | |")
    header = find_header(lines)
    assert header is not None and header.columns == [
        "stt", "muc_tieu", "nhiem_vu", "hoat_dong", "san_pham", "chu_tri", "phoi_hop",
        "thoi_gian", "kinh_phi"]
    # one column name per line (a one-cell-per-line table) keeps its printed order
    lines = _lines("TT\nNội dung công việc\nĐơn vị chủ trì\nThời gian\nSản phẩm")
    assert find_header(lines).columns == [  # type: ignore[union-attr]
        "stt", "nhiem_vu", "chu_tri", "thoi_gian", "san_pham"]


def test_grid_budget_column_the_header_lost_is_found_at_the_rows_ends() -> None:
    from kehoach_parser.tables.grid import _budget_at_ends

    with_budget = _lines("1 Nang cap Cong | So Thong tin Thang 12/2022 1.200 trieu\n"
                         "2 Giam bien che | So Noi vu Nam 2022 Kinh phi thuong\n"
                         "3 Dao tao | So Noi vu Hang nam 500.000.000 dong")
    assert _budget_at_ends(with_budget, [0, 1, 2], {0: "1", 1: "2", 2: "3"})
    without = _lines("1 Nang cap Cong | So Thong tin Thang 12/2022\n"
                     "2 Giam bien che | So Noi vu Nam 2022\n"
                     "3 Dao tao can bo | So Noi vu muc do 4")
    assert not _budget_at_ends(without, [0, 1, 2], {0: "1", 1: "2", 2: "3"})


@pytest.mark.parametrize(("text", "debris"), [
    ("a ee ee 2 o a ee ee", True), ("ee ré a es ee aoe", True), ("os te es", True),
    ("của các cơ", False), ("TTHC", False), ("xuyên", False), ("phuong", False),
    ("2026", False), ("cấp xã", False),
])
def test_grid_line_ocr_made_of_a_ruling_is_no_row(text: str, debris: bool) -> None:
    from kehoach_parser.tables.grid import _is_debris

    assert _is_debris(text) is debris


def test_ocr_grid_row_numbers_behind_the_left_ruling() -> None:
    ruled = "\n".join("| " + ln if ln[:1].isdigit() else ln for ln in GRID.split("\n"))
    assert "| 2 Theo doi thi" in ruled
    lines = _lines(ruled)
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "2", "3"]
    assert app.rows[1].nhiem_vu == "Theo doi thi hanh phap luat"


def test_grid_deliverable_column_the_header_lost_is_found_after_the_deadlines() -> None:
    from kehoach_parser.tables.classify import deliverables_after_deadlines

    ends = _lines("1 Ra soat quy trinh Van phong So Quy II/2023 Bao cao ra soat\n"
                  "2 Cong khai quy trinh Van phong So Thang 3/2023 Quy trinh duoc cong\n"
                  "3 So hoa ho so Van phong So Thuong xuyen Co so du lieu")
    assert deliverables_after_deadlines([ln.text for ln in ends])
    plain = _lines("1 Ra soat quy trinh Van phong So Quy II/2023\n"
                   "2 Cong khai quy trinh Van phong So Thang 3/2023\n"
                   "3 So hoa ho so Van phong So Thuong xuyen")
    assert not deliverables_after_deadlines([ln.text for ln in plain])


def test_running_text_rows_whose_first_cell_is_a_percentage_and_a_stray_bar() -> None:
    from kehoach_parser.tables.detect import FLOW_ROW_START

    assert FLOW_ROW_START.match("1 100% TTHC duoc cong khai")
    assert not FLOW_ROW_START.match("1 2 3 4 5 6 7")
    # one bar OCR read in the running text does not make it a ruled grid
    flow = FLOW.replace("Thang 12/2030 30 trieu", "Thang 12/2030 | 30 trieu")
    lines = _lines(flow)
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "2", "3", "4"]
    assert app.rows[1].nhiem_vu == "Theo doi thi hanh phap luat tren dia ban tinh"


def test_running_text_row_objective_task_and_activity_apart() -> None:
    from kehoach_parser.tables.flow import _left_cells

    cols = ["stt", "muc_tieu", "nhiem_vu", "hoat_dong", "san_pham"]
    text = ("100% TTHC được công khai đúng quy định_ Công khai TTHC Cập nhật, công khai TTHC "
            "trên Cổng Dịch vụ công của tỉnh")
    cells = {c: text[a:b] for c, (a, b) in _left_cells(text, len(text), cols).items()}
    assert cells == {"muc_tieu": "100% TTHC được công khai đúng quy định",
                     "nhiem_vu": "Công khai TTHC",
                     "hoat_dong": "Cập nhật, công khai TTHC trên Cổng Dịch vụ công của tỉnh"}
    # a task column alone takes it all; too few capitals: the task takes it all too
    assert _left_cells(text, len(text), ["stt", "nhiem_vu"]) == {"nhiem_vu": (0, len(text))}
    plain = "giảm 10% số người làm việc hưởng lương từ ngân sách"
    assert _left_cells(plain, len(plain), cols) == {"nhiem_vu": (0, len(plain))}


def test_one_cell_per_line_row_one_read_by_ocr_as_a_letter() -> None:
    lines = _cell_table("Stt", ["i", "2"])
    app = read_appendix(lines, find_appendix(lines))
    assert [(r.stt, r.thoi_gian) for r in app.rows] == [("1", "Quy I/2030"), ("2", "Quy II/2030")]


def test_grid_deliverable_column_the_header_lost_before_the_lead_agency() -> None:
    from kehoach_parser.tables.assemble import RawRow
    from kehoach_parser.tables.grid import _deliverables_lead

    def row(lead: str) -> RawRow:
        r = RawRow()
        r.add("chu_tri", lead, 0)
        return r

    assert _deliverables_lead([row("Báo cáo kết quả rà soát Sở Tư pháp"),
                               row("Kế hoạch Sở Tư pháp"), row("Sở Nội vụ")])
    assert not _deliverables_lead([row("Sở Tư pháp"), row("Văn phòng UBND tỉnh"),
                                   row("Báo cáo")])


def test_one_cell_per_line_row_one_whose_number_ocr_lost() -> None:
    lines = _cell_table("Stt", ["al", "2"])
    app = read_appendix(lines, find_appendix(lines))
    one, two = app.rows
    assert (one.stt, one.nhiem_vu, one.thoi_gian) == ("1", "Ra soat van ban cua huyen",
                                                      "Quy I/2030")
    assert one.do_tin_cay < two.do_tin_cay  # its number was inferred
    assert two.stt == "2"


def test_ocr_grid_without_activity_column_has_no_further_activity_rows() -> None:
    # a line that starts every column anew where no number is free: in a table with an
    # activity column a further activity of the task above; here it is no row of its own
    extra = GRID.replace("hanh phap luat\n", "hanh phap luat\nTap huan | Lop tap huan | So Noi vu"
                         " | Cac xa | Quy 1/2030 | 5 trieu\n")
    lines = _lines(extra)
    assert [r.stt for r in read_appendix(lines, find_appendix(lines)).rows] == ["1", "2", "3"]
    with_activities = _lines(GRID_ACTIVITIES)
    assert [r.stt for r in read_appendix(with_activities, find_appendix(with_activities)).rows] \
        == ["1", "1", "2"]


def test_one_cell_per_line_rows_after_a_number_ocr_lost() -> None:
    lines = _cell_table("Stt", ["1", "y", "3"])
    rows = read_appendix(lines, find_appendix(lines)).rows
    # row 2's number is lost: row 3 is still read, row 2's cells are not given to it
    assert [r.stt for r in rows] == ["1", "3"]
    assert (rows[1].nhiem_vu, rows[1].thoi_gian) == ("Tap huan can bo", "Quy III/2030")


def test_running_text_rows_with_a_last_deliverable_column_the_header_lost() -> None:
    rows = ["1 Ra soat quy trinh noi bo cua So Van phong So Cac phong Quy II/2030 Bao cao ra soat",
            "2 Cong khai quy trinh giai quyet TTHC Van phong So Trung tam Thang 3/2030 "
            "Quy trinh duoc cong khai",
            "3 So hoa ho so giai quyet TTHC cua So Van phong So Trung tam Thuong xuyen "
            "Co so du lieu"]
    text = "\n".join(["PHU LUC", "TT Noi dung cong viec Don vi chu tri Don vi phoi hop Thoi gian",
                      *rows])
    lines = _lines(text)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.cot[-1] == "san_pham"
    assert [(r.thoi_gian, r.san_pham) for r in app.rows] == [
        ("Quy II/2030", "Bao cao ra soat"), ("Thang 3/2030", "Quy trinh duoc cong khai"),
        ("Thuong xuyen", "Co so du lieu")]
    assert any(w.ma == "header_incomplete" for w in app.warnings)


def test_running_text_rows_after_a_dotted_or_a_lost_number() -> None:
    dotted = FLOW.replace("\n3 Ra soat, don gian", "\n3. Ra soat, don gian")
    lost = FLOW.replace("\n2 Theo doi thi hanh", "\ny Theo doi thi hanh")
    for text, stts in ((dotted, ["1", "2", "3", "4"]), (lost, ["1", "3", "4"])):
        lines = _lines(text)
        assert [r.stt for r in read_appendix(lines, find_appendix(lines)).rows] == stts


GRID_AGENCIES = """Stt Nhiệm vụ Sản phẩm Cơ quan chủ trì | Cơ quan phối hợp Thời gian
I. Cải cách thể chế
1 Kiểm tra việc thi hành pháp | Kế hoạch Sở Tư pháp Các sở, ban, ngành | Quý I/2030
luật trên địa bàn tỉnh năm | Báo cáo UBND cấp huyện
2030
2 Tập huấn nghiệp vụ cho công | Lớp tập huấn Sở Nội vụ | Các sở, ban, ngành Quý II/2030
chức làm công tác văn thư | UBND cấp huyện
3 Rà soát quy trình nội bộ giải | Quyết định Văn phòng | Các sở, ban, ngành Quý III/2030
quyết thủ tục hành chính | UBND tỉnh"""


def test_ocr_grid_co_operating_agencies_each_on_a_line_of_their_own() -> None:
    lines = _lines(GRID_AGENCIES)
    one, two, three = read_appendix(lines, find_appendix(lines)).rows
    # "UBND cấp huyện" below a whole "Các sở, ban, ngành" is the next agency of that cell,
    # not the end of the deliverable before it, nor part of the name above
    assert (one.san_pham, one.phoi_hop) == ("Kế hoạch; Báo cáo",
                                            "Các sở, ban, ngành; UBND cấp huyện")
    assert one.don_vi_phoi_hop == ["Các sở, ban, ngành", "UBND cấp huyện"]
    assert two.phoi_hop == "Các sở, ban, ngành; UBND cấp huyện"
    # a lead cell names one agency: "Văn phòng" goes on below, the co-operating cell stays
    assert (three.chu_tri, three.phoi_hop) == ("Văn phòng UBND tỉnh", "Các sở, ban, ngành")
    # a task's line that starts with a capital goes on with the task (no "; ")
    assert one.nhiem_vu == "Kiểm tra việc thi hành pháp luật trên địa bàn tỉnh năm 2030"


@pytest.mark.parametrize(("item", "text", "new"), [
    ("Các sở, ban, ngành", "UBND cấp huyện", True),
    ("Sở Tư pháp", "- Phòng Tư pháp huyện", True),
    ("Văn phòng HĐND và UBND", "huyện", False),  # a wrapped name goes on
    ("Sở Thông tin và", "Truyền thông", False),
    ("Văn phòng", "UBND tỉnh", False),  # not a whole name yet
    ("Các sở, ban, ngành", "cấp huyện", False),
])
def test_an_agency_of_its_own_on_the_next_line(item: str, text: str, new: bool) -> None:
    from kehoach_parser.tables.gridkind import new_agency
    assert new_agency(item, text) is new


GRID_LOST_TWO = """PHỤ LỤC
Stt | Nhiệm vụ | Hoạt động | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí
1 | Giảm thời gian | Công khai | Cập nhật thủ tục | Báo cáo kết quả | Văn phòng UBND tỉnh \
| Các sở, ban, ngành | Quý I/2030 | 10 triệu
2 | Nâng cao năng lực | Đào tạo | Tập huấn cán bộ | Lớp tập huấn | Sở Nội vụ \
| UBND cấp huyện | Quý II/2030 | 20 triệu
3 | Tăng cường kỷ cương | Kiểm tra | Kiểm tra công vụ | Thông báo kết quả | Sở Nội vụ \
| Thanh tra tỉnh | Quý III/2030 | 5 triệu"""


def test_grid_header_that_lost_two_columns_is_read_under_the_usual_set_its_cells_fit() -> None:
    # OCR lost the objective and the deliverable cells of the header: inferring the first
    # alone left the deliverables inside the activities; the usual nine-column set, which
    # holds every column the header names, fits the cells' kinds better
    lines = _lines(GRID_LOST_TWO)
    app = read_appendix(lines, find_appendix(lines))
    assert app.table is not None and app.table.cot == [
        "stt", "muc_tieu", "nhiem_vu", "hoat_dong", "san_pham", "chu_tri", "phoi_hop",
        "thoi_gian", "kinh_phi"]
    assert [(r.muc_tieu, r.hoat_dong, r.san_pham) for r in app.rows][1] == (
        "Nâng cao năng lực", "Tập huấn cán bộ", "Lớp tập huấn")
    assert any(w.ma == "header_incomplete" and "muc_tieu, san_pham" in w.thong_diep
               for w in app.warnings)


def test_ocr_grid_row_whose_number_ocr_read_as_a_letter_mid_group() -> None:
    # "2" read as "g" before the row's first cell, a percentage: the row is a row of its
    # own (its number free between 1 and 3), not the end of row 1
    text = GRID.replace("2 Theo doi thi | Ke hoach", "g 80% Theo doi thi | Ke hoach")
    lines = _lines(text)
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "2", "3"]
    assert app.rows[1].nhiem_vu == "80% Theo doi thi hanh phap luat"
    assert app.rows[1].kinh_phi_vnd == 10_000_000


@pytest.mark.parametrize("glyph", ["S", "Z"])
def test_ocr_grid_row_whose_number_ocr_read_as_a_capital_letter(glyph: str) -> None:
    # "2" read as "Z" (or "5" as "S") alone before the row's first cell: the letter is the
    # row's number, not the first word of its task
    text = GRID.replace("2 Theo doi thi | Ke hoach", f"{glyph} Theo doi thi | Ke hoach")
    lines = _lines(text)
    app = read_appendix(lines, find_appendix(lines))
    assert [r.stt for r in app.rows] == ["1", "2", "3"]
    assert app.rows[1].nhiem_vu == "Theo doi thi hanh phap luat"


GRID_LAST_LOST = """Stt | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Thời gian | Kinh phí
I. Cải cách thể chế
1 Rà soát văn bản | Báo cáo | Sở Tư pháp | Quý I/2030 | 10 triệu
2 Kiểm tra việc thi | Kế hoạch kiểm tra | Sở Tư pháp | Quý II/2030 | 20 triệu
hành pháp luật | Thông báo kết luận
Giao quyền tự chủ tài | Quyết định | Sở Tài chính | Quý III/2030 | 5 triệu
chính giai đoạn
2030 - 2032

Stt | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Thời gian | Kinh phí
Công bố danh mục TTHC: | Quyết định phê duyệt | Văn phòng UBND tỉnh | Quý IV/2030 | 15 triệu
thực hiện trực tuyến | Kế hoạch"""


def test_ocr_grid_rows_after_the_last_printed_number_continue_it() -> None:
    lines = _lines(GRID_LAST_LOST)
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert [r.stt for r in rows] == ["1", "2", "3", "4"]
    # a year range ending a cell above a page's repeated header is the cell's, not the header's
    assert rows[2].nhiem_vu == "Giao quyền tự chủ tài chính giai đoạn 2030 - 2032"
    # deliverables on lines of their own are items; a plan named after a verb is no item
    assert rows[1].san_pham == "Kế hoạch kiểm tra; Thông báo kết luận"
    assert rows[3].san_pham == "Quyết định phê duyệt Kế hoạch"


def test_ocr_grid_rows_numbered_anew_in_each_group_continue_in_their_group() -> None:
    text = GRID_LAST_LOST.replace("Giao quyền tự chủ tài |", "II. Cải cách tài chính công\n"
                                  "1 Giao quyền tự chủ tài |")
    lines = _lines(text)
    assert [r.stt for r in read_appendix(lines, find_appendix(lines)).rows] == [
        "1", "2", "1", "2"]


@pytest.mark.parametrize(("item", "text", "new"), [
    ("Kế hoạch kiểm tra", "Thông báo kết luận", True),
    ("Báo cáo kết quả", "Kế hoạch năm sau", True),
    ("Báo cáo kết quả thực hiện", "Kế hoạch", False),  # the plan the report is about
    ("Quyết định phê duyệt", "Kế hoạch", False),
    ("Quyết định của", "Chủ tịch UBND tỉnh", False),  # no deliverable head
    ("Kế hoạch kiểm tra", "thông báo kết luận", False),  # lower case goes on
])
def test_a_deliverable_of_its_own_on_the_next_line(item: str, text: str, new: bool) -> None:
    from kehoach_parser.tables.gridkind import new_product
    assert new_product(item, text) is new
