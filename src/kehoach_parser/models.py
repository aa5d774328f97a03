"""The output schema: these pydantic models are its single definition.

Keys are Vietnamese (they are the contract users query); descriptions are English and name
the components of an administrative document in Decree 30/2020/NĐ-CP (Điều 8, and the
English element names of its Phụ lục VI: OrganName, CodeNotation, IssuedDate, TypeName,
Subject, SignerInfo ...). ``kehoach schema`` prints the JSON Schema generated from them;
the committed copy (``schema.json``) is checked by a test.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "2.0.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Where a value stands in the input file (1-based lines and columns of the decoded text)."""

    line: int = Field(description="First input line (1-based).")
    column: int = Field(1, description="Column on the first line (1-based, in characters).")
    end_line: int = Field(description="Last input line (1-based, inclusive).")
    end_column: int = Field(1, description="Column just after the value on the last line.")


class DoanVan(_Model):
    """A paragraph or item of text and where it was read from."""

    noi_dung: str = Field(description="The text, joined over its wrapped lines.")
    span: Span = Field(description="Where the text is in the input (bullet and label excluded).")


class Nguon(_Model):
    """The input file the record was made from."""

    tep: str | None = Field(None, description="Input file name or archive member; null for stdin.")
    sha256: str = Field(description="SHA-256 of the input bytes, hex.")
    ma_hoa: str = Field(
        description="Encoding the input was decoded from: utf-8, utf-8-sig, utf-16, "
        "windows-1258, tcvn3 or vni."
    )
    so_dong: int = Field(description="Number of lines in the input.")


class NguoiKy(_Model):
    """SignerInfo: the signer block (Decree 30, Điều 8, khoản 7)."""

    ho_ten: str | None = Field(None, description="Signer's full name (FullName).")
    chuc_vu: str | None = Field(
        None, description="Signer's position as printed, e.g. 'CHỦ TỊCH' (Position)."
    )
    tham_quyen: str | None = Field(
        None,
        description="Signing authority prefix: TM. (on behalf of), KT. (deputy for), Q. "
        "(acting), TL. (by order), TUQ. (by authorisation), or null when signing in own name.",
    )


class VanBan(_Model):
    """The document's formal components (Decree 30/2020/NĐ-CP, Điều 8)."""

    co_quan_chu_quan: str | None = Field(
        None, description="Superior agency printed above the issuer (OrganName, parent line)."
    )
    co_quan_ban_hanh: str | None = Field(
        None, description="Issuing agency (OrganName), e.g. 'ỦY BAN NHÂN DÂN HUYỆN THẠNH TRỊ'."
    )
    so_ky_hieu: str | None = Field(
        None,
        description="Number and code notation (CodeNotation), e.g. '03/KH-UBND'; "
        "'/KH-UBND' when the number is left blank.",
    )
    dia_danh: str | None = Field(None, description="Place name of issue (Place).")
    ngay_ban_hanh: dt.date | None = Field(
        None, description="Date of issue (IssuedDate), ISO 8601; null when day or month is blank."
    )
    loai_van_ban: str | None = Field(None, description="Document type (TypeName), e.g. 'KẾ HOẠCH'.")
    trich_yeu: str | None = Field(None, description="Subject line (Subject / trích yếu).")
    can_cu: list[str] = Field(
        default_factory=list, description="Legal bases, each without its leading 'Căn cứ'."
    )
    nguoi_ky: NguoiKy = Field(default_factory=NguoiKy, description="SignerInfo.")
    noi_nhan: list[str] = Field(
        default_factory=list, description="Recipients (nơi nhận), one per item, as printed."
    )
    vi_tri: dict[str, Span] = Field(
        default_factory=dict, description="Where each filled field above was read from."
    )


VaiTro = Literal[
    "muc_dich",
    "muc_tieu",
    "yeu_cau",
    "chi_tieu",
    "nhiem_vu",
    "giai_phap",
    "phan_cong",
    "to_chuc_thuc_hien",
    "kinh_phi",
    "khen_thuong",
    "che_do_bao_cao",
    "doi_tuong",
    "noi_dung",
    "phu_luc",
    "khac",
]


class Muc(_Model):
    """A node of the heading tree (Phần; I.; 1.; 1.1. or a); bullets are paragraphs)."""

    so: str = Field(description="The label as printed and repaired: 'III', '2', '1.1', 'a'.")
    tieu_de: str = Field(description="Heading text without its label.")
    cap: int = Field(description="Level: 1 = I., 2 = 1., 3 = 1.1. or a), 4 = a) under 1.1.")
    vai_tro: VaiTro = Field("khac", description="Role of the section, from the grammar files.")
    noi_dung: list[DoanVan] = Field(
        default_factory=list, description="Paragraphs directly under the heading, as printed."
    )
    muc_con: list[Muc] = Field(default_factory=list, description="Sub-sections.")
    span: Span = Field(description="Where the heading is in the input.")


class NhiemVu(_Model):
    """A task stated in the body, under the reform area it belongs to."""

    linh_vuc: str | None = Field(None, description="Reform area (heading the task is under).")
    noi_dung: str = Field(description="The task text.")
    span: Span = Field(description="Where the task text is in the input.")


class ToChucThucHien(_Model):
    """One unit's responsibilities from the implementation section."""

    don_vi: str = Field(description="The unit assigned (an agency or office).")
    trach_nhiem: list[DoanVan] = Field(
        default_factory=list, description="Its responsibilities."
    )
    span: Span = Field(description="From the unit's name to the end of its last responsibility.")


LoaiThoiHan = Literal[
    "ngay", "thang", "quy", "nam", "truoc_ngay", "dinh_ky", "thuong_xuyen", "theo_quy_dinh"
]


class ThoiHan(_Model):
    """A deadline or period read from a time cell."""

    loai: LoaiThoiHan = Field(
        description="Kind: a day, month, quarter, year, a 'before' date, "
        "periodic, continuous, or 'as regulated'."
    )
    tu: dt.date | None = Field(None, description="Start of the period (ISO date).")
    den: dt.date | None = Field(None, description="End of the period or the deadline.")


class Dong(_Model):
    """One row of the appendix task table (one activity when a task has several)."""

    stt: str | None = Field(None, description="Row number as printed.")
    nhom: str | None = Field(
        None, description="Group row the task is under (e.g. 'V. Cải cách tài chính công')."
    )
    muc_tieu: str | None = Field(None, description="Objective column.")
    nhiem_vu: str | None = Field(None, description="Task column (general / specific).")
    hoat_dong: str | None = Field(None, description="Activity column.")
    san_pham: str | None = Field(None, description="Product / result column as printed.")
    chu_tri: str | None = Field(None, description="Lead agency column as printed.")
    phoi_hop: str | None = Field(None, description="Co-operating agencies column as printed.")
    thoi_gian: str | None = Field(None, description="Time column as printed.")
    kinh_phi: str | None = Field(None, description="Budget column as printed.")
    ghi_chu: str | None = Field(None, description="Remarks column (ghi chú) as printed.")
    san_pham_ds: list[str] = Field(default_factory=list, description="Products, split.")
    don_vi_chu_tri: list[str] = Field(
        default_factory=list, description="Lead agencies, normalised."
    )
    don_vi_phoi_hop: list[str] = Field(
        default_factory=list, description="Co-operating agencies, normalised."
    )
    thoi_han: list[ThoiHan] = Field(default_factory=list, description="Deadlines, typed.")
    kinh_phi_vnd: int | None = Field(None, description="Budget in đồng, when an amount is printed.")
    nguon_kinh_phi: str | None = Field(
        None, description="Funding source when no amount is printed ('Kinh phí thường xuyên')."
    )
    span: Span = Field(description="Input lines the row was read from.")
    do_tin_cay: float = Field(
        description="Confidence that the row's cells are complete and in the right columns, 0..1."
    )


class PhuLuc(_Model):
    """The appendix task table as a whole."""

    tieu_de: str | None = Field(None, description="Appendix title as printed.")
    bo_cuc: str | None = Field(
        None, description="Layout it was read from: tab, paragraph, ocr, columns."
    )
    cot: list[str] = Field(default_factory=list, description="Columns found, in order.")
    do_tin_cay: float = Field(0.0, description="Table confidence: accuracy x (1 - empty share).")
    span: Span | None = Field(None, description="Where the table is in the input.")


class CanhBao(_Model):
    """A warning: something the parser could not read or place, with where it was."""

    ma: str = Field(description="Machine-readable code, e.g. 'unplaced_cell', 'not_a_plan'.")
    thong_diep: str = Field(description="Human-readable message.")
    span: Span | None = Field(None, description="Where in the input, when known.")


class SuaDoi(_Model):
    """One change made by diacritic restoration."""

    span: Span = Field(description="The original token in the input.")
    goc: str = Field(description="Original text.")
    moi: str = Field(description="Replacement.")
    do_tin_cay: float = Field(description="Decoder confidence 0..1.")
    ly_do: str = Field(description="Reason, e.g. 'ocr_confusion', 'diacritics', 'code_repair'.")


class KeHoach(_Model):
    """A plan (kế hoạch) as structured data."""

    schema_version: str = Field(SCHEMA_VERSION, description="Version of this schema.")
    nguon: Nguon = Field(description="The input.")
    van_ban: VanBan = Field(default_factory=VanBan, description="Formal components.")
    cau_truc: list[Muc] = Field(default_factory=list, description="The heading tree.")
    muc_tieu: list[DoanVan] = Field(
        default_factory=list, description="Items under Mục đích / Mục tiêu."
    )
    yeu_cau: list[DoanVan] = Field(default_factory=list, description="Items under Yêu cầu.")
    chi_tieu: list[DoanVan] = Field(
        default_factory=list, description="Numeric targets (chỉ tiêu)."
    )
    nhiem_vu: list[NhiemVu] = Field(default_factory=list, description="Tasks in the body.")
    kinh_phi: DoanVan | None = Field(
        None, description="The funding section's text, its items joined with line breaks."
    )
    to_chuc_thuc_hien: list[ToChucThucHien] = Field(
        default_factory=list, description="Implementation: units and their responsibilities."
    )
    phu_luc: list[Dong] = Field(default_factory=list, description="Appendix task rows.")
    phu_luc_bang: PhuLuc | None = Field(None, description="The appendix table as a whole.")
    sua_doi: list[SuaDoi] = Field(
        default_factory=list, description="Changes made by diacritic restoration."
    )
    canh_bao: list[CanhBao] = Field(default_factory=list, description="Warnings.")
