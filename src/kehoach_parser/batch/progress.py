"""Progress on stderr: a live bar on a terminal, plain periodic lines in a log, and a summary.

Sources are read lazily, so the total is known only when it is cheap to count beforehand
(``sources.count``: folders and zips); then the terminal shows a bar and the time left,
otherwise a running count and the rate.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

TTY_INTERVAL = 0.2  # seconds between redraws of the live line
LOG_INTERVAL = 10.0  # seconds between plain lines when stderr is a file or a pipe
BAR_WIDTH = 24


def documents(n: int) -> str:
    return f"{n} document" + ("" if n == 1 else "s")


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else 0.0


class Progress:
    def __init__(self, quiet: bool = False, stream: TextIO | None = None,
                 total: int | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total  # documents expected, skipped ones included; None when unknown
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.start = time.monotonic()
        self._last = self.start
        self._drawn = False

    def update(self, done: int, failed: int, skipped: int) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if now - self._last < (TTY_INTERVAL if self.tty else LOG_INTERVAL):
            return
        self._last = now
        n, elapsed = done + failed, now - self.start
        speed = rate(n, elapsed)
        counts = f"({failed} failed" + (f", {skipped} skipped" if skipped else "") + ")"
        if self.total:
            seen = min(n + skipped, self.total)
            full = BAR_WIDTH * seen // self.total
            left = (self.total - seen) / speed if speed else 0.0
            text = (f"kehoach: [{'#' * full}{'.' * (BAR_WIDTH - full)}] {seen}/{self.total} "
                    f"{counts}, {speed:.1f}/s, {left:.0f} s left")
        else:
            text = f"kehoach: {documents(n)} {counts}, {speed:.1f}/s, {elapsed:.0f} s"
        if self.tty:
            self.stream.write(f"\r{text}\x1b[K")
            self._drawn = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self, lines: list[str]) -> None:
        """Clear the live line and print the summary ``lines``."""
        if self.quiet:
            return
        if self._drawn:
            self.stream.write("\r\x1b[K")
        for line in lines:
            self.stream.write(f"kehoach: {line}\n")
        self.stream.flush()
