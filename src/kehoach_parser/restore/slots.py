"""Per-word candidate slots: the OCR channel's best few syllables after a unigram prior."""

from __future__ import annotations

from functools import cache, lru_cache

from ..data import load_yaml
from .channel import Channel, Params, default_rules, default_token_rules
from .decoder import Slot
from .inventory import normalise
from .lm import UNK, default_model


@cache
def _channel() -> Channel:
    lm = default_model()
    cfg = load_yaml("diacritics", "channel.yaml")
    common = [w for w, n in zip(lm.vocab, lm.uni_count, strict=True) if n >= cfg["common_count"]]
    return Channel.build(lm.vocab[4:], default_rules(), default_token_rules(), common)


@cache
def _logfreq() -> dict[str, tuple[int, float]]:
    """Syllable -> its LM id and unigram log-frequency as a Python float (read once per
    candidate: a numpy scalar per read would cost more than the rest of the ranking)."""
    lm = default_model()
    return dict(zip(lm.vocab, zip(range(lm.size), lm.uni_logfreq.tolist(), strict=True),
                    strict=True))


def _ranked(found: list[tuple[str, float]], params: Params) -> list[tuple[float, int, float]]:
    """(pruning score, LM id, channel cost) of the channel's best few after a unigram prior."""
    logfreq, weight = _logfreq(), params.weight
    # Raw frequency, not the KN unigram: KN's continuation counts undervalue a syllable that
    # follows few words (dựng after xây), which is exactly the one pruning must not lose.
    ranked = sorted([(weight * cost - freq, i, cost)
                     for syllable, cost in found for i, freq in (logfreq[syllable],)])
    del ranked[params.max_candidates:]
    return [r for r in ranked if r[0] <= ranked[0][0] + params.prior_margin]


@lru_cache(maxsize=1 << 17)
def _slot(word: str, params: Params, confusions: bool) -> Slot | None:
    """Candidates for one word (lowercase), the channel's best few after a unigram prior."""
    found = _channel().candidates(word, params, confusions)
    if not found:
        return None
    ranked = _ranked(found, params)
    if normalise(word) is None:
        # Not a syllable: it may also be a name, a foreign word or a symbol to keep as is.
        ranked.append((0.0, UNK, params.keep_unknown))
    _, ids, costs = zip(*ranked, strict=True)
    return Slot(ids, costs)


# Lowercase words whose slots are kept per set of parameters, beside the slot cache: most
# tokens are such words and a batch repeats them, and a lookup here by the word alone costs a
# fraction of one of that cache (whose key hashes the parameters), with lacks_good's verdict.
_LOWERCASE = 1 << 15
_lowercase: dict[Params, dict[str, tuple[Slot | None, bool]]] = {}


def lowercase_slots(params: Params) -> dict[str, tuple[Slot | None, bool]]:
    """Lowercase word -> its slot and whether it lacks a good reading (``fallback.lacks_good``),
    under ``params``: the caller fills it in (``restore._plan``)."""
    if sum(map(len, _lowercase.values())) >= _LOWERCASE:
        _lowercase.clear()  # a long batch run: bounded, as the slot cache is
    got = _lowercase.get(params)
    if got is None:
        got = _lowercase[params] = {}
    return got
