"""Render a plan as JSON, YAML or Markdown, and write files atomically."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import yaml

from .errors import OutputError
from .models import KeHoach, Muc


def to_json(plan: KeHoach) -> str:
    return plan.model_dump_json(indent=2) + "\n"


def to_yaml(plan: KeHoach) -> str:
    data = json.loads(plan.model_dump_json())
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _md_section(m: Muc, depth: int) -> list[str]:
    out = [f"{'#' * min(depth + 1, 6)} {m.so}. {m.tieu_de}", ""]
    out += [f"{p.noi_dung}\n" for p in m.noi_dung]
    for child in m.muc_con:
        out += _md_section(child, depth + 1)
    return out


def to_markdown(plan: KeHoach) -> str:
    vb = plan.van_ban
    out = [f"# {vb.loai_van_ban or 'KẾ HOẠCH'}: {vb.trich_yeu or ''}".rstrip(), ""]
    facts = {
        "Cơ quan ban hành": vb.co_quan_ban_hanh,
        "Số, ký hiệu": vb.so_ky_hieu,
        "Địa danh": vb.dia_danh,
        "Ngày ban hành": vb.ngay_ban_hanh.isoformat() if vb.ngay_ban_hanh else None,
        "Người ký": " ".join(
            x for x in (vb.nguoi_ky.tham_quyen, vb.nguoi_ky.chuc_vu, vb.nguoi_ky.ho_ten) if x
        )
        or None,
    }
    out += [f"- **{k}**: {v}" for k, v in facts.items() if v]
    out.append("")
    for m in plan.cau_truc:
        out += _md_section(m, 1)
    if plan.phu_luc:
        out += [
            "## Phụ lục",
            "",
            "| Stt | Nhiệm vụ | Sản phẩm | Chủ trì | Phối hợp | Thời gian |",
            "|---|---|---|---|---|---|",
        ]
        for r in plan.phu_luc:
            cells = (r.stt, r.nhiem_vu, r.san_pham, r.chu_tri, r.phoi_hop, r.thoi_gian)
            out.append("| " + " | ".join((c or "").replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out).rstrip() + "\n"


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename: never a half-written file.

    Any failure (a missing or read-only folder, a full disk, ``path`` being a folder) is an
    ``OutputError`` naming ``path``, and leaves neither ``path`` nor a temporary file changed.
    """
    target = Path(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_cannot_create(folder, exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:  # Ctrl-C while writing: no temporary file left behind either
        Path(tmp).unlink(missing_ok=True)
        raise


def _cannot_create(folder: Path, exc: OSError) -> str:
    """Why no file can be made in ``folder``. A folder that exists yet answers "no such
    file" (``/proc``, ``/sys``) takes no new files: say that, not the misleading errno."""
    if exc.errno == errno.ENOENT and folder.is_dir():
        return f"no file can be created in {folder}"
    return exc.strerror or str(exc)
