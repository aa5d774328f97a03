"""The public API: ``parse`` takes a path, bytes or text; ``restore`` returns text."""

from __future__ import annotations

from pathlib import Path

import pytest

import kehoach_parser
from kehoach_parser import KeHoach, errors, parse, restore, restore_and_explain

PLAN = ("ỦY BAN NHÂN DÂN\nHUYỆN AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 5 tháng 1 năm 2024\n"
        "KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
        "Nâng cao chất lượng phục vụ người dân.\n")


def test_public_names() -> None:
    assert {"parse", "restore", "restore_and_explain", "KeHoach", "SCHEMA_VERSION"} <= set(
        kehoach_parser.__all__)


def test_parse_path_str_path_bytes_and_text_agree(tmp_path: Path) -> None:
    p = tmp_path / "kh.txt"
    p.write_text(PLAN, encoding="utf-8")
    results = [parse(str(p)), parse(p), parse(PLAN.encode()), parse(PLAN)]
    assert all(isinstance(r, KeHoach) for r in results)
    assert [r.nguon.tep for r in results] == ["kh.txt", "kh.txt", None, None]
    dumps = [r.model_dump(exclude={"nguon"}) for r in results]
    assert all(d == dumps[0] for d in dumps)
    assert results[0].van_ban.so_ky_hieu == "12/KH-UBND"
    assert len({r.nguon.sha256 for r in results}) == 1


def test_parse_without_restoration_changes_nothing() -> None:
    plan = parse("Ke hoach cai cach hanh chinh\nnam 2024\n", restore=False)
    assert plan.sua_doi == []


def test_parse_refuses_empty_input() -> None:
    with pytest.raises(errors.InputError):
        parse(b"")


def test_parse_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(errors.InputError, match=r"missing\.txt"):
        parse(tmp_path / "missing.txt")


def test_parse_long_one_line_text() -> None:
    """A str without a line break that names no file is text, not a missing path."""
    plan = parse("Kế hoạch cải cách hành chính " * 20)
    assert (plan.nguon.tep, plan.nguon.so_dong) == (None, 1)
    # A title and nothing else: no header, no legal basis, no numbered heading.
    assert [c.ma for c in plan.canh_bao] == ["not_a_plan"]


def test_restore_returns_text_with_the_same_lines() -> None:
    src = "Ke hoach cai cach hanh chinh nam 2024\n\nUy ban nhan dan huyen\n"
    out = restore(src)
    assert isinstance(out, str)
    assert out.count("\n") == src.count("\n")
    assert out.startswith("Kế hoạch cải cách hành chính")
    assert restore("") == ""


def test_restore_and_explain_points_at_each_change() -> None:
    src = "cai cach\nhanh chinh"
    text, changes = restore_and_explain(src)
    assert text == restore(src)
    lines = src.split("\n")
    for c in changes:
        assert lines[c.line - 1][c.column - 1:].startswith(c.original)
        assert 0.0 <= c.confidence <= 1.0
    assert changes
