"""`netmap weak-ties` on a small GraphML file, on a workspace, and on ego-Facebook."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from clihelp import imported, run

REQUIRED = {"contact", "mutual", "overlap", "local_bridge", "span", "value"}


def _graphml(tmp_path: Path, G: nx.Graph, name: str = "g.graphml") -> str:
    path = tmp_path / name
    nx.write_graphml(G, path)
    return str(path)


def _hand(tmp_path: Path) -> str:
    """me - a, b, c, d; a - b; c - x, c - y (the graph of tests/test_weak_ties.py)."""
    G = nx.Graph()
    G.add_edge("me", "a", strength=0.5)
    G.add_edge("me", "b", strength=0.9)
    G.add_edge("me", "c", strength=0.4, evidence="last contact 2020-01-10")
    G.add_edge("me", "d", strength=0.2)
    G.add_edges_from([("a", "b"), ("c", "x"), ("c", "y")])
    circles = {"a": "family", "b": "family", "c": "work", "d": "", "x": "", "y": ""}
    nx.set_node_attributes(G, circles, "circles")
    nx.set_node_attributes(G, {"d": "Acme"}, "organisations")
    nx.set_node_attributes(G, {n: n.upper() for n in G}, "name")
    return _graphml(tmp_path, G)


def _json(db: Path, *args: str) -> list[dict]:
    result = run(db, "weak-ties", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_rows_on_a_graph_file(tmp_path):
    rows = _json(tmp_path / "none.db", "--graph", _hand(tmp_path), "--ego", "me")
    assert [r["contact"] for r in rows] == ["c", "d", "a", "b"]
    assert REQUIRED <= set(rows[0])
    by = {r["contact"]: r for r in rows}
    assert by["a"]["overlap"] == pytest.approx(1 / 3)
    assert (by["a"]["mutual"], by["a"]["span"], by["a"]["local_bridge"]) == (1, 2.0, False)
    # a bridge: infinite span, written as null beside bridge: true
    assert (by["c"]["span"], by["c"]["bridge"], by["c"]["local_bridge"]) == (None, True, True)
    assert by["c"]["value"] == pytest.approx(0.75 * (1 + 0.75 + 1) / 3)
    assert by["c"]["name"] == "C"
    assert by["c"]["circles"] == ["work"]
    assert by["c"]["last_contact"] == "2020-01-10"
    # c dated long ago, d too weak to count as in touch; a and b undated and strong enough
    assert [by[n]["label"] for n in "cdab"] == ["reconnect", "reconnect", "keep warm",
                                                "keep warm"]  # fmt: skip


def test_top_and_table(tmp_path):
    result = run(tmp_path / "none.db", "weak-ties", "--graph", _hand(tmp_path), "--ego", "me",
                 "--top", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Your 4 ties by weak-tie value (top 2 of 4; --top 0 shows all)"
    assert lines[1].split() == ["name", "circles", "mutual", "overlap", "span", "value",
                                "strength", "last_contact", "label", "why"]  # fmt: skip
    assert lines[3].split()[:6] == ["C", "work", "0", "0.0", "inf", "0.688"]
    assert len(lines) == 5


def test_undefined_overlap_is_said(tmp_path):
    path = _graphml(tmp_path, nx.Graph([("me", "you")]))
    result = run(tmp_path / "none.db", "weak-ties", "--graph", path, "--ego", "me")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[3].split()[:6] == ["you", "0", "undefined", "inf",
                                                         "undefined", "1.0"]  # fmt: skip
    rows = _json(tmp_path / "none.db", "--graph", path, "--ego", "me")
    assert (rows[0]["overlap"], rows[0]["value"], rows[0]["label"]) == (None, None, "")
    csv = run(tmp_path / "none.db", "weak-ties", "--graph", path, "--ego", "me", "--format", "csv")
    assert csv.output.splitlines()[1].split(",")[6] == ""  # the overlap cell


def test_dormant_after(tmp_path):
    graph = _hand(tmp_path)
    for after, label in (("12m", "reconnect"), ("100y", "ask now"), ("6000w", "ask now")):
        rows = _json(tmp_path / "none.db", "--graph", graph, "--ego", "me",
                     "--dormant-after", after)  # fmt: skip
        assert rows[0]["contact"] == "c" and rows[0]["label"] == label, after
    bad = run(tmp_path / "none.db", "weak-ties", "--graph", graph, "--ego", "me",
              "--dormant-after", "soon")  # fmt: skip
    assert bad.exit_code == 2
    assert "'soon' is not a duration like 12m, 1y, 6w or 90d" in bad.output


def test_between_circles(tmp_path):
    G = nx.Graph([("me", n) for n in "abcd"] + [("a", "b"), ("b", "c"), ("c", "d")])
    nx.set_node_attributes(G, {"a": "family", "b": "family", "c": "work", "d": "work"}, "circles")
    path = _graphml(tmp_path, G)
    rows = _json(tmp_path / "none.db", "--graph", path, "--ego", "me", "--between-circles")
    assert [(r["a"], r["b"], r["between_circles"]) for r in rows] == [
        ("b", "c", True), ("a", "b", False), ("c", "d", False)
    ]  # fmt: skip
    assert rows[0]["circles_a"] == ["family"] and rows[0]["span"] is None


def test_all_edges(tmp_path):
    rows = _json(tmp_path / "none.db", "--graph", _hand(tmp_path), "--ego", "me", "--all-edges",
                 "--top", "0")  # fmt: skip
    assert len(rows) == 7
    assert sum(r["bridge"] for r in rows) == 4  # me-c, me-d, c-x, c-y
    assert all(r["local_bridge"] for r in rows[:4])


def test_usage_and_errors(tmp_path):
    graph = _hand(tmp_path)
    both = run(tmp_path / "none.db", "weak-ties", "--graph", graph, "--ego", "me",
               "--all-edges", "--between-circles")  # fmt: skip
    assert both.exit_code == 2
    no_ego = run(tmp_path / "none.db", "weak-ties", "--graph", graph)
    assert no_ego.exit_code == 1
    assert "Error: the graph has no ego; give --ego NODE" in no_ego.output


def test_output_file(tmp_path):
    out = tmp_path / "weak.csv"
    result = run(tmp_path / "none.db", "weak-ties", "--graph", _hand(tmp_path), "--ego", "me",
                 "--format", "csv", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("contact,name,circles,")


def test_workspace(tmp_path):
    db, _ = imported(tmp_path)
    rows = _json(db, "--top", "0")
    by = {r["name"]: r for r in rows}
    assert set(by) == {"Léa Martin", "Marc Petit", "Jon Petit", "John Petit", "Ines Roux"}
    lea = by["Léa Martin"]
    assert (lea["mutual"], lea["overlap"], lea["span"]) == (2, 0.5, 2.0)
    assert lea["last_contact"] == "2024-03-12"  # LinkedIn's Connected On
    assert lea["dormant"] is True
    assert (by["Jon Petit"]["bridge"], by["Jon Petit"]["span"]) == (True, None)
    table = run(db, "weak-ties")
    assert table.exit_code == 0, table.output
    assert table.output.startswith("Your 5 ties by weak-tie value\n")
    declared = run(db, "weak-ties", "--declared-only", "--format", "json")
    assert declared.exit_code == 0, declared.output
    assert all(r["bridge"] for r in json.loads(declared.output))  # no inferred ties: a star


def test_ego_facebook(shared_data, tmp_path):
    path = shared_data / "snap-ego-facebook" / "facebook_combined.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    rows = _json(tmp_path / "none.db", "--graph", str(path), "--ego", "107", "--top", "3")
    assert [r["contact"] for r in rows[:1]] == ["1684"]
    assert rows[0]["exclusive_reach"] == 691
