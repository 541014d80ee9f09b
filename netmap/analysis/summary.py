"""The one screen a student reads first: the headline of every analysis, in plain words."""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["SECTIONS", "network_headline", "summary"]

#: The sections of the summary, in the order shown: (key, title, module).
SECTIONS = [
    ("reach", "Reach", "netmap.analysis.reach"),
    ("weak_ties", "Weak ties", "netmap.analysis.weak_ties"),
    ("introductions", "Introductions", "netmap.analysis.introductions"),
    ("brokerage", "Brokerage", "netmap.analysis.brokerage"),
    ("circles", "Circles", "netmap.analysis.communities"),
]


def network_headline(G: nx.Graph, ego: Any = None) -> dict[str, Any]:
    """Who the network is about and what it holds: contacts, ties among them, their origins.

    Examples
    --------
    >>> G = nx.star_graph(["me", "a", "b"])
    >>> G.graph["ego"] = "me"
    >>> network_headline(G)["sentence"]
    'Your network: 2 contacts and no known tie between them.'
    """
    ego = G.graph.get("ego") if ego is None else ego
    people = [n for n, k in G.nodes(data="kind") if k != "affiliation" and n != ego]
    contacts = set(G[ego]) - {ego} if ego in G else set()
    among = [
        (u, v, d.get("origin"))
        for u, v, d in G.edges(data=True)
        if u != ego and v != ego and u in contacts and v in contacts
    ]
    origins: dict[str, int] = {}
    for _, _, origin in among:
        origins[origin or "data"] = origins.get(origin or "data", 0) + 1
    name = G.nodes[ego].get("name") if ego in G else None
    whose = f"{name}'s network" if name else "Your network"
    if among:
        parts = ", ".join(f"{n} {o}" for o, n in sorted(origins.items()))
        ties = f"{len(among)} ties between them ({parts})"
    else:
        ties = "no known tie between them"
    others = len(people) - len(contacts)
    beyond = f", and {others} people beyond them" if others > 0 else ""
    return {
        "ego": ego,
        "name": name,
        "contacts": len(contacts),
        "ties_among_contacts": len(among),
        "origins": origins,
        "people_beyond": max(others, 0),
        "sentence": f"{whose}: {len(contacts)} contacts and {ties}{beyond}.",
    }


def summary(G: nx.Graph, ego: Any = None) -> list[dict[str, Any]]:
    """The headline of each analysis: one row per section with its sentence and numbers.

    Each analysis module's ``headline(G, ego)`` gives a few numbers and one sentence a
    student understands; this gathers them, after a first row about the network itself.
    A section whose analysis fails on this graph says so in its sentence instead of
    stopping the summary.

    Returns
    -------
    list of dict
        ``section``, ``title``, ``sentence`` and ``numbers`` (a dict) per section.

    Examples
    --------
    >>> G = nx.star_graph(["me", "a", "b"])
    >>> G.graph["ego"] = "me"
    >>> [row["section"] for row in summary(G)]
    ['network', 'reach', 'weak_ties', 'introductions', 'brokerage', 'circles']
    """
    import importlib

    from netmap.errors import NetmapError

    ego = G.graph.get("ego") if ego is None else ego
    rows = []
    head = network_headline(G, ego)
    rows.append(
        {
            "section": "network",
            "title": "Network",
            "sentence": head.pop("sentence"),
            "numbers": head,
        }
    )
    for key, title, module in SECTIONS:
        try:
            result = dict(importlib.import_module(module).headline(G, ego))
            sentence = result.pop("sentence", "")
        except (NetmapError, ValueError, nx.NetworkXError) as exc:
            result, sentence = {}, f"Not available on this graph: {exc}"
        rows.append({"section": key, "title": title, "sentence": sentence, "numbers": result})
    return rows
