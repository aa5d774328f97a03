"""The table header: which columns a table has and in what order.

Header cells are matched word by word on the OCR-folded text with one edit allowed per word
of three letters or more, so ``5-Chi tri | 6-Phoi hgp`` reads as ``chu_tri``, ``phoi_hop``.
Numbered headers (``1- Mục tiêu 2- Nhiệm vụ ...``) give the order by their numbers, and a
number with no legible name between two known columns is filled from the usual order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex
from rapidfuzz.distance import Levenshtein

from ..data import load_yaml
from ..fold import ocr_fold

_WORD = regex.compile(r"[a-z0-9]+")
_LABEL = regex.compile(r"^\d{1,2}$")
_MAX_HEADER_LINE = 400  # nine column names with their numbers fit in far less
_NAMED_FIRST = 0.3  # share of vocabulary words a line needs before its names are matched
_COLUMN_NUMBER_DIGITS = 2  # tables have at most a few dozen columns
_GLUED_LONG = 7  # letters of a column name written without its spaces ("phoihop")
_LONG_ALIAS = 3  # words of a column name that spell it out despite one word misread ...
_LONG_ALIAS_EDITS = 2  # ... by this many edits
_LONG_ALIAS_WORD = 4  # letters such a misread word has at least
# Letters from which the last of several name words run together may be one edit off
# ("Donviphdi" / "hợp"): the words before it, exact, make it a name's.
_SPLIT_MISREAD = 4
_SHORT_MISREAD_REST = 5  # letters a name's other words have for a two-letter one to be misread


@dataclass(frozen=True)
class HeaderMatch:
    column: str
    start: int  # index of the first word matched
    end: int  # index after the last word
    number: int | None  # the printed column number ("2- Nhiệm vụ"), when there is one


@cache
def grammar() -> dict[str, object]:
    data = load_yaml("grammars", "tables.yaml")
    return data


@cache
def column_order() -> list[str]:
    cols = grammar()["columns"]
    assert isinstance(cols, dict)
    return list(cols)


@cache
def _aliases() -> list[tuple[list[str], str]]:
    cols = grammar()["columns"]
    assert isinstance(cols, dict)
    pairs = [(alias.split(), col) for col, aliases in cols.items() for alias in aliases]
    return sorted(pairs, key=lambda p: -len(" ".join(p[0])))


@cache
def name_words(column: str) -> frozenset[str]:
    """The words of ``column``'s names."""
    return frozenset(w for alias, col in _aliases() if col == column for w in alias)


@cache
def _vocabulary() -> frozenset[str]:
    # Aliases also count with their spaces lost ("Coquanchutri"), as OCR often prints them.
    words = {w for alias, _ in _aliases() for w in alias}
    words |= {"".join(alias) for alias, _ in _aliases() if len(alias) > 1}
    filler = grammar()["header_filler"]
    assert isinstance(filler, list)
    return frozenset(words | set(filler))


def _same(word: str, target: str, shortest: int = 5) -> bool:
    """Equal, or one edit apart when both words have ``shortest`` letters or more (short
    Vietnamese syllables are one edit from many others)."""
    if len(target) < shortest or len(word) < shortest:
        return word == target
    return Levenshtein.distance(word, target, score_cutoff=1) <= 1


def _near_glued(word: str, target: str) -> bool:
    """``_same``, or two edits apart for a long name written without its spaces ("phéihgp"
    for phoihop): OCR misreads such a run of letters as often as it misses its spaces, and
    no two header names are so close."""
    if len(target) < _GLUED_LONG or len(word) < _GLUED_LONG:
        return _same(word, target)
    return Levenshtein.distance(word, target, score_cutoff=2) <= 2


def _alias_at(toks: list[str], i: int, alias: list[str]) -> bool:
    """The alias at word ``i``, with one word misread by OCR allowed when the alias has two
    words or more ("chi tri", "phoi hgp") or one long one: by one edit, or by two when the
    alias has three words or more that spell it out ("Thdéi gian hoàn thành")."""
    wrong = 0
    for k, target in enumerate(alias):
        word = toks[i + k]
        if word == target:
            continue
        if len(alias) == 1 and len(target) < 5:
            return False
        if len(word) < 3:
            if not _short_misread(word, target, alias):
                return False
        elif Levenshtein.distance(word, target, score_cutoff=1) > 1 \
                and not _misread_in_long(word, target, len(alias)):
            return False
        wrong += 1
    return wrong <= 1


def _short_misread(word: str, target: str, alias: list[str]) -> bool:
    """A two-letter word of a name with one letter misread ("Nhiệm vy"), allowed when the
    name's other words, spelt right, are long enough to say which name it is."""
    return len(word) == len(target) == 2 and Levenshtein.distance(word, target) == 1 \
        and sum(len(w) for w in alias) - len(target) >= _SHORT_MISREAD_REST


def _misread_in_long(word: str, target: str, words_in_alias: int) -> bool:
    """Two OCR edits from ``target``, allowed in a long alias on words of four letters or
    more (two edits turn a short word into many: "hop" is "thoi" misread as often as the
    next cell's)."""
    return words_in_alias >= _LONG_ALIAS and min(len(word), len(target)) >= _LONG_ALIAS_WORD \
        and Levenshtein.distance(word, target, score_cutoff=_LONG_ALIAS_EDITS) <= _LONG_ALIAS_EDITS


# A header's words: from a text, or already split (a window of lines, each folded once).
Words = str | tuple[str, ...]


@lru_cache(maxsize=65536)  # a line is asked about by every window that holds it
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for tok in _WORD.findall(ocr_fold(text).replace("/", " "))
                 for w in _unglued(tok))


@cache
def _alias_words() -> frozenset[str]:
    return frozenset(w for alias, _ in _aliases() for w in alias if len(w) > 1)


@cache
def _unglued(token: str) -> tuple[str, ...]:
    """Words of column names that OCR printed without the spaces between them
    ("Coquan phéi" / "hop": co quan phoi hop cut over two lines; "Donvichu" / "trì": don
    vi chu tri), apart; other tokens as they are. A whole name run together and misread
    ("donvichitri") stays one token, matched as one (``_glued``)."""
    if (exact := _split(token, False)) is not None:
        return exact
    if any(_near_glued(token, w) for w in _vocabulary()):
        return (token,)
    return _split(token, True) or (token,)


@cache
def _split(token: str, misread: bool) -> tuple[str, ...] | None:
    """``token`` as column-name words run together, the last one ``misread`` or not (a
    misread one may itself be glued: "quanchttri" is quan + chu tri), or None."""
    known = _alias_words()
    if token in known:
        return (token,)
    for k in range(2, len(token) - 1):
        head, rest = token[:k], token[k:]
        if head not in known:
            continue
        if misread and (any(_near_glued(rest, w) for w in _vocabulary())
                        or any(_same(rest, w, _SPLIT_MISREAD) for w in known)):
            return head, rest
        if (tail := _split(rest, misread)) is not None:
            return head, *tail
    return None


def words(text: Words) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else _words(text)


@cache
def _starting_at(token: str) -> tuple[int, ...]:
    """Indexes (into ``_aliases()``) of the aliases whose first word ``token`` may be."""
    if token.isdigit():
        return ()
    out = []
    for k, (alias, _) in enumerate(_aliases()):
        first = alias[0]
        if token == first or (
                len(alias) > 1 and len(token) >= 3
                and Levenshtein.distance(token, first, score_cutoff=1) <= 1) \
                or _misread_in_long(token, first, len(alias)):
            out.append(k)
    return tuple(out)


@cache
def _glued(token: str) -> tuple[int, ...]:
    """Indexes of the multi-word aliases ``token`` is, written without spaces."""
    if token.isdigit():
        return ()
    return tuple(k for k, (alias, _) in enumerate(_aliases())
                 if len(alias) > 1 and _near_glued(token, "".join(alias)))


def match_columns(text: Words) -> list[HeaderMatch]:
    return list(_match_columns(words(text)))


@lru_cache(maxsize=16384)
def _match_columns(toks: tuple[str, ...]) -> tuple[HeaderMatch, ...]:
    """Columns named in ``text``, in printed order, without overlaps (longest alias wins).

    Each word is looked up once (cached) for the aliases it may start, so a long text costs
    time in proportion to its words, not to words times aliases."""
    aliases = _aliases()
    used = [False] * len(toks)
    found: list[HeaderMatch] = []
    where: dict[int, list[int]] = {}
    for i, tok in enumerate(toks):
        for k in _starting_at(tok):
            where.setdefault(k, []).append(i)
    for k, (alias, col) in enumerate(aliases):
        n = len(alias)
        for i in where.get(k, []):
            if i + n > len(toks) or any(used[i:i + n]) or not _alias_at(toks, i, alias):
                continue
            if n == 1 and col == "stt" and alias[0] == "tt" and i > 0 and len(toks) > 12:
                continue  # a stray "tt" inside a long line is not the number column
            used[i:i + n] = [True] * n
            number = int(toks[i - 1]) if i > 0 and _LABEL.match(toks[i - 1]) else None
            found.append(HeaderMatch(col, i, i + n, number))
    # A numbered header cell cut by OCR keeps only its first word ("7-Thoi | 8-Kinh"): after
    # a column number, the first word of an alias is enough.
    for i in range(1, len(toks)):
        if used[i] or not _LABEL.match(toks[i - 1]):
            continue
        for alias, col in aliases:
            if len(alias) > 1 and len(alias[0]) >= 3 and _same(toks[i], alias[0], 4):
                used[i] = True
                found.append(HeaderMatch(col, i, i + 1, int(toks[i - 1])))
                break
    # A header cell OCR cut over two lines keeps all but its last word ("Co quan chi" /
    # "tri"), or lost the space between its words ("Thdigian").
    glued_at: dict[int, list[int]] = {}
    for i, tok in enumerate(toks):
        for k in _glued(tok):
            glued_at.setdefault(k, []).append(i)
    for k, (alias, col) in enumerate(aliases):
        if col in {m.column for m in found}:
            continue
        n = len(alias)
        hits = sorted({i for i in glued_at.get(k, []) if not used[i]}
                      | {i for i in where.get(k, []) if n >= 3 and i + n - 1 <= len(toks)
                         and not any(used[i:i + n - 1]) and _alias_at(toks, i, alias[:n - 1])})
        if hits:
            i = hits[0]
            width = 1 if i in glued_at.get(k, []) and not used[i] else n - 1
            used[i:i + width] = [True] * width
            found.append(HeaderMatch(col, i, i + width, None))
    found.sort(key=lambda m: m.start)
    return tuple(_named_twice(toks, found, used))


def _named_twice(toks: tuple[str, ...], found: list[HeaderMatch], used: list[bool]
                 ) -> list[HeaderMatch]:
    """A column named twice, once by the first words of another column's longer name whose
    last words stand unused further on, is that other column: a header cell cut over two
    lines (``Nhiệm vụ`` / ``chung``, the group column, beside ``Nhiệm vụ cụ thể``). Only a
    column named twice is read so: one cell per column is what every header prints."""
    aliases = _aliases()
    named = {m.column for m in found}
    out = list(found)
    for k, m in enumerate(found):
        if sum(x.column == m.column for x in out) < 2:
            continue
        head = list(toks[m.start:m.end])
        for alias, col in aliases:
            n, rest = len(head), alias[len(head):]
            if col in named or len(alias) <= n or not _alias_at(toks, m.start, alias[:n]):
                continue
            at = next((i for i in range(m.end, len(toks) - len(rest) + 1)
                       if not any(used[i:i + len(rest)]) and list(toks[i:i + len(rest)]) == rest),
                      None)
            if at is not None:
                used[at:at + len(rest)] = [True] * len(rest)
                out[k] = HeaderMatch(col, m.start, m.end, m.number)
                named.add(col)
                break
    return out


def coverage(text: Words) -> float:
    """Share of the words in ``text`` that header vocabulary or column numbers account for.
    A line longer than any header is none (and is not folded: it may be megabytes)."""
    if isinstance(text, str) and len(text) > _MAX_HEADER_LINE:
        return 0.0
    toks = words(text)
    if not toks:
        return 0.0
    hit = [_header_word(t) for t in toks]
    if sum(hit) >= _NAMED_FIRST * len(toks):
        # the words of the column names as they are matched count too, with the word OCR
        # misread in one ("chi" of "Don vi chi tri"): a header damaged in every cell is
        # still nearly all header words
        for m in match_columns(toks):
            hit[m.start:m.end] = [True] * (m.end - m.start)
    return sum(hit) / len(toks)


@cache
def _header_word(token: str) -> bool:
    """A column number or a header word (one OCR edit allowed on long words). A year is
    no column number: ``2024 - 2026`` ending a cell above a page's header is a cell's."""
    return (token.isdigit() and len(token) <= _COLUMN_NUMBER_DIGITS) or any(
        _same(token, v) for v in _vocabulary())


def is_numbering_row(text: str) -> bool:
    """The ``1 2 3 4 5 6`` row printed under many headers."""
    tokens = [t.strip("().") for t in text.replace("|", " ").split()]
    if len(tokens) < 3 or not all(t.isdigit() for t in tokens):
        return False
    first = int(tokens[0])
    return [int(t) for t in tokens] == list(range(first, first + len(tokens)))


def order_columns(matches: list[HeaderMatch]) -> list[str]:
    """Column names in table order, one each; numbered gaps filled from the usual order."""
    numbered = [m for m in matches if m.number is not None]
    if len(numbered) >= 3:
        by_number: dict[int, str] = {}
        for m in numbered:
            by_number.setdefault(m.number, m.column)  # type: ignore[arg-type]
        usual = column_order()
        for k in sorted(by_number):
            if k + 1 not in by_number and k + 2 in by_number:
                between = usual[usual.index(by_number[k]) + 1:usual.index(by_number[k + 2])]
                if len(between) == 1:
                    by_number[k + 1] = between[0]
        seq = [by_number[k] for k in sorted(by_number)]
        unnumbered = [m.column for m in matches if m.number is None]
        cols = (["stt"] if "stt" in unnumbered else []) + seq
    else:
        cols = [m.column for m in matches]
    out: list[str] = []
    for c in cols:
        if c not in out:
            out.append(c)
    return out


_PROSE = regex.compile(r"^\s*\d{1,6}(?:\.\d{1,3}){0,3}\s*[.)]\s|[.;:]\s*$")


def is_prose(text: str) -> bool:
    """A numbered or full-stopped sentence of the body ("1. Phòng Nội vụ chủ trì, phối hợp
    ... thời gian thực hiện."), which no header line is."""
    return bool(_PROSE.search(text))


def names_enough_columns(text: Words) -> bool:
    """Enough columns, one of them a task table's, for ``text`` to be a task table header."""
    g = grammar()
    min_cols = g["header_min_columns"]
    task_cols = g["task_columns"]
    assert isinstance(min_cols, int) and isinstance(task_cols, list)
    cols = {m.column for m in match_columns(text)}
    return len(cols) >= min_cols and bool(cols & set(task_cols))


def is_header_text(text: Words) -> bool:
    """Names enough columns in words that are nearly all header words."""
    min_cov = grammar()["header_min_coverage"]
    assert isinstance(min_cov, float)
    return coverage(text) >= min_cov and names_enough_columns(text)
