"""The read stage over the shared seed plans (skipped when /work/shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_parser.read import decode, join_paragraphs, read_bytes
from kehoach_parser.read.clean import JUNK
from kehoach_parser.read.layout import undouble
from kehoach_parser.read.vocab import fold, vocab

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

pytestmark = pytest.mark.skipif(not SEED_FILES, reason="no shared seeds")


@pytest.fixture(params=SEED_FILES, ids=lambda p: p.name[:3])
def seed(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_decodes_as_utf8(seed: Path) -> None:
    text, encoding = decode(seed.read_bytes())
    assert encoding == "utf-8"
    assert read_bytes(seed.read_bytes()).n_lines == len(text.splitlines())


def test_source_map(seed: Path) -> None:
    data = seed.read_bytes()
    source = decode(data)[0].split("\n")
    for ln in read_bytes(data).lines:
        src = source[ln.line - 1]
        exact = src[ln.col - 1 : ln.col - 1 + len(ln.text)] == ln.text
        repaired = JUNK.search(src) or undouble(src.strip()) == ln.text
        assert exact or repaired, ln


# Header lines holding both columns, per seed (000 starts after its header; 004 already
# has one column per line).
SPLIT_HEADER_LINES = {"000": 0, "001": 2, "002": 3, "003": 2, "004": 0}


def test_header_columns_split(seed: Path) -> None:
    lines = read_bytes(seed.read_bytes()).lines[: vocab().header_zone_lines]
    numbers = [ln.line for ln in lines]
    split = sorted({n for n in numbers if numbers.count(n) == 2})
    assert len(split) == SPLIT_HEADER_LINES[seed.name[:3]]
    for number in split:
        left, right = (ln for ln in lines if ln.line == number)
        assert right.col > left.col + len(left.text)
        folded = fold(right.text)
        assert vocab().right_column.match(folded) or vocab().place_date.match(folded)


def test_wrapped_lines_are_joined(seed: Path) -> None:
    lines = read_bytes(seed.read_bytes()).lines
    blocks = join_paragraphs(lines)
    assert len(blocks) <= len(lines)
    if seed.name.startswith("004"):  # one paragraph per line already
        assert len(blocks) >= 0.9 * len(lines)
    else:  # hard-wrapped: paragraphs hold several lines each
        assert len(blocks) <= 0.75 * len(lines)
    heads = [b.text for b in blocks if b.text.startswith(("I. ", "II. ", "III. "))]
    assert heads, "roman-numbered headings stay at the start of their paragraphs"


def test_doubled_blank_layout_and_glyphs_in_002() -> None:
    (path,) = [p for p in SEED_FILES if p.name.startswith("002")] or [None]
    if path is None:
        pytest.skip("seed 002 absent")
    lines = read_bytes(path.read_bytes()).lines
    texts = [ln.text for ln in lines]
    assert "CHỦ TỊCH" in texts
    assert not any("TTrr" in t for t in texts)
    blocks = join_paragraphs(lines)
    assert any(b.text.startswith("Căn cứ") and b.last > b.first for b in blocks)
