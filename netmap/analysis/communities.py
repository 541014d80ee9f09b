"""Communities among the ego's contacts against their declared circles.

Circle suggestions (:mod:`netmap.analysis.circle_suggestions`) are re-exported here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from netmap.analysis.circle_scoring import (
    BASELINES,
    baseline_circles,
    best_matching,
    pair_scores,
    score_circles,
)
from netmap.analysis.circle_suggestions import SUGGESTION_COLUMNS, _suggestions, suggest_circles
from netmap.graph import list_attribute as _labels

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "COMMUNITY_COLUMNS",
    "METHODS",
    "SCORE_COLUMNS",
    "SUGGESTION_COLUMNS",
    "circle_scores",
    "communities",
    "compare_circles",
    "find_communities",
    "headline",
    "score_ego_networks",
    "suggest_circles",
]

#: Community-finding methods, and what each gives.
METHODS = {
    "louvain": "Louvain communities of your contacts (each in exactly one)",
    "nested": "every level of Louvain's hierarchy: nested communities, as circles often are",
}
#: Columns of :func:`circle_scores`.
SCORE_COLUMNS = [
    "circles",
    "kind",
    "circles_found",
    "circles_true",
    "one_minus_ber",
    "f1",
    "f1_all_circles",
    "description",
]
#: Columns of :func:`communities`.
COMMUNITY_COLUMNS = [
    "community",
    "size",
    "circle",
    "f1",
    "one_minus_ber",
    "composition",
    "untagged",
    "members",
]


def _weight(value: Any) -> float:
    """A tie's weight as a float; missing or unreadable counts 1."""
    try:
        w = float(value)
    except (TypeError, ValueError):
        return 1.0
    return 1.0 if math.isnan(w) else w


class _EgoNetwork:
    """The ego's contacts (people, not the ego), their ties to each other and their circles."""

    def __init__(self, G: nx.Graph, ego: Any = None, weight: str | None = None) -> None:
        import networkx as nx
        import scipy.sparse as sp

        from netmap.errors import NetmapError, NotFoundError

        ego = G.graph.get("ego") if ego is None else ego
        if ego is None:
            raise NetmapError("the graph has no ego", hint="give the ego's node id")
        if ego not in G:
            raise NotFoundError(f"no node {ego!r} in the graph", hint="give the ego's node id")
        self.ego = ego
        nbrs = set(G.to_undirected(as_view=True)[ego]) if G.is_directed() else set(G[ego])
        self.alters = [
            n for n in G if n in nbrs and n != ego and G.nodes[n].get("kind") != "affiliation"
        ]
        self.index = {n: i for i, n in enumerate(self.alters)}
        self.names = {n: str(G.nodes[n].get("name") or n) for n in self.alters}
        # Circles the user removed by hand (graph.build_graph's ``excluded_circles``).
        self.excluded = {n: set(G.nodes[n].get("excluded_circles") or ()) for n in self.alters}
        self.weighted = weight is not None
        H = nx.Graph()
        H.add_nodes_from(self.alters)
        for u, v, data in G.subgraph(self.alters).edges(data=True):
            if u == v:
                continue
            if weight is None:
                H.add_edge(u, v)
            else:
                H.add_edge(u, v, weight=_weight(data.get(weight)))
        self.graph = H
        rows, cols, vals = [], [], []
        for u, v, w in H.edges(data="weight", default=1.0):
            i, j = self.index[u], self.index[v]
            rows += [i, j]
            cols += [j, i]
            vals += [w, w]
        n = len(self.alters)
        self.A = sp.csr_array((np.asarray(vals, dtype=float), (rows, cols)), shape=(n, n))
        self.B = (self.A != 0).astype(float)
        self.node_circles = {n: _labels(G.nodes[n].get("circles")) for n in self.alters}
        circles: dict[str, set] = {}
        for node in self.alters:
            for circle in self.node_circles[node]:
                circles.setdefault(circle, set()).add(node)
        self.circles = dict(sorted(circles.items()))

    def membership(self, groups: list[Iterable]):
        """The 0/1 people x groups matrix."""
        import scipy.sparse as sp

        rows = [self.index[m] for g in groups for m in g]
        cols = [k for k, g in enumerate(groups) for _ in g]
        shape = (len(self.alters), len(groups))
        return sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=shape)


def _order(groups: Iterable[frozenset]) -> list[frozenset]:
    return sorted(groups, key=lambda c: (-len(c), sorted(map(str, c))))


def _find(
    view: _EgoNetwork, method: str, seed: int, resolution: float, overlap: float, min_size: int
) -> list[frozenset]:
    import networkx as nx

    from netmap.errors import NetmapError

    w = "weight" if view.weighted else None
    kwargs = {"weight": w, "resolution": resolution, "seed": seed}
    if method == "louvain":
        parts = [nx.community.louvain_communities(view.graph, **kwargs)]
    elif method == "nested":
        parts = list(nx.community.louvain_partitions(view.graph, **kwargs))
    else:
        raise NetmapError(f"unknown method {method!r}", hint="choose " + " or ".join(METHODS))
    found = list(dict.fromkeys(frozenset(c) for part in parts for c in part))
    if overlap > 0 and found:
        share = np.asarray((view.A @ view.membership(found)).todense())
        degree = np.asarray(view.A.sum(axis=1)).reshape(-1, 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            join = (degree > 0) & (share / np.where(degree > 0, degree, 1) >= overlap)
        found = list(
            dict.fromkeys(
                c | {view.alters[i] for i in np.flatnonzero(join[:, k])}
                for k, c in enumerate(found)
            )
        )
    return _order(c for c in found if len(c) >= min_size)


def find_communities(
    G: nx.Graph,
    ego: Any = None,
    *,
    method: str = "louvain",
    weight: str | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    overlap: float = 0.0,
    min_size: int = 1,
) -> list[frozenset]:
    r"""Communities among the ego's contacts, found on the ego network without the ego.

    The ego is left out, as McAuley & Leskovec do: linked to everybody, it would hold every
    community together. ``louvain`` maximises the modularity
    :math:`Q = \frac{1}{2m}\sum_{ij}\bigl(A_{ij} - \gamma\frac{k_i k_j}{2m}\bigr)
    \delta(c_i, c_j)` greedily (Blondel et al. 2008; ``resolution`` is :math:`\gamma`); a
    contact with no tie to another contact is a community of one. ``nested`` keeps every
    level of the same run (the small communities and the larger ones they merge into), since
    real circles nest. With ``overlap`` :math:`\theta > 0`, a contact also joins every
    community that holds at least a share :math:`\theta` of its ties (of their strength
    with ``weight``), since real circles overlap.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    method : {"louvain", "nested"}
    weight : str, optional
        Edge attribute to weigh ties by (``"strength"``); missing values count 1.
    seed : int
        Louvain's random seed: the same seed gives the same communities.
    resolution : float
        Above 1, smaller communities; below 1, larger ones.
    overlap : float
        :math:`\theta` in (0, 1]; 0 (default) adds nobody.
    min_size : int
        Leave out communities with fewer people.

    Returns
    -------
    list of frozenset
        Largest first.

    References
    ----------
    V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
    communities in large networks", J. Stat. Mech. P10008, 2008. J. McAuley and J. Leskovec,
    "Learning to discover social circles in ego networks", NIPS 2012.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)
    >>> G.add_edges_from(("me", n) for n in list(G))
    >>> [sorted(c) for c in find_communities(G, "me")]
    [[0, 1, 2], [3, 4, 5]]
    """
    view = _EgoNetwork(G, ego, weight)
    return _find(view, method, seed, resolution, overlap, min_size)


def _scores(view: _EgoNetwork, found: list[frozenset], method: str, seed: int) -> pd.DataFrame:
    import pandas as pd

    true = list(view.circles.values())
    rows = [
        {"circles": method, "kind": "found", "description": METHODS[method]}
        | score_circles(found, true, view.alters)
    ]
    baselines = baseline_circles(view.alters, [len(c) for c in found], seed=seed)
    for name, circles in baselines.items():
        rows.append(
            {"circles": name, "kind": "baseline", "description": BASELINES[name]}
            | score_circles(circles, true, view.alters)
        )
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _communities(view: _EgoNetwork, found: list[frozenset]) -> pd.DataFrame:
    import pandas as pd

    names = list(view.circles)
    pairs: dict[int, tuple[str, float, float]] = {}
    if found and names:
        s, f = pair_scores(found, list(view.circles.values()), view.alters)
        for i, j in best_matching(f):
            pairs[j] = (names[i], float(f[i, j]), float(s[i, j]))
    rows = []
    for k, members in enumerate(found):
        counts = Counter(c for m in members for c in view.node_circles[m])
        circle, f1, ber = pairs.get(k, (None, math.nan, math.nan))
        rows.append(
            {
                "community": f"c{k + 1}",
                "size": len(members),
                "circle": circle,
                "f1": f1,
                "one_minus_ber": ber,
                "composition": [f"{c} {n}" for c, n in sorted(counts.items(), key=_by_count)],
                "untagged": sum(1 for m in members if not view.node_circles[m]),
                "members": sorted(view.names[m] for m in members),
            }
        )
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)


def compare_circles(
    G: nx.Graph,
    ego: Any = None,
    *,
    method: str = "louvain",
    weight: str | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    overlap: float = 0.0,
    min_size: int = 1,
    min_votes: int = 2,
    min_share: float = 0.5,
    exclude: Mapping[Any, Iterable[str]] | None = None,
) -> dict[str, Any]:
    """Everything ``netmap circles compare`` shows, computed once.

    Parameters are those of :func:`find_communities` and :func:`suggest_circles`.

    Returns
    -------
    dict
        ``scores`` (:func:`circle_scores`), ``communities`` (:func:`communities`),
        ``suggestions`` (:func:`suggest_circles`), and the counts ``contacts`` (the ego's),
        ``ties`` (between contacts), ``tagged`` (contacts in a declared circle),
        ``circles`` (declared circles).

    Examples
    --------
    >>> import networkx as nx
    >>> parts = compare_circles(nx.star_graph(["me", "a", "b"]), "me")
    >>> parts["contacts"], parts["ties"], len(parts["communities"]), len(parts["suggestions"])
    (2, 0, 2, 0)
    """
    view = _EgoNetwork(G, ego, weight)
    found = _find(view, method, seed, resolution, overlap, min_size)
    return {
        "scores": _scores(view, found, method, seed),
        "communities": _communities(view, found),
        "suggestions": _suggestions(view, min_votes, min_share, exclude),
        "contacts": len(view.alters),
        "ties": view.graph.number_of_edges(),
        "tagged": sum(1 for n in view.alters if view.node_circles[n]),
        "circles": len(view.circles),
    }


def circle_scores(G: nx.Graph, ego: Any = None, **kwargs: Any) -> pd.DataFrame:
    """The found communities scored against the declared circles, beside trivial baselines.

    Each row scores a set of circles with :func:`~netmap.analysis.circle_scoring.score_circles`
    (1 - balanced error rate and F1 after optimal matching, McAuley & Leskovec 2012, and
    ``f1_all_circles``, the F1 over every declared circle): first the communities found
    (``kind="found"``, named by the method), then the baselines of
    :data:`~netmap.analysis.circle_scoring.BASELINES` (``kind="baseline"``): one circle of
    everybody, and random circles of the found sizes. Scores are NaN when no contact is in a
    circle. ``kwargs`` are those of :func:`find_communities`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)
    >>> nx.set_node_attributes(G, {n: ["left"] if n < 3 else ["right"] for n in G}, "circles")
    >>> G.add_edges_from(("me", n) for n in list(G))
    >>> circle_scores(G, "me")[["circles", "one_minus_ber", "f1"]].round(3).values.tolist()
    [['louvain', 1.0, 1.0], ['everyone', 0.5, 0.667], ['shuffled', 0.667, 0.667]]
    """
    return compare_circles(G, ego, **kwargs)["scores"]


def communities(G: nx.Graph, ego: Any = None, **kwargs: Any) -> pd.DataFrame:
    """One row per community found, with the declared circles of its members.

    ``circle`` is the declared circle matched to the community by the optimal F1 matching
    (None when the community is left unmatched), with the pair's ``f1`` and
    ``one_minus_ber`` (the overall 1 - BER of :func:`circle_scores` uses its own optimal
    matching, as McAuley's code does); ``composition`` counts its members per declared
    circle, ``untagged`` those in none; ``members`` are names. ``kwargs`` are those of
    :func:`find_communities`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c")], ego=None)
    >>> G.add_node("c", circles=["studies"]); G.add_node("a", circles=["studies"])
    >>> G.add_edges_from(("me", n) for n in "abcd")
    >>> communities(G, "me")[["community", "size", "circle", "composition", "untagged"]]
      community  size   circle  composition  untagged
    0        c1     3  studies  [studies 2]         1
    1        c2     1      NaN           []         1
    """
    return compare_circles(G, ego, **kwargs)["communities"]


def score_ego_networks(graphs: Iterable[nx.Graph], **kwargs: Any) -> pd.DataFrame:
    """:func:`circle_scores` of many ego networks, one block of rows per ego (column ``ego``).

    McAuley & Leskovec average each score over the egos:
    ``score_ego_networks(graphs).groupby("circles")[["one_minus_ber", "f1"]].mean()``.
    ``kwargs`` are those of :func:`find_communities` (the ego of each graph is its
    ``G.graph["ego"]``).
    """
    import pandas as pd

    frames = []
    for G in graphs:
        df = circle_scores(G, **kwargs)
        df.insert(0, "ego", G.graph.get("ego"))
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def headline(G: nx.Graph, ego: Any = None, *, weight: str | None = None, seed: int = 0) -> dict:
    """A few numbers about the groups among the ego's contacts, and one plain sentence.

    Returns
    -------
    dict
        ``contacts``, ``groups`` (Louvain communities of two people or more), ``circles``
        (declared), ``one_minus_ber`` and ``f1`` of the communities against the circles,
        ``baseline_f1`` (one circle of everybody), ``suggestions`` (untagged contacts who
        could join a circle), and ``sentence``.

    Examples
    --------
    >>> import networkx as nx
    >>> print(headline(nx.star_graph(["me", "a", "b"]), "me")["sentence"])
    None of your 2 contacts are tied to each other in this data, so there are no groups \
to find.
    """
    parts = compare_circles(G, ego, weight=weight, seed=seed)
    scores = parts["scores"].set_index("circles")
    groups = int((parts["communities"]["size"] >= 2).sum())
    n = parts["contacts"]
    suggested = parts["suggestions"]["contact"].nunique()
    out = {
        "contacts": n,
        "groups": groups,
        "circles": parts["circles"],
        "one_minus_ber": float(scores.loc["louvain", "one_minus_ber"]),
        "f1": float(scores.loc["louvain", "f1"]),
        "baseline_f1": float(scores.loc["everyone", "f1"]),
        "suggestions": int(suggested),
    }
    if not n:
        sentence = "There is nobody but you in this graph, so there are no groups to find."
    elif not parts["ties"]:
        sentence = (
            f"None of your {n} contacts are tied to each other in this data, so there are no "
            "groups to find."
        )
    elif not parts["circles"]:
        sentence = (
            f"Your contacts form {groups} group(s) of people who know each other; none of "
            "your contacts is in a circle yet, so they cannot be compared with your circles."
        )
    elif out["f1"] <= out["baseline_f1"]:
        sentence = (
            f"Your contacts form {groups} group(s) of people who know each other, but they "
            f"match your {parts['circles']} circle(s) no better than one circle holding "
            f"everybody would (F1 {out['f1']:.2f} against {out['baseline_f1']:.2f}): the ties "
            "known between your contacts say little about your circles."
        )
    else:
        sentence = (
            f"Your contacts form {groups} group(s) of people who know each other; they "
            f"match your {parts['circles']} circle(s) with F1 {out['f1']:.2f} (1 is a "
            f"perfect match; one circle holding everybody would score {out['baseline_f1']:.2f})."
        )
    if suggested:
        sentence += (
            f" {suggested} contact(s) in no circle could join the circle most of their "
            "contacts are in."
        )
    out["sentence"] = sentence
    return out
