"""Pseudonymised exports: labels, keyed hashes, no free text, what structure gives away."""

from __future__ import annotations

import hashlib

import networkx as nx
import pytest

from netmap.formats import write_graph
from netmap.pseudonymise import pseudonymise, uniqueness

KEY = b"k" * 32
SECRETS = ("Camille Durand", "Léa Martin", "lea.martin@example.org", "+33639981234", "Acme")


def contacts() -> nx.Graph:
    """A small graph with everything a workspace graph may carry, and foreign extras."""
    G = nx.Graph(ego="ego", name="Camille Durand", inferred=True, large_affiliations=["Acme"])
    G.add_node("ego", name="Camille Durand", ego=True, kind="person", circles=[], emails=1)
    G.add_node(
        "p-1",
        name="Léa Martin",
        ego=False,
        kind="person",
        circles=["studies", "friends"],
        organisations=["Acme"],
        emails=["lea.martin@example.org"],
        phones=["+33639981234"],
        notes="met at ESIV, lives 12 rue des Lilas",
        sources=2,
    )
    G.add_node("p-2", name="Marc Petit", ego=False, kind="person", circles=["studies"], phones=1)
    G.add_node("p-3", name="Jon Petit", ego=False, kind="person", circles=[], email="jon@x.org")
    for node in ("p-1", "p-2", "p-3"):
        G.add_edge("ego", node, strength=0.5, cost=0.69, origin="ego", evidence="", since="2020")
    G.add_edge(
        "p-1", "p-2", strength=0.8, cost=0.22, origin="inferred", kind="colleague",
        evidence="both at Acme", confidence=0.7,
    )  # fmt: skip
    return G


def test_labels_hashes_and_report():
    H, report = pseudonymise(contacts(), key=KEY)
    assert sorted(H) == ["EGO", "P001", "P002", "P003"]
    assert H.graph == {"ego": "EGO", "inferred": True}
    assert H.nodes["EGO"] == {
        "name": "EGO",
        "ego": True,
        "kind": "person",
        "circles": [],
        "emails": 1,
    }
    lea = next(n for n in H if H.nodes[n].get("sources") == 2)
    digest = H.nodes[lea]["emails"][0]
    assert (
        len(digest) == 16 and digest != hashlib.sha256(b"lea.martin@example.org").hexdigest()[:16]
    )
    assert H.nodes[lea]["circles"] == ["studies", "friends"]
    assert set(H.nodes[lea]) == {
        "name",
        "ego",
        "kind",
        "circles",
        "organisations",
        "emails",
        "phones",
        "sources",
    }
    inferred = next(d for *_, d in H.edges(data=True) if d["origin"] == "inferred")
    assert inferred == {
        "strength": 0.8,
        "cost": 0.22,
        "origin": "inferred",
        "kind": "colleague",
        "confidence": 0.7,
    }
    assert report == {
        "nodes": 4,
        "edges": 4,
        "labelled": 3,
        "first": "P001",
        "last": "P003",
        "unique": 3,
        "smallest_group": 1,
        "hashed": ["email", "emails", "organisations", "phones"],
        "dropped": ["evidence", "large_affiliations", "name", "notes", "since"],
    }


def test_same_key_same_output_and_fresh_key_by_default():
    G = contacts()
    a, _ = pseudonymise(G, key=KEY)
    b, _ = pseudonymise(G, key=KEY)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert nx.utils.edges_equal(a.edges(data=True), b.edges(data=True))
    c, _ = pseudonymise(G)
    d, _ = pseudonymise(G)
    lea = [next(n for n in X if X.nodes[n].get("sources") == 2) for X in (c, d)]
    assert c.nodes[lea[0]]["emails"] != d.nodes[lea[1]]["emails"]  # no key is ever reused


def test_same_value_same_hash_within_one_export():
    G = contacts()
    G.nodes["p-3"]["email"] = "lea.martin@example.org"
    H, _ = pseudonymise(G, key=KEY)
    lea = next(n for n in H if H.nodes[n].get("sources") == 2)
    jon = next(n for n in H if "email" in H.nodes[n])
    assert H.nodes[jon]["email"] == H.nodes[lea]["emails"][0]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv", "edgelist"])
def test_no_name_email_or_phone_in_the_file(tmp_path, fmt):
    H, _ = pseudonymise(contacts())
    result = write_graph(H, tmp_path / f"out.{fmt}", fmt)
    for path in result["files"]:
        data = open(path, "rb").read()
        for secret in (*SECRETS, "Marc", "Petit", "ESIV", "Lilas", "jon@x.org", "p-1", "33639"):
            assert secret.encode("utf-8") not in data, (fmt, secret)
        assert b"P001" in data


def test_labels_do_not_follow_the_ids():
    G = nx.path_graph([f"n{i:02d}" for i in range(20)])
    H, _ = pseudonymise(G, key=KEY)
    ends = sorted(n for n in H if H.degree(n) == 1)
    along = nx.shortest_path(H, *ends)  # the labels of n00, n01, ... or of n19, n18, ...
    assert along != sorted(along) and along[::-1] != sorted(along)


def test_uniqueness_on_a_star():
    star = nx.star_graph(5)  # centre 0, leaves 1..5
    assert uniqueness(star) == {"unique": 1, "smallest_group": 1}
    assert uniqueness(star, ego=0) == {"unique": 0, "smallest_group": 5}
    nx.set_node_attributes(star, {0: ["x"], 1: ["family"], 2: ["family"], 3: ["work"]}, "circles")
    # leaves by (degree, circles): (1, family) x2, (1, work) x1, (1, ()) x2
    assert uniqueness(star, ego=0) == {"unique": 1, "smallest_group": 1}
    _, report = pseudonymise(nx.Graph(star, ego=0), key=KEY)
    assert (report["unique"], report["smallest_group"]) == (1, 1)


def test_uniqueness_on_a_path_by_hand():
    G = nx.path_graph(5)  # degrees 1 2 2 2 1
    assert uniqueness(G) == {"unique": 0, "smallest_group": 2}
    G.nodes[1]["circles"] = ["family"]
    # (1,()) x2: 0 and 4; (2,(family,)) x1: 1; (2,()) x2: 2 and 3
    assert uniqueness(G) == {"unique": 1, "smallest_group": 1}
    # without the ego 2: (2,()) has only 3 left
    assert uniqueness(G, ego=2) == {"unique": 2, "smallest_group": 1}
