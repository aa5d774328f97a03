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
            assert c.replacement.isupper()
        elif c.original[:1].islower():
            assert c.replacement[:1].islower()
