"""Flat task export: columns, joining, CSV quoting/BOM/formula guard, JSONL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from kehoach_parser.models import Dong, KeHoach, Nguon, Span, ThoiHan, VanBan
from kehoach_parser.tables.export import TASK_COLUMNS, task_records, write_tasks


def _plan() -> KeHoach:
    row = Dong(
        stt="1",
        nhiem_vu='Rà soát, đánh giá "thủ tục"',
        san_pham="- Kế hoạch; - Báo cáo",
        san_pham_ds=["Kế hoạch", "Báo cáo"],
        chu_tri="Phòng Tư pháp",
        don_vi_chu_tri=["Phòng Tư pháp"],
        don_vi_phoi_hop=["Phòng Nội vụ", "UBND các xã, thị trấn"],
        thoi_han=[ThoiHan(loai="quy", tu=dt.date(2023, 1, 1), den=dt.date(2023, 3, 31)),
                  ThoiHan(loai="thuong_xuyen")],
        kinh_phi_vnd=15_000_000,
        span=Span(line=10, end_line=12),
        do_tin_cay=0.9,
    )
    return KeHoach(
        nguon=Nguon(tep="a.txt", sha256="0" * 64, ma_hoa="utf-8", so_dong=20),
        van_ban=VanBan(so_ky_hieu="12/KH-UBND", co_quan_ban_hanh="UBND HUYỆN X"),
        phu_luc=[row, row.model_copy(update={"stt": "2"})],
    )


def test_records_are_flat_and_ordered() -> None:
    recs = task_records(_plan())
    assert [list(r) for r in recs] == [TASK_COLUMNS, TASK_COLUMNS]
    r = recs[0]
    assert r["so_ky_hieu"] == "12/KH-UBND" and r["tep"] == "a.txt"
    assert r["don_vi_phoi_hop"] == "Phòng Nội vụ; UBND các xã, thị trấn"
    assert r["thoi_han"] == "quy:2023-01-01..2023-03-31; thuong_xuyen"
    assert r["kinh_phi_vnd"] == 15_000_000 and r["dong_dau"] == 10 and r["dong_cuoi"] == 12


def test_csv_round_trips_with_bom_quotes_and_formula_guard() -> None:
    buf = io.StringIO(newline="")
    assert write_tasks([_plan()], "csv", buf) == 2
    text = buf.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[0] == TASK_COLUMNS and len(rows) == 3
    got = dict(zip(TASK_COLUMNS, rows[1], strict=True))
    assert got["nhiem_vu"] == 'Rà soát, đánh giá "thủ tục"'
    assert got["san_pham"] == "'- Kế hoạch; - Báo cáo"  # would be a formula in Excel
    assert got["kinh_phi_vnd"] == "15000000" and got["muc_tieu"] == ""


def test_csv_append_without_header() -> None:
    buf = io.StringIO(newline="")
    write_tasks([_plan()], "csv", buf, header=False)
    assert not buf.getvalue().startswith("\ufeff")
    assert len(list(csv.reader(io.StringIO(buf.getvalue(), newline="")))) == 2


def test_jsonl_keeps_values_unaltered() -> None:
    buf = io.StringIO()
    assert write_tasks([_plan(), _plan()], "jsonl", buf) == 4
    recs = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert recs[0]["san_pham"] == "- Kế hoạch; - Báo cáo" and recs[0]["do_tin_cay"] == 0.9


def test_unknown_format_rejected() -> None:
    with pytest.raises(ValueError):
        write_tasks([], "xlsx", io.StringIO())  # type: ignore[arg-type]
