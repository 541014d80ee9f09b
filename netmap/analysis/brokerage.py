"""Brokerage: structural holes, ego betweenness, Gould–Fernandez roles, E–I and Blau / IQV."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from netmap.analysis.group_mix import Groups, blau_of, group_sets, membership
from netmap.analysis.structural_holes import (
    _betweenness,
    _burt,
    _ego_betweenness_of,
    adjacency,
    alters_adjacency,
    ego_adjacency,
    resolve_ego,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import scipy.sparse as sp

__all__ = ["BROKERAGE_COLUMNS", "ROLES", "brokerage", "gould_fernandez", "headline"]

#: Gould & Fernandez's roles for undirected ties (gatekeeper and representative are one).
ROLES = ("coordinator", "itinerant", "gatekeeper", "liaison")

#: The columns of :func:`brokerage`, in order.
BROKERAGE_COLUMNS = [
    "node",
    "name",
    "contacts",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "ego_betweenness",
    "ego_betweenness_normalized",
    "betweenness",
    "open_two_paths",
    "only_link_pairs",
    *ROLES,
    "unclassified",
    "ei_index",
    "blau",
    "iqv",
]

_PAIRS_PER_BLOCK = 2_000_000  # pairs of contacts classified at once (bounds the memory)


def _classify(same: np.ndarray, all3: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """Index in :data:`ROLES` of each pair: coordinator, itinerant, gatekeeper, liaison."""
    return np.where(all3, 0, np.where(same, 1, np.where(gate, 2, 3)))


def _roles(S: np.ndarray, g: np.ndarray, Bn: sp.csr_array, classified: np.ndarray) -> dict:
    """Gould & Fernandez's role counts over the open pairs of classified contacts.

    A pair's role depends only on the groups of its two people and of the broker: contacts
    with the same groups are one *kind* (a few kinds, even among 100,000 contacts), all
    pairs of kinds are counted at once, then the tied pairs are taken off. Linear in the
    contacts and their ties, where classifying every pair was quadratic (5 x 10^9 pairs for
    someone with 100,000 contacts).
    """
    kinds, kind_of, sizes = np.unique(
        S[classified] > 0, axis=0, return_inverse=True, return_counts=True
    )
    K, X = len(kinds), kinds.astype(np.float64)
    kind = np.full(len(S), -1)
    kind[classified] = kind_of.ravel()
    g = (g > 0).astype(np.float64)
    ego_kind = (X @ g) > 0  # kinds sharing a group with the broker
    counts = np.zeros(len(ROLES), dtype=np.int64)
    block = max(1, _PAIRS_PER_BLOCK // K)
    for i in range(0, K, block):  # every pair of kinds (i <= j), by blocks of rows
        rows = np.arange(i, min(K, i + block))
        pairs = np.outer(sizes[rows], sizes).astype(np.int64)
        pairs[np.arange(len(rows)), rows] = sizes[rows] * (sizes[rows] - 1) // 2
        pairs[np.arange(K)[None, :] < rows[:, None]] = 0
        role = _classify((X[rows] @ X.T) > 0, ((X[rows] * g) @ X.T) > 0,
                         ego_kind[rows, None] | ego_kind[None, :])  # fmt: skip
        counts += np.bincount(role.ravel(), pairs.ravel(), len(ROLES)).astype(np.int64)
    tie_rows = np.repeat(np.arange(len(S)), np.diff(Bn.indptr))
    upper = (Bn.indices > tie_rows) & classified[tie_rows] & classified[Bn.indices]
    a, b = kind[tie_rows[upper]], kind[Bn.indices[upper]]
    step = max(1, _PAIRS_PER_BLOCK // max(1, X.shape[1]))
    for i in range(0, len(a), step):  # tied pairs are not open: off
        xa, xb = X[a[i : i + step]], X[b[i : i + step]]
        role = _classify((xa * xb).sum(axis=1) > 0, (xa * xb * g).sum(axis=1) > 0,
                         ego_kind[a[i : i + step]] | ego_kind[b[i : i + step]])  # fmt: skip
        counts -= np.bincount(role, minlength=len(ROLES))
    return {r: int(c) for r, c in zip(ROLES, counts, strict=True)}


def _ego_view(B: sp.csr_array, M: sp.csr_array, v: int, n_groups: int) -> dict[str, float]:
    """Every measure of node ``v`` over its ego network but Burt's (0/1 adjacency ``B``)."""
    alters = B.indices[B.indptr[v] : B.indptr[v + 1]]
    n = len(alters)
    Bn = alters_adjacency(B, v)
    out = dict.fromkeys(ROLES, 0)
    out["ego_betweenness"], out["only_link_pairs"] = _ego_betweenness_of(Bn)
    pairs = n * (n - 1) / 2
    out["ego_betweenness_normalized"] = out["ego_betweenness"] / pairs if n >= 2 else math.nan
    out["open_two_paths"] = int(n * (n - 1) // 2 - Bn.nnz // 2)
    S = M[alters].toarray() if n_groups else np.zeros((n, 0), dtype=np.float32)
    g = M[[v]].toarray().ravel() if n_groups else np.zeros(0, dtype=np.float32)
    classified = S.any(axis=1)
    with_ego = (S @ g) > 0  # alters sharing a group with v
    if n >= 2 and classified.sum() >= 2:
        out.update(_roles(S, g, Bn, classified))
    out["unclassified"] = out["open_two_paths"] - sum(out[r] for r in ROLES)
    # E-I over the ties of v's ego network whose two ends have a group (each tie once)
    internal = external = 0
    if classified.any():
        tie_rows = np.repeat(np.arange(n), np.diff(Bn.indptr))
        upper = Bn.indices > tie_rows
        ties = (tie_rows[upper], Bn.indices[upper])
        both = classified[ties[0]] & classified[ties[1]]
        inside = ((S[ties[0]] * S[ties[1]]).sum(axis=1) > 0) & both
        internal, external = int(inside.sum()), int((both & ~inside).sum())
    if g.any():
        internal += int((classified & with_ego).sum())
        external += int((classified & ~with_ego).sum())
    total = internal + external
    out["ei_index"] = (external - internal) / total if total else math.nan
    out.update(blau_of(S))
    return out


def _matrices(G: nx.Graph, ego, weight: str | None, all_nodes: bool):
    """Nodes, adjacency, the rows asked for, and the tie totals and maxima when the ego's
    network alone was read (None when the whole graph was)."""
    local = None if all_nodes else ego_adjacency(G, resolve_ego(G, ego), weight)
    if local is not None:
        nodes, A, total, peak = local
        return nodes, A, np.array([0]), total, peak
    nodes, A = adjacency(G, weight)
    if all_nodes:
        return nodes, A, np.arange(len(nodes)), None, None
    return nodes, A, np.array([nodes.index(resolve_ego(G, ego))]), None, None


def gould_fernandez(
    G: nx.Graph, ego=None, *, groups: Groups = "circles", all_nodes: bool = False
) -> pd.DataFrame:
    r"""Gould & Fernandez brokerage roles of the ego (or every node), with circles as groups.

    Every *open two-path* :math:`a - v - b` (:math:`a, b` contacts of :math:`v` who are not
    tied, each unordered pair once) is a brokerage opportunity for :math:`v`, classified by
    the groups of :math:`a, v, b`. Ties are undirected, so gatekeeper and representative are
    one role:

    ==============  ===========================================================
    coordinator     one group holds all three: :math:`G_a \cap G_v \cap G_b \ne \emptyset`
    itinerant       :math:`a, b` share a group, none of them with :math:`v` (consultant)
    gatekeeper      :math:`a, b` share no group; :math:`v` shares one with :math:`a` or
                    :math:`b` (gatekeeper or representative)
    liaison         no two of :math:`a, v, b` share a group
    unclassified    :math:`a` or :math:`b` is in no group: we cannot tell
    ==============  ===========================================================

    People in several circles: two people are *in the same group* when they share at least
    one circle, which makes the five counts exclusive and summing to ``open_two_paths``. A
    broker in no circle (usually the ego, who is in none of their own circles) is a group of
    its own: its two-paths are itinerant or liaison.

    Returns
    -------
    pandas.DataFrame
        Columns ``node``, ``open_two_paths``, ``coordinator``, ``itinerant``,
        ``gatekeeper``, ``liaison``, ``unclassified`` (ints), one row per node asked for.

    References
    ----------
    Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. *Sociological Methodology* 19: 89-126.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("v", "a"), ("v", "b"), ("v", "c")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y"}, "team")
    >>> gould_fernandez(G, "v", groups="team").iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'node': 'v', 'open_two_paths': 3, 'coordinator': 0, 'itinerant': 1, 'gatekeeper': 0,
     'liaison': 2, 'unclassified': 0}
    """
    import pandas as pd

    nodes, A, rows, _, _ = _matrices(G, ego, None, all_nodes)
    labels, M = membership(nodes, group_sets(G, groups, nodes))
    records = []
    for v in rows:
        view = _ego_view(A, M, int(v), len(labels))
        records.append({"node": nodes[v], **{c: view[c] for c in _GF_COLUMNS[1:]}})
    return pd.DataFrame(records, columns=_GF_COLUMNS)


_GF_COLUMNS = ["node", "open_two_paths", *ROLES, "unclassified"]


def brokerage(
    G: nx.Graph,
    ego=None,
    *,
    weight: str | None = None,
    groups: Groups = "circles",
    all_nodes: bool = False,
    with_betweenness: bool = True,
    seed: int = 0,
) -> pd.DataFrame:
    """Every brokerage measure of the ego (or of every node), one row per node.

    Columns (:data:`BROKERAGE_COLUMNS`): ``contacts`` and Burt's ``constraint``,
    ``effective_size``, ``efficiency``, ``hierarchy`` (see
    :func:`~netmap.analysis.structural_holes.structural_holes`; weighted by ``weight``
    when given), ``ego_betweenness`` and ``ego_betweenness_normalized`` (see
    :func:`~netmap.analysis.structural_holes.ego_betweenness`), ``betweenness`` in the
    whole graph for context (normalised, exact or sampled above a stated size: see
    :func:`~netmap.analysis.structural_holes.betweenness`; ``df.attrs["betweenness"]``
    says which; NaN when ``with_betweenness=False``), ``open_two_paths`` (pairs of
    contacts who are not tied) and ``only_link_pairs`` (those with no other contact in
    common: the node is their only link), the Gould–Fernandez counts of
    :func:`gould_fernandez`, and over the node's ego network the E–I index of its ties and
    Blau / IQV of its contacts' groups (as :func:`netmap.analysis.group_mix.ei_index` on
    ``nx.ego_graph(G, node)`` and :func:`netmap.analysis.group_mix.blau_index` on
    ``G[node]``).
    Ego betweenness, roles and E–I use the ties unweighted. Self-loops are ignored. With
    ``all_nodes`` rows are sorted by constraint (lowest, the most brokerage, first).

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    weight : str, optional
        Edge attribute for Burt's measures (``"strength"``); None counts every tie 1.
    groups : str, mapping or callable
        Node attribute (default ``"circles"``), ``{node: groups}`` or ``node -> groups``.
    all_nodes : bool
        One row per node.
    with_betweenness : bool
        Compute the whole-graph betweenness (the costliest column on large graphs).
    seed : int
        Seed of the sampled betweenness.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.florentine_families_graph()
    >>> row = brokerage(G, "Medici").iloc[0]
    >>> [round(float(row[c]), 4) for c in ("constraint", "effective_size", "betweenness")]
    [0.2099, 5.6667, 0.522]
    """
    import pandas as pd
    import scipy.sparse as sp

    nodes, A, rows, total, peak = _matrices(G, ego, weight, all_nodes)
    local = not all_nodes and total is not None
    B = A if weight is None else sp.csr_array((A != 0).astype(float))
    labels, M = membership(nodes, group_sets(G, groups, nodes))
    df = pd.DataFrame(
        {
            "node": [nodes[i] for i in rows],
            "name": [str(G.nodes[nodes[i]].get("name", nodes[i])) for i in rows],
        }
    )
    if len(rows):
        for column, values in _burt(A, rows, total, peak).items():
            df[column] = values
    views = [_ego_view(B, M, int(v), len(labels)) for v in rows]
    for column in BROKERAGE_COLUMNS[BROKERAGE_COLUMNS.index("ego_betweenness") :]:
        if column != "betweenness":
            df[column] = [view[column] for view in views]
    method = "not computed"
    df["betweenness"] = math.nan
    if with_betweenness and len(rows):
        order, whole = adjacency(G) if local else (nodes, B)
        values, method = _betweenness(whole, k=None, seed=seed)
        index = {v: i for i, v in enumerate(order)}
        df["betweenness"] = [values[index[v]] for v in df["node"]]
    df = df.reindex(columns=BROKERAGE_COLUMNS)
    if all_nodes:
        df = df.sort_values(["constraint", "node"], na_position="last", kind="stable")
        df = df.reset_index(drop=True)
    df.attrs.update({"betweenness": method, "groups": labels, "weight": weight})
    return df


def headline(
    G: nx.Graph, ego=None, *, weight: str | None = None, groups: Groups = "circles"
) -> dict:
    """The ego's brokerage in a few numbers and one plain sentence, for ``netmap summary``.

    The whole-graph betweenness is left out (NaN in :func:`brokerage`), to stay immediate.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.relabel_nodes(nx.star_graph(3), str)
    >>> result = headline(G, "0")
    >>> result["constraint"], result["effective_size"], result["only_link_pairs"]
    (0.3333333333333333, 3.0, 3)
    >>> print(result["sentence"])  # doctest: +NORMALIZE_WHITESPACE
    Your 3 contacts count as 3 independent ones (efficiency 100%): 3 pairs of them do not
    know each other, and you are their only link.
    """
    row = brokerage(G, ego, weight=weight, groups=groups, with_betweenness=False).iloc[0]
    numbers = {}
    for key, value in row.items():
        if key in ("name", "betweenness"):
            continue
        value = value.item() if hasattr(value, "item") else value
        numbers[key] = None if isinstance(value, float) and math.isnan(value) else value
    contacts, pairs, only = int(row.contacts), int(row.open_two_paths), int(row.only_link_pairs)
    if contacts == 0:
        sentence = "You have no contacts in this graph, so there is nobody to link yet."
    elif contacts == 1:
        sentence = "With a single contact you do not stand between anybody yet."
    else:
        sentence = (
            f"Your {contacts:,} contacts count as {row.effective_size:,.0f} independent ones "
            f"(efficiency {row.efficiency:.0%}): "
        )
        if pairs == 0:
            sentence += "they all know each other, so nobody needs you to meet anybody."
        else:
            sentence += f"{pairs:,} pair{'s' * (pairs > 1)} of them do not know each other"
            if pairs > int(row.unclassified):
                across = int(row.gatekeeper + row.liaison)
                sentence += f" ({across:,} across two circles)"
            if only == pairs:
                sentence += ", and you are their only link."
            else:
                sentence += f", and you are the only link for {only:,} of these pairs."
    return {**numbers, "sentence": sentence}
