"""Errors a user can get, and the exit codes the CLI documents (README, "Exit codes")."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: reported as one line, please file it
EXIT_USAGE = 2  # bad arguments (click's own code)
EXIT_INPUT = 3  # an input cannot be read as a plan's text
EXIT_OUTPUT = 4  # the output cannot be written
EXIT_PARTIAL = 5  # batch: some documents failed (their error records are in the output)
EXIT_INTERRUPTED = 130  # Ctrl-C; what was written stays valid
EXIT_BROKEN_PIPE = 141  # the reader closed the pipe (`| head`): as a shell reports SIGPIPE


class KehoachError(Exception):
    """Base class: a one-line message for the user and an exit code."""

    exit_code = EXIT_INTERNAL


class InputError(KehoachError):
    """The input cannot be read as text (binary, empty, undecodable, too large)."""

    exit_code = EXIT_INPUT


class OutputError(KehoachError):
    """The output cannot be written."""

    exit_code = EXIT_OUTPUT
