"""Circle suggestions: circles for the contacts in none, from the circles of their contacts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from netmap.analysis.communities import _EgoNetwork

__all__ = ["SUGGESTION_COLUMNS", "suggest_circles"]


#: Columns of :func:`suggest_circles`.
SUGGESTION_COLUMNS = ["contact", "name", "circle", "votes", "tagged", "share", "evidence"]


def _suggestions(
    view: _EgoNetwork,
    min_votes: int,
    min_share: float,
    exclude: Mapping[Any, Iterable[str]] | None,
) -> pd.DataFrame:
    import pandas as pd

    names = list(view.circles)
    rows: list[dict] = []
    if names and view.alters:
        M = view.membership(list(view.circles.values()))
        tagged = np.array([1.0 if view.node_circles[n] else 0.0 for n in view.alters])
        votes = np.asarray((view.B @ M).todense())
        weighted = np.asarray((view.A @ M).todense())
        n_tagged = view.B @ tagged
        w_tagged = view.A @ tagged
        exclude = exclude or {}
        for i, node in enumerate(view.alters):
            if tagged[i] or not n_tagged[i]:
                continue
            banned = set(exclude.get(node, ())) | view.excluded[node]
            for k, circle in enumerate(names):
                share = weighted[i, k] / w_tagged[i] if w_tagged[i] else 0.0
                if votes[i, k] < min_votes or share < min_share or circle in banned:
                    continue
                v, t = int(votes[i, k]), int(n_tagged[i])
                verb = "is" if v == 1 else "are"
                rows.append(
                    {
                        "contact": node,
                        "name": view.names[node],
                        "circle": circle,
                        "votes": v,
                        "tagged": t,
                        "share": float(share),
                        "evidence": f"{v} of {t} of their contacts {verb} in {circle}",
                    }
                )
    df = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    if not df.empty:
        order = ["share", "votes", "name", "circle"]
        df = df.sort_values(order, ascending=[False, False, True, True], kind="stable")
        df = df.reset_index(drop=True)
    return df


def suggest_circles(
    G: nx.Graph,
    ego: Any = None,
    *,
    weight: str | None = None,
    min_votes: int = 2,
    min_share: float = 0.5,
    exclude: Mapping[Any, Iterable[str]] | None = None,
) -> pd.DataFrame:
    r"""Circles for the contacts in none, from the circles of the contacts they are tied to.

    For a contact :math:`v` in no circle, with :math:`T(v)` its contacts who are in a
    circle, circle :math:`c` gets the votes :math:`|\{u \in T(v) : c \in \mathrm{circles}(u)\}|`
    and the share :math:`\sum_{u \in T(v),\, c \ni u} w_{uv} / \sum_{u \in T(v)} w_{uv}`
    (every :math:`w_{uv} = 1` without ``weight``: a majority vote; with it, a vote weighted
    by tie strength, Macskassy & Provost's weighted-vote relational-neighbour classifier).
    It is suggested when it has at least ``min_votes`` votes and a share of at least
    ``min_share``; several circles may be suggested, as circles overlap. ``exclude`` maps a
    contact to circles never to suggest (those the user untagged by hand).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUGGESTION_COLUMNS`, highest share first; ``evidence`` says it in
        words ("4 of 5 of their contacts are in studies").

    References
    ----------
    S. A. Macskassy and F. Provost, "Classification in networked data: a toolkit and a
    univariate case study", JMLR 8:935-983, 2007.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(["new", "a", "b", "c", "d", "e"])
    >>> nx.set_node_attributes(G, {n: ["studies"] for n in "abcd"}, "circles")
    >>> G.nodes["e"]["circles"] = ["family"]
    >>> G.add_edges_from(("me", n) for n in list(G))
    >>> suggest_circles(G, "me")["evidence"].tolist()
    ['4 of 5 of their contacts are in studies']
    """
    # communities imports this module (it re-exports suggest_circles and uses _suggestions),
    # so the ego network view is imported here, not at the top.
    from netmap.analysis.communities import _EgoNetwork

    view = _EgoNetwork(G, ego, weight)
    return _suggestions(view, min_votes, min_share, exclude)
