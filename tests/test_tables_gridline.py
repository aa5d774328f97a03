"""How one OCR'd grid line is cut into its cells' fragments (tables/gridline.py)."""

from __future__ import annotations

import pytest

from kehoach_parser.tables.gridline import Context, GridLine, words
from kehoach_parser.tables.gridrow import segment

COLUMNS = ["nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"]
WIDTHS = {"nhiem_vu": 26.0, "san_pham": 17.0, "chu_tri": 12.0, "phoi_hop": 15.0,
          "thoi_gian": 17.0, "kinh_phi": 16.0}


@pytest.mark.parametrize(("task", "above", "word"), [
    ("trực tuyến toàn trình", "Chủ tịch UBND", "tinh"),
    ("sự nghiệp công lập thuộc", "Tờ trình UBND", "huyen"),
])
def test_a_word_that_ends_an_agency_name_begun_above_goes_on_with_it(task: str, above: str,
                                                                       word: str) -> None:
    # the task cell's last line and the deliverable cell's last word side by side: the word
    # (left unrestored) ends the agency name the deliverable's line above began, with an
    # acronym the LM does not know, not the task's sentence
    line = GridLine(words(f"{task} {word}"))
    ctx = Context(first=False, widths=WIDTHS,
                  prev={"nhiem_vu": "thực hiện dịch vụ công", "san_pham": above})
    (_, frags), *_ = segment(line, COLUMNS, ctx)
    assert [(f.column, f.text) for f in frags] == [("nhiem_vu", task), ("san_pham", word)]
