"""Structure stage: header components, heading tree, section roles and the items under them.

Reads ``Line``/``Block`` values only (never files), so it runs the same on restored and
unrestored text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lines import Block, Line, span_of
from ..models import CanhBao, VanBan
from .header import is_closing, legal_basis, read_footer, read_header
from .headings import match_heading
from .items import funding, list_items, tasks, units
from .tree import build_tree


@dataclass
class StructureResult:
    fields: dict[str, object] = field(default_factory=dict)  # KeHoach field -> value
    warnings: list[CanhBao] = field(default_factory=list)


def build(lines: list[Line], blocks: list[Block]) -> StructureResult:
    header = read_header(lines)
    footer = read_footer(lines[header.end :])
    footer_start = header.end + footer.start
    body = [b for b in blocks if b.last >= header.end and b.first < footer_start]

    bases: list[str] = []
    kept: list[Block] = []
    in_preamble = True
    for b in body:
        in_preamble = in_preamble and match_heading(b.text) is None
        basis = legal_basis(b.text)
        if basis is not None and in_preamble:
            bases.append(basis)
            header.where.setdefault("can_cu", span_of(lines, b.first, b.last))
        if basis is None and not is_closing(b.text):
            kept.append(b)
    body = kept
    roots, _preamble = build_tree(lines, body)

    where = {**header.where, **footer.where}
    van_ban = VanBan(
        **header.values,
        can_cu=bases,
        nguoi_ky=footer.signer,
        noi_nhan=footer.recipients,
        vi_tri=where,
    )
    warnings: list[CanhBao] = []
    if not roots and van_ban.loai_van_ban is None and van_ban.so_ky_hieu is None and not bases:
        warnings.append(
            CanhBao(
                ma="not_a_plan",
                thong_diep="no document header, legal basis or numbered headings: "
                "this does not read as an administrative plan",
                span=span_of(lines, 0, len(lines) - 1) if lines else None,
            )
        )
    return StructureResult(
        fields={
            "van_ban": van_ban,
            "cau_truc": [n.to_model() for n in roots],
            **list_items(roots),
            "nhiem_vu": tasks(roots),
            "kinh_phi": funding(roots),
            "to_chuc_thuc_hien": units(roots),
        },
        warnings=warnings,
    )
