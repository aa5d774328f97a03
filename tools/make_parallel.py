"""Build the parallel (truth, OCR) corpus used to learn OCR confusions and to benchmark restore.

Lines come from the shared clean corpus and are OCR'd by ``render_ocr``.  Two parts, split by
a rule other stages can apply on their own (see ``diacritics/HELDOUT.md``):

* EVAL  - corpus lines with ``zlib.crc32(line.encode()) % 50 == 0`` from the two
  administrative files; the restoration language model never trains on such lines.
* TRAIN - other lines from all four files, administrative texts first, plus the clean seed
  plans (real layout) when present.

Output goes to ``tools/.cache/parallel/{train,eval}_NNN.tsv`` (``truth<TAB>ocr``, one
printed line per row), one shard at a time, so an interrupted run resumes where it stopped
and a partial run is already usable.  Usage::

    python tools/make_parallel.py --minutes 45          # both parts, interleaved
    python tools/make_parallel.py --split eval --minutes 10
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path("/work/shared/corpus")
SEEDS = Path("/work/shared/seeds")
CLEAN_SEEDS = ("002_*.txt", "004_*.txt")  # the seeds that are clean text, not OCR output
CACHE = Path(__file__).resolve().parent / ".cache" / "parallel"

# Share of TRAIN source lines per corpus file: the plans we restore are administrative,
# but legal text adds vocabulary and the OCR damage is the same.
TRAIN_MIX = {
    "admin_tvpl.txt.gz": 0.5,
    "admin_university.txt.gz": 0.1,
    "legal_congbao.txt.gz": 0.2,
    "legal_phapdien.txt.gz": 0.2,
}
EVAL_FILES = ("admin_tvpl.txt.gz", "admin_university.txt.gz")
SHARD_LINES = 120  # source lines per shard: ~200 printed lines, ~15 s of tesseract
MAX_CHARS = 600  # longer paragraphs are cut so one line cannot fill a page alone


def is_heldout(line: str) -> bool:
    """The EVAL rule shared with the language-model trainer."""
    return zlib.crc32(line.encode()) % 50 == 0


def read_corpus(name: str) -> list[str]:
    with gzip.open(CORPUS / name, "rt", encoding="utf-8") as fh:
        return [ln.rstrip("\n") for ln in fh if ln.strip()]


def _clip(line: str) -> str:
    line = line.replace("\t", " ")  # the pair files are TSV
    if len(line) <= MAX_CHARS:
        return line
    cut = line.rfind(" ", 0, MAX_CHARS)
    return line[: cut if cut > 0 else MAX_CHARS]


def eval_lines() -> list[str]:
    """All held-out administrative lines, in a fixed shuffled order."""
    lines = [ln for name in EVAL_FILES for ln in read_corpus(name) if is_heldout(ln)]
    random.Random(50).shuffle(lines)
    return [_clip(ln) for ln in lines]


def train_lines(total: int) -> list[str]:
    """``total`` non-held-out lines mixed by ``TRAIN_MIX``, clean seed plans first."""
    out: list[str] = []
    for pattern in CLEAN_SEEDS:
        for path in sorted(SEEDS.glob(pattern)):
            out += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    rng = random.Random(3)
    picked: list[str] = []
    for name, share in TRAIN_MIX.items():
        pool = [ln for ln in read_corpus(name) if not is_heldout(ln)]
        picked += rng.sample(pool, min(len(pool), round(total * share)))
    rng.shuffle(picked)
    return out + [_clip(ln) for ln in picked]


def shards(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    for k in range(0, len(lines), SHARD_LINES):
        yield k // SHARD_LINES, lines[k : k + SHARD_LINES]


def wait_for_quiet(max_load: float, deadline: float) -> None:
    """Back off while the shared machine is busy (other agents run tests too)."""
    while os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(20)


def load_pairs(split: str, cache: Path = CACHE) -> list[tuple[str, str]]:
    """All cached (truth, ocr) pairs of a split, in shard order."""
    pairs = []
    for path in sorted(cache.glob(f"{split}_*.tsv")):
        for row in path.read_text(encoding="utf-8").splitlines():
            cells = row.split("\t")
            if len(cells) == 2:  # a stray tab would shift truth against OCR: skip the row
                pairs.append((cells[0], cells[1]))
    return pairs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the parallel OCR corpus into tools/.cache")
    ap.add_argument("--split", choices=("both", "train", "eval"), default="both")
    ap.add_argument("--train-lines", type=int, default=6000, help="source lines for TRAIN")
    ap.add_argument("--eval-lines", type=int, default=1200, help="source lines for EVAL")
    ap.add_argument("--minutes", type=float, default=45.0, help="stop starting shards after")
    ap.add_argument("--jobs", type=int, default=2, help="parallel tesseract runs (max 2)")
    ap.add_argument("--max-load", type=float, default=6.0, help="pause above this load")
    ap.add_argument("--cache", type=Path, default=CACHE)
    args = ap.parse_args(argv)
    # Imported here, not at the top: the cache readers (learner, benchmark, tests) use
    # load_pairs and must work without Pillow or tesseract installed.  tools/ is on the
    # path both when this runs as a script and when the benchmark imports it.
    from render_ocr import ocr_lines

    args.cache.mkdir(parents=True, exist_ok=True)
    queues: list[Iterator[tuple[str, int, list[str]]]] = []
    if args.split in ("both", "eval"):
        ev = eval_lines()[: args.eval_lines]
        queues.append(("eval", k, chunk) for k, chunk in shards(ev))
    if args.split in ("both", "train"):
        queues.append(("train", k, chunk) for k, chunk in shards(train_lines(args.train_lines)))

    deadline = time.monotonic() + args.minutes * 60
    # Interleave the parts so a run stopped early still has both TRAIN and EVAL data.
    while queues and time.monotonic() < deadline:
        for queue in list(queues):
            item = next(queue, None)
            if item is None:
                queues.remove(queue)
                continue
            split, k, chunk = item
            path = args.cache / f"{split}_{k:03d}.tsv"
            if path.exists():
                continue
            wait_for_quiet(args.max_load, deadline)
            # Every third shard uses psm 4: real OCR'd files come from both modes.
            seed = zlib.crc32(f"{split}-{k}".encode())
            pairs = ocr_lines(chunk, seed=seed, psm=4 if k % 3 == 2 else 6, jobs=args.jobs)
            tmp = path.with_suffix(".part")
            tmp.write_text("".join(f"{t}\t{o}\n" for t, o in pairs), encoding="utf-8")
            tmp.rename(path)
            print(f"{path.name}: {len(pairs)} pairs", file=sys.stderr, flush=True)
            if time.monotonic() >= deadline:
                break
    for split in ("train", "eval"):
        pairs = load_pairs(split, args.cache)
        syl = sum(len(t.split()) for t, _ in pairs)
        print(f"{split}: {len(pairs)} line pairs, {syl} truth tokens", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
