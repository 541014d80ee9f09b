"""Burt's structural holes (constraint, effective size, efficiency, hierarchy) and betweenness."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import scipy.sparse as sp

__all__ = [
    "EXACT_BETWEENNESS_WORK",
    "SAMPLED_BETWEENNESS_WORK",
    "adjacency",
    "alters_adjacency",
    "betweenness",
    "ego_adjacency",
    "ego_betweenness",
    "resolve_ego",
    "structural_holes",
]

#: Whole-graph betweenness is exact when nodes x ties is at most this (1,000 people with
#: 50,000 ties); above it, it is estimated from sampled sources (Brandes & Pich 2007) ...
EXACT_BETWEENNESS_WORK = 50_000_000
#: ... as many as make sources x ties about this (284 sources on ego-Facebook), at least 20.
SAMPLED_BETWEENNESS_WORK = 25_000_000

_BLOCK = 2048  # rows per block of a masked sparse product (bounds the memory of fill-in)


def resolve_ego(G: nx.Graph, ego=None):
    """``ego``, else ``G.graph["ego"]``, as :func:`netmap.graph.resolve_ego`; not an affiliation."""
    from netmap.errors import NetmapError
    from netmap.graph import resolve_ego as _resolve

    ego = _resolve(G, ego)
    if G.nodes[ego].get("kind") == "affiliation":
        raise NetmapError(f"{ego!r} is an affiliation, not a person", hint="give a person's id")
    return ego


def adjacency(
    G: nx.Graph, weight: str | None = None, nodes: list | None = None
) -> tuple[list, sp.csr_array]:
    """The people of ``G`` (or ``nodes``) and their symmetric adjacency, self-loops removed.

    Nodes of ``kind="affiliation"`` (an organisation kept as a node, see
    :mod:`netmap.graph`) are left out: nobody brokers through an organisation. Edges
    without the ``weight`` attribute count 1; ``weight=None`` gives the 0/1 matrix; a
    directed graph is read undirected.

    Examples
    --------
    >>> import networkx as nx
    >>> nodes, A = adjacency(nx.Graph([("a", "b"), ("b", "b")]))
    >>> nodes, A.toarray().tolist()
    (['a', 'b'], [[0.0, 1.0], [1.0, 0.0]])
    """
    import networkx as nx
    import scipy.sparse as sp

    from netmap.errors import NetmapError

    if nodes is None:
        nodes = [v for v, kind in G.nodes(data="kind") if kind != "affiliation"]
    if not nodes:
        return nodes, sp.csr_array((0, 0))
    try:
        A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, dtype=float, format="csr")
    except (TypeError, ValueError):
        raise NetmapError(f"edge attribute {weight!r} must be a non-negative number") from None
    if G.is_directed():
        A = A + A.T
    A.setdiag(0)
    A.eliminate_zeros()
    if A.nnz and (A.data.min() < 0 or not np.isfinite(A.data).all()):
        raise NetmapError(f"edge attribute {weight!r} must be a non-negative number")
    return nodes, sp.csr_array(A)


def _masked_product(X: sp.csr_array, Y: sp.csr_array, mask: sp.csr_array) -> sp.csr_array:
    """``(X @ Y)`` kept only where ``mask`` is non-zero, computed by blocks of rows."""
    import scipy.sparse as sp

    parts = [
        sp.csr_array((X[i : i + _BLOCK] @ Y).multiply(mask[i : i + _BLOCK] != 0))
        for i in range(0, X.shape[0], _BLOCK)
    ]
    return sp.csr_array(sp.vstack(parts, format="csr")) if parts else mask


def _rows_scaled(A: sp.csr_array, scale: np.ndarray) -> sp.csr_array:
    """Row ``i`` of ``A`` times ``scale[i]``."""
    import scipy.sparse as sp

    return sp.csr_array(sp.diags_array(scale) @ A)


def ego_adjacency(G: nx.Graph, ego, weight: str | None = None):
    """The ego network alone: its nodes (the ego first), their adjacency, and each one's
    total and largest tie weight in the whole graph, which Burt's proportions need.

    None for a directed graph or a multigraph (the caller then uses :func:`adjacency`).
    """
    from netmap.errors import NetmapError

    if G.is_directed() or G.is_multigraph():
        return None
    people = [u for u in G[ego] if u != ego and G.nodes[u].get("kind") != "affiliation"]
    nodes, A = adjacency(G, weight, [ego, *people])
    total, peak = np.zeros(len(nodes)), np.zeros(len(nodes))
    for i, v in enumerate(nodes):
        found = [
            1.0 if weight is None else data.get(weight, 1.0)
            for u, data in G[v].items()
            if u != v and G.nodes[u].get("kind") != "affiliation"
        ]
        try:
            weights = np.array(found, dtype=float)
        except (TypeError, ValueError):
            weights = np.array([-1.0])
        if len(weights) and (weights.min() < 0 or not np.isfinite(weights).all()):
            raise NetmapError(f"edge attribute {weight!r} must be a non-negative number")
        total[i], peak[i] = weights.sum(), weights.max(initial=0.0)
    return nodes, A, total, peak


def _burt(
    A: sp.csr_array, rows: np.ndarray, total: np.ndarray | None = None, peak=None
) -> dict[str, np.ndarray]:
    """Burt's measures of the nodes ``rows`` of the adjacency ``A``; proportions use ``total``
    and ``peak`` (each node's total and largest tie weight, by default from ``A``)."""
    import scipy.sparse as sp

    if total is None:
        total = np.asarray(A.sum(axis=1)).ravel()
        peak = A.max(axis=1).toarray().ravel() if A.nnz else np.zeros(A.shape[0])
    with np.errstate(divide="ignore"):
        P = _rows_scaled(A, np.where(total > 0, 1.0 / total, 0.0))
        M_T = sp.csr_array(A @ sp.diags_array(np.where(peak > 0, 1.0 / peak, 0.0)))
    PR = sp.csr_array(P[rows])
    mask = sp.csr_array(A[rows] != 0).astype(float)
    contacts = np.asarray(mask.sum(axis=1)).ravel()
    local = sp.csr_array(PR + _masked_product(PR, P, mask))
    local.data **= 2
    constraint = np.asarray(local.sum(axis=1)).ravel()
    redundancy = np.asarray(_masked_product(PR, M_T, mask).sum(axis=1)).ravel()
    effective = contacts - redundancy
    # hierarchy: sum_j r_j ln r_j / (N ln N), r_j = c_ij / (C / N)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = _rows_scaled(local, np.where(constraint > 0, contacts / constraint, 0.0))
        ratio.data = ratio.data * np.log(ratio.data)
        hierarchy = np.asarray(ratio.sum(axis=1)).ravel() / (contacts * np.log(contacts))
        efficiency = effective / contacts
    none = contacts == 0
    for values in (constraint, effective, efficiency, hierarchy):
        values[none] = np.nan
    hierarchy[contacts == 1] = np.nan
    return {
        "contacts": contacts.astype(int),
        "constraint": constraint,
        "effective_size": effective,
        "efficiency": efficiency,
        "hierarchy": hierarchy,
    }


def structural_holes(
    G: nx.Graph, ego=None, *, weight: str | None = None, all_nodes: bool = False
) -> pd.DataFrame:
    r"""Burt's constraint, effective size, efficiency and hierarchy of the ego (or every node).

    With :math:`a_{ij}` the weight of the tie :math:`i - j` (1 when ``weight`` is None or the
    edge lacks it), :math:`p_{ij} = a_{ij} / \sum_k a_{ik}` the share of :math:`i`'s ties
    invested in :math:`j`, and :math:`m_{jq} = a_{jq} / \max_k a_{jk}`, for the :math:`N`
    contacts :math:`j` of :math:`i` (Burt 1992):

    .. math::

        c_{ij} = \Big(p_{ij} + \sum_{q \ne i, j} p_{iq} p_{qj}\Big)^2, \qquad
        C_i = \sum_j c_{ij}, \qquad
        E_i = \sum_j \Big(1 - \sum_{q \ne i, j} p_{iq} m_{jq}\Big), \qquad
        \mathit{eff}_i = E_i / N,

    .. math::

        H_i = \frac{\sum_j r_j \ln r_j}{N \ln N}, \quad r_j = \frac{c_{ij}}{C_i / N}

    (:math:`H` is the Coleman–Theil disorder index: 0 when every contact constrains the ego
    equally, 1 when one contact holds all the constraint). Proportions use each node's ties
    in the whole of ``G``, as networkx and Burt's whole-network definition do; for the ego
    network alone pass ``nx.ego_graph(G, ego)``. Unweighted and undirected, :math:`E_i = N -
    2t/N` with :math:`t` the ties among the contacts (Borgatti 1997). A node without contact
    gets NaN everywhere; the hierarchy of a node with one contact is NaN (undefined: with one
    contact there is no distribution to be uneven; :math:`0/0`). Self-loops are ignored.
    The ego alone reads only its ego network and its contacts' tie totals, so it is
    immediate on any graph; ``all_nodes`` costs one masked sparse product over the graph.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    weight : str, optional
        Edge attribute holding tie weights (``"strength"``); None (default) counts every tie
        as 1, as the published values do.
    all_nodes : bool
        One row per node of ``G`` instead of the ego's row only.

    Returns
    -------
    pandas.DataFrame
        Columns ``node``, ``contacts``, ``constraint``, ``effective_size``, ``efficiency``,
        ``hierarchy``; in ``G``'s node order.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press, ch. 1-2.
    Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
    *Connections* 20(1): 35-38.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.florentine_families_graph()
    >>> row = structural_holes(G, "Medici").iloc[0]
    >>> [round(float(row[c]), 4) for c in ("constraint", "effective_size", "efficiency")]
    [0.2099, 5.6667, 0.9444]
    """
    import pandas as pd

    local = None if all_nodes else ego_adjacency(G, resolve_ego(G, ego), weight)
    if local is not None:
        nodes, A, total, peak = local
        return pd.DataFrame({"node": nodes[:1], **_burt(A, np.array([0]), total, peak)})
    nodes, A = adjacency(G, weight)
    if all_nodes:
        rows = np.arange(len(nodes))
    else:
        rows = np.array([nodes.index(resolve_ego(G, ego))])
    measures = _burt(A, rows) if len(nodes) else {}
    return pd.DataFrame({"node": [nodes[i] for i in rows], **measures})


_PRODUCTS_PER_BLOCK = 20_000_000  # entries of Bn @ Bn computed at once (bounds the memory)


def _ego_betweenness_of(Bn: sp.csr_array) -> tuple[float, int]:
    """Ego betweenness of the ego whose contacts have the 0/1 adjacency ``Bn``, and the pairs
    of contacts, not tied, whose only common contact is the ego."""
    n = Bn.shape[0]
    if n < 2:
        return 0.0, 0
    pairs = n * (n - 1) // 2 - Bn.nnz // 2
    # The common contacts of every two contacts, off the diagonal and where they are not
    # tied, read straight from the product's arrays (scipy's setdiag, multiply and
    # eliminate_zeros cost more than the product itself, a hundred thousand times over with
    # --all), by blocks of rows so that a large ego network never holds all of Bn @ Bn.
    tied = np.repeat(np.arange(n, dtype=np.int64), np.diff(Bn.indptr)) * n + Bn.indices
    tied.sort()
    cost = np.cumsum(Bn @ np.diff(Bn.indptr).astype(float))  # products made by each row
    shared, linked, start = 0.0, 0, 0
    while start < n:
        done = cost[start - 1] if start else 0.0
        stop = max(start + 1, int(np.searchsorted(cost, done + _PRODUCTS_PER_BLOCK, "right")))
        common = Bn[start:stop] @ Bn
        common.sort_indices()
        rows = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(common.indptr))
        cols = common.indices.astype(np.int64)
        keys = rows * n + cols
        keep = (rows != cols) & (common.data != 0)
        if len(tied):
            keep &= tied[np.minimum(np.searchsorted(tied, keys), len(tied) - 1)] != keys
        data = common.data[keep]
        shared += float((1.0 - 1.0 / (data + 1.0)).sum())
        linked += len(data)
        start = stop
    return pairs - shared / 2, pairs - linked // 2


def alters_adjacency(B: sp.csr_array, v: int) -> sp.csr_array:
    """The adjacency among the contacts of node ``v`` (its ego network without it).

    Gathered from ``B``'s arrays in one pass (the contacts' rows, kept where the column is
    a contact too): ``B[alters][:, alters]`` costs two fancy-indexing copies per node.
    """
    import scipy.sparse as sp

    alters = B.indices[B.indptr[v] : B.indptr[v + 1]]
    n = len(alters)
    starts, lengths = B.indptr[alters], np.diff(B.indptr)[alters]
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
    found = B.indices[offsets]  # the contacts' contacts, row after row
    order = np.argsort(alters, kind="stable")
    at = np.minimum(np.searchsorted(alters[order], found), max(n - 1, 0))
    keep = alters[order][at] == found if n else np.zeros(0, dtype=bool)
    counts = np.bincount(np.repeat(np.arange(n), lengths)[keep], minlength=n)
    indptr = np.concatenate([[0], np.cumsum(counts)])
    out = sp.csr_array((B.data[offsets][keep], order[at][keep], indptr), shape=(n, n))
    out.sort_indices()
    return out


def ego_betweenness(G: nx.Graph, ego=None, *, all_nodes: bool = False) -> pd.DataFrame:
    r"""Betweenness of the ego within its own ego network (Everett & Borgatti 2005).

    Within the ego network every two contacts :math:`a, b` who do not know each other are
    two steps apart, joined through the ego and through each of their :math:`c_{ab}` common
    contacts, so the ego's share of their shortest paths is :math:`1 / (1 + c_{ab})`:

    .. math::

        b_{ego} = \sum_{\{a, b\},\ a \not\sim b} \frac{1}{1 + c_{ab}}, \qquad
        b^{norm}_{ego} = \frac{b_{ego}}{N (N - 1) / 2}

    which equals ``nx.betweenness_centrality(nx.ego_graph(G, ego))`` (normalised: a star's
    centre scores 1) without building the ego graph. Ties are counted unweighted.
    ``ego_betweenness_normalized`` is NaN with fewer than 2 contacts (no pair to broker).

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    all_nodes : bool
        One row per node of ``G``.

    Returns
    -------
    pandas.DataFrame
        Columns ``node``, ``ego_betweenness``, ``ego_betweenness_normalized``.

    References
    ----------
    Everett, M., & Borgatti, S. P. (2005). Ego network betweenness. *Social Networks*
    27(1): 31-38.

    Examples
    --------
    >>> import networkx as nx
    >>> row = ego_betweenness(nx.florentine_families_graph(), "Medici").iloc[0]
    >>> float(row.ego_betweenness), round(float(row.ego_betweenness_normalized), 4)
    (14.0, 0.9333)
    """
    import pandas as pd

    local = None if all_nodes else ego_adjacency(G, resolve_ego(G, ego))
    nodes, A = local[:2] if local else adjacency(G)
    if all_nodes:
        rows = range(len(nodes))
    else:
        rows = [0] if local else [nodes.index(resolve_ego(G, ego))]
    raw, norm = [], []
    for v in rows:
        n = A.indptr[v + 1] - A.indptr[v]
        value = _ego_betweenness_of(alters_adjacency(A, v))[0]
        raw.append(value)
        norm.append(value / (n * (n - 1) / 2) if n >= 2 else math.nan)
    return pd.DataFrame(
        {
            "node": [nodes[v] for v in rows],
            "ego_betweenness": raw,
            "ego_betweenness_normalized": norm,
        }
    )


def _dependencies(B: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency sums over ``sources``, one breadth-first search per column."""
    n, b = B.shape[0], len(sources)
    cols = np.arange(b)
    sigma = np.zeros((n, b))
    sigma[sources, cols] = 1.0
    dist = np.full((n, b), -1, dtype=np.int32)
    dist[sources, cols] = 0
    frontier = sigma.copy()
    depth = 0
    while True:
        reached = B @ frontier
        new = (reached > 0) & (dist < 0)
        if not new.any():
            break
        depth += 1
        dist[new] = depth
        frontier = np.where(new, reached, 0.0)
        sigma += frontier
    delta = np.zeros((n, b))
    for level in range(depth, 0, -1):
        at = dist == level
        coeff = np.where(at, (1.0 + delta) / np.where(at, sigma, 1.0), 0.0)
        delta += np.where(dist == level - 1, sigma * (B @ coeff), 0.0)
    delta[sources, cols] = 0.0
    return delta.sum(axis=1)


def betweenness(
    G: nx.Graph, *, k: int | None = None, seed: int = 0, nodes: Sequence | None = None
) -> tuple[dict, str]:
    r"""Normalised shortest-path betweenness in the whole graph, exact or from sampled sources.

    :math:`b_v = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, divided by
    :math:`(n - 1)(n - 2)/2`, as ``nx.betweenness_centrality(G)`` (unweighted). Brandes'
    algorithm runs one vectorised breadth-first search per source, many sources at once.
    Exact when :math:`n \cdot m \le` :data:`EXACT_BETWEENNESS_WORK` (:math:`5 \cdot 10^7`),
    or when ``k`` is at least :math:`n`; otherwise estimated from ``k`` sources drawn with
    ``seed`` (default :math:`\max(20, \lceil 2.5 \cdot 10^7 / m \rceil)`: 284 on
    ego-Facebook, 25 for a million ties), scaled by :math:`n / k` as networkx does
    (Brandes & Pich 2007). Nodes of ``kind="affiliation"`` are left out, as in
    :func:`adjacency`.

    Returns
    -------
    (dict, str)
        ``{node: betweenness}`` for ``nodes`` (default all) and how it was computed
        (``"exact"`` or ``"estimated from K sampled sources (seed S)"``).

    References
    ----------
    Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
    Mathematical Sociology* 25(2): 163-177.
    Brandes, U., & Pich, C. (2007). Centrality estimation in large networks. *International
    Journal of Bifurcation and Chaos* 17(7): 2303-2318.

    Examples
    --------
    >>> import networkx as nx
    >>> values, method = betweenness(nx.florentine_families_graph(), nodes=["Medici"])
    >>> round(values["Medici"], 4), method
    (0.522, 'exact')
    """
    order, A = adjacency(G)
    values, method = _betweenness(A, k=k, seed=seed)
    index = {v: i for i, v in enumerate(order)}
    return {v: float(values[index[v]]) for v in (order if nodes is None else nodes)}, method


def _betweenness(A: sp.csr_array, *, k: int | None, seed: int) -> tuple[np.ndarray, str]:
    """:func:`betweenness` of every row of the 0/1 adjacency ``A``."""
    n, m = A.shape[0], A.nnz // 2
    if n < 3 or m == 0:
        return np.zeros(n), "exact"
    if k is None:
        exact = n * m <= EXACT_BETWEENNESS_WORK
        k = n if exact else max(20, math.ceil(SAMPLED_BETWEENNESS_WORK / m))
    if k >= n:
        sources, method = np.arange(n), "exact"
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=k, replace=False))
        method = f"estimated from {k} sampled sources (seed {seed})"
    batch = max(1, min(len(sources), 4_000_000 // n))
    totals = np.zeros(n)
    for i in range(0, len(sources), batch):
        totals += _dependencies(A, sources[i : i + batch])
    totals *= (n / len(sources)) / ((n - 1) * (n - 2))
    return totals, method
