"""From the workspace's people, circles and ties to a networkx graph, with its schema."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from netmap.model import Tie
from netmap.store import Store

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EDGE_ATTRIBUTES",
    "NODE_ATTRIBUTES",
    "ORIGIN_RANK",
    "add_tie",
    "build_graph",
    "list_attribute",
    "resolve_ego",
]

#: Node attributes of every graph netmap builds or reads, and what they hold.
NODE_ATTRIBUTES = {
    "name": "display name (str)",
    "ego": "True for the ego, the person whose network it is (bool)",
    "kind": "'person', or 'affiliation' for an organisation/group kept as a node (str)",
    "circles": "relationship circles, e.g. ['family', 'studies'] (list of str)",
    "excluded_circles": "circles the user removed by hand: never suggest them (list of str)",
    "organisations": "organisation names from the person's records (list of str)",
    "emails": "how many distinct email addresses are known (int)",
    "phones": "how many distinct phone numbers are known (int)",
    "sources": "how many source records the person came from (int)",
}

#: Edge attributes, and what they hold.
EDGE_ATTRIBUTES = {
    "strength": "tie strength in (0, 1] (float)",
    "cost": "-log(strength): the most probable chain is the cheapest path (float)",
    "origin": "'ego' | 'declared' | 'related' | 'inferred' | 'affiliation' | 'data' (str)",
    "kind": "what kind of tie: colleague, spouse, ... (str)",
    "evidence": "why netmap believes the tie exists, in plain words (str)",
    "confidence": "how sure netmap is that the tie exists, in [0, 1] (float)",
    "since": "since when, as given (str)",
}

#: When several origins give the same pair, the edge keeps the most trustworthy one.
ORIGIN_RANK = {"declared": 0, "ego": 1, "related": 2, "inferred": 3, "affiliation": 4, "data": 5}


def list_attribute(value: Any) -> list[str]:
    """A list-valued node attribute (circles, organisations) as distinct, stripped strings.

    Graphs read back from GraphML or GEXF carry lists flattened as ``"a;b"``; research files
    may carry nothing, ``None`` or NaN. Everything that is not a string or a collection is
    ``[]``.

    Examples
    --------
    >>> list_attribute("family; studies;family"), list_attribute(["a", " ", "a"])
    (['family', 'studies'], ['a'])
    >>> list_attribute(None), list_attribute(float("nan"))
    ([], [])
    """
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, (list, tuple, set, frozenset)):
        return []
    return list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))


def resolve_ego(G: nx.Graph, ego: Any = None) -> Any:
    """``ego``, else ``G.graph["ego"]``; a clear error when there is none or it is not a node.

    Examples
    --------
    >>> import networkx as nx
    >>> resolve_ego(nx.Graph([("me", "a")], ego="me"))
    'me'
    """
    from netmap.errors import NetmapError, NotFoundError

    ego = G.graph.get("ego") if ego is None else ego
    if ego is None:
        raise NetmapError("the graph has no ego", hint="give the ego's node id")
    if ego not in G:
        raise NotFoundError(f"no node {ego!r} in the graph", hint="give the ego's node id")
    return ego


def add_tie(G: nx.Graph, tie: Tie) -> None:
    """Add ``tie`` as an edge; an edge already there keeps the better origin and both evidences.

    Self-loops are never created.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> add_tie(G, Tie("a", "b", "inferred", 0.5, evidence="same organisation: Acme"))
    >>> add_tie(G, Tie("b", "a", "declared", 0.8, kind="colleague"))
    >>> add_tie(G, Tie("a", "a", "declared", 1.0))
    >>> G.edges["a", "b"]["origin"], G.edges["a", "b"]["strength"], G.number_of_edges()
    ('declared', 0.8, 1)
    >>> G.edges["a", "b"]["evidence"]
    'same organisation: Acme'
    """
    if tie.a == tie.b:
        return
    strength = min(1.0, max(float(tie.strength), 1e-6))
    data = {
        "strength": strength,
        "cost": abs(math.log(strength)),  # abs: -log(1.0) would be -0.0
        "origin": tie.origin,
        "kind": tie.kind,
        "evidence": tie.evidence,
        "confidence": float(tie.confidence),
        "since": tie.since,
    }
    if G.has_edge(tie.a, tie.b):
        old = G.edges[tie.a, tie.b]
        if ORIGIN_RANK.get(tie.origin, 9) >= ORIGIN_RANK.get(old["origin"], 9):
            if tie.evidence and tie.evidence not in old["evidence"]:
                old["evidence"] = "; ".join(e for e in (old["evidence"], tie.evidence) if e)
            return
        evidence = [e for e in (tie.evidence, old["evidence"]) if e]
        data["evidence"] = "; ".join(dict.fromkeys(evidence))
    G.add_edge(tie.a, tie.b, **data)


def build_graph(
    store: Store,
    *,
    inferred: bool = True,
    max_affiliation: int = 50,
    affiliation_nodes: bool = False,
) -> nx.Graph:
    """The workspace as an undirected graph: the ego, the people, their circles and ties.

    Nodes are people (ids as in the workspace: ``"ego"``, ``"p-..."``) with the attributes of
    :data:`NODE_ATTRIBUTES`; edges carry :data:`EDGE_ATTRIBUTES`. The ego is linked to every
    contact (an ``ego`` tie whose strength comes from the data, see
    :func:`netmap.ties.ego_ties`). Contact–contact ties are the declared ones, those from
    relations between cards (``related``) and, unless ``inferred=False``, those inferred from
    shared affiliations (:func:`netmap.ties.inferred_ties`). Graph attributes: ``ego`` (its
    node id), ``name``, ``inferred`` (whether inferred ties are in), ``large_affiliations``
    (affiliations too large to project into pairwise ties).

    Parameters
    ----------
    store : Store
        The workspace.
    inferred : bool
        Include inferred ties; ``False`` gives the declared-only graph (declared, related and
        ego ties), so every analysis can be run both ways.
    max_affiliation : int
        Affiliations with more people than this are not projected into pairwise ties (an
        organisation of 2,000 people would otherwise give 2 million edges).
    affiliation_nodes : bool
        Keep those large affiliations as nodes of ``kind="affiliation"`` linked to their
        members (``origin="affiliation"``), as a bipartite view for Gephi. Off by default:
        analyses of who knows whom should not walk through an organisation node.

    Returns
    -------
    networkx.Graph
    """
    import networkx as nx

    from netmap.circles import person_circles
    from netmap.ties import declared_ties, ego_ties, inferred_ties, related_ties

    people = store.conn.execute("SELECT id, name, is_ego FROM persons ORDER BY id").fetchall()
    ego = next((pid for pid, _, is_ego in people if is_ego), None)
    G = nx.Graph(ego=ego, name=next((n for _, n, e in people if e), ""), inferred=inferred)
    circles = person_circles(store)
    excluded: dict[str, list[str]] = {}
    for pid, circle in store.conn.execute(
        "SELECT person_id, circle FROM circle_exclusions ORDER BY circle"
    ):
        excluded.setdefault(pid, []).append(circle)
    # Only the fields the nodes need, read by SQLite from each record's JSON: the records
    # themselves (raw lines and all) would cost seconds and hundreds of MB at 100,000.
    orgs_of: dict[str, dict[str, None]] = {}
    emails_of: dict[str, set[str]] = {}
    phones_of: dict[str, set[str]] = {}
    sources_of: dict[str, int] = {}
    rows = store.conn.execute(
        "SELECT person_id, origin, json_extract(data, '$.organisations'), "
        "json_extract(data, '$.emails'), json_extract(data, '$.phones') "
        "FROM records WHERE person_id IS NOT NULL ORDER BY id"
    )
    for pid, origin, orgs, emails, phones in rows:
        orgs_of.setdefault(pid, {}).update(
            dict.fromkeys(o["name"] for o in json.loads(orgs) if o["name"])
        )
        emails_of.setdefault(pid, set()).update(
            e["value"].strip().lower() for e in json.loads(emails)
        )
        phones_of.setdefault(pid, set()).update(p["value"] for p in json.loads(phones))
        sources_of[pid] = sources_of.get(pid, 0) + (origin != "ego")
    for pid, name, is_ego in people:
        G.add_node(
            pid,
            name=name,
            ego=bool(is_ego),
            kind="person",
            circles=sorted(circles.get(pid, {})),
            excluded_circles=excluded.get(pid, []),
            organisations=list(orgs_of.get(pid, {})),
            emails=len(emails_of.get(pid, ())),
            phones=len(phones_of.get(pid, ())),
            sources=sources_of.get(pid, 0),
        )
    ties: list[Tie] = []
    if ego is not None:
        ties += ego_ties(store, circles)
    ties += declared_ties(store)
    ties += related_ties(store)
    large: list[str] = []
    if inferred:
        found, large = inferred_ties(store, max_affiliation=max_affiliation)
        ties += found
    for tie in ties:
        if tie.a in G and tie.b in G:
            add_tie(G, tie)
    G.graph["large_affiliations"] = list(large)
    if affiliation_nodes and large:
        from netmap.ties import affiliations

        members = affiliations(store)
        for label in large:
            node = "aff:" + label
            G.add_node(
                node,
                name=label,
                ego=False,
                kind="affiliation",
                circles=[],
                organisations=[],
                emails=0,
                phones=0,
                sources=0,
            )
            for pid in sorted(members.get(label, ())):
                if pid in G:
                    add_tie(G, Tie(pid, node, "affiliation", 1.0, evidence=label))
    return G
