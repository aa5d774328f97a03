"""Cleaning and layout repair on small texts written for the tests."""

from __future__ import annotations

from kehoach_parser.lines import Line
from kehoach_parser.read import read_bytes
from kehoach_parser.read.layout import undouble


def lines_of(text: str) -> list[Line]:
    return read_bytes(text.encode("utf-8")).lines


def texts(text: str) -> list[str]:
    return [ln.text for ln in lines_of(text)]


def assert_source_map(text: str, lines: list[Line]) -> None:
    source = text.split("\n")
    for ln in lines:
        assert source[ln.line - 1][ln.col - 1 : ln.col - 1 + len(ln.text)] == ln.text, ln


# --- cleaning -------------------------------------------------------------------------


def test_strips_and_keeps_columns() -> None:
    text = "   Kế hoạch số 5   \n\n\tCăn cứ Luật\n"
    lines = lines_of(text)
    assert lines == [Line("Kế hoạch số 5", 1, 4), Line("Căn cứ Luật", 3, 2)]
    assert_source_map(text, lines)


def test_drops_control_characters_and_replacement_char() -> None:
    doc = read_bytes("Kế\x07 hoạch\ufffd năm\x1b 2024\n".encode())
    assert doc.lines == [Line("Kế hoạch năm 2024", 1, 1)]
    assert doc.warnings and doc.warnings[0].ma == "dropped_characters"


def test_column_after_dropped_leading_control() -> None:
    (line,) = lines_of("\x01\x02  Điều 1\n")
    assert line.col == 5  # the column of "Đ" in the input line


def test_markdown_bold_is_dropped() -> None:
    doc = read_bytes("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\nHạn **chậm nhất** ngày 10\n".encode())
    assert doc.lines == [
        Line("TM. ỦY BAN NHÂN DÂN", 1, 3),
        Line("CHỦ TỊCH", 2, 1),
        Line("Hạn chậm nhất ngày 10", 3, 1),
    ]


def test_line_breaks_are_only_cr_lf() -> None:
    doc = read_bytes("một\u2028hai\x0bba\r\nbốn\rnăm".encode())
    assert [(ln.text, ln.line) for ln in doc.lines] == [
        ("một hai ba", 1),  # U+2028 and \x0b are no line breaks here: spaces
        ("bốn", 2),
        ("năm", 3),
    ]
    assert doc.n_lines == 3


# --- doubled glyphs ----------------------------------------------------------------------


def test_undouble_whole_lines_only() -> None:
    assert undouble("TTrrưươơnngg  VVũũ  PPhhưươơnngg") == "Trương Vũ Phương"
    assert undouble("CCHHỦỦ  TTỊỊCCHH") == "CHỦ TỊCH"
    assert undouble("Hoàng") is None
    assert undouble("cuu") is None
    assert undouble("1100") is None  # no letters
    assert undouble("AAAA") is None  # one letter repeated
    assert undouble("Nguyễn Văn Hoàng Anh cuu") is None


def test_doubled_line_in_document() -> None:
    text = "Nơi nhận:\n- Lưu: VT.\n\n  CCHHỦỦ  TTỊỊCCHH  \n"
    (*_, last) = lines_of(text)
    assert last == Line("CHỦ TỊCH", 4, 3)


# --- page numbers and scanner noise ---------------------------------------------------------

BODY = "\n".join(
    f"Dòng số {i} của văn bản hành chính, viết đủ dài để giống một dòng thật;" for i in range(40)
)


def test_drops_page_numbers() -> None:
    for page in ("3", "- 3 -", "Trang 3", "3/12", "— 2 —"):
        text = f"{BODY}\n\n{page}\n\n{BODY}\n"
        assert page not in texts(text), page


def test_drops_page_number_cutting_a_sentence() -> None:
    line = "Kiện toàn tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện theo Nghị"
    got = texts(f"{line}\n2\nđịnh số 108/2020/NĐ-CP của Chính phủ.\n")
    assert got == [line, "định số 108/2020/NĐ-CP của Chính phủ."]
    # After a sentence end, or before a capital, a lone number may be content.
    assert "2" in texts(f"{line}.\n2\nđịnh số 108.\n")
    assert "2" in texts(f"{line}\n2\nĐịnh số 108.\n")


def test_keeps_numbers_that_are_not_page_numbers() -> None:
    # A year is no page number; a number glued to prose or next to a table row is content.
    assert "2022" in texts(f"{BODY}\n\n2022\n\n{BODY}\n")
    assert "5" in texts(f"{BODY}\n5\n{BODY}\n")
    assert "7" in texts(f"{BODY}\n\n7\n1\tLập kế hoạch\tPhòng Nội vụ\n")
    # A table printed one cell per line: row 7 after a blank line goes on from row 6 just
    # above it, which no page number does (pages are longer than that).
    cells = "6\nRà soát chức năng\nQuyết định\nPhòng Nội vụ\nQuý II/2023\n\n7\nĐào tạo\n"
    assert "7" in texts(f"{BODY}\n{BODY}\n{BODY}\n{cells}")
    assert "7" not in texts(f"{BODY}\n\n6\n\n{BODY}\n\n7\n\n{BODY}\n")  # pages 6 and 7


def test_drops_scanner_noise_lines() -> None:
    for noise in ('" x 3 £', "‘Z;", "4™~", "&", "‘ >"):
        text = f"Tổ chức thực hiện nhiệm vụ\n{noise}\nI. MỤC ĐÍCH\n"
        assert texts(text) == ["Tổ chức thực hiện nhiệm vụ", "I. MỤC ĐÍCH"], noise


def test_keeps_short_real_lines() -> None:
    for keep in ("a)", "1.", "1.1", "2.3.", "II.", "-", "./.", "2025.", "31/12/2025.", "Ban", "x"):
        assert keep in texts(f"Nội dung\n\n{keep}\n"), keep


def test_trailing_garbage_is_left_alone() -> None:
    assert texts("1. MỤC ĐÍCH, YÊU CẦU ‘Z;\n") == ["1. MỤC ĐÍCH, YÊU CẦU ‘Z;"]


# --- two-column header ----------------------------------------------------------------------


def test_header_split_on_wide_gap() -> None:
    text = (
        "ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN AN PHÚ            Độc lập - Tự do - Hạnh phúc\n"
        "  Số:           /KH-UBND                  An Phú, ngày      tháng  01  năm 2024\n"
        "KẾ HOẠCH\n"
    )
    lines = lines_of(text)
    assert [ln.text for ln in lines] == [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN AN PHÚ",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:           /KH-UBND",
        "An Phú, ngày      tháng  01  năm 2024",
        "KẾ HOẠCH",
    ]
    assert_source_map(text, lines)


def test_header_split_on_ocr_merged_lines() -> None:
    text = (
        "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM\n"
        "HUYEN BINH MINH Poc lap - Tu do - Hanh phiic\n"
        "XA TAN AN Péc 1ap - Tw do - Hanh phtc\n"
        "Sé: #4 /KH-UBND Binh Minh, ngay 2 thang 02 ndm 2024\n"
    )
    lines = lines_of(text)
    assert [ln.text for ln in lines] == [
        "UY BAN NHAN DAN",
        "CONG HOA XA HQI CHU NGHIA VIET NAM",
        "HUYEN BINH MINH",
        "Poc lap - Tu do - Hanh phiic",
        "XA TAN AN",
        "Péc 1ap - Tw do - Hanh phtc",
        "Sé: #4 /KH-UBND",
        "Binh Minh, ngay 2 thang 02 ndm 2024",
    ]
    assert [ln.line for ln in lines] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert_source_map(text, lines)


def test_header_split_on_tab() -> None:
    assert texts("SỞ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n") == [
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]


def test_no_split_in_body_or_below_header_zone() -> None:
    prose = "Căn cứ Kế hoạch của Ủy ban nhân dân tỉnh Sóc Trăng, ngày 28 tháng 12 năm 2023"
    assert texts(prose + "\n") == [prose]
    filler = "\n".join(f"Dòng {i}" for i in range(20))
    late = "ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert late in texts(f"{filler}\n{late}\n")


def test_keeps_row_numbers_of_a_spaced_table_in_an_unspaced_document() -> None:
    # OCR spaced the appendix's cells one per line with blank lines between, not the body:
    # a lone number with one blank line each side there is a row's, not a page's
    cells = "\n\n".join(["Nhiệm vụ", "Sản phẩm", "I", "Công tác chỉ đạo", "1", "Kiểm tra",
                         "Kế hoạch", "Phòng Nội vụ", "Quý II/2021", "2", "Tuyên truyền",
                         "Báo cáo", "Phòng Văn hóa", "Thường xuyên"])
    got = texts(f"{BODY}\n{BODY}\n{BODY}\n{cells}\n")
    assert "1" in got and "2" in got


def test_keeps_the_first_row_number_of_a_one_cell_per_line_table() -> None:
    # row 1 has nothing above it to follow, but row 2 a few lines down follows it
    cells = "\n".join(["Thời gian", "", "1", "", "Kiểm tra", "Kế hoạch", "Phòng Nội vụ",
                       "Quý II/2021", "2", "Tuyên truyền", "Báo cáo"])
    got = texts(f"{BODY}\n{BODY}\n{BODY}\n{cells}\n")
    assert "1" in got and "2" in got


def test_row_numbers_a_page_of_text_lines_apart_count_text_lines_not_blanks() -> None:
    # a blank line after every line: rows 3 and 4 are 9 text lines apart, 18 raw lines
    cells = ["Rà soát văn bản", "của huyện năm 2021", "- Kế hoạch", "- Báo cáo", "Phòng Tư pháp",
             "Các cơ quan", "chuyên môn", "Quý II/2021", "20.000.000"]
    lines = ["Thời gian", "", "", "3", *cells, "4", *cells]
    spaced = "\n\n".join(lines)
    got = texts(f"{BODY}\n{BODY}\n{BODY}\n{spaced}\n")
    assert "3" in got and "4" in got
