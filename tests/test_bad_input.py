"""Bad input, one test each: refused with a clear ``InputError`` (or warned about), in bounded
time and memory, and in a batch always exactly one record. Crafted archives (``..`` and
absolute members, links, bombs, nesting, duplicate names) are in ``test_batch_sources.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

import kehoach_parser
from kehoach_parser import errors, parse, read
from kehoach_parser.batch import BatchOptions, run_batch

# Where this kehoach_parser was imported from (src/, or site-packages in CI's venv), so
# child processes run the same code.
SRC = Path(kehoach_parser.__file__).resolve().parents[1]
PLAN = ("ỦY BAN NHÂN DÂN\nHUYỆN AN BÌNH\nSố: 12/KH-UBND\nAn Bình, ngày 5 tháng 1 năm 2024\n"
        "KẾ HOẠCH\nCải cách hành chính năm 2024\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
        "Nâng cao chất lượng phục vụ người dân, tổ chức và doanh nghiệp.\n"
        "II. NHIỆM VỤ TRỌNG TÂM\n1. Cải cách thể chế\nRà soát văn bản quy phạm pháp luật.\n")
NEWS = ("Tối qua, đội tuyển bóng đá Việt Nam thắng Thái Lan 3-0 trên sân Mỹ Đình trước "
        "40.000 khán giả. Huấn luyện viên cho biết các cầu thủ đã thi đấu rất kỷ luật và "
        "cảm ơn người hâm mộ đã cổ vũ suốt trận.\n") * 3

BAD = {
    "empty": b"",
    "whitespace": b"  \n\t\r\n  ",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)),
    "nul": b"Ke hoach so 12\x00\x00\x00/KH-UBND\n" * 20,
    "undecodable": bytes(range(128, 256)) * 8,
}
MIB = 2**20


@pytest.mark.parametrize("name", sorted(BAD))
def test_parse_refuses_with_a_clear_input_error(name: str) -> None:
    with pytest.raises(errors.InputError) as exc:
        parse(BAD[name])
    assert str(exc.value) and "\n" not in str(exc.value)


def test_batch_makes_one_error_record_per_bad_file(tmp_path: Path) -> None:
    for name, data in BAD.items():
        (tmp_path / f"{name}.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = run_batch(BatchOptions(inputs=[str(tmp_path)], output=str(out), jobs=1,
                                     quiet=True))
    recs = {Path(r["input"]).stem: r for r in map(json.loads, out.read_text().splitlines())}
    assert sorted(recs) == sorted([*BAD, "good"])
    assert {k for k, r in recs.items() if r.get("error_type") == "InputError"} == set(BAD)
    assert (summary.done, summary.failed, summary.exit_code) == (1, len(BAD),
                                                                errors.EXIT_PARTIAL)


def test_limit_is_enforced_at_its_exact_size(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_INPUT_BYTES", len(PLAN.encode()))
    (tmp_path / "at.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "over.txt").write_text(PLAN + "x", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(BatchOptions(inputs=[str(tmp_path)], output=str(out), jobs=1, quiet=True,
                           restore=False))
    recs = {Path(r["input"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    assert "error" not in recs["at.txt"]
    assert "limit" in recs["over.txt"]["error"]


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    """A 200 MiB text file that costs no disk: sparse, all zeros when read."""
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(200 * MIB)
    return p


def test_200_mib_file_refused_by_batch_in_bounded_memory(tmp_path: Path, huge: Path) -> None:
    out = tmp_path / "out.jsonl"
    tracemalloc.start()
    try:
        summary = run_batch(BatchOptions(inputs=[str(huge)], output=str(out), jobs=1,
                                         quiet=True))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [rec] = map(json.loads, out.read_text().splitlines())
    assert rec["error_type"] == "InputError" and "50 MiB limit" in rec["error"]
    assert summary.failed == 1
    assert peak < read.MAX_INPUT_BYTES + 8 * MIB  # limit + 1 bytes read, never 200 MiB


def test_parse_refuses_a_200_mib_path(huge: Path) -> None:
    with pytest.raises(errors.InputError, match="limit"):
        parse(huge)


def test_parse_path_reads_a_huge_file_in_bounded_memory(huge: Path) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(errors.InputError):
            parse(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < read.MAX_INPUT_BYTES + 8 * MIB


def test_nfd_text_gives_the_same_plan_as_nfc() -> None:
    nfc = parse(PLAN.encode()).model_dump(exclude={"nguon"})
    nfd = parse(unicodedata.normalize("NFD", PLAN).encode()).model_dump(exclude={"nguon"})
    assert nfd == nfc
    assert nfc["van_ban"]["so_ky_hieu"] == "12/KH-UBND"


def test_text_that_is_not_a_plan_is_warned_and_nothing_is_invented() -> None:
    plan = parse(NEWS.encode())
    assert "not_a_plan" in [w.ma for w in plan.canh_bao]
    vb = plan.van_ban
    assert (vb.co_quan_ban_hanh, vb.so_ky_hieu, vb.ngay_ban_hanh, vb.nguoi_ky.ho_ten) == (
        None, None, None, None)
    assert plan.cau_truc == [] and plan.phu_luc == [] and plan.nhiem_vu == []


# -- pathological text: bounded time, whatever the regexes meet ------------------------------

TIME_LIMIT = 30  # seconds; a 1-2 MB input, ~50-100 ordinary plans' worth of text

PATHOLOGICAL = {
    "1 MB line without spaces": "a" * MIB,
    "1 MB line of words glued by punctuation": ("Kếhoạch.12/KH-UBND;" * 60_000)[:MIB],
    "100,000 headings": "".join(f"{i}. Nhiệm vụ số {i}\n" for i in range(1, 100_001)),
    "1 MB line of '1.1.1.'": "1." * (MIB // 2),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_text_parses_in_bounded_time(name: str) -> None:
    # A child process, so a runaway regex is killed at the limit instead of hanging the run.
    code = ("import sys; from kehoach_parser import parse; "
            "p = parse(sys.stdin.buffer.read()); print(len(p.canh_bao))")
    try:
        res = subprocess.run([sys.executable, "-c", code], input=PATHOLOGICAL[name].encode(),
                             capture_output=True, timeout=TIME_LIMIT,
                             env={**os.environ, "PYTHONPATH": str(SRC)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: not parsed in {TIME_LIMIT} s")
    assert res.returncode == 0, res.stderr.decode()[-2000:]
