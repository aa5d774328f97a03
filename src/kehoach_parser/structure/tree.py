"""Build the heading tree from paragraphs, repairing labels the OCR damaged."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lines import Block, Line, span_of
from ..models import Muc, Span
from .headings import HeadingMatch, grammar, is_caps, match_heading, roman_value, to_roman
from .roles import role_of


@dataclass
class Node:
    """A heading while the tree is built; ``to_model`` turns it into the output's ``Muc``."""

    so: str
    tieu_de: str
    cap: int
    kind: str
    span: Span
    own_role: str | None
    role: str = "khac"
    paragraphs: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def to_model(self) -> Muc:
        return Muc(
            so=self.so,
            tieu_de=self.tieu_de,
            cap=self.cap,
            vai_tro=self.role,  # type: ignore[arg-type]
            noi_dung=self.paragraphs,
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


def build_tree(lines: list[Line], blocks: list[Block]) -> tuple[list[Node], list[str]]:
    """The heading tree over ``blocks``, and the paragraphs standing before the first heading."""
    matches = [match_heading(b.text) for b in blocks]
    seq = _Sequence(any(m is not None and m.kind == "roman" for m in matches))
    roots: list[Node] = []
    preamble: list[str] = []
    stack: list[Node] = []
    taken: set[int] = set()
    for i, (block, m) in enumerate(zip(blocks, matches, strict=True)):
        if i in taken:
            continue
        if m is None:
            (stack[-1].paragraphs if stack else preamble).append(block.text)
            continue
        if not m.title and i + 1 < len(blocks) and matches[i + 1] is None:
            # "Phần I" centred on its own line, its title in capitals on the next.
            nxt = blocks[i + 1]
            if is_caps(nxt.text):
                m = HeadingMatch(m.kind, m.label, nxt.text)
                block = Block(block.text, block.first, nxt.last)
                taken.add(i + 1)
        kind, label = seq.label(m)
        if kind == "arabic_comma":
            kind = "arabic" if _continues(label, stack, roots) else ""
        if not kind:
            (stack[-1].paragraphs if stack else preamble).append(block.text)
            continue
        cap = _cap(kind, label, stack)
        while stack and stack[-1].cap >= cap:
            stack.pop()
        node = Node(
            so=label,
            tieu_de=m.title,
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
