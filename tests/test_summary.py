"""`netmap summary`: one row per section in plain sentences, on a star, karate and a workspace."""

from __future__ import annotations

import json

import networkx as nx
from clihelp import imported, run

from netmap.analysis.summary import network_headline, summary


def _star(n: int) -> nx.Graph:
    G = nx.star_graph(["me", *(f"c{i}" for i in range(n))])
    G.graph["ego"] = "me"
    return G


def test_sections_in_order_on_a_star():
    rows = summary(_star(4))
    assert [r["section"] for r in rows] == [
        "network",
        "reach",
        "weak_ties",
        "introductions",
        "brokerage",
        "circles",
    ]
    assert rows[0]["sentence"] == "Your network: 4 contacts and no known tie between them."
    assert all(r["sentence"] for r in rows)


def test_network_headline_counts_ties_among_contacts_by_origin():
    G = _star(3)
    G.add_edge("c0", "c1", origin="declared")
    G.add_edge("c1", "c2", origin="inferred")
    G.add_edge("c2", "x", origin="data")
    G.nodes["me"]["name"] = "Camille"
    head = network_headline(G)
    assert (head["contacts"], head["ties_among_contacts"], head["people_beyond"]) == (3, 2, 1)
    assert head["sentence"] == (
        "Camille's network: 3 contacts and 2 ties between them (1 declared, 1 inferred), "
        "and 1 people beyond them."
    )


def test_summary_on_karate_club():
    G = nx.relabel_nodes(nx.karate_club_graph(), str)
    G.graph["ego"] = "0"
    rows = {r["section"]: r for r in summary(G)}
    assert rows["network"]["numbers"]["contacts"] == 16
    assert rows["reach"]["numbers"]["direct"] == 16


def test_cli_summary_workspace_and_json(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "summary")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Network\n  Camille Durand's network: 5 contacts")
    data = json.loads(run(db, "summary", "--format", "json").output)
    assert data[0]["section"] == "network"


def test_cli_summary_graph_file(tmp_path):
    G = nx.relabel_nodes(nx.florentine_families_graph(), lambda n: n.replace(" ", "_"))
    path = tmp_path / "f.graphml"
    nx.write_graphml(G, path)
    result = run(tmp_path / "none.db", "summary", "--graph", str(path), "--ego", "Medici")
    assert result.exit_code == 0, result.output
    assert "6 contacts" in result.output
