"""``--resume``: what a previous run already parsed, by the sha256 of each input's bytes.

Only parsed documents count: error records are dropped from the output and their inputs
tried again, so each input still appears exactly once. The match is by content, not by
path, so a resumed run may name its inputs differently (relative or absolute, moved); a
count is kept per sha256 so two inputs with the same bytes are both accounted for.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def parsed_sha256(record: Any) -> str | None:
    """The sha256 of a parsed document's record; None for error records and anything else."""
    if not isinstance(record, dict) or "error" in record:
        return None
    nguon = record.get("nguon")
    sha = nguon.get("sha256") if isinstance(nguon, dict) else None
    return sha if isinstance(sha, str) else None


def previous_jsonl(path: str) -> Iterator[tuple[str, str]]:
    """Each parsed document's line in a previous JSONL output, with its sha256, streamed."""
    if path == "-" or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                sha = parsed_sha256(json.loads(line))
            except ValueError:
                continue  # not a record (edited by hand?): that document is parsed again
            if sha is not None:
                yield (line if line.endswith("\n") else line + "\n"), sha


def previous_folder(folder: Path) -> Counter[str]:
    """The sha256s of the parsed documents in a previous folder output; removes its errors."""
    done: Counter[str] = Counter()
    for p in sorted(folder.glob("*.json")):
        if p.name.endswith(".error.json"):
            p.unlink()  # tried again now, so it must not be accounted for twice
            continue
        try:
            sha = parsed_sha256(json.loads(p.read_text(encoding="utf-8")))
        except (ValueError, OSError):
            continue
        if sha is not None:
            done[sha] += 1
    return done


class Skipper:
    """Skip an input whose bytes a previous run parsed, once per time it was parsed."""

    def __init__(self, done: Counter[str]) -> None:
        self._left = done

    def skip(self, sha256: str | None) -> bool:
        if sha256 is None or self._left[sha256] <= 0:
            return False
        self._left[sha256] -= 1
        return True
