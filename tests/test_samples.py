"""Golden tests: every ``samples/*.expected.json`` against what the parser makes of its plan.

The expectation language is documented in ``samples/README.md``. Each leaf of an expectation
is its own test case, named ``<sample>:<path>`` (``03_xa:van_ban.so_ky_hieu``,
``01_tinh:phu_luc[4].chu_tri``, ``01_tinh:cau_truc#count``), so one wrong field does not hide
the others. Cases listed in ``samples/known_failures.yaml`` are strict xfails (see conftest).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import KNOWN_FAILURES, SAMPLES, validate_against_schema

OPS = frozenset({"count", "min_count", "contains"})
# Lists of records matched to the parser's output by their printed number, not position.
ALIGN_BY_STT = frozenset({"phu_luc"})

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    sample: str  # expected file name without ".expected.json"
    path: PathT  # path in the expectation; ints index lists
    kind: str  # "eq", "count", "min_count", "contains"
    value: Any


def fmt_path(path: PathT) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


# -- expectations -> cases ------------------------------------------------------------------


def expand(sample: str, exp: Any, path: PathT = ()) -> list[tuple[str, Case]]:
    """Flatten one expectation into (case id, case) pairs."""
    if isinstance(exp, dict) and exp and set(exp) <= OPS:
        return [(f"{sample}:{fmt_path(path)}@{k}", Case(sample, path, k, v))
                for k, v in exp.items()]
    if isinstance(exp, dict):
        out: list[tuple[str, Case]] = []
        for k, v in exp.items():
            if k.startswith("_"):  # comments and metadata
                continue
            out += expand(sample, v, (*path, k))
        return out
    if isinstance(exp, list):
        out = [(f"{sample}:{fmt_path(path)}#count", Case(sample, path, "count", len(exp)))]
        for i, v in enumerate(exp):
            out += expand(sample, v, (*path, i))
        return out
    return [(f"{sample}:{fmt_path(path)}", Case(sample, path, "eq", exp))]


def expected_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.expected.json"))


@cache
def load_expected(sample: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (SAMPLES / f"{sample}.expected.json").read_text(encoding="utf-8")
    )
    return data


def sample_input(sample: str) -> Path:
    """The plan an expectation is about: ``_file`` in the JSON, else ``<sample>.txt``."""
    name = load_expected(sample).get("_file", f"{sample}.txt")
    return SAMPLES / name


def all_cases() -> list[Any]:
    params = []
    for f in expected_files():
        sample = f.name.removesuffix(".expected.json")
        for cid, case in expand(sample, load_expected(sample)):
            path_id = cid.split(":", 1)[1]
            params.append(pytest.param(case, id=cid, marks=pytest.mark.case(sample, path_id)))
    return params


# -- the parser's output ---------------------------------------------------------------------


@cache
def parsed(sample: str) -> dict[str, Any] | BaseException:
    """The plan as JSON (``model_dump(mode="json")``), or the exception parsing raised."""
    try:
        import kehoach_parser

        plan = kehoach_parser.parse(sample_input(sample))
        out: dict[str, Any] = plan.model_dump(mode="json")
        return out
    except Exception as exc:  # reported by every case of the sample
        return exc


def actual_json(sample: str) -> dict[str, Any]:
    got = parsed(sample)
    if isinstance(got, BaseException):
        # The full traceback is shown once, by test_sample_parses; here one line is enough.
        raise AssertionError(f"parse({sample_input(sample).name}) raised {got!r}") from None
    return got


_MISSING = object()


def norm(s: Any) -> Any:
    """Compare text modulo Unicode form, runs of white space, and list punctuation.

    A string is split into items at '; ' and line breaks, each item loses a leading bullet
    ('-', '+', '•') and trailing ';', ',' or '.', and the items are joined again with '; '.
    """
    if not isinstance(s, str):
        return s
    s = unicodedata.normalize("NFC", s)
    parts = re.split(r";\s+|\n", s)
    items = []
    for p in parts:
        p = re.sub(r"\s+", " ", p).strip()
        p = re.sub(r"^[-+•–]\s+", "", p).rstrip(";,.").strip()
        if p:
            items.append(p)
    return "; ".join(items)


def item_texts(items: list[Any]) -> list[str]:
    """The texts of a list's items: string items, and the ``noi_dung`` of object items
    (a paragraph ``{"noi_dung", "span"}``, a task)."""
    return [t for x in items
            if isinstance(t := x.get("noi_dung") if isinstance(x, dict) else x, str)]


def _stt_key(v: Any) -> str:
    return re.sub(r"[.\s)]+$", "", str(v or "")).strip()


def align_rows(exp_rows: list[Any], act_rows: list[Any]) -> tuple[int | None, ...]:
    """Map each expected row to an actual row index, by printed number in order.

    Rows are matched left to right: expected row i goes to the first actual row after the
    last match with the same ``stt``; a row without ``stt`` takes the next actual row. A row
    not found still counts as one row, so the next unnumbered row keeps its place.
    """
    out: list[int | None] = []
    pos = 0
    for er in exp_rows:
        found = None
        if isinstance(er, dict) and "stt" in er:
            want = _stt_key(er["stt"])
            for j in range(pos, len(act_rows)):
                if _stt_key(act_rows[j].get("stt")) == want:
                    found = j
                    break
        elif pos < len(act_rows):
            found = pos
        out.append(found)
        # An unmatched row still stands for one output row, so the rows after it keep
        # their place when the parser loses the numbers.
        pos = found + 1 if found is not None else pos + 1
    return tuple(out)


@cache
def alignment(sample: str, key: str) -> tuple[int | None, ...]:
    return align_rows(load_expected(sample).get(key, []), actual_json(sample).get(key, []))


def resolve(sample: str, path: PathT) -> Any:
    node: Any = actual_json(sample)
    for depth, p in enumerate(path):
        if isinstance(p, int):
            if depth == 1 and path[0] in ALIGN_BY_STT:
                idx = alignment(sample, str(path[0]))[p]
                if idx is None:
                    return _MISSING
                p = idx
            if not isinstance(node, list) or p >= len(node):
                return _MISSING
            node = node[p]
        else:
            if not isinstance(node, dict) or p not in node:
                return _MISSING
            node = node[p]
    return node


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", all_cases())
def test_expectation(case: Case) -> None:
    got = resolve(case.sample, case.path)
    where = f"{case.sample}: {fmt_path(case.path)}"
    assert got is not _MISSING, f"{where}: not in the output"
    if case.kind == "eq":
        assert norm(got) == norm(case.value), f"{where}: expected {case.value!r}, got {got!r}"
    elif case.kind == "count":
        assert isinstance(got, list), f"{where}: expected a list, got {got!r}"
        assert len(got) == case.value, f"{where}: expected {case.value} items, got {len(got)}"
    elif case.kind == "min_count":
        assert isinstance(got, list), f"{where}: expected a list, got {got!r}"
        assert len(got) >= case.value, f"{where}: expected >= {case.value}, got {len(got)}"
    elif case.kind == "contains":
        want = norm(case.value)
        if isinstance(got, list):
            assert any(want in norm(x) for x in item_texts(got)), (
                f"{where}: no item contains {case.value!r}: {got!r}"
            )
        else:
            assert isinstance(got, str) and want in norm(got), (
                f"{where}: {got!r} does not contain {case.value!r}"
            )
    else:  # pragma: no cover - expand() makes only the kinds above
        raise AssertionError(f"unknown expectation kind {case.kind}")


def _samples(what: str) -> list[Any]:
    out = []
    for f in expected_files():
        s = f.name.removesuffix(".expected.json")
        out.append(pytest.param(s, id=f"{s}:{what}", marks=pytest.mark.case(s, what)))
    return out


@pytest.mark.parametrize("sample", _samples("@parse"))
def test_sample_parses(sample: str) -> None:
    got = parsed(sample)
    if isinstance(got, BaseException):
        raise got


@pytest.mark.parametrize("sample", _samples("@schema"))
def test_output_validates_against_schema(sample: str) -> None:
    validate_against_schema(actual_json(sample))


def test_every_expectation_has_its_plan() -> None:
    for f in expected_files():
        sample = f.name.removesuffix(".expected.json")
        assert sample_input(sample).is_file(), f"{f.name}: no plan {sample_input(sample).name}"


def test_known_failures_name_real_samples() -> None:
    if not KNOWN_FAILURES.is_file():
        return
    names = {f.name.removesuffix(".expected.json") for f in expected_files()}
    for e in yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or []:
        assert {"sample", "path", "reason"} <= set(e), f"incomplete entry {e!r}"
        s = str(e["sample"])
        if s.startswith("seed/"):
            continue
        assert "*" in s or s in names, f"known failure for unknown sample {s!r}"


# -- the expectation engine itself ----------------------------------------------------------


def test_norm_ignores_bullets_spacing_and_final_stops() -> None:
    assert norm("- Kế hoạch\n- Báo cáo") == norm("Kế hoạch; Báo cáo") == "Kế hoạch; Báo cáo"
    assert norm("Lưu:  VT, NC.") == norm("Lưu: VT, NC")
    assert norm("Các cơ quan chuyên\nmôn") != norm("Các cơ quan chuyên môn")  # a wrap is a space
    assert norm("Cải cách") != norm("Cai cach")  # diacritics count
    assert norm(None) is None and norm(3) == 3


def test_contains_reads_paragraph_items() -> None:
    span = {"line": 1, "column": 1, "end_line": 1, "end_column": 5}
    got = ["a", {"noi_dung": "b", "span": span}, {"linh_vuc": "c"}, 3]
    assert item_texts(got) == ["a", "b"]


def test_expand_names_one_case_per_leaf() -> None:
    exp = {"van_ban": {"so_ky_hieu": "1/KH-UBND", "can_cu": ["a", "b"]},
           "muc_tieu": {"count": 2}, "_comment": "x"}
    ids = [cid for cid, _ in expand("s", exp)]
    assert ids == ["s:van_ban.so_ky_hieu", "s:van_ban.can_cu#count", "s:van_ban.can_cu[0]",
                   "s:van_ban.can_cu[1]", "s:muc_tieu@count"]


def test_rows_align_by_number_and_keep_their_place() -> None:
    act = [{"stt": "1"}, {"stt": "2"}, {"stt": None}, {"stt": "3"}]
    assert align_rows([{"stt": "1"}, {"stt": "2"}, {}, {"stt": "3."}], act) == (0, 1, 2, 3)
    assert align_rows([{"stt": "2"}, {}], act) == (1, 2)  # row 1 missing from the expectation
    lost = [{"stt": None}, {"stt": None}, {"stt": None}]  # the parser lost every number
    assert align_rows([{"stt": "1"}, {"stt": "2"}, {}], lost) == (None, None, 2)
