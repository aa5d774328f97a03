"""Build the heading tree from paragraphs, repairing labels the OCR damaged."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lines import Block, Line, span_of
from ..models import DoanVan, Muc, Span
from .headings import HeadingMatch, grammar, is_caps, match_heading, roman_value, to_roman
from .roles import role_of


@dataclass(frozen=True, slots=True)
class Text:
    """Text read from a paragraph, with where each of its input lines starts in it.

    Any part of it (an item without its bullet, the duties after a unit's name) maps back
    to exact input positions, also when it runs over wrapped lines.
    """

    text: str
    starts: tuple[tuple[int, Line, int], ...]  # (offset in text, its line, offset in the line)

    def part(self, a: int, b: int | None = None) -> Text:
        """``text[a:b]`` without the white space at its ends, with its positions."""
        b = len(self.text) if b is None else b
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        off, ln, at = [s for s in self.starts if s[0] <= a][-1]
        starts = [(0, ln, at + a - off)]
        starts += [(o - a, line, 0) for o, line, _ in self.starts if a < o < b]
        return Text(self.text[a:b], tuple(starts))

    def span(self) -> Span:
        (_, first, at), (off, last, end) = self.starts[0], self.starts[-1]
        # printed_column: restoration may have split words OCR ran together; the spaces it
        # put in are not in the input.
        end += len(self.text) - off - 1
        return Span(line=first.line, column=first.printed_column(at), end_line=last.line,
                    end_column=last.printed_column(end) + 1)

    def to_model(self) -> DoanVan:
        return DoanVan(noi_dung=self.text, span=self.span())


def text_of(lines: list[Line], block: Block) -> Text:
    """The block's text with the offset each of its lines starts at (see ``join_paragraphs``:
    lines are joined with a space, or with nothing after a hyphen, which may be dropped)."""
    text, pos = block.text, 0
    starts = []
    for ln in lines[block.first : block.last + 1]:
        if text[pos : pos + 1] == " " and not text.startswith(ln.text, pos):
            pos += 1  # the space that joins it to the line before
        starts.append((pos, ln, 0))
        # A hyphen that cut a word in two is not in the text.
        pos += len(ln.text) if text.startswith(ln.text, pos) else len(ln.text) - 1
    return Text(text, tuple(starts))


def cover(first: Span, last: Span) -> Span:
    """From the start of ``first`` to the end of ``last``."""
    return Span(line=first.line, column=first.column, end_line=last.end_line,
                end_column=last.end_column)


@dataclass
class Node:
    """A heading while the tree is built; ``to_model`` turns it into the output's ``Muc``."""

    so: str
    title: Text  # the heading without its label
    cap: int
    kind: str
    span: Span
    own_role: str | None
    role: str = "khac"
    paragraphs: list[Text] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def tieu_de(self) -> str:
        return self.title.text

    def to_model(self) -> Muc:
        return Muc(
            so=self.so,
            tieu_de=self.tieu_de,
            cap=self.cap,
            vai_tro=self.role,  # type: ignore[arg-type]
            noi_dung=[p.to_model() for p in self.paragraphs],
            muc_con=[c.to_model() for c in self.children],
            span=self.span,
        )


# How many roman numerals a plan may skip (a section dropped from a template).
_MAX_ROMAN_GAP = 2


class _Sequence:
    """Tracks the numbering so far, to repair labels the OCR damaged."""

    def __init__(self, has_roman: bool) -> None:
        self.has_roman = has_roman
        self.roman = 0

    def label(self, m: HeadingMatch) -> tuple[str, str]:
        """(kind, repaired label) for a heading match."""
        if m.kind == "roman":
            value = roman_value(m.label)
            # A numeral that doesn't continue the sequence is usually OCR damage
            # (I11 for III); a real gap (I, II, IV) is kept as printed.
            if value is None or value <= self.roman:
                value = self.roman + 1
            elif value > self.roman + _MAX_ROMAN_GAP:
                return "", ""  # "X" after "IV" is a fragment of a table, not a heading
            self.roman = value
            return "roman", to_roman(value)
        if m.kind == "arabic" and self.has_roman and is_caps(m.title):
            # "1. CHỈ TIÊU, NHIỆM VỤ": a capitalised title is a level-1 heading whose
            # numeral the OCR read as digits (II -> 1 or 11).
            self.roman += 1
            return "roman", to_roman(self.roman)
        return m.kind, m.label


def _cap(kind: str, label: str, stack: list[Node]) -> int:
    g = grammar()
    if kind == "decimal":
        return g.cap("arabic") + label.count(".")
    if kind == "letter":
        numbered = [n.cap for n in stack if n.kind != "letter"]
        return (numbered[-1] if numbered else g.cap("arabic")) + 1
    return g.cap(kind)


def _continues(label: str, stack: list[Node], roots: list[Node]) -> bool:
    """Whether arabic ``label`` is the next number under the current level-1 (or Phần) heading."""
    cap = grammar().cap("arabic")
    parents = [n for n in stack if n.cap < cap]
    siblings = parents[-1].children if parents else roots
    numbers = [int(n.so) for n in siblings if n.kind == "arabic"]
    return int(label) == (numbers[-1] + 1 if numbers else 1)


def build_tree(lines: list[Line], blocks: list[Block]) -> tuple[list[Node], list[Text]]:
    """The heading tree over ``blocks``, and the paragraphs standing before the first heading."""
    matches = [match_heading(b.text) for b in blocks]
    seq = _Sequence(any(m is not None and m.kind == "roman" for m in matches))
    roots: list[Node] = []
    preamble: list[Text] = []
    stack: list[Node] = []
    taken: set[int] = set()
    for i, (block, m) in enumerate(zip(blocks, matches, strict=True)):
        if i in taken:
            continue
        text = text_of(lines, block)
        if m is None:
            (stack[-1].paragraphs if stack else preamble).append(text)
            continue
        title = text.part(m.at, m.at + len(m.title))
        if not m.title and i + 1 < len(blocks) and matches[i + 1] is None:
            # "Phần I" centred on its own line, its title in capitals on the next.
            nxt = blocks[i + 1]
            if is_caps(nxt.text):
                m = HeadingMatch(m.kind, m.label, nxt.text, 0)
                title = text_of(lines, nxt)
                block = Block(block.text, block.first, nxt.last)
                taken.add(i + 1)
        kind, label = seq.label(m)
        if kind == "arabic_comma":
            kind = "arabic" if _continues(label, stack, roots) else ""
        if not kind:
            (stack[-1].paragraphs if stack else preamble).append(text)
            continue
        cap = _cap(kind, label, stack)
        while stack and stack[-1].cap >= cap:
            stack.pop()
        node = Node(
            so=label,
            title=title,
            cap=cap,
            kind=kind,
            span=span_of(lines, block.first, block.last),
            own_role=role_of(m.title),
        )
        parent = stack[-1] if stack else None
        node.role = node.own_role or (parent.role if parent else "khac")
        (parent.children if parent else roots).append(node)
        stack.append(node)
    return roots, preamble
