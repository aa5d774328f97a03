"""Properties of ``parse`` over any input: a valid model or a clean refusal, never a crash."""

from __future__ import annotations

from typing import Any

from conftest import validate_against_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_parser import KeHoach, errors, parse

# Pieces of real plan layout, so the examples reach the header, heading and table readers
# and not only the "this is not a plan" exit.
FRAGMENTS = [
    "ỦY BAN NHÂN DÂN", "HUYỆN AN BÌNH", "Số: 12/KH-UBND", "Số:     /KH-UBND",
    "An Bình, ngày 05 tháng 01 năm 2024", "KẾ HOẠCH", "Cải cách hành chính năm 2024",
    "Căn cứ Nghị định số 30/2020/NĐ-CP;", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Yêu cầu",
    "II. NHIỆM VỤ", "1.1. Cải cách thể chế", "- Rà soát thủ tục hành chính.", "PHỤ LỤC",
    "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian", "1\tRà soát\tPhòng Nội vụ\tQuý I/2024",
    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A", "Nơi nhận:", "Ke hoach s6 03/KH-UBND",
    "", "   ", "\t",
]
lines = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80))
documents = st.lists(lines, max_size=40).map("\n".join)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _spans(node: Any) -> list[dict[str, int]]:
    if isinstance(node, dict):
        own = [node] if {"line", "end_line"} <= node.keys() else []
        return own + [s for v in node.values() for s in _spans(v)]
    if isinstance(node, list):
        return [s for v in node for s in _spans(v)]
    return []


def _check(data: bytes) -> None:
    try:
        plan = parse(data)
    except errors.InputError as exc:  # empty, binary, undecodable: refused in one line
        assert str(exc) and "\n" not in str(exc)
        return
    dump = plan.model_dump(mode="json")
    assert KeHoach.model_validate(dump) == plan
    validate_against_schema(dump)
    for span in _spans(dump):  # every position points inside the input
        assert 1 <= span["line"] <= span["end_line"] <= plan.nguon.so_dong, span


@SETTINGS
@given(documents)
def test_parse_any_text_gives_a_valid_model(text: str) -> None:
    _check(text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=2000))
def test_parse_any_bytes_gives_a_valid_model_or_an_input_error(data: bytes) -> None:
    _check(data)
