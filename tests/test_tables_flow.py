"""The running-text reader (tables/flow.py) on rows whose cell boundaries OCR damaged (text
written for these tests): a gap read as ``_``, a deliverable's head word damaged, a blank
budget cell."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables import find_appendix, read_appendix
from kehoach_parser.tables.flow import _WORD, _boundaries, _marked, _task_end

HEAD = ["PHU LUC", "Stt Nhiemvu Sanpham Coquanchutri Co quan phoi hop Thoigian Kinh phi"]
ROW_1 = ("1 Ra soat van ban quy pham phap luat cua tinh Bao cao ket qua So Tu phap "
         "Cac so, ban, nganh Thang 12/2030 30 trieu")
ROW_3 = ("3 Tap huan nghiep vu cho can bo cap xa Lop tap huan So Noi vu Cac xa, phuong "
         "Quy 2/2030 5 trieu")  # rows as running text are told by three numbers in a row


def _rows(*rows: str) -> list[tuple[str | None, ...]]:
    lines = [Line(t, n + 1) for n, t in enumerate([*HEAD, ROW_1, *rows, ROW_3])]
    out = read_appendix(lines, find_appendix(lines)).rows[1:-1]
    return [(r.nhiem_vu, r.san_pham, r.chu_tri, r.thoi_gian, r.kinh_phi) for r in out]


def test_gap_read_as_an_underscore_ends_the_task() -> None:
    row = ("2 Kiem tra to chuc va hoat dong cua cac co quan cap huyen_Ke hoach kiem tra "
           "So Noi vu Cac co quan lien quan Quy 3/2030 25 trieu")
    assert _rows(row) == [("Kiem tra to chuc va hoat dong cua cac co quan cap huyen",
                           "Ke hoach kiem tra", "So Noi vu", "Quy 3/2030", "25 trieu")]


def test_task_kept_when_the_deliverable_head_is_damaged() -> None:
    # "Quyetdinh" is no deliverable word: the task still ends before it (the row was
    # lost whole), and what lies between is reported, not guessed
    row = ("2 Giao quyen tu chu tai chinh cho cac don vi su nghiep Quyetdinh giaotuchu "
           "So Tai chinh Cac so, ban, nganh Truoc ngay 31/3/2030 Kinh phi thuong xuyen")
    lines = [Line(t, n + 1) for n, t in enumerate([*HEAD, ROW_1, row, ROW_3])]
    app = read_appendix(lines, find_appendix(lines))
    two = app.rows[1]
    assert (two.nhiem_vu, two.san_pham, two.chu_tri) == (
        "Giao quyen tu chu tai chinh cho cac don vi su nghiep", None, "So Tai chinh")
    assert two.do_tin_cay <= 0.5
    assert any("Quyetdinh giaotuchu" in w.thong_diep for w in app.warnings)


def test_deliverable_between_a_marked_gap_and_the_lead_agency() -> None:
    row = ("2 Cong khai thu tuc hanh chinh cua tinh dung quy dinh = TTHC duoc cong khai "
           "Van phong UBND tinh Cac so, ban, nganh Thuong xuyen Kinh phi thuong xuyen")
    assert _rows(row) == [("Cong khai thu tuc hanh chinh cua tinh dung quy dinh",
                           "TTHC duoc cong khai", "Van phong UBND tinh", "Thuong xuyen",
                           "Kinh phi thuong xuyen")]


def test_blank_budget_cell_does_not_stop_the_cells_left_of_it() -> None:
    row = ("2 Ra soat quy trinh noi bo cua huyen Bao cao ra soat Van phong UBND tinh "
           "Cac phong, ban Quy 2/2030")
    assert _rows(row) == [("Ra soat quy trinh noi bo cua huyen", "Bao cao ra soat",
                           "Van phong UBND tinh", "Quy 2/2030", None)]


def test_boundaries_and_task_end() -> None:
    text = "Cong khai TTHC tai Bo phan Mot cua cua xa Baocao UBND"
    marked, plain = _boundaries(text, len(text))
    assert not marked and [text[p:p + 6] for p in plain] == ["Mot cu", "Baocao"]
    words = "huyen_Ke"
    a, b = list(_WORD.finditer(words))
    assert _marked(words, a, b) and (a.group(), b.group()) == ("huyen", "Ke")
    vocab = {"product_heads": ["bao cao"], "agency_heads": ["so"]}
    # nothing tells where a three-cell left part ends with one boundary: 0 (not guessed)
    assert _task_end("Giam chi phi hanh chinh Mot cua lien thong", 42, vocab, 3) == (0, None)


ACTIVITIES = [
    "PHU LUC",
    "Stt Muc tieu Nhiem vu Hoat dong San pham Co quan chu tri Co quan phoi hop Thoi gian "
    "Kinh phi",
    "1 Giam chi phi tuan thu TTHC Ra soat TTHC Ra soat quy trinh cua tinh Bao cao ra soat "
    "So Tu phap Cac so, ban, nganh Quy 1/2030 10 trieu",
    "2 Nang muc do hai long cua nguoi dan Nang cap Cong dich vu Tich hop thanh toan truc "
    "tuyen Bao cao ket qua Van phong UBND tinh Cac so, nganh Thang 12/2030 1.200 trieu",
    "Tap huan su dung dich vu cong truc tuyen Lop tap huan So Noi vu UBND cap huyen "
    "Quy 2/2030 150 trieu",
    "Stt Muc tieu Nhiem vu Hoat dong San pham Co quan chu tri Co quan phoi hop Thoi gian "
    "Kinh phi",
    "POs ae Se 6 7 8.8",
    "3 Nang cao chat luong can bo Dao tao can bo Boi duong ky nang so cho can bo Lop boi "
    "duong So Noi vu UBND cap huyen Hang nam 500 trieu",
]


def test_further_activity_of_a_task_is_a_row_repeating_objective_and_task() -> None:
    lines = [Line(t, n + 1) for n, t in enumerate(ACTIVITIES)]
    rows = read_appendix(lines, find_appendix(lines)).rows
    assert [(r.stt, r.hoat_dong, r.kinh_phi) for r in rows] == [
        ("1", "Ra soat quy trinh cua tinh", "10 trieu"),
        ("2", "Tich hop thanh toan truc tuyen", "1.200 trieu"),
        (None, "Tap huan su dung dich vu cong truc tuyen", "150 trieu"),
        # the header's damaged column numbering after a page's header is no text of row 3
        ("3", "Boi duong ky nang so cho can bo", "500 trieu")]
    assert (rows[2].muc_tieu, rows[2].nhiem_vu) == (rows[1].muc_tieu, rows[1].nhiem_vu) == (
        "Nang muc do hai long cua nguoi dan", "Nang cap Cong dich vu")


def test_a_line_after_a_budget_that_does_not_end_as_a_row_goes_on_with_it() -> None:
    text = [*ACTIVITIES[:4], "Ghi chu them cho nhiem vu tren", ACTIVITIES[-1]]
    lines = [Line(t, n + 1) for n, t in enumerate(text)]
    assert [r.stt for r in read_appendix(lines, find_appendix(lines)).rows] == ["1", "2", "3"]
