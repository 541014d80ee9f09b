"""What every netmap command shares: the group, error handling, output options."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

import click

from netmap import __version__

__all__ = [
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "cli",
    "emit",
    "open_store",
    "output_options",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT
EXIT_TERMINATED = 143  # SIGTERM: 128 + SIGTERM, after the same clean-up as Ctrl-C


#: Errors of the system the user can fix (disk full, permissions): one line, never a traceback.
_USER_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO}
)


def _invoke(invoke, ctx: click.Context) -> Any:
    """Run a command's ``invoke``, turning library errors into one line and an exit code."""
    import sqlite3

    from netmap.errors import NetmapError
    from netmap.report_safety import terminal_text
    from netmap.store import Store

    commits = Store.commits
    try:
        return invoke(ctx)
    except NetmapError as exc:
        # The message may quote data (a name, a line): never let it drive the terminal.
        raise click.ClickException(terminal_text(str(exc))) from None
    except KeyboardInterrupt:
        terminated = bool(_received)
        _received.clear()
        what = "Terminated" if terminated else "Interrupted"
        if Store.commits == commits:
            click.echo(f"{what}: the workspace is as it was before this command.", err=True)
        else:  # the signal came after the change was committed: it is kept, whole
            click.echo(
                f"{what} after this command had saved its change to the workspace (kept); "
                "its output may be incomplete.",
                err=True,
            )
        ctx.exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        ctx.exit(EXIT_OK)
    except MemoryError:
        raise click.ClickException(
            "out of memory: this workspace or graph is too large for this machine; close other "
            "programs, use --declared-only or a smaller --graph, or run on a machine with more "
            "memory (the workspace and any previous output are as they were)"
        ) from None
    except UnicodeEncodeError as exc:
        # Bytes that are not UTF-8 on the command line reach Python as lone surrogates;
        # a file name may be such bytes, a name or a search text cannot be stored or compared.
        if exc.reason != "surrogates not allowed":
            raise
        raise click.ClickException(
            "an argument is not valid UTF-8 text; type names and search text in UTF-8 "
            "(check your terminal's or script's encoding)"
        ) from None
    except OSError as exc:
        # A safety net: writers raise OutputError themselves (netmap.report.write_atomic).
        if exc.errno not in _USER_ERRNOS:
            raise
        from netmap.report import output_error

        message = str(output_error(exc, exc.filename or "a file"))
        raise click.ClickException(terminal_text(message)) from None
    except sqlite3.OperationalError as exc:
        # A safety net: writes raise StoreError themselves (netmap.store.Store.write).
        from netmap.store import store_error

        path = (ctx.find_root().obj or {}).get("db", "the workspace")
        error = store_error(exc, path)
        if error.message == f"{path}: {exc}":
            raise  # not one the user can act on: a bug, to report with its traceback
        raise click.ClickException(terminal_text(str(error))) from None


#: Signals received while a command ran (SIGTERM is turned into KeyboardInterrupt).
_received: list[int] = []


@contextlib.contextmanager
def _terminate_like_interrupt() -> Iterator[None]:
    """Let SIGTERM unwind like Ctrl-C: transactions roll back, temporary files go.

    Only in the main thread of the process that installed it; forked workers that inherit
    the handler die as usual.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pid = os.getpid()

    def handler(signum, frame):
        if os.getpid() != pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        _received.append(signum)
        raise KeyboardInterrupt

    _received.clear()
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class NetmapCommand(click.Command):
    """A command whose library errors become one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        return _invoke(super().invoke, ctx)


class NetmapGroup(click.Group):
    """A group whose own callback, like its commands, reports library errors in one line."""

    command_class = NetmapCommand
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.parent is not None:
            return _invoke(super().invoke, ctx)
        with _terminate_like_interrupt():
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


def _on_terminal() -> bool:
    """Whether stdout is a terminal (a function, so that tests can pretend it is)."""
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


def emit(text: str, output: str = "-") -> None:
    """Write a command's data to stdout or, atomically, to a file.

    A pipe gets the data exactly (click would strip escape sequences from it); a terminal
    gets nothing it could act on: control characters and bidi overrides are shown as
    U+FFFD (:func:`netmap.report_safety.terminal_text`).
    """
    if output == "-":
        from netmap.report_safety import terminal_text

        click.echo(terminal_text(text) if _on_terminal() else text, color=True)
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
    130 interrupted (Ctrl-C), 143 terminated (SIGTERM).

    \b
    Quick start:
        netmap init --me "Camille Durand"
        netmap import data/samples/*.vcf data/samples/*.csv
        netmap contacts
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
