"""Fuzz ``kehoach_parser.parse`` with atheris (coverage-guided, libFuzzer).

Any bytes must give a model that validates again, or an ``InputError``; anything else (an
exception, a hang past ``-timeout``, a crash) is a finding, saved by libFuzzer as
``crash-*`` / ``timeout-*`` in the current folder. Not run in CI.

    pip install atheris
    mkdir -p /tmp/fuzz-corpus && cp samples/*.txt /tmp/fuzz-corpus/   # optional seeds
    PYTHONPATH=src python tools/fuzz_parse.py /tmp/fuzz-corpus -max_total_time=600 -timeout=20
"""

from __future__ import annotations

import sys

try:
    import atheris
except ImportError:
    sys.exit("tools/fuzz_parse.py needs atheris: pip install atheris")

with atheris.instrument_imports():
    from kehoach_parser import KeHoach, errors, parse


def test_one_input(data: bytes) -> None:
    try:
        plan = parse(data)
    except errors.InputError:
        return
    KeHoach.model_validate(plan.model_dump(mode="json"))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
