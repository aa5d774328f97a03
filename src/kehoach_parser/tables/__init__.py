"""Tables stage placeholder (replaced by the appendix reader).

Contract: ``find_appendix(lines) -> int | None`` (index of the first appendix line);
``read_appendix(lines, start) -> Appendix``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lines import Line
from ..models import CanhBao, Dong, PhuLuc


@dataclass
class Appendix:
    rows: list[Dong] = field(default_factory=list)
    table: PhuLuc | None = None
    warnings: list[CanhBao] = field(default_factory=list)


def find_appendix(lines: list[Line]) -> int | None:
    return None


def read_appendix(lines: list[Line], start: int) -> Appendix:
    return Appendix()
