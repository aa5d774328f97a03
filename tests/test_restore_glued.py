"""Words OCR ran together are split apart (restore/glued.py)."""

from __future__ import annotations

import pytest

from kehoach_parser import parse
from kehoach_parser.restore import restore, restore_and_explain

# A line of OCR'd text around each case: the split applies only where marks were lost.
_OCR = "Cac co quan thuc hien theo ke hoach cua UBND tinh va bao cao ket qua. "


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        ("Quyétdinh phé duyét", "Quyết định phê duyệt"),
        ("So Néivu chu tri", "Sở Nội vụ chủ trì"),
        ("Van phongHDND va UBND", "Văn phòng HĐND và UBND"),  # the case change is the cut
        ("Van phong UBNDtinh", "Văn phòng UBND tỉnh"),
        ("Hoanthién hé thong quanly van ban", "Hoàn thiện hệ thống quản lý văn bản"),
        ("Tichhopthanh toan", "Tích hợp thanh toán"),  # three syllables
        ("SéTh6ngtinva Truyén thong", "Sở Thông tin và Truyền thông"),  # four
    ],
)
def test_words_run_together_are_split(ocr: str, expected: str) -> None:
    assert restore(f"{_OCR}\n{ocr}").split("\n")[1] == expected


@pytest.mark.parametrize(
    "word",
    ["online", "Internet", "website", "Facebook", "smartphone", "VNeID", "eGov", "CHIiNH"],
)
def test_foreign_words_and_names_stay_whole(word: str) -> None:
    # "online" cuts into syllables (ồn lũ nề) that no phrase has
    assert word in restore(f"{_OCR}\nDich vu {word} cua tinh").split("\n")[1].split()


def test_a_damaged_word_the_fallback_reads_whole_is_not_split() -> None:
    # chive (chức, ư read as iv) is no "chi về"
    assert restore("to chive bo may va lich sty dia phuong").startswith("tổ chức")


def test_clean_text_is_never_split() -> None:
    text = "Thực hiện theo Kế hoạch của Ủy ban nhân dân tỉnh về cải cách hành chính.\nTaichinh"
    assert restore(text) == text


def test_each_piece_is_explained() -> None:
    _, changes = restore_and_explain(f"{_OCR}\nQuyétdinh phé duyét")
    pieces = [c for c in changes if c.line == 2 and c.original in ("Quyét", "dinh")]
    assert [(c.original, c.replacement, c.column) for c in pieces] == [
        ("Quyét", "Quyết ", 1), ("dinh", "định", 6)]
    assert "ran together" in pieces[0].reason


def test_the_printed_line_keeps_the_split_so_words_pair_up() -> None:
    plan = parse(f"{_OCR}\nQuyétdinh phé duyét\n".encode())
    split = [s for s in plan.sua_doi if s.goc == "Quyét"]
    assert split and split[0].moi == "Quyết " and split[0].span.column == 1
