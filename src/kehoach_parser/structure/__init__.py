"""Structure stage: header components, heading tree, section roles and items."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lines import Block, Line
from ..models import CanhBao


@dataclass
class StructureResult:
    fields: dict[str, object] = field(default_factory=dict)  # KeHoach field -> value
    warnings: list[CanhBao] = field(default_factory=list)


def build(lines: list[Line], blocks: list[Block]) -> StructureResult:
    return StructureResult()
