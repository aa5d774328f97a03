"""Errors a user can get, each with the exit code the CLI documents."""

from __future__ import annotations


class KehoachError(Exception):
    """Base class: a one-line message for the user and an exit code."""

    exit_code = 1


class InputError(KehoachError):
    """The input cannot be read as text (binary, empty, undecodable, too large)."""

    exit_code = 3


class OutputError(KehoachError):
    """The output cannot be written."""

    exit_code = 4
