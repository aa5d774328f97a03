"""The CLI: formats, output files, errors as one line with documented exit codes."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kehoach_parser import errors
from kehoach_parser.cli import main

PLAN = "KẾ HOẠCH\nCải cách hành chính năm 2026\nI. MỤC TIÊU\nNâng cao chất lượng.\n"


def _plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_parse_json_yaml_md(tmp_path: Path) -> None:
    path = str(_plan_file(tmp_path))
    runner = CliRunner()
    as_json = json.loads(runner.invoke(main, ["parse", path, "--json"]).output)
    assert as_json["van_ban"]["loai_van_ban"] == "KẾ HOẠCH"
    assert as_json["nguon"]["tep"] == "plan.txt"
    as_yaml = yaml.safe_load(runner.invoke(main, ["parse", path, "--yaml"]).output)
    assert as_yaml["cau_truc"][0]["so"] == "I"
    assert "# KẾ HOẠCH" in runner.invoke(main, ["parse", path, "--md"]).output


@pytest.mark.parametrize("flags", [["--yaml", "--md"], ["--json", "--tasks", "csv"],
                                   ["--md", "--tasks", "jsonl"]])
def test_conflicting_output_formats_are_a_usage_error(tmp_path: Path, flags: list[str]) -> None:
    result = CliRunner().invoke(main, ["parse", str(_plan_file(tmp_path)), *flags])
    assert result.exit_code == errors.EXIT_USAGE
    assert "choose one output format" in result.output


def test_parse_stdin() -> None:
    result = CliRunner().invoke(main, ["parse", "-", "--no-restore"], input=PLAN.encode())
    assert result.exit_code == 0
    assert json.loads(result.output)["nguon"]["tep"] is None


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["parse", str(_plan_file(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "plan.txt"]
    assert not list(tmp_path.glob(".out.json.*"))  # no temporary file left behind


def test_missing_file_is_one_line_and_exit_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == errors.EXIT_INPUT
    assert result.output.count("\n") == 1 and result.output.startswith("kehoach: ")


@pytest.mark.parametrize("command", ["parse", "restore"])
def test_folder_as_input_is_one_line_and_exit_3(tmp_path: Path, command: str) -> None:
    result = CliRunner().invoke(main, [command, str(tmp_path)])
    assert result.exit_code == errors.EXIT_INPUT
    assert result.output.count("\n") == 1 and result.output.startswith(f"kehoach: cannot read {tmp_path}")


def test_unwritable_output_is_exit_4(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "out.json"
    result = CliRunner().invoke(main, ["parse", str(_plan_file(tmp_path)), "-o", str(out)])
    assert result.exit_code == errors.EXIT_OUTPUT
    assert "Traceback" not in result.output


def test_output_that_is_a_folder_is_exit_4_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "adir"
    folder.mkdir()
    result = CliRunner().invoke(main, ["parse", str(_plan_file(tmp_path)), "-o", str(folder),
                                       "--no-restore"])
    assert result.exit_code == errors.EXIT_OUTPUT
    assert result.output == f"kehoach: cannot write {folder}: Is a directory\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "plan.txt"]  # no temp file
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc")
def test_output_in_a_folder_that_takes_no_files_says_so() -> None:
    result = CliRunner().invoke(main, ["parse", "-", "-o", "/proc/version", "--no-restore"],
                                input=PLAN.encode())
    assert result.exit_code == errors.EXIT_OUTPUT
    assert result.output == "kehoach: cannot write /proc/version: no file can be created in /proc\n"


def test_restore_keeps_lines(tmp_path: Path) -> None:
    path = tmp_path / "ocr.txt"
    lines = ["Ké hoach s6 12/KH-UBND", "", "t6 chirc thuc hién", "UBND huyén"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["restore", str(path)])
    assert result.exit_code == 0
    assert len(result.output.split("\n")) == len(lines) + 1
    explained = CliRunner().invoke(main, ["restore", "--explain", str(path)])
    changes = json.loads(explained.output)
    assert all(
        {"line", "column", "original", "replacement", "confidence", "reason"} <= set(c)
        for c in changes
    )


def test_restore_warns_when_the_encoding_was_guessed(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    # Windows-1258 (a guessed encoding): letters precomposed, tone marks combining.
    tones = "\u0300\u0301\u0303\u0309\u0323"
    data = b""
    for ch in "Kế hoạch cải cách hành chính của huyện năm 2024\n":
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        data += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["restore", str(path)])
    assert result.exit_code == 0
    assert result.stdout.startswith("Kế hoạch cải cách")
    assert result.stderr.startswith("kehoach: warning: legacy_encoding: old.txt: not Unicode")
