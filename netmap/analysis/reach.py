"""Reach: how many people are 1, 2, 3 steps away, who opens them, and how diverse they are.

The greedy cover (:mod:`netmap.analysis.cover`) and diversity (Blau, IQV, entropy:
:mod:`netmap.analysis.diversity`) are re-exported here.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from netmap.analysis.cover import COVER_COLUMNS, GREEDY_GUARANTEE, _cover, reach_cover
from netmap.analysis.diversity import _by_distance, _diversity, diversity
from netmap.analysis.walk import _frame, _Walk
from netmap.graph import list_attribute as _labels

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "COVER_COLUMNS",
    "GREEDY_GUARANTEE",
    "NO_GROUP",
    "OPENER_COLUMNS",
    "REACH_COLUMNS",
    "diversity",
    "headline",
    "marginal_reach",
    "reach",
    "reach_analysis",
    "reach_cover",
]

#: Columns of :func:`reach`.
REACH_COLUMNS = ["hops", "group", "count", "cumulative"]
#: Columns of :func:`marginal_reach`.
OPENER_COLUMNS = ["contact", "name", "circles", "opens", "unique"]
#: The group of the people who have no circle (or no organisation) in ``reach(by=...)``.
NO_GROUP = "(none)"
_BY = {"circle": "circles", "organisation": "organisations"}


# --------------------------------------------------------------------------------------------
# Reach per distance


def _reach(walk: _Walk, hops: int, by: str | None) -> pd.DataFrame:
    if by is not None and by not in _BY:
        raise ValueError(f"by must be None, 'circle' or 'organisation', not {by!r}")
    exact: Counter = Counter()  # (group, hops) -> people
    for v, d in walk.dist.items():
        if d > hops:
            continue
        if by is None:
            groups = ["all"]
        else:
            groups = _labels(walk.G.nodes[v].get(_BY[by])) or [NO_GROUP]
        for group in groups:
            exact[group, d] += 1
    if by is None:
        exact["all", 1] += 0
    totals = Counter()
    for (group, _), n in exact.items():
        totals[group] += n
    order = sorted(totals, key=lambda g: (g == NO_GROUP, -totals[g], g))
    rows = []
    for group in order:
        cumulative = 0
        for h in range(1, hops + 1):
            cumulative += exact[group, h]
            rows.append(
                {"hops": h, "group": group, "count": exact[group, h], "cumulative": cumulative}
            )
    return _frame(rows, REACH_COLUMNS)


def reach(
    G: nx.Graph, ego: Any = None, *, hops: int = 3, by: str | None = None, weight: Any = None
) -> pd.DataFrame:
    """How many people are exactly 1, 2, ... ``hops`` steps from the ego, in all or per group.

    The distance :math:`d(e, v)` is the number of ties on a shortest path from the ego
    :math:`e` to :math:`v` (breadth-first search, cut off at ``hops``). For each
    :math:`h = 1 .. hops` and each group :math:`g`,

    .. math:: \\mathrm{count}(h, g) = |\\{v \\in g : d(e, v) = h\\}|, \\qquad
              \\mathrm{cumulative}(h, g) = \\sum_{i \\le h} \\mathrm{count}(i, g).

    Only people are counted and walked through: nodes of ``kind="affiliation"`` (an
    organisation kept as a node) are not people, and a path through one is no acquaintance.
    The ego is not counted.

    Parameters
    ----------
    G : networkx.Graph
        The network; only its structure is needed (research graphs without attributes work).
    ego : node, optional
        The ego; defaults to ``G.graph["ego"]``.
    hops : int
        The largest distance counted (>= 1).
    by : {None, "circle", "organisation"}
        ``None`` gives one group, ``"all"``. ``"circle"`` and ``"organisation"`` give one group
        per value of the nodes' ``circles`` / ``organisations``: a person in several circles is
        counted once in each (so the groups may add up to more than the people), and a person
        with none is in the group ``"(none)"``. Groups are ordered by their total, ``"(none)"``
        last; a group has a row for every distance, zeros included.
    weight : None
        Ignored: reach counts steps, not costs. Accepted so every analysis takes the same
        arguments.

    Returns
    -------
    pandas.DataFrame
        Columns ``hops``, ``group``, ``count``, ``cumulative``.

    Raises
    ------
    NetmapError
        The graph has no ego, or the ego is not one of its nodes.

    References
    ----------
    Travers, J. & Milgram, S. (1969). An experimental study of the small world problem.
    *Sociometry* 32(4), 425-443.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["me", "a", "b", "c", "d"])
    >>> nx.set_node_attributes(G, {"a": ["work"], "b": ["work", "family"]}, "circles")
    >>> reach(G, "me")
       hops group  count  cumulative
    0     1   all      1           1
    1     2   all      1           2
    2     3   all      1           3
    >>> reach(G, "me", hops=2, by="circle")
       hops   group  count  cumulative
    0     1    work      1           1
    1     2    work      1           2
    2     1  family      0           0
    3     2  family      1           1
    """
    return _reach(_Walk(G, ego, hops), hops, by)


# --------------------------------------------------------------------------------------------
# Who opens the second step


def _marginal(walk: _Walk) -> pd.DataFrame:
    two = walk.two_step
    through: Counter = Counter()  # person at distance 2 -> how many contacts lead to them
    for people in two.values():
        through.update(people)
    rows = [
        {
            "contact": c,
            "name": walk.name(c),
            "circles": _labels(walk.G.nodes[c].get("circles")),
            "opens": len(people),
            "unique": sum(1 for v in people if through[v] == 1),
        }
        for c, people in two.items()
    ]
    rows.sort(key=lambda r: (-r["opens"], -r["unique"], r["name"], str(r["contact"])))
    return _frame(rows, OPENER_COLUMNS)


def marginal_reach(G: nx.Graph, ego: Any = None, *, weight: Any = None) -> pd.DataFrame:
    """Which contacts open the most people the ego cannot reach directly.

    With :math:`N_1` the ego's contacts and :math:`N_2` the people exactly 2 steps away
    (not contacts, not the ego), a contact :math:`c \\in N_1`

    - *opens* :math:`|N(c) \\cap N_2|` people: those it is tied to that the ego is not;
    - is the *unique* way to :math:`|\\{v \\in N(c) \\cap N_2 : N(v) \\cap N_1 = \\{c\\}\\}|`
      of them: the people the ego would no longer reach in 2 steps without :math:`c`
      (its marginal 2-step reach).

    Affiliation nodes are neither counted nor walked through (see :func:`reach`). On a star
    (a contact export with no tie between contacts) every contact opens 0.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    weight : None
        Ignored (steps, not costs); accepted for a common signature.

    Returns
    -------
    pandas.DataFrame
        One row per contact: ``contact`` (node id), ``name``, ``circles`` (list),
        ``opens``, ``unique``; sorted by ``opens``, then ``unique``, descending, then name.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press (non-redundant contacts).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "a"), ("me", "b"), ("a", "x"), ("a", "y"), ("b", "y")])
    >>> marginal_reach(G, "me")[["contact", "opens", "unique"]]
      contact  opens  unique
    0       a      2       1
    1       b      1       0
    """
    return _marginal(_Walk(G, ego, 2))


# --------------------------------------------------------------------------------------------
# Everything at once, and the headline


def reach_analysis(
    G: nx.Graph,
    ego: Any = None,
    *,
    hops: int = 3,
    by: str | None = None,
    top: int = 5,
    weight: Any = None,
) -> dict:
    """Every reach measure from one breadth-first search: what ``netmap reach`` shows.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    hops : int
        As in :func:`reach`.
    by : {None, "circle", "organisation"}
        As in :func:`reach`.
    top : int
        How many contacts the greedy cover picks (:func:`reach_cover`'s ``k``).
    weight : None
        Ignored (steps, not costs); accepted for a common signature.

    Returns
    -------
    dict
        ``reach`` (:func:`reach`), ``openers`` (:func:`marginal_reach`, every contact),
        ``cover`` (:func:`reach_cover` with ``k=top``), ``diversity`` (a DataFrame with
        one row of :func:`diversity` per distance ``1 .. hops``), ``second`` (how many people
        are 2 steps away), ``contact_ties`` (ties between two of the ego's contacts: none in
        a star) and ``guarantee`` (:data:`GREEDY_GUARANTEE`).

    Examples
    --------
    >>> import networkx as nx
    >>> parts = reach_analysis(nx.star_graph(["me", "a", "b"]), "me", hops=2)
    >>> parts["reach"]["count"].tolist(), parts["second"], len(parts["cover"])
    ([2, 0], 0, 0)
    """
    walk = _Walk(G, ego, hops)
    return {
        "reach": _reach(walk, hops, by),
        "openers": _marginal(walk),
        "cover": _cover(walk, top),
        "diversity": _by_distance(walk, hops),
        "second": walk.second,
        "contact_ties": walk.contact_ties,
        "guarantee": GREEDY_GUARANTEE,
    }


def _people(n: int) -> str:
    return f"{n:,} person" if n == 1 else f"{n:,} people"


def headline(G: nx.Graph, ego: Any = None, *, k: int = 3, weight: Any = None) -> dict:
    """A few numbers about the ego's reach and one sentence a student understands.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    k : int
        The size of the greedy cover reported.
    weight : None
        Ignored (steps, not costs); accepted for a common signature.

    Returns
    -------
    dict
        ``direct``, ``two_steps``, ``three_steps`` (people exactly 1, 2, 3 steps away),
        ``top_opener`` (name, or None), ``top_opener_unique`` (people only they open),
        ``cover_k``, ``cover_share`` (share of the 2-step people that the best-found k
        contacts open, None when nobody is 2 steps away), ``circles`` and ``blau`` of the
        direct contacts, and ``sentence``.

    Examples
    --------
    >>> import networkx as nx
    >>> print(headline(nx.star_graph(["me", "a", "b"]), "me")["sentence"])
    You know 2 people directly. Everyone in your data is one of your own contacts, so nobody \
is 2 steps away (an address book only holds people you know).
    """
    walk = _Walk(G, ego, 3)
    counts = Counter(walk.dist.values())
    opener = _marginal(walk).sort_values(["unique", "opens"], ascending=False, kind="stable")
    cover = _cover(walk, k)
    div = _diversity(walk, 1)
    top = opener.iloc[0] if len(opener) and opener.iloc[0]["unique"] > 0 else None
    result = {
        "direct": counts[1],
        "two_steps": counts[2],
        "three_steps": counts[3],
        "top_opener": None if top is None else str(top["name"]),
        "top_opener_unique": 0 if top is None else int(top["unique"]),
        "cover_k": len(cover),
        "cover_share": float(cover["share"].iloc[-1]) if len(cover) else None,
        "circles": div["circles"],
        "blau": div["blau"],
    }
    words = [f"You know {_people(counts[1])} directly."]
    if counts[1] and not counts[2]:
        words.append(
            "Everyone in your data is one of your own contacts, so nobody is 2 steps away "
            "(an address book only holds people you know)."
        )
    elif counts[2]:
        words.append(
            f"Through them you are 2 steps from {counts[2]:,} more"
            + (f" and 3 steps from {counts[3]:,} more." if counts[3] else ".")
        )
        if top is not None:
            words.append(
                f"{top['name']} alone connects you to {_people(int(top['unique']))}"
                " nobody else you know does."
            )
        words.append(
            f"The {len(cover)} best-placed contact(s) together open "
            f"{result['cover_share']:.0%} of the people 2 steps away."
        )
    if div["blau"] is not None:
        words.append(
            f"Your contacts span {div['circles']} circle(s): two of them picked at "
            f"random are in different circles {div['blau']:.0%} of the time (Blau index)."
        )
    result["sentence"] = " ".join(words)
    return result
