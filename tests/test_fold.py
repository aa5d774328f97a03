from __future__ import annotations

import pytest

from kehoach_parser.fold import fold, ocr_fold, ocr_fold_with_map


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MỤC ĐÍCH, YÊU CẦU", "muc dich, yeu cau"),
        ("MUC PICH, YEU CAU", "muc dich, yeu cau"),  # Đ read as P
        ("s6 367/KH-UBND", "so 367/kh-ubnd"),  # ố read as 6, inside a word only
        ("x& hội", "xa hoi"),
        ("nghi¢p", "nghiep"),
        ("HQI PONG", "hoi dong"),  # Ộ read as Q
        ("Quý IV", "quy iv"),  # a real q before u stays
        ("Phòng Nội vụ", "phong noi vu"),  # ph- is not an Đ
        ("năm 2026", "nam 2026"),  # digits on their own are numbers
    ],
)
def test_ocr_fold(text: str, expected: str) -> None:
    assert ocr_fold(text) == expected


def test_map_points_back_into_the_original() -> None:
    text = "Số: 15/KH-UBND"
    folded, index = ocr_fold_with_map(text)
    start = folded.index("kh")
    assert text[index[start] : index[start + 6] + 1] == "KH-UBND"


def test_fold_keeps_letters_of_correct_text() -> None:
    assert fold("Ủy ban nhân dân tỉnh Đồng Tháp") == "uy ban nhan dan tinh dong thap"
