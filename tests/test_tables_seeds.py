"""The appendix tables of the seed plans (read from /work/shared, never copied here).

Counts were taken by reading each seed's appendix by hand: 004 (tab-separated) has 19 task
rows in 7 groups, 002 (one cell per paragraph) 23 numbered tasks and one unnumbered sub-row;
000 (OCR'd, columns interleaved) prints row numbers 10 to 16.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_parser import read
from kehoach_parser.models import Dong
from kehoach_parser.tables import Appendix, find_appendix, read_appendix

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _appendix(prefix: str) -> Appendix:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not available")
    lines = read.read_bytes(found[0].read_bytes()).lines
    start = find_appendix(lines)
    assert start is not None
    return read_appendix(lines, start)


def _find(rows: list[Dong], words: str) -> Dong:
    return next(r for r in rows if r.nhiem_vu and words in r.nhiem_vu)


def test_seed_004_tab_every_row_in_its_columns() -> None:
    app = _appendix("004")
    assert app.table is not None and app.table.bo_cuc == "tab"
    rows = app.rows
    assert len(rows) == 19
    assert [len([r for r in rows if r.nhom == g]) for g in dict.fromkeys(r.nhom for r in rows)] \
        == [2, 3, 2, 4, 2, 3, 3]
    # the group name cut by a page break is whole again
    assert rows[-4].nhom is not None and rows[-4].nhom.endswith("chính quyền số")
    # the group cell printed on a group's second row belongs to its first too
    assert rows[-3].stt == "1" and rows[-3].nhom == rows[-2].nhom
    assert all(r.chu_tri and r.phoi_hop and r.thoi_gian and r.san_pham for r in rows)
    assert all(r.thoi_han for r in rows)
    row = _find(rows, "Kế hoạch kiểm soát, rà soát TTHC năm 2023")
    assert row.san_pham == "- Kế hoạch; - Báo cáo kết quả thực hiện"  # items as in 002
    assert [t.loai for t in row.thoi_han] == ["thang", "dinh_ky"]
    row = _find(rows, "Niêm yết 100% TTHC cấp xã")
    assert (row.chu_tri, row.phoi_hop) == ("UBND các xã, thị trấn", "Văn phòng HĐND và UBND huyện")
    assert row.thoi_han[0].loai == "dinh_ky"
    assert not app.warnings and app.table.do_tin_cay > 0.9


def test_seed_002_paragraph_every_row_in_its_columns() -> None:
    app = _appendix("002")
    assert app.table is not None and app.table.bo_cuc == "paragraph"
    rows = app.rows
    assert len(rows) == 24
    assert len([r for r in rows if r.stt]) == 23
    sub = next(r for r in rows if not r.stt)  # the unnumbered sub-row under task 1
    assert sub.nhiem_vu is not None and "thi hành pháp luật năm 2022" in sub.nhiem_vu
    assert sub.thoi_han and sub.thoi_han[0].loai == "truoc_ngay"
    assert len({r.nhom for r in rows}) == 7
    # a row cut by a page break: its task text goes on below the other cells
    row = _find(rows, "Hoàn thiện và ban hành quyết")
    assert row.nhiem_vu is not None and row.nhiem_vu.endswith("62/2020/NĐ-CP ngày 01/6/2020 của "
                                                              "Chính phủ")
    assert (row.san_pham, row.chu_tri, row.thoi_gian) == ("- Quyết định", "Phòng Nội vụ",
                                                          "Quý 2/2022")
    # two cells on one line, and cells wrapped over several lines
    row = _find(rows, "Xây dựng và ban hành văn bản")
    assert (row.phoi_hop, row.thoi_gian) == ("Phòng Tư pháp", "Trong năm 2022")
    # a task's last line that reads like a deliverable, above the row's real deliverable
    row = _find(rows, "Kế hoạch kiểm soát, rà soát TTHC năm 2022")
    assert row.san_pham == "- Kế hoạch; - Báo cáo kết quả thực hiện"
    row = _find(rows, "Kế hoạch tuyên truyền CCHC năm 2022")
    assert row.san_pham_ds == ["Kế hoạch", "Báo cáo kết quả (lồng ghép với kết quả CCHC)"]
    row = _find(rows, "Kiểm tra CCHC và kiểm tra công vụ")
    assert row.san_pham_ds == ["Kế hoạch", "Báo cáo kết quả"]
    assert [t.loai for t in row.thoi_han] == ["thang", "thang"]
    assert all(r.chu_tri and r.phoi_hop and r.thoi_gian for r in rows if r.stt)
    assert app.table.do_tin_cay > 0.7


def test_seed_000_ocr_surviving_rows_low_confidence() -> None:
    app = _appendix("000")
    assert app.table is not None and app.table.bo_cuc == "ocr"
    rows = app.rows
    numbers = list(dict.fromkeys(r.stt for r in rows))
    assert set(numbers) <= {str(n) for n in range(10, 17)} and len(numbers) >= 6
    assert all(r.do_tin_cay < 1 for r in rows) and app.table.do_tin_cay < 0.5
    amounts = {r.kinh_phi_vnd for r in rows if r.kinh_phi_vnd}
    assert amounts <= {5_000_000, 15_000_000, 40_000_000} and 15_000_000 in amounts
    assert all(r.thoi_gian is None or r.thoi_han for r in rows)
    # row 14 prints four numbered activities (3.1 to 3.4): one row each, same objective
    fourteen = [r for r in rows if r.stt == "14"]
    assert len(fourteen) == 4 and len({r.muc_tieu for r in fourteen}) == 1
    assert any(t.loai == "quy" and str(t.den) == "2022-12-31" for r in rows for t in r.thoi_han)
    assert all(g and g.split(".")[0] in {"V", "VI", "VII"} for g in (r.nhom for r in rows))


def test_seed_000_ocr_item_numbers_whose_dot_was_lost() -> None:
    app = _appendix("000")
    rows = app.rows
    # every printed row number from 10 to 16 survives, each once as a task, in order
    assert list(dict.fromkeys(r.stt for r in rows)) == [str(n) for n in range(10, 17)]
    # "21" before 2.2 is task 2.1 of row 14's first activity, "38" after 3.7 activity 3.8
    # of row 16: one row per activity, 12 in all, never more
    assert len(rows) == 12 and [r.stt for r in rows].count("16") == 2
    first = next(r for r in rows if r.stt == "14")
    assert first.nhiem_vu is not None and first.nhiem_vu.startswith("Xay dung")
    assert all(r.do_tin_cay < 0.5 for r in rows if any(
        getattr(r, c) is None for c in ("nhiem_vu", "san_pham", "chu_tri", "thoi_gian")))
