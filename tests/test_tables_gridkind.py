"""What a fragment of an OCR'd grid line is, as an agency cell's continuation."""

from __future__ import annotations

import pytest

from kehoach_parser.tables.gridkind import kind_score


@pytest.mark.parametrize(
    ("before", "text", "penalised"),
    [
        ("Văn phòng Sở", "thông tin và truyền thông", True),  # Sở Thông tin would be capitalised
        ("Văn phòng Sở", "Tư pháp", False),
        ("Các Phòng", "chuyên môn", False),  # a word a head is followed by in lower case
        ("Sở Nội vụ, Phòng", "tỉnh", False),
        ("Các sở,", "ngành", False),  # a list, no name head
        ("Phòng Công nghệ", "thông tin", False),  # the name goes on after its first word
    ],
)
def test_lower_case_below_a_capitalised_name_head(before: str, text: str,
                                                  penalised: bool) -> None:
    below_head = kind_score("chu_tri", text, before)
    elsewhere = kind_score("chu_tri", text, "Phòng Công nghệ")
    assert (below_head < elsewhere) is penalised
