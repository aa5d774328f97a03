"""The values that flow between stages: input lines with their origin, and paragraphs.

Every stage after reading works on ``Line`` values, so any text it produces can be traced
back to the input's line and column (lark's ``propagate_positions``, docling's ``orig``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Span


@dataclass(frozen=True, slots=True)
class Line:
    """One line of working text and where it starts in the input.

    ``line`` is the 1-based line number in the input file, ``col`` the 1-based column (in
    characters of the decoded input line) where ``text`` starts. A physical input line may
    yield several ``Line`` values (a two-column header split in two), and layout repair may
    drop lines, so ``line`` numbers are increasing but not contiguous.
    """

    text: str
    line: int
    col: int = 1
    # The text as printed, when restoration changed it. Closed vocabularies (a table's header
    # and title words) are matched on it too: restoration reads a header word out of
    # context and may break it ("Stt" read as "Sứ"), and matching folds the marks anyway.
    # Words OCR ran together that restoration split are apart in it too (``Quyét dinh``
    # for ``Quyétdinh``): its words pair up with the text's.
    orig: str | None = None
    # Where in ``orig`` those spaces stand (they are not in the input): see printed_column.
    apart: tuple[int, ...] = ()

    def printed_column(self, offset: int) -> int:
        """The input column of ``orig[offset]`` (``text``'s where restoration left it)."""
        return self.col + offset - sum(a < offset for a in self.apart)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: consecutive lines joined, with the index range of the lines it came from."""

    text: str
    first: int  # index into the list of Line values, inclusive
    last: int  # inclusive


def span_of(lines: list[Line], first: int, last: int) -> Span:
    """The input span covered by ``lines[first..last]`` (inclusive): to the end of the last
    line as printed (restoration may have made it longer or shorter)."""
    a, b = lines[first], lines[last]
    end = b.printed_column(len(b.orig)) if b.orig is not None else b.col + len(b.text)
    return Span(line=a.line, column=a.col, end_line=b.line, end_column=end)
