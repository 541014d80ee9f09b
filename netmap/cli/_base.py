"""What every netmap command shares: the group, error handling, output options."""

from __future__ import annotations

import functools
import sys
from typing import Any

import click

from netmap import __version__

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "cli",
    "emit",
    "open_store",
    "output_options",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _invoke(invoke, ctx: click.Context) -> Any:
    """Run a command's ``invoke``, turning library errors into one line and an exit code."""
    from netmap.errors import NetmapError

    try:
        return invoke(ctx)
    except NetmapError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("Interrupted: the workspace is as it was before this command.", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        ctx.exit(EXIT_OK)


class NetmapCommand(click.Command):
    """A command whose library errors become one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke(super().invoke, ctx)


class NetmapGroup(click.Group):
    """A group whose own callback, like its commands, reports library errors in one line."""

    command_class = NetmapCommand
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke(super().invoke, ctx)


def open_store(ctx: click.Context):
    """The workspace named by ``--db`` / ``$NETMAP_DB``."""
    from netmap.store import Store

    return Store(ctx.obj["db"])


def output_options(func):
    """``--format table|csv|json`` and ``-o/--output`` (default stdout), shared by commands."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, allow_dash=True),
        default="-",
        help="Write to this file instead of stdout (written atomically).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def emit(text: str, output: str = "-") -> None:
    """Write a command's data to stdout or, atomically, to a file."""
    if output == "-":
        click.echo(text)
        return
    from netmap.report import write_atomic

    write_atomic(output, text + "\n")
    click.echo(f"Wrote {output}", err=True)


@click.group(cls=NetmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="netmap")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="NETMAP_DB",
    default="netmap.db",
    show_default=True,
    help="The workspace file (also $NETMAP_DB).",
)
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """netmap: turn your contact exports into a network you can reason about.

    Exit codes: 0 ok, 1 error (a one-line message on stderr), 2 wrong usage,
    130 interrupted.

    \b
    Quick start:
        netmap init --me "Camille Durand"
        netmap import data/samples/*.vcf data/samples/*.csv
        netmap contacts
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
