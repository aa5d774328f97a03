"""The appendix table's header as OCR damages it: column names run together or misread,
a header wrapped like a paragraph, a cell OCR lost. Text written for these tests."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.tables.detect import find_header
from kehoach_parser.tables.header import match_columns, words


def _lines(text: str) -> list[Line]:
    return [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]


def _columns(text: str) -> list[str]:
    header = find_header(_lines(text))
    assert header is not None
    return header.columns


def test_names_run_together_are_read_word_by_word() -> None:
    # three or more words of column names printed without spaces ("Đơnvịchủ" / "trì")
    assert words("Donvichu tri") == ("don", "vi", "chu", "tri")
    assert words("Thoi gianhoanthanh") == ("thoi", "gian", "hoan", "thanh")
    assert [m.column for m in match_columns("Nhiem vu Donvichu tri Phoi hop")] == [
        "nhiem_vu", "chu_tri", "phoi_hop"]
    # ... the last of them misread: "Đơnviphdi" / "hợp"
    assert words("Donviphdi hop") == ("don", "vi", "phdi", "hop")
    assert [m.column for m in match_columns("Nhiem vu Chu tri Donviphdi hop")] == [
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


def test_a_two_letter_word_of_a_name_may_be_misread_beside_long_ones() -> None:
    # "Nhiệm vụ" printed "Nhiém vy"
    assert [m.column for m in match_columns("Stt Nhiem vy San pham Chu tri")] == [
        "stt", "nhiem_vu", "san_pham", "chu_tri"]
    # ... but not where the rest is too short to tell the name ("Số TT" is not "So ta")
    assert [m.column for m in match_columns("So ta Nhiem vu San pham")] == [
        "nhiem_vu", "san_pham"]


def test_a_header_wrapped_like_a_paragraph_keeps_its_printed_order() -> None:
    # one run of text wrapped: the deliverable cell after the deadline stays last
    assert _columns("TT Noi dung cong viec Don vi chu tri Don vi phoi hop Thoi gian hoan\n"
                    "thanh San pham") == [
        "stt", "nhiem_vu", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
    assert _columns("TT Noi dung cong viec Donvichu tri Don vi phoi hop Thoi gian hoan thanh\n"
                    "San pham") == [
        "stt", "nhiem_vu", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
    # cells cut on the top line ("Cơ quan" / "chủ trì") still go where tables print them
    assert _columns("Stt Nhiem vu San pham Co quan Co quan Thoi gian Kinh phi\n"
                    "chu tri phoi hop") == [
        "stt", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"]


def test_a_lead_agency_cell_ocr_lost_is_a_column_before_the_coordinating_one() -> None:
    assert _columns("Noi dung cong viec Don vi phoi hop Thoi gian hoan thanh San pham") == [
        "nhiem_vu", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
    # named, it is not added twice
    assert _columns("Nhiem vu Chu tri Phoi hop Thoi gian") == [
        "nhiem_vu", "chu_tri", "phoi_hop", "thoi_gian"]


def test_a_group_cell_wrapped_under_the_task_cells_name_is_the_group_column() -> None:
    # "Nhiệm vụ" / "chung" beside "Nhiệm vụ cụ thể", each cell's last word on the line below
    assert _columns("Nhiem vu Nhiem vu cu the San pham Co quan chu | Co quan phoi | "
                    "Thoi gian thuc\nchung tri hop hien") == [
        "nhom", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian"]


def test_a_header_restored_into_other_words_is_read_as_printed() -> None:
    # restoration reads "Thii gian" as "Thư giãn": as restored the line names no time
    # column, and more of its words read as header words; as printed it names one more
    printed = ("Nhiem yu chung Nhiem vu cu the San pham Co quan chi tri Co quan phei hop "
               "Thii gian thie hien")
    restored = ("Nhiệm vụ chung Nhiệm vụ cụ thể Sản phẩm Cơ quan chủ trì Cơ quan phối hợp "
                "Thư giãn thực hiện")
    assert "thoi_gian" not in [m.column for m in match_columns(restored)]
    header = find_header([Line(restored, 1, orig=printed)])
    assert header is not None
    assert header.columns == ["nhom", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop",
                              "thoi_gian"]


def test_a_header_ocr_misread_in_every_cell_is_one() -> None:
    # one word of each cell's name misread ("chi tri", "phéi hop", "Thii gian", "San
    # phim"): the words of the names as matched count as header words, so the line is
    # a header, not the first row
    text = ("Noi dung cng viée Don vi chi tri Don vi phéi hop Thii gian hoan thanh San phim\n"
            "Ra soat thu tuc Van phong So Cac phong Quy 11/2023 Bao cao")
    assert _columns(text) == ["nhiem_vu", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
