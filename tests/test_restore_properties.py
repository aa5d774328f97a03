"""Property tests: restore never crashes, keeps the lines, numbers and case patterns."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach_parser.restore import restore, restore_and_explain
from kehoach_parser.restore.case import is_all_caps

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
NOISE = "0123456789&¢€@#/.,;:()-_ \n\tQWPDJFZ"
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
    assert re.findall(r"(?<![\w&¢€@])\d+(?![\w&¢€@])", out) == \
        re.findall(r"(?<![\w&¢€@])\d+(?![\w&¢€@])", text)
    for c in changes:
        if is_all_caps(c.original):
            assert c.replacement.isupper()
        elif c.original[:1].islower():
            assert c.replacement[:1].islower()
