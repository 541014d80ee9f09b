"""What the user means by an introduction's target: a person, organisation, circle or keyword."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netmap.errors import NetmapError, NotFoundError
from netmap.normalize import fold

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KINDS", "resolve_target"]

KINDS = ("person", "organisation", "circle", "keyword")
"""What a target can be, in the order :func:`resolve_target` tries them."""


def _values(value: Any) -> list[str]:
    """A node's organisations or circles as a list (``"a;b"`` is split; anything else: ``[]``)."""
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


def _understood(text: str, kind: str, nodes: list, label: str, G) -> str:
    """What ``text`` was taken to mean, in one sentence (``attrs["understood"]``)."""
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
