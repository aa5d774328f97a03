"""Properties of the read stage on arbitrary input, and bounded time on pathological input."""

from __future__ import annotations

import itertools
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_parser.errors import InputError
from kehoach_parser.read import decode, join_paragraphs, read_bytes
from kehoach_parser.read.clean import JUNK, SEPARATORS
from kehoach_parser.read.layout import undouble

# Text made of what plans are made of: Vietnamese letters, digits, punctuation, spaces,
# tabs and line breaks, so the properties reach the layout rules and not only the errors.
PLAN_CHARS = st.sampled_from(
    [
        *"aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠĐỘỨẾỆ0123456789 .,;:-+()/|\t\n\n\n\x0c\r",
        *["  ", "   ", "I. ", "1. ", "a) ", "- ", "Căn cứ ", "KẾ HOẠCH", "\n\n"],
    ]
)
PLAN_TEXT = st.lists(PLAN_CHARS, max_size=300).map("".join)


def check(data: bytes) -> None:
    try:
        doc = read_bytes(data)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    text, _ = decode(data)
    source = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert doc.n_lines >= (max(ln.line for ln in doc.lines) if doc.lines else 0)
    previous = 0
    for ln in doc.lines:
        assert ln.text and ln.text == ln.text.strip()
        assert ln.line >= previous
        previous = ln.line
        src = source[ln.line - 1]
        exact = src[ln.col - 1 : ln.col - 1 + len(ln.text)] == ln.text
        repaired = (
            JUNK.search(src)
            or any(c in SEPARATORS for c in src)
            or undouble(src.strip()) == ln.text
        )
        assert exact or repaired, ln
    blocks = join_paragraphs(doc.lines)
    assert len(blocks) <= len(doc.lines)
    if blocks:
        assert blocks[0].first == 0 and blocks[-1].last == len(doc.lines) - 1
        assert all(b.first <= b.last for b in blocks)
        assert all(b.first == a.last + 1 for a, b in itertools.pairwise(blocks))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_only_raise_input_error(data: bytes) -> None:
    check(data)


@settings(max_examples=200, deadline=None)
@given(PLAN_TEXT, st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1258"]))
def test_plan_like_text(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    check(data)


def test_one_long_paragraph_joins_in_linear_time() -> None:
    # 100 000 wrapped lines that all go on: joining must not copy the paragraph per line.
    line = "tiếp tục thực hiện nhiệm vụ cải cách hành chính trên địa bàn huyện và"
    data = ("\n".join([line] * 100_000) + "\n").encode()
    start = time.perf_counter()
    (block,) = join_paragraphs(read_bytes(data).lines)
    assert time.perf_counter() - start < 20
    assert len(block.text) == 100_000 * (len(line) + 1) - 1


def test_one_megabyte_line_without_spaces_in_bounded_time() -> None:
    texts = ("a", "ả-", "|.", "Đ", "Số:   ", "ỦY BAN   ", "Độc lập - Tự do - ", "Hà Nội, ngày ")
    chunks = [s.encode() for s in texts] + [b"\xb8", b"a\xf9", b"HO\xb9CH"]
    for chunk in chunks:  # the last three are legacy bytes: the 8-bit decoders run
        data = chunk * (1_000_000 // len(chunk))
        start = time.perf_counter()
        doc = read_bytes(data)
        join_paragraphs(doc.lines)
        assert time.perf_counter() - start < 10, chunk
