"""Encodings: detection, BOMs, the legacy tables and the input errors."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from kehoach_parser.errors import InputError
from kehoach_parser.read import MAX_INPUT_BYTES, decode, read_bytes
from kehoach_parser.read.legacy import load_table

# Written for these tests: every tone on every vowel family, đ and the horn letters.
TEXT = (
    "Thực hiện kế hoạch cải cách hành chính năm 2024: tăng cường kỷ luật, kỷ cương;\n"
    "người đứng đầu cơ quan chịu trách nhiệm giữ gìn trật tự, quyền lợi của Đảng viên.\n"
    "Ông Ưng Văn Ân thuộc Ơn Ê-đê; các xã ngoại ô, thửa ruộng, lũy tre, ỷ lại, tỵ nạn, ẵm.\n"
    "Hỗ trợ đổi mới, mỹ thuật, khuỷu tay, nghiêng ngả, quyết định, khuyến khích, ẩn dật.\n"
)


def encode_legacy(text: str, name: str) -> bytes:
    """Encode with the inverse of the table the decoder reads (cp1252 for the rest)."""
    inverse = {char: seq for seq, char in load_table(name).items()}
    return b"".join(inverse[c] if c in inverse else c.encode("cp1252") for c in text)


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 style: base letters precomposed, tone marks as combining characters."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_legacy_round_trip(name: str) -> None:
    assert decode(encode_legacy(TEXT, name)) == (TEXT, name)


def test_guessed_encoding_is_reported_as_a_warning() -> None:
    doc = read_bytes(encode_legacy(TEXT, "vni"), "cu.txt")
    assert doc.encoding == "vni"
    assert [w.ma for w in doc.warnings] == ["legacy_encoding"]
    assert "cu.txt" in doc.warnings[0].thong_diep
    assert read_bytes(TEXT.encode()).warnings == []


def test_windows_1258_round_trip() -> None:
    data = encode_cp1258(TEXT)
    assert data != TEXT.encode("utf-8")
    assert decode(data) == (TEXT, "windows-1258")


def test_vni_capitals_round_trip() -> None:
    text = "ỦY BAN NHÂN DÂN HUYỆN\nĐỘC LẬP - TỰ DO - HẠNH PHÚC, KẾ HOẠCH, QUYẾT ĐỊNH\n"
    assert decode(encode_legacy(text, "vni")) == (text, "vni")


def test_tcvn3_capital_fonts_read_upper() -> None:
    # TCVN3 capitals written with the all-caps font reuse the lowercase codes.
    data = encode_legacy("công tác năm 2024\n", "tcvn3") + encode_legacy(
        "HOạCH THựC HIệN ĐổI MớI\n", "tcvn3"
    )
    text, name = decode(data)
    assert name == "tcvn3"
    assert text.splitlines()[1] == "HOẠCH THỰC HIỆN ĐỔI MỚI"


def test_tables_cover_every_vietnamese_letter() -> None:
    letters = {c for c in TEXT.lower() if not c.isascii() and c.isalpha()}
    assert letters <= set(load_table("tcvn3").values())
    vni = set(load_table("vni").values())
    assert letters <= vni
    assert {c.upper() for c in letters} <= vni
    assert len(vni) == 134  # 67 lowercase and 67 capital letters beyond ASCII


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_and_boms(data: bytes, encoding: str) -> None:
    assert decode(data) == (TEXT, encoding)


def test_decode_is_nfc_and_keeps_lines() -> None:
    data = unicodedata.normalize("NFD", "Độc lập\r\n\r\nTự do\rHạnh phúc\n").encode("utf-8")
    text, _ = decode(data)
    assert text == "Độc lập\r\n\r\nTự do\rHạnh phúc\n"
    assert read_bytes(data).n_lines == 4


def test_plain_ascii_is_utf8() -> None:
    assert decode(b"Ke hoach so 12/KH-UBND\n")[1] == "utf-8"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"abc\x00def", "NUL"),
        (bytes(range(1, 9)) * 20 + b"text", "control"),
        (b"\x81\x8d\x8f\x90\x9d", "cannot decode"),
    ],
)
def test_input_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_bytes(data)


def test_size_limit_checked_before_decoding() -> None:
    # One byte over the limit, and not even valid text: the size is what is reported.
    with pytest.raises(InputError, match="MiB limit"):
        decode(b"\x00" * (MAX_INPUT_BYTES + 1))


def test_error_messages_are_one_line() -> None:
    for data in (b"", b"%PDF-1.4", b"a\x00b"):
        with pytest.raises(InputError) as info:
            read_bytes(data)
        assert "\n" not in str(info.value)


def test_syllable_shape() -> None:
    from kehoach_parser.read.syllable import is_syllable

    for word in ("nghiêng", "quyết", "khuya", "người", "thuở", "khuỷu", "xoong", "giặc"):
        assert is_syllable(word), word
    # What a wrong 8-bit table makes of Vietnamese: impossible clusters, two tones.
    for word in ("nhaõn", "viọt", "hµ", "aâ", "oán̉", "ngaiy"):
        assert not is_syllable(word), word
    # Rhymes Vietnamese does not have (diacritics/phonotactics.yaml), as OCR makes them.
    for word in ("ting", "chic", "thyc", "kénh"):
        assert not is_syllable(word), word


def test_undecodable_input_names_its_first_bad_utf8_byte() -> None:
    """One stray byte in UTF-8 text (whose bytes no 8-bit table accepts either): the
    message says where it is, so the file can be fixed."""
    lines = TEXT.encode("utf-8").splitlines(keepends=True)
    at = len(lines[0]) + len(lines[1]) + 4  # line 3, after "Ông"
    data = b"".join(lines)
    data = data[:at] + b"\xff" + data[at:]
    with pytest.raises(InputError, match=rf"not UTF-8 \(byte 0xff at offset {at}, line 3\)"):
        decode(data)
    crlf = data.replace(b"\n", b"\r\n")
    with pytest.raises(InputError, match=rf"offset {at + 2}, line 3\)"):
        decode(crlf)
