"""Train the syllable trigram LM (interpolated Kneser-Ney) and write it with its manifest.

Counting is done on numpy arrays of packed n-gram keys (``np.unique``), so 20 M syllables
train in a few minutes on one core. Output is byte-identical for identical input: the zip
entries carry a fixed timestamp and every array is built in sorted order.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .case import is_all_caps
from .inventory import build_inventory, normalise
from .lm import BOS, EOS, FORMAT_VERSION, MODEL_FILE, NUM, SPECIALS, UNK, file_sha256
from .tokens import tokenize

_ACRONYM = re.compile(r"\b[A-ZĐ]{2,}\b")
MIN_ACRONYM_IN_PROSE = 10  # an all-caps word this frequent in prose is an acronym (CA, TW)
HELDOUT_MODULUS = 50  # a line whose crc32 % 50 == 0 is held out of training, for evaluation


def is_heldout(line: str) -> bool:
    return zlib.crc32(line.encode("utf-8")) % HELDOUT_MODULUS == 0


def corpus_lines(paths: Iterable[Path]) -> Iterator[str]:
    """Training lines of the corpus files (gzip or plain), held-out lines left out."""
    for path in sorted(paths):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for raw in fh:
                line = raw.rstrip("\n")
                if line.strip() and not is_heldout(line):
                    yield line


def segments(line: str) -> Iterator[list[tuple[str, bool]]]:
    """LM segments of one line: (normalised syllable, ``<num>`` or ``<unk>``; whether it is a
    capitalised word inside the segment, as names are)."""
    seg: list[tuple[str, bool]] = []
    for tok in tokenize(line):
        if tok.boundary_before and seg:
            yield seg
            seg = []
        if tok.kind == "num":
            seg.append((SPECIALS[NUM], False))
        elif tok.kind == "word":
            cap = bool(seg) and tok.text[:1].isupper() and not tok.text[1:2].isupper()
            seg.append((normalise(tok.text) or SPECIALS[UNK], cap))
        else:
            seg.append((SPECIALS[UNK], False))
    if seg:
        yield seg


@dataclass
class _Counts:
    forms: dict[str, int] = field(default_factory=lambda: {s: i for i, s in enumerate(SPECIALS)})
    stream: list[int] = field(default_factory=list)
    capital: Counter[int] = field(default_factory=Counter)  # capitalised inside a sentence
    acronyms: Counter[str] = field(default_factory=Counter)  # all-caps parts with D or Đ
    running_caps: Counter[str] = field(default_factory=Counter)  # all-caps words in prose


def _encode(lines: Iterable[str]) -> _Counts:
    """The padded id stream (ids of distinct forms in first-seen order) and side counts."""
    acc = _Counts()
    ids, stream = acc.forms, acc.stream
    for line in lines:
        for seg in segments(line):
            stream += (BOS, BOS)
            for w, cap in seg:
                i = ids.setdefault(w, len(ids))
                stream.append(i)
                if cap:
                    acc.capital[i] += 1
            stream.append(EOS)
        caps = _ACRONYM.findall(line)
        acc.acronyms.update(p for p in caps if "D" in p or "Đ" in p)
        words = line.split()
        if sum(map(is_all_caps, words)) * 5 < len(words):  # prose, not a heading in capitals
            acc.running_caps.update(caps)
    return acc


def d_acronyms(counts: Counter[str], min_count: int = 20, max_plain: float = 0.05) -> list[str]:
    """Rows ``plain<TAB>with Đ<TAB>count`` for acronyms whose D spelling is (nearly) unused."""
    best: dict[str, tuple[int, str]] = {}
    for form, n in counts.items():
        # A capitalised word (ĐANG) is a syllable, which the decoder restores, not an acronym.
        if "Đ" in form and n >= min_count and normalise(form) is None:
            plain = form.replace("Đ", "D")
            if counts.get(plain, 0) <= max_plain * n and n > best.get(plain, (0, ""))[0]:
                best[plain] = (n, form)
    return [f"{p}\t{f}\t{n}" for p, (n, f) in sorted(best.items())]


def _discount(counts: np.ndarray) -> float:
    n1 = int((counts == 1).sum())
    n2 = int((counts == 2).sum())
    return n1 / (n1 + 2 * n2) if n1 and n2 else 0.5


def _group_sum(groups: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique sorted groups, the sum of values per group, and the number of rows per group."""
    uniq, inv, n = np.unique(groups, return_inverse=True, return_counts=True)
    return uniq, np.bincount(inv, weights=values), n


def train(lines: Iterable[str], attested: Iterable[str] = (), min_trigram: int = 1,
          min_attest: int = 2, min_acronym: int = 20) -> dict[str, np.ndarray]:
    """The model arrays. ``attested``: extra spellings (hunspell) that admit a syllable;
    ``min_acronym``: corpus count that makes an Đ acronym (HĐND) a repair target."""
    acc = _encode(lines)
    forms = list(acc.forms)
    stream = np.asarray(acc.stream, dtype=np.int64)
    freq = np.bincount(stream, minlength=len(forms))
    seen = [f for f, n in zip(forms, freq, strict=True) if n >= min_attest and f not in SPECIALS]
    vocab = list(SPECIALS) + build_inventory([*seen, *attested])
    vid = {w: i for i, w in enumerate(vocab)}
    remap = np.array([vid.get(f, UNK) for f in forms], dtype=np.int64)
    stream = remap[stream]
    v = len(vocab)

    # Every trigram ends at a position that is not one of the two <s> paddings.
    ends = np.flatnonzero(stream[2:] != BOS) + 2
    keys3, c3 = np.unique((stream[ends - 2] * v + stream[ends - 1]) * v + stream[ends],
                          return_counts=True)
    # Kneser-Ney continuation counts: distinct left contexts of each bigram and unigram.
    keys2, n2 = np.unique(keys3 % (v * v), return_counts=True)
    n1 = np.bincount(keys2 % v, minlength=v).astype(np.float64)

    d1 = _discount(n1[n1 > 0])
    total1 = n1.sum()
    p1 = np.maximum(n1 - d1, 0) / total1 + d1 * (n1 > 0).sum() / total1 / v
    p1[BOS] = 1e-12

    d2 = _discount(n2)
    hist2, c_h2, t_h2 = _group_sum(keys2 // v, n2.astype(np.float64))
    row2 = np.searchsorted(hist2, keys2 // v)
    p2 = (np.maximum(n2 - d2, 0) / c_h2[row2]
          + d2 * t_h2[row2] / c_h2[row2] * p1[keys2 % v])
    mass = np.bincount(keys2 // v, weights=p2, minlength=v)
    low = np.bincount(keys2 // v, weights=p1[keys2 % v], minlength=v)
    bow1 = (1 - mass).clip(1e-9) / (1 - low).clip(1e-9)

    d3 = _discount(c3)
    hist3, c_h3, t_h3 = _group_sum(keys3 // v, c3.astype(np.float64))
    row3 = np.searchsorted(hist3, keys3 // v)
    p2_of3 = p2[np.searchsorted(keys2, keys3 % (v * v))]
    p3 = np.maximum(c3 - d3, 0) / c_h3[row3] + d3 * t_h3[row3] / c_h3[row3] * p2_of3
    keep = c3 >= min_trigram
    keys3, p3, p2_of3 = keys3[keep], p3[keep], p2_of3[keep]

    # Every trigram history must be a stored bigram row (<s> <s> is not a predicted bigram).
    hist = np.unique(keys3 // v)
    extra = np.setdiff1d(hist, keys2)
    bi_keys = np.concatenate([keys2, extra])
    bi_p = np.concatenate([p2, np.full(len(extra), 1e-12)])
    order = np.argsort(bi_keys, kind="stable")
    bi_keys, bi_p = bi_keys[order], bi_p[order]
    hrow = np.searchsorted(bi_keys, keys3 // v)
    mass3 = np.bincount(hrow, weights=p3, minlength=len(bi_keys))
    low3 = np.bincount(hrow, weights=p2_of3, minlength=len(bi_keys))
    bow2 = (1 - mass3).clip(1e-9) / (1 - low3).clip(1e-9)

    counts = np.bincount(stream, minlength=v)
    capital = np.zeros(v, dtype=np.int64)
    for i, n in acc.capital.items():
        capital[remap[i]] += n
    return {
        "acronyms_d": np.frombuffer("\n".join(d_acronyms(acc.acronyms, min_acronym))
                                    .encode("utf-8"),
                                    dtype=np.uint8),
        "uni_capital": capital.astype(np.int32),
        "acronyms": np.frombuffer("\n".join(sorted(
            w for w, n in acc.running_caps.items()
            if n >= MIN_ACRONYM_IN_PROSE and normalise(w) is not None)).encode("utf-8"),
            dtype=np.uint8),
        "format_version": np.array([FORMAT_VERSION], dtype=np.int32),
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "uni_logp": np.log(p1).astype(np.float32),
        "uni_bow": np.log(bow1).astype(np.float32),
        "uni_count": counts.astype(np.int32),
        "bi_keys": bi_keys.astype(np.uint32),
        "bi_logp": np.log(bi_p).astype(np.float16),
        "bi_bow": np.log(bow2).astype(np.float16),
        "tri_per_bigram": np.bincount(hrow, minlength=len(bi_keys)).astype(np.uint16),
        "tri_w": (keys3 % v).astype(np.uint16),
        "tri_logp": np.log(p3).astype(np.float16),
    }


def write_model(arrays: dict[str, np.ndarray], out: Path) -> Path:
    """A deflated .npz with fixed zip timestamps, so equal arrays give equal bytes."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / MODEL_FILE
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]),
                                      allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)
    return path


def write_manifest(out: Path, corpus: list[Path], params: dict[str, object],
                   arrays: dict[str, np.ndarray]) -> None:
    manifest = {
        "format_version": FORMAT_VERSION,
        "command": "python tools/train_lm.py --corpus ../shared/corpus --out diacritics/",
        "params": params,
        "sizes": {"vocab": len(arrays["uni_logp"]), "bigrams": len(arrays["bi_keys"]),
                  "trigrams": len(arrays["tri_w"])},
        "corpus_files": {p.name: file_sha256(p) for p in sorted(corpus)},
        "model_files": {MODEL_FILE: file_sha256(out / MODEL_FILE)},
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
