"""Placeholder: task rows for spreadsheets (replaced by the tables stage)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, TextIO

from ..models import KeHoach


def write_tasks(plans: Iterable[KeHoach], fmt: Literal["csv", "jsonl"], stream: TextIO) -> int:
    return 0
