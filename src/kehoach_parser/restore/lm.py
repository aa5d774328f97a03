"""The syllable trigram LM: load the compact model once per process and score trigrams.

Model file ``diacritics/lm.npz`` (written by ``lm_build``) holds an interpolated Kneser-Ney
trigram model in backoff form (like ARPA): sorted integer keys, float16 log-probabilities
(natural log) and backoff weights. Trigrams are stored grouped under their history bigram, so
the keys are rebuilt with one ``np.repeat`` at load time. Lookups are vectorised
(``np.searchsorted``) so a whole document is scored in a few numpy calls.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..data import data_dir
from .inventory import normalise
from .tokens import Token

FORMAT_VERSION = 3
MODEL_FILE = "lm.npz"
SPECIALS = ("<s>", "</s>", "<unk>", "<num>")
BOS, EOS, UNK, NUM = range(4)


@dataclass(frozen=True)
class TrigramLM:
    vocab: tuple[str, ...]
    index: dict[str, int]
    uni_logp: np.ndarray  # float32 [V]
    uni_bow: np.ndarray  # float32 [V]
    uni_count: np.ndarray  # int64 [V], raw corpus frequency
    uni_logfreq: np.ndarray  # float32 [V], ln of the relative frequency (a pruning prior)
    capital_logp: np.ndarray  # float32 [V], ln P(written capitalised inside a sentence | syl)
    d_acronyms: dict[str, str]  # acronym with its Đ lost -> the corpus spelling (HDND: HĐND)
    acronyms: frozenset[str]  # all-caps words the corpus uses in prose that spell a syllable
    bi_keys: np.ndarray  # uint64, sorted, b*V+c
    bi_logp: np.ndarray  # float32
    bi_bow: np.ndarray  # float32, backoff weight of (b,c) as a trigram history
    tri_keys: np.ndarray  # uint64, sorted, (a*V+b)*V+c
    tri_logp: np.ndarray  # float32

    @property
    def size(self) -> int:
        return len(self.vocab)

    def word_id(self, token: Token) -> int:
        """The LM id of a token that is kept as it is (a word, a number, a code)."""
        if token.kind == "num":
            return NUM
        if token.kind != "word":
            return UNK
        norm = normalise(token.text)
        return self.index.get(norm, UNK) if norm else UNK

    def score(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """ln P(c | a b) for arrays of ids (any equal shape)."""
        v = np.uint64(self.size)
        a, b, c = (np.asarray(x, dtype=np.uint64).ravel() for x in (a, b, c))
        out = np.empty(len(c), dtype=np.float32)
        k3 = (a * v + b) * v + c
        hit3, i3 = _find(self.tri_keys, k3)
        out[hit3] = self.tri_logp[i3[hit3]]
        miss = ~hit3
        if miss.any():
            a, b, c = a[miss], b[miss], c[miss]
            hith, ih = _find(self.bi_keys, a * v + b)
            bow = np.where(hith, self.bi_bow[ih], 0.0)
            hit2, i2 = _find(self.bi_keys, b * v + c)
            p2 = np.where(hit2, self.bi_logp[i2],
                          self.uni_bow[b.astype(np.int64)] + self.uni_logp[c.astype(np.int64)])
            out[miss] = bow + p2
        return out


    def score2(self, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """ln P(c | b) from the bigram level (backing off to unigrams)."""
        v = np.uint64(self.size)
        b, c = (np.asarray(x, dtype=np.uint64).ravel() for x in (b, c))
        hit, i = _find(self.bi_keys, b * v + c)
        return np.where(hit, self.bi_logp[i],
                        self.uni_bow[b.astype(np.int64)] + self.uni_logp[c.astype(np.int64)])


def _find(keys: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    idx = np.searchsorted(keys, queries)
    np.minimum(idx, len(keys) - 1, out=idx)
    return keys[idx] == queries, idx


def load_model(folder: Path) -> TrigramLM:
    with np.load(folder / MODEL_FILE, allow_pickle=False) as z:
        version = int(z["format_version"][0])
        if version != FORMAT_VERSION:
            raise ValueError(f"{folder / MODEL_FILE}: format {version}, "
                             f"this code reads {FORMAT_VERSION}; retrain with tools/train_lm.py")
        vocab = tuple(bytes(z["vocab"]).decode("utf-8").split("\n"))
        v = np.uint64(len(vocab))
        bi_keys = z["bi_keys"].astype(np.uint64)
        tri_keys = np.repeat(bi_keys, z["tri_per_bigram"].astype(np.int64)) * v + z["tri_w"]
        return TrigramLM(
            vocab=vocab,
            index={w: i for i, w in enumerate(vocab)},
            uni_logp=z["uni_logp"].astype(np.float32),
            uni_bow=z["uni_bow"].astype(np.float32),
            uni_count=z["uni_count"].astype(np.int64),
            uni_logfreq=np.log((z["uni_count"] + 0.5) / (z["uni_count"].sum() + 1.0)).astype(
                np.float32),
            capital_logp=np.log((z["uni_capital"] + 0.5) / (z["uni_count"] + 1.0)).astype(
                np.float32),
            acronyms=frozenset(bytes(z["acronyms"]).decode("utf-8").split("\n")) - {""},
            d_acronyms=dict(row.split("\t")[:2] for row in
                            bytes(z["acronyms_d"]).decode("utf-8").split("\n") if row),
            bi_keys=bi_keys,
            bi_logp=z["bi_logp"].astype(np.float32),
            bi_bow=z["bi_bow"].astype(np.float32),
            tri_keys=tri_keys,
            tri_logp=z["tri_logp"].astype(np.float32),
        )


@cache
def default_model() -> TrigramLM:
    """The committed model, loaded once per process."""
    return load_model(data_dir("diacritics"))


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_manifest(folder: Path) -> list[str]:
    """Why the committed model does not match this code (empty when it does)."""
    manifest = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    problems = []
    if manifest.get("format_version") != FORMAT_VERSION:
        problems.append(f"manifest format {manifest.get('format_version')} != {FORMAT_VERSION}")
    for name, digest in manifest.get("model_files", {}).items():
        if not (folder / name).is_file() or file_sha256(folder / name) != digest:
            problems.append(f"{name} does not match its manifest hash")
    if MODEL_FILE not in manifest.get("model_files", {}):
        problems.append(f"{MODEL_FILE} is not in the manifest")
    return problems
