"""The committed JSON Schema is the one the models generate, and it documents every field."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kehoach_parser.cli import main
from kehoach_parser.models import SCHEMA_VERSION, KeHoach
from kehoach_parser.schema import SCHEMA_PATH, json_schema, render


def test_committed_schema_is_current() -> None:
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == render(), (
        "models.py changed without the schema: run `python -m kehoach_parser.schema` "
        "and bump SCHEMA_VERSION if the change is not backward compatible"
    )


def test_schema_is_versioned() -> None:
    assert SCHEMA_VERSION in json_schema()["$id"]  # type: ignore[operator]
    assert KeHoach.model_fields["schema_version"].default == SCHEMA_VERSION


def _properties(schema: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    out = list(schema.get("properties", {}).items())  # type: ignore[union-attr]
    for sub in schema.get("$defs", {}).values():  # type: ignore[union-attr]
        out += list(sub.get("properties", {}).items())
    return out


def test_every_field_has_an_english_description() -> None:
    missing = [name for name, prop in _properties(json_schema()) if not prop.get("description")]
    assert not missing


def test_decree_30_element_names_are_in_descriptions() -> None:
    text = json.dumps(json_schema())
    for name in ("TypeName", "CodeNotation", "IssuedDate", "OrganName", "Subject", "SignerInfo"):
        assert name in text


def test_cli_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()
