from __future__ import annotations

from ..lines import Line
from ..models import CanhBao
from .assemble import RawRow
from .detect import Header


def read_paragraph(lines: list[Line], header: Header, begin: int, end: int
             ) -> tuple[list[RawRow], list[CanhBao], int]:
    return [], [], 0
