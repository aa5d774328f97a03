"""Property tests: restore never crashes, keeps the lines, numbers and case patterns."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach_parser.restore import restore, restore_and_explain
from kehoach_parser.restore.case import is_all_caps

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
NOISE = "0123456789&¢€@#/.,;:()-_ \n\t\rQWPDJFZ$¥|’'\u0301\u0303"
# A number: digits not glued to letters or to the symbols OCR makes of letters ($6 = Số).
NUMBER = re.compile(r"(?<![\w&¢€@$¥])\d+(?![\w&¢€@$¥])")
words = st.text(alphabet=VIET + VIET.upper() + NOISE, max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_keeps_its_lines(text: str) -> None:
    out = restore(text)
    assert len(out.split("\n")) == len(text.split("\n"))


@settings(max_examples=300, deadline=None)
@given(words)
def test_numbers_and_case_patterns_survive(text: str) -> None:
    out, changes = restore_and_explain(text)
    assert len(out.split("\n")) == len(text.split("\n"))
    # Only a short, bare number may become the word the OCR read as digits (6 = ở).
    lines = text.split("\n")
    read_as_word = {(c.line, c.column) for c in changes if c.original.isdigit()}
    for c in changes:
        if c.original.isdigit():
            assert len(c.original) <= 2 and c.replacement.isalpha(), c
    kept = [m.group() for n, line in enumerate(lines, 1) for m in NUMBER.finditer(line)
            if (n, m.start() + 1) not in read_as_word]
    assert NUMBER.findall(out) == kept
    for c in changes:
        assert lines[c.line - 1][c.column - 1:].startswith(c.original)
        if is_all_caps(c.original):
            # ALL CAPS stays, except a short run of capitals read on by lowercase words on
            # its line, which OCR made of a capitalised word (SO Tai chinh = Sở Tài chính,
            # test_restore.py): that one is Capitalised, never lowercase
            line = lines[c.line - 1]
            assert c.replacement.isupper() or (
                c.replacement[:1].isupper() and c.replacement[1:].islower()
                and any(ch.islower() for ch in line)), c
        elif c.original[:1].islower():
            assert c.replacement[:1].islower()


def test_capitals_next_to_a_symbol_read_as_a_word_stay_capitals() -> None:
    # the case hypothesis found: "@" is read as a word, but not one written in lowercase
    out, changes = restore_and_explain("@ AÕ")
    assert all(c.replacement.isupper() for c in changes if c.original == "AÕ"), out
