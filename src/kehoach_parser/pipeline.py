"""The four stages in order: read -> restore -> structure -> tables -> the plan model."""

from __future__ import annotations

from . import read, structure, tables
from .lines import Line
from .models import KeHoach, Nguon, Span, SuaDoi
from .restore import restore_and_explain


def _restore_lines(lines: list[Line]) -> tuple[list[Line], list[SuaDoi]]:
    """Restore the working lines in one pass; restoration keeps the number of lines."""
    # the pieces of a line the reader split into columns (a two-column header line:
    # "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" beside "Độc lập - Tự do") are read apart
    pieces = frozenset(k + 1 for k, ln in enumerate(lines)
                       if (k and lines[k - 1].line == ln.line)
                       or (k + 1 < len(lines) and lines[k + 1].line == ln.line))
    text, changes = restore_and_explain("\n".join(ln.text for ln in lines), pieces)
    splits: dict[int, list[int]] = {}  # line -> where a word OCR ran together was split
    for c in changes:
        if c.replacement.endswith(" "):
            splits.setdefault(c.line, []).append(c.column - 1 + len(c.original))
    restored = text.split("\n")
    if len(restored) != len(lines):  # a broken invariant must not silently shift every span
        raise AssertionError("restoration changed the number of lines")
    out = [Line(t, ln.line, ln.col, *_apart(ln.text, splits.get(n + 1, []))) if t != ln.text
           else Line(t, ln.line, ln.col)
           for n, (ln, t) in enumerate(zip(lines, restored, strict=True))]
    edits = []
    for c in changes:
        src = lines[c.line - 1]
        col = src.col + c.column - 1
        span = Span(line=src.line, column=col, end_line=src.line, end_column=col + len(c.original))
        edits.append(
            SuaDoi(
                span=span,
                goc=c.original,
                moi=c.replacement,
                do_tin_cay=c.confidence,
                ly_do=c.reason,
            )
        )
    return out, edits


def _apart(printed: str, splits: list[int]) -> tuple[str, tuple[int, ...]]:
    """The printed line with a space where restoration split words OCR ran together, so
    that its words pair up with the restored line's (a table cell is restored again from
    its printed words), and where those spaces stand in it."""
    at = sorted(splits)
    for p in reversed(at):
        printed = printed[:p] + " " + printed[p:]
    # each space stands after the ones put in before it
    return printed, tuple(p + k for k, p in enumerate(at))


def _superseded(edits: list[SuaDoi], again: list[SuaDoi]) -> list[SuaDoi]:
    """The plan's repairs with those of words restored again (a table's cells, each on its
    own) replaced by the later repairs, in input order."""
    by_line: dict[int, list[SuaDoi]] = {}
    for r in again:
        by_line.setdefault(r.span.line, []).append(r)
    kept = [e for e in edits if not any(
        r.span.column <= e.span.column and e.span.end_column <= r.span.end_column
        for r in by_line.get(e.span.line, ()))]
    return sorted(kept + again, key=lambda e: (e.span.line, e.span.column))


# How many table headers that yield no row (a sentence naming "cơ quan chủ trì, cơ quan
# phối hợp, thời gian" reads like one) are passed over before giving up on a table.
_MAX_FALSE_HEADERS = 5


def _find_table(lines: list[Line]) -> tuple[int | None, tables.Appendix | None]:
    """The first appendix table that yields rows, and where it starts."""
    offset = 0
    for _ in range(_MAX_FALSE_HEADERS):
        found = tables.find_appendix(lines[offset:])
        if found is None:
            break
        start = offset + found
        appendix = tables.read_appendix(lines, start)
        if appendix.rows:
            return start, appendix
        offset = start + 1
    title = tables.find_title(lines)
    if title is not None:
        appendix = tables.read_headerless(lines, title)
        if appendix.rows:
            return title, appendix
    return None, None


def parse_bytes(data: bytes, name: str | None = None, *, restore: bool = True) -> KeHoach:
    """Parse one plan from its bytes. ``name`` is recorded as the source file name."""
    doc = read.read_bytes(data, name)
    lines = doc.lines
    edits: list[SuaDoi] = []
    if restore and lines:
        lines, edits = _restore_lines(lines)

    start, appendix = _find_table(lines)
    body = lines
    if appendix is not None and start is not None:
        # A table inside the plan (not at its end) hands the lines after it back to the body.
        body = lines[:start] + (lines[appendix.end :] if appendix.end is not None else [])
    result = structure.build(body, read.join_paragraphs(body))
    plan = KeHoach(
        nguon=Nguon(tep=name, sha256=doc.sha256, ma_hoa=doc.encoding, so_dong=doc.n_lines),
        sua_doi=edits,
        canh_bao=[*doc.warnings, *result.warnings],
        **result.fields,
    )
    if appendix is not None:
        plan.sua_doi = _superseded(plan.sua_doi, appendix.repairs)
        plan.phu_luc = appendix.rows
        plan.phu_luc_bang = appendix.table
        plan.canh_bao.extend(appendix.warnings)
    elif (title := tables.find_title(lines)) is not None:
        plan.canh_bao.append(tables.unread_appendix(lines, title))
    return plan
