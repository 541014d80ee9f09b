"""`netmap brokerage`: structural holes, ego betweenness, brokerage roles across circles."""

from __future__ import annotations

import click

from netmap.cli._base import cli, emit, output_options
from netmap.cli._graph import graph_options, load_graph
from netmap.report import frame_rows, render_records

__all__ = ["brokerage_"]

#: What each measure means, for the ego's table.
MEANINGS = {
    "contacts": "people you are tied to",
    "constraint": "Burt: how tied your contacts are to each other and to you (low: open)",
    "effective_size": "contacts who are not redundant with your other contacts",
    "efficiency": "effective size / contacts",
    "hierarchy": "how much one contact holds the constraint (0 even, 1 all in one)",
    "ego_betweenness": "pairs of contacts who go through you (a shared pair counts in part)",
    "ego_betweenness_normalized": "the same, as a share of all pairs (a star's centre: 1)",
    "betweenness": "share of the shortest paths of the whole graph through you",
    "open_two_paths": "pairs of your contacts who are not tied to each other",
    "only_link_pairs": "of these, pairs with nobody else in common: you are their only link",
    "coordinator": "pairs you link inside a circle you share with both",
    "itinerant": "pairs you link inside a circle you are not in with them",
    "gatekeeper": "pairs you link between your circle and another (or representative)",
    "liaison": "pairs you link between two circles, neither shared with you",
    "unclassified": "pairs where one person is in no circle",
    "ei_index": "ties in your network: -1 all inside circles, +1 all across",
    "blau": "chance that two of your contacts are in different circles",
    "iqv": "Blau rescaled to 0..1 (1: circles equally represented)",
}

#: Columns of the table with --all (CSV and JSON carry every column).
ALL_TABLE = [
    "node",
    "name",
    "contacts",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "ego_betweenness_normalized",
    "betweenness",
    "open_two_paths",
    "gatekeeper",
    "liaison",
    "ei_index",
]


def _cell(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _ego_table(row: dict) -> str:
    from netmap.report import text_table

    title = row["name"] if row["name"] == str(row["node"]) else f"{row['name']}  ({row['node']})"
    cells = [{"measure": k, "value": _cell(row[k]), "meaning": m} for k, m in MEANINGS.items()]
    return f"{title}\n\n" + text_table(cells, ["measure", "value", "meaning"], width=80)


@cli.command("brokerage")
@click.option("--all", "all_nodes", is_flag=True, help="Every node, lowest constraint first.")
@click.option(
    "--groups",
    default="circles",
    show_default=True,
    metavar="ATTRIBUTE",
    help="Node attribute holding the groups (e.g. `club` in a research file).",
)
@click.option(
    "--weighted",
    is_flag=True,
    help="Weight Burt's measures by tie strength (default: every tie counts 1).",
)
@click.option("--top", type=click.IntRange(min=1), help="With --all, only the first N rows.")
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the sampled betweenness of large graphs.",
)
@graph_options
@output_options
@click.pass_context
def brokerage_(
    ctx, all_nodes, groups, weighted, top, seed, graph_path, ego_node, declared_only, fmt, output
) -> None:
    """Where you stand between people who do not know each other.

    Burt's constraint, effective size, efficiency and hierarchy (Burt 1992); ego
    betweenness, your betweenness within your own network (Everett & Borgatti 2005), and
    betweenness in the whole graph for context (estimated from sampled sources above 50
    million nodes x ties: a note on stderr says so); the
    pairs of your contacts who are not tied, split into Gould & Fernandez's roles
    (coordinator, itinerant, gatekeeper, liaison) by circle, two people being in the same
    group when they share a circle; the E-I index of the ties in your network (Krackhardt &
    Stern 1988) and the Blau index and IQV of your contacts' circles. Every tie counts 1
    unless --weighted. With --all, one row per node.

    The table shows the ego's measures with what each means (with --all, the main
    columns); CSV and JSON carry every column. Undefined measures are n/a (null in JSON).

    \b
    Examples:
        netmap brokerage
        netmap brokerage --declared-only --format json
        netmap brokerage --graph karate.graphml --groups club --all --top 5
        netmap brokerage --graph facebook_combined.txt --ego 107 --format csv -o b.csv
    """
    from netmap.analysis.brokerage import BROKERAGE_COLUMNS, brokerage

    G = load_graph(ctx, graph_path, ego_node, declared_only)
    df = brokerage(
        G,
        weight="strength" if weighted else None,
        groups=groups,
        all_nodes=all_nodes,
        seed=seed,
    )
    if all_nodes and top:
        df = df.head(top)
    rows = frame_rows(df)
    if fmt == "table" and not all_nodes:
        emit(_ego_table(rows[0]), output)
    elif fmt == "table":
        cells = [{c: _cell(row[c]) for c in ALL_TABLE} for row in rows]
        emit(render_records(cells, ALL_TABLE, fmt), output)
    else:
        emit(render_records(rows, BROKERAGE_COLUMNS, fmt), output)
    if df.attrs["betweenness"] not in ("exact", "not computed"):
        click.echo(f"betweenness: {df.attrs['betweenness']}", err=True)
    if not df.attrs["groups"]:
        click.echo(
            f"Nobody here has a {groups!r} value, so the roles, E-I and Blau are n/a: "
            "tag circles with `netmap tag`, or name the attribute with --groups.",
            err=True,
        )
