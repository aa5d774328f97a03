"""The syllable trigram LM: load the compact model once per process and score trigrams.

Model file ``diacritics/lm.npz`` (written by ``lm_build``) holds an interpolated Kneser-Ney
trigram model in backoff form (like ARPA): sorted integer keys, float16 log-probabilities
(natural log) and backoff weights. Trigrams are stored grouped under their history bigram, and
kept that way. Lookups are vectorised so a whole document is scored in a few numpy calls:
bigrams (about twenty times as many lookups as trigrams: the decoder's pruning pass tries
every pair of neighbouring candidates) through a bitmap built at load (``KeyIndex``), a
trigram by finding its history there and then its last word in the history's group.
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
class KeyIndex:
    """Sorted unique keys in [0, universe) -> their index: a bitmap of the keys, with the
    number of keys before each 64-bit word of it.

    A lookup reads one word: the key's bit says whether it is there, and the keys before it
    are the word's count plus the set bits below the key's. That is a fixed handful of
    vectorised steps per batch, with no search and no probing loop, and only the keys found
    read their count (most queries are misses: each read is a cache miss in a table this
    size). The bitmap costs universe / 64 * 12 bytes (bigram keys b*V+c: under 9 MB for
    7,000 syllables).
    """

    words: np.ndarray  # uint64 bitmap, then one empty word that any key past the end reads
    before: np.ndarray  # int32: keys in the words before each word

    @classmethod
    def build(cls, keys: np.ndarray, universe: int) -> KeyIndex:
        words = np.zeros((universe >> 6) + 2, dtype=np.uint64)
        word = keys >> 6
        starts = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        bits = np.left_shift(np.uint64(1), (keys & 63).astype(np.uint64))
        words[word[starts]] = np.bitwise_or.reduceat(bits, starts)
        before = np.zeros(len(words), dtype=np.int32)
        np.cumsum(np.bitwise_count(words[:-1]), out=before[1:])
        return cls(words, before)

    def find(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The queries (int64, not negative) that are keys, as positions in ``queries``,
        and their indices."""
        at = np.minimum(queries >> 6, len(self.words) - 1)
        # The word shifted so the query's bit is its top one and the bits above are gone.
        below = self.words[at] << (63 - (queries & 63).astype(np.uint64))
        hits = np.flatnonzero(below >= np.uint64(1 << 63))
        return hits, self.before[at[hits]] + np.bitwise_count(below[hits]) - 1


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
    # Keys are int64 like the ids the decoder passes (V**3 fits), so lookups convert nothing.
    bi_index: KeyIndex  # keys b*V+c
    bi_logp: np.ndarray  # float32
    bi_bow: np.ndarray  # float32, backoff weight of (b,c) as a trigram history
    # The trigrams of history bigram h (its index in bi_index) are tri_start[h] up to
    # tri_start[h + 1]: their last words, sorted, in tri_w (then one more word, read by a
    # search that ends past the last group), their ln P in tri_logp.
    tri_start: np.ndarray  # int64 [bigrams + 1]
    tri_w: np.ndarray  # uint16
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
        v = self.size
        a, b, c = (np.asarray(x, dtype=np.int64).ravel() for x in (a, b, c))
        out = self._bigram(b, c)  # backed off to, with the history's weight where it is known
        known, history = self.bi_index.find(a * v + b)
        out[known] = self.bi_bow[history] + out[known]
        found, i = self._trigram(history, c[known])
        out[known[found]] = self.tri_logp[i]
        return out

    def _trigram(self, history: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which last words ``c`` are among the trigrams of their history bigram (its index)
        and where. One binary search over all the groups at once, a vectorised step per
        halving of the largest: a group is small and in one place, where a search of all
        trigrams would read some twenty cache lines."""
        lo = self.tri_start[history]
        end = self.tri_start[history + 1]
        n = end - lo
        while (open_ := n > 0).any():
            half = n >> 1
            mid = lo + half
            right = open_ & (self.tri_w[mid] < c)
            lo = np.where(right, mid + 1, lo)
            n = np.where(right, n - half - 1, half)
        found = np.flatnonzero((lo < end) & (self.tri_w[lo] == c))
        return found, lo[found]

    def score2(self, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """ln P(c | b) from the bigram level (backing off to unigrams)."""
        b, c = (np.asarray(x, dtype=np.int64).ravel() for x in (b, c))
        return self._bigram(b, c)

    def _bigram(self, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        out = self.uni_bow[b] + self.uni_logp[c]  # backed off to: most pairs are unseen
        seen, i = self.bi_index.find(b * self.size + c)
        out[seen] = self.bi_logp[i]
        return out


def load_model(folder: Path) -> TrigramLM:
    with np.load(folder / MODEL_FILE, allow_pickle=False) as z:
        version = int(z["format_version"][0])
        if version != FORMAT_VERSION:
            raise ValueError(f"{folder / MODEL_FILE}: format {version}, "
                             f"this code reads {FORMAT_VERSION}; retrain with tools/train_lm.py")
        vocab = tuple(bytes(z["vocab"]).decode("utf-8").split("\n"))
        v = len(vocab)
        bi_keys = z["bi_keys"].astype(np.int64)
        tri_start = np.zeros(len(bi_keys) + 1, dtype=np.int64)
        np.cumsum(z["tri_per_bigram"], out=tri_start[1:])
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
            bi_index=KeyIndex.build(bi_keys, v * v),
            bi_logp=z["bi_logp"].astype(np.float32),
            bi_bow=z["bi_bow"].astype(np.float32),
            tri_start=tri_start,
            tri_w=np.append(z["tri_w"], np.zeros(1, dtype=z["tri_w"].dtype)),
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
