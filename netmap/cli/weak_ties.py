"""`netmap weak-ties`: which of your ties bring new information, and which to revive."""

from __future__ import annotations

import math
import re

import click

from netmap.cli._base import cli, emit, output_options
from netmap.cli._graph import graph_options, load_graph

__all__ = ["Duration", "weak_ties_"]

_TABLE = ["name", "circles", "mutual", "overlap", "span", "value", "strength", "last_contact",
          "label", "why"]  # fmt: skip
_EDGE_TABLE = ["name_u", "name_v", "mutual", "overlap", "span", "circles_u", "circles_v"]
_BRIDGE_TABLE = ["name_a", "name_b", "circles_a", "circles_b", "span", "between_circles"]
_MONTHS = {"d": 12 / 365.25, "w": 7 * 12 / 365.25, "m": 1.0, "y": 12.0}


class Duration(click.ParamType):
    """A duration such as ``12m``, ``1y``, ``6w`` or ``90d``, in months (a bare number too)."""

    name = "duration"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)):
            return float(value)
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dwmy]?)\s*", str(value).lower())
        if not match:
            self.fail(f"{value!r} is not a duration like 12m, 1y, 6w or 90d", param, ctx)
        return float(match[1]) * _MONTHS[match[2] or "m"]


_MEASURES = {"overlap", "novelty", "value", "rarity"}


def _cell(key: str, value, fmt: str):
    """A cell for output: NaN is undefined (a measure) or unknown, inf an infinite span."""
    if isinstance(value, float):
        if math.isnan(value):
            return ("undefined" if key in _MEASURES else "") if fmt == "table" else None
        if math.isinf(value):
            return "inf" if fmt == "table" else None
        if fmt == "table":
            return int(value) if key == "span" else round(value, 3)
    return value


def _rows(df, fmt: str) -> list[dict]:
    return [{k: _cell(k, v, fmt) for k, v in row.items()} for row in df.to_dict("records")]


@cli.command("weak-ties")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="How many rows to show (0: all).",
)
@click.option(
    "--dormant-after",
    type=Duration(),
    default="12m",
    show_default=True,
    help="A tie whose last contact is older than this is dormant (12m, 1y, 6w, 90d).",
)
@click.option(
    "--between-circles",
    is_flag=True,
    help="Instead: the local bridges between two of your contacts (ties joining parts of "
    "your network), those across circles first.",
)
@click.option(
    "--all-edges",
    is_flag=True,
    help="Instead: overlap, bridge and span of every tie in the graph, local bridges first.",
)
@graph_options
@output_options
@click.pass_context
def weak_ties_(
    ctx,
    top,
    dormant_after,
    between_circles,
    all_edges,
    graph_path,
    ego_node,
    declared_only,
    fmt,
    output,
) -> None:
    """Your weak ties: who links you to people you would not otherwise hear from.

    For each of your contacts: the mutual contacts you share, the neighbourhood overlap
    (Onnela et al. 2007: mutual / ((your contacts - 1) + (theirs - 1) - mutual);
    "undefined" when you and they have no other contact at all), whether the tie is a local
    bridge (no mutual contact) or a bridge (no other path at all), its span (how many steps
    separate you without it), their circles, the tie's strength and last contact.

    value = novelty x mutual-contacts factor. Novelty is the mean of 1 - overlap, the rarity
    of their rarest circle or organisation among your contacts, and how many people only
    they connect you to (each part when the graph can tell it). The factor is 1 for a number
    of mutual contacts in the middle of yours and 1/2 at either end: moderately weak ties
    carried the most job moves on LinkedIn (Rajkumar et al., Science 2022). Strength and last
    contact are shown beside the value, never multiplied in. label: "ask now" (value in your
    top third, in touch), "reconnect" (top third, dormant: last contact older than
    --dormant-after, or no date and strength below 0.3), "keep warm", "low priority".

    JSON and CSV give every column; an undefined overlap or value is null (empty in CSV),
    as is the span of a bridge (bridge: true).

    \b
    Examples:
        netmap weak-ties
        netmap weak-ties --top 10 --dormant-after 6m
        netmap weak-ties --between-circles
        netmap weak-ties --graph facebook_combined.txt --ego 107 --format json -o weak.json
        netmap weak-ties --graph facebook_combined.txt --ego 107 --all-edges --top 50
    """
    from netmap.analysis.weak_ties import (
        ALTER_BRIDGE_COLUMNS,
        EDGE_COLUMNS,
        TIE_COLUMNS,
        alter_bridges,
        edge_structure,
        weak_ties,
    )
    from netmap.report import render_records

    if between_circles and all_edges:
        raise click.UsageError("give --between-circles or --all-edges, not both")
    view = "edges" if all_edges else "between" if between_circles else None
    G = load_graph(ctx, graph_path, ego_node, declared_only)
    if view == "edges":
        df = edge_structure(G)
        df = df.assign(_span=df["span"].fillna(math.inf), _overlap=df["overlap"].fillna(-1))
        df = df.sort_values(
            ["local_bridge", "_span", "_overlap"], ascending=[False, False, True], kind="stable"
        )
        columns, table, title = EDGE_COLUMNS, _EDGE_TABLE, "Every tie, local bridges first"
    elif view == "between":
        df = alter_bridges(G)
        columns, table = ALTER_BRIDGE_COLUMNS, _BRIDGE_TABLE
        title = "Ties between two of your contacts that no other contact of yours closes"
    else:
        df = weak_ties(G, dormant_after=dormant_after)
        columns, table = TIE_COLUMNS, _TABLE
        title = f"Your {len(df)} ties by weak-tie value"
    total = len(df)
    if top:
        df = df.head(top)
    rows = _rows(df, fmt)
    if fmt != "table":
        emit(render_records(rows, columns, fmt), output)
        return
    from netmap.report import text_table

    if not total:
        emit(title + ": none.", output)
        return
    if view is None:
        table = [c for c in table if c != "circles" or any(r["circles"] for r in rows)]
    shown = f" (top {len(rows)} of {total}; --top 0 shows all)" if len(rows) < total else ""
    emit(f"{title}{shown}\n{text_table(rows, table, width=60)}", output)
