"""Whom to ask for an introduction: the most probable chains to a person, organisation or circle."""

from __future__ import annotations

import math
import re
from collections import deque
from typing import TYPE_CHECKING, Any

from netmap.errors import NetmapError, NotFoundError
from netmap.normalize import fold

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
KINDS = ("person", "organisation", "circle", "keyword")
"""What a target can be, in the order :func:`resolve_target` tries them."""


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

    def cost(data: dict) -> float:
        if weight is None:
            return log_h
        conf = _number(data.get("confidence", 1.0))
        conf = 1.0 if conf is None else min(1.0, max(0.0, conf))
        p = hop_probability_of(_number(data.get(weight)), conf, h)
        return -math.log(p) if p > 0 else math.inf

    return cost


# ----------------------------------------------------------------------------------------
# What the target means
# ----------------------------------------------------------------------------------------
def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split(";") if v.strip()]
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return []


def _people(G: nx.Graph, ego: Any) -> list:
    return [n for n, k in G.nodes(data="kind") if n != ego and k != "affiliation"]


def _groups(G: nx.Graph, people: list, key: str) -> dict[str, set]:
    """``{organisation or circle: its people}`` from the node attribute ``key``."""
    groups: dict[str, set] = {}
    for n in people:
        for value in _values(G.nodes[n].get(key)):
            groups.setdefault(value, set()).add(n)
    return groups


def _resolve(G: nx.Graph, text: str, ego: Any) -> tuple[str, list, str]:
    """``(kind, nodes, label)``; see :func:`resolve_target`."""
    from netmap.circle_rules import circle_for_label

    query = fold(str(text))
    if not query:
        raise NotFoundError(f"{text!r} names nobody", hint="give a name or an organisation")
    people = _people(G, ego)
    names = {n: str(G.nodes[n].get("name", n)) for n in [*people, ego] if n in G}
    person = next((k for k in dict.fromkeys((text, str(text))) if k in names), None)
    folded = {} if person is not None else {n: fold(name) for n, name in names.items()}
    orgs, circles = _groups(G, people, "organisations"), _groups(G, people, "circles")
    wanted = {query, circle_for_label(str(text)) or query}
    exact, words = (lambda f: f == query), (lambda f: f" {query} " in f" {f} ")
    stages = [  # equal when folded, then as whole words; by kind in each
        (exact, [("organisation", orgs, exact), ("circle", circles, lambda f: f in wanted)]),
        (words, [("organisation", orgs, words)]),
    ]
    for match, kinds in stages:
        found = [n for n, name in folded.items() if match(name)]
        person = found[0] if person is None and len(found) == 1 else person
        if person is not None:
            if person == ego:
                raise NetmapError(f"{text!r} is you", hint="name someone you want to meet")
            return "person", [person], names[person]
        for kind, groups, test in kinds:
            chosen = sorted(g for g in groups if test(fold(g)))
            if chosen:
                return kind, sorted(set().union(*(groups[g] for g in chosen))), ", ".join(chosen)
    found = [
        n
        for n in people
        if any(query in fold(v) for k, val in G.nodes[n].items() if k not in ("kind", "ego")
               for v in ([val] if isinstance(val, str) else _values(val)))
    ]  # fmt: skip
    if found:
        return "keyword", sorted(found), str(text)
    return _fuzzy(text, query, {n: names[n] for n in people}, orgs, circles)


def _fuzzy(text: str, query: str, names: dict, orgs: dict, circles: dict) -> tuple[str, list, str]:
    """The one close spelling of a name, organisation or circle, else a NotFoundError."""
    from rapidfuzz import fuzz, process

    choices = [(name, "person", [n]) for n, name in names.items()]
    choices += [(o, "organisation", sorted(m)) for o, m in orgs.items()]
    choices += [(c, "circle", sorted(m)) for c, m in circles.items()]
    scored = process.extract(
        query, [fold(c[0]) for c in choices], scorer=fuzz.WRatio, limit=5, score_cutoff=60
    )
    if scored:
        best, score, i = scored[0]
        rivals = [s for s in scored[1:] if s[1] > score - 5 and s[0] != best]
        label, kind, nodes = choices[i]
        if score >= 90 and not rivals and not label.isdigit():
            return kind, nodes, label
    shown = ", ".join(dict.fromkeys(choices[i][0] for _, _, i in scored))
    raise NotFoundError(
        f"nobody, no organisation and no circle matches {text!r}",
        hint=f"did you mean: {shown}?" if shown else "check the spelling (`netmap contacts`)",
    )


def resolve_target(G: nx.Graph, text: str, ego: Any = None) -> tuple[str, list]:
    """What the user means by ``text``: ``(kind, nodes)``, kind one of :data:`KINDS`.

    Tried in this order, the first that matches wins. Equal once folded (accents, case and
    punctuation ignored): a **person** (a node id, or the one person of that name), an
    **organisation** (node attribute ``organisations``), a **circle** (``circles``, or a
    label meaning one: ``stage`` is ``internship``). Then as whole words: the one person
    whose name contains them (``"lea"`` is Léa Martin if she is the only Léa), the
    organisations that contain them (all their members). Then a **keyword**: everyone
    with a text attribute (name, titles, organisations...) containing it. Last, the one
    close spelling of a name, organisation or circle (rapidfuzz ``WRatio`` of at least 90,
    no rival within 5, never a bare number). The ego is never a target.

    Parameters
    ----------
    G : networkx.Graph
        Node attributes ``name``, ``organisations`` and ``circles`` are used when present
        (lists, or ``;``-separated text); nodes of ``kind="affiliation"`` are left out.
    text : str
        What the user typed.
    ego : node, optional
        Default ``G.graph["ego"]``.

    Returns
    -------
    tuple
        ``(kind, nodes)``: one of :data:`KINDS` and the sorted list of matching nodes.

    Raises
    ------
    NotFoundError
        Nothing matches; the message lists up to five close spellings.
    NetmapError
        ``text`` is the ego.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="me")
    >>> G.add_node("me", name="Camille Durand")
    >>> G.add_node("a", name="Léa Martin", organisations=["Acme"], circles=["internship"])
    >>> G.add_node("b", name="Marc Petit", organisations=["Acme Industries"])
    >>> resolve_target(G, "lea"), resolve_target(G, "ACME")
    (('person', ['a']), ('organisation', ['a']))
    >>> resolve_target(G, "Stage"), resolve_target(G, "Marc Petti")
    (('circle', ['a']), ('person', ['b']))
    """
    kind, nodes, _ = _resolve(G, text, G.graph.get("ego") if ego is None else ego)
    return kind, nodes


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
# Reasons, in plain words
# ----------------------------------------------------------------------------------------
_SAME = re.compile(r"^same (\w+): (.+)$")


def _plain(evidence: str) -> str:
    """An ego tie's evidence, short: ``closeness 4/5``, ``last contact 2024-03-12``."""
    first = (evidence or "").split(";")[0].strip()
    if first.startswith("default"):
        return ""
    first = first.split(", half-life")[0]
    return re.sub(r"^((?:closeness \S+|\d+ interactions)) in .*$", r"\1", first)


def _shared(evidence: str) -> str:
    """``same organisation: Acme`` as ``both at Acme``; the first (smallest) affiliation."""
    m = _SAME.match((evidence or "").split(";")[0].strip())
    if not m:
        return ""
    kind, label = m.groups()
    if kind in ("organisation", "school"):
        return f"both at {label}"
    if kind == "group":
        return f"both in your group '{label}'"
    if kind == "department":
        return "both in " + re.sub(r"^(.*) \((.*)\)$", r"\1 at \2", label)
    return f"same {kind}: {label}"


def _link(G, a, b) -> str:
    """One step of a chain, after its subject: ``knows Marc Petit (colleague; you said so)``."""
    data = G.edges[a, b]
    origin, kind = data.get("origin", ""), str(data.get("kind") or "")
    evidence, since = str(data.get("evidence") or ""), str(data.get("since") or "")
    verb, details = "knows", []
    if origin == "inferred":
        verb, details = "probably knows", [_shared(evidence)]
    elif origin == "declared":
        said = "you said so" if evidence in ("", "declared by you") else evidence
        details = [_shared(evidence), "you confirmed it"] if _shared(evidence) else [kind, said]
    elif origin == "related":
        details = [kind, "in your address book"]
    else:
        details = [_shared(evidence), ""] if _shared(evidence) else [kind, evidence]
    if since:
        details.insert(1, f"since {since}")
    details = [d for d in details if d]
    text = f"{verb} {G.nodes[b].get('name', b)}"
    return text + (f" ({'; '.join(details)})" if details else "")


def _reason(G, ego, path, kind: str, label: str) -> str:
    """One sentence a student understands for one route."""
    via = path[1]
    about = [", ".join(_values(G.nodes[via].get("circles")))]
    if G.has_edge(ego, via):
        about.append(_plain(str(G.edges[ego, via].get("evidence") or "")))
    about = "; ".join(a for a in about if a)
    name = G.nodes[via].get("name", via)
    if len(path) == 2:
        text = f"You know {name} directly" + (f" ({about})" if about else "")
    else:
        links = [_link(G, path[i], path[i + 1]) for i in range(1, len(path) - 1)]
        chain = f"{name} {links[0]}" + "".join(f", who {x}" for x in links[1:])
        text = f"Ask {name}" + (f" ({about})" if about else "") + ": " + chain
    reached = G.nodes[path[-1]].get("name", path[-1])
    if kind == "organisation":
        orgs = [o for o in _values(G.nodes[path[-1]].get("organisations")) if o in label]
        if orgs and orgs[0] not in text:
            text += f"; {reached} is at {orgs[0]}"
    elif kind == "circle":
        text += f"; {reached} is in your {label} circle"
    elif kind == "keyword":
        text += f"; {reached} matches '{label}'"
    return text + "."


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


def _understood(text: str, kind: str, nodes: list, label: str, G) -> str:
    if kind == "person":
        return f"Understood {text!r} as the person {label}."
    people = f"{len(nodes)} {'person' if len(nodes) == 1 else 'people'}"
    if kind == "organisation":
        return f"Understood {text!r} as the organisation {label} ({people})."
    if kind == "circle":
        return f"Understood {text!r} as your circle {label} ({people})."
    shown = ", ".join(str(G.nodes[n].get("name", n)) for n in nodes[:3])
    shown += ", ..." * (len(nodes) > 3)
    return f"Understood {text!r} as a keyword: {people} match ({shown})."


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
