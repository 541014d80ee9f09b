"""`netmap brokerage` on research files and on the workspace."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from clihelp import imported, run

from netmap.cli import cli


def graphml(tmp_path, G: nx.Graph, name: str = "g.graphml") -> str:
    path = tmp_path / name
    nx.write_graphml(G, path)
    return str(path)


def karate(tmp_path) -> str:
    """Zachary's karate club without weights, ego "0", the split as the node attribute club."""
    K = nx.relabel_nodes(nx.karate_club_graph(), str)
    for _, _, data in K.edges(data=True):
        data.pop("weight")
    K.graph["ego"] = "0"
    return graphml(tmp_path, K, "karate.graphml")


def invoke(*args: str):
    return CliRunner().invoke(cli, ["--db", "unused.db", *args])


def test_karate_json(tmp_path):
    result = invoke(
        "brokerage", "--graph", karate(tmp_path), "--groups", "club", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    for column in ("node", "constraint", "effective_size", "efficiency", "hierarchy"):
        assert column in row
    assert row["node"] == "0" and row["contacts"] == 16
    assert row["constraint"] == pytest.approx(0.1554, abs=1e-4)
    assert row["effective_size"] == pytest.approx(13.75)
    assert row["ego_betweenness"] == pytest.approx(88.41666666666667)
    assert (row["open_two_paths"], row["coordinator"], row["gatekeeper"]) == (102, 87, 15)
    assert row["ei_index"] == pytest.approx(-16 / 17)  # 1 of the 17 classified ties crosses


def test_karate_table_explains_each_measure(tmp_path):
    result = invoke("brokerage", "--graph", karate(tmp_path), "--groups", "club")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "0"
    assert any(line.split()[:2] == ["constraint", "0.1554"] for line in lines)
    assert any(line.split()[:2] == ["effective_size", "13.75"] for line in lines)
    assert "you are their only link" in result.stdout


def test_all_top_csv_sorted_by_constraint(tmp_path):
    path = karate(tmp_path)
    result = invoke("brokerage", "--graph", path, "--all", "--top", "3", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["node"] for r in rows] == ["0", "33", "2"]
    assert "ego_betweenness" in rows[0] and "liaison" in rows[0]


def test_all_table(tmp_path):
    result = invoke("brokerage", "--graph", karate(tmp_path), "--all", "--groups", "club")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["node", "name", "contacts", "constraint"]
    assert len(lines) == 2 + 34


def test_ego_option_and_output_file(tmp_path):
    out = tmp_path / "b.json"
    args = ["--graph", karate(tmp_path), "--ego", "33", "--format", "json", "-o", str(out)]
    result = invoke("brokerage", *args)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())[0]["contacts"] == 17


def test_pure_star_without_circles(tmp_path):
    G = nx.relabel_nodes(nx.star_graph(4), str)
    G.graph["ego"] = "0"
    result = invoke("brokerage", "--graph", graphml(tmp_path, G), "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert (row["constraint"], row["efficiency"], row["hierarchy"]) == (0.25, 1.0, 0.0)
    assert (row["ego_betweenness_normalized"], row["unclassified"]) == (1.0, 6)
    assert row["ei_index"] is None and row["blau"] is None
    assert "Nobody here has a 'circles' value" in result.stderr


def test_ego_alone(tmp_path):
    G = nx.Graph(ego="me")
    G.add_node("me")
    result = invoke("brokerage", "--graph", graphml(tmp_path, G))
    assert result.exit_code == 0, result.output
    assert "contacts                    0" in result.stdout


def test_no_ego_is_a_clear_error(tmp_path):
    result = invoke("brokerage", "--graph", graphml(tmp_path, nx.path_graph(3)))
    assert result.exit_code == 1
    assert "Error: the graph has no ego; give --ego NODE" in result.stderr


def test_workspace(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "brokerage", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    # 5 people; Ines, Léa and Marc are tied through Acme Industries: 7 of 10 pairs are open
    assert (row["node"], row["name"], row["contacts"]) == ("ego", "Camille Durand", 5)
    assert (row["open_two_paths"], row["only_link_pairs"]) == (7, 7)
    assert row["effective_size"] == pytest.approx(3.8)
    declared = json.loads(run(db, "brokerage", "--declared-only", "--format", "json").stdout)
    assert declared[0]["effective_size"] == pytest.approx(5.0)
    assert declared[0]["open_two_paths"] == 10
    weighted = run(db, "brokerage", "--weighted", "--format", "json")
    assert weighted.exit_code == 0, weighted.output


@pytest.mark.corpus
def test_ego_facebook(shared_data):
    path = shared_data / "snap-ego-facebook" / "facebook_combined.txt"
    result = invoke("brokerage", "--graph", str(path), "--ego", "107", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["contacts"] == 1045
    assert row["constraint"] == pytest.approx(0.0037804065219900897, abs=1e-12)
    assert "betweenness: estimated from 284 sampled sources (seed 0)" in result.stderr
