"""The trie search finds exactly what an unpruned walk of the same moves finds."""

from __future__ import annotations

import pytest

from kehoach_parser.restore.channel import params_for
from kehoach_parser.restore.slots import _channel
from kehoach_parser.restore.trie import Steps


def _walk(steps: Steps, obs: str, limit: float, rules_ok: bool,
          drops_ok: bool) -> dict[str, float]:
    """Every move from every state whose cost so far is within the limit (costs only grow):
    no bound on what is left to read, no test of the letters below a node."""
    trie, penalty = steps.trie, steps.penalty
    n = len(obs)
    layers: list[dict[int, float]] = [{} for _ in range(n + 1)]
    layers[0][0] = 0.0

    def reach(layer: dict[int, float], node: int, cost: float) -> None:
        if cost <= limit and cost < layer.get(node, float("inf")):
            layer[node] = cost

    for pos in range(n):
        layer = layers[pos]
        if drops_ok and rules_ok:
            for node, c in list(layer.items()):  # one dropped letter per position
                for target, rc in trie.moves(node).get("", ()):
                    reach(layer, target, c + rc + penalty)
        reading = steps.reading(obs[pos])
        for node, c in layer.items():
            for letters in trie.by_base[node].values():
                for t, kid in letters:
                    if t in reading:
                        reach(layers[pos + 1], kid, c + reading[t])
            for k in range(1, min(3, n - pos) + 1) if rules_ok else ():
                ocr = obs[pos:pos + k]
                for target, rc in trie.moves(node).get(ocr, ()):
                    reach(layers[pos + k], target, c + rc + penalty)
                for rc in trie.inserted.get(ocr, ()):  # a character the OCR inserted
                    reach(layers[pos + k], node, c + rc + penalty)
    return {w: c for node, c in layers[n].items() if (w := trie.word[node]) is not None}


# Made-up OCR damage: lost and wrong marks, ư read as u or ir, đ as d, a dropped vowel,
# digits and symbols for stacked marks, and junk.
TOKENS = ["nhiêm", "dita", "ddng", "ctia", "tht", "quyét", "vièc", "thuc", "rn", "cirng",
          "ngirdi", "d6i", "tnrong", "h0c", "dán", "nguoi", "xã", "6", "13", "qu", "zzz"]


@pytest.mark.parametrize("p_lost", [0.05, 0.5, 0.95])
def test_search_finds_what_an_unpruned_walk_finds(p_lost: float) -> None:
    channel = _channel()
    params = params_for(p_lost)
    steps = channel._steps(params)
    found_any = False
    for obs in TOKENS:
        for rules_ok, drops_ok in [(True, True), (True, False), (False, False)]:
            limit = params.beam * 1.5
            got = steps.search(obs, limit, rules_ok, drops_ok)
            assert got == _walk(steps, obs, limit, rules_ok, drops_ok), (obs, rules_ok, drops_ok)
            found_any |= bool(got)
    assert found_any
