"""The OCR channel: confusion tables as data, candidates limited to real syllables."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kehoach_parser.data import data_dir
from kehoach_parser.restore.channel import Channel, estimate_p_lost, load_rules, params_for
from kehoach_parser.restore.tokens import tokenize
from kehoach_parser.restore.trie import Trie

INVENTORY = ["số", "sô", "với", "vói", "đồng", "đông", "dòng", "chức", "chúc", "cửa", "của",
             "xã", "xa", "lý", "ly", "hội", "nghiệp", "năm", "nằm", "những"]


@pytest.fixture(scope="module")
def channel() -> Channel:
    return Channel.build(INVENTORY, load_rules(data_dir("diacritics"), 3))


@pytest.mark.parametrize(
    ("token", "truth"),
    [("s6", "số"), ("v&i", "với"), ("véi", "với"), ("Pong", "đồng"), ("chirc", "chức"),
     ("ctra", "cửa"), ("cia", "của"), ("x4", "xã"), ("x&", "xã"), ("1y", "lý"), ("HQI", "hội"),
     ("nghi¢p", "nghiệp"), ("nim", "năm"), ("nhiing", "những")],
)
def test_ocr_tokens_reach_their_syllable(channel: Channel, token: str, truth: str) -> None:
    found = dict(channel.candidates(token, params_for(0.8)))
    assert truth in found


def test_only_inventory_syllables_are_proposed(channel: Channel) -> None:
    for token in ["UBND", "CCHC", "qwz", "s6s6s6"]:
        assert channel.candidates(token, params_for(0.8)) == []


def test_clean_documents_keep_their_marks(channel: Channel) -> None:
    clean = dict(channel.candidates("với", params_for(0.0)))
    noisy = dict(channel.candidates("với", params_for(0.9)))
    assert min(clean, key=clean.get) == "với"
    assert clean.get("vói", 99.0) - clean["với"] > noisy["vói"] - noisy["với"]


def test_mark_loss_is_estimated_from_the_text() -> None:
    clean = "Ủy ban nhân dân tỉnh ban hành kế hoạch cải cách hành chính năm nay"
    stripped = "Uy ban nhan dan tinh ban hanh ke hoach cai cach hanh chinh nam nay"
    assert estimate_p_lost(t.text for t in tokenize(clean)) < 0.2
    assert estimate_p_lost(t.text for t in tokenize(stripped)) > 0.9


def test_learned_table_is_used_when_present(tmp_path: Path) -> None:
    (tmp_path / "ocr_confusions.tsv").write_text(
        "# learned\nư\tv\t50\nư\tư\t950\nô\t6\t1\n", encoding="utf-8")
    rules = load_rules(tmp_path, min_count=3)
    assert ("ư", "v") in rules and ("ô", "6") not in rules  # below min_count
    ch = Channel.build(["tư", "từ"], rules)
    assert "tư" in dict(ch.candidates("tv", params_for(0.8)))


def test_inserted_and_dropped_characters_are_searched() -> None:
    """A rule with an empty truth (OCR inserted '6') and one with an empty OCR side (OCR
    dropped 'h') both lead to the syllable, at their cost."""
    rules = {("", "6"): 1.0, ("h", ""): 2.0}
    ch = Channel.build(["di", "nhanh"], rules)
    params = params_for(0.8)
    assert dict(ch.candidates("d6i", params))["di"] == pytest.approx(1.0 + params.rule_penalty)
    found = dict(ch.candidates("nanh", params))
    assert found["nhanh"] == pytest.approx(2.0 + params.rule_penalty)


def test_search_is_the_same_for_every_beam_bound(channel: Channel) -> None:
    """The search prunes with lower bounds on what is left of the token; a wider beam may
    add readings but never changes the cost of one found with the narrower beam."""
    narrow, wide = params_for(0.8), dataclasses.replace(params_for(0.8), beam=12.0)
    for token in ["s6", "v&i", "chirc", "nghi¢p", "nhiing", "HQI", "ctra"]:
        a, b = dict(channel.candidates(token, narrow)), dict(channel.candidates(token, wide))
        assert a and all(b[w] == c for w, c in a.items())


def test_a_two_letter_token_may_have_lost_a_letter() -> None:
    """rn in "chất thải rn" is rắn with its vowel dropped: tokens of two letters are
    searched for dropped letters too (one letter is too little to go on)."""
    params = params_for(0.8)
    ch = Channel.build(["rắn", "ắ"], {("ắ", ""): 2.0})
    assert dict(ch.candidates("rn", params))["rắn"] == pytest.approx(2.0 + params.rule_penalty)
    assert "ắ" not in dict(ch.candidates("r", params))


def test_a_costly_rule_does_not_hide_a_cheap_one() -> None:
    """The search stops at the first rule move over its bound, so each node's moves are
    tried cheapest first, whatever order the tables list them in."""
    ch = Channel.build(["ba", "bo"], {("a", "0"): 20.0, ("o", "0"): 1.0})
    params = params_for(0.8)
    assert dict(ch.candidates("b0", params)) == {"bo": pytest.approx(1.0 + params.rule_penalty)}


def test_drop_floor_counts_only_letters_syllables_have() -> None:
    """The search skips a state's dropped-letter moves when even the cheapest drop would go
    over its bound: that floor is over letters the trie has, not stray marks in the table
    (a looser floor is slower, a higher one would lose readings: see nanh = nhanh above)."""
    trie = Trie(["nhanh"], {}, {"h": [("h", 2.0)], "″": [("″", 0.1)], "ă": [("ă", 1.0)]})
    assert trie.min_drop == 2.0


def test_a_common_plain_reading_still_offers_close_confusions() -> None:
    """A token some common syllable spells with other marks (thac = thác) may be another
    syllable read through a confusion (a for the ú of thúc): that reading is offered when it
    costs at most ``close`` more than the plain one, and not when it costs more."""
    params = params_for(0.8)
    near = Channel.build(["thác", "thúc"], {("ú", "a"): 2.0}, common=["thác"])
    assert dict(near.candidates("thac", params))["thúc"] == pytest.approx(
        2.0 + params.rule_penalty)
    far = Channel.build(["thác", "thúc"], {("ú", "a"): params.close + 2.0}, common=["thác"])
    assert "thúc" not in dict(far.candidates("thac", params))


def test_close_confusions_may_split_a_letter_in_two() -> None:
    """One letter read as two (the hook of ủ as a following a: chua = chủ) is one confusion:
    the letters after it are priced against the syllable's, one place over."""
    params = params_for(0.8)
    ch = Channel.build(["chua", "chủ", "chủa"], {("ủ", "ua"): 2.0}, common=["chua"])
    found = dict(ch.candidates("chua", params))
    assert found["chủ"] == pytest.approx(2.0 + params.rule_penalty)


def test_close_confusions_cost_what_the_full_search_finds(channel: Channel) -> None:
    """The narrow look-up for tokens a common syllable spells prices each reading as the
    trie search does (built with no common syllable, every token is searched in full)."""
    params = params_for(0.8)
    full = Channel.build(INVENTORY, load_rules(data_dir("diacritics"), 3), common=[])
    for token in ["chuc", "véi", "xa", "nam", "dong", "cua", "so", "hoi"]:
        narrow = dict(channel.candidates(token, params))
        searched = dict(full.candidates(token, params))
        assert narrow and all(searched[w] == pytest.approx(c) for w, c in narrow.items())


def test_close_confusions_include_a_dropped_letter() -> None:
    """lut is lụt by its letters, and luật with the â dropped: a dropped letter is one
    confusion too, priced as the search prices it."""
    params = params_for(0.8)
    ch = Channel.build(["lụt", "luật"], {("ậ", ""): 2.0}, common=["lụt"])
    assert dict(ch.candidates("lut", params))["luật"] == pytest.approx(2.0 + params.rule_penalty)
