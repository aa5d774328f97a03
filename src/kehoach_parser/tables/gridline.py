"""What each fragment of one OCR'd line of a ruled grid table scores as a cell's fragment.

A grid printed with its cells wrapped and top-aligned, OCR'd line by line, gives lines that
hold the wrapped fragments of several neighbouring cells, left to right. gridrow.py cuts a
line into fragments of increasing columns; a fragment (a span of the line's words in one
column) is scored by:

* what each fragment is for its column: a time expression, an amount, an agency name, a
  deliverable (grammars/tables.yaml), read together with the fragment the same column had
  on the line above (``Thường`` / ``xuyên``);
* ``|`` and ``_`` where the rules were: a boundary there is likely, a fragment across one
  is not;
* the width at which each column wraps (estimated from the document by the caller): a
  fragment longer than it is not one column's, and a word that would have fitted on the
  line above is no wrapped continuation (unless it starts an item of its own);
* continuity: a cell starts on its row's first line, with a capital, and once it has ended
  it does not start again within the row.

A line is cut many times (each pass over the table, under each reading of the lines above
it in its row): ``GridLine`` keeps what depends on the line alone, and reads what a span is
(its kind, the costly part) only when a cut asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

import numpy as np
import regex

from ..restore.inventory import normalise
from ..restore.lm import UNK, default_model
from .agency import known_agency
from .classify import open_end, strip_bullet
from .gridkind import (
    AGENCY,
    PROSE,
    PUNCT,
    TIME,
    agency_goes_on,
    ends_on_head,
    kind_range,
    kind_scores,
)

_MARKS = "|[]_=~—"
_PIECE = regex.compile(r"[^|\[\]]+|[|\[\]]")
_WORD = regex.compile(r"\S+")
MAX_WORDS = 14  # more words than any cell line holds

# Scores (log-odds-like units). A ruling inside a fragment costs about as much as a
# cell of the wrong kind; a cell starting again after it ended costs more than both.
_GOES_ON = -0.5  # a fragment on a later line: each needs some evidence to be cut out
_LOWER_START = -2.0
_MARK_INSIDE = -3.0
_MARK_EDGE = 1.0
_RESTART = -4.0
_OPEN_LEFT = -1.0  # a cell whose line ended on "của" / "," stops: unlikely
_CUT_WEIGHT, _JOIN_WEIGHT = 0.5, 0.5  # per nat of cohesion
_PMI_CLIP = (-3.0, 4.0)
_NAME_JOIN = 1.0  # a fragment that ends the agency name its column's line above began
_NAME_TAIL = 3  # words an agency name is begun or ended by, at most, on either line
_FULL_LEFT = -0.5  # a cell whose line filled its column stops: a little less likely (a
# long line ends many cells too; the joint reading's wrap check, gridrow.py, says the rest)
_KNOWN_LEFT = 0.0  # an agency cell stops after a whole known agency name: no sign it wrapped
_FULL_MARGIN = 3  # characters: a line this close to its column's width filled it
_FIRST_CELL = 0.5  # a row's first line holds every non-empty cell: splitting is expected
_OVER_WIDTH = -0.4  # per character beyond the column's width
_WOULD_FIT = -1.5
_WIDTH_SLACK = 2  # characters: OCR'd text is not the printed width exactly

# What a cut sees of its context: the row's first line, each column's fragment above, width
Seen = tuple[bool, tuple[str | None, ...], tuple[float | None, ...]]
# GridLine.terms: join, step, over width, room above, new item, doubts [context, column, span]
Terms = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Word:
    text: str
    start: int  # offset in the line
    mark: bool  # a ruling stands right before it


@dataclass
class Context:
    """What the segmenter knows about the row around this line."""

    first: bool  # the row's first line: every cell starts here
    prev: dict[str, str] = field(default_factory=dict)  # column -> fragment on the line above
    widths: dict[str, float] | None = None


@dataclass(frozen=True)
class Fragment:
    column: str
    text: str
    words: int
    new_item: bool  # starts an item of its own (the line above had room for its first word)
    doubtful: bool  # wider than its column, across a ruling, or not of its column's kind


def words(text: str) -> list[Word]:
    """The line's words with rulings taken out: ``biên_|Thẩm`` is two words, a ruling
    between them; ``_``, ``|``, ``=`` standing alone are rulings."""
    out: list[Word] = []
    mark = False
    for m in _WORD.finditer(text):
        for piece in _PIECE.finditer(m.group()):
            p = piece.group()
            core = p.strip(_MARKS)
            if not core:
                mark = True
                continue
            lead = len(p) - len(p.lstrip(_MARKS))
            out.append(Word(core, m.start() + piece.start() + lead, mark or lead > 0))
            mark = p.rstrip(_MARKS) != p
    return out


def _capital(body: str) -> bool:
    return body[:1].isupper() or body[:1].isdigit()


def _cohesion(a: list[str], b: list[str]) -> np.ndarray:
    """How much more likely each word of ``b`` is right after the word of ``a`` than
    anywhere (pointwise mutual information under the restoration stage's syllable LM),
    clipped: high inside a phrase (``biên`` ``chế``), low across two cells (``biên``
    ``Thẩm``); 0 where the LM does not know a word."""
    if not a:
        return np.zeros(0)
    lm = default_model()
    ids = np.array([[lm.index.get(normalise(w.strip(PUNCT)), UNK) for w in ws] for ws in (a, b)],
                   dtype=np.int64).reshape(2, -1)
    known = (ids != UNK).all(axis=0)
    first, second = np.where(known, ids, 0)
    value = (lm.score2(first, second) - lm.uni_logp[second]).astype(float)
    return np.where(known, np.clip(value, *_PMI_CLIP), 0.0)


class SpanKinds:
    """One column's kind scores of a line's spans under one kind of context (see
    ``kind_scores``), read as a cut needs them: NaN where not read yet, between ``lo`` and
    ``hi`` anyway."""

    def __init__(self, column: str, before: str | None, texts: list[str],
                 syllables: np.ndarray) -> None:
        self.column, self.before, self.texts = column, before, texts
        self.values = np.full(len(texts), np.nan)
        self.lo, self.hi = kind_range(column, before, syllables)

    def read(self, spans: list[int]) -> None:
        self.values[spans] = kind_scores(self.column, [self.texts[p] for p in spans],
                                          self.before)


class GridLine:
    """One OCR line of a grid: its words, the spans of them a fragment may be (``MAX_WORDS``
    words at most; by last word, then first), and what each span scores in each column. A
    line is cut many times (each pass over the table, under each reading of the lines above
    it in its row): what depends on the line alone is worked out once, what depends on the
    fragment above once per fragment, and each cut once per context."""

    def __init__(self, ws: list[Word]) -> None:
        self.words = ws
        n = len(ws)
        spans = [(i, e) for e in range(1, n + 1) for i in range(max(0, e - MAX_WORDS), e)]
        self.texts = [" ".join(w.text for w in ws[i:e]) for i, e in spans]
        self.start = np.array([i for i, _ in spans], dtype=np.intp)
        self.end = np.array([e for _, e in spans], dtype=np.intp)
        bounds = np.searchsorted(self.end, np.arange(n + 2))
        self.ending = [slice(a, b) for a, b in pairwise(bounds)]
        # the line read backwards has the same spans: mirror[p] is span p read backwards
        index = {span: p for p, span in enumerate(spans)}
        self.mirror = np.array([index[n - e, n - i] for i, e in spans], dtype=np.intp)
        self._kinds: dict[tuple[str, object], SpanKinds] = {}
        self._joins: dict[tuple[tuple[str, ...] | None, bool], np.ndarray] = {
            (None, False): np.zeros(len(spans))}
        self.cuts: dict[tuple, list[tuple[float, list[Fragment]]]] = {}

    def kind(self, column: str, before: str | None) -> SpanKinds:
        """The spans' kind scores as ``column``'s fragments, ``before`` the column's fragment
        on the line above (None on a row's first line)."""
        # see kind_scores: only a time cell's continuation is read with the words above (an
        # agency's with whether they are a whole agency a new one may follow)
        key = (column, before if column == TIME else before is not None if before is None
               or column not in AGENCY else ("goes on", ends_on_head(before))
               if agency_goes_on(column, before) else "may restart")
        if key not in self._kinds:
            self._kinds[key] = SpanKinds(column, before, self.texts, self._syllables)
        return self._kinds[key]

    @cached_property
    def _syllables(self) -> np.ndarray:
        counts = np.cumsum([0] + [len(w.text.split()) for w in self.words])
        return counts[self.end] - counts[self.start]

    @cached_property
    def _bullets(self) -> np.ndarray:
        return np.array([t.startswith(("-", "+", "•")) for t in self.texts], dtype=bool)

    def _items(self, columns: list[str]) -> np.ndarray:
        """Spans that may start an item of their own in each column [column, span]: after a
        bullet; in a list column (deliverables, agencies, deadlines) after a capital too. A
        line of running text (an objective, a task, an activity) starts with a capital
        mid-cell, where a name wrapped (``UBND cấp huyện``), as often as an item."""
        return np.array([self._bullets if c in PROSE else self._bullets | self._capital
                         for c in columns])

    @cached_property
    def _capital(self) -> np.ndarray:
        return np.array([_capital(strip_bullet(t)) for t in self.texts], dtype=bool)

    @cached_property
    def _lengths(self) -> np.ndarray:
        return np.array([len(t) for t in self.texts])

    @cached_property
    def _head_lengths(self) -> np.ndarray:  # each span's first word's
        return np.array([len(w.text) for w in self.words])[self.start]

    @cached_property
    def _cut_cost(self) -> np.ndarray:  # a cut between two words of one phrase is unlikely
        ws = [w.text for w in self.words]
        pmi = np.concatenate(([0.0], _CUT_WEIGHT * _cohesion(ws[:-1], ws[1:])))
        return pmi[self.start]

    @cached_property
    def _inside(self) -> np.ndarray:  # rulings inside each span
        marks = np.concatenate(([0], np.cumsum([w.mark for w in self.words])))
        return marks[self.end] - marks[self.start + 1]

    @cached_property
    def _first_cell(self) -> np.ndarray:
        return _FIRST_CELL + np.where(self._capital, 0.0, _LOWER_START)

    @cached_property
    def _restart(self) -> np.ndarray:
        return np.full(len(self.texts), _RESTART)

    @cached_property
    def _goes_on(self) -> np.ndarray:
        return np.full(len(self.texts), _GOES_ON)

    @cached_property
    def _marks(self) -> np.ndarray:
        edge = np.array([w.mark for w in self.words]) & (np.arange(len(self.words)) > 0)
        return _MARK_INSIDE * self._inside + np.where(edge, _MARK_EDGE, 0.0)[self.start]

    def _join(self, before: str | None) -> np.ndarray:
        """How well each span's first word reads on from the fragment above (none: 0): by
        the LM, and by the agency names the grammar knows, which the LM cannot read when
        they are acronyms (``Chủ tịch UBND`` / ``tỉnh``)."""
        tail = tuple(before.split()[-_NAME_TAIL:]) if before is not None else None
        # a fragment above that ends on a whole name may end there: what a longer name
        # would make of it is for the agency cells' own reading (gridkind.new_agency)
        whole = before is not None and _ends_on_name(before)
        got = self._joins.get((tail, whole))
        if got is None:
            assert tail is not None  # the row's first line's (no fragment above) is preset
            texts = [w.text for w in self.words]
            got = _JOIN_WEIGHT * _cohesion([tail[-1]] * len(texts), texts)
            if not whole:
                got += _NAME_JOIN * np.array([_completes_name(tail, tuple(texts[s:s + _NAME_TAIL]))
                                              for s in range(len(texts))])
            got = self._joins[tail, whole] = got[self.start]
        return got

    def scores(self, columns: list[str], contexts: list[Seen], kinds: np.ndarray,
               terms: Terms | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What each span scores as each column's fragment under each context, given its
        kind scores (NaN where not read: so is the score), with whether it is doubtful and
        whether it starts a new item: arrays [context, column, span]. ``terms`` are
        ``self.terms(columns, contexts)``, worked out once for the cuts that read kinds by turns."""
        join, step, over, room, new_item, flags = terms or self.terms(columns, contexts)
        # the terms are added in one fixed order, the same for every span: ties between
        # cuts are broken by it
        score = kinds - self._cut_cost
        score = score + join
        doubtful = score < 0
        score = score + step
        score = score + self._marks
        score = np.where(over > 0, score + _OVER_WIDTH * over, score)
        score = np.where(room, score + np.where(new_item, 0.0, _WOULD_FIT), score)
        return score, doubtful | flags, new_item

    def terms(self, columns: list[str], contexts: list[Seen]) -> Terms:
        """What the scores add to the kinds under each context: the join with the fragment
        above, the step (first line, cell going on or starting again), how far each span is
        over its column's width, whether its first word had room on the line above, and
        the doubts that do not depend on the kinds."""
        join = np.array([[self._join(b) for b in befores] for _, befores, _ in contexts])
        restart = np.array([[not first and b is None for b in befores]
                            for first, befores, _ in contexts])[:, :, None]
        step = np.array([[self._first_cell if first else self._restart if b is None else
                          self._goes_on for b in befores] for first, befores, _ in contexts])
        width = np.array([[w or np.nan for w in ws] for _, _, ws in contexts])[:, :, None]
        over = self._lengths - width - _WIDTH_SLACK
        above = np.array([[np.nan if b is None else len(b) for b in befores]
                          for _, befores, _ in contexts])[:, :, None]
        # the first word had room on the line above: a new item, or not this column's
        room = above + 1 + self._head_lengths < width - _WIDTH_SLACK
        new_item = room & self._items(columns)
        return join, step, over, room, new_item, restart | (over > 0) | (self._inside > 0)


@lru_cache(maxsize=65536)
def _completes_name(tail: tuple[str, ...], head: tuple[str, ...]) -> bool:
    """Whether the first words of ``head`` end an agency name the grammar knows that the
    last words of ``tail`` begin (``UBND`` / ``tỉnh``, ``Văn phòng`` / ``UBND tỉnh``)."""
    return any(known_agency(" ".join((*tail[-k:], *head[:m])))
               for k in range(1, len(tail) + 1) for m in range(1, len(head) + 1))


@lru_cache(maxsize=65536)
def _ends_on_name(text: str) -> bool:
    """Whether ``text`` is, or ends with, a whole agency name the grammar knows."""
    words = text.split()
    return any(known_agency(" ".join(words[-k:])) for k in range(1, len(words) + 1))


@lru_cache(maxsize=4096)
def stop_cost(column: str, before: str | None, width: float | None) -> float:
    """What it costs that a cell present on the line above has no fragment on this one: its
    line ended on ``của`` or a comma, or filled its column (so it wrapped). An agency cell
    whose line above is a whole agency name the grammar knows may well end there, however
    long the line: its length is no sign of wrapping (``Sở Nội vụ`` went on with a word of
    the next column's when a line that long counted as full)."""
    if before is None:
        return 0.0
    if open_end(before):
        return _OPEN_LEFT
    if column in AGENCY and known_agency(before):
        return _KNOWN_LEFT
    return _FULL_LEFT if width and len(before) >= width - _FULL_MARGIN else 0.0
