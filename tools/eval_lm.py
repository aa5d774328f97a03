"""Measure the restorer on held-out corpus lines with their diacritics stripped.

    python tools/eval_lm.py --corpus ../shared/corpus --lines 3000

Held-out lines are those the trainer skipped (crc32 % 50 == 0). Prints syllable accuracy
(over word tokens that carry letters), syllables per second and peak memory.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kehoach_parser.restore import restore
from kehoach_parser.restore.inventory import normalise
from kehoach_parser.restore.lm import default_model
from kehoach_parser.restore.lm_build import is_heldout


def strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def heldout(path: Path, limit: int) -> list[str]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.strip() and is_heldout(line):
                out.append(line)
                if len(out) >= limit:
                    break
    return out


def same(a: str, b: str) -> bool:
    return a == b or (normalise(a) or a) == (normalise(b) or b)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--lines", type=int, default=3000, help="held-out lines per file")
    ap.add_argument("--show", type=int, default=0, help="print this many wrong syllables")
    args = ap.parse_args()
    t0 = time.perf_counter()
    default_model()
    print(f"model load {time.perf_counter() - t0:.2f}s")
    for path in sorted(args.corpus.glob("*.txt.gz")):
        truth = heldout(path, args.lines)
        noisy = "\n".join(strip_marks(t) for t in truth)
        t0 = time.process_time()  # CPU time: the machine is shared, wall time is noisy
        restored = restore(noisy).split("\n")
        dt = time.process_time() - t0
        n = ok = 0
        wrong = []
        for t_line, r_line in zip(truth, restored, strict=True):
            for t, r in zip(t_line.split(), r_line.split(), strict=False):
                if any(c.isalpha() for c in t):
                    n += 1
                    if same(t, r):
                        ok += 1
                    else:
                        wrong.append((t, r))
        print(f"{path.name}: {len(truth)} lines, {n} syllables, accuracy {ok / n:.4f}, "
              f"{n / dt:,.0f} syll/s (CPU time)")
        for t, r in wrong[: args.show]:
            print(f"   {t} -> {r}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
