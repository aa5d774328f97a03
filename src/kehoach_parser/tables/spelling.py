"""An OCR'd table's cells spelled as their column's closed vocabulary writes them.

Restoration read each OCR line across the cells it holds, so a cell's word had another
cell's words for context: ``Quy 1/2024`` after ``Kinh phí`` came out ``Quỹ``, ``Thang
9/2024`` after ``huyện`` came out ``Thắng``, ``S6 Thong tin`` came out ``Số Thông tin``.
Once the cells are cut, two columns are made of few words:

- a deadline cell holding a time expression (timespec.py): each word whose folded form
  grammars/time.yaml spells (``spelling``) is written so, and a quarter's number OCR misread
  is the Roman numeral (``11`` is II; ``1`` is I when the table writes its other quarters in
  Roman numerals: OCR reads ``I`` as ``1``, never ``II`` from ``2``);
- an agency cell: the words of a name grammars/agencies.yaml knows (``canonical``), its
  words folded alike, are written as the name is.

Only lines restoration ran on are touched (a clean plan's cells are as printed), and each
change is listed as a repair (``SuaDoi``) with the printed word's span; where the line's
printed and restored words do not pair up, the cell is left as it is.
"""

from __future__ import annotations

from functools import cache

import regex

from ..data import load_yaml
from ..fold import fold, ocr_fold
from ..lines import Line
from ..models import Span, SuaDoi
from .assemble import Piece, RawRow
from .gridline import Word, words
from .timespec import quarter_number, time_spans

TIME = "thoi_gian"
AGENCIES = ("chu_tri", "phoi_hop")
REASON = "deadline word spelled as the time column writes it (grammars/time.yaml: spelling)"
AGENCY = "agency name spelled as the grammar names it (grammars/agencies.yaml: canonical)"
ROMAN = "quarter's number in Roman numerals, as OCR misreads them (11 for II; 1 for I " \
    "where the table writes its other quarters so)"
# A quarter's number after "quý" as OCR writes it (folded): 1 or I as 1, l, t; II as 11.
_QUARTER = regex.compile(r"\bquy\s+([ivlt1]{1,4}|[2-4])\b")
_NUMBER = regex.compile(r"([ivlt1IVLT]{1,4}|[2-4])(?:/(?:19|20)\d\d)?")  # "11/2024"
_ROMAN = ("I", "II", "III", "IV")
_PUNCT = ",.;:"
_INNER_COMMA = regex.compile(r"(?<=\p{L}),(?=\p{L})")


@cache
def _spelling() -> dict[tuple[str, ...], tuple[str, ...]]:
    data = load_yaml("grammars", "time.yaml")["spelling"]
    return {tuple(str(k).split()): tuple(str(v).split()) for k, v in data.items()}


@cache
def _agency_names() -> dict[tuple[str, ...], tuple[str, ...]]:
    out = {}
    for entry in load_yaml("grammars", "agencies.yaml")["canonical"]:
        spelled = tuple(w.strip(_PUNCT) for w in str(entry["name"]).split())
        out[tuple(ocr_fold(w) for w in spelled)] = spelled
    return out


def _respelled(cell: list[str], vocabulary: dict[tuple[str, ...], tuple[str, ...]],
               roman: bool | None) -> list[tuple[int, int, str]]:
    """(piece, word index in it, new word) for the words of a cell's pieces (its lines'
    texts, read on from one to the next) that ``vocabulary`` (folded words -> words,
    longest first) spells otherwise; ``roman``: how the table writes quarters (None: the
    cell holds no quarter). A word OCR ran on over a comma (``ban,nganh``) is two, and is
    written with the comma's space back when it is part of a name."""
    ws = [(n, k, j, part) for n, text in enumerate(cell) for k, w in enumerate(words(text))
          for j, part in enumerate(_INNER_COMMA.split(w.text.strip(_PUNCT)))]
    folded = [ocr_fold(w[3]) for w in ws]
    parts: dict[tuple[int, int], list[str]] = {}
    for piece, k, _, word in ws:
        parts.setdefault((piece, k), []).append(word)
    changed: dict[tuple[int, int], list[str]] = {}

    def put(at: int, new: str) -> None:
        piece, k, j, _ = ws[at]
        changed.setdefault((piece, k), list(parts[piece, k]))[j] = new

    longest = max(len(k) for k in vocabulary)
    at = 0
    while at < len(ws):
        for n in range(min(longest, len(ws) - at), 0, -1):
            spelled = vocabulary.get(tuple(folded[at:at + n]))
            if spelled is not None:
                for x, s in zip(range(at, at + n), spelled, strict=True):
                    word = ws[x][3]
                    if _cased(word, s) != word or len(parts[ws[x][:2]]) > 1:
                        put(x, _cased(word, s))
                at += n
                break
        else:
            if roman is not None and at and folded[at - 1] == "quy" \
                    and (new := _roman(ws[at][3], roman)) is not None:
                put(at, new)
            at += 1
    return [(piece, k, ", ".join(new)) for (piece, k), new in changed.items()]


def _roman(word: str, roman: bool) -> str | None:
    """A quarter's number OCR'd (``11/2024``, ``1V``) in Roman numerals (``II/2024``); a
    ``1`` only in a table that writes its quarters so."""
    m = _NUMBER.fullmatch(word)
    if m is None or (len(m.group(1)) == 1 and not roman):
        return None
    q = quarter_number(m.group(1).lower())
    new = None if q is None else _ROMAN[q - 1] + word[m.end(1):]
    return new if new != word else None


def _cased(word: str, spelled: str) -> str:
    """``spelled`` with the first letter's case as printed (OCR keeps case)."""
    first = spelled[:1].upper() if word[:1].isupper() else spelled[:1].lower()
    return first + spelled[1:]


def _roman_quarters(rows: list[RawRow]) -> bool:
    """Whether the table writes its quarters in Roman numerals (one of them is, as OCR
    reads them: ``II``, ``11``, ``1V``), and none in digits 2-4."""
    found = [m.group(1) for r in rows
             for m in _QUARTER.finditer(fold(" ".join(p.text for p in r.cells.get(TIME, []))))]
    return any(len(q) > 1 or q == "i" for q in found) and not any(
        q in ("2", "3", "4") for q in found)


def respell(rows: list[RawRow], lines: list[Line]) -> None:
    """Each OCR'd deadline and agency cell's words respelled in place, the changes added to
    the row's repairs (in place of a cell repair of the same words, whose replacement they
    update)."""
    if all(lines[i].orig is None for r in rows for i in r.lines):
        return  # no line restored: the cells are as printed
    roman = _roman_quarters(rows)
    for row in rows:
        for column, pieces in row.cells.items():
            if column == TIME and time_spans(" ".join(p.text for p in pieces)):
                changes = _respelled([p.text for p in pieces], _spelling(), roman)
                reason = REASON
            elif column in AGENCIES:
                changes = _respelled([p.text for p in pieces], _agency_names(), None)
                reason = AGENCY
            else:
                continue
            for n, p in enumerate(pieces):
                ln = lines[p.index]
                mine = [(k, new) for piece, k, new in changes if piece == n]
                if mine and ln.orig is not None:
                    _respell_piece(row, p, ln, mine, reason)


def _respell_piece(row: RawRow, p: Piece, ln: Line, changes: list[tuple[int, str]],
                   reason: str) -> None:
    restored, printed = words(ln.text), words(ln.orig or ln.text)
    mine = words(p.text)
    at = _find(restored, mine)
    if at is None or len(restored) != len(printed):
        return
    text = p.text
    for k, new in sorted(changes, reverse=True):
        w = mine[k]  # its trailing punctuation kept
        text = text[:w.start] + new + text[w.start + len(w.text.rstrip(_PUNCT)):]
        numeral = any(c.isdigit() for c in w.text)
        _explain(row, ln, printed[at + k], new, ROMAN if numeral else reason)
    p.text = text


def _find(line: list[Word], piece: list[Word]) -> int | None:
    """Where the piece's words stand among the line's (first place they all match, marks
    left out: a grid cell's second restoration may have spelled them otherwise)."""
    texts, want = ([ocr_fold(w.text.strip(_PUNCT)) for w in ws] for ws in (line, piece))
    for k in range(len(texts) - len(want) + 1):
        if texts[k:k + len(want)] == want:
            return k
    return None


def _explain(row: RawRow, ln: Line, printed: Word, new: str, reason: str) -> None:
    start, end = printed.start, printed.start + len(printed.text.rstrip(_PUNCT))
    column, end_column = ln.printed_column(start), ln.printed_column(end)
    for k, r in enumerate(row.repairs):  # a cell repair over the word: its result updated
        if r.span.line == ln.line and r.span.column <= column and end_column <= r.span.end_column:
            offset = column - r.span.column
            moi = _replace_word(r.moi, r.goc, offset, new)
            if moi is not None:
                row.repairs[k] = r.model_copy(update={"moi": moi, "ly_do": f"{r.ly_do}; {reason}"})
                return
    row.repairs.append(SuaDoi(span=Span(line=ln.line, column=column, end_line=ln.line,
                                        end_column=end_column),
                              goc=printed.text.rstrip(_PUNCT), moi=new, do_tin_cay=1.0,
                              ly_do=reason))


def _replace_word(moi: str, goc: str, offset: int, new: str) -> str | None:
    """``moi`` with the word standing where ``goc``'s word at ``offset`` stands replaced
    (words paired by position; None when they do not pair up)."""
    before, after = words(goc), words(moi)
    if len(before) != len(after):
        return None
    k = next((n for n, w in enumerate(before) if w.start == offset), None)
    if k is None:
        return None
    w = after[k]
    return moi[:w.start] + new + moi[w.start + len(w.text.rstrip(_PUNCT)):]
