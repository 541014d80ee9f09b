"""build_graph: the workspace as a networkx graph, with its documented attributes."""

from __future__ import annotations

import math

from clihelp import imported, run

import netmap
from netmap.graph import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, build_graph


def _store(tmp_path):
    db, _ = imported(tmp_path)
    return db, netmap.Store(db)


def test_nodes_ego_and_attributes(tmp_path):
    _, store = _store(tmp_path)
    G = build_graph(store)
    assert G.graph["ego"] == "ego"
    assert G.graph["name"] == "Camille Durand"
    assert G.number_of_nodes() == 6
    for _, data in G.nodes(data=True):
        assert set(NODE_ATTRIBUTES) <= set(data)
    assert [n for n, e in G.nodes(data="ego") if e] == ["ego"]
    lea = next(d for _, d in G.nodes(data=True) if d["name"] == "Léa Martin")
    assert (lea["emails"], lea["phones"], lea["sources"]) == (1, 1, 2)
    assert lea["organisations"] == ["Acme Industries"]
    assert lea["circles"] == ["internship"]


def test_ego_linked_to_everyone_and_edges_documented(tmp_path):
    _, store = _store(tmp_path)
    G = build_graph(store)
    assert set(G["ego"]) == set(G) - {"ego"}
    for _, _, data in G.edges(data=True):
        assert set(EDGE_ATTRIBUTES) <= set(data)
        assert 0 < data["strength"] <= 1
        assert data["cost"] == abs(math.log(data["strength"]))
    assert all(u != v for u, v in G.edges())


def test_declared_only_leaves_inferred_ties_out(tmp_path):
    db, store = _store(tmp_path)
    full = build_graph(store)
    declared = build_graph(store, inferred=False)
    inferred = {(u, v) for u, v, o in full.edges(data="origin") if o == "inferred"}
    # Léa Martin, Marc Petit and Ines Roux share Acme Industries.
    assert len(inferred) == 3
    assert not [o for _, _, o in declared.edges(data="origin") if o == "inferred"]
    assert declared.number_of_edges() == full.number_of_edges() - 3
    assert run(db, "tie", "Léa Martin", "Marc Petit", "--kind", "colleague").exit_code == 0
    again = build_graph(store)
    lea = next(n for n, d in again.nodes(data=True) if d["name"] == "Léa Martin")
    marc = next(n for n, d in again.nodes(data=True) if d["name"] == "Marc Petit")
    edge = again.edges[lea, marc]
    # A declared pair is no longer suggested as inferred: one edge, declared.
    assert (edge["origin"], edge["kind"], edge["evidence"]) == (
        "declared",
        "colleague",
        "declared by you",
    )


def test_node_ids_are_the_workspace_ids_and_rebuilds_are_identical(tmp_path):
    _, store = _store(tmp_path)
    first, second = build_graph(store), build_graph(store)
    ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM persons"))
    assert sorted(first) == ids
    assert all(i == "ego" or i.startswith("p-") for i in ids)
    assert sorted(first.edges(data=True)) == sorted(second.edges(data=True))
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))


def test_untagged_circles_are_carried(tmp_path):
    db, store = _store(tmp_path)
    assert run(db, "untag", "Léa Martin", "internship").exit_code == 0
    G = build_graph(store)
    lea = next(d for _, d in G.nodes(data=True) if d["name"] == "Léa Martin")
    assert (lea["circles"], lea["excluded_circles"]) == ([], ["internship"])
