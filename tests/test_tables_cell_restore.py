"""An OCR'd grid's cells, restored again each on its own, list what that changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_parser import parse

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GRIDS = sorted(SAMPLES.glob("*grid_ocr*.txt"))


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_every_word_a_task_cell_changed_is_explained(path: Path) -> None:
    """Each word of a task cell that its printed lines do not hold as printed is the
    replacement of a repair (sua_doi) within the row's lines."""
    plan = parse(path)
    printed = path.read_text(encoding="utf-8").split("\n")
    assert plan.phu_luc, "the sample has a grid"
    for before, row in zip([None, *plan.phu_luc], plan.phu_luc, strict=False):
        if before is not None and before.stt == row.stt:
            continue  # a further activity: its task cells are the task's, printed above
        lines = range(row.span.line, row.span.end_line + 1)
        text = " ".join(printed[n - 1] for n in lines).split()
        made = " ".join(r.moi for r in plan.sua_doi if r.span.line in lines).split()
        for word in (row.nhiem_vu or "").split():
            assert word in text or word in made, (row.stt, word)


def test_a_repair_of_a_cell_replaces_the_first_readings_of_its_words() -> None:
    plan = parse(SAMPLES / "01_tinh_quang_tri_2024_tab_grid_ocr.txt")
    cells = [r for r in plan.sua_doi if r.ly_do.startswith("table cell")]
    assert cells
    for c in cells:
        # no repair of the first reading is left inside a cell's span
        assert not any(r is not c and r.span.line == c.span.line
                       and c.span.column <= r.span.column < c.span.end_column
                       for r in plan.sua_doi)
        line = (SAMPLES / "01_tinh_quang_tri_2024_tab_grid_ocr.txt").read_text(
            encoding="utf-8").split("\n")[c.span.line - 1]
        assert line[c.span.column - 1:c.span.end_column - 1] == c.goc


def test_a_colon_ocr_read_from_the_ruling_is_left_out_and_listed() -> None:
    # "Céng bé danh myc TTHC: | Quyét …" / "thyc hién …": the colon stands against the
    # ruling, and the task cell goes on in lower case below it
    path = SAMPLES / "01_tinh_quang_tri_2024_tab_grid_ocr_s41.txt"
    plan = parse(path)
    row = next(r for r in plan.phu_luc if (r.nhiem_vu or "").startswith("Công bố danh mục"))
    assert row.nhiem_vu is not None and ":" not in row.nhiem_vu
    ruling = [r for r in plan.sua_doi if "ruling" in r.ly_do]
    assert [(r.goc[-5:], r.moi[-4:]) for r in ruling] == [("TTHC:", "TTHC")]
    assert row.span.line <= ruling[0].span.line <= row.span.end_line
