"""`netmap report`: one shareable page (HTML, or Markdown with its figures) about the network."""

from __future__ import annotations

from pathlib import Path

import click

from netmap.cli._base import cli
from netmap.cli._graph import graph_options, load_graph
from netmap.report_safety import terminal_text

__all__ = ["report"]


@cli.command("report")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="report.html (one self-contained page) or report.md (figures in report_files/).",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="TEXT",
    help="Someone to meet: a person, organisation or circle (repeatable).",
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="Replace every name by a label (P001...) and leave organisations out.",
)
@click.option("--seed", default=0, show_default=True, help="Layout seed of the figures.")
@graph_options
@click.pass_context
def report(ctx, output, targets, pseudonymise, seed, graph_path, ego_node, declared_only) -> None:
    """Write a page to share: circles, reach, weak ties and whom to ask, with figures.

    The HTML page is one file that loads nothing and runs no script: figures are inline
    SVG, and it reads well on a phone, so it can be mailed to a careers adviser as it is.
    With -o report.md, the same page is written as Markdown, its figures as SVG files in
    report_files/ beside it. Each measure comes with a short paragraph saying what it
    means. --pseudonymise replaces names by labels first, for a projector or a shared
    screen; targets are then circles or labels.

    \b
    Examples:
        netmap report -o report.html
        netmap report -o report.html --target "Acme Industries" --target internship
        netmap report -o report.md --pseudonymise
        netmap report -o ego107.html --graph facebook_combined.txt --ego 107
    """
    from netmap.report import write_atomic_many
    from netmap.report_page import report_files, report_page

    G = load_graph(ctx, graph_path, ego_node, declared_only)
    page = report_page(G, targets=targets, pseudonymise=pseudonymise, seed=seed)
    files = report_files(page, output)
    folder = Path(output).parent
    # All files are written before any is renamed, the page (which links the figures) last.
    page_name = Path(output).name
    ordered = {folder / r: t for r, t in files.items() if r != page_name}
    ordered[folder / page_name] = files[page_name]
    write_atomic_many(ordered, make_folders=True)
    for warning in page["warnings"]:
        click.echo(terminal_text(f"Warning: {warning}"), err=True)
    figures = len(files) - 1
    extra = f" and {figures} figure{'s' * (figures != 1)}" if figures else ""
    click.echo(f"Wrote {output}{extra}", err=True)
