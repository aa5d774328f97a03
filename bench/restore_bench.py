"""Restoration benchmark: how many Vietnamese syllables come back right.

How to run (from the repo root)::

    python bench/restore_bench.py                    # cached held-out EVAL data
    python bench/restore_bench.py --pairs P.tsv      # any truth<TAB>ocr file
    python bench/restore_bench.py --limit 300 --no-pyvi --errors 20   # quick look

(``src/`` is put on the path of the restore subprocess, so no install is needed.)

Without ``--pairs`` it reads the EVAL part of ``tools/.cache/parallel`` (held-out
administrative corpus lines, ``crc32 % 50 == 0``, rendered and OCR'd with English tesseract)
and builds it first with ``tools/make_parallel.py --split eval`` when it is missing
(needs tesseract and the fonts; about five minutes).

Two inputs per line pair: (a) the truth with every diacritic stripped, (b) the real OCR
output.  Systems: this project's ``kehoach_parser.restore.restore``, pyvi's
``ViUtils.add_accents`` (``pip install pyvi``; lines where it raises keep their input and
are counted), and the input unchanged.

Score: case-insensitive syllable accuracy.  Predicted and truth tokens are aligned by an
edit-distance alignment over tokens (OCR splits and merges words); a truth syllable (an
alphabetic token) is correct only when it is aligned 1-1 to a predicted token equal to it
after lowercasing and tone-placement normalisation (``hoà`` = ``hòa``, ``thuỷ`` = ``thủy``).
"With diacritics" is the same over the truth syllables that carry any.  "Numbers changed":
truth number tokens (digits and no letters: counts, dates, amounts, codes) that the input
has intact (aligned 1-1, equal) and the output does not -- restoration must not break them,
so this should stay at or near 0 even where OCR turns words into digits (``ở`` -> ``6``).
Speed (per second of the
process's CPU time, which is one core's throughput, and of wall-clock time) and peak
memory of this project are measured in a fresh subprocess (import and model load included
in the memory, reported apart from the speed). The speed is given twice for OCR input: cold
(every token new to the process) and in the steady state of a batch run (a fresh process
that first restored 3,000 other, training-split OCR lines, so common tokens' readings are
cached as they are after the first plans of an archive; ``--no-steady`` skips it). Each
speed run is timed in ``--repeat`` fresh processes and the fastest kept, as ``timeit`` does:
on a shared machine the slower runs measure the other load, not the code.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from align import align_tokens, fold, norm_syllable, tokens

ROOT = Path(__file__).resolve().parent.parent

WARMUP = 3000  # training lines restored before the steady-state timing: ~30 plans' worth
PAGE = 30  # lines per restore() call: a page, so the decoder sees the context it would get


def strip_marks(text: str) -> str:
    """Remove every diacritic, keeping case (``Đồng`` -> ``Dong``)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    marked_total: int = 0
    marked_correct: int = 0
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)  # (truth, predicted)
    numbers: int = 0  # truth number tokens intact in the input
    numbers_changed: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add_line(self, truth_line: str, pred_line: str, input_line: str | None = None) -> None:
        truth, pred = tokens(truth_line), tokens(pred_line)
        if input_line is not None:
            self._count_numbers(truth, tokens(input_line), pred)
        for (t0, t1), (p0, p1) in align_tokens(truth, pred):
            one_to_one = t1 - t0 == 1 and p1 - p0 == 1
            for tok in truth[t0:t1]:
                if not tok.isalpha():
                    continue
                ok = one_to_one and norm_syllable(pred[p0]) == norm_syllable(tok)
                marked = fold(tok) != tok.lower()
                self.total += 1
                self.correct += ok
                self.marked_total += marked
                self.marked_correct += ok and marked
                if not ok:
                    got = " ".join(pred[p0:p1]) if p1 > p0 else "∅"
                    self.errors[(norm_syllable(tok), got.lower())] += 1

    def _count_numbers(self, truth: list[str], given: list[str], pred: list[str]) -> None:
        intact = _one_to_one(truth, given)
        kept = _one_to_one(truth, pred)
        for i, tok in enumerate(truth):
            if is_number(tok) and intact.get(i) == tok:
                self.numbers += 1
                if kept.get(i) != tok:
                    self.numbers_changed[(tok, kept.get(i, "∅"))] += 1

    def cell(self) -> str:
        acc = 100 * self.correct / max(self.total, 1)
        marked = 100 * self.marked_correct / max(self.marked_total, 1)
        return f"{acc:6.2f} % ({marked:6.2f} %)"


def is_number(token: str) -> bool:
    """A count, date, amount or code number: digits and no letters (``12``, ``31/7/2025``)."""
    return any(c.isdigit() for c in token) and not any(c.isalpha() for c in token)


def _one_to_one(truth: list[str], other: list[str]) -> dict[int, str]:
    """Truth token index -> the token aligned 1-1 to it."""
    return {t0: other[o0] for (t0, t1), (o0, o1) in align_tokens(truth, other)
            if t1 - t0 == 1 and o1 - o0 == 1}


def score(truth: Sequence[str], pred: Sequence[str],
          given: Sequence[str] | None = None) -> Score:
    """``given``: the input lines, to count the numbers the output changed."""
    s = Score()
    for k, (t, p) in enumerate(zip(truth, pred, strict=True)):
        s.add_line(t, p, None if given is None else given[k])
    return s


def run_pyvi(lines: Sequence[str]) -> tuple[list[str], int]:
    """pyvi per line; a line where it raises keeps its input and is counted."""
    from pyvi import ViUtils

    out, errors = [], 0
    for line in lines:
        try:
            out.append(ViUtils.add_accents(line))
        except Exception:  # pyvi raises several types on odd input; all count the same
            out.append(line)
            errors += 1
    return out, errors


def restore_pages(restore: Callable[[str], str], lines: Sequence[str]) -> tuple[list[str], int]:
    """Restore page by page; returns (output lines, lines where restore raised).

    A page that raises or loses its line structure is redone line by line; a line that
    raises keeps its input (scored like the unchanged input) and is counted.
    """
    out: list[str] = []
    errors = 0
    for k in range(0, len(lines), PAGE):
        page = list(lines[k : k + PAGE])
        try:
            got = restore("\n".join(page)).split("\n")
        except Exception:  # a crash is a result to report, not a reason to stop the bench
            got = []
        if len(got) == len(page):
            out += got
            continue
        for line in page:
            try:
                out.append(restore(line))
            except Exception:
                out.append(line)
                errors += 1
    return out, errors


def worker(inputs_path: Path) -> None:
    """Subprocess body: restore each input set, report outputs, speed and peak memory."""
    t0 = time.perf_counter()
    from kehoach_parser.restore import restore

    t1 = time.perf_counter()
    try:
        restore("Thuc hien ke hoach")  # loads the model, so speed below excludes loading
    except Exception as exc:  # reported per line below; say why once
        print(f"restore raised while loading: {exc!r}", file=sys.stderr)
    result: dict[str, object] = {"import_s": t1 - t0, "load_s": time.perf_counter() - t1}
    for name, lines in json.loads(inputs_path.read_text(encoding="utf-8")).items():
        t, cpu = time.perf_counter(), time.process_time()
        result[name], result[name + "_errors"] = restore_pages(restore, lines)
        result[name + "_s"] = time.perf_counter() - t
        result[name + "_cpu"] = time.process_time() - cpu
    result["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


def fastest(runs: list[dict]) -> dict:
    """The first run's outputs, with each timing the fastest of the runs and the largest
    peak memory (the outputs are the same every run: restoration is deterministic)."""
    out = dict(runs[0])
    for key in out:
        if key.endswith(("_s", "_cpu")):
            out[key] = min(r[key] for r in runs)
    out["maxrss_kib"] = max(r["maxrss_kib"] for r in runs)
    return out


def _rates(syllables: int, run: dict, name: str) -> str:
    """Syllables per second of CPU time (the process on one core) and of wall-clock time
    (which on a shared machine also counts the time other processes had the core)."""
    cpu = syllables / max(run[name + "_cpu"], 1e-9)
    wall = syllables / max(run[name + "_s"], 1e-9)
    return f"{cpu:,.0f} syllables per CPU second, {wall:,.0f} per wall-clock second"


def run_project(inputs: dict[str, list[str]]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inputs.json"
        path.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        res = subprocess.run(
            [sys.executable, __file__, "--worker", str(path)],
            capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)},
        )
    sys.stderr.write(res.stderr[-2000:])
    if res.returncode:
        raise SystemExit(f"restore worker failed (exit {res.returncode})")
    return json.loads(res.stdout)


def load_eval(pairs_file: Path | None) -> tuple[list[tuple[str, str]], str]:
    if pairs_file:
        rows = pairs_file.read_text(encoding="utf-8").splitlines()
        pairs = [(t, o) for t, _, o in (r.partition("\t") for r in rows) if t.strip()]
        return pairs, f"pairs file {pairs_file}"
    from make_parallel import load_pairs
    from make_parallel import main as make_parallel

    pairs = load_pairs("eval")
    if not pairs:
        print("no cached EVAL pairs: building them (tesseract)...", file=sys.stderr)
        make_parallel(["--split", "eval", "--minutes", "15"])
        pairs = load_pairs("eval")
    return pairs, "held-out admin corpus lines (crc32 % 50 == 0), tools/.cache/parallel/eval_*"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Vietnamese restoration benchmark")
    ap.add_argument("--pairs", type=Path, help="truth<TAB>ocr file to score instead")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N line pairs")
    ap.add_argument("--no-pyvi", action="store_true", help="skip the pyvi baseline")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="also list kehoach's N most frequent errors per input")
    ap.add_argument("--no-steady", action="store_true",
                    help="skip the steady-state speed run (restores training lines first)")
    ap.add_argument("--repeat", type=int, default=3, metavar="N",
                    help="time each speed run in N fresh processes and keep the fastest "
                         "(the least disturbed by the machine's other load; default 3)")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0

    pairs, source = load_eval(args.pairs)
    if args.limit:
        pairs = pairs[: args.limit]
    truth = [t for t, _ in pairs]
    inputs = {"stripped": [strip_marks(t) for t in truth], "ocr": [o for _, o in pairs]}
    n_syl = score(truth, truth).total

    rows: list[tuple[str, dict[str, Score]]] = [
        ("input unchanged", {k: score(truth, v) for k, v in inputs.items()})
    ]
    project = fastest([run_project(inputs) for _ in range(max(args.repeat, 1))])
    # The passes above start cold: every token is new to the process. A batch over an
    # archive runs warm: the channel's readings of common tokens are cached by then. So the
    # OCR input once more, in a fresh process that first restored other (training) lines.
    steady: dict = {}
    if not (args.pairs or args.no_steady):
        from make_parallel import load_pairs

        warmup = [o for _, o in load_pairs("train")[:WARMUP]]
        steady = fastest([run_project({"warmup": warmup, "ocr": inputs["ocr"]})
                          for _ in range(max(args.repeat, 1))]) if warmup else {}
    rows.append(("kehoach restore", {k: score(truth, project[k], inputs[k]) for k in inputs}))
    pyvi_note = ""
    if not args.no_pyvi and importlib.util.find_spec("pyvi") is None:
        pyvi_note = "pyvi is not installed (pip install pyvi): its row is left out."
    elif not args.no_pyvi:
        pyvi_rows, errors = {}, {}
        for k, v in inputs.items():
            out, errors[k] = run_pyvi(v)
            pyvi_rows[k] = score(truth, out)
        rows.append(("pyvi add_accents", pyvi_rows))
        pyvi_note = (f"pyvi raised on {errors['stripped']} (stripped) and {errors['ocr']} (OCR) "
                     f"of {len(pairs)} lines; those lines keep their input.")

    print(f"Restoration benchmark on {source}")
    print(f"{len(pairs)} line pairs, {n_syl} truth syllables; cells: syllable accuracy "
          "(accuracy on syllables with diacritics)")
    print(f"{'system':<20} {'(a) diacritics stripped':>26} {'(b) tesseract -l eng OCR':>26}")
    for name, cells in rows:
        print(f"{name:<20} {cells['stripped'].cell():>26} {cells['ocr'].cell():>26}")
    if pyvi_note:
        print(pyvi_note)
    if project["stripped_errors"] or project["ocr_errors"]:
        print(f"kehoach restore raised on {project['stripped_errors']} (stripped) and "
              f"{project['ocr_errors']} (OCR) lines; those lines keep their input.")
    for k in inputs:
        syl = sum(len(line.split()) for line in inputs[k])
        print(f"kehoach speed ({k}): {_rates(syl, project, k)} "
              f"({project[k + '_s']:.1f} s for {syl} input tokens)")
    if steady:
        syl = sum(len(line.split()) for line in inputs["ocr"])
        print(f"kehoach speed (ocr, steady state after {len(steady['warmup'])} other OCR'd "
              f"lines): {_rates(syl, steady, 'ocr')}")
    print(f"kehoach package import: {project['import_s']:.2f} s; model load: "
          f"{project['load_s']:.2f} s; peak RSS of the restore subprocess: "
          f"{project['maxrss_kib'] / 1024:.0f} MiB")
    ours = rows[1][1]
    print("kehoach numbers changed (truth number tokens intact in the input, broken in the "
          "output): " + ", ".join(f"{k} {ours[k].numbers_changed.total()} of {ours[k].numbers}"
                                   for k in inputs))
    for k in inputs if args.errors else ():
        if ours[k].numbers_changed:
            print(f"kehoach numbers changed ({k}), truth -> output: " + ", ".join(
                f"{t}->{p} {n}" for (t, p), n in ours[k].numbers_changed.most_common(20)))
        common = rows[1][1][k].errors.most_common(args.errors)
        print(f"kehoach errors ({k}), truth -> output: "
              + ", ".join(f"{t}->{p} {n}" for (t, p), n in common))
    return 0


if __name__ == "__main__":
    sys.exit(main())
