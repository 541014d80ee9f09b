"""Overlap, bridges, local bridges and span of every tie: the structure behind weak ties."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from netmap.graph import list_attribute as _labels
from netmap.graph import resolve_ego as _ego_of

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import pandas as pd

__all__ = ["ALTER_BRIDGE_COLUMNS", "EDGE_COLUMNS", "alter_bridges", "edge_structure"]

#: Columns of :func:`edge_structure`, one row per edge.
EDGE_COLUMNS = ["u", "v", "name_u", "name_v", "mutual", "overlap", "local_bridge", "bridge",
                "span", "circles_u", "circles_v"]  # fmt: skip
#: Columns of :func:`alter_bridges`, one row per local bridge between two contacts.
ALTER_BRIDGE_COLUMNS = ["a", "b", "name_a", "name_b", "circles_a", "circles_b", "mutual",
                        "bridge", "span", "between_circles"]  # fmt: skip


# --------------------------------------------------------------------------------------------
# The graph as a sparse matrix, and the three structural kernels


def _people(G: nx.Graph) -> nx.Graph:
    """``G`` undirected and simple, without affiliation nodes (a view when it already is).

    Self-loops are not removed here (copying a large graph costs seconds): every kernel
    below skips them.
    """
    import networkx as nx

    if G.is_directed() or G.is_multigraph():
        G = nx.Graph(G.to_undirected(as_view=True))
    if any(kind == "affiliation" for _, kind in G.nodes(data="kind")):
        G = G.subgraph(n for n, kind in G.nodes(data="kind") if kind != "affiliation")
    return G


def _adjacency(G: nx.Graph) -> tuple[list[Any], Any]:
    """The nodes and the symmetric 0/1 CSR adjacency matrix, self-loops left out.

    Read straight from the adjacency dicts (twice as fast as iterating ``G.edges()``).
    """
    import numpy as np
    import scipy.sparse as sp

    adj = G.adj
    nodes = list(adj)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    degree = np.fromiter((len(nbrs) for nbrs in adj.values()), dtype=np.int64, count=n)
    indices = np.fromiter(
        (index[v] for nbrs in adj.values() for v in nbrs), dtype=np.int64, count=int(degree.sum())
    )
    rows = np.repeat(np.arange(n), degree)
    keep = rows != indices
    A = sp.csr_array(
        (np.ones(int(keep.sum()), dtype=np.int64), (rows[keep], indices[keep])), shape=(n, n)
    )
    A.sort_indices()
    return nodes, A


def _edge_mutual(A: Any, budget: int = 20_000_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every edge ``i < j`` of ``A`` and its common neighbours ``(A @ A)[i, j]``.

    The product is computed by blocks of rows, masked by ``A``, so memory stays bounded by
    ``budget`` products even on a million edges.
    """
    import numpy as np
    import scipy.sparse as sp

    U = sp.triu(A, k=1, format="csr")
    n = A.shape[0]
    cost = np.cumsum(A @ np.diff(A.indptr))  # products made by each row's block
    rows, cols, mutual = [], [], []
    start = 0
    while start < n:
        done = cost[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(cost, done + budget, side="right")))
        block = U[start:stop]
        block.data[:] = 1
        common = (A[start:stop] @ A).multiply(block)
        counted = sp.csr_array(block + common)  # same pattern as block: mutual + 1
        counted.sort_indices()
        rows.append(np.repeat(np.arange(start, stop), np.diff(counted.indptr)))
        cols.append(counted.indices.copy())
        mutual.append(counted.data - 1)
        start = stop
    if not rows:
        return (np.empty(0, np.int64),) * 3
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(mutual).astype(np.int64)


def _bridges(A: Any, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Which edges ``rows[e] - cols[e]`` are bridges, by one depth-first search in C.

    scipy's depth-first order gives a DFS tree in which every other edge joins a node to an
    ancestor; a tree edge ``(parent, c)`` is a bridge iff no such back edge leaves the subtree
    of ``c``. Components are chained through virtual nodes of degree <= 3 so that a single
    search covers them all; leaves are removed first (their edge is always a bridge).
    """
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components, depth_first_order

    n = A.shape[0]
    degree = np.diff(A.indptr)
    is_bridge = (degree[rows] == 1) | (degree[cols] == 1)
    keep = ~is_bridge
    r, c = rows[keep], cols[keep]
    if not len(r):
        return is_bridge
    _, comp = connected_components(
        sp.csr_array((np.ones(len(r)), (r, c)), shape=(n, n)), directed=False
    )
    roots = np.unique(comp[r], return_index=True)[1]  # one node per component with edges
    roots = r[np.sort(roots)]
    k = len(roots)
    virtual = np.arange(n, n + k)
    vr = np.r_[virtual[:-1], virtual]
    vc = np.r_[virtual[1:], roots]
    er, ec = np.r_[r, vr], np.r_[c, vc]
    graph = sp.csr_array(
        (np.ones(2 * len(er)), (np.r_[er, ec], np.r_[ec, er])), shape=(n + k, n + k)
    )
    order, pred = depth_first_order(graph, n, directed=False, return_predecessors=True)
    position = np.full(n + k, -1)
    position[order] = np.arange(len(order))
    tree = (pred[c] == r) | (pred[r] == c)
    back_r, back_c = r[~tree], c[~tree]
    lower = np.where(position[back_r] > position[back_c], back_r, back_c)
    upper = np.where(position[back_r] > position[back_c], back_c, back_r)
    cover = np.zeros(n + k, dtype=np.int64)
    np.add.at(cover, lower, 1)
    np.add.at(cover, upper, -1)
    for node in order[::-1].tolist():  # subtree sums, children before parents
        parent = pred[node]
        if parent >= 0:
            cover[parent] += cover[node]
    child = np.where(pred[c] == r, c, r)
    is_bridge[np.flatnonzero(keep)] = tree & (cover[child] == 0)
    return is_bridge


def _span(adj: Any, u: Any, v: Any) -> float:
    """Distance from ``u`` to ``v`` once the edge ``u - v`` is removed (bidirectional BFS).

    ``adj[x]`` lists the neighbours of ``x``: plain lists of row numbers (from the CSR
    matrix) walk many times faster than a networkx subgraph view, whose every step goes
    through node filters.
    """
    seen = ({u: 0}, {v: 0})
    frontier = ([u], [v])
    while frontier[0] and frontier[1]:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        mine, theirs = seen[side], seen[1 - side]
        best = math.inf
        nxt = []
        for x in frontier[side]:
            for y in adj[x]:
                if y in mine or (x == u and y == v) or (x == v and y == u):
                    continue
                mine[y] = mine[x] + 1
                nxt.append(y)
                if y in theirs:
                    best = min(best, mine[y] + theirs[y])
        if best < math.inf:
            return float(best)
        frontier = (nxt, frontier[1]) if side == 0 else (frontier[0], nxt)
    return math.inf


def _overlap(mutual: np.ndarray, ku: np.ndarray, kv: np.ndarray) -> np.ndarray:
    """Onnela's overlap ``n / ((ku - 1) + (kv - 1) - n)``; NaN when both degrees are 1."""
    import numpy as np

    denominator = (ku - 1) + (kv - 1) - mutual
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, mutual / np.maximum(denominator, 1), np.nan)


def edge_structure(G: nx.Graph, *, max_spans: int = 20_000) -> pd.DataFrame:
    """Common neighbours, overlap, bridge, local bridge and span of every edge of ``G``.

    The **overlap** of the tie ``i - j`` (Onnela et al. 2007) is the share of their contacts
    they have in common, ``O = n_ij / ((k_i - 1) + (k_j - 1) - n_ij)`` with ``n_ij`` the
    common neighbours and ``k`` the degrees; it is undefined (NaN) when both degrees are 1.
    A **local bridge** is a tie whose ends have no common neighbour; its **span** is the
    distance between the ends once the tie is removed (infinite for a **bridge**, whose
    removal disconnects them); a tie in a triangle has span 2 (Easley & Kleinberg 2010, ch. 3).

    All overlaps come from one sparse product ``A @ A`` (by blocks, masked by ``A``), the
    bridges from one depth-first search, and only the spans of local bridges that are not
    bridges need a (bidirectional) breadth-first search each. Self-loops and affiliation nodes
    are left out.

    Parameters
    ----------
    G : networkx.Graph
    max_spans : int
        Above this many local bridges that are not bridges (a large random graph, where almost
        every tie is one), their spans are not computed and are NaN: the rest stays exact.

    Returns
    -------
    pandas.DataFrame
        :data:`EDGE_COLUMNS`, one row per edge, ``u`` before ``v`` in node order.

    References
    ----------
    J.-P. Onnela et al., "Structure and tie strengths in mobile communication networks",
    PNAS 104(18):7332-7336, 2007. D. Easley and J. Kleinberg, *Networks, Crowds, and
    Markets*, Cambridge University Press, 2010, ch. 3 "Strong and Weak Ties".

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.karate_club_graph()
    >>> df = edge_structure(G).set_index(["u", "v"])
    >>> float(df.loc[(0, 1), "overlap"]), int(df.loc[(0, 1), "mutual"])
    (0.4375, 7)
    >>> int(edge_structure(nx.florentine_families_graph())["bridge"].sum())
    5
    """
    import numpy as np
    import pandas as pd

    H = _people(G)
    nodes, A = _adjacency(H)
    r, c, mutual = _edge_mutual(A)
    degree = np.diff(A.indptr)
    local = mutual == 0
    bridge = np.zeros(len(r), dtype=bool)
    if local.any():
        bridge = _bridges(A, r, c)
    span = np.where(local, np.nan, 2.0)
    span[bridge] = np.inf
    todo = np.flatnonzero(local & ~bridge)
    if 0 < len(todo) <= max_spans:
        ptr, idx = A.indptr.tolist(), A.indices.tolist()
        adj = [idx[ptr[i] : ptr[i + 1]] for i in range(len(nodes))]
        for e in todo.tolist():
            span[e] = _span(adj, int(r[e]), int(c[e]))
    names = [str(name or n) for n, name in H.nodes(data="name")]
    circles = [_labels(c) for _, c in H.nodes(data="circles")]
    return pd.DataFrame(
        {
            "u": [nodes[i] for i in r.tolist()],
            "v": [nodes[j] for j in c.tolist()],
            "name_u": [names[i] for i in r.tolist()],
            "name_v": [names[j] for j in c.tolist()],
            "mutual": mutual,
            "overlap": _overlap(mutual, degree[r], degree[c]),
            "local_bridge": local,
            "bridge": bridge,
            "span": span,
            "circles_u": [circles[i] for i in r.tolist()],
            "circles_v": [circles[j] for j in c.tolist()],
        },
        columns=EDGE_COLUMNS,
    )


def alter_bridges(G: nx.Graph, ego: Any = None) -> pd.DataFrame:
    """The local bridges between the ego's contacts: the ties that join parts of the network.

    Computed on the ego's network without the ego (its contacts and the ties among them): a
    tie between two contacts is a local bridge there when they have no other contact of the
    ego in common; its span is measured in that network (see :func:`edge_structure`).
    ``between_circles`` is True when both ends have circles and share none.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Default ``G.graph["ego"]``.

    Returns
    -------
    pandas.DataFrame
        :data:`ALTER_BRIDGE_COLUMNS`, ties between circles first, then by span, longest first.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "a"), ("me", "b"), ("me", "c"), ("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": ["family"], "b": ["family"], "c": ["work"]}, "circles")
    >>> alter_bridges(G, "me")[["a", "b", "span", "bridge", "between_circles"]].values.tolist()
    [['b', 'c', inf, True, True], ['a', 'b', inf, True, False]]
    """
    H = _people(G)
    ego = _ego_of(H, ego)
    df = edge_structure(H.subgraph(n for n in H[ego] if n != ego))
    ends = ["u", "v", "name_u", "name_v", "circles_u", "circles_v"]
    names = {c: c.replace("_u", "_a").replace("_v", "_b") for c in ends} | {"u": "a", "v": "b"}
    df = df[df["local_bridge"]].rename(columns=names)
    df["between_circles"] = [
        bool(x) and bool(y) and not set(x) & set(y)
        for x, y in zip(df["circles_a"], df["circles_b"], strict=True)
    ]
    df = df.sort_values(["between_circles", "span"], ascending=False, kind="stable")
    return df[ALTER_BRIDGE_COLUMNS].reset_index(drop=True)
