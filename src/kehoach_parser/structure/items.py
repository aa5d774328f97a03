"""The parts users ask for, read off the heading tree by section role.

Every item keeps where it was read from: it is a ``Text`` cut out of a heading or a
paragraph (its bullet, a unit's name dropped), so its span is exact.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import DoanVan, NhiemVu, ToChucThucHien
from .headings import bullet_end
from .roles import role_groups, unit_name
from .tree import Node, Text, cover

# A unit heading "1. Phòng Nội vụ: chủ trì ..." names the unit before the colon; a longer
# left part is a sentence, not a name.
_MAX_UNIT_WORDS = 14


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _item(p: Text) -> Text:
    """A paragraph as a list item: without its bullet."""
    return p.part(bullet_end(p.text))


def _texts(node: Node, with_title: bool) -> list[Text]:
    """The node's paragraphs and, recursively, its sub-items, bullets stripped."""
    out = [node.title] if with_title else []
    out += [_item(p) for p in node.paragraphs]
    for child in node.children:
        if child.own_role is None:  # a child with a role of its own is read on its own
            out += _texts(child, with_title=True)
    return [t for t in out if t.text]


def list_items(roots: list[Node]) -> dict[str, list[DoanVan]]:
    """muc_tieu, yeu_cau, chi_tieu: items under the sections with those roles."""
    out: dict[str, list[DoanVan]] = {}
    for key, roles in role_groups().items():
        if key in ("task_roles", "unit_roles"):
            continue
        items: list[DoanVan] = []
        for node in _walk(roots):
            if node.own_role in roles:
                items += [t.to_model() for t in _texts(node, with_title=False)]
        out[key] = items
    return out


def _task(area: str | None, t: Text) -> NhiemVu:
    return NhiemVu(linh_vuc=area, noi_dung=t.text, span=t.span())


def tasks(roots: list[Node]) -> list[NhiemVu]:
    """Tasks by reform area: each sub-section of a task section is an area (lĩnh vực)."""
    roles = role_groups()["task_roles"]
    out: list[NhiemVu] = []
    for node in _walk(roots):
        if node.own_role not in roles:
            continue
        out += [_task(None, _item(p)) for p in node.paragraphs]
        for area in node.children:
            if area.own_role is not None and area.own_role not in roles:
                continue  # a "Mục tiêu" under "NỘI DUNG" is not a reform area
            out += [_task(area.tieu_de, t) for t in _texts(area, with_title=False)]
    return out


def _unit(text: Text, duties: list[Text]) -> ToChucThucHien | None:
    found = unit_name(text.text)
    if found is None:
        return None
    name, first = found
    # The duties are what follows the name: the end of the text, as long as ``first``.
    head = [text.part(len(text.text) - len(first))] if first else []
    said = head + duties
    return ToChucThucHien(
        don_vi=name,
        trach_nhiem=[t.to_model() for t in said],
        span=cover(text.span(), said[-1].span()) if said else text.span(),
    )


def _units_under(node: Node) -> list[ToChucThucHien]:
    roles = role_groups()["unit_roles"]
    out = [u for p in node.paragraphs if (u := _unit(_item(p), []))]
    for child in node.children:
        if child.own_role in roles and child.children and unit_name(child.tieu_de) is None:
            out += _units_under(child)  # "2. Trách nhiệm cụ thể" groups the units below it
        elif child.own_role is None or child.own_role in roles:
            unit = _unit(child.title, _texts(child, with_title=False))
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


def _after_colon(title: Text) -> Text | None:
    """The text after "Kinh phí thực hiện:" in a heading that runs on, if any."""
    head, sep, _rest = title.text.partition(":")
    if sep and 0 < len(head.split()) <= _MAX_UNIT_WORDS:
        rest = title.part(len(head) + 1)
        return rest if rest.text else None
    return None


def funding(roots: list[Node]) -> DoanVan | None:
    """The funding section's items, joined with line breaks, and where they stand."""
    for node in _walk(roots):
        if node.own_role == "kinh_phi":
            parts = _texts(node, with_title=False)
            rest = _after_colon(node.title)
            if rest is not None:
                parts.insert(0, rest)
            if not parts:
                return None
            return DoanVan(
                noi_dung="\n".join(p.text for p in parts),
                span=cover(parts[0].span(), parts[-1].span()),
            )
    return None
