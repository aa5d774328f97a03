"""The JSON Schema of the output, generated from the models.

The committed copy ``schema.json`` is what consumers validate against; regenerate it with
``python -m kehoach_parser.schema`` after changing ``models.py`` (a test fails until you do).
"""

from __future__ import annotations

import json
from pathlib import Path

from .models import SCHEMA_VERSION, KeHoach

SCHEMA_PATH = Path(__file__).with_name("schema.json")


def json_schema() -> dict[str, object]:
    schema = KeHoach.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://kehoach.invalid/schema/kehoach-{SCHEMA_VERSION}.json",
        **schema,
    }


def render() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
