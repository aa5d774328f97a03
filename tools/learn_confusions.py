"""Learn what English-model OCR does to Vietnamese, from the TRAIN part of the parallel corpus.

Writes two committed data files for the restore stage's channel model:

* ``diacritics/ocr_confusions.tsv`` - ``truth<TAB>ocr<TAB>count``: aligned lowercase chunks of
  0-3 characters a side (``ố  6``, ``ư  ir``, ``đ  p``), identities included so counts
  normalise into P(ocr chunk | truth chunk).  An empty field is an insertion or deletion.
* ``diacritics/ocr_tokens.tsv`` - ``truth_syllable<TAB>ocr_token<TAB>count``: whole lowercase
  tokens.  When OCR split a syllable or merged several, the side with several tokens is
  written space-joined (``của ủy  cuauy``).

Usage (after ``python tools/make_parallel.py``)::

    python tools/learn_confusions.py                 # TRAIN pairs from tools/.cache
    python tools/learn_confusions.py --pairs P.tsv   # any truth<TAB>ocr file
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align import align_chars, align_tokens, fold, tokens
from make_parallel import load_pairs
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "diacritics"
MAX_FOLD_DIST = 0.5  # token pairs further apart than this are misalignments, not confusions


def plausible(truth: str, ocr: str) -> bool:
    """Is this aligned pair a reading of the same word (not a misalignment)?

    Half the folded length may differ, but always at least one character: a one-letter
    word read as a digit or symbol (``ở`` -> ``6``, ``ở`` -> ``@``) is a real confusion.
    """
    ft, fo = fold(truth), fold(ocr)
    dist = Levenshtein.distance(ft, fo)
    return dist <= 1 or dist <= MAX_FOLD_DIST * max(len(ft), len(fo))


def learn(pairs: Iterable[tuple[str, str]]) -> tuple[Counter, Counter, int]:
    """Count char-chunk and token confusions; returns (chunks, tokens, truth token total)."""
    chunks: Counter[tuple[str, str]] = Counter()
    toks: Counter[tuple[str, str]] = Counter()
    n_truth = 0
    for truth_line, ocr_line in pairs:
        truth = tokens(unicodedata.normalize("NFC", truth_line).lower())
        ocr = tokens(unicodedata.normalize("NFC", ocr_line).lower())
        n_truth += len(truth)
        for (t0, t1), (o0, o1) in align_tokens(truth, ocr):
            if t1 == t0 or o1 == o0:
                continue  # a token OCR lost or invented: says nothing about glyphs
            t_str, o_str = " ".join(truth[t0:t1]), " ".join(ocr[o0:o1])
            if not plausible(t_str, o_str):
                continue
            if any(c.isalpha() for c in t_str):  # numbers and codes are no syllables
                toks[(t_str, o_str)] += 1
            if t1 - t0 == 1 and o1 - o0 == 1:
                chunks.update(align_chars(t_str, o_str))
    return chunks, toks, n_truth


def tesseract_version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    except OSError:
        return "tesseract (version unknown)"
    return (out.stdout or out.stderr).splitlines()[0]


def write_table(path: Path, header: list[str], counts: Counter, min_count: int) -> int:
    rows = sorted(((n, k) for k, n in counts.items() if n >= min_count),
                  key=lambda r: (-r[0], r[1]))
    lines = [f"# {h}" for h in header] + [f"{t}\t{o}\t{n}" for n, (t, o) in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Learn OCR confusion tables from parallel data")
    ap.add_argument("--pairs", type=Path, help="truth<TAB>ocr file (default: cached TRAIN)")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args(argv)

    if args.pairs:
        rows = args.pairs.read_text(encoding="utf-8").splitlines()
        pairs = [(t, o) for t, _, o in (r.partition("\t") for r in rows)]
        source = f"pairs file {args.pairs.name}"
        command = f"python tools/learn_confusions.py --pairs {args.pairs.name}"
    else:
        pairs = load_pairs("train")
        source = "the TRAIN part of tools/make_parallel.py (corpus lines not held out)"
        command = "python tools/make_parallel.py && python tools/learn_confusions.py"
    if not pairs:
        print("no pairs: run tools/make_parallel.py first", file=sys.stderr)
        return 1
    chunks, toks, n_truth = learn(pairs)
    made = [
        f"Learned by tools/learn_confusions.py from {len(pairs)} OCR'd line pairs "
        f"({n_truth} truth tokens) of {source}.",
        "Clean Vietnamese was rendered as degraded page images (tools/render_ocr.py: several "
        "fonts, sizes, dpi, blur, noise, rotation) and OCR'd with "
        f"{tesseract_version()} -l eng --psm 4/6.",
        f"Command: {command}",
    ]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    n_chunks = write_table(
        args.out_dir / "ocr_confusions.tsv",
        [*made, "Columns: truth chunk, OCR chunk (lowercase, 0-3 chars; empty = "
         "insertion/deletion; identities included), count. Only 1-1 aligned tokens.",
         f"Pruned to count >= {args.min_count}."],
        chunks, args.min_count)
    n_toks = write_table(
        args.out_dir / "ocr_tokens.tsv",
        [*made, "Columns: truth syllable(s), OCR token(s), count; lowercase, edge punctuation "
         "stripped; a split or merge is written space-joined on the side with several tokens.",
         f"Pruned to count >= {args.min_count}."],
        toks, args.min_count)
    print(f"{n_chunks} chunk confusions, {n_toks} token confusions "
          f"from {len(pairs)} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
