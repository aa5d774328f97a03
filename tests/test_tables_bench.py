"""bench/tables_bench.py's matching and scoring on tiny invented tables."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from tables_bench import cell_verdict, flagged, match_rows, score, wrong_kind

A = {"stt": "1", "nhiem_vu": "Rà soát, đơn giản hóa thủ tục hành chính"}
B = {"stt": "2", "nhiem_vu": "Công khai quy trình nội bộ giải quyết TTHC"}
C = {"stt": "3", "nhiem_vu": "Số hóa hồ sơ, kết quả giải quyết TTHC"}
X = {"stt": "4", "nhiem_vu": "Tổ chức hội nghị tập huấn nghiệp vụ văn thư"}


def test_rows_match_on_task_text_not_on_number() -> None:
    renumbered = [{**B, "stt": "1"}, {**C, "stt": None}]
    assert match_rows([A, B, C], renumbered) == [(1, 0), (2, 1)]
    # OCR damage and lost diacritics still find the task
    assert match_rows([A, B], [{"nhiem_vu": "Ra soat, don gian hoa thu tuc hanh chinh"}]) == [(0, 0)]


def test_matching_is_one_to_one_and_keeps_order() -> None:
    assert match_rows([A, B], [A, X, B]) == [(0, 0), (1, 2)]  # X is invented
    assert len(match_rows([A, B], [B, A])) == 1  # rows out of order: one pair only
    assert match_rows([A], [A, A]) == [(0, 0)]  # a duplicate output row stays unmatched
    assert match_rows([A, B], [{"nhiem_vu": None, "chu_tri": "Sở Nội vụ"}]) == []


def test_two_activities_of_one_task_are_told_apart() -> None:
    one = {"nhiem_vu": "Đào tạo, bồi dưỡng", "hoat_dong": "Bồi dưỡng kỹ năng số cho cán bộ"}
    two = {"nhiem_vu": "Đào tạo, bồi dưỡng", "hoat_dong": "Tập huấn nghiệp vụ văn thư lưu trữ"}
    assert match_rows([one, two], [two]) == [(1, 0)]


ROW = {"nhiem_vu": "Rà soát TTHC", "chu_tri": "Sở Tư pháp",
       "phoi_hop": "Các sở, ban, ngành; UBND cấp huyện", "thoi_gian": "Quý II/2024",
       "san_pham": None}


def test_cell_verdicts() -> None:
    def verdict(column: str, got: Any) -> str:
        return cell_verdict(column, ROW, {**ROW, column: got})

    assert verdict("phoi_hop", "- Các sở, ban,  ngành\n- UBND cấp huyện.") == "exact"
    assert verdict("phoi_hop", "Các sở, ban, nganh; UBND cấp huyện") == "close"
    assert verdict("chu_tri", "Các sở, ban, ngành; UBND cấp huyện") == "wrong_column"
    assert verdict("chu_tri", None) == "missing"
    assert verdict("chu_tri", "Sở") == "other"  # cut, not another column's text
    assert verdict("thoi_gian", "Quý II") == "other"
    assert verdict("san_pham", "Sở Tư pháp") == "wrong_column"  # expected empty
    assert verdict("san_pham", "Báo cáo") == "other"
    assert verdict("san_pham", "") == "exact"


def test_flagged_by_confidence_or_a_warning_on_its_lines() -> None:
    row = {"do_tin_cay": 0.9, "span": {"line": 10, "end_line": 12}}
    assert not flagged(row, [])
    assert flagged({**row, "do_tin_cay": 0.5}, [])
    assert flagged(row, [{"ma": "unplaced_cell", "span": {"line": 12, "end_line": 12}}])
    assert not flagged(row, [{"ma": "unplaced_cell", "span": {"line": 13, "end_line": 13}}])
    assert not flagged(row, [{"ma": "unplaced_cell", "span": {"line": 8, "end_line": 9}}])
    assert not flagged(row, [{"ma": "not_a_plan", "span": None}])


def test_wrong_kind_cells() -> None:
    assert wrong_kind({"thoi_gian": "Quý II/2024", "kinh_phi": "30 triệu đồng",
                       "chu_tri": "Sở Nội vụ", "san_pham": "Báo cáo kết quả"}) == []
    assert [k[:2] for k in wrong_kind({"san_pham": "Quý II/2024"})] == [("san_pham", "time")]
    assert [k[:2] for k in wrong_kind({"chu_tri": "30 triệu đồng"})] == [("chu_tri", "money")]
    assert [k[:2] for k in wrong_kind({"san_pham": "Sở Nội vụ, Sở Tài chính"})] \
        == [("san_pham", "agency")]
    assert wrong_kind({"phoi_hop": "Sở Nội vụ, Sở Tài chính"}) == []


def test_score_counts_rows_cells_and_flags() -> None:
    span = {"line": 1, "end_line": 1}
    expected = [{**A, "chu_tri": "Sở Tư pháp", "thoi_gian": "Quý II/2024"},
                {**B, "chu_tri": "Văn phòng Sở"}, C]
    plan = {"phu_luc_bang": {"cot": ["stt", "nhiem_vu", "chu_tri", "thoi_gian"],
                             "do_tin_cay": 0.7},
            "phu_luc": [
                {**A, "chu_tri": "Sở Tư pháp", "thoi_gian": "Quý II/2024",
                 "do_tin_cay": 0.9, "span": span},
                {**X, "do_tin_cay": 0.9, "span": span},
                {**B, "chu_tri": "Quý II/2024", "do_tin_cay": 0.4, "span": span}]}
    s = score("t", expected, plan)
    assert (s.expected, s.output, s.matched, s.missed, s.invented) == (3, 3, 2, 1, 1)
    assert s.cells["nhiem_vu"]["exact"] == 2
    assert s.cells["chu_tri"]["exact"] == 1 and s.cells["chu_tri"]["other"] == 1
    assert s.cells["thoi_gian"]["exact"] == 1 and sum(s.cells["thoi_gian"].values()) == 1
    assert (s.nonexact_rows, s.nonexact_flagged, s.exact_flagged) == (1, 1, 0)
    assert s.structure.rows == 3 and s.structure.wrong_kind == 1  # a time in chu_tri
    assert s.structure.full_rows == 1  # X has no chu_tri, B no thoi_gian
    assert s.structure.mean_row_conf == round((0.9 + 0.9 + 0.4) / 3, 3)
