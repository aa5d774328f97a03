"""Cut text into tokens with their 1-based line and column, and say what each one is.

``word`` tokens are restored; ``code`` tokens (``367/KH-UBND``) only get their lost ``Đ``
back; a short bare number may turn out to be a word OCR read as digits (``6`` = ở, decided by
the LM, see ``restore._digits_may_be_word``); URLs, e-mails and punctuation pass through.
Punctuation, tabs and paragraph breaks end an LM segment; a plain line break does not (OCR breaks
lines mid-sentence). An apostrophe OCR wrote for a horn (``co’`` = cơ) belongs to its word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

Kind = Literal["word", "code", "num", "url", "other"]

_CHUNK = re.compile(r"\S+")
# Within a chunk, a comma or semicolon before a word of letters ends a piece (OCR drops the
# space after it: "mức độ 3,mức độ 4", "Hà Nội,ngày"), not one in a number (1,5).
_PIECE = re.compile(r"(?:[,;](?![^\W\d_]{2})|[^,;])+[,;]?|[,;]")
# Punctuation peeled off a chunk's ends. OCR noise symbols (& ¢ € ...) are not in it: they
# stand for letters (v&i = với, x& = xã) and must stay inside the word.
PUNCT = frozenset(".,;:!?()[]{}\"'“”‘’«»…–—-*•·/\\|<>")
_URL = re.compile(r"(?i)^(https?://|www\.)|^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_CODE_INNER = frozenset("/:.-_,")
_JOIN = re.compile(r"([/-])")
# A lone symbol the OCR makes of a short word (ở read as & or @, ý as ¥, có as ¢); the
# channel decides.
_SYMBOL_WORDS = frozenset("&@¥¢")
# A letter and a stacked mark both read as symbols ($6 = Sở, 1& = lệ). Never 30$ or 5€:
# amounts stay as they are (& and @ are no currency).
_SYMBOL_DIGIT = re.compile(r"[$¥¢€&@][0-9]|[0-9][&@]")


class Token(NamedTuple):
    """A named tuple, not a frozen dataclass: a document has thousands of tokens, and a
    frozen dataclass sets each field through object.__setattr__."""

    text: str
    line: int  # 1-based
    column: int  # 1-based
    kind: Kind
    boundary_before: bool  # punctuation or a blank line separates it from the previous token
    # Punctuation peeled off its chunk before and after it ("(" and ")." of "(6)."): around
    # a number, the mark of a list label or a reference rather than of a misread word.
    before: str = ""
    after: str = ""
    # A piece of a token OCR ran together (restore.glued): a space goes back after it.
    space_after: bool = False


def classify(core: str) -> Kind:
    if core.isalpha():
        return "word"  # most tokens: no URL, code or number is letters only
    if _URL.search(core):
        return "url"
    if any(c in _CODE_INNER for c in core[1:-1]):
        return "code"
    if core.isdigit():
        return "num"
    if any(c.isalpha() for c in core) or core in _SYMBOL_WORDS:
        return "word"
    if _SYMBOL_DIGIT.fullmatch(core):
        return "word"
    return "other"


def _peel(chunk: str) -> tuple[int, int]:
    """Start and end of the chunk's core, without surrounding punctuation."""
    a, b = 0, len(chunk)
    if _URL.search(chunk.strip("()[]<>\"'“”,;")):
        while a < b and chunk[a] in "([<\"'“":
            a += 1
        while b > a and chunk[b - 1] in ")]>\"'”,;.":
            b -= 1
        return a, b
    while a < b and chunk[a] in PUNCT:
        a += 1
    while b > a and chunk[b - 1] in PUNCT:
        b -= 1
    return a, b


# OCR writes the horn of ư and ơ as an apostrophe after the letter (tu’ = tư, co’ = cơ), and
# after the letter it made of the u (tl’ ti’ = từ, sy’ = sự, cht’c = chức).
_HORN = frozenset("’'")
_HORN_BASES = frozenset("uoyiltUOYILT")
_OPENING_QUOTES = frozenset("‘'")


def _keeps_horn(chunk: str, a: int, b: int, quoted: bool) -> bool:
    """Whether the apostrophe after the core is the horn of its last letter (a letter OCR
    makes of u or o), unless it closes a quote opened before (‘Nguyễn Văn Tho’)."""
    return (b < len(chunk) and chunk[b] in _HORN and chunk[b - 1] in _HORN_BASES
            and not quoted and not any(c in _OPENING_QUOTES for c in chunk[:a]))


# A heading label the scan glued to its title's first word ("V.TO CHUC", "2.Cai", "Il.CAI"
# with an I read as l or a bar): the label stays as printed, the word is a word (not a code).
_GLUED_LABEL = re.compile(r"([IVXLl|]{1,5}|\d{1,2})\.[^\W\d_]{2,}")


def _chunks(text: str) -> Iterator[re.Match[str]]:
    if "," not in text and ";" not in text:
        return _CHUNK.finditer(text)  # most lines: no piece to cut out of a chunk
    return _pieces(text)


def _pieces(text: str) -> Iterator[re.Match[str]]:
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        if "," in chunk or ";" in chunk:
            yield from _PIECE.finditer(text, m.start(), m.end())
        else:
            yield m


def tokenize_line(text: str, line: int = 1) -> Iterator[tuple[Token, bool]]:
    """Tokens of one line, each with whether punctuation follows it inside its chunk."""
    pending_boundary = False
    quoted = False  # a single quote opened on this line is not closed yet
    end = 0
    tabs = "\t" in text
    for m in _chunks(text):
        chunk = m.group()
        # A tab between words separates table cells, as a bar does.
        pending_boundary = pending_boundary or (
            tabs and end > 0 and "\t" in text[end:m.start()])
        end = m.end()
        if chunk.isalpha():
            # Most chunks are a plain word: nothing to peel, no label, horn or quote.
            yield Token(chunk, line, m.start() + 1, "word", pending_boundary), False
            pending_boundary = False
            continue
        a, b = _peel(chunk)
        if m.start() == len(text) - len(text.lstrip()) and (
                glued := _GLUED_LABEL.fullmatch(chunk, a, b)):
            a = glued.end(1) + 1
            pending_boundary = True
        if a == b:
            pending_boundary = True
            continue
        if _keeps_horn(chunk, a, b, quoted):
            b += 1
        quoted = (quoted or any(c in _OPENING_QUOTES for c in chunk[:a])) and not any(
            c in _HORN for c in chunk[b:])
        core = chunk[a:b]
        start = m.start() + a + 1
        kind = classify(core)
        marker = len(core) == 1 and chunk[b:b + 1] == ")"  # list item a) b) đ)
        if kind == "code" and _is_word_list(core):
            # ngành/lĩnh, công-ten-nơ, 7-Thoi: words (after an item number) joined by a slash
            # or hyphen, each restored. The words read on as one phrase (Văn hóa-Xã hội): the
            # LM sees them in sequence.
            offset = 0
            first = True
            for part in _JOIN.split(core):
                if part and part not in "/-":
                    kind = "num" if part.isdigit() else "word"
                    boundary = first and (pending_boundary or a > 0)
                    yield Token(part, line, start + offset, kind, boundary, "-"), False
                    first = False
                offset += len(part)
        else:
            yield Token(core, line, start, "other" if marker else kind,
                        pending_boundary or a > 0, chunk[:a], chunk[b:]), b < len(chunk)
        pending_boundary = b < len(chunk)


def _is_word_list(core: str) -> bool:
    """Lowercase or capitalised words joined by / or - (not a code such as QD-UBND, nor an
    abbreviation of single letters such as t/h), maybe after an item number (7-Thoi)."""
    parts = [p for p in _JOIN.split(core) if p and p not in "/-"]
    numbered = bool(parts) and parts[0].isdigit()
    words = parts[1:] if numbered else parts
    return len(words) >= (1 if numbered else 2) and all(
        len(p) > 1 and p.isalpha() and (p.islower() or p.istitle()) for p in words)


def tokenize(text: str) -> list[Token]:
    """All tokens of ``text``; ``boundary_before`` marks LM segment starts."""
    out: list[Token] = []
    boundary = True
    blank = False
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            blank = True
            continue
        for tok, punct_after in tokenize_line(line, n):
            # A blank line ends a paragraph unless the text goes on in lowercase: some
            # documents are double-spaced, one blank line after every line.
            if blank and not tok.text[:1].islower():
                boundary = True
            blank = False
            if boundary and not tok.boundary_before:
                tok = tok._replace(boundary_before=True)
            out.append(tok)
            boundary = punct_after
    return out
