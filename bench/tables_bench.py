"""Appendix-table benchmark: the task rows (``phu_luc``) scored the way the evaluators will.

Issue 4 is scored "against our own annotations of real plans: rows matched on task text,
then field by field". This does the same with our annotations, the ``phu_luc`` lists of
``samples/*.expected.json``.

How to run (from the repo root)::

    PYTHONPATH=src python bench/tables_bench.py                  # every annotated sample
    PYTHONPATH=src python bench/tables_bench.py -v               # and every cell that is off
    PYTHONPATH=src python bench/tables_bench.py --json           # the figures as JSON
    PYTHONPATH=src python bench/tables_bench.py --expected samples/09_*.expected.json
    PYTHONPATH=src python bench/tables_bench.py --seeds          # no seeds

Each plan (``<name>.txt``, or the expectation's ``_file``) is parsed with
``kehoach_parser.parse``. Rows are matched one to one, in order, on their task text
(``nhiem_vu`` + ``hoat_dong``, OCR-folded; the printed number is not used: OCR loses it):
the alignment maximises the summed similarity over pairs at least ``MATCH`` alike. Per
sample: expected and output rows, matched, missed (expected, no output row) and invented
(output rows matching no expected row). Then each annotated text cell of a matched row is
one of:

* exact: equal after the golden tests' normalisation (``tests/test_samples.py:norm``);
* close: similarity (rapidfuzz ``ratio``, 0..1, on the normalised text) >= ``CLOSE`` to its
  own expected text (OCR damage in the right column);
* wrong column: more like another column's expected text of the same row than its own
  (at least ``MATCH`` alike) -- the error a reader must never make;
* missing: expected text, empty output cell;
* other: the rest (cut, merged with a neighbour, invented where none is expected).

Also: the table's confidence (``phu_luc_bang.do_tin_cay``), the mean row ``do_tin_cay``, and
whether rows with a cell that is not exact are flagged (``do_tin_cay`` <= 0.5, the cap for a
row a reader knows is incomplete, or a warning whose span touches the row), how many
exact rows are flagged anyway, and the mean confidence of exact rows and of the others (an
OCR'd table caps every row at 0.5, so there the flag says nothing and only the means do).

Seeds (real plans in ``/work/shared/seeds``, ``--seeds 002 004`` by default) have no
annotation: they are scored by structure only -- rows, rows with every column of their
header filled, and cells of the wrong kind for their column as the table reader's own
classifier (``tables/classify.py``) sees them: a time expression outside ``thoi_gian``, an
amount outside ``kinh_phi``, an agency list in ``san_pham``. The same structure figures are
given for the samples, where they show the check's own false alarms.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

import kehoach_parser
from kehoach_parser.fold import ocr_fold
from kehoach_parser.tables.classify import classify

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
# The golden tests' normalisation, so "exact" here is a passing case there.
from test_samples import norm

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"
FIELDS = ("muc_tieu", "nhiem_vu", "hoat_dong", "san_pham", "chu_tri", "phoi_hop",
          "thoi_gian", "kinh_phi")
VERDICTS = ("exact", "close", "wrong_column", "missing", "other")
MATCH = 0.5  # least similarity for two task texts (or a cell and a column) to be the same
CLOSE = 0.85  # a cell this like its expected text is the right cell, damaged by OCR
FLAG = 0.5  # row confidence at or under which a row is flagged (readers cap cut rows here)
# Kinds a column must not hold (classify.py's kinds), column -> kinds.
FOREIGN: dict[str, frozenset[str]] = {
    f: frozenset({"time"} if f != "thoi_gian" else set())
    | frozenset({"money"} if f != "kinh_phi" else set())
    | frozenset({"agency"} if f == "san_pham" else set())
    for f in FIELDS
}

Row = dict[str, Any]


def text(value: Any) -> str:
    out = norm(value)
    return out if isinstance(out, str) else ""


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


def task_key(row: Row) -> str:
    """The text a row is recognised by: its task and activity, folded (OCR'd text may be
    unrestored; diacritics say nothing about which task it is)."""
    return ocr_fold(f"{text(row.get('nhiem_vu'))} {text(row.get('hoat_dong'))}").strip()


def match_rows(expected: list[Row], output: list[Row]) -> list[tuple[int, int]]:
    """One-to-one, order-preserving pairs ``(expected index, output index)`` with the
    greatest summed task-text similarity, each pair at least ``MATCH`` alike."""
    ek, ok = [task_key(r) for r in expected], [task_key(r) for r in output]
    n, m = len(ek), len(ok)
    sim = [[similarity(a, b) if a and b else 0.0 for b in ok] for a in ek]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best[i][j] = max(best[i - 1][j], best[i][j - 1])
            if sim[i - 1][j - 1] >= MATCH:
                best[i][j] = max(best[i][j], best[i - 1][j - 1] + sim[i - 1][j - 1])
    pairs, i, j = [], n, m
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def cell_verdict(column: str, exp: Row, out: Row) -> str:
    """What the output made of one annotated cell (see the module docstring)."""
    want, got = text(exp.get(column)), text(out.get(column))
    if got == want:
        return "exact"
    if not got:
        return "missing"
    own = similarity(got, want) if want else 0.0
    if own >= CLOSE:
        return "close"
    others = [similarity(got, text(exp.get(c))) for c in FIELDS if c != column and exp.get(c)]
    if others and max(others) > own and max(others) >= MATCH:
        return "wrong_column"
    return "other"


def flagged(row: Row, warnings: list[Row]) -> bool:
    """Whether the output tells its user not to trust the row."""
    if row.get("do_tin_cay", 1.0) <= FLAG:
        return True
    span = row.get("span") or {}
    lo, hi = span.get("line", 0), span.get("end_line", span.get("line", 0))
    return any(w.get("span") and w["span"]["line"] <= hi and w["span"]["end_line"] >= lo
               for w in warnings)


def wrong_kind(row: Row) -> list[tuple[str, str, str]]:
    """``(column, kind, text)`` for each cell the classifier puts in a kind its column
    must not hold."""
    out = []
    for c in FIELDS:
        cell = row.get(c)
        if cell and (kind := classify(cell)[0]) in FOREIGN[c]:
            out.append((c, kind, cell))
    return out


@dataclass
class Structure:
    rows: int = 0
    full_rows: int = 0  # every column of the header filled
    wrong_kind: int = 0
    table_conf: float | None = None
    mean_row_conf: float | None = None
    examples: list[str] = field(default_factory=list)


def structure(plan: Row) -> Structure:
    rows = plan.get("phu_luc") or []
    table = plan.get("phu_luc_bang") or {}
    columns = [c for c in table.get("cot", []) if c in FIELDS]
    s = Structure(rows=len(rows), table_conf=table.get("do_tin_cay") if table else None)
    if rows:
        s.mean_row_conf = round(sum(r["do_tin_cay"] for r in rows) / len(rows), 3)
    for r in rows:
        s.full_rows += all(r.get(c) for c in columns)
        for c, kind, cell in wrong_kind(r):
            s.wrong_kind += 1
            s.examples.append(f"row {r.get('stt')}: {kind} in {c}: {cell[:70]!r}")
    return s


@dataclass
class Score:
    name: str
    expected: int = 0
    output: int = 0
    matched: int = 0
    missed: int = 0
    invented: int = 0
    cells: dict[str, Counter[str]] = field(default_factory=dict)
    nonexact_rows: int = 0
    nonexact_flagged: int = 0
    exact_flagged: int = 0
    # Summed do_tin_cay of matched rows all exact / not: does the confidence tell them apart?
    conf_sum_exact: float = 0.0
    conf_sum_nonexact: float = 0.0
    structure: Structure = field(default_factory=Structure)
    errors: list[str] = field(default_factory=list)  # rows and cells that are off
    failed: str | None = None  # the exception parsing raised


def score(name: str, expected: list[Row], plan: Row) -> Score:
    """Score one plan's output (``model_dump(mode="json")``) against its expected rows."""
    output = plan.get("phu_luc") or []
    warnings = plan.get("canh_bao") or []
    pairs = match_rows(expected, output)
    s = Score(name, len(expected), len(output), len(pairs), len(expected) - len(pairs),
              len(output) - len(pairs), structure=structure(plan))
    for i in sorted(set(range(len(expected))) - {i for i, _ in pairs}):
        s.errors.append(f"expected row {i + 1} missed: {task_key(expected[i])[:70]!r}")
    for j in sorted(set(range(len(output))) - {j for _, j in pairs}):
        cells = " | ".join(text(output[j].get(c)) for c in FIELDS if output[j].get(c))
        s.errors.append(f"output row {j + 1} invented: {cells[:90]!r}")
    for i, j in pairs:
        exp, out = expected[i], output[j]
        row_exact = True
        for c in FIELDS:
            if c not in exp:
                continue  # not annotated
            verdict = cell_verdict(c, exp, out)
            s.cells.setdefault(c, Counter())[verdict] += 1
            if verdict != "exact":
                row_exact = False
                s.errors.append(f"expected row {i + 1} {c} {verdict}: "
                                f"{text(out.get(c))!r} (want {text(exp.get(c))!r})")
        is_flagged = flagged(out, warnings)
        if row_exact:
            s.exact_flagged += is_flagged
            s.conf_sum_exact += out["do_tin_cay"]
        else:
            s.nonexact_rows += 1
            s.nonexact_flagged += is_flagged
            s.conf_sum_nonexact += out["do_tin_cay"]
    return s


def plan_of(path: Path) -> tuple[Row | None, str | None]:
    try:
        return kehoach_parser.parse(path).model_dump(mode="json"), None
    except Exception as exc:  # one broken plan must not hide the others' figures
        return None, repr(exc)


def score_file(expected_json: Path) -> Score:
    exp = json.loads(expected_json.read_text(encoding="utf-8"))
    name = expected_json.name.removesuffix(".expected.json")
    plan, failed = plan_of(expected_json.parent / exp.get("_file", f"{name}.txt"))
    if plan is None:
        return Score(name, expected=len(exp["phu_luc"]), missed=len(exp["phu_luc"]),
                     failed=failed)
    return score(name, exp["phu_luc"], plan)


def annotated(paths: list[Path]) -> list[Path]:
    """The expectations that annotate the table row by row."""
    out = []
    for p in paths:
        if isinstance(json.loads(p.read_text(encoding="utf-8")).get("phu_luc"), list):
            out.append(p)
    return out


def total(scores: list[Score]) -> Score:
    t = Score("TOTAL")
    for s in scores:
        for k in ("expected", "output", "matched", "missed", "invented", "nonexact_rows",
                  "nonexact_flagged", "exact_flagged", "conf_sum_exact", "conf_sum_nonexact"):
            setattr(t, k, getattr(t, k) + getattr(s, k))
        for c, counts in s.cells.items():
            t.cells.setdefault(c, Counter()).update(counts)
        t.structure.rows += s.structure.rows
        t.structure.full_rows += s.structure.full_rows
        t.structure.wrong_kind += s.structure.wrong_kind
    confs = [s.structure.table_conf for s in scores if s.structure.table_conf is not None]
    t.structure.table_conf = round(sum(confs) / len(confs), 3) if confs else None
    if t.structure.rows:
        t.structure.mean_row_conf = round(sum(
            s.structure.mean_row_conf * s.structure.rows for s in scores
            if s.structure.mean_row_conf is not None) / t.structure.rows, 3)
    return t


def mean(total_: float, n: int) -> float | None:
    return round(total_ / n, 3) if n else None


def fmt_conf(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def print_structure(s: Structure, verbose: bool) -> None:
    print(f"  structure: rows {s.rows}, all columns filled {s.full_rows}, "
          f"wrong-kind cells {s.wrong_kind}; confidence table {fmt_conf(s.table_conf)}, "
          f"mean row {fmt_conf(s.mean_row_conf)}")
    for e in s.examples if verbose else []:
        print(f"    {e}")


def print_score(s: Score, verbose: bool) -> None:
    print(f"{s.name}" + (f"  PARSE FAILED: {s.failed}" if s.failed else ""))
    print(f"  rows: expected {s.expected}, output {s.output}, matched {s.matched}, "
          f"missed {s.missed}, invented {s.invented}; rows not exact {s.nonexact_rows}, "
          f"flagged {s.nonexact_flagged}; exact rows flagged {s.exact_flagged}")
    exact_rows = s.matched - s.nonexact_rows
    print(f"  mean row confidence: exact rows {fmt_conf(mean(s.conf_sum_exact, exact_rows))}, "
          f"rows not exact {fmt_conf(mean(s.conf_sum_nonexact, s.nonexact_rows))}")
    if s.cells:
        print(f"  {'cells':<10}" + "".join(f"{v:>13}" for v in VERDICTS))
        for c in FIELDS:
            if c in s.cells:
                print(f"  {c:<10}" + "".join(f"{s.cells[c][v]:>13}" for v in VERDICTS))
        cells = sum((s.cells[c] for c in s.cells), Counter())
        print(f"  {'all':<10}" + "".join(f"{cells[v]:>13}" for v in VERDICTS))
    print_structure(s.structure, verbose)
    for e in s.errors if verbose else []:
        print(f"    {e}")


def seed_files(prefixes: list[str]) -> list[Path]:
    if not SEEDS.is_dir():
        return []
    return [p for pre in prefixes for p in sorted(SEEDS.glob(f"{pre}*.txt"))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--expected", nargs="+", type=Path,
                    help="expectation files (default: samples/*.expected.json with phu_luc)")
    ap.add_argument("--seeds", nargs="*", default=["002", "004"],
                    help="seed name prefixes scored by structure (none: no seeds)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every cell that is off")
    args = ap.parse_args(argv)

    files = annotated(args.expected or sorted(SAMPLES.glob("*.expected.json")))
    scores = [score_file(p) for p in files]
    seeds: list[tuple[str, Structure | str]] = []
    for p in seed_files(args.seeds):
        plan, failed = plan_of(p)
        seeds.append((p.stem, structure(plan) if plan is not None else f"FAILED {failed}"))
    t = total(scores)

    if args.json:
        def dump(s: Score) -> dict[str, Any]:
            d = asdict(s)
            d["cells"] = {c: {v: n[v] for v in VERDICTS} for c, n in s.cells.items()}
            d["mean_conf_exact"] = mean(s.conf_sum_exact, s.matched - s.nonexact_rows)
            d["mean_conf_nonexact"] = mean(s.conf_sum_nonexact, s.nonexact_rows)
            return d
        print(json.dumps({"samples": [dump(s) for s in scores], "total": dump(t),
                          "seeds": {k: asdict(v) if isinstance(v, Structure) else v
                                    for k, v in seeds}},
                         ensure_ascii=False, indent=1))
        return 0
    for s in scores:
        print_score(s, args.verbose)
    for stem, st in seeds:
        print(f"seed {stem}")
        if isinstance(st, Structure):
            print_structure(st, args.verbose)
        else:
            print(f"  {st}")
    print()
    print_score(t, verbose=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
