"""`netmap intro TARGET`: on a research GraphML file, on a star, and on the workspace."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from clihelp import imported, run


@pytest.fixture
def acme(tmp_path):
    """Camille, Léa (internship, at Acme), Marc (at Acme), Zoé three steps past Marc."""
    G = nx.Graph(ego="me")
    people = {
        "me": ("Camille Durand", "", ""),
        "lea": ("Léa Martin", "internship", "Acme Industries"),
        "marc": ("Marc Petit", "", "Acme Industries"),
        "jon": ("Jon Petit", "friends", "Studio Lumen"),
        "x": ("Xavier", "", ""),
        "zoe": ("Zoé Loin", "", ""),
    }
    for node, (name, circles, orgs) in people.items():
        G.add_node(node, name=name, circles=circles, organisations=orgs)
    G.add_edge("me", "lea", strength=0.5, origin="ego", evidence="closeness 3/5 in google.csv")
    G.add_edge("me", "jon", strength=0.5, origin="ego")
    G.add_edge("lea", "marc", strength=0.25, origin="declared", kind="colleague")
    G.add_edge("jon", "marc", strength=0.5, origin="inferred",
               evidence="same group: Amis")  # fmt: skip
    G.add_edge("marc", "x", strength=0.5)
    G.add_edge("x", "zoe", strength=0.5)
    path = tmp_path / "acme.graphml"
    nx.write_graphml(G, path)
    return path


def intro(tmp_path, graph, *args):
    return run(tmp_path / "none.db", "intro", *args, "--graph", str(graph))


def test_table_names_the_person_to_ask_with_the_chance_and_why(tmp_path, acme):
    result = intro(tmp_path, acme, "Marc Petit")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "1. Jon Petit  13%  (2 steps: Camille Durand → Jon Petit → Marc Petit)",
        "   Ask Jon Petit (friends): Jon Petit probably knows Marc Petit "
        "(both in your group 'Amis').",
        "2. Léa Martin  7.2%  (2 steps: Camille Durand → Léa Martin → Marc Petit)",
        "   Ask Léa Martin (internship; closeness 3/5): Léa Martin knows Marc Petit "
        "(colleague; you said so).",
    ]
    assert result.stderr.splitlines() == [
        "Understood 'Marc Petit' as the person Marc Petit.",
        "Ask Jon Petit first: 13% chance. Asking all 2: 19% chance that one works.",
    ]


def test_json_rows_carry_rank_via_path_probability_reason(tmp_path, acme):
    result = intro(tmp_path, acme, "marc", "--format", "json", "--top", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "rank": 1,
            "via": "Jon Petit",
            "via_id": "jon",
            "target": "Marc Petit",
            "target_id": "marc",
            "hops": 2,
            "probability": 0.1296,
            "cumulative": 0.1296,
            "path": ["Camille Durand", "Jon Petit", "Marc Petit"],
            "nodes": ["me", "jon", "marc"],
            "reason": "Ask Jon Petit (friends): Jon Petit probably knows Marc Petit "
            "(both in your group 'Amis').",
        }
    ]


def test_csv_and_hop_probability(tmp_path, acme):
    result = intro(tmp_path, acme, "marc", "--format", "csv", "--hop-probability", "0.5")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "rank,via,via_id,target,target_id,hops,probability,cumulative,path,nodes,reason"
    )
    assert lines[1].startswith("1,Jon Petit,jon,Marc Petit,marc,2,0.25,0.25,")
    assert len(lines) == 3


def test_organisation_target_says_what_was_understood(tmp_path, acme):
    result = intro(tmp_path, acme, "acme", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["via"], r["target"], r["probability"]) for r in rows] == [
        ("Léa Martin", "Léa Martin", 0.36),
        ("Jon Petit", "Marc Petit", 0.1296),
    ]
    assert result.stderr.splitlines() == [
        "Understood 'acme' as the organisation Acme Industries (2 people).",
        "Ask Léa Martin first: 36% chance. Asking all 2: 44% chance that one works.",
    ]


def test_unreachable_within_max_hops_says_the_nearest(tmp_path, acme):
    result = intro(tmp_path, acme, "Zoé")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[-1] == (
        "Nobody leads you to Zoé Loin within 3 steps: the nearest chain has 4 steps. "
        "Try --max-hops 4."
    )
    result = intro(tmp_path, acme, "zoe loin", "--max-hops", "4", "--format", "json")
    assert [r["nodes"] for r in json.loads(result.stdout)] == [["me", "jon", "marc", "x", "zoe"]]
    result = intro(tmp_path, acme, "Zoé", "--format", "json")
    assert json.loads(result.stdout) == []


def test_unknown_target_is_an_error_with_close_matches(tmp_path, acme):
    result = intro(tmp_path, acme, "Zoe Lion")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: nobody, no organisation and no circle matches 'Zoe Lion'; did you mean: Zoé Loin?\n"
    )


def test_the_ego_and_bad_options(tmp_path, acme):
    result = intro(tmp_path, acme, "Camille")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: 'Camille' is you; name someone you want to meet\n",
    )
    assert intro(tmp_path, acme, "marc", "--hop-probability", "0").exit_code == 2
    assert intro(tmp_path, acme, "marc", "--max-hops", "0").exit_code == 2


def test_declared_only_leaves_inferred_ties_out(tmp_path, acme):
    result = intro(tmp_path, acme, "marc", "--declared-only", "--format", "json")
    assert [r["via"] for r in json.loads(result.stdout)] == ["Léa Martin"]


def test_star(tmp_path):
    path = tmp_path / "star.graphml"
    nx.write_graphml(nx.relabel_nodes(nx.star_graph(3), str), path)
    result = intro(tmp_path, path, "2", "--ego", "0")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "1. 2  36%  (1 step: 0 → 2)",
        "   You know 2 directly.",
    ]
    result = intro(tmp_path, path, "9", "--ego", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nobody, no organisation and no circle matches '9'")


def test_workspace(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "intro", "Acme", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert result.stderr.splitlines()[0] == (
        "Understood 'Acme' as the organisation Acme Industries (3 people)."
    )
    assert {r["target"] for r in rows} == {"Léa Martin", "Marc Petit", "Ines Roux"}
    assert all(r["hops"] == 1 and r["reason"].startswith("You know ") for r in rows)
    result = run(db, "intro", "Lea Martin", "--top", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("1. Léa Martin ")
