"""Flat export of appendix task rows for spreadsheets and line-oriented tools.

One record per ``Dong`` (so one per activity when a task has several), carrying the
document's ``tep`` (source file), ``so_ky_hieu`` and ``co_quan_ban_hanh`` so rows from many
plans can be stacked in one sheet. Lists are joined with ``"; "``; deadlines are rendered as
``loai:tu..den`` (ISO dates, a side left empty when unknown, just ``loai`` when both are), e.g.
``quy:2023-01-01..2023-03-31``, ``truoc_ngay:..2022-01-30``, ``thuong_xuyen``.

CSV decisions (why):

* **UTF-8 with a BOM.** Excel opens a BOM-less CSV in the system's legacy code page and turns
  every Vietnamese letter into mojibake; LibreOffice, pandas (``encoding="utf-8-sig"``) and
  Python's ``csv`` all read the BOM transparently. The BOM is written with the header row, so
  a caller appending more plans to the same stream passes ``header=False`` and gets neither.
* **RFC 4180 quoting, CRLF row ends** (the ``csv`` module's ``excel`` dialect): cells holding
  commas, quotes or line breaks are quoted, embedded quotes doubled. Open the stream with
  ``newline=""`` so the CRLF is not translated again.
* **Formula guard.** A text cell starting with ``=``, ``+``, ``-``, ``@`` or a tab/CR is
  prefixed with ``'``: printed cells often start with a bullet dash (``- Kế hoạch``), which a
  spreadsheet would evaluate as a formula (``#NAME?``) — and a crafted input could inject one.
  Numbers (``kinh_phi_vnd``, ``do_tin_cay``, line numbers) are written unguarded. JSONL
  records are never altered.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Literal, TextIO

from ..models import Dong, KeHoach, ThoiHan

TASK_COLUMNS: list[str] = [
    "tep",
    "so_ky_hieu",
    "co_quan_ban_hanh",
    "stt",
    "nhom",
    "muc_tieu",
    "nhiem_vu",
    "hoat_dong",
    "san_pham",
    "chu_tri",
    "phoi_hop",
    "thoi_gian",
    "kinh_phi",
    "ghi_chu",
    "san_pham_ds",
    "don_vi_chu_tri",
    "don_vi_phoi_hop",
    "thoi_han",
    "kinh_phi_vnd",
    "nguon_kinh_phi",
    "dong_dau",
    "dong_cuoi",
    "do_tin_cay",
]

Record = dict[str, str | int | float | None]

_JOIN = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_thoi_han(t: ThoiHan) -> str:
    """``loai:tu..den`` with ISO dates; just ``loai`` when the kind carries no dates."""
    if t.tu is None and t.den is None:
        return t.loai
    tu = t.tu.isoformat() if t.tu else ""
    den = t.den.isoformat() if t.den else ""
    return f"{t.loai}:{tu}..{den}"


def _row_record(plan: KeHoach, row: Dong) -> Record:
    return {
        "tep": plan.nguon.tep,
        "so_ky_hieu": plan.van_ban.so_ky_hieu,
        "co_quan_ban_hanh": plan.van_ban.co_quan_ban_hanh,
        "stt": row.stt,
        "nhom": row.nhom,
        "muc_tieu": row.muc_tieu,
        "nhiem_vu": row.nhiem_vu,
        "hoat_dong": row.hoat_dong,
        "san_pham": row.san_pham,
        "chu_tri": row.chu_tri,
        "phoi_hop": row.phoi_hop,
        "thoi_gian": row.thoi_gian,
        "kinh_phi": row.kinh_phi,
        "ghi_chu": row.ghi_chu,
        "san_pham_ds": _JOIN.join(row.san_pham_ds) or None,
        "don_vi_chu_tri": _JOIN.join(row.don_vi_chu_tri) or None,
        "don_vi_phoi_hop": _JOIN.join(row.don_vi_phoi_hop) or None,
        "thoi_han": _JOIN.join(render_thoi_han(t) for t in row.thoi_han) or None,
        "kinh_phi_vnd": row.kinh_phi_vnd,
        "nguon_kinh_phi": row.nguon_kinh_phi,
        "dong_dau": row.span.line,
        "dong_cuoi": row.span.end_line,
        "do_tin_cay": round(row.do_tin_cay, 3),
    }


def task_records(plan: KeHoach) -> list[Record]:
    """One flat record per appendix row, keys in ``TASK_COLUMNS`` order."""
    return [_row_record(plan, row) for row in plan.phu_luc]


def _csv_cell(value: str | int | float | None) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_tasks(
    plans: Iterable[KeHoach],
    fmt: Literal["csv", "jsonl"],
    stream: TextIO,
    *,
    header: bool = True,
) -> int:
    """Write every plan's task rows to ``stream``; return the number of rows written.

    ``header`` (CSV only) writes the BOM and the column row first; pass ``False`` when
    appending to a stream that already has them.
    """
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"unknown task format {fmt!r}; expected 'csv' or 'jsonl'")
    n = 0
    if fmt == "csv":
        writer = csv.writer(stream, dialect="excel")
        if header:
            stream.write("\ufeff")
            writer.writerow(TASK_COLUMNS)
        for plan in plans:
            for rec in task_records(plan):
                writer.writerow([_csv_cell(rec[c]) for c in TASK_COLUMNS])
                n += 1
    else:
        for plan in plans:
            for rec in task_records(plan):
                stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n
