"""Working lines -> paragraphs: join the lines a hard wrap or a page break cut apart.

A line continues the one before when the one before does not end a sentence or clause,
is about as long as a full line of the document (so the wrap was forced), and the line
does not open a new item (heading number, bullet, "Căn cứ" ...). Blank lines between two
lines are seen as a gap in their input line numbers; they end a paragraph, unless the
document puts a blank after every line (then they mean nothing).
"""

from __future__ import annotations

import itertools

import regex

from ..lines import Block, Line
from .layout import GOES_ON, SENTENCE_END, blank_layout, full_width
from .syllable import is_syllable
from .vocab import fold, vocab

# What opens a new item: roman numerals, also as OCR damages them ("I1.", "Il.", "I11."),
# "1.", "1.1.", "1.1", "a)", "(1)", bullets ("_" is how OCR reads some dashes).
_MARKER = regex.compile(
    r"""^(?:
        [IVX][IVXl1|]{0,5}\.(?=\s|$)
      | \d{1,3}(?:\.\d{1,2})*\.(?=\s|$)
      | \d{1,3}(?:\.\d{1,2})+(?=\s)
      | [a-zđ]\)
      | \(\d{1,2}\)
      | [-–—+•*_·]
    )""",
    regex.X,
)
_HEADING_NUMBER = regex.compile(r"^(?:[IVX][IVXl1|]{0,5}|\d{1,3}(?:\.\d{1,2})*)\.\s")
_LOWER = regex.compile(r"\p{Ll}")
_UPPER = regex.compile(r"\p{Lu}")
_LAST_WORD = regex.compile(r"(\p{L}+)-$")
_FIRST_WORD = regex.compile(r"^\p{L}+")
_LONG_SHARE = 0.7  # a line this share of the full width or more was wrapped by force
_LOWER_SHARE = 0.25  # shorter lines (a centred title) go on when the next starts lowercase
_FULL_SHARE = 0.9  # a numbered heading this long may wrap into a capitalised line
_BRIM_SHARE = 0.85  # a line this full ending in "." was cut by the wrap, not the paragraph
_BLANK_BREAK_SHARE = 0.1  # blank lines part paragraphs when this share of line pairs has one
_CLAUSE_END = regex.compile(r";$")
# A table row: cells parted by a tab, a bar or a column gap of four spaces or more.
_TABLE_ROW = regex.compile(r"[\t|]| {4}")
_OPENER_CHARS = 16  # openers are short: fold only the start of a line
_PERIOD_END = regex.compile(r"(?<!\./)\.$")
_FIRST_WORD_CAPS = regex.compile(r"^[\p{Lu}\d]*\p{Lu}[\p{Lu}\d]*(?:\s|$)")


def _is_caps(text: str) -> bool:
    return bool(_UPPER.search(text)) and not _LOWER.search(text)


def _opens(text: str) -> bool:
    """Does ``text`` start with a word that opens a paragraph ("Căn cứ", "Nơi nhận")?"""
    return text[:1].isupper() and vocab().opener.match(fold(text[:_OPENER_CHARS])) is not None


def _continues(prev: Line, nxt: Line, width: int, blanks_mean_breaks: bool, brim: bool) -> bool:
    """Does ``nxt`` continue the paragraph that ``prev`` ends?"""
    if prev.line == nxt.line:  # two columns of one input line
        return False
    if _TABLE_ROW.search(prev.text) or _TABLE_ROW.search(nxt.text):
        return False
    if _MARKER.match(nxt.text) or _opens(nxt.text):
        return False
    size = len(prev.text)
    # A number after a heading in capitals is a table cell ("II. CẢI CÁCH ..." + "3").
    lower = GOES_ON.match(nxt.text) is not None and not (
        nxt.text[0].isdigit() and _is_caps(prev.text)
    )
    gap = nxt.line - prev.line > 1
    if blanks_mean_breaks and gap:
        # A blank inside a sentence is a page break: only a full line that does not end a
        # sentence, followed by a lowercase word, bridges it.
        return lower and size >= _LONG_SHARE * width and not SENTENCE_END.search(prev.text)
    if prev.text.startswith("(") and prev.text.endswith(")"):
        return False  # a whole parenthetical line: "(Kèm theo Kế hoạch số ...)"
    if SENTENCE_END.search(prev.text):
        if lower and _CLAUSE_END.search(prev.text):
            return True  # "...theo quy định;" + "trình Hội đồng ...": a clause goes on
        # In a document that parts paragraphs with blank lines, a line filled to the brim
        # that ends in a period: the wrap fell on a sentence end.
        return brim and bool(_PERIOD_END.search(prev.text)) and size >= _BRIM_SHARE * width
    if lower:
        return size >= _LOWER_SHARE * width
    if _HEADING_NUMBER.match(prev.text):
        # A numbered heading goes on in capitals ("... CÔNG TÁC KHEN" + "THƯỞNG"), or
        # fills the line; a capitalised line after a shorter one starts the body.
        caps = _is_caps(prev.text) and _FIRST_WORD_CAPS.match(nxt.text) is not None
        return caps or size >= _FULL_SHARE * width
    return size >= _LONG_SHARE * width


def _glue(prev: str, nxt: str) -> tuple[str, str]:
    """How two wrapped lines join: (``prev`` as kept, separator before ``nxt``).

    A hyphen at the end is dropped only inside a split word, which is rare in Vietnamese.
    """
    if not prev.endswith("-") or prev.endswith(" -"):
        return prev, " "  # "kinh tế -" + "xã hội" keeps its dash
    head = _LAST_WORD.search(prev)
    tail = _FIRST_WORD.match(nxt)
    if head and tail and tail.group().islower():
        a, b = head.group(1), tail.group()
        if is_syllable(a + b) and not (is_syllable(a) and is_syllable(b)):
            return prev[:-1], ""  # "ng-" + "hiệp": one syllable cut in two
    return prev, ""  # "KH-" + "UBND", "2021-" + "2030": a compound


def join_paragraphs(
    lines: list[Line], *, blank_lines_are_layout: bool | None = None
) -> list[Block]:
    """Join hard-wrapped lines into paragraphs.

    ``blank_lines_are_layout`` says whether blank lines carry no meaning (a "blank after
    every line" extraction); by default it is read from the gaps in the line numbers.
    """
    if not lines:
        return []
    if blank_lines_are_layout is None:
        blank_lines_are_layout = blank_layout([(ln.text, ln.line) for ln in lines])
    width = full_width(ln.text for ln in lines)
    gaps = sum(1 for a, b in itertools.pairwise(lines) if b.line - a.line > 1)
    # Blank lines part the paragraphs (not merely the layout) in this document.
    brim = not blank_lines_are_layout and gaps >= _BLANK_BREAK_SHARE * (len(lines) - 1)
    blocks: list[Block] = []
    first = 0
    parts = [lines[0].text]  # joined once per paragraph: linear even for huge paragraphs
    for i in range(1, len(lines)):
        nxt = lines[i].text
        if _continues(lines[i - 1], lines[i], width, not blank_lines_are_layout, brim):
            parts[-1], sep = _glue(parts[-1], nxt)
            parts.extend((sep, nxt))
            continue
        blocks.append(Block("".join(parts), first, i - 1))
        first, parts = i, [nxt]
    blocks.append(Block("".join(parts), first, len(lines) - 1))
    return blocks
