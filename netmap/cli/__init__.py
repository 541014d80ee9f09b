"""The netmap command line: parse, call one library function, render.

Commands live in one module per family (``workspace``, ``dedupe``...), each registering on the
group defined in ``_base``; importing this package imports them all. Only click is imported at
start-up, so ``netmap --help`` answers at once.
"""

from __future__ import annotations

from netmap.cli import dedupe, workspace  # noqa: F401  (registers the commands)
from netmap.cli._base import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, cli

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "cli", "main"]


def main() -> None:
    """Entry point of the ``netmap`` console script."""
    cli(prog_name="netmap")
