"""Fresh OCR'd versions of the annotated samples, to score the table reader on scans it was
not developed on.

Each sample whose appendix is tab-separated is drawn as a ruled grid and OCR'd
(``tools/render_ocr.py --table``); every sample with an appendix is also rendered page by
page and OCR'd as running pages (no ``--table``). Each seed gives other fonts, sizes, blur
and noise, so other OCR damage. Next to each ``.txt`` goes an expectation file: the clean
sample's truth, with ``_file`` pointing at it and the layout ``ocr``. Then::

    python bench/render_tables.py --seeds 71 72 73 --out /tmp/fresh      # tesseract needed
    PYTHONPATH=src python bench/tables_bench.py --seeds --expected /tmp/fresh/*.expected.json

Rendering takes about half a minute per file on one core.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def sources() -> list[tuple[Path, bool]]:
    """(clean sample, whether its appendix is tab-separated) for every clean sample with an
    annotated appendix (OCR'd samples are renderings already)."""
    out = []
    for exp in sorted(SAMPLES.glob("*.expected.json")):
        name = exp.name.removesuffix(".expected.json")
        text = SAMPLES / f"{name}.txt"
        if "ocr" in name or not text.exists():
            continue
        if json.loads(exp.read_text(encoding="utf-8")).get("phu_luc"):
            out.append((text, "\t" in text.read_text(encoding="utf-8")))
    return out


def render(text: Path, seed: int, table: bool, out: Path) -> Path | None:
    target = out / f"{text.stem}_{'grid' if table else 'pages'}{seed}.txt"
    cmd = [sys.executable, str(ROOT / "tools" / "render_ocr.py"), str(text), "-o", str(target),
           "--seed", str(seed), "--jobs", "1", *(["--table"] if table else [])]
    if subprocess.run(cmd, capture_output=True, text=True).returncode != 0:
        print(f"render failed: {target.name}", file=sys.stderr)
        return None
    truth = json.loads((SAMPLES / f"{text.stem}.expected.json").read_text(encoding="utf-8"))
    truth["_file"] = str(target)
    if truth.get("phu_luc_bang") is not None:
        truth["phu_luc_bang"]["bo_cuc"] = "ocr"
    expected = target.with_suffix("").with_suffix(".expected.json")
    expected.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", nargs="+", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--no-pages", action="store_true", help="only the grids")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in args.seeds:
        for text, tab in sources():
            for table in ([True] if tab else []) + ([] if args.no_pages else [False]):
                made = render(text, seed, table, args.out)
                if made is not None:
                    print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
