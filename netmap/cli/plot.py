"""`netmap plot`: draw the circles, the network, introduction routes or reach to a file."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from netmap.cli._base import cli
from netmap.cli._graph import graph_options, load_graph

__all__ = ["plot"]

_SUFFIXES = (".png", ".svg", ".pdf")


def _check_suffix(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if Path(value).suffix.lower() not in _SUFFIXES:
        raise click.BadParameter(
            f"{value!r} does not end in .png, .svg or .pdf (the format comes from the suffix)",
            ctx=ctx,
            param=param,
        )
    return value


def figure_options(func):
    """``-o FILE`` (required), ``--seed`` and the graph options, shared by the plot commands."""

    @click.option("-o", "--output", required=True, callback=_check_suffix,
                  type=click.Path(dir_okay=False, writable=True),
                  help="The file to write: .png, .svg or .pdf.")  # fmt: skip
    @click.option("--seed", default=0, show_default=True, type=int,
                  help="Seed of the layout and pseudonyms: same seed, same figure.")  # fmt: skip
    @graph_options
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


_PSEUDONYMISE = click.option(
    "--pseudonymise", is_flag=True, help="Label people P001, P002... instead of their names."
)


def _draw(ctx: click.Context, output: str, draw, graph_path, ego_node, declared_only) -> None:
    """Load the graph, draw with ``draw(G)``, save to ``output`` and say so on stderr."""
    from netmap.plot import close, headless, save

    headless()
    G = load_graph(ctx, graph_path, ego_node, declared_only)
    ax = draw(G)
    try:
        save(ax, output)
    finally:
        close(ax)
    click.echo(f"Wrote {output}", err=True)


@cli.group("plot")
def plot() -> None:
    """Draw your network to a PNG, SVG or PDF file (the format comes from the suffix).

    \b
    Examples:
        netmap plot circles -o circles.png
        netmap plot network -o network.svg --pseudonymise
        netmap plot intro "Acme Industries" -o intro.png
        netmap plot reach -o reach.pdf
    """


@plot.command("circles")
@figure_options
@_PSEUDONYMISE
@click.option("--max-labels", default=40, show_default=True, type=click.IntRange(min=0),
              help="Name at most this many contacts (the closest of each circle).")  # fmt: skip
@click.pass_context
def circles(ctx, output, seed, graph_path, ego_node, declared_only, pseudonymise, max_labels):
    """You at the centre, one sector per circle, strong ties near the centre.

    People in several circles have a marker split in their circles' colours; contacts in
    no circle have a grey sector. Names are shortened; only the closest contacts of each
    circle are named (--max-labels), the figure says how many are not.

    \b
    Examples:
        netmap plot circles -o circles.png
        netmap plot circles -o circles.svg --pseudonymise --max-labels 60
        netmap plot circles -o 107.png --graph 107.edges
    """
    from netmap.plot import plot_circles

    _draw(ctx, output, lambda G: plot_circles(G, seed=seed, pseudonymise=pseudonymise,
                                              max_labels=max_labels),
          graph_path, ego_node, declared_only)  # fmt: skip


@plot.command("network")
@figure_options
@_PSEUDONYMISE
@click.option("--max-labels", default=40, show_default=True, type=click.IntRange(min=0),
              help="Name at most this many people (the best connected).")  # fmt: skip
@click.pass_context
def network(ctx, output, seed, graph_path, ego_node, declared_only, pseudonymise, max_labels):
    """The ties between your contacts, coloured by circle.

    Local bridges (two people with no mutual contact) are thick and black, weak ties
    (strength under 0.3) dashed. You, tied to everyone, are left out.

    \b
    Examples:
        netmap plot network -o network.svg
        netmap plot network -o network.png --pseudonymise --seed 3
        netmap plot network -o 107.png --graph 107.edges
    """
    from netmap.plot import plot_network

    _draw(ctx, output, lambda G: plot_network(G, seed=seed, pseudonymise=pseudonymise,
                                              max_labels=max_labels),
          graph_path, ego_node, declared_only)  # fmt: skip


@plot.command("intro")
@click.argument("target")
@figure_options
@_PSEUDONYMISE
@click.option("--top", default=3, show_default=True, type=click.IntRange(min=1),
              help="How many routes at most.")  # fmt: skip
@click.option("--max-hops", default=3, show_default=True, type=click.IntRange(min=1),
              help="The longest chain, in steps.")  # fmt: skip
@click.pass_context
def intro(ctx, target, output, seed, graph_path, ego_node, declared_only, pseudonymise, top,
          max_hops):  # fmt: skip
    """The best chains of introductions to TARGET, over your faded network.

    TARGET is a person, an organisation, a circle or a keyword, as for `netmap intro`.

    \b
    Examples:
        netmap plot intro "Acme Industries" -o intro.png
        netmap plot intro "Marc Petit" -o intro.svg --top 5 --pseudonymise
    """
    from netmap.plot import plot_intro

    _draw(ctx, output, lambda G: plot_intro(G, target, seed=seed, top=top, max_hops=max_hops,
                                            pseudonymise=pseudonymise),
          graph_path, ego_node, declared_only)  # fmt: skip


@plot.command("reach")
@figure_options
@click.option("--hops", default=3, show_default=True, type=click.IntRange(min=1),
              help="The largest distance, in steps.")  # fmt: skip
@click.option("--by", type=click.Choice(["circle", "organisation", "all"]), default="circle",
              show_default=True,
              help="One bar per circle, per organisation, or one in all.")  # fmt: skip
@click.pass_context
def reach(ctx, output, seed, graph_path, ego_node, declared_only, hops, by):
    """How many people are 1, 2, 3 steps away, one bar per circle.

    \b
    Examples:
        netmap plot reach -o reach.png
        netmap plot reach -o reach.svg --by organisation --hops 2
        netmap plot reach -o 107.png --graph 107.edges
    """
    from netmap.plot import plot_reach

    del seed  # reach has no layout: accepted so every plot command takes the same options
    _draw(ctx, output, lambda G: plot_reach(G, hops=hops, by=by),
          graph_path, ego_node, declared_only)  # fmt: skip
