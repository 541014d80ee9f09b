"""`netmap summary`: the headline of every analysis on one screen."""

from __future__ import annotations

import json
import textwrap

import click

from netmap.cli._base import cli, emit, output_options
from netmap.cli._graph import graph_options, load_graph
from netmap.report_safety import terminal_text

__all__ = ["summary_"]


def _text(rows: list[dict]) -> str:
    out = []
    for row in rows:
        out.append(row["title"])
        out.append(
            textwrap.fill(row["sentence"], width=88, initial_indent="  ", subsequent_indent="  ")
        )
        out.append("")
    return "\n".join(out).rstrip()


@cli.command("summary")
@graph_options
@output_options
@click.pass_context
def summary_(ctx, graph_path, ego_node, declared_only, fmt, output) -> None:
    """One screen: the headline of reach, weak ties, introductions, brokerage and circles.

    Each line is in plain words, with the numbers behind it in --format json or csv. The
    commands `netmap reach`, `weak-ties`, `intro`, `brokerage` and `circles compare` give
    the detail.

    \b
    Examples:
        netmap summary
        netmap summary --declared-only
        netmap summary --graph facebook_combined.txt --ego 107
        netmap summary --format json
    """
    from netmap.analysis.summary import summary

    G = load_graph(ctx, graph_path, ego_node, declared_only)
    rows = summary(G)
    if fmt == "json":
        emit(json.dumps(rows, ensure_ascii=False, indent=2, default=str), output)
    elif fmt == "csv":
        from netmap.report import render_records

        flat = [{"section": r["section"], "sentence": r["sentence"]} for r in rows]
        emit(render_records(flat, ["section", "sentence"], "csv"), output)
    else:
        emit(terminal_text(_text(rows)), output)
