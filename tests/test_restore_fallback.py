"""The fallback readings for words the OCR channel cannot read (restore/fallback.py)."""

from __future__ import annotations

import heapq
import math

import pytest
from rapidfuzz.distance import Levenshtein

from kehoach_parser.restore import restore
from kehoach_parser.restore.fallback import _near, costs, edit_cost, index, is_vowelless


def test_lookalike_substitutions_cost_half_an_edit() -> None:
    cheap = index().cheap
    assert ("n", "m") in cheap and ("u", "i") in cheap
    assert edit_cost("dung", "dimg", cheap) == 1.0  # u as i, n as m: two look-alikes
    assert edit_cost("moi", "medi", frozenset()) == 2.0  # o as e, d inserted
    assert edit_cost("kiem", "kieem", cheap) == 1.0
    assert edit_cost("cong", "cong", cheap) == 0.0


@pytest.mark.parametrize("form", ["dimg", "tcng", "gvh", "chuc", "nhiem", "kieem", "xy", "trg"])
def test_near_syllables_are_the_best_of_all_near_skeletons(form: str) -> None:
    """The scan of near skeletons stops early (by a floor under their scores): it keeps the
    same readings, in the same order, as ranking every skeleton as many letters away as
    the edits allowed."""
    idx, c = index(), costs()
    keep = 7.5
    ranked = []
    for f in idx.forms:
        if Levenshtein.distance(f, form) > math.ceil(c.max_edits):
            continue
        edits = edit_cost(f, form, idx.cheap)
        if 0 < edits <= c.max_edits:
            cost = keep + c.base + c.per_edit * edits
            ranked += [(cost + idx.prior[i], i, cost) for i in idx.by_form[f]]
    best = {i: cost for _, i, cost in heapq.nsmallest(c.keep, ranked)}
    assert list(_near(form, keep).items()) == list(best.items())


@pytest.mark.parametrize(("word", "expected"), [
    ("b", True), ("Mt", True), ("tr", True), ("đ", True),
    ("ba", False), ("nghm", False), ("5", False), ("b5", False),
])
def test_vowelless(word: str, expected: bool) -> None:
    assert is_vowelless(word) is expected


# Stripped, OCR-damaged sentences (a noisy document, where keeping garbage is costly).
@pytest.mark.parametrize(("ocr", "word"), [
    ("Uy ban xa tiep tuc kien toan doi ngu can b, cong chuc cap xa.", "cán bộ,"),
    ("Thuc hien theo Thong tu s 05 cua Bo Tai chinh ve quan ly tai san.", "số 05"),
    ("Day manh cong tac kieém tra, giam sat viec thuc hien nhiem vu.", "kiểm tra"),
    ("Tang cuong su phoi hop gilta cac co quan, don vi trong tinh.", "phối hợp giữa các"),
])
def test_damaged_words_are_read_in_context(ocr: str, word: str) -> None:
    assert word in restore(ocr)


@pytest.mark.parametrize(("ocr", "kept"), [
    ("Thuc hien theo diem b khoan 2 Dieu 5 cua Luat nay.", "điểm b khoản"),
    ("b) Noi dung kiem tra cua cac xa, thi tran trong huyen.", "b) Nội"),
    ("Chieu dai cua tuong rao la 5 m va chieu cao la 2 m.", "5 m"),
    ("Ap dung he thong quan ly chat luong theo tieu chuan ISO 9001.", "ISO 9001"),
    ("Cac muc a, b, c cua phan nay duoc sua doi.", "a, b, c"),
])
def test_letters_labels_units_and_acronyms_stay(ocr: str, kept: str) -> None:
    assert kept in restore(ocr)


def test_clean_text_keeps_a_lone_letter() -> None:
    text = "Đây là phương án b mà các cơ quan đã thống nhất trong cuộc họp."
    assert restore(text) == text


def test_a_short_heading_token_may_be_a_word_whose_d_was_read_as_p() -> None:
    assert restore("II. CHU PE VA NOI DUNG THI PUA") == "II. CHỦ ĐỀ VÀ NỘI DUNG THI ĐUA"
    assert restore("III. PHOI HOP VOI UBND VA CA HUYEN") == "III. PHỐI HỢP VỚI UBND VÀ CA HUYỆN"


@pytest.mark.parametrize("ocr", ["HBND", "HPDND"])
def test_council_acronym_whose_d_was_read_as_b_or_pd(ocr: str) -> None:
    assert restore(f"Thuong truc {ocr} xa va UBND xa") == "Thường trực HĐND xã và UBND xã"
