"""Rebuild the restoration model from the corpus: the one documented command.

    python tools/train_lm.py --corpus ../shared/corpus --out diacritics/

Reads every ``*.txt.gz`` in --corpus (lines whose crc32 % 50 == 0 are held out), admits
syllables attested in hunspell-vi when /usr/share/hunspell/vi_VN.dic is installed
(``apt-get install hunspell-vi``), and writes ``lm.npz`` and ``MANIFEST.json`` to --out.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kehoach_parser.restore.lm_build import (
    HELDOUT_MODULUS,
    corpus_lines,
    train,
    write_manifest,
    write_model,
)

HUNSPELL = Path("/usr/share/hunspell/vi_VN.dic")


def hunspell_words(path: Path) -> list[str]:
    if not path.is_file():
        print(f"warning: {path} missing, the inventory is checked against the corpus only",
              file=sys.stderr)
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [ln.split("/")[0].strip() for ln in lines if ln.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--min-trigram", type=int, default=1, help="drop rarer trigrams")
    ap.add_argument("--min-attest", type=int, default=2,
                    help="corpus count that admits a syllable to the inventory")
    ap.add_argument("--min-acronym", type=int, default=20,
                    help="corpus count that makes an acronym spelled with Đ a repair target")
    ap.add_argument("--hunspell", type=Path, default=HUNSPELL)
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt.gz")) or sorted(args.corpus.glob("*.txt"))
    if not files:
        sys.exit(f"no *.txt.gz in {args.corpus}")
    t0 = time.perf_counter()
    words = hunspell_words(args.hunspell)
    arrays = train(corpus_lines(files), attested=words, min_trigram=args.min_trigram,
                   min_attest=args.min_attest, min_acronym=args.min_acronym)
    write_model(arrays, args.out)
    params = {"order": 3, "smoothing": "interpolated Kneser-Ney, backoff form",
              "min_trigram": args.min_trigram, "min_attest": args.min_attest,
              "min_acronym": args.min_acronym,
              "heldout": f"crc32(line) % {HELDOUT_MODULUS} == 0",
              "hunspell_words": len(words)}
    write_manifest(args.out, files, params, arrays)
    print(f"vocab {len(arrays['uni_logp'])}, bigrams {len(arrays['bi_keys'])}, "
          f"trigrams {len(arrays['tri_w'])}, {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
