"""The document's formal components (Decree 30/2020/NĐ-CP, Điều 8) from its first and
last lines: issuer, number and code, place and date, type and subject, legal bases,
signer and recipients. Patterns are data (grammars/header.yaml) matched on the folded,
OCR-tolerant form, and values are cut from the text itself, restored or not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import regex
from rapidfuzz import fuzz

from ..data import load_yaml
from ..fold import fold, ocr_fold, ocr_fold_with_map
from ..lines import Line, span_of
from ..models import NguoiKy, Span
from ..read.syllable import is_syllable
from .headings import is_caps, match_heading

_COLUMN_GAP = regex.compile(r"\t+|\s{3,}")
_DIGITS = regex.compile(r"\d+")


@dataclass(frozen=True)
class _Rules:
    zone: int
    motto: tuple[str, ...]
    number: regex.Pattern[str]
    place_date: regex.Pattern[str]
    attached: regex.Pattern[str]
    types: frozenset[str]
    basis: regex.Pattern[str]
    generic: frozenset[str]
    recipients: regex.Pattern[str]
    closing: regex.Pattern[str]
    authority: regex.Pattern[str]
    positions: frozenset[str]


@cache
def rules() -> _Rules:
    d = load_yaml("grammars", "header.yaml")
    return _Rules(
        zone=int(d["zone_lines"]),
        motto=tuple(d["motto"]),
        number=regex.compile(d["number"]),
        place_date=regex.compile(d["place_date"]),
        attached=regex.compile(d["attached"]),
        types=frozenset(fold(t) for t in d["document_types"]),
        basis=regex.compile(d["basis"]),
        generic=frozenset(fold(t) for t in d["generic_issuers"]),
        recipients=regex.compile(d["recipients"]),
        closing=regex.compile(d["closing"]),
        authority=regex.compile(d["authority"]),
        positions=frozenset(fold(t) for t in d["positions"]),
    )


@dataclass
class Header:
    values: dict[str, object] = field(default_factory=dict)
    where: dict[str, Span] = field(default_factory=dict)
    end: int = 0  # index of the first line after the header

    def put(self, key: str, value: object, span: Span) -> None:
        if value not in (None, "", []) and key not in self.values:
            self.values[key] = value
            self.where[key] = span


def _date(d: str | None, m: str | None, y: str | None) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d)) if d and m and y else None
    except ValueError:
        return None


def _cut(text: str, index: Sequence[int], start: int, end: int) -> str:
    """The original text behind folded positions [start, end)."""
    if start >= end:
        return ""
    return text[index[start] : index[end - 1] + 1].strip()


def _code(text: str, index: Sequence[int], m: regex.Match[str]) -> str:
    """The document code a match found ("KH - UBND" -> "KH-UBND"), cut from the text."""
    return "".join(_cut(text, index, *m.span("code")).split())


def _is_motto(folded: str) -> bool:
    return any(fuzz.partial_ratio(m, folded) >= 85 for m in rules().motto if len(folded) >= 8)


def _number(text: str, folded: str, index: Sequence[int]) -> str | None:
    m = rules().number.search(folded, timeout=0.05)
    if not m:
        return None
    num = "".join(_DIGITS.findall(m.group("num")))
    return f"{num}/{_code(text, index, m)}"


def read_header(lines: list[Line]) -> Header:
    r = rules()
    h = Header()
    agencies: list[tuple[int, str]] = []
    type_at: int | None = None
    # A scan that lost its top starts with what is left of the subject: a short line
    # that is no header field. Used only when no type line (KẾ HOẠCH) is found.
    subject_only: tuple[int, str] | None = None
    open_paren = False  # inside "(Kèm theo ..." wrapped over lines: none of it is subject
    for i, line in enumerate(lines[: r.zone]):
        text = line.text
        folded, index = ocr_fold_with_map(text)
        span = span_of(lines, i, i)
        if open_paren:
            open_paren = ")" not in text
            h.end = i + 1
            continue
        if match_heading(text) or r.basis.match(folded):
            break
        if (so := _number(text, folded, index)) is not None:
            h.put("so_ky_hieu", so, span)
        if m := r.place_date.search(folded, timeout=0.05):
            # On a merged two-column line the place follows the number: keep the last column
            # and what follows the last code-like token.
            place = _COLUMN_GAP.split(_cut(text, index, *m.span("place")))[-1]
            place = place.rsplit("/", 1)[-1].split(" ", 1)[-1] if "/" in place else place
            h.put("dia_danh", place.strip(" ,;:"), span)
            h.put("ngay_ban_hanh", _date(m["d"], m["m"], m["y"]), span)
            h.where.setdefault("ngay_ban_hanh", span)
        if m := r.attached.search(folded, timeout=0.05):
            h.put("so_ky_hieu", f"{m['num']}/{_code(text, index, m)}", span)
            h.put("ngay_ban_hanh", _date(m["d"], m["m"], m["y"]), span)
        if so is not None or m or _is_motto(folded):
            open_paren = bool(m) and text.count("(") > text.count(")")
            h.end = i + 1
            continue
        if type_at is None and folded.strip() in r.types and is_caps(text):
            type_at = i
            h.put("loai_van_ban", text.strip(), span)
            h.end = i + 1
            continue
        if type_at is None and is_caps(text) and len(text.split()) <= 10:
            agencies.append((i, text.strip()))
            h.end = i + 1
        elif i == 0 and len(text.split()) <= 14 and not text.rstrip().endswith((".", ":", ";")):
            subject_only = (i, text.strip())
        elif type_at is not None and i == h.end:
            if text.startswith("(") or len(text.split()) > 16 or set(text) <= set("-_=*. "):
                break
            subject = h.values.get("trich_yeu")
            h.values["trich_yeu"] = f"{subject} {text.strip()}" if subject else text.strip()
            h.where["trich_yeu"] = (
                span
                if not subject
                else Span(
                    line=h.where["trich_yeu"].line,
                    column=h.where["trich_yeu"].column,
                    end_line=span.end_line,
                    end_column=span.end_column,
                )
            )
            h.end = i + 1
    if type_at is None and subject_only is not None:
        h.put("trich_yeu", subject_only[1], span_of(lines, subject_only[0], subject_only[0]))
        h.end = max(h.end, subject_only[0] + 1)
    _issuers(h, agencies, lines)
    return h


def _issuers(h: Header, agencies: list[tuple[int, str]], lines: list[Line]) -> None:
    """ỦY BAN NHÂN DÂN + HUYỆN X is one issuer; UBND TỈNH X + SỞ Y is parent and issuer."""
    if not agencies:
        return
    names = [t for _, t in agencies]
    first_generic = fold(names[0]).strip() in rules().generic
    if len(names) >= 2 and first_generic:
        h.put(
            "co_quan_ban_hanh", " ".join(names[:2]), span_of(lines, agencies[0][0], agencies[1][0])
        )
        return
    if len(names) >= 2:
        h.put("co_quan_chu_quan", names[0], span_of(lines, agencies[0][0], agencies[0][0]))
    h.put(
        "co_quan_ban_hanh",
        " ".join(names[1:]) if len(names) >= 2 else names[0],
        span_of(lines, agencies[-1 if len(names) >= 2 else 0][0], agencies[-1][0]),
    )


def legal_basis(text: str) -> str | None:
    """The text of a "Căn cứ ..." paragraph without its leading words, else None."""
    folded, index = ocr_fold_with_map(text)
    m = rules().basis.match(folded, timeout=0.05)
    if not m:
        return None
    rest = text[index[m.end()] :] if m.end() < len(index) else ""
    return rest.strip(" ;.") or None


@dataclass
class Footer:
    start: int  # index of the first footer line; len(lines) when there is none
    signer: NguoiKy
    recipients: list[str]
    where: dict[str, Span]


def _split_columns(text: str) -> list[str]:
    """The parts of a footer line: columns apart at wide gaps, and a signer's position in
    capitals that OCR ran onto the end of a recipient ("- Lưu: VT, NV. CHỦ TỊCH")."""
    parts: list[str] = []
    for part in _COLUMN_GAP.split(text.strip()):
        words = part.split()
        if _is_position(part):  # "PHÓ GIÁM ĐỐC" is one position, not "PHÓ" + "GIÁM ĐỐC"
            parts.append(part)
            continue
        for n in (3, 2):
            tail = " ".join(words[-n:])
            if len(words) > n and tail.isupper() and _is_position(tail):
                parts += [" ".join(words[:-n]), tail]
                break
        else:
            parts.append(part)
    return parts


def _is_debris(word: str) -> bool:
    return not any(ch.isalpha() for ch in word) or any(ch.isdigit() for ch in word)


def is_closing(text: str) -> bool:
    return rules().closing.match(ocr_fold(text)) is not None


def _split_trailing_name(item: str) -> tuple[str, str | None]:
    if not ocr_fold(item).startswith("luu"):
        return item, None
    words = item.split()
    while words and _is_debris(words[-1]):
        words.pop()  # scan debris after the name: "Loi-KH2022 /"
    for n in (4, 3, 2):
        if len(words) > n + 1 and _is_name(" ".join(words[-n:])):
            return " ".join(words[:-n]).rstrip(" .,;"), " ".join(words[-n:])
    return item, None


def _recipient_case(item: str) -> str:
    """Undo capitals OCR gave a recipient's first words ("BỘ NỘI vụ", "SỞ Nội vụ", "LƯU: VT"):
    capitalised syllables (never acronyms such as UBND, which are no syllable) before the
    first lowercase word are title-cased; "Lưu" is always written so."""
    words = item.split(" ")
    run = 0
    while run < len(words) and words[run].isupper() and is_syllable(
            words[run].strip(":;,.").lower()):
        run += 1
    if run and ocr_fold(words[0]).startswith("luu"):
        run = 1
    elif not any(ch.islower() for w in words[run:] for ch in w[:1]):
        return item
    return " ".join([w[0] + w[1:].lower() for w in words[:run]] + words[run:])


def _is_position(text: str) -> bool:
    return fold(text).strip(" .") in rules().positions


def _is_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


@cache
def _appendix_titles() -> tuple[str, ...]:
    """What opens an appendix, which ends the signature block: the ``phu_luc`` role's
    phrases (grammars/roles.yaml), folded."""
    return tuple(ocr_fold(p) for p in load_yaml("grammars", "roles.yaml")["roles"]["phu_luc"])


def read_footer(lines: list[Line]) -> Footer:
    """Recipients and signer, looked for after the body's last sentence."""
    r = rules()
    start = len(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 60), -1):
        parts = _COLUMN_GAP.split(lines[i].text.strip())
        folded = ocr_fold(parts[0])
        if (
            r.recipients.match(folded)
            or r.authority.match(folded)
            or (len(parts) == 1 and _is_position(parts[0]))
        ):
            start = i
    if start == len(lines):
        return Footer(start, NguoiKy(), [], {})
    recipients: list[str] = []
    signer_col: list[tuple[int, str]] = []
    in_recipients = False
    for i in range(start, len(lines)):
        if ocr_fold(lines[i].text).strip().startswith(_appendix_titles()):
            break
        for raw in _split_columns(lines[i].text):
            part = raw.strip("*_ ")  # bold/italic marks left by a Markdown extraction
            folded = ocr_fold(part)
            if m := r.recipients.match(folded):
                in_recipients = True
                part = part[len(m.group()) :].strip()  # "Nơi nhận: TM. ỦY BAN ..." on one line
                folded = ocr_fold(part)
                if not part:
                    continue
            if r.authority.match(folded) or _is_position(part) or _is_name(part):
                signer_col.append((i, part))
            elif in_recipients and part.lstrip().startswith(("-", "+", "•")):
                recipients.append(part.lstrip("-+• ").rstrip(" ;.,"))
            elif in_recipients and recipients and not signer_col:
                recipients[-1] = f"{recipients[-1]} {part.rstrip(' ;.,')}"
    if recipients and not any(_is_name(t) for _, t in signer_col):
        # OCR runs the signer's name onto the archive line ("Lưu: VT, NV. Lê Ngọc An"):
        # that line holds only capitalised abbreviations, so title-case words end it.
        recipients[-1], name = _split_trailing_name(recipients[-1])
        if name:
            signer_col.append((len(lines) - 1, name))
    signer, where = _signer(signer_col, lines)
    recipients = [_recipient_case(r) for r in recipients]
    if recipients:
        where["noi_nhan"] = span_of(lines, start, len(lines) - 1)
    return Footer(start, signer, recipients, where)


def _signer(col: list[tuple[int, str]], lines: list[Line]) -> tuple[NguoiKy, dict[str, Span]]:
    auth = position = name = None
    where: dict[str, Span] = {}
    for i, text in col:
        m = rules().authority.match(ocr_fold(text))
        if m and auth is None:
            auth = text[: text.index(".") + 1].upper().replace(" ", "")
            rest = text[text.index(".") + 1 :].strip()
            if _is_position(rest):
                position = rest
        elif _is_position(text):
            position = text.strip()
        elif _is_name(text):
            name = text.strip()
            where["nguoi_ky"] = span_of(lines, i, i)
    return NguoiKy(ho_ten=name, chuc_vu=position, tham_quyen=auth), where
