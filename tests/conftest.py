"""Shared fixtures: where /work/shared is, the committed JSON Schema, and known failures.

Golden and seed tests tag each case with ``@pytest.mark.case(sample, path)``. The hook below
reads ``samples/known_failures.yaml`` and marks every case it lists ``xfail(strict=True)``:
a listed case that starts passing fails the run (XPASS strict), so the list has to be pruned
when a fix lands instead of silently hiding a working feature.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
KNOWN_FAILURES = SAMPLES / "known_failures.yaml"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "case(sample, path): a golden case, matched against known_failures.yaml"
    )


@cache
def schema_path() -> Path | None:
    """The committed JSON Schema of the output, or None when it is not committed yet."""
    try:
        import kehoach_parser
    except ImportError:
        return None
    p = Path(kehoach_parser.__file__).resolve().parent / "schema.json"
    return p if p.is_file() else None


@cache
def load_schema() -> dict[str, Any] | None:
    p = schema_path()
    return None if p is None else json.loads(p.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def schema() -> dict[str, Any] | None:
    return load_schema()


def validate_against_schema(data: Any) -> None:
    """Validate a plan's JSON against the committed schema; skip when there is none."""
    sch = load_schema()
    if sch is None:
        pytest.skip("src/kehoach_parser/schema.json is not committed yet")
    import jsonschema

    jsonschema.validate(data, sch)


# -- known failures -------------------------------------------------------------------------


def _glob(pattern: str) -> re.Pattern[str]:
    """Only '*' is special (any characters); brackets and dots in paths stay literal."""
    return re.compile("^" + ".*".join(re.escape(p) for p in pattern.split("*")) + "$")


@cache
def known_failures() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    if not KNOWN_FAILURES.is_file():
        return ()
    entries = yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or []
    out = []
    for e in entries:
        out.append((_glob(str(e["sample"])), _glob(str(e["path"])), str(e["reason"])))
    return tuple(out)


def known_failure_reason(sample: str, path: str) -> str | None:
    for s, p, reason in known_failures():
        if s.match(sample) and p.match(path):
            return reason
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        m = item.get_closest_marker("case")
        if m is None:
            continue
        reason = known_failure_reason(str(m.args[0]), str(m.args[1]))
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
