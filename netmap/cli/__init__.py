"""The netmap command line: parse, call one library function, render.

Commands live in one module per family (``workspace``, ``dedupe``...), each registering on the
group defined in ``_base``; importing this package imports them all. Only click is imported at
start-up, so ``netmap --help`` answers at once.
"""

from __future__ import annotations

# Importing each command module registers its commands on the group.
from netmap.cli import (  # noqa: F401
    batch,
    brokerage,
    circles,
    dedupe,
    export,
    intro,
    plot,
    reach,
    report,
    summary,
    ties,
    weak_ties,
    workspace,
)
from netmap.cli._base import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, cli

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "cli", "main"]


def main() -> None:
    """Entry point of the ``netmap`` console script."""
    cli(prog_name="netmap")
