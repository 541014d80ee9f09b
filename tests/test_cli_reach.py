"""`netmap reach`: on a research GraphML file, on a star, and on the workspace."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from clihelp import imported, run


@pytest.fixture
def medici(tmp_path):
    """The Florentine families as GraphML, Medici the ego, two families tagged with a circle."""
    G = nx.florentine_families_graph()
    G.graph["ego"] = "Medici"
    nx.set_node_attributes(G, "", "circles")
    G.nodes["Albizzi"]["circles"] = "bank"
    G.nodes["Strozzi"]["circles"] = "bank;church"
    path = tmp_path / "florentine.graphml"
    nx.write_graphml(G, path)
    return path


@pytest.fixture
def star(tmp_path):
    """A contact export's shape: the ego and three contacts, no tie between them."""
    path = tmp_path / "star.graphml"
    nx.write_graphml(nx.relabel_nodes(nx.star_graph(3), str), path)
    return path


def test_json_rows_carry_hops_group_count(tmp_path, medici):
    result = run(tmp_path / "none.db", "reach", "--graph", str(medici), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"hops": 1, "group": "all", "count": 6, "cumulative": 6},
        {"hops": 2, "group": "all", "count": 5, "cumulative": 11},
        {"hops": 3, "group": "all", "count": 3, "cumulative": 14},
    ]


def test_by_circle(tmp_path, medici):
    args = ["reach", "--graph", str(medici), "--by", "circle", "--hops", "2", "--format", "csv"]
    result = run(tmp_path / "none.db", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "hops,group,count,cumulative",
        "1,bank,1,1",
        "2,bank,1,2",
        "1,church,0,0",
        "2,church,1,1",
        "1,(none),5,5",
        "2,(none),4,9",
    ]


def test_openers_and_cover(tmp_path, medici):
    db = tmp_path / "none.db"
    result = run(db, "reach", "--graph", str(medici), "--show", "openers", "--top", "2",
                 "--format", "json")  # fmt: skip
    assert [(r["contact"], r["opens"], r["unique"]) for r in json.loads(result.stdout)] == [
        ("Albizzi", 2, 1),
        ("Barbadori", 1, 1),
    ]
    result = run(db, "reach", "--graph", str(medici), "--show", "cover", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["step"], r["contact"], r["covered"], r["share"]) for r in rows] == [
        (1, "Albizzi", 2, 0.4),
        (2, "Barbadori", 3, 0.6),
        (3, "Ridolfi", 4, 0.8),
        (4, "Salviati", 5, 1.0),
    ]
    assert "1 - 1/e (63%)" in result.stderr and "Nemhauser" in result.stderr


def test_diversity_undefined_is_null(tmp_path, star):
    args = ["reach", "--graph", str(star), "--ego", "0", "--show", "diversity", "--format", "json"]
    result = run(tmp_path / "none.db", *args)
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert (first["people"], first["tagged"], first["blau"], first["entropy"]) == (3, 0, None, None)


def test_table_shows_every_part(tmp_path, medici):
    result = run(tmp_path / "none.db", "reach", "--graph", str(medici))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("People within 3 step(s) of you\nhops  group  count  cumulative\n")
    assert "Who opens the most of the 5 people 2 steps away" in out
    assert "1 - 1/e (63%)" in out
    assert "Diversity of the people within each distance" in out


def test_star_table_says_nobody_is_two_steps_away(tmp_path, star):
    result = run(tmp_path / "none.db", "reach", "--graph", str(star), "--ego", "0")
    assert result.exit_code == 0, result.output
    assert "Nobody: everyone in this graph is one of your own contacts" in result.stdout
    assert "greedy cover" not in result.stdout


def test_errors(tmp_path, medici):
    db = tmp_path / "none.db"
    result = run(db, "reach", "--graph", str(medici), "--ego", "Nobody")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert run(db, "reach", "--graph", str(medici), "--hops", "0").exit_code == 2
    assert run(db, "reach", "--graph", str(medici), "--by", "city").exit_code == 2


def test_output_file(tmp_path, medici):
    out = tmp_path / "reach.csv"
    result = run(tmp_path / "none.db", "reach", "--graph", str(medici), "--format", "csv",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[1] == "1,all,6,6"


def test_workspace(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "reach", "--by", "organisation", "--hops", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"hops": 1, "group": "Acme Industries", "count": 3, "cumulative": 3},
        {"hops": 1, "group": "Studio Lumen", "count": 1, "cumulative": 1},
        {"hops": 1, "group": "(none)", "count": 1, "cumulative": 1},
    ]
    result = run(db, "reach", "--declared-only", "--format", "json")
    assert [r["count"] for r in json.loads(result.stdout)] == [5, 0, 0]
