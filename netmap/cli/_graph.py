"""The graph an analysis command runs on: the workspace's, or a research file's."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import click

from netmap.cli._base import open_store

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graph_options", "load_graph"]


def graph_options(func):
    """``--graph PATH``, ``--ego NODE`` and ``--declared-only``, shared by analysis commands."""

    @click.option(
        "--graph",
        "graph_path",
        type=click.Path(exists=True, dir_okay=False),
        help="Analyse this research file (GraphML, GEXF, edge list, SNAP ego) "
        "instead of the workspace.",
    )
    @click.option(
        "--ego", "ego_node", help="The ego's node id in --graph (when the file has none)."
    )
    @click.option(
        "--declared-only",
        is_flag=True,
        help="Leave inferred ties out (only declared, related and ego ties).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def load_graph(
    ctx: click.Context, graph_path: str | None, ego_node: str | None, declared_only: bool
) -> nx.Graph:
    """Build the workspace graph, or read ``--graph``; the result always has an ego.

    With ``--graph``, ``--declared-only`` drops the edges whose ``origin`` is ``inferred``.
    """
    from netmap.errors import NetmapError

    if graph_path:
        from netmap.formats import read_graph

        G = read_graph(graph_path, ego=ego_node)
        if declared_only:
            G.remove_edges_from([(u, v) for u, v, o in G.edges(data="origin") if o == "inferred"])
    else:
        from netmap.graph import build_graph

        with open_store(ctx) as store:
            G = build_graph(store, inferred=not declared_only)
        if ego_node:
            G.graph["ego"] = ego_node
    ego = G.graph.get("ego")
    if ego is None or ego not in G:
        raise NetmapError(
            "the graph has no ego" if ego is None else f"no node {ego!r} in the graph",
            hint="give --ego NODE with the id of the person whose network it is",
        )
    return G
