"""The intro command: whom to ask for an introduction to a person, organisation or circle."""

from __future__ import annotations

import click

from netmap.cli._base import cli, emit, output_options
from netmap.cli._graph import graph_options, load_graph
from netmap.report_safety import terminal_text

__all__ = ["intro"]


def _percent(p: float) -> str:
    return f"{p * 100:.0f}%" if p >= 0.1 else f"{p * 100:.2g}%"


def _blocks(rows: list[dict]) -> str:
    """The routes as numbered paragraphs: the person to ask, the chance, the chain, why."""
    lines = []
    for r in rows:
        steps = f"{r['hops']} step{'s' * (r['hops'] != 1)}"
        lines.append(f"{r['rank']}. {r['via']}  {_percent(r['probability'])}  ({steps}: "
                     + " → ".join(r["path"]) + ")")  # fmt: skip
        lines.append(f"   {r['reason']}")
    return "\n".join(lines)


@cli.command("intro")
@click.argument("target")
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=1),
              help="How many people to suggest at most.")  # fmt: skip
@click.option("--max-hops", default=3, show_default=True, type=click.IntRange(min=1),
              help="The longest chain, in steps (knowing the target directly is 1).")  # fmt: skip
@click.option(
    "--hop-probability",
    type=click.FloatRange(0, 1, min_open=True),
    help="Chance that one step with an average tie works  [default: 0.36, from the "
    "small-world experiment of Dodds, Muhamad & Watts 2003].",
)
@graph_options
@output_options
@click.pass_context
def intro(
    ctx, target, top, max_hops, hop_probability, graph_path, ego_node, declared_only, fmt, output
) -> None:
    """Whom to ask for an introduction to TARGET, best chance first.

    TARGET is a person (a name, part of a name, or a node id), an organisation, a circle or
    any keyword; the first of these that matches is used, and said on stderr. Each
    suggestion is a chain of people who know each other, at most --max-hops steps long;
    its chance is the product of its steps' chances, each from the tie's strength (an
    average tie: 36% per step). Alternatives share nobody in the middle, so they fail
    independently: asking several raises the chance that one works (the `cumulative`
    column).

    \b
    Examples:
        netmap intro "Marc Petit"
        netmap intro "Acme Industries" --top 10
        netmap intro internship --format json
        netmap intro 1912 --graph facebook_combined.txt --ego 107 --max-hops 4
    """
    from netmap.analysis.introductions import COLUMNS, introductions
    from netmap.report import render_records

    G = load_graph(ctx, graph_path, ego_node, declared_only)
    options = {} if hop_probability is None else {"hop_probability": hop_probability}
    df = introductions(G, target, top=top, max_hops=max_hops, **options)
    click.echo(terminal_text(df.attrs["understood"]), err=True)
    rows = df.to_dict("records")
    if fmt == "table":
        if rows:
            emit(terminal_text(_blocks(rows)), output)
    else:
        emit(render_records(rows, COLUMNS, fmt), output)
    message = df.attrs["message"]
    nearest = df.attrs["nearest_hops"]
    if not rows and nearest is not None and nearest > max_hops:
        message += f" Try --max-hops {nearest}."
    click.echo(terminal_text(message), err=True)
