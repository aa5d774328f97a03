"""Render clean Vietnamese text as scanned-looking pages and OCR them with English tesseract.

Real plans reach the project as scans OCR'd with an English model, which mangles the
diacritics (``số`` -> ``s6``, ``cửa`` -> ``ctra``, ``Đồng`` -> ``Pong``).  This module makes
the same damage on demand, so the restoration stage has parallel (truth, OCR) data.

Each page gets its own look, drawn from a seeded RNG: font (Liberation 2, TeX Gyre Termes,
FreeFont, DejaVu, Noto; serif and sans), size, resolution, blur, noise, slight rotation.
The output is deterministic for a given seed and set of installed fonts.

Usage::

    python tools/render_ocr.py IN.txt -o OUT.txt            # OCR'd version of a whole file
    python tools/render_ocr.py IN.txt -o OUT.txt --pairs P.tsv   # also truth<TAB>ocr pairs

    python tools/render_ocr.py IN.txt -o OUT.txt --table --seed N   # appendix as a grid

``--table`` draws the first tab-separated table (the Phụ lục: header, ``1 2 3 …`` numbering
row, group rows, multi-line cells) as ruled landscape grid pages (render_grid.py), header
repeated on every page, blurred and noised like the body, and OCRs them with the same
``tesseract -l eng``; the text around the table goes through the running-page renderer.
Samples: ``01_tinh_quang_tri_2024_tab_grid_ocr`` (``--table --seed 21``).

As a module: ``ocr_lines(lines, seed)`` returns aligned ``(truth_line, ocr_line)`` pairs.

Needs ``tesseract`` with the ``eng`` model, Pillow and the fonts (Debian: tesseract-ocr
tesseract-ocr-eng fonts-liberation2 fonts-texgyre fonts-freefont-ttf fonts-dejavu-core
fonts-noto-core).
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align import align_lines
from render_grid import Table, draw_pages, split_table

FONT_DIR = Path("/usr/share")
_TT, _GYRE = "fonts/truetype", "texmf/fonts/opentype/public/tex-gyre"
_LIB2 = f"{_TT}/liberation2/LiberationSerif"
# (regular, bold) faces.  Times-like serifs are weighted up because official documents are
# set in Times New Roman: Liberation Serif 2 (Times metrics), TeX Gyre Termes (a Times
# clone), FreeSerif.  Faces not installed, or without Vietnamese glyphs (Debian's old
# fonts-liberation 1.x draws boxes for most of them), are skipped by usable_fonts().
FONTS = (
    (f"{_LIB2}-Regular.ttf", f"{_LIB2}-Bold.ttf"),
    (f"{_LIB2}-Regular.ttf", f"{_LIB2}-Bold.ttf"),
    (f"{_GYRE}/texgyretermes-regular.otf", f"{_GYRE}/texgyretermes-bold.otf"),
    (f"{_TT}/freefont/FreeSerif.ttf", f"{_TT}/freefont/FreeSerifBold.ttf"),
    (f"{_TT}/freefont/FreeSerif.ttf", f"{_TT}/freefont/FreeSerifBold.ttf"),
    (f"{_TT}/dejavu/DejaVuSerif.ttf", f"{_TT}/dejavu/DejaVuSerif-Bold.ttf"),
    (f"{_TT}/dejavu/DejaVuSerifCondensed.ttf", f"{_TT}/dejavu/DejaVuSerifCondensed-Bold.ttf"),
    (f"{_TT}/noto/NotoSerif-Regular.ttf", f"{_TT}/noto/NotoSerif-Bold.ttf"),
    (f"{_TT}/dejavu/DejaVuSans.ttf", f"{_TT}/dejavu/DejaVuSans-Bold.ttf"),
    (f"{_TT}/noto/NotoSans-Regular.ttf", f"{_TT}/noto/NotoSans-Bold.ttf"),
    (f"{_TT}/freefont/FreeSans.ttf", f"{_TT}/freefont/FreeSansBold.ttf"),
)
VIETNAMESE = "ăâđêôơưảạằẳẵắặầẩẫấậẻẽẹềểễếệỉĩịỏõọồổỗốộờởỡớợủũụừửữứựỳỷỹỵ"


@functools.cache
def has_vietnamese(font: str) -> bool:
    """True when the face draws every Vietnamese letter (none falls back to .notdef)."""
    face = ImageFont.truetype(str(FONT_DIR / font), 24)

    def bitmap(ch: str) -> bytes:
        im = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(im).text((8, 4), ch, font=face, fill=255)
        return im.tobytes()

    notdef = bitmap("\U0010fffd")
    letters = VIETNAMESE + VIETNAMESE.upper()
    return all(bitmap(ch) != notdef for ch in letters)


def usable_fonts() -> list[tuple[str, str]]:
    fonts = [f for f in FONTS if all((FONT_DIR / p).exists() and has_vietnamese(p) for p in f)]
    if not fonts:
        raise RuntimeError(f"no font with Vietnamese glyphs under {FONT_DIR}: install "
                           "fonts-liberation2 fonts-texgyre fonts-freefont-ttf "
                           "fonts-dejavu-core fonts-noto-core")
    return fonts


PAGE_W_MM, MARGIN_MM = 210, 22


@dataclass(frozen=True)
class PageStyle:
    """How one page looks; drawn from the seed so a page can be re-rendered exactly."""

    font: tuple[str, str]  # (regular, bold)
    size_pt: float
    dpi: int
    line_gap: float  # line height as a multiple of the font size
    blur: float
    noise: float  # std-dev of additive grey noise, 0-255 scale
    angle: float  # degrees
    ink: int  # 0 = black; a grey ink mimics a faint print

    @classmethod
    def draw(cls, rng: random.Random) -> PageStyle:
        return cls(
            font=rng.choice(usable_fonts()),
            size_pt=rng.choice((11.0, 12.0, 12.5, 13.0, 14.0)),
            dpi=rng.choice((150, 150, 200, 200, 300)),
            line_gap=rng.uniform(1.3, 1.7),
            blur=rng.uniform(0.0, 1.0),
            noise=rng.uniform(0.0, 25.0),
            angle=rng.uniform(-0.8, 0.8),
            ink=rng.choice((0, 0, 30, 60)),
        )

    def font_obj(self, bold: bool = False) -> ImageFont.FreeTypeFont:
        path = FONT_DIR / self.font[1 if bold else 0]
        return ImageFont.truetype(str(path), round(self.size_pt * self.dpi / 72))

    def text_width_px(self) -> int:
        return round((PAGE_W_MM - 2 * MARGIN_MM) / 25.4 * self.dpi)


def wrap(line: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    """Greedy word wrap to the printed width, like a word processor; keeps inner spacing."""
    if font.getlength(line) <= width_px:
        return [line]
    out, cur = [], ""
    for word in line.split(" "):
        cand = f"{cur} {word}" if cur else word
        if cur and font.getlength(cand) > width_px:
            out.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        out.append(cur)
    return out


def render_page(lines: Sequence[str], style: PageStyle, rng: random.Random) -> Image.Image:
    """Draw ``lines`` (already wrapped; "" is a blank line) and degrade the image."""
    font, bold = style.font_obj(), style.font_obj(bold=True)
    px_per_mm = style.dpi / 25.4
    margin = round(MARGIN_MM * px_per_mm)
    line_h = round(font.size * style.line_gap)
    width = round(PAGE_W_MM * px_per_mm)
    height = 2 * margin + line_h * max(len(lines), 1)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for k, text in enumerate(lines):
        # A small per-line jitter: real pages are never perfectly regular.
        x = margin + rng.randint(0, max(1, font.size // 6))
        # Headings in plans are upper-case and bold; bold changes what OCR gets wrong.
        face = bold if text.isupper() else font
        draw.text((x, margin + k * line_h), text, font=face, fill=style.ink)
    return degrade(page, style, rng)


def degrade(page: Image.Image, style: PageStyle, rng: random.Random) -> Image.Image:
    """Rotate, blur and add noise as the page's style says: what a scanner does."""
    if style.angle:
        page = page.rotate(style.angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    if style.blur > 0.05:
        page = page.filter(ImageFilter.GaussianBlur(style.blur))
    if style.noise > 0:
        np_rng = np.random.default_rng(rng.getrandbits(32))
        arr = np.asarray(page, dtype=np.float32)
        arr = arr + np_rng.normal(0.0, style.noise, arr.shape)
        page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return page


def tesseract(image: Image.Image, dpi: int, psm: int = 6) -> str:
    """OCR one page with the English model; the damage we want comes from ``-l eng``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.save(path, dpi=(dpi, dpi))
        # One thread per tesseract: the machine is shared and we run at most two at a time.
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        res = subprocess.run(
            ["nice", "-n", "10", "tesseract", str(path), "stdout", "-l", "eng",
             "--psm", str(psm), "--dpi", str(dpi)],
            capture_output=True, text=True, env=env, check=True,
        )
    return res.stdout


@dataclass
class Page:
    truth: list[str]  # wrapped truth lines, "" for blank lines
    style: PageStyle
    seed: int


def paginate(lines: Sequence[str], seed: int, keep_blank: bool) -> Iterator[Page]:
    """Split text into pages of 25-40 printed lines, each page with its own style."""
    rng = random.Random(seed)
    pending = list(lines)
    while pending:
        page_seed = rng.getrandbits(32)
        prng = random.Random(page_seed)
        style = PageStyle.draw(prng)
        font, width = style.font_obj(), style.text_width_px()
        capacity = prng.randint(25, 40)
        page: list[str] = []
        while pending and len(page) < capacity:
            # Table cells separated by tabs print as wide gaps, as in a scanned table; this
            # also keeps tabs out of the truth<TAB>ocr pair files.
            line = pending[0].rstrip().replace("\t", "    ")
            if not line.strip():
                pending.pop(0)
                if keep_blank and page:
                    page.append("")
                continue
            wrapped = wrap(line, font, width)
            if page and len(page) + len(wrapped) > capacity:
                break
            pending.pop(0)
            page.extend(wrapped)
        yield Page(page, style, page_seed)


def ocr_page(page: Page, psm: int) -> list[str]:
    """OCR one page; returns the non-empty OCR lines in order."""
    image = render_page(page.truth, page.style, random.Random(page.seed))
    text = tesseract(image, page.style.dpi, psm)
    return [ln for ln in text.replace("\f", "").splitlines() if ln.strip()]


def _ocr_pages(lines: Sequence[str], seed: int, psm: int, jobs: int, keep_blank: bool
               ) -> list[tuple[Page, list[str]]]:
    pages = list(paginate(lines, seed, keep_blank))
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, 2))) as pool:
        outs = list(pool.map(lambda p: ocr_page(p, psm), pages))
    return list(zip(pages, outs, strict=True))


def ocr_lines(lines: Sequence[str], seed: int = 0, psm: int = 6, jobs: int = 1
              ) -> list[tuple[str, str]]:
    """OCR ``lines`` and return aligned (truth_line, ocr_line) pairs.

    Long lines are wrapped to the page width first, so a pair's truth is one printed line.
    Truth lines that OCR lost, and OCR lines that match nothing, are left out.
    """
    pairs = []
    for page, ocr in _ocr_pages(lines, seed, psm, jobs, keep_blank=False):
        for i, j in align_lines(page.truth, ocr):
            pairs.append((page.truth[i], ocr[j]))
    return pairs


def ocr_document(text: str, seed: int = 0, psm: int = 6, jobs: int = 1
                 ) -> tuple[str, list[tuple[str, str]]]:
    """OCR a whole document; returns (OCR text, aligned pairs).

    The OCR text keeps the OCR engine's lines; a blank line is put back wherever the source
    had one (tesseract in block mode drops them) so the result reads like a real OCR'd file.
    """
    out_lines: list[str] = []
    pairs: list[tuple[str, str]] = []
    for page, ocr in _ocr_pages(text.splitlines(), seed, psm, jobs, keep_blank=True):
        nonblank = [i for i, t in enumerate(page.truth) if t]
        matched = dict(
            (j, nonblank[i]) for i, j in align_lines([page.truth[i] for i in nonblank], ocr)
        )
        last_truth = -1
        for j, line in enumerate(ocr):
            ti = matched.get(j)
            if ti is not None:
                if any(not page.truth[k] for k in range(last_truth + 1, ti)) and out_lines:
                    out_lines.append("")
                last_truth = ti
                pairs.append((page.truth[ti], line))
            out_lines.append(line)
        out_lines.append("")  # page break
    return "\n".join(out_lines).rstrip("\n") + "\n", pairs


def ocr_table(table: Table, seed: int, psm: int = 6) -> list[str]:
    """OCR a table drawn as ruled grid pages; one blank line after each page."""
    rng = random.Random(seed)
    style = PageStyle.draw(rng)
    # Tables are set a size smaller than the body, as plans do to fit nine columns.
    size = round(min(style.size_pt, 12.0) * style.dpi / 72)
    faces = [ImageFont.truetype(str(FONT_DIR / f), size) for f in style.font]
    out: list[str] = []
    for page in draw_pages(table, faces[0], faces[1], style.dpi, style.line_gap, style.ink,
                           rng):
        text = tesseract(degrade(page, style, rng), style.dpi, psm)
        out.extend(ln for ln in text.replace("\f", "").splitlines() if ln.strip())
        out.append("")
    return out


def ocr_with_table(text: str, seed: int = 0, psm: int = 6, jobs: int = 1) -> str:
    """OCR a document whose tab-separated appendix table is drawn as a ruled grid: the text
    around the table as running pages (``ocr_document``), the table as grid pages."""
    lines = text.splitlines()
    found = split_table(lines)
    if found is None:
        raise ValueError("no tab-separated table to draw")
    first, end, table = found
    parts = [ocr_document("\n".join(lines[:first]), seed, psm, jobs)[0]]
    parts.append("\n".join(ocr_table(table, seed, psm)))
    if any(ln.strip() for ln in lines[end:]):
        parts.append(ocr_document("\n".join(lines[end:]), seed + 1, psm, jobs)[0])
    return "".join(p if p.endswith("\n") else p + "\n" for p in parts)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", type=Path, help="clean UTF-8 text file")
    ap.add_argument("-o", "--output", type=Path, required=True, help="OCR'd text file")
    ap.add_argument("--pairs", type=Path, help="also write truth<TAB>ocr line pairs here")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--psm", type=int, default=6, choices=(4, 6))
    ap.add_argument("--jobs", type=int, default=1, help="parallel tesseract runs (max 2)")
    ap.add_argument("--table", action="store_true",
                    help="draw the tab-separated appendix table as a ruled grid")
    args = ap.parse_args(argv)
    if args.table:
        if args.pairs:
            ap.error("--pairs is not made in --table mode")
        text = ocr_with_table(args.input.read_text(encoding="utf-8"), args.seed, args.psm,
                              args.jobs)
        args.output.write_text(text, encoding="utf-8")
        print(f"{args.output}: {len(text.splitlines())} lines", file=sys.stderr)
        return 0
    text, pairs = ocr_document(args.input.read_text(encoding="utf-8"), args.seed, args.psm,
                               args.jobs)
    args.output.write_text(text, encoding="utf-8")
    if args.pairs:
        args.pairs.write_text("".join(f"{t}\t{o}\n" for t, o in pairs), encoding="utf-8")
    print(f"{args.output}: {len(text.splitlines())} lines, {len(pairs)} aligned pairs",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
