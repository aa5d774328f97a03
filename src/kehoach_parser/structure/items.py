"""The parts users ask for, read off the heading tree by section role."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import NhiemVu, ToChucThucHien
from .headings import strip_bullet
from .roles import role_groups, unit_name
from .tree import Node

# A unit heading "1. Phòng Nội vụ: chủ trì ..." names the unit before the colon; a longer
# left part is a sentence, not a name.
_MAX_UNIT_WORDS = 14


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _texts(node: Node, with_title: bool) -> list[str]:
    """The node's paragraphs and, recursively, its sub-items, bullets stripped."""
    out = [node.tieu_de] if with_title else []
    out += [strip_bullet(p) for p in node.paragraphs]
    for child in node.children:
        if child.own_role is None:  # a child with a role of its own is read on its own
            out += _texts(child, with_title=True)
    return [t for t in out if t]


def list_items(roots: list[Node]) -> dict[str, list[str]]:
    """muc_tieu, yeu_cau, chi_tieu: items under the sections with those roles."""
    out: dict[str, list[str]] = {}
    for key, roles in role_groups().items():
        if key in ("task_roles", "unit_roles"):
            continue
        items: list[str] = []
        for node in _walk(roots):
            if node.own_role in roles:
                items += _texts(node, with_title=False)
        out[key] = items
    return out


def tasks(roots: list[Node]) -> list[NhiemVu]:
    """Tasks by reform area: each sub-section of a task section is an area (lĩnh vực)."""
    roles = role_groups()["task_roles"]
    out: list[NhiemVu] = []
    for node in _walk(roots):
        if node.own_role not in roles:
            continue
        out += [NhiemVu(linh_vuc=None, noi_dung=strip_bullet(p)) for p in node.paragraphs]
        for area in node.children:
            if area.own_role is not None and area.own_role not in roles:
                continue  # a "Mục tiêu" under "NỘI DUNG" is not a reform area
            out += [
                NhiemVu(linh_vuc=area.tieu_de, noi_dung=t) for t in _texts(area, with_title=False)
            ]
    return out


def _unit(text: str, duties: list[str]) -> ToChucThucHien | None:
    found = unit_name(text)
    if found is None:
        return None
    name, first = found
    return ToChucThucHien(don_vi=name, trach_nhiem=([first] if first else []) + duties)


def _units_under(node: Node) -> list[ToChucThucHien]:
    roles = role_groups()["unit_roles"]
    out = [u for p in node.paragraphs if (u := _unit(strip_bullet(p), []))]
    for child in node.children:
        if child.own_role in roles and child.children and unit_name(child.tieu_de) is None:
            out += _units_under(child)  # "2. Trách nhiệm cụ thể" groups the units below it
        elif child.own_role is None or child.own_role in roles:
            unit = _unit(child.tieu_de, _texts(child, with_title=False))
            # A numbered paragraph that names no unit may still hold "- Giao Phòng X ...".
            out += [unit] if unit is not None else _units_under(child)
    return out


def units(roots: list[Node]) -> list[ToChucThucHien]:
    """Implementation: each unit-named sub-section or "Unit: duties" paragraph."""
    roles = role_groups()["unit_roles"]
    out: list[ToChucThucHien] = []
    for node in roots:
        out += _units_under(node) if node.own_role in roles else units(node.children)
    return out


def _split_unit(text: str) -> tuple[str, str] | None:
    head, sep, rest = text.partition(":")
    if sep and 0 < len(head.split()) <= _MAX_UNIT_WORDS:
        return head.strip(), rest.strip()
    return None


def funding(roots: list[Node]) -> str | None:
    for node in _walk(roots):
        if node.own_role == "kinh_phi":
            parts = _texts(node, with_title=False)
            split = _split_unit(node.tieu_de)
            if split and split[1]:
                parts.insert(0, split[1])
            return "\n".join(parts) or None
    return None
