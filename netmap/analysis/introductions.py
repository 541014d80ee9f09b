"""Whom to ask for an introduction: the most probable chains to a person, organisation or circle.

What a target means is in :mod:`netmap.analysis.targets` (:func:`resolve_target` is re-exported
here); the sentence explaining each route is in :mod:`netmap.analysis.reasons`.
"""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING, Any

from netmap.analysis.reasons import _reason
from netmap.analysis.targets import KINDS, _resolve, _understood, resolve_target
from netmap.errors import NetmapError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "COLUMNS",
    "HOP_PROBABILITY",
    "KINDS",
    "REFERENCE_STRENGTH",
    "headline",
    "hop_probability_of",
    "introductions",
    "resolve_target",
]

HOP_PROBABILITY = 0.36
"""Chance that one step of a chain works, from Dodds, Muhamad & Watts (2003): 1.6% of their
chains reached the target; over the four or so steps of a chain that is 0.016 ** (1/4) = 0.36."""
REFERENCE_STRENGTH = 0.5
"""The strength of an average tie (a tie declared without a strength has it): its step works
with probability :data:`HOP_PROBABILITY`."""
COLUMNS = ["rank", "via", "via_id", "target", "target_id", "hops", "probability",
           "cumulative", "path", "nodes", "reason"]  # fmt: skip


# ----------------------------------------------------------------------------------------
# Probability of one step
# ----------------------------------------------------------------------------------------
def hop_probability_of(
    strength: float | None, confidence: float = 1.0, hop_probability: float = HOP_PROBABILITY
) -> float:
    """The chance that one step of a chain works, from the tie's strength and confidence.

    ``p = confidence * (1 - (1 - h) ** (strength / 0.5))`` with ``h`` the per-step default
    (:data:`HOP_PROBABILITY`, 0.36): a tie of strength ``s`` counts as ``s / 0.5`` average
    ties, each of which works with probability ``h`` independently. So an average tie
    (strength 0.5, :data:`REFERENCE_STRENGTH`) gives ``h``; the strongest (1.0) gives
    ``1 - 0.64**2 = 0.59``, never certainty; a weak tie gives about ``0.89 * s``. The order
    of ties by strength is kept, and ``confidence`` (how sure netmap is that the tie exists,
    below 1 for inferred ties) multiplies it. A tie without strength (or whose strength is
    not a positive number) gives ``h``.

    Examples
    --------
    >>> hop_probability_of(0.5), round(hop_probability_of(1.0), 4), hop_probability_of(None)
    (0.36, 0.5904, 0.36)
    >>> round(hop_probability_of(0.25), 4), round(hop_probability_of(0.25, confidence=0.5), 4)
    (0.2, 0.1)
    """
    if strength is None or not 0 < strength:
        p = hop_probability
    elif hop_probability >= 1:
        p = 1.0
    else:
        p = -math.expm1(min(strength, 1.0) / REFERENCE_STRENGTH * math.log1p(-hop_probability))
    return p * confidence


def _clean(x: float) -> float:
    """``x`` to 12 significant digits: ``0.1296``, not ``0.12959999999999514``."""
    return float(f"{x:.12g}")


def _percent(p: float) -> str:
    """A chance as a student reads it: ``13%``, ``4.7%``, ``0.51%``.

    Examples
    --------
    >>> _percent(0.1296), _percent(0.046656), _percent(0.0051), _percent(1.0)
    ('13%', '4.7%', '0.51%', '100%')
    """
    return f"{p * 100:.0f}%" if p >= 0.1 else f"{p * 100:.2g}%"


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _step_model(G: nx.Graph, weight: str | None, h: float):
    """``cost(data) -> -log p`` (inf when p is 0), for the edges of ``G``."""
    edges = (d for nbrs in G.adj.values() for d in nbrs.values())
    if weight is not None and all(d.get(weight, 1.0) == 1.0 for d in edges):
        weight = None  # every strength 1 (a file without weights): no information
    log_h = -math.log(h)
    if weight is None:
        return lambda data: log_h
    known: dict[int, float] = {}  # by edge: each route's search meets the same ties again

    def cost(data: dict) -> float:
        value = known.get(id(data))
        if value is None:
            conf = _number(data.get("confidence", 1.0))
            conf = 1.0 if conf is None else min(1.0, max(0.0, conf))
            p = hop_probability_of(_number(data.get(weight)), conf, h)
            value = known[id(data)] = -math.log(p) if p > 0 else math.inf
        return value

    return cost


# ----------------------------------------------------------------------------------------
# Routes
# ----------------------------------------------------------------------------------------
def _best_route(G, ego, targets: set, max_hops: int, cost, blocked: set, cut: set):
    """The most probable simple chain ego → a target of at most ``max_hops`` steps, or None.

    A hop-limited Bellman–Ford: ``best[v]`` is the cheapest walk of at most ``h`` steps
    after round ``h``; only the nodes improved in the previous round are expanded, targets
    are never walked through, and the last round only looks at the targets' own ties.
    Keys are ``(cost, steps, path)``, so ties are broken by fewer steps, then node ids.
    """
    none = (math.inf,)
    best = {ego: (0.0, 0, (ego,))}
    changed = [ego]
    for step in range(1, max_hops + 1):
        if step == max_hops:
            for t in targets:
                for u, data in G.adj[t].items():
                    if u in best and u not in targets and not (u == ego and t in cut):
                        c, n, path = best[u]
                        key = (round(c + cost(data), 12), n + 1, (*path, t))
                        if key < best.get(t, none):
                            best[t] = key
            break
        previous = [(u, best[u]) for u in changed if u not in targets]
        changed = []
        for u, (c, n, path) in previous:
            for v, data in G.adj[u].items():
                c2 = round(c + cost(data), 12)
                if c2 > best.get(v, none)[0] or v in blocked or v in path:
                    continue
                if u == ego and v in cut:
                    continue
                key = (c2, n + 1, (*path, v))
                if key < best.get(v, none):
                    if v not in best or best[v][1] < step:
                        changed.append(v)
                    best[v] = key
        if not changed:
            break
    found = [best[t] for t in targets if t in best and best[t][0] < math.inf]
    return min(found) if found else None


def _nearest(G, ego, targets: set, blocked: set) -> int | None:
    """How many steps the nearest target is from the ego (breadth-first), or None."""
    seen, queue = {ego}, deque([(ego, 0)])
    while queue:
        u, d = queue.popleft()
        for v in G.adj[u]:
            if v in targets:
                return d + 1
            if v not in seen and v not in blocked:
                seen.add(v)
                queue.append((v, d + 1))
    return None


def _routes(G, ego, targets, max_hops, top, cost):
    """Up to ``top`` routes, best first, sharing no intermediary (successive best routes)."""
    blocked = {n for n, k in G.nodes(data="kind") if k == "affiliation"}
    cut: set = set()  # targets whose direct tie to the ego was a route already
    routes = []
    while len(routes) < top:
        found = _best_route(G, ego, targets, max_hops, cost, blocked, cut)
        if found is None:
            break
        routes.append(found)
        path = found[2]
        blocked.update(path[1:-1])
        if len(path) == 2:
            cut.add(path[1])
    return routes


# ----------------------------------------------------------------------------------------
# The analysis
# ----------------------------------------------------------------------------------------
def _prepare(G: nx.Graph, ego: Any, hop_probability: float) -> tuple[nx.Graph, Any]:
    import networkx as nx

    if G.is_directed() or G.is_multigraph():
        G = nx.Graph(G)
    ego = G.graph.get("ego") if ego is None else ego
    if ego is None or ego not in G:
        raise NetmapError(
            "the graph has no ego" if ego is None else f"no node {ego!r} in the graph",
            hint="give the id of the person whose network it is",
        )
    if not 0 < hop_probability <= 1:
        raise NetmapError(
            f"hop probability {hop_probability!r} is not in (0, 1]",
            hint=f"the default, {HOP_PROBABILITY}, is from Dodds, Muhamad & Watts 2003",
        )
    return G, ego


def introductions(
    G: nx.Graph,
    target: str,
    ego: Any = None,
    *,
    top: int = 5,
    max_hops: int = 3,
    hop_probability: float = HOP_PROBABILITY,
    weight: str | None = "strength",
) -> pd.DataFrame:
    """The best people to ask for an introduction to ``target``, ranked by chance of success.

    A chain ego → a → b → target works if every step works: its probability is the
    product of its steps' probabilities, so with ``cost = -log p`` per step the most
    probable chain is the cheapest path. One step works with probability
    ``p = confidence * (1 - (1 - h) ** (strength / 0.5))`` (:func:`hop_probability_of`):
    an average tie (strength 0.5) gives ``h = hop_probability``, 0.36 by default, the rate
    per step of the small-world experiment of Dodds, Muhamad & Watts (2003), where 1.6% of
    chains of about four steps reached their target (``0.016 ** (1/4) = 0.36``). A tie
    without strength, or every tie with ``weight=None`` or with strength 1 everywhere (a
    file without weights), gives ``h``.

    Alternatives share no intermediary: after each route its intermediaries are removed
    (and the ego's direct tie, for a direct route) and the next most probable route is
    sought, never longer than ``max_hops`` steps. Their number is thus at most the node
    connectivity between ego and target (Menger). The chance that at least one of the
    first ``r`` works, taking steps as independent, is ``cumulative = 1 - prod(1 - p_i)``.

    Parameters
    ----------
    G : networkx.Graph
        Node attributes ``name``, ``circles``, ``organisations`` and edge attributes
        ``strength``, ``confidence``, ``origin``, ``kind``, ``evidence``, ``since`` are used
        when present (see :mod:`netmap.graph`); nodes of ``kind="affiliation"`` are never
        walked through.
    target : str
        A person, an organisation, a circle or a keyword (:func:`resolve_target`).
    ego : node, optional
        Default ``G.graph["ego"]``.
    top : int
        How many routes at most.
    max_hops : int
        The longest chain, in steps (ego → target directly is one step).
    hop_probability : float
        ``h``, in (0, 1].
    weight : str or None
        The edge attribute holding the tie strength, in (0, 1]; None ignores strengths.

    Returns
    -------
    pandas.DataFrame
        One row per route (:data:`COLUMNS`): ``rank``; ``via`` and ``via_id``, the person to
        ask (the target itself when you know them); ``target`` and ``target_id``, the person
        reached; ``hops``; ``probability``; ``cumulative``; ``path`` (names) and ``nodes``
        (ids), from the ego; ``reason``, one sentence. ``attrs`` holds ``target_kind``,
        ``target_label``, ``target_size``, ``understood`` (what ``target`` was taken to
        mean), ``combined`` (the last ``cumulative``, 0 without routes), ``nearest_hops``
        (steps of the shortest chain, ignoring probabilities, None if there is none) and
        ``message`` (the answer in plain words).

    Raises
    ------
    NotFoundError
        Nothing in the graph matches ``target`` (with close matches in the hint).
    NetmapError
        No ego, ``target`` is the ego, or a parameter out of range.

    References
    ----------
    Dodds, P. S., Muhamad, R. & Watts, D. J. (2003). An experimental study of search in
    global social networks. *Science* 301, 827–829.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="me")
    >>> G.add_edges_from([("me", "a"), ("a", "t"), ("me", "b"), ("b", "c"), ("c", "t")])
    >>> df = introductions(G, "t", weight=None)
    >>> df[["rank", "via", "hops", "probability"]].round(6).to_dict("records")
    [{'rank': 1, 'via': 'a', 'hops': 2, 'probability': 0.1296}, \
{'rank': 2, 'via': 'b', 'hops': 3, 'probability': 0.046656}]
    >>> df.loc[0, "reason"]
    'Ask a: a knows t.'
    >>> round(df.attrs["combined"], 6)
    0.170209
    """
    import pandas as pd

    G, ego = _prepare(G, ego, hop_probability)
    if top < 1 or max_hops < 1:
        raise NetmapError("top and max_hops must be at least 1")
    kind, nodes, label = _resolve(G, target, ego)
    cost = _step_model(G, weight, hop_probability)
    routes = _routes(G, ego, set(nodes), max_hops, top, cost)
    rows, miss = [], 1.0
    for rank, (c, hops, path) in enumerate(routes, 1):
        p = _clean(math.exp(-c))
        miss = _clean(miss * (1 - p))
        names = [str(G.nodes[n].get("name", n)) for n in path]
        rows.append({
            "rank": rank, "via": names[1], "via_id": path[1], "target": names[-1],
            "target_id": path[-1], "hops": hops, "probability": p, "cumulative": _clean(1 - miss),
            "path": names, "nodes": list(path), "reason": _reason(G, ego, path, kind, label),
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    affiliations = {n for n, k in G.nodes(data="kind") if k == "affiliation"}
    nearest = min(r[1] for r in routes) if routes else _nearest(G, ego, set(nodes), affiliations)
    what = label if kind == "person" else f"anyone in {label}"
    steps = f"{max_hops} step{'s' * (max_hops != 1)}"
    if routes:
        message = f"Ask {rows[0]['via']} first: {_percent(rows[0]['probability'])} chance."
        if len(rows) > 1:
            message += f" Asking all {len(rows)}: {_percent(1 - miss)} chance that one works."
    elif nearest is None:
        message = f"No chain of people links you to {what}: not connected to your network."
    elif nearest > max_hops:
        message = (f"Nobody leads you to {what} within {steps}: "
                   f"the nearest chain has {nearest} steps.")  # fmt: skip
    else:
        message = f"Every chain to {what} within {steps} has no chance of working."
    frame.attrs.update(
        target_kind=kind, target_label=label, target_size=len(nodes), combined=1 - miss,
        understood=_understood(str(target), kind, nodes, label, G), nearest_hops=nearest,
        message=message, max_hops=max_hops, hop_probability=hop_probability,
    )  # fmt: skip
    return frame


def headline(
    G: nx.Graph,
    ego: Any = None,
    *,
    hop_probability: float = HOP_PROBABILITY,
    weight: str | None = "strength",
) -> dict[str, Any]:
    """Whom you could meet through one introduction, and through whom, in a few numbers.

    For everyone two steps away (a contact of a contact, not a contact), the best chain
    ego → contact → them (see :func:`introductions` for its probability).

    Returns
    -------
    dict
        ``contacts``; ``second_degree`` (people one introduction away);
        ``median_probability`` of their best chains (None without any); ``best_introducer``
        (the name of the contact on most of those best chains, None without any) and
        ``best_introducer_count``; ``sentence``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="me")
    >>> G.add_edges_from([("me", "a"), ("me", "b"), ("a", "x"), ("a", "y"), ("b", "y")])
    >>> h = headline(G, weight=None)
    >>> h["second_degree"], h["best_introducer"], h["best_introducer_count"]
    (2, 'a', 2)
    >>> print(h["sentence"])
    Through one introduction you could meet 2 people you do not know yet; a is the best \
person to ask for 2 of them. A typical such introduction has a 13% chance of working.
    >>> headline(nx.star_graph(3), ego=0)["sentence"].startswith("Your contacts are not")
    True
    """
    import statistics

    G, ego = _prepare(G, ego, hop_probability)
    cost = _step_model(G, weight, hop_probability)
    skip = {n for n, k in G.nodes(data="kind") if k == "affiliation"} | {ego}
    contacts = [u for u in G.adj[ego] if u not in skip]
    known = set(contacts) | skip
    best: dict[Any, tuple[float, str]] = {}
    for u in contacts:
        first = cost(G.adj[ego][u])
        for v, data in G.adj[u].items():
            if v not in known:
                key = (round(first + cost(data), 12), str(u))
                if key < best.get(v, (math.inf, "")):
                    best[v] = (key[0], u)
    counts: dict[Any, int] = {}
    for _, u in best.values():
        counts[u] = counts.get(u, 0) + 1
    top = min(counts, key=lambda u: (-counts[u], str(u)), default=None)
    median = _clean(statistics.median(math.exp(-c) for c, _ in best.values())) if best else None
    name = None if top is None else str(G.nodes[top].get("name", top))
    if not contacts:
        sentence = "You have no contacts yet, so nobody to ask for an introduction."
    elif not best and all(G.degree(u) == 1 for u in contacts):
        sentence = ("Your contacts are not linked to each other or to anyone else in the data, "
                    "so netmap cannot suggest introductions yet: say who knows whom.")  # fmt: skip
    elif not best:
        sentence = ("Everyone your contacts know, as far as the data says, is one of your "
                    "contacts already: an introduction can still warm up a weak tie.")  # fmt: skip
    else:
        sentence = (
            f"Through one introduction you could meet {len(best):,} "
            f"{'person' if len(best) == 1 else 'people'} you do not know yet; {name} is the "
            f"best person to ask for {counts[top]:,} of them. A typical such introduction "
            f"has a {_percent(median)} chance of working."
        )
    return {
        "contacts": len(contacts), "second_degree": len(best), "median_probability": median,
        "best_introducer": name, "best_introducer_count": counts.get(top, 0),
        "sentence": sentence,
    }  # fmt: skip
