"""The trainer is deterministic and the committed model matches the code that reads it."""

from __future__ import annotations

import itertools
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from kehoach_parser.data import data_dir
from kehoach_parser.restore.decoder import Pruning, Slot, decode
from kehoach_parser.restore.lm import (
    BOS,
    EOS,
    FORMAT_VERSION,
    MODEL_FILE,
    KeyIndex,
    TrigramLM,
    check_manifest,
    default_model,
    load_model,
)
from kehoach_parser.restore.lm_build import is_heldout, train, write_manifest, write_model

TEXT = [
    "Ủy ban nhân dân tỉnh ban hành kế hoạch cải cách hành chính năm 2022.",
    "Kế hoạch cải cách hành chính của Ủy ban nhân dân huyện, HĐND huyện.",
    "Các cơ quan, đơn vị triển khai thực hiện kế hoạch cải cách hành chính.",
    "Thủ tục hành chính được giải quyết theo cơ chế một cửa, một cửa liên thông.",
    "Tổ chức tuyên truyền cải cách hành chính tại Sở Nội vụ và Văn phòng HĐND.",
] * 3


def _build(out: Path) -> bytes:
    arrays = train(TEXT, min_trigram=1, min_attest=1, min_acronym=2)
    write_model(arrays, out)
    write_manifest(out, [], {"test": True}, arrays)
    return (out / MODEL_FILE).read_bytes()


def test_training_is_deterministic(tmp_path: Path) -> None:
    assert _build(tmp_path / "a") == _build(tmp_path / "b")
    assert check_manifest(tmp_path / "a") == []


def test_trained_model_is_normalised(tmp_path: Path) -> None:
    _build(tmp_path)
    lm = load_model(tmp_path)
    for history in [("<s>", "<s>"), ("cải", "cách"), ("hành", "chính"), ("<unk>", "năm")]:
        a, b = (np.full(lm.size - 1, lm.index[h]) for h in history)
        total = np.exp(lm.score(a, b, np.arange(1, lm.size)).astype(np.float64)).sum()
        assert total == pytest.approx(1.0, abs=0.01)
    assert lm.d_acronyms.get("HDND") == "HĐND"
    cach = lm.index["cách"]
    assert lm.score(np.array([lm.index["cải"]]), np.array([cach]), np.array([lm.index["hành"]]))[0] \
        > lm.score(np.array([lm.index["cải"]]), np.array([cach]), np.array([lm.index["năm"]]))[0]


def test_committed_model_matches_its_manifest() -> None:
    folder = data_dir("diacritics")
    assert check_manifest(folder) == []
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["params"]["order"] >= 3
    assert sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) < 25_000_000
    assert default_model() is default_model()  # loaded once per process


def test_stale_model_is_detected(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    shutil.copytree(data_dir("diacritics"), folder)
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    manifest["format_version"] = FORMAT_VERSION - 1
    (folder / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert check_manifest(folder)
    with (folder / MODEL_FILE).open("ab") as fh:
        fh.write(b"\0")
    assert any(MODEL_FILE in p for p in check_manifest(folder))


def test_heldout_split_is_stable() -> None:
    lines = [f"dòng số {i}" for i in range(5000)]
    held = [ln for ln in lines if is_heldout(ln)]
    assert 50 < len(held) < 150
    assert held == [ln for ln in lines if is_heldout(ln)]


def test_segments_decoded_together_as_alone() -> None:
    """Packing many segments into the rows of one grid changes no choice and no confidence."""
    lm = default_model()
    rng = np.random.default_rng(7)
    common = np.argsort(-lm.uni_count)[4:400]

    def slot() -> Slot:
        k = int(rng.choice([1, 1, 2, 3, 5, 10]))
        ids = rng.choice(common, size=k, replace=False)
        return Slot(tuple(int(i) for i in ids), tuple(float(c) for c in rng.uniform(0, 4, k)))

    segments = [[slot() for _ in range(int(rng.integers(1, 25)))] for _ in range(40)]
    rule = Pruning(4.0, 3)
    together = decode(lm, segments, 1.0, rule)
    alone = [decode(lm, [seg], 1.0, rule) for seg in segments]
    assert together[0] == [c for ch, _ in alone for c in ch]
    assert together[1] == pytest.approx([c for _, cf in alone for c in cf], abs=1e-9)


@pytest.mark.parametrize("n", [1, 7, 5000])
def test_key_index_finds_what_binary_search_finds(n: int) -> None:
    """The bigram bitmap answers like np.searchsorted: every key at its index, every other
    query a miss (keys in runs of neighbours, as b*V+c are, at both ends of the universe, and
    queries past it)."""
    rng = np.random.default_rng(n)
    keys = np.unique(np.concatenate([rng.integers(0, 50_000_000, n), np.arange(n // 2) + 99,
                                     [0, 63, 64, 49_999_999]]))
    index = KeyIndex.build(keys, 50_000_000)
    queries = np.concatenate([keys, keys + 1, keys[1:] - 1, rng.integers(0, 60_000_000, 3 * n + 5),
                              np.array([0, 2**40], dtype=np.int64)])
    hits, at = index.find(queries)
    pos = np.minimum(np.searchsorted(keys, queries), len(keys) - 1)
    assert np.array_equal(hits, np.flatnonzero(keys[pos] == queries))
    assert np.array_equal(at, pos[hits])


def _brute_force(lm: TrigramLM, seg: list[Slot]) -> tuple[tuple[int, ...], list[float]]:
    """The best path of one segment over every combination of candidates, and each slot's
    share among its candidates given the chosen two before it."""
    pad = [BOS, BOS]

    def total(path: tuple[int, ...]) -> float:
        ids = pad + [s.ids[c] for s, c in zip(seg, path, strict=True)] + [EOS]
        grams = np.array([ids[i - 2:i + 1] for i in range(2, len(ids))]).T
        return float(lm.score(*grams).astype(np.float64).sum()) - sum(
            s.costs[c] for s, c in zip(seg, path, strict=True))

    best = max(itertools.product(*(range(len(s.ids)) for s in seg)), key=total)
    ids = pad + [s.ids[c] for s, c in zip(seg, best, strict=True)]
    shares = []
    for i, s in enumerate(seg):
        n = len(s.ids)
        local = lm.score(np.full(n, ids[i]), np.full(n, ids[i + 1]), np.array(s.ids))
        local = local.astype(np.float64) - np.array(s.costs)
        weights = np.exp(local - local.max())
        shares.append(float(weights[best[i]] / weights.sum()) if n > 1 else 1.0)
    return best, shares


def test_decoder_finds_the_best_path() -> None:
    """Without pruning, the chosen path is the best of all combinations and the confidences
    are the chosen candidates' shares given their left context (short segments packed
    together, with one-candidate slots and ties of equal candidates among them)."""
    lm = default_model()
    rng = np.random.default_rng(3)
    common = np.argsort(-lm.uni_count)[4:300]

    def slot() -> Slot:
        k = int(rng.choice([1, 2, 3, 4]))
        ids = rng.choice(common, size=k, replace=False)
        return Slot(tuple(int(i) for i in ids), tuple(float(c) for c in rng.uniform(0, 3, k)))

    segments = [[slot() for _ in range(int(rng.integers(1, 6)))] for _ in range(30)]
    segments.append([Slot((5, 5), (1.0, 1.0)), slot()])  # a tie: the first one wins
    choice, conf = decode(lm, segments, 1.0, Pruning(math.inf, 100))
    expected = [_brute_force(lm, seg) for seg in segments]
    assert choice == [c for path, _ in expected for c in path]
    assert conf == pytest.approx([s for _, shares in expected for s in shares], abs=1e-9)


def test_scores_match_a_plain_backoff_lookup() -> None:
    """The committed model scores like the textbook backoff over its sorted key arrays:
    trigrams it has, trigrams whose history it has but not the last word, and neither."""
    lm = default_model()
    v = lm.size
    with np.load(data_dir("diacritics") / MODEL_FILE) as z:
        bi_keys = z["bi_keys"].astype(np.int64)
        tri_keys = np.repeat(bi_keys * v, z["tri_per_bigram"].astype(np.int64)) + z["tri_w"]
        bi_logp, bi_bow, tri_logp = (z[k].astype(np.float32) for k in ("bi_logp", "bi_bow",
                                                                           "tri_logp"))

    def lookup(keys: np.ndarray, query: int) -> int | None:
        i = int(np.searchsorted(keys, query))
        return i if i < len(keys) and keys[i] == query else None

    def expected(a: int, b: int, c: int) -> np.float32:
        if (i := lookup(tri_keys, (a * v + b) * v + c)) is not None:
            return tri_logp[i]
        j = lookup(bi_keys, b * v + c)
        low = bi_logp[j] if j is not None else lm.uni_bow[b] + lm.uni_logp[c]
        h = lookup(bi_keys, a * v + b)
        return bi_bow[h] + low if h is not None else low

    rng = np.random.default_rng(5)
    seen = tri_keys[rng.integers(0, len(tri_keys), 300)]
    grams = [(int(k // v // v), int(k // v % v), int(k % v)) for k in seen]
    grams += [(a, b, int(c)) for a, b, _ in grams[:150] for c in rng.integers(0, v, 1)]
    grams += [tuple(int(x) for x in rng.integers(0, v, 3)) for _ in range(300)]
    a, b, c = (np.array(x) for x in zip(*grams, strict=True))
    assert lm.score(a, b, c).tolist() == [expected(*g) for g in grams]
