"""How groups (circles) mix: each node's groups, the E–I index of ties, Blau / IQV of people."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp

__all__ = ["Groups", "blau_index", "ei_index", "group_sets", "membership"]

#: How to find the groups of a node: a node attribute name, ``{node: groups}`` or a function.
Groups = str | Mapping[Any, Any] | Callable[[Any], Any]


def _as_set(value: Any) -> frozenset[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return frozenset()
    if isinstance(value, str):
        value = value.split(";")
    elif not isinstance(value, Iterable):
        value = [value]
    return frozenset(str(v).strip() for v in value if v is not None and str(v).strip())


def group_sets(
    G: nx.Graph, groups: Groups = "circles", nodes: Iterable | None = None
) -> dict[Any, frozenset[str]]:
    """The set of groups of each node (of ``nodes``, default all), from a node attribute
    name, a mapping or a function.

    A list gives several groups, a string one (or several when ``;``-separated, as netmap
    flattens lists in GraphML), a number one (a community id), None or empty none.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": ["family", "friends"], "b": "work;sport"}, "circles")
    >>> {n: sorted(s) for n, s in group_sets(G).items()}
    {'a': ['family', 'friends'], 'b': ['sport', 'work'], 'c': []}
    """
    nodes = G if nodes is None else nodes
    if isinstance(groups, str):
        return {v: _as_set(G.nodes[v].get(groups)) for v in nodes}
    if callable(groups):
        return {v: _as_set(groups(v)) for v in nodes}
    return {v: _as_set(groups.get(v)) for v in nodes}


def membership(nodes: list, sets: Mapping[Any, Iterable[str]]) -> tuple[list[str], sp.csr_array]:
    """The sorted group labels and the 0/1 matrix ``M[node, group]`` (rows in ``nodes`` order).

    Examples
    --------
    >>> labels, M = membership(["a", "b"], {"a": {"x", "y"}, "b": set()})
    >>> labels, M.toarray().tolist()
    (['x', 'y'], [[1.0, 1.0], [0.0, 0.0]])
    """
    import scipy.sparse as sp

    labels = sorted(set().union(*(sets.get(v, ()) for v in nodes)))
    column = {g: j for j, g in enumerate(labels)}
    pairs = [(i, column[g]) for i, v in enumerate(nodes) for g in sets.get(v, ())]
    rows, cols = zip(*pairs, strict=True) if pairs else ((), ())
    data = np.ones(len(rows), dtype=np.float32)
    return labels, sp.csr_array((data, (rows, cols)), shape=(len(nodes), len(labels)))


def blau_of(S: np.ndarray) -> dict[str, float]:
    """Blau and IQV of the people (rows) of the 0/1 matrix ``S``; rows without a group left out.

    Examples
    --------
    >>> blau_of(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]))
    {'blau': 0.5, 'iqv': 1.0}
    """
    S = S[S.any(axis=1)]
    if not len(S):
        return {"blau": math.nan, "iqv": math.nan}
    shares = (S / S.sum(axis=1, keepdims=True)).sum(axis=0) / len(S)
    present = int((shares > 0).sum())
    value = max(0.0, float(1.0 - (shares**2).sum()))
    return {"blau": value, "iqv": value * present / (present - 1) if present >= 2 else math.nan}


def ei_index(G: nx.Graph, nodes: Iterable | None = None, *, groups: Groups = "circles") -> dict:
    r"""Krackhardt & Stern's E–I index of the ties among ``nodes`` (default: the whole graph).

    .. math:: EI = \frac{E - I}{E + I}

    with :math:`E` the ties between people of different groups and :math:`I` the ties
    within a group, over the ties of the subgraph induced by ``nodes``. People in several
    circles: a tie is internal when its two ends share at least one circle. From -1 (every
    tie stays inside a group) to +1 (every tie crosses groups). Ties with an end in no group
    are left out and counted as ``unclassified``; NaN when no tie is left. For an ego pass
    its ego network, ``nx.ego_graph(G, ego)``: the ego's own ties count when it has a group.

    Returns
    -------
    dict
        ``external``, ``internal``, ``unclassified`` and ``ei_index``.

    References
    ----------
    Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational crises: an
    experimental simulation. *Social Psychology Quarterly* 51(2): 123-140.

    Examples
    --------
    >>> import networkx as nx
    >>> result = ei_index(nx.karate_club_graph(), groups="club")
    >>> result["external"], result["internal"], round(result["ei_index"], 4)
    (11, 67, -0.7179)
    """
    sets = group_sets(G, groups)
    H = G if nodes is None else G.subgraph(nodes)
    counts = {"external": 0, "internal": 0, "unclassified": 0}
    for a, b in H.edges():
        if a == b:
            continue
        if not sets[a] or not sets[b]:
            counts["unclassified"] += 1
        else:
            counts["internal" if sets[a] & sets[b] else "external"] += 1
    total = counts["external"] + counts["internal"]
    ei = (counts["external"] - counts["internal"]) / total if total else math.nan
    return {**counts, "ei_index": ei}


def blau_index(G: nx.Graph, nodes: Iterable | None = None, *, groups: Groups = "circles") -> dict:
    r"""Blau's heterogeneity and the IQV of the groups of ``nodes`` (default: every node).

    .. math:: B = 1 - \sum_k p_k^2, \qquad IQV = B \cdot \frac{K}{K - 1}

    with :math:`p_k` the share of the people in group :math:`k` (someone in several circles
    counts 1, shared equally among them, so the shares sum to 1) and :math:`K` the number
    of groups present among them; :math:`B` is the chance that two people drawn at random
    are in different groups, IQV rescales it to [0, 1] (1: every group equally present).
    The same definition as the diversity of ``netmap reach``. People in no group are left
    out (``unclassified``). NaN when nobody is left, IQV NaN when :math:`K < 2`. For an
    ego's contacts pass ``nodes=G[ego]``; the karate club's published values (0.5, 1.0)
    are over the whole graph.

    Returns
    -------
    dict
        ``counted``, ``unclassified``, ``groups`` (:math:`K`), ``blau``, ``iqv``.

    References
    ----------
    Blau, P. M. (1977). *Inequality and Heterogeneity*. Free Press.
    Agresti, A., & Agresti, B. F. (1978). Statistical analysis of qualitative variation.
    *Sociological Methodology* 9: 204-237.

    Examples
    --------
    >>> import networkx as nx
    >>> result = blau_index(nx.karate_club_graph(), groups="club")
    >>> result["blau"], result["iqv"], result["groups"]
    (0.5, 1.0, 2)
    """
    sets = group_sets(G, groups)
    people = [v for v in (G if nodes is None else nodes) if v in sets]
    labels, M = membership(people, sets)
    S = M.toarray()
    counted = int(S.any(axis=1).sum())
    return {
        "counted": counted,
        "unclassified": len(people) - counted,
        "groups": len(labels),
        **blau_of(S),
    }
