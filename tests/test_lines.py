"""Spans of working lines map back to the input as printed."""

from __future__ import annotations

from kehoach_parser.lines import Line, span_of


def test_a_span_ends_where_the_printed_line_ends() -> None:
    # restoration made "tht" three letters "thất" and split "Quyétdinh" with a space
    line = Line("Quyết định thất", 4, 3, "Quyét dinh tht", (5,))
    span = span_of([line], 0, 0)
    assert (span.line, span.column, span.end_line) == (4, 3, 4)
    assert span.end_column == 3 + len("Quyétdinh tht")


def test_a_printed_offset_maps_past_the_spaces_restoration_put_in() -> None:
    line = Line("Quyết định phê", 1, 1, "Quyét dinh phe", (5,))
    assert line.printed_column(line.orig.index("dinh")) == 1 + "Quyétdinh".index("dinh")
    assert line.printed_column(0) == 1


def test_an_unrestored_line_spans_its_text() -> None:
    assert span_of([Line("Căn cứ", 2, 1)], 0, 0).end_column == 1 + len("Căn cứ")
