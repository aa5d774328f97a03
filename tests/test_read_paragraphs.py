"""join_paragraphs on small texts written for the tests."""

from __future__ import annotations

import itertools

from kehoach_parser.lines import Line
from kehoach_parser.read import join_paragraphs, read_bytes

# A full line of this made-up document is ~76 characters wide.
WRAPPED = """\
Tiếp tục xây dựng nền hành chính dân chủ, trong sạch, vững mạnh, chuyên
nghiệp, hiện đại, hoạt động có hiệu lực, hiệu quả. Đẩy mạnh cải cách hành
chính nhằm bảo đảm tính công khai, minh bạch, giảm tối đa thời gian, chi
phí cho tổ chức, cá nhân.

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Phát huy vai trò của từng tập thể, cá nhân trong việc tổ chức, triển khai
thực hiện thắng lợi nhiệm vụ cải cách hành chính và kiểm soát thủ tục hành
chính trên địa bàn.
+ Bảo đảm tiến độ.
a) Hoàn thành 100% nhiệm vụ được Ủy ban nhân dân tỉnh giao bảo đảm tiến
độ, chất lượng.
III. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA VÀ CÔNG TÁC KHEN
THƯỞNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 của
Quốc hội; căn cứ tình hình thực tế của địa phương
Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh về phát triển kinh tế -
xã hội năm 2024.
"""


def paragraphs(text: str) -> list[str]:
    return [b.text for b in join_paragraphs(read_bytes(text.encode("utf-8")).lines)]


def test_joins_wrapped_lines_and_keeps_markers_apart() -> None:
    assert paragraphs(WRAPPED) == [
        "Tiếp tục xây dựng nền hành chính dân chủ, trong sạch, vững mạnh, chuyên "
        "nghiệp, hiện đại, hoạt động có hiệu lực, hiệu quả. Đẩy mạnh cải cách hành "
        "chính nhằm bảo đảm tính công khai, minh bạch, giảm tối đa thời gian, chi "
        "phí cho tổ chức, cá nhân.",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Phát huy vai trò của từng tập thể, cá nhân trong việc tổ chức, triển khai "
        "thực hiện thắng lợi nhiệm vụ cải cách hành chính và kiểm soát thủ tục hành "
        "chính trên địa bàn.",
        "+ Bảo đảm tiến độ.",
        "a) Hoàn thành 100% nhiệm vụ được Ủy ban nhân dân tỉnh giao bảo đảm tiến độ, chất lượng.",
        "III. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA VÀ CÔNG TÁC KHEN THƯỞNG",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 của "
        "Quốc hội; căn cứ tình hình thực tế của địa phương",
        "Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh về phát triển kinh tế - xã hội năm 2024.",
    ]


def test_ocr_damaged_roman_numerals_open_paragraphs() -> None:
    long = "Nâng cao chất lượng phục vụ người dân và doanh nghiệp trên địa bàn huyện"
    for label in ("I1.", "Il.", "I11.", "IV.", "1.1.", "2.3", "b)", "100."):
        assert len(paragraphs(f"{long}\n{long}\n{label} NỘI DUNG\n")) == 2, label


def test_amounts_and_years_at_line_start_are_not_markers() -> None:
    long = "Tổng kinh phí thực hiện các nhiệm vụ cải cách hành chính của huyện năm nay là"
    for start in ("20.000.000 đồng.", "2022. Ủy ban", "30 ngày."):
        assert len(paragraphs(f"{long}\n{start}\n")) == 1, start


def test_blank_lines_separate_paragraphs() -> None:
    text = "Dòng thứ nhất của đoạn một khá dài để coi như là đầy đủ một dòng\n\nĐoạn hai\n"
    assert len(paragraphs(text)) == 2


def test_page_break_inside_a_sentence_is_bridged() -> None:
    line = "Kiện toàn tổ chức bộ máy, sắp xếp bố trí đội ngũ cán bộ, công chức phù"
    text = (
        f"{line}\nhợp với chức năng, nhiệm vụ, quyền hạn theo Đề án vị\n\n\n"
        "trí việc làm đã được phê duyệt.\n"
    )
    assert len(paragraphs(text)) == 1


def test_blank_after_every_line_layout() -> None:
    # Every line followed by one blank: blanks mean nothing, content decides.
    body = [
        "Căn cứ Kế hoạch số 18/KH-UBND ngày 28 tháng 12 năm 2023 của Ủy",
        "ban nhân dân tỉnh về cải cách hành chính năm 2024.",
        "Để tiếp tục triển khai công tác cải cách hành chính tại địa phương, Ủy ban",
        "nhân dân huyện ban hành Kế hoạch thực hiện cải cách hành chính với",
        "nội dung như sau:",
        "I. MỤC TIÊU, YÊU CẦU",
        "1. Mục tiêu",
        "Triển khai đồng bộ các nội dung, chỉ tiêu, nhiệm vụ, giải pháp nhằm đẩy",
        "mạnh cải cách hành chính.",
    ]
    text = "\n\n".join(body) + "\n"
    lines = read_bytes(text.encode()).lines
    got = [b.text for b in join_paragraphs(lines)]
    assert len(got) == 5
    assert got[0].startswith("Căn cứ") and got[0].endswith("năm 2024.")
    assert got[1].endswith("như sau:")
    # Told that blanks mean breaks, only page-break-like blanks (full line, lowercase
    # next) are bridged: the short line before "I." no longer joins anything.
    assert len(join_paragraphs(lines, blank_lines_are_layout=False)) >= len(got)


def test_centred_title_goes_on_into_lowercase_line() -> None:
    body = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015 của Quốc hội;"
    text = f"KẾ HOẠCH\nCải cách hành chính năm 2026\ncủa Ủy ban nhân dân phường\n\n{body}\n"
    assert paragraphs(text)[:2] == [
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2026 của Ủy ban nhân dân phường",
    ]


def test_table_rows_and_header_columns_never_join() -> None:
    lines = [
        Line("ỦY BAN NHÂN DÂN", 1, 1),
        Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1, 30),
        Line("1\tXây dựng kế hoạch kiểm tra công tác cải cách hành chính trên địa bàn", 2),
        Line("huyện\tPhòng Nội vụ", 3),
        Line("| 2 | Tuyên truyền về cải cách hành chính trong cán bộ công chức viên", 4),
        Line("chức |", 5),
        Line("3     Rà soát văn bản quy phạm pháp luật  Báo cáo kết quả rà  Văn phòng", 6),
        Line("thuộc lĩnh vực nội vụ do HĐND,      soát", 7),
    ]
    assert len(join_paragraphs(lines)) == len(lines)


def test_hyphen_at_line_end() -> None:
    width = "Thực hiện cơ chế một cửa, một cửa liên thông tại bộ phận tiếp nhận của"
    assert paragraphs(f"{width} KH-\nUBND huyện.\n")[0].endswith("KH-UBND huyện.")
    assert paragraphs(f"{width} 2021-\n2030.\n")[0].endswith("2021-2030.")
    assert paragraphs(f"{width} kinh tế -\nxã hội.\n")[0].endswith("kinh tế - xã hội.")
    # A syllable cut in two ("ngh-" + "iệp") loses its hyphen.
    assert paragraphs(f"{width} ngh-\niệp.\n")[0].endswith(" nghiệp.")


def test_block_indexes_cover_the_lines() -> None:
    lines = read_bytes(WRAPPED.encode()).lines
    blocks = join_paragraphs(lines)
    assert blocks[0].first == 0 and blocks[-1].last == len(lines) - 1
    for a, b in itertools.pairwise(blocks):
        assert b.first == a.last + 1
    assert join_paragraphs([]) == []


def test_full_line_ending_a_sentence_goes_on_when_blanks_part_paragraphs() -> None:
    full = "- Tăng cường kỷ luật, kỷ cương hành chính; xác định rõ trách nhiệm của tập thể,"
    text = (
        f"{full}\ncá nhân, người đứng đầu trong quá trình tổ chức thực hiện nhiệm vụ được giao.\n"
        "Gắn việc đánh giá kết quả thực hiện với đánh giá trách nhiệm người đứng đầu.\n\n"
        f"{full}\nngắn.\nDòng mới sau một dòng ngắn là đoạn mới.\n\n"
        f"{full}\ncá nhân.\n"
    )
    got = paragraphs(text)
    assert got[0].endswith(
        "được giao. Gắn việc đánh giá kết quả thực hiện với đánh giá trách nhiệm người đứng đầu."
    )
    assert got[1].endswith("ngắn.") and got[2].startswith("Dòng mới")
