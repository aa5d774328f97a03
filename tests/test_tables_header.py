"""The appendix table's header as OCR damages it: column names run together or misread,
a header wrapped like a paragraph, a cell OCR lost. Text written for these tests."""

from __future__ import annotations

from kehoach_parser.tables.header import match_columns, words


def test_names_run_together_are_read_word_by_word() -> None:
    # three or more words of column names printed without spaces ("Đơnvịchủ" / "trì")
    assert words("Donvichu tri") == ("don", "vi", "chu", "tri")
    assert words("Thoi gianhoanthanh") == ("thoi", "gian", "hoan", "thanh")
    assert [m.column for m in match_columns("Nhiem vu Donvichu tri Phoi hop")] == [
        "nhiem_vu", "chu_tri", "phoi_hop"]
    # a whole name run together and misread is still one word, matched as that name
    assert words("Donvichitri") == ("donvichitri",)
    assert [m.column for m in match_columns("Nhiem vu Donvichitri")] == ["nhiem_vu", "chu_tri"]


def test_a_long_name_is_read_with_one_word_misread_twice() -> None:
    # "Thời" misread "Thdéi" (two edits): the three words after it spell the name out
    assert [m.column for m in match_columns("Nhiem vu Chu tri Thdei gian hoan thanh")] == [
        "nhiem_vu", "chu_tri", "thoi_gian"]
    # ... but not a short word two edits off: "Cơ quan phối" cut before "hợp" does not take
    # the time column's "Thời" for it
    found = match_columns("Stt Nhiem vu San pham Co quan chu Co quan phoi Thoi gian hoan")
    assert [m.column for m in found] == [
        "stt", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian"]
