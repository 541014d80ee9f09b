"""Weak ties: what each of the ego's ties is worth, and how to reach it.

The structure of every tie (overlap, bridges, span) is in :mod:`netmap.analysis.bridges`;
its functions are re-exported here.
"""

from __future__ import annotations

import math
import re
from collections import deque
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from netmap.analysis.bridges import (
    ALTER_BRIDGE_COLUMNS,
    EDGE_COLUMNS,
    _ego_of,
    _labels,
    _overlap,
    _people,
    alter_bridges,
    edge_structure,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "ALTER_BRIDGE_COLUMNS",
    "EDGE_COLUMNS",
    "LABELS",
    "TIE_COLUMNS",
    "alter_bridges",
    "edge_structure",
    "headline",
    "weak_ties",
]

#: Columns of :func:`weak_ties`, one row per ego tie.
TIE_COLUMNS = [
    "contact", "name", "circles", "organisations", "degree", "mutual", "overlap",
    "local_bridge", "bridge", "span", "exclusive_reach", "rarity", "novelty", "mutual_factor",
    "value", "strength", "last_contact", "months_since_contact", "dormant", "label", "why",
]  # fmt: skip
#: The label of an ego tie, from its value (top third or not) and whether it is dormant.
LABELS = {
    (True, False): "ask now",
    (True, True): "reconnect",
    (False, False): "keep warm",
    (False, True): "low priority",
}
_DATE = re.compile(r"\b(last contact|connected on)\s+(\d{4}(?:-\d{2}){0,2})\b")
_DAYS_PER_MONTH = 365.25 / 12


# --------------------------------------------------------------------------------------------
# The ego's ties


def _nearest_other(adj: Any, ego: Any, alters: list[Any], targets: set[Any]) -> dict[Any, int]:
    """For each alter in ``targets``, the distance to the nearest other alter avoiding the ego.

    One breadth-first search from every alter at once in which each node keeps the first two
    distinct alters that reach it: the second one to reach an alter is the nearest other one
    (each node is visited at most twice, so the search is linear). Stops once every target is
    settled; targets that no other alter can reach are left out.
    """
    first: dict[Any, Any] = {a: a for a in alters}
    second: set[Any] = set()
    found: dict[Any, int] = {}
    queue = deque((a, a, 0) for a in alters)
    while queue and len(found) < len(targets):
        node, source, dist = queue.popleft()
        for nb in adj[node]:
            if nb == ego or nb == node:
                continue
            owner = first.get(nb)
            if owner is None:
                first[nb] = source
            elif owner != source and nb not in second:
                second.add(nb)
                if nb in targets:
                    found[nb] = dist + 1
            else:
                continue
            queue.append((nb, source, dist + 1))
    return found


def _ego_spans(
    adj: Any, ego: Any, alters: list[Any], candidates: list[Any], budget: int = 2000
) -> dict[Any, float]:
    """Span of the ego's ties to ``candidates`` (contacts with no mutual contact).

    Without the tie, the shortest way from the ego to ``j`` ends through another contact, so
    the span is 1 + the distance from ``j`` to the nearest other contact avoiding the ego
    (``inf``: none, the tie is a bridge). A search from each candidate settles most of them
    within ``budget`` nodes (a contact who knows nobody else at once); the rest share one
    search from every contact at once (:func:`_nearest_other`).
    """
    others = set(alters)
    spans: dict[Any, float] = {}
    unresolved = set()
    for j in candidates:
        seen, frontier, dist, hit = {j, ego}, [j], 0, False
        while frontier and not hit and len(seen) <= budget:
            dist += 1
            nxt = []
            for x in frontier:
                for y in adj[x]:
                    if y not in seen:
                        if y in others:
                            hit = True
                            break
                        seen.add(y)
                        nxt.append(y)
                if hit:
                    break
            frontier = nxt
        if hit:
            spans[j] = dist + 1.0
        elif not frontier:
            spans[j] = math.inf
        else:
            unresolved.add(j)
    if unresolved:
        found = _nearest_other(adj, ego, alters, unresolved)
        spans.update({j: found[j] + 1.0 if j in found else math.inf for j in unresolved})
    return spans


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*)?\s*", str(value or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


def _last_contact(node: dict[str, Any], edge: dict[str, Any]) -> date | None:
    """The latest dated contact: a ``last_contact`` attribute, or "last contact DATE" or
    "connected on DATE" in the tie's evidence (as netmap writes it for the ego's ties)."""
    found = [_as_date(node.get("last_contact")), _as_date(edge.get("last_contact"))]
    found += [_as_date(m[2]) for m in _DATE.finditer(str(edge.get("evidence") or ""))]
    return max((d for d in found if d is not None), default=None)


def _strength(value: Any) -> float:
    try:
        strength = float(value)
    except (TypeError, ValueError):
        return 1.0
    return strength if math.isfinite(strength) and strength > 0 else 1.0


def _why(row: dict[str, Any], rarest: tuple[str, int] | None, alters: int) -> str:
    parts = []
    if row["bridge"]:
        parts.append("no other path to them")
    elif row["local_bridge"]:
        parts.append(f"no mutual contact, next path {row['span']:g} steps")
    else:
        parts.append(f"{row['mutual']} mutual contact" + ("s" if row["mutual"] != 1 else ""))
    if row["exclusive_reach"]:
        parts.append(f"only link to {row['exclusive_reach']} people")
    if rarest is not None and rarest[1] <= max(1, alters // 4):
        label, count = rarest
        parts.append(f"{'the only one' if count == 1 else f'one of {count}'} in {label}")
    return "; ".join(parts)


def weak_ties(
    G: nx.Graph,
    ego: Any = None,
    *,
    weight: str | None = "strength",
    dormant_after: float = 12.0,
    weak: float = 0.3,
    high: float = 2 / 3,
    today: date | None = None,
) -> pd.DataFrame:
    """Every tie of the ego: its structure, its weak-tie value and how accessible it is.

    Structure, per contact ``j`` (see :func:`edge_structure` for the definitions): ``mutual``
    contacts ``n_j``, Onnela's ``overlap`` ``n_j / ((k_ego - 1) + (k_j - 1) - n_j)`` (NaN,
    "undefined", only when both degrees are 1), ``local_bridge`` (no mutual contact),
    ``bridge`` and ``span`` (distance to ``j`` without the tie: 2 when they have a mutual
    contact, ``inf`` for a bridge).

    The **weak-tie value** keeps two axes apart. *Novelty* is the mean of the components that
    the graph can tell:

    * ``1 - overlap``: how little of the contact's network the ego already shares;
    * ``rarity = 1 - s``, with ``s`` the share of the ego's contacts in the contact's rarest
      circle or organisation (0 for a contact in none; left out when no contact has any);
    * ``log(1 + x) / log(1 + max x)``, where ``x = exclusive_reach`` counts the people two
      steps away whom only this contact connects the ego to, ``max x`` the largest among the
      ego's contacts (left out when no contact has any, as in a contact export, which holds
      nothing beyond the contacts). The logarithm keeps one huge reach from flattening the
      others.

    It is scaled by a *mutual-contacts factor* ``1 - |p - 1/2|``, ``p`` the mid-rank
    percentile of ``n_j`` among the ego's own mutual counts: 1 in the middle of the ego's
    distribution, 1/2 at either end. Rajkumar et al. (2022) found on LinkedIn that moderately
    weak ties, by mutual connections, carried the most job mobility (an inverted U), not the
    weakest ones; the factor is netmap's simple reading of that inverted U.
    ``value = novelty * factor``, in [0, 1].

    *Accessibility* is shown beside it, never multiplied in: ``strength`` (the edge attribute
    ``weight``) and the ``last_contact`` date. A tie is ``dormant`` when its last contact is
    older than ``dormant_after`` months, or, with no date, when its strength is below
    ``weak``. ``label``: "ask now" (value in the ego's top third, not dormant), "reconnect"
    (top third, dormant), "keep warm" (not dormant), "low priority" (dormant).

    Parameters
    ----------
    G : networkx.Graph
        Self-loops and affiliation nodes are left out; a directed graph is read undirected.
    ego : node, optional
        Default ``G.graph["ego"]``.
    weight : str or None
        Edge attribute holding the tie strength in (0, 1]; None, or an edge without it, counts
        1.0. Overlap and span are topological: the weight plays no part in them.
    dormant_after : float
        Months without contact after which a tie is dormant.
    weak : float
        Strength below which an undated tie counts as dormant.
    high : float
        Quantile of the ego's values from which a value is high (2/3: the top third).
    today : date, optional
        The day the months since the last contact are counted to; default today.

    Returns
    -------
    pandas.DataFrame
        :data:`TIE_COLUMNS`, one row per contact, by value (highest first, undefined last).
        ``span`` is ``inf`` for a bridge; ``overlap``, ``novelty`` and ``value`` are NaN when
        undefined; ``last_contact`` is an ISO date, missing (NA) when unknown.

    References
    ----------
    J.-P. Onnela et al., "Structure and tie strengths in mobile communication networks",
    PNAS 104(18):7332-7336, 2007. D. Easley and J. Kleinberg, *Networks, Crowds, and
    Markets*, 2010, ch. 3. K. Rajkumar, G. Saint-Jacques, I. Bojinov, E. Brynjolfsson and
    S. Aral, "A causal test of the strength of weak ties", Science 377(6612):1304-1310, 2022.
    M. S. Granovetter, "The strength of weak ties", Am. J. Sociology 78(6):1360-1380, 1973.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "a"), ("me", "b"), ("me", "c"), ("a", "b"), ("c", "x")])
    >>> df = weak_ties(G, "me").set_index("contact")
    >>> cols = ["mutual", "overlap", "span", "exclusive_reach", "value"]
    >>> df.loc[["a", "c"], cols].round(4).to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {'a': {'mutual': 1, 'overlap': 0.5, 'span': 2.0, 'exclusive_reach': 0, 'value': 0.2083},
     'c': {'mutual': 0, 'overlap': 0.0, 'span': inf, 'exclusive_reach': 1, 'value': 0.6667}}
    >>> weak_ties(nx.Graph([("me", "a")]), "me")["overlap"].isna().tolist()  # both degrees 1
    [True]
    """
    import numpy as np
    import pandas as pd
    import scipy.sparse as sp

    H = _people(G)
    ego = _ego_of(H, ego)
    today = today or date.today()
    alters = sorted((a for a in H[ego] if a != ego), key=str)
    if not alters:
        return pd.DataFrame(columns=TIE_COLUMNS)
    k = len(alters)
    others = set(alters)
    adj = H.adj
    column: dict[Any, int] = {}
    indptr, indices, degree = [0], [], []
    for a in alters:  # the contacts' rows of the adjacency matrix, the ego's column left out
        nbrs = [column.setdefault(y, len(column)) for y in adj[a] if y != a and y != ego]
        indices += nbrs
        indptr.append(len(indices))
        degree.append(len(nbrs) + 1)
    R = sp.csr_array(
        (np.ones(len(indices), dtype=np.int64), indices, indptr), shape=(k, len(column))
    )
    is_alter = np.fromiter((y in others for y in column), dtype=bool, count=len(column))
    mutual = R @ is_alter.astype(np.int64)
    overlap = _overlap(mutual, k, np.array(degree))
    reached = np.asarray(R.sum(axis=0)).ravel()
    exclusive = R @ ((reached == 1) & ~is_alter).astype(np.int64)

    local = mutual == 0
    span = np.where(local, np.inf, 2.0)
    candidates = [alters[i] for i in np.flatnonzero(local).tolist()]
    if candidates:
        found = _ego_spans(adj, ego, alters, candidates)
        span[local] = [found[j] for j in candidates]

    groups = [
        [f"the {c} circle" for c in _labels(H.nodes[a].get("circles"))]
        + _labels(H.nodes[a].get("organisations"))
        for a in alters
    ]
    sizes: dict[str, int] = {}
    for labels in groups:
        for label in set(labels):
            sizes[label] = sizes.get(label, 0) + 1
    rarest = [min(((g, sizes[g]) for g in labels), key=lambda t: (t[1], t[0]), default=None)
              for labels in groups]  # fmt: skip
    rarity = np.array([1 - r[1] / k if r else 0.0 for r in rarest])
    parts = [1 - overlap]
    if sizes:
        parts.append(rarity)
    if exclusive.max() > 0:
        parts.append(np.log1p(exclusive) / np.log1p(exclusive.max()))
    stacked = np.vstack(parts)
    counted = (~np.isnan(stacked)).sum(axis=0)
    novelty = np.where(counted > 0, np.nansum(stacked, axis=0) / np.maximum(counted, 1), np.nan)
    ordered = np.sort(mutual)
    below = np.searchsorted(ordered, mutual, side="left")
    equal = np.searchsorted(ordered, mutual, side="right") - below
    factor = 1 - np.abs((below + equal / 2) / k - 0.5)
    value = novelty * factor

    finite = value[~np.isnan(value)]
    threshold = np.quantile(finite, high) if len(finite) else np.inf
    rows = []
    for i, a in enumerate(alters):
        edge = H.edges[ego, a]
        strength = _strength(edge.get(weight)) if weight else 1.0
        last = _last_contact(H.nodes[a], edge)
        months = max(0, (today - last).days) / _DAYS_PER_MONTH if last else None
        dormant = months > dormant_after if months is not None else strength < weak
        defined = not math.isnan(value[i])
        row = {
            "contact": a,
            "name": str(H.nodes[a].get("name") or a),
            "circles": _labels(H.nodes[a].get("circles")),
            "organisations": _labels(H.nodes[a].get("organisations")),
            "degree": degree[i],
            "mutual": int(mutual[i]),
            "overlap": float(overlap[i]),
            "local_bridge": bool(local[i]),
            "bridge": bool(np.isinf(span[i])),
            "span": float(span[i]),
            "exclusive_reach": int(exclusive[i]),
            "rarity": float(rarity[i]) if sizes else math.nan,
            "novelty": float(novelty[i]),
            "mutual_factor": float(factor[i]),
            "value": float(value[i]),
            "strength": strength,
            "last_contact": last.isoformat() if last else None,
            "months_since_contact": round(months, 1) if months is not None else math.nan,
            "dormant": bool(dormant),
            "label": LABELS[(bool(value[i] >= threshold - 1e-12), bool(dormant))]
            if defined
            else "",
        }
        row["why"] = _why(row, rarest[i], k)
        rows.append(row)
    df = pd.DataFrame(rows, columns=TIE_COLUMNS)
    df["_key"] = df["value"].fillna(-1.0)
    df = df.sort_values(["_key", "contact"], ascending=[False, True], kind="stable")
    return df.drop(columns="_key").reset_index(drop=True)


def headline(G: nx.Graph, ego: Any = None, **kwargs: Any) -> dict[str, Any]:
    """A few numbers about the ego's weak ties and one sentence a student understands.

    Keyword arguments go to :func:`weak_ties`.

    Returns
    -------
    dict
        ``contacts``, ``local_bridges``, ``bridges``, ``ask_now``, ``reconnect``,
        ``best_ask_now`` and ``best_reconnect`` (names, or None), ``between_circles`` (local
        bridges between two of the ego's contacts in different circles) and ``sentence``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.relabel_nodes(nx.star_graph(3), str)
    >>> h = headline(G, "0")
    >>> h["contacts"], h["local_bridges"], h["bridges"]
    (3, 3, 3)
    >>> h["sentence"]  # doctest: +NORMALIZE_WHITESPACE
    'No tie is known between any two of your 3 contacts, so each of them looks like your only
    link to their own world; say who knows whom to tell your weak ties from your close ones.'
    """
    df = weak_ties(G, ego, **kwargs)
    between = alter_bridges(G, ego)["between_circles"].sum() if len(df) else 0
    k, lb = len(df), int(df["local_bridge"].sum())
    ask = df[df["label"] == "ask now"]
    recon = df[df["label"] == "reconnect"]
    result: dict[str, Any] = {
        "contacts": k,
        "local_bridges": lb,
        "bridges": int(df["bridge"].sum()),
        "ask_now": len(ask),
        "reconnect": len(recon),
        "best_ask_now": ask["name"].iloc[0] if len(ask) else None,
        "best_reconnect": recon["name"].iloc[0] if len(recon) else None,
        "between_circles": int(between),
    }
    if k == 0:
        sentence = "You have no contacts in this graph, so there are no weak ties to look at."
    elif lb == k and k > 1:
        sentence = (
            f"No tie is known between any two of your {k} contacts, so each of them looks "
            "like your only link to their own world; say who knows whom to tell your weak "
            "ties from your close ones."
        )
    else:
        sentence = (
            f"{lb} of your {k} contacts share no contact with you: they link you to people "
            "you would not otherwise hear from."
        )
        best = [f"ask {result['best_ask_now']} now"] if result["best_ask_now"] else []
        if result["best_reconnect"]:
            best.append(f"reconnect with {result['best_reconnect']}")
        if best:
            sentence += " Most valuable weak ties: " + ", and ".join(best) + "."
    result["sentence"] = sentence
    return result
