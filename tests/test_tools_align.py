"""Alignment code behind the OCR confusion tables and the restoration benchmark (no tesseract)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

align = pytest.importorskip("align")


def _bench():
    spec = importlib.util.spec_from_file_location("restore_bench", ROOT / "bench/restore_bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["restore_bench"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_fold_strips_marks_and_dd():
    assert align.fold("Đồng Tháp CỬA") == "dong thap cua"


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("Thuỷ", "thủy"), ("khoẻ", "khỏe"), ("uỷ", "ủy"), ("hoá.", "hóa")],
)
def test_old_and_new_tone_placement_are_one_syllable(old, new):
    assert align.norm_syllable(old) == align.norm_syllable(new) == new


@pytest.mark.parametrize("word", ["hoàn", "quý", "quỳ", "thuyền", "của"])
def test_tone_normalisation_leaves_other_syllables(word):
    assert align.norm_syllable(word) == word


def test_align_lines_skips_stray_and_lost_lines():
    truth = ["Thực hiện kế hoạch số 5", "của Ủy ban nhân dân tỉnh", "Đồng Tháp năm 2022"]
    ocr = ["~ ' .", "Thuc hién ké hoach s6 5", "Pong Thap nam 2022"]
    assert align.align_lines(truth, ocr) == [(0, 1), (2, 2)]


def test_align_tokens_handles_split_and_merge():
    truth = ["Thực", "hiện", "của", "Ủy", "ban", "chuyên", "nghiệp"]
    ocr = ["Thuc", "hién", "cuaUy", "ban", "chu", "yén", "nghi¢p"]
    spans = align.align_tokens(truth, ocr)
    got = [(" ".join(truth[a:b]), " ".join(ocr[c:d])) for (a, b), (c, d) in spans]
    assert got == [
        ("Thực", "Thuc"),
        ("hiện", "hién"),
        ("của Ủy", "cuaUy"),
        ("ban", "ban"),
        ("chuyên", "chu yén"),
        ("nghiệp", "nghi¢p"),
    ]


def test_align_tokens_keeps_one_letter_substitutions_one_to_one():
    spans = align.align_tokens(["nhà", "ở", "xã", "hội"], ["nha", "6", "xa", "hội"])
    assert spans == [((k, k + 1), (k, k + 1)) for k in range(4)]


def test_align_tokens_leaves_unmatched_tokens_alone():
    spans = align.align_tokens(["một", "hai"], ["mot", "|", "hai"])
    assert ((1, 1), (1, 2)) in spans


@pytest.mark.parametrize(
    ("truth", "ocr", "expected"),
    [
        ("số", "s6", [("s", "s"), ("ố", "6")]),
        ("cửa", "ctra", [("c", "c"), ("ử", "tr"), ("a", "a")]),
        ("đồng", "pong", [("đ", "p"), ("ồ", "o"), ("n", "n"), ("g", "g")]),
        ("với", "v&i", [("v", "v"), ("ớ", "&"), ("i", "i")]),
        ("hội", "hi", [("h", "h"), ("ộ", ""), ("i", "i")]),
    ],
)
def test_align_chars_chunks(truth, ocr, expected):
    assert align.align_chars(truth, ocr) == expected


def test_align_chars_chunks_never_exceed_three_chars():
    for t, o in align.align_chars("nghiệp", "xxxxxxxxx"):
        assert len(t) <= 3 and len(o) <= 3


def test_learn_counts_chunks_and_split_tokens():
    learn = pytest.importorskip("learn_confusions")
    chunks, toks, n = learn.learn([("Số của Ủy ban", "S6 cuaUy ban")])
    assert n == 4
    assert chunks[("ố", "6")] == 1
    assert toks[("của ủy", "cuauy")] == 1 and toks[("ban", "ban")] == 1


def test_learn_keeps_one_letter_words_read_as_symbols():
    learn = pytest.importorskip("learn_confusions")
    _, toks, _ = learn.learn([("nhà ở xã hội", "nha 6 xa hdi"), ("một hai", "zzz hai")])
    assert toks[("ở", "6")] == 1 and toks[("hội", "hdi")] == 1
    assert ("một", "zzz") not in toks  # a misalignment, not a confusion


def test_bench_score_counts_aligned_syllables_only():
    bench = _bench()
    s = bench.Score()
    s.add_line("Ủy ban nhân dân tỉnh hoà 2022", "Uỷ ban nhan dân tinh hòa 2022")
    assert (s.total, s.correct) == (6, 4)  # 2022 is no syllable; hoà = hòa, uỷ = ủy
    assert (s.marked_total, s.marked_correct) == (5, 3)
    merged = bench.Score()
    merged.add_line("của Ủy ban", "củaỦy ban")
    assert (merged.total, merged.correct) == (3, 1)  # a merged token is wrong for both


def test_strip_marks_keeps_case():
    assert _bench().strip_marks("Đồng Tháp, ngày") == "Dong Thap, ngay"


def test_bench_counts_numbers_the_output_broke():
    s = _bench().Score()
    # 6 and 31/7/2025 are intact in the input; 12 is not (OCR read it as l2), so it is not
    # restoration's to break.
    s.add_line("nhà ở 6 tầng ngày 31/7/2025 có 12 xã", "nha ở là tầng ngay 31/7/2025 co 12 xa",
               "nha ở 6 tang ngay 31/7/2025 co l2 xa")
    assert s.numbers == 2
    assert dict(s.numbers_changed) == {("6", "là"): 1}
