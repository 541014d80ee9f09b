"""`netmap reach`: how many people are 1, 2, 3 steps away, who opens them, how diverse."""

from __future__ import annotations

import textwrap

import click

from netmap.cli._base import cli, emit, output_options
from netmap.cli._graph import graph_options, load_graph
from netmap.report import frame_rows, render_records, rounded

__all__ = ["reach_"]

_VIEWS = ("reach", "openers", "cover", "diversity")


def _tables(parts: dict, hops: int, top: int) -> str:
    from netmap.analysis.reach import COVER_COLUMNS, OPENER_COLUMNS, REACH_COLUMNS
    from netmap.report import text_table

    second = parts["second"]
    openers = frame_rows(parts["openers"].head(top))
    cover = frame_rows(parts["cover"])
    blocks = [
        f"People within {hops} step(s) of you",
        text_table(frame_rows(parts["reach"]), REACH_COLUMNS),
        "",
        f"Who opens the most of the {second:,} people 2 steps away (unique: nobody else does)",
    ]
    if second:
        blocks.append(text_table(openers, OPENER_COLUMNS))
    else:
        blocks.append(
            "Nobody: everyone in this graph is one of your own contacts "
            "(an address book only holds people you know)."
        )
    if cover:
        blocks += [
            "",
            f"The {len(cover)} contact(s) who together open the most of them (greedy cover)",
            text_table(rounded(cover), COVER_COLUMNS),
            textwrap.fill(
                parts["guarantee"]
                + " optimum_bound: the most that the best `step` contacts could open.",
                width=100,
            ),
        ]
    columns = list(parts["diversity"].columns)
    blocks += [
        "",
        "Diversity of the people within each distance (circle shares; blank: undefined)",
        text_table(rounded(frame_rows(parts["diversity"])), columns),
    ]
    return "\n".join(blocks)


@cli.command("reach")
@click.option(
    "--hops",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Count people up to this many steps away.",
)
@click.option(
    "--by",
    type=click.Choice(["circle", "organisation"]),
    help="Count per circle or per organisation (a person in several is counted in each).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many openers to list, and how many contacts the greedy cover picks.",
)
@click.option(
    "--show",
    type=click.Choice(_VIEWS),
    help="Only this part: reach (default for CSV and JSON), openers, cover, diversity.",
)
@graph_options
@output_options
@click.pass_context
def reach_(ctx, hops, by, top, show, graph_path, ego_node, declared_only, fmt, output) -> None:
    """How many people you can reach in 1, 2, 3 steps, and through whom.

    Counts the people 1, 2 ... --hops steps away (in all, or --by circle or organisation);
    the contacts who open the most people you do not know directly ("unique": those nobody
    else of yours leads to); the --top contacts who together open the most of them, picked
    greedily, which always reaches at least 1 - 1/e (63%) of what the best choice would
    (Nemhauser, Wolsey & Fisher 1978); and how diverse the people within each distance are
    (distinct circles and organisations, Blau index, IQV and Shannon entropy of circle
    shares, a person in several circles split equally between them, untagged people left
    out). Organisation nodes are not people: reach never walks through them.

    The table shows every part; CSV and JSON give the reach rows (hops, group, count,
    cumulative) unless --show picks another part.

    \b
    Examples:
        netmap reach
        netmap reach --by circle --hops 2
        netmap reach --show openers --top 10 --format csv -o openers.csv
        netmap reach --graph facebook_combined.txt --ego 107 --show cover --format json
    """
    from netmap.analysis.reach import (
        COVER_COLUMNS,
        GREEDY_GUARANTEE,
        OPENER_COLUMNS,
        REACH_COLUMNS,
        reach_analysis,
    )

    G = load_graph(ctx, graph_path, ego_node, declared_only)
    parts = reach_analysis(G, hops=hops, by=by, top=top)
    if show is None and fmt == "table":
        emit(_tables(parts, hops, top), output)
        return
    show = show or "reach"
    df = parts[show]
    if show == "openers":
        df = df.head(top)
    columns = {
        "reach": REACH_COLUMNS,
        "openers": OPENER_COLUMNS,
        "cover": COVER_COLUMNS,
        "diversity": list(df.columns),
    }[show]
    rows = frame_rows(df)
    emit(render_records(rounded(rows) if fmt == "table" else rows, columns, fmt), output)
    if show == "cover":
        click.echo(GREEDY_GUARANTEE, err=True)
