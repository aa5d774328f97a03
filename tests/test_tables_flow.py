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
