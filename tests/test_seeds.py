"""The five real plans in /work/shared/seeds through the CLI (skipped when they are absent).

What is asserted is knowledge about the inputs, read off the seeds by hand: which top-level
headings each prints (labels only, as they should come out after OCR repair) and which
formal components (Decree 30, Điều 8) it prints at all. Seeds are real OCR: a component
that the scan lost (seed 000 has no header block, 004 no agency lines) is not asserted.

Cases that fail today are listed in ``samples/known_failures.yaml`` under
``sample: seed/<stem>`` and run as strict xfails.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import SEEDS, validate_against_schema

# stem -> (top-level labels in order, van_ban fields the document prints, null fields)
SEED_FACTS: dict[str, tuple[list[str], list[str], list[str]]] = {
    # Scan starts mid-subject: no agency, number, place/date or type line survived; the
    # signer block (TM., CHỦ TỊCH, name) and the recipients did.
    "000_6ce07cb2b60cddb0": (
        ["I", "II", "III", "IV"],
        ["trich_yeu", "nguoi_ky.ho_ten", "nguoi_ky.chuc_vu", "nguoi_ky.tham_quyen", "noi_nhan"],
        [],
    ),
    # Plan issued with a decision: agency, type, subject and four legal bases are printed;
    # no number of its own, no place/date line, no signer or recipients. "II" is OCR'd as
    # "1." and "III" as "I11.".
    "001_324750816b82cebd": (
        ["I", "II", "III", "IV"],
        ["co_quan_ban_hanh", "loai_van_ban", "trich_yeu", "can_cu"],
        [],
    ),
    # Clean text; number and day left blank ("Số: /KH-UBND", "ngày  tháng 01 năm 2022"),
    # so the date must stay null.
    "002_ba4cb2bccf9082c1": (
        ["I", "II", "III", "IV"],
        ["co_quan_ban_hanh", "so_ky_hieu", "dia_danh", "loai_van_ban", "trich_yeu", "can_cu",
         "nguoi_ky.ho_ten", "nguoi_ky.chuc_vu", "nguoi_ky.tham_quyen", "noi_nhan"],
        ["ngay_ban_hanh"],
    ),
    # OCR; the agency's first line is lost but "HUYEN CHAU THANH" is printed; "I" is OCR'd
    # as "1."; the signer's name is printed without a title.
    "003_d898fe1205fab9b3": (
        ["I", "II", "III", "IV", "V"],
        ["co_quan_ban_hanh", "so_ky_hieu", "dia_danh", "ngay_ban_hanh", "loai_van_ban",
         "trich_yeu", "can_cu", "nguoi_ky.ho_ten", "noi_nhan"],
        [],
    ),
    # Clean text, agency lines missing from the export; full header otherwise.
    "004_b64da6580d49f8bb": (
        ["I", "II", "III", "IV"],
        ["so_ky_hieu", "dia_danh", "ngay_ban_hanh", "loai_van_ban", "trich_yeu", "can_cu",
         "nguoi_ky.ho_ten", "nguoi_ky.chuc_vu", "nguoi_ky.tham_quyen", "noi_nhan"],
        [],
    ),
}


# stem -> (operator, number of appendix task rows); read off the seeds by hand. 000's file
# holds its table from task 10 on (the page with tasks 1-9 is not in it): tasks 10-16, some
# with several activities (one row each); 002 has 23 numbered tasks,
# the first with a second activity ("- Kế hoạch theo dõi thi hành pháp luật năm 2022");
# 001 refers to an appendix that the file does not contain; 003 has none.
SEED_ROWS: dict[str, tuple[str, int]] = {
    "000_6ce07cb2b60cddb0": (">=", 7),
    "001_324750816b82cebd": ("==", 0),
    "002_ba4cb2bccf9082c1": ("==", 24),
    "003_d898fe1205fab9b3": ("==", 0),
    "004_b64da6580d49f8bb": ("==", 19),
}
# stem -> number of group rows (reform areas) in the appendix
SEED_GROUPS: dict[str, int] = {"002_ba4cb2bccf9082c1": 7, "004_b64da6580d49f8bb": 7}


def _case(stem: str, path: str) -> Any:
    return pytest.param(stem, id=f"{stem}:{path}", marks=pytest.mark.case(f"seed/{stem}", path))


def _seed_path(stem: str) -> Path:
    p = SEEDS / f"{stem}.txt"
    if not p.is_file():
        pytest.skip(f"seed {p} not present")
    return p


@cache
def _run_cli(stem: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from kehoach_parser.cli import main

    result = CliRunner().invoke(main, ["parse", str(_seed_path(stem)), "--json"])
    return result.exit_code, result.stdout, result.stderr


def _plan(stem: str) -> dict[str, Any]:
    code, out, err = _run_cli(stem)
    assert code == 0, f"kehoach parse {stem} exited {code}: {err.strip()}"
    data: dict[str, Any] = json.loads(out)
    return data


def _field(van_ban: dict[str, Any], dotted: str) -> Any:
    node: Any = van_ban
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


@pytest.mark.parametrize("stem", [_case(s, "@exit") for s in SEED_FACTS])
def test_cli_parses_seed(stem: str) -> None:
    _plan(stem)


@pytest.mark.parametrize("stem", [_case(s, "@schema") for s in SEED_FACTS])
def test_seed_output_validates_against_schema(stem: str) -> None:
    validate_against_schema(_plan(stem))


@pytest.mark.parametrize("stem", [_case(s, "cau_truc.labels") for s in SEED_FACTS])
def test_top_level_headings(stem: str) -> None:
    want = SEED_FACTS[stem][0]
    roots = _plan(stem)["cau_truc"]
    got = [(m["so"], m["cap"]) for m in roots]
    assert got == [(label, 1) for label in want], f"top-level headings of {stem}: {got}"


@pytest.mark.parametrize("stem", [_case(s, "phu_luc.count") for s in SEED_ROWS])
def test_appendix_rows(stem: str) -> None:
    op, n = SEED_ROWS[stem]
    got = len(_plan(stem)["phu_luc"])
    ok = got >= n if op == ">=" else got == n
    assert ok, f"{stem}: {got} appendix rows, expected {op} {n}"


def test_ocr_table_rows_are_the_surviving_tasks_with_low_confidence() -> None:
    rows = _plan("000_6ce07cb2b60cddb0")["phu_luc"]
    assert {r["stt"] for r in rows} == {str(n) for n in range(10, 17)}  # none invented
    assert all(r["do_tin_cay"] <= 0.5 for r in rows)  # cells are fragments: never trusted


@pytest.mark.parametrize("stem", [_case(s, "phu_luc.groups") for s in SEED_GROUPS])
def test_appendix_groups(stem: str) -> None:
    groups = {r["nhom"] for r in _plan(stem)["phu_luc"] if r.get("nhom")}
    assert len(groups) == SEED_GROUPS[stem], f"{stem}: groups {sorted(groups)}"


def _printed_params() -> list[Any]:
    out = []
    for stem, (_, printed, _) in SEED_FACTS.items():
        for f in printed:
            out.append(pytest.param(stem, f, id=f"{stem}:van_ban.{f}",
                                    marks=pytest.mark.case(f"seed/{stem}", f"van_ban.{f}")))
    return out


@pytest.mark.parametrize(("stem", "field"), _printed_params())
def test_printed_component_is_filled(stem: str, field: str) -> None:
    value = _field(_plan(stem)["van_ban"], field)
    assert value not in (None, "", []), f"{stem}: van_ban.{field} is printed but came out empty"


def _null_params() -> list[Any]:
    out = []
    for stem, (_, _, nulls) in SEED_FACTS.items():
        for f in nulls:
            out.append(pytest.param(stem, f, id=f"{stem}:van_ban.{f}=null",
                                    marks=pytest.mark.case(f"seed/{stem}", f"van_ban.{f}=null")))
    return out


@pytest.mark.parametrize(("stem", "field"), _null_params())
def test_blank_component_stays_null(stem: str, field: str) -> None:
    value = _field(_plan(stem)["van_ban"], field)
    assert value is None, f"{stem}: van_ban.{field} is left blank in print but came out {value!r}"


def test_every_seed_is_described() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    stems = {p.stem for p in SEEDS.glob("*.txt")}
    assert stems <= set(SEED_FACTS), f"seeds without facts: {sorted(stems - set(SEED_FACTS))}"
