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
    if updating(config):
        return  # run every case for real: the list is being rewritten from the results
    for item in items:
        m = item.get_closest_marker("case")
        if m is None:
            continue
        reason = known_failure_reason(str(m.args[0]), str(m.args[1]))
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))


# -- rewriting the list: KEHOACH_UPDATE_KNOWN_FAILURES=1 pytest tests/test_samples.py ... -----

UPDATE_ENV = "KEHOACH_UPDATE_KNOWN_FAILURES"
_RESULTS = pytest.StashKey[dict[tuple[str, str], str | None]]()
_STAGE = {
    "van_ban": "header", "cau_truc": "headings", "muc_tieu": "sections", "yeu_cau": "sections",
    "chi_tieu": "sections", "nhiem_vu": "sections", "kinh_phi": "sections",
    "to_chuc_thuc_hien": "sections", "phu_luc": "tables", "phu_luc_bang": "tables",
}


def updating(config: pytest.Config) -> bool:
    import os

    return os.environ.get(UPDATE_ENV) == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    if not updating(item.config):
        return
    m = item.get_closest_marker("case")
    report = outcome.get_result()
    if m is None or report.skipped or (report.when != "call" and report.passed):
        return
    results = item.config.stash.setdefault(_RESULTS, {})
    key = (str(m.args[0]), str(m.args[1]))
    if report.failed:
        results[key] = _short(str(call.excinfo.value) if call.excinfo else "failed")
    else:
        results.setdefault(key, None)


def _short(msg: str) -> str:
    """A failure message cut to what a reader of the list needs."""
    msg = msg.split("\n")[0]
    if m := re.search(r"expected (\d+) items, got (\d+)|expected >= (\d+), got (\d+)", msg):
        if m.group(1):
            return f"{m.group(2)} items, {m.group(1)} expected"
        return f"{m.group(4)} items, at least {m.group(3)} expected"
    if m := re.search(r": expected (.*), got (.*)$", msg):
        want, got = m.group(1), m.group(2)
        if len(got) <= 50 and len(want) <= 50:
            return f"got {got}, expected {want}"
        i = 0
        while i < min(len(got), len(want)) and got[i] == want[i]:
            i += 1
        a = max(0, i - 20)

        def cut(x: str) -> str:
            return ("…" if a else "") + x[a : i + 25] + ("…" if i + 25 < len(x) else "")

        return f"got {cut(got)} where {cut(want)} expected"
    for needle, text in (("not in the output", "not in the output"),
                         ("does not contain", "expected text not found"),
                         ("no item contains", "expected text not found"),
                         ("printed but came out empty", "printed but comes out empty"),
                         ("raised", msg.split(": ", 1)[-1][:120])):
        if needle in msg:
            return text
    if "top-level headings" in msg:
        return "roots are " + msg.split(": ", 1)[-1][:100]
    return msg[:120]


def _entries(sample: str, paths: dict[str, str | None]) -> list[tuple[str, list[str]]]:
    """The coarsest '*' patterns that cover exactly the failing cases of one sample."""
    failing = {p for p, m in paths.items() if m is not None}
    if failing and failing == set(paths) and not sample.startswith("seed/"):
        return [("*", sorted(failing))]
    out: list[tuple[str, list[str]]] = []
    covered: set[str] = set()
    for p in sorted(failing, key=lambda x: (len(re.split(r"[.\[]", x)), x)):
        if p in covered:
            continue
        toks = re.split(r"(?=[.\[#@])", p)
        chosen = p
        for k in range(1, len(toks)):
            pat = "".join(toks[:k]) + toks[k][0] + "*"
            under = {q for q in paths if _glob(pat).match(q)}
            if under and under <= failing:
                chosen = pat if len(under) > 1 else next(iter(under))
                break
        under = {q for q in paths if _glob(chosen).match(q)}
        covered |= under
        out.append((chosen, sorted(under)))
    return out


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not updating(session.config):
        return
    results = session.config.stash.get(_RESULTS, {})
    if not results:
        return
    by_sample: dict[str, dict[str, str | None]] = {}
    for (s, p), msg in results.items():
        by_sample.setdefault(s, {})[p] = msg
    old = []
    if KNOWN_FAILURES.is_file():
        old = yaml.safe_load(KNOWN_FAILURES.read_text(encoding="utf-8")) or []
    kept = [e for e in old if str(e["sample"]) not in by_sample]  # samples not run this time
    old_reason = {(str(e["sample"]), str(e["path"])): str(e["reason"]) for e in old}
    lines = [
        "# Cases that fail with the current pipeline; tests/conftest.py runs them as",
        "# xfail(strict=True), so a case that starts passing fails the run until its entry goes.",
        "# path: the case id after '<sample>:'; '*' matches anything, nothing else is special.",
        f"# Rewrite from a run: {UPDATE_ENV}=1 pytest tests/test_samples.py tests/test_seeds.py",
        "# (reasons of entries that stay are kept; new ones are made from the failure message).",
        "",
    ]
    entries = [(str(e["sample"]), str(e["path"]), str(e["reason"])) for e in kept]
    for s in sorted(by_sample):
        for pat, under in _entries(s, by_sample[s]):
            reason = old_reason.get((s, pat))
            if reason is None:
                msgs: dict[str, int] = {}
                for q in under:
                    m = by_sample[s][q] or ""
                    msgs[m] = msgs.get(m, 0) + 1
                top = re.split(r"[.\[#@*]", pat)[0]
                common = sorted(msgs, key=lambda m: -msgs[m])[:2]
                why = "; ".join(common)
                if top == "phu_luc" and set(msgs) == {"not in the output"}:
                    why = "row not found in the output"
                reason = (f"every case fails: {why}" if pat == "*"
                          else f"{_STAGE.get(top, 'pipeline')}: {why}")
            entries.append((s, pat, reason))
    for s, pat, reason in entries:
        lines += [f"- sample: {s}", f"  path: {json.dumps(pat, ensure_ascii=False)}",
                  f"  reason: {json.dumps(reason, ensure_ascii=False)}"]
    KNOWN_FAILURES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    known_failures.cache_clear()
