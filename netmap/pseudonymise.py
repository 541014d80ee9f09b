"""Pseudonymised graphs: labels for people, keyed hashes for identifiers, no free text."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EGO_LABEL", "HASHED_ATTRIBUTES", "KEPT_ATTRIBUTES", "pseudonymise", "uniqueness"]

EGO_LABEL = "EGO"
#: Identifiers replaced by a keyed hash (HMAC-SHA256, 16 hex digits): equal values stay equal
#: within one export, and cannot be found by hashing guesses without the key. A count (int)
#: under one of these names is kept as it is.
HASHED_ATTRIBUTES = ("emails", "phones", "email", "phone", "organisations", "features")
#: What else is kept, by where it is; every other attribute (free text: names, notes,
#: addresses, evidence, dates...) is dropped.
KEPT_ATTRIBUTES = {
    "node": ("ego", "kind", "circles", "sources"),
    "edge": ("strength", "cost", "origin", "kind", "confidence"),
    "graph": ("inferred",),
}


def _signature(G: nx.Graph, node: Any) -> tuple[int, tuple[str, ...]]:
    return G.degree(node), tuple(sorted(G.nodes[node].get("circles") or []))


def uniqueness(G: nx.Graph, ego: Any = None) -> dict[str, int]:
    """How many nodes other than ``ego`` are alone in their (degree, sorted circles) group.

    Someone who knows a person's number of ties and circles can pick that person out of a
    pseudonymised graph when no other node looks the same (k-anonymity with k = 1).

    Returns
    -------
    dict
        ``unique``: nodes alone in their group; ``smallest_group``: the size of the smallest
        group (the graph's k), 0 for a graph without nodes other than the ego.

    Examples
    --------
    >>> import networkx as nx
    >>> star = nx.star_graph(4)  # a centre 0 and leaves 1..4
    >>> uniqueness(star)
    {'unique': 1, 'smallest_group': 1}
    >>> uniqueness(star, ego=0)
    {'unique': 0, 'smallest_group': 4}
    """
    groups = Counter(_signature(G, n) for n in G if n != ego)
    unique = sum(1 for n in G if n != ego and groups[_signature(G, n)] == 1)
    return {"unique": unique, "smallest_group": min(groups.values(), default=0)}


def pseudonymise(G: nx.Graph, *, key: bytes | None = None) -> tuple[nx.Graph, dict[str, Any]]:
    """A copy of ``G`` safe to share for analysis, and a report of what was done.

    - Nodes are relabelled ``P001``, ``P002``... (the ego ``EGO``), in the order of a keyed
      hash of their ids, so that labels say nothing about the ids; ``name`` is the label.
    - :data:`HASHED_ATTRIBUTES` holding text (emails, phones, organisations, features) become
      ``HMAC-SHA256(key, value)``: an unkeyed hash of a phone number is reversed by hashing
      every number. ``key`` defaults to :func:`secrets.token_bytes(32) <secrets.token_bytes>`,
      fresh for every call and never returned or written, so exports cannot be linked.
    - :data:`KEPT_ATTRIBUTES` are kept (``circles`` and ``kind`` are netmap's own short
      vocabularies); everything else, free text first of all, is dropped.

    Structure can still identify: the report counts the nodes that are alone in their
    (degree, circles) group (:func:`uniqueness`).

    Parameters
    ----------
    G : networkx.Graph
        A graph in netmap's schema.
    key : bytes, optional
        The HMAC key; give one only to get the same output twice (tests).

    Returns
    -------
    (networkx.Graph, dict)
        The graph, and the report: ``nodes``, ``edges``, ``labelled`` (nodes given a ``P``
        label), ``first`` and ``last`` (their labels), ``unique``, ``smallest_group``,
        ``hashed`` and ``dropped`` (the names of the attributes that held something).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="me", name="Camille Durand")
    >>> G.add_node("me", name="Camille Durand", ego=True, circles=[])
    >>> G.add_node("p-1", name="Léa Martin", ego=False, circles=["studies"], emails=["l@x.org"])
    >>> G.add_edge("me", "p-1", strength=1.0, evidence="met at ESIV")
    >>> H, report = pseudonymise(G, key=b"k" * 32)
    >>> sorted(H.nodes(data="name")), H.graph
    ([('EGO', 'EGO'), ('P001', 'P001')], {'ego': 'EGO'})
    >>> H.nodes["P001"]["emails"]
    ['25edbe16badd57cd']
    >>> report["unique"], report["hashed"], report["dropped"]
    (1, ['emails'], ['evidence', 'name'])
    """
    import networkx as nx

    secret = secrets.token_bytes(32) if key is None else key

    def digest(text: str) -> str:
        data = text.encode("utf-8", "surrogatepass")
        return hmac.new(secret, data, hashlib.sha256).hexdigest()[:16]

    ego = G.graph.get("ego")
    ego = ego if ego in G else None
    others = sorted((n for n in G if n != ego), key=lambda n: digest("node\x00" + str(n)))
    width = max(3, len(str(len(others))))
    labels = {n: f"P{i:0{width}d}" for i, n in enumerate(others, 1)}
    if ego is not None:
        labels[ego] = EGO_LABEL
    hashed: set[str] = set()
    dropped: set[str] = set()

    def keep(where: str, data: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in data.items():
            empty = value is None or value == "" or value == [] or value == ()
            if name in HASHED_ATTRIBUTES and where == "node":
                if isinstance(value, int) and not isinstance(value, bool):
                    out[name] = value  # a count
                    continue
                if isinstance(value, str):
                    out[name] = digest(value)
                elif isinstance(value, (list, tuple, set)):
                    out[name] = [digest(str(v)) for v in value]
                if not empty:
                    (hashed if name in out else dropped).add(name)
            elif name in KEPT_ATTRIBUTES[where]:
                out[name] = list(value) if isinstance(value, (list, tuple, set)) else value
            elif not empty and not (where == "node" and name == "name"):
                if not (where == "graph" and name in ("ego", "read_notes")):
                    dropped.add(name)
        return out

    H = nx.Graph(ego=EGO_LABEL if ego is not None else None)
    H.graph.update(keep("graph", G.graph))
    for node in [*([ego] if ego is not None else []), *others]:
        H.add_node(labels[node], name=labels[node], **keep("node", G.nodes[node]))
    for u, v, data in G.edges(data=True):
        H.add_edge(labels[u], labels[v], **keep("edge", data))
    counts = uniqueness(H, ego=EGO_LABEL if ego is not None else None)
    report = {
        "nodes": H.number_of_nodes(),
        "edges": H.number_of_edges(),
        "labelled": len(others),
        "first": labels[others[0]] if others else None,
        "last": labels[others[-1]] if others else None,
        **counts,
        "hashed": sorted(hashed),
        "dropped": sorted(dropped),
    }
    return H, report
