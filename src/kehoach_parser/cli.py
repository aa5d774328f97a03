"""The ``kehoach`` command: arguments in, a library call, output out."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click

from . import errors, output
from .batch import BatchOptions, run_batch
from .pipeline import parse_bytes
from .read import MAX_INPUT_BYTES, decode, encoding_warning, read_file
from .restore import restore_and_explain
from .schema import render as render_schema
from .tables.export import write_tasks

FORMATS = {"json": output.to_json, "yaml": output.to_yaml, "md": output.to_markdown}


def _read_input(path: str) -> tuple[bytes, str | None]:
    if path == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), None
    return read_file(path), os.path.basename(path)


def _emit(text: str, out: str | None) -> None:
    if out and out != "-":
        output.write_atomic(out, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _guarded(fn: Callable[..., None]) -> Callable[..., None]:
    """One line on stderr and a documented exit code instead of a traceback."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            fn(*args, **kwargs)
        except click.UsageError:
            raise  # click prints it with the usage line and exits 2
        except errors.KehoachError as exc:
            click.echo(f"kehoach: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kehoach: interrupted", err=True)
            sys.exit(errors.EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, and keep Python from
            # complaining again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(errors.EXIT_BROKEN_PIPE)
        except Exception as exc:  # a bug: still one line, with the type to report
            click.echo(f"kehoach: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(errors.EXIT_INTERNAL)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kehoach-parser")
def main() -> None:
    """Turn Vietnamese administrative-reform plans (Kế hoạch CCHC) into structured data."""


@main.command()
@click.argument("file", type=click.Path(allow_dash=True))
# One flag each, not one shared destination: click keeps only the last of flags sharing
# one, so `--yaml --md` could not be told from `--md` and refused.
@click.option("--json", "as_json", is_flag=True, help="JSON output (default).")
@click.option("--yaml", "as_yaml", is_flag=True, help="YAML output.")
@click.option("--md", "as_md", is_flag=True, help="Markdown output.")
@click.option("--tasks", type=click.Choice(["csv", "jsonl"]), help="Write appendix task rows only.")
@click.option("-o", "--output", "out", type=click.Path(allow_dash=True), help="Output file.")
@click.option("--no-restore", is_flag=True, help="Skip diacritic restoration.")
@_guarded
def parse(file: str, as_json: bool, as_yaml: bool, as_md: bool, tasks: str | None,
          out: str | None, no_restore: bool) -> None:
    """Parse one plan (FILE, or - for stdin)."""
    wanted = {"json": as_json, "yaml": as_yaml, "md": as_md, "tasks": bool(tasks)}
    given = [f"--{flag}" for flag, on in wanted.items() if on]
    if len(given) > 1:
        raise click.UsageError(f"{' and '.join(given)}: choose one output format")
    fmt = next((f for f in ("yaml", "md") if wanted[f]), "json")
    data, name = _read_input(file)
    plan = parse_bytes(data, name, restore=not no_restore)
    if tasks:
        buf = io.StringIO()
        write_tasks([plan], tasks, buf)
        _emit(buf.getvalue(), out)
    else:
        _emit(FORMATS[fmt](plan), out)


@main.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--explain", is_flag=True, help="List every change as JSON instead of the text.")
@click.option("-o", "--output", "out", type=click.Path(allow_dash=True), help="Output file.")
@_guarded
def restore(file: str, explain: bool, out: str | None) -> None:
    """Restore Vietnamese diacritics; the input's lines are kept in number and order."""
    data, name = _read_input(file)
    text, encoding = decode(data)
    warning = encoding_warning(encoding, name)
    if warning:  # the restored text has no place for it, as parse's canh_bao has
        click.echo(f"kehoach: warning: {warning.ma}: {warning.thong_diep}", err=True)
    restored, changes = restore_and_explain(text)
    if explain:
        rows = [dataclasses.asdict(c) for c in changes]
        _emit(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", out)
    else:
        _emit(restored, out)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    sys.stdout.write(render_schema())


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True, help="JSONL/CSV file, a folder, or -.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "dir"]),
    help="Output kind (default: from OUT's extension; a folder for no extension).",
)
@click.option(
    "--glob",
    "pattern",
    default="*.txt",
    show_default=True,
    help="Files to take from folders and archives.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    show_default="the cores this process may use",
    help="Worker processes.",
)
@click.option("--quiet", is_flag=True, help="No progress and no summary on stderr.")
@click.option("--errors", "errors_path", type=click.Path(), help="Also write error records here.")
@click.option("--resume", is_flag=True, help="Skip inputs already in OUT (by sha256).")
@click.option("--no-restore", is_flag=True, help="Skip diacritic restoration.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (with --engine dask).")
@_guarded
def batch(
    inputs: tuple[str, ...],
    out: str,
    fmt: str | None,
    pattern: str,
    jobs: int | None,
    quiet: bool,
    errors_path: str | None,
    resume: bool,
    no_restore: bool,
    engine: str,
    scheduler: str | None,
) -> None:
    """Convert many plans: files, folders, .zip and .tar(.gz|.bz2|.xz) archives."""
    summary = run_batch(
        BatchOptions(
            inputs=list(inputs),
            output=out,
            fmt=fmt,
            glob=pattern,
            jobs=jobs,
            quiet=quiet,
            errors_path=errors_path,
            resume=resume,
            restore=not no_restore,
            engine=engine,
            scheduler=scheduler,
        )
    )
    sys.exit(summary.exit_code)


if __name__ == "__main__":
    main()
