"""The structure stage on small plans written here: header, tree, roles, items."""

from __future__ import annotations

import datetime as dt

from kehoach_parser import parse
from kehoach_parser.models import DoanVan, Span
from kehoach_parser.structure.headings import match_heading, roman_value


def _texts(items: list[DoanVan]) -> list[str]:
    return [d.noi_dung for d in items]

PLAN = """\
ỦY BAN NHÂN DÂN
HUYỆN HÒA BÌNH
Số: 27/KH-UBND
Hòa Bình, ngày 09 tháng 3 năm 2026
KẾ HOẠCH
Cải cách hành chính năm 2026

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;

Căn cứ Kế hoạch số 12/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh;

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao chất lượng phục vụ người dân và doanh nghiệp.
- Cải thiện Chỉ số cải cách hành chính của huyện.
2. Yêu cầu
- Bám sát chỉ đạo của Ủy ban nhân dân tỉnh.
II. CHỈ TIÊU
a) 100% thủ tục hành chính được công khai đúng quy định.
b) Tối thiểu 80% hồ sơ được giải quyết trực tuyến.
III. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật.
2. Cải cách thủ tục hành chính
- Công khai thủ tục hành chính.
- Số hóa hồ sơ.
IV. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách huyện năm 2026.
V. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ: chủ trì, theo dõi việc thực hiện Kế hoạch.
2. Văn phòng HĐND và UBND huyện
- Kiểm soát thủ tục hành chính.

Nơi nhận:
- Sở Nội vụ;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def test_header_components() -> None:
    vb = parse(PLAN, restore=False).van_ban
    assert vb.co_quan_ban_hanh == "ỦY BAN NHÂN DÂN HUYỆN HÒA BÌNH"
    assert vb.so_ky_hieu == "27/KH-UBND"
    assert vb.dia_danh == "Hòa Bình"
    assert vb.ngay_ban_hanh == dt.date(2026, 3, 9)
    assert vb.loai_van_ban == "KẾ HOẠCH"
    assert vb.trich_yeu == "Cải cách hành chính năm 2026"
    assert len(vb.can_cu) == 2 and vb.can_cu[1].startswith("Kế hoạch số 12/KH-UBND")
    assert vb.noi_nhan == ["Sở Nội vụ", "Lưu: VT"]
    assert (vb.nguoi_ky.tham_quyen, vb.nguoi_ky.chuc_vu, vb.nguoi_ky.ho_ten) == (
        "TM.",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
    )
    assert vb.vi_tri["so_ky_hieu"].line == 3


def test_tree_roles_and_items() -> None:
    plan = parse(PLAN, restore=False)
    assert [(m.so, m.cap, m.vai_tro) for m in plan.cau_truc] == [
        ("I", 1, "muc_dich"),
        ("II", 1, "chi_tieu"),
        ("III", 1, "nhiem_vu"),
        ("IV", 1, "kinh_phi"),
        ("V", 1, "to_chuc_thuc_hien"),
    ]
    assert [m.vai_tro for m in plan.cau_truc[0].muc_con] == ["muc_dich", "yeu_cau"]
    assert _texts(plan.muc_tieu) == [
        "Nâng cao chất lượng phục vụ người dân và doanh nghiệp.",
        "Cải thiện Chỉ số cải cách hành chính của huyện.",
    ]
    assert _texts(plan.yeu_cau) == ["Bám sát chỉ đạo của Ủy ban nhân dân tỉnh."]
    assert len(plan.chi_tieu) == 2 and plan.chi_tieu[0].noi_dung.startswith("100%")
    assert [(t.linh_vuc, t.noi_dung) for t in plan.nhiem_vu][1:] == [
        ("Cải cách thủ tục hành chính", "Công khai thủ tục hành chính."),
        ("Cải cách thủ tục hành chính", "Số hóa hồ sơ."),
    ]
    assert plan.kinh_phi and "ngân sách huyện" in plan.kinh_phi.noi_dung
    assert [u.don_vi for u in plan.to_chuc_thuc_hien] == [
        "Phòng Nội vụ",
        "Văn phòng HĐND và UBND huyện",
    ]
    assert _texts(plan.to_chuc_thuc_hien[1].trach_nhiem) == ["Kiểm soát thủ tục hành chính."]


def test_ocr_damaged_labels_are_repaired_from_the_sequence() -> None:
    text = "\n\n".join(
        [
            "1. MUC PICH, YEU CAU",
            "1. Muc dich",
            "Noi dung.",
            "Il. NOI DUNG",
            "1. Cai cach the che",
            "Noi dung.",
            "I11. KINH PHI",
            "Noi dung.",
            "1. TO CHUC THUC HIEN",
            "Noi dung.",
            "V.KHEN THUONG",
            "Noi dung.",
        ]
    )
    plan = parse(text, restore=False)
    assert [(m.so, m.cap) for m in plan.cau_truc] == [
        ("I", 1),
        ("II", 1),
        ("III", 1),
        ("IV", 1),
        ("V", 1),
    ]
    assert [m.vai_tro for m in plan.cau_truc] == [
        "muc_dich",
        "noi_dung",
        "kinh_phi",
        "to_chuc_thuc_hien",
        "khen_thuong",
    ]


def test_heading_kinds() -> None:
    assert match_heading("1.2. Cải cách") is not None
    assert match_heading("1.2. Cải cách").kind == "decimal"  # type: ignore[union-attr]
    assert match_heading("đ) Nội dung").kind == "letter"  # type: ignore[union-attr]
    assert match_heading("Phần II. NHIỆM VỤ").kind == "phan"  # type: ignore[union-attr]
    assert match_heading("- gạch đầu dòng") is None
    assert match_heading("31/12/2025 là hạn") is None
    assert (roman_value("I11"), roman_value("Il"), roman_value("IIII")) == (3, 2, None)


def test_a_news_article_is_flagged_not_invented() -> None:
    text = (
        "Sáng nay, trời Hà Nội mưa nhỏ. Nhiều tuyến phố ùn tắc kéo dài.\n"
        "Người dân được khuyến cáo hạn chế ra đường vào giờ cao điểm.\n"
    )
    plan = parse(text, restore=False)
    assert [w.ma for w in plan.canh_bao] == ["not_a_plan"]
    assert plan.van_ban.so_ky_hieu is None and plan.cau_truc == []


def test_subject_left_by_a_scan_that_lost_its_top() -> None:
    text = (
        "Cải cách hành chính năm 2026\n\n"
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của Ủy ban nhân dân tỉnh, "
        "Ủy ban nhân dân huyện ban hành Kế hoạch như sau:\n\nI. MỤC TIÊU\n\nNâng cao chất lượng.\n"
    )
    vb = parse(text, restore=False).van_ban
    assert vb.trich_yeu == "Cải cách hành chính năm 2026"
    assert vb.loai_van_ban is None


def test_units_are_read_from_subjects_and_groups() -> None:
    text = "\n\n".join(
        [
            "I. TỔ CHỨC THỰC HIỆN",
            "1. Thủ trưởng các cơ quan, đơn vị huyện, Chủ tịch UBND các xã, thị trấn có trách nhiệm: xây dựng kế hoạch của đơn vị mình.",
            "2. Trách nhiệm cụ thể",
            "2.1. Phòng Nội vụ: chủ trì, theo dõi việc thực hiện.",
            "2.2. Phòng Tư pháp",
            "- Rà soát văn bản quy phạm pháp luật.",
            "3. Phong trào thi đua được triển khai từ nay đến hết năm 2026.",
            "- Giao Trưởng phòng Nội vụ theo dõi, đôn đốc việc thực hiện.",
        ]
    )
    units = parse(text, restore=False).to_chuc_thuc_hien
    assert [u.don_vi for u in units] == [
        "Thủ trưởng các cơ quan, đơn vị huyện, Chủ tịch UBND các xã, thị trấn",
        "Phòng Nội vụ",
        "Phòng Tư pháp",
        "Trưởng phòng Nội vụ",
    ]
    assert _texts(units[0].trach_nhiem) == ["có trách nhiệm: xây dựng kế hoạch của đơn vị mình."]
    assert _texts(units[2].trach_nhiem) == ["Rà soát văn bản quy phạm pháp luật."]


def test_position_run_onto_a_recipient_line() -> None:
    text = "I. MỤC TIÊU\n\nNâng cao chất lượng.\n\nNơi nhận:\n- Sở Nội vụ;\n- Lưu: VT. CHỦ TỊCH\nNguyễn Thị Hoa\n"
    vb = parse(text, restore=False).van_ban
    assert vb.noi_nhan == ["Sở Nội vụ", "Lưu: VT"]
    assert (vb.nguoi_ky.chuc_vu, vb.nguoi_ky.ho_ten) == ("CHỦ TỊCH", "Nguyễn Thị Hoa")


def test_signer_on_the_recipients_line_and_name_on_the_archive_line() -> None:
    text = (
        "I. MỤC TIÊU\n\nNâng cao chất lượng.\n\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n"
        "- Sở Nội vụ;\n- Lưu: VT, NV. Lê Ngọc An\n"
    )
    vb = parse(text, restore=False).van_ban
    assert vb.nguoi_ky.tham_quyen == "TM."
    assert vb.nguoi_ky.ho_ten == "Lê Ngọc An"
    assert vb.noi_nhan == ["Sở Nội vụ", "Lưu: VT, NV"]


def test_deputy_position_is_kept_whole() -> None:
    text = "I. MỤC TIÊU\n\nNâng cao chất lượng.\n\nNơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nPhạm Văn Lợi\n"
    signer = parse(text, restore=False).van_ban.nguoi_ky
    assert (signer.tham_quyen, signer.chuc_vu, signer.ho_ten) == (
        "KT.",
        "PHÓ GIÁM ĐỐC",
        "Phạm Văn Lợi",
    )


def test_roman_label_with_a_doubled_letter() -> None:
    text = "I. MỤC TIÊU\n\nNội dung.\n\nII. NHIỆM VỤ\n\nNội dung.\n\nIII. KINH PHÍ\n\nNội dung.\n\nIV. KHEN THƯỞNG\n\nNội dung.\n\nVv. TỔ CHỨC THỰC HIỆN\n\nNội dung.\n"
    assert [m.so for m in parse(text, restore=False).cau_truc] == ["I", "II", "III", "IV", "V"]


def test_roman_label_in_small_letters_needs_a_title_in_capitals() -> None:
    text = "\n\n".join(f"{n}. {t}\n\nNội dung." for n, t in (
        ("I", "MỤC TIÊU"), ("II", "NHIỆM VỤ"), ("III", "KINH PHÍ"), ("IV", "KHEN THƯỞNG"),
        ("v", "TỔ CHỨC THỰC HIỆN")))
    assert [m.so for m in parse(text, restore=False).cau_truc] == ["I", "II", "III", "IV", "V"]
    assert match_heading("v. Nội dung thường") is None  # OCR's "v." before a sentence


def test_part_title_on_its_own_line_and_closing_sentence() -> None:
    text = "\n\n".join(
        [
            "Phần I",
            "ĐÁNH GIÁ KẾT QUẢ NĂM 2025",
            "Nội dung.",
            "Phần II",
            "NHIỆM VỤ NĂM 2026",
            "I. TỔ CHỨC THỰC HIỆN",
            "1. Phòng Nội vụ: theo dõi, đôn đốc.",
            "Trên đây là Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân xã./.",
        ]
    )
    plan = parse(text, restore=False)
    assert [(m.so, m.tieu_de, m.cap) for m in plan.cau_truc] == [
        ("I", "ĐÁNH GIÁ KẾT QUẢ NĂM 2025", 0),
        ("II", "NHIỆM VỤ NĂM 2026", 0),
    ]
    assert _texts(plan.to_chuc_thuc_hien[0].trach_nhiem) == ["theo dõi, đôn đốc."]


def test_long_list_items_are_items_not_sections() -> None:
    text = "\n\n".join(
        [
            "I. NHIỆM VỤ",
            "1. Công tác chỉ đạo, điều hành",
            "a) Ban hành và tổ chức thực hiện các kế hoạch cải cách hành chính, kiểm tra cải cách hành chính năm 2026.",
            "b) Các nhiệm vụ phải có lộ trình, sản phẩm cụ thể và được phân công rõ ràng.",
        ]
    )
    tasks = parse(text, restore=False).nhiem_vu
    assert [t.linh_vuc for t in tasks] == ["Công tác chỉ đạo, điều hành"] * 2


def test_capitalised_verb_is_part_of_a_unit_name() -> None:
    text = "I. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Tổ chức, biên chế: tham mưu sắp xếp bộ máy.\n\n2. Phòng Nội vụ tổ chức kiểm tra.\n"
    units = parse(text, restore=False).to_chuc_thuc_hien
    assert [(u.don_vi, _texts(u.trach_nhiem)) for u in units] == [
        ("Phòng Tổ chức, biên chế", ["tham mưu sắp xếp bộ máy."]),
        ("Phòng Nội vụ", ["tổ chức kiểm tra."]),
    ]


def test_comma_label_is_a_heading_only_where_the_sequence_continues() -> None:
    text = "\n\n".join(
        [
            "I. NHIỆM VỤ",
            "1. Cải cách thể chế",
            "- Rà soát văn bản.",
            "2, Cải cách thủ tục hành chính",
            "- Công khai thủ tục.",
            "5, Mức độ hài lòng đạt trên 80%.",
            "_ Số hóa hồ sơ.",
        ]
    )
    (root,) = parse(text, restore=False).cau_truc
    assert [m.so for m in root.muc_con] == ["1", "2"]
    # "5," does not continue 1, 2: it stays a paragraph; "_" is a dash the OCR misread.
    assert _texts(root.muc_con[1].noi_dung) == ["- Công khai thủ tục.", "5, Mức độ hài lòng đạt trên 80%.",
                                        "_ Số hóa hồ sơ."]
    plan = parse(text, restore=False)
    assert "Số hóa hồ sơ." in plan.nhiem_vu[-1].noi_dung


def test_recipients_lose_the_capitals_ocr_gave_their_first_words() -> None:
    text = ("I. MỤC TIÊU\n\nNâng cao chất lượng.\n\nNơi nhận:\n- BỘ NỘI vụ;\n- SỞ Nội vụ;\n"
            "- UBND các xã;\n- CÁC SỞ NGÀNH;\n- LƯU: VT, NV.\nCHỦ TỊCH\nNguyễn Thị Hoa\n")
    vb = parse(text, restore=False).van_ban
    assert vb.noi_nhan == ["Bộ Nội vụ", "Sở Nội vụ", "UBND các xã", "CÁC SỞ NGÀNH", "Lưu: VT, NV"]


def test_attached_to_note_wrapped_over_two_lines_is_not_subject() -> None:
    text = ("ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nKẾ HOẠCH\nCải cách hành chính năm 2026\n"
            "(Kèm theo Quyết định số: 12/QĐ-UBND ngày 05/01/2026\n"
            "của Chủ tịch Ủy ban nhân dân xã)\n\nI. MỤC ĐÍCH\n\nNâng cao chất lượng.\n")
    vb = parse(text, restore=False).van_ban
    assert vb.trich_yeu == "Cải cách hành chính năm 2026"
    assert (vb.so_ky_hieu, vb.ngay_ban_hanh) == ("12/QĐ-UBND", dt.date(2026, 1, 5))


def test_scan_specks_after_a_heading_title_are_dropped() -> None:
    assert match_heading("1. MUC PICH, YEU CAU ‘Z;").title == "MUC PICH, YEU CAU"  # type: ignore[union-attr]
    assert match_heading('2. Xếp loại "A"').title == 'Xếp loại "A"'  # type: ignore[union-attr]


# Indented, wrapped (once inside a word cut by a hyphen) and run-on items: each span must
# cover exactly the text the value was read from, bullet and label left out.
SPANS_PLAN = """\
KẾ HOẠCH
Cải cách hành chính năm 2026

I. MỤC TIÊU
   - Nâng cao chất lượng phục vụ người dân và các doanh ng-
hiệp trên địa bàn huyện, bảo đảm công khai, minh bạch trong giải quyết thủ tục hành chính.
- Cải thiện Chỉ số cải cách hành chính.
II. NHIỆM VỤ
1. Cải cách thủ tục hành chính
- Công khai thủ tục hành chính.
III. KINH PHÍ: Kinh phí từ ngân sách huyện.
- Nguồn xã hội hóa.
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ: chủ trì, theo dõi
việc thực hiện.
2. Phòng Tư pháp
- Rà soát văn bản.
"""


def _at(text: str, span: Span) -> str:
    """The input text a span covers, its lines joined with a space."""
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1 : span.end_column - 1]
    return " ".join([lines[span.line - 1][span.column - 1 :], *lines[span.line : span.end_line - 1],
                     lines[span.end_line - 1][: span.end_column - 1]])


def test_items_carry_the_exact_span_they_were_read_from() -> None:
    plan = parse(SPANS_PLAN, restore=False)
    wrapped, short = plan.muc_tieu
    assert wrapped.noi_dung.startswith("Nâng cao") and "doanh nghiệp trên" in wrapped.noi_dung
    assert (wrapped.span.line, wrapped.span.column) == (5, 6)  # after "   - "
    assert (wrapped.span.end_line, wrapped.span.end_column) == (6, 91)
    assert _at(SPANS_PLAN, short.span) == short.noi_dung == "Cải thiện Chỉ số cải cách hành chính."
    (task,) = plan.nhiem_vu
    assert _at(SPANS_PLAN, task.span) == task.noi_dung == "Công khai thủ tục hành chính."
    assert plan.kinh_phi is not None
    assert plan.kinh_phi.noi_dung == "Kinh phí từ ngân sách huyện.\nNguồn xã hội hóa."
    assert _at(SPANS_PLAN, plan.kinh_phi.span) == "Kinh phí từ ngân sách huyện. - Nguồn xã hội hóa."
    home, justice = plan.to_chuc_thuc_hien
    assert _at(SPANS_PLAN, home.span) == "Phòng Nội vụ: chủ trì, theo dõi việc thực hiện."
    assert _at(SPANS_PLAN, home.trach_nhiem[0].span) == "chủ trì, theo dõi việc thực hiện."
    assert _at(SPANS_PLAN, justice.span) == "Phòng Tư pháp - Rà soát văn bản."
    assert _at(SPANS_PLAN, justice.trach_nhiem[0].span) == "Rà soát văn bản."
    # A heading's own paragraphs keep their bullet, and so do their spans.
    (paragraph,) = plan.cau_truc[2].noi_dung
    assert _at(SPANS_PLAN, paragraph.span) == paragraph.noi_dung == "- Nguồn xã hội hóa."


def test_every_item_span_covers_its_text() -> None:
    plan = parse(PLAN, restore=False)
    items = [*plan.muc_tieu, *plan.yeu_cau, *plan.chi_tieu, *plan.nhiem_vu,
             *(d for u in plan.to_chuc_thuc_hien for d in u.trach_nhiem),
             *(d for m in plan.cau_truc for c in [m, *m.muc_con] for d in c.noi_dung)]
    assert len(items) == 18  # chỉ tiêu a), b) are headings: their titles are the items
    for item in items:
        assert _at(PLAN, item.span) == item.noi_dung
    for unit in plan.to_chuc_thuc_hien:
        assert _at(PLAN, unit.span).startswith(unit.don_vi)
