"""The syllable trie and the search for the syllables an OCR token could have been read from.

Nodes are integers (lists indexed by node, the root is 0). The search is the inner loop of
candidate generation, so everything it needs per move is worked out once and kept: the
confusion rules' moves per node, which do not depend on the channel parameters, the costs of
reading a letter as another of its base for each set of parameters (``Steps``), and the
letters below each node, which rule out at a glance the states that cannot finish. The loop
itself does dict lookups, float additions and bit tests only.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from functools import reduce
from operator import itemgetter, or_
from typing import NamedTuple

from .inventory import letter_base

Moves = tuple[tuple[int, float], ...]  # (target node, cost)
_SHAPES = 1 << 14  # tokens whose shape (Trie.shape) is kept
_NO_MOVES: dict[str, Moves] = {}  # read only
_DROPS = 1 << 16  # (node, next letters) pairs whose dropped-letter moves are kept


class Shape(NamedTuple):
    """What a search needs to know of an OCR token, per position."""

    units: list[list[tuple[str, int]]]  # the OCR strings from there a rule reads, and lengths
    ahead: list[list[int]]  # letters (bits) a state needs below it to read on (Trie._needs)
    first: list[int | None]  # letters a move reading from there may start with


class Trie:
    """Syllables letter by letter, with the rule moves ``rules`` (ocr string -> (truth
    string, cost)) and ``dropped`` (first letter -> (truth string the OCR dropped, cost))."""

    def __init__(self, inventory: Iterable[str], rules: dict[str, list[tuple[str, float]]],
                 dropped: dict[str, list[tuple[str, float]]]) -> None:
        # Built with locals only: this runs at model load, once per syllable letter.
        kids: list[dict[str, int]] = [{}]
        # Children grouped by base letter: the ones a same-letter reading can reach.
        by_base: list[dict[str, list[tuple[str, int]]]] = [{}]
        word: list[str | None] = [None]
        of_base: dict[str, set[str]] = {}  # base letter -> the letters in the trie
        for syl in inventory:
            node = 0
            for ch in syl:
                nxt = kids[node].get(ch)
                if nxt is None:
                    nxt = kids[node][ch] = len(word)
                    kids.append({})
                    by_base.append({})
                    word.append(None)
                    base = letter_base(ch)
                    by_base[node].setdefault(base, []).append((ch, nxt))
                    of_base.setdefault(base, set()).add(ch)
                node = nxt
            word[node] = syl
        self.kids, self.by_base, self.word, self.of_base = kids, by_base, word, of_base
        # The letters below each node, as bits (a kid is numbered after its parent): every
        # letter a search state reads from on is one of them.
        bit = {ch: 1 << i for i, ch in enumerate(sorted(set().union(*of_base.values())))}
        below = [0] * len(word)
        # The letters of each node's kids: a state a dropped letter led to reads its next
        # character from one of them.
        next_letters = [0] * len(word)
        for node in range(len(word) - 1, -1, -1):
            for ch, kid in kids[node].items():
                below[node] |= below[kid] | bit[ch]
                next_letters[node] |= bit[ch]
        self.below, self.next_letters = below, next_letters
        # The letters that can read a character: those of its base (same-letter moves), and
        # per OCR string the first letters of its rules' non-empty truths.
        self.base_bits = {b: sum(bit[ch] for ch in chs) for b, chs in of_base.items()}
        self.rule_bits = {ocr: sum({bit.get(t[0], 0) for t, _ in truths if t})
                          for ocr, truths in rules.items()}
        self.rules = rules
        self.cheapest = {ocr: min(c for _, c in truths) for ocr, truths in rules.items()}
        # An empty truth is a character the OCR inserted: a move that reads it and stays at
        # the node, the same at every node (OCR string -> costs, cheapest first).
        self.inserted = {ocr: sorted(c for t, c in truths if not t)
                         for ocr, truths in rules.items() if any(not t for t, _ in truths)}
        # The OCR strings by their cheapest insertion: those a search can afford to read as
        # inserted are a prefix (most insertion rules cost more than any search's limit, and
        # a character one reads needs no letter below a state).
        by_cost = sorted((costs[0], ocr) for ocr, costs in self.inserted.items())
        self._insert_costs = [c for c, _ in by_cost]
        self._insertable = [frozenset(ocr for _, ocr in by_cost[:k])
                            for k in range(len(by_cost) + 1)]
        # Every other rule by the first letter of its truth ("" as ocr: a letter the OCR
        # dropped), apart by truth length: most truths are one letter, which leads straight to
        # the kid.
        self._one: dict[str, list[tuple[str, float]]] = {}
        self._longer: dict[str, list[tuple[str, str, float]]] = {}
        for ocr, truths in [*rules.items(), *(("", ts) for ts in dropped.values())]:
            for truth, cost in truths:
                if len(truth) > 1:
                    self._longer.setdefault(truth[0], []).append((ocr, truth[1:], cost))
                elif truth:
                    self._one.setdefault(truth, []).append((ocr, cost))
        # Only letters some syllable has can be dropped from one (not the stray marks of the
        # table): a tighter floor lets the search skip more states' drop moves outright.
        self.min_drop = min((c for first, rs in dropped.items() if first in self.of_base.get(
            letter_base(first), ()) for _, c in rs), default=math.inf)
        self._shapes: dict[tuple[str, bool, int], Shape] = {}
        self._char_bits: dict[str, int] = {}  # ``_letters_reading``
        # Per node, OCR string -> where its rules lead (``moves``), and its dropped-letter
        # moves with the letters below each target and those of its kids (for the dead-end
        # tests): worked out for every node here, as the search reaches a few thousand of
        # them in its first pages and the whole costs a small share of the model's load.
        self.rule_moves = [self._moves(node) for node in range(len(word))]
        self.drop_moves = [tuple((t, c, below[t], next_letters[t]) for t, c in got.get("", ()))
                           for got in self.rule_moves]
        # The letters of each node's kids and of the kids of where its dropped letters lead.
        self.reach = [reduce(or_, (theirs for _, _, _, theirs in drops), mine)
                      for mine, drops in zip(next_letters, self.drop_moves, strict=True)]
        # By (node, letters the next move may start with): the moves to targets with such a
        # kid (``drops``).
        self.drops_to: dict[tuple[int, int | None], list[tuple[int, float, int]]] = {}

    def moves(self, node: int) -> dict[str, Moves]:
        """OCR string -> where the confusion rules for it lead from ``node`` down the trie
        ("" = letters the OCR dropped), with their costs, cheapest first."""
        return self.rule_moves[node]

    def _moves(self, node: int) -> dict[str, Moves]:
        got: dict[str, list[tuple[int, float]]] = {}
        kids, one, longer = self.kids, self._one, self._longer
        for ch, kid in kids[node].items():
            for ocr, cost in one.get(ch, ()):
                moves = got.get(ocr)
                if moves is None:
                    got[ocr] = [(kid, cost)]
                else:
                    moves.append((kid, cost))
            for ocr, rest, cost in longer.get(ch, ()):
                target = kid
                for t in rest:
                    step = kids[target].get(t)
                    if step is None:
                        break
                    target = step
                else:
                    got.setdefault(ocr, []).append((target, cost))
        # Cheapest first, so the search stops at the first move over its bound; tuples, which
        # the garbage collector stops tracking (this is most of what the trie holds).
        if not got:
            return _NO_MOVES  # most nodes (one dict for them all)
        return {ocr: tuple(sorted(moves, key=itemgetter(1))) for ocr, moves in got.items()}

    def drops(self, node: int, first: int | None) -> list[tuple[int, float, int]]:
        """The dropped-letter moves from ``node`` (target, cost, letters below it), cheapest
        first, to the targets that can read a character next: one of their kids is among the
        letters ``first`` (None: any node, as an insertion may read it). A dropped letter is
        taken before the character at its position is read, never two in a row."""
        if len(self.drops_to) >= _DROPS:
            self.drops_to.clear()  # a long batch run: bounded, as the slot cache is
        got = self.drops_to[node, first] = [(t, c, below)
                                            for t, c, below, kids in self.drop_moves[node]
                                            if first is None or kids & first]
        return got

    def shape(self, obs: str, rules_ok: bool, most: float) -> Shape:
        """The shape of ``obs`` for a search that affords no insertion dearer than ``most``:
        the same for every pricing that affords the same insertions, so kept for a token
        searched again under another document's parameters."""
        affordable = bisect_right(self._insert_costs, most) if rules_ok else 0
        key = (obs, rules_ok, affordable)
        got = self._shapes.get(key)
        if got is None:
            if len(self._shapes) >= _SHAPES:
                self._shapes.clear()  # a long batch run: bounded, as the slot cache is
            n = len(obs)
            units = [[(u, k) for k in (1, 2, 3)
                      if pos + k <= n and (u := obs[pos:pos + k]) in self.rules]
                     for pos in range(n)]
            got = self._shapes[key] = self._needs(
                obs, units if rules_ok else [[]] * n, self._insertable[affordable])
        return got

    def _letters_reading(self, ch: str) -> int:
        """The letters (bits) of ``ch``'s base: those that read it as a letter with other or
        no marks (kept per character)."""
        bits = self._char_bits[ch] = self.base_bits.get(letter_base(ch), 0)
        return bits

    def _needs(self, obs: str, units: list[list[tuple[str, int]]],
               insertable: frozenset[str]) -> Shape:
        """Per position, for each character from there on, the letters (bits) that could read
        it: of its base, or starting the truth of a rule for an OCR string over it. A state
        needs one of each set below its node. A character an affordable insertion rule
        (``insertable``) reads needs none, and a set holding a smaller one is left out (it is
        met whenever that one is). Also per position, the letters a move reading from there
        starts with (None where an insertion may read it instead)."""
        of_char = self._char_bits
        first: list[int | None] = [of_char[ch] if ch in of_char else self._letters_reading(ch)
                                   for ch in obs]
        need = first.copy()
        for pos, at in enumerate(units):
            for ocr, k in at:
                bits = None if ocr in insertable else self.rule_bits[ocr]
                if bits is None or first[pos] is None:
                    first[pos] = None
                else:
                    first[pos] |= bits
                for j in range(pos, pos + k):
                    if bits is None or need[j] is None:
                        need[j] = None
                    else:
                        need[j] |= bits
        # From the end, each position's sets are the last one's plus its own, if that holds
        # none of them (dropping those that hold it): lists as short as the distinct sets.
        out: list[list[int]] = [[]] * (len(obs) + 1)
        minimal: list[int] = []
        for pos in range(len(obs) - 1, -1, -1):
            bits = need[pos]
            if bits is not None:
                for m in minimal:
                    if m & bits == m:
                        break
                else:
                    minimal = sorted([m for m in minimal if m & bits != bits] + [bits],
                                     key=int.bit_count)  # the likeliest to fail first
            out[pos] = minimal
        return Shape(units, out, first)


class Steps:
    """One pricing of (truth, ocr) letter pairs over a trie, with a lower bound on the cost
    of reading each OCR string."""

    def __init__(self, trie: Trie, pair: Mapping[tuple[str, str], float],
                 penalty: float) -> None:
        self.trie, self.pair, self.penalty = trie, pair, penalty
        self._reading: dict[str, dict[str, float]] = {}
        self._floor: dict[tuple[str, bool], float] = {}

    def reading(self, ch: str) -> dict[str, float]:
        """Truth letter -> cost of reading it as ``ch``, for every letter of ``ch``'s base."""
        got = self._reading.get(ch)
        if got is None:
            truths = self.trie.of_base.get(letter_base(ch), ())
            got = self._reading[ch] = {t: self.pair[t, ch] for t in truths}
        return got

    def floor(self, ocr: str, rules_ok: bool) -> float:
        """No move that reads ``ocr`` costs less (a single letter read as itself or with
        other marks, or a confusion rule)."""
        key = (ocr, rules_ok)
        got = self._floor.get(key)
        if got is None:
            got = min(self.reading(ocr).values(), default=math.inf) if len(ocr) == 1 else math.inf
            if rules_ok and ocr in self.trie.rules:
                got = min(got, min(c for _, c in self.trie.rules[ocr]) + self.penalty)
            self._floor[key] = got
        return got

    def search(self, obs: str, limit: float, rules_ok: bool, drops_ok: bool) -> dict[str, float]:
        """Syllable -> cheapest cost of reading ``obs`` from it, for every one within
        ``limit``: layered over token positions, each (node, position) state kept at its
        cheapest cost. Every move reads at least one character except a dropped letter, which
        stays at its position but goes deeper in the trie (applied once per layer). A state
        is dropped as soon as some character ahead has no letter below it that could read it
        (most states of an OCR'd token are such dead ends: a node deep in the trie with a
        vowel still to read that nothing under it has)."""
        trie, penalty = self.trie, self.penalty
        n = len(obs)
        # An insertion costs its rule plus the penalty and must fit within the limit (a
        # margin well over any rounding of the additions).
        units, needs, firsts = trie.shape(obs, rules_ok, limit - penalty + 1e-6)
        # rest[pos]: a lower bound on reading obs[pos:], so a state that cannot finish within
        # the limit is not expanded (less a hair, for the order of float additions).
        rest = [0.0] * (n + 1)
        for pos in range(n - 1, -1, -1):
            best = self.floor(obs[pos], rules_ok) + rest[pos + 1]
            for ocr, k in units[pos] if rules_ok else ():
                best = min(best, self.floor(ocr, True) + rest[pos + k])
            rest[pos] = best
        bound = [limit - r + 1e-9 for r in rest]
        below = trie.below
        layers: list[dict[int, float]] = [{} for _ in range(n + 1)]
        layers[0][0] = 0.0
        # The caches are read inline (a method call per state would cost more than the move).
        by_base, rule_moves, inserted = trie.by_base, trie.rule_moves, trie.inserted
        drops_to = trie.drops_to
        # The letters a state may read its next character with: a kid's, or with a dropped
        # letter first, a kid's of where the drop leads.
        next_bits = trie.reach if drops_ok and rules_ok else trie.next_letters
        inf = math.inf
        for pos in range(n):
            layer = layers[pos]
            if not layer:
                if not any(layers[pos + 1:pos + 3]):
                    break  # a move reads at most three characters: nothing is left to reach
                continue
            first = firsts[pos]
            if first is not None:  # the states that cannot read this character next
                layer = {node: c for node, c in layer.items() if next_bits[node] & first}
            ahead = needs[pos]
            if ahead:  # the states below which some character ahead has no letter to read it
                dead = []
                for node in layer:
                    letters = below[node]
                    for bits in ahead:
                        if not letters & bits:
                            dead.append(node)
                            break
                for node in dead:
                    del layer[node]
            here = bound[pos]
            if drops_ok and rules_ok:
                drop_limit = here - penalty - trie.min_drop
                for node, c in list(layer.items()):
                    if c <= drop_limit:
                        drops = drops_to.get((node, first))
                        if drops is None:
                            drops = trie.drops(node, first)
                        for target, rc, letters in drops:
                            cc = c + rc + penalty
                            if cc > here:
                                break
                            if cc < layer.get(target, inf):  # and not a dead end
                                for bits in ahead:
                                    if not letters & bits:
                                        break
                                else:
                                    layer[target] = cc
            ch = obs[pos]
            base, cost_of = letter_base(ch), self.reading(ch)
            nxt, bound_next = layers[pos + 1], bound[pos + 1]
            # Where each rule for an OCR string from here leads: its layer and that layer's
            # bound; the costs of reading it as inserted; and the dearest state any of its
            # moves fits the bound from, as each costs at least the string's cheapest rule
            # (plus a hair, for the order of additions).
            at = [(ocr, layers[pos + k], bound[pos + k], inserted.get(ocr, ()),
                   bound[pos + k] - trie.cheapest[ocr] - penalty + 1e-9)
                  for ocr, k in units[pos]] if rules_ok else ()
            room = max([u[4] for u in at]) if at else -inf
            for node, c in layer.items():
                for t, kid in by_base[node].get(base, ()):
                    cc = c + cost_of[t]
                    if cc <= bound_next and cc < nxt.get(kid, inf):
                        nxt[kid] = cc
                if c <= room:
                    from_node = rule_moves[node]
                    for ocr, to, bound_to, extra, fits in at:
                        if c > fits:
                            continue
                        for target, rc in from_node.get(ocr, ()):
                            cc = c + rc + penalty
                            if cc > bound_to:
                                break
                            if cc < to.get(target, inf):
                                to[target] = cc
                        for rc in extra:
                            cc = c + rc + penalty
                            if cc > bound_to:
                                break
                            if cc < to.get(node, inf):
                                to[node] = cc
        words = trie.word
        return {w: c for node, c in layers[n].items()
                if (w := words[node]) is not None and c <= limit}
