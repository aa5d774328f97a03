"""Restore stage placeholder: identity (replaced by the noisy-channel decoder).

Contract: ``restore(text) -> str``; ``restore_and_explain(text) -> (str, list[Change])``;
the output has exactly the input's lines, in order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    line: int  # 1-based line in the text given to restore
    column: int  # 1-based column of the original token on that line
    original: str
    replacement: str
    confidence: float
    reason: str


def restore_and_explain(text: str) -> tuple[str, list[Change]]:
    return text, []


def restore(text: str) -> str:
    return restore_and_explain(text)[0]
