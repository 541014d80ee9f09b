"""`netmap circles compare`: on research GraphML files, on a star, and on the workspace."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from clihelp import run, workspace, write

from netmap.cli.compare import compare


def invoke(db, *args: str):
    """Invoke the (not yet attached) command object directly, as the lead will attach it."""
    return CliRunner().invoke(compare, list(args), obj={"db": str(db)})


@pytest.fixture
def karate(tmp_path):
    """Zachary's karate club as GraphML: an ego tied to all, each member's club as its circle."""
    G = nx.karate_club_graph()
    nx.set_node_attributes(G, {n: G.nodes[n]["club"] for n in G}, "circles")
    G.add_edges_from(("ego", n) for n in list(G))
    G.graph["ego"] = "ego"
    path = tmp_path / "karate.graphml"
    nx.write_graphml(G, path)
    return path


@pytest.fixture
def borgatti(tmp_path):
    """Borgatti's 1997 example, G the ego; E and F in family (one also in friends), B in work."""
    G = nx.Graph(
        [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
         ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")],
    )  # fmt: skip
    nx.set_node_attributes(G, "", "circles")
    G.nodes["E"]["circles"] = "family"
    G.nodes["F"]["circles"] = "family;friends"
    G.nodes["B"]["circles"] = "work"
    path = tmp_path / "borgatti.graphml"
    nx.write_graphml(G, path)
    return path


@pytest.fixture
def star(tmp_path):
    """A contact export's shape: the ego and three contacts, no tie between them."""
    path = tmp_path / "star.graphml"
    nx.write_graphml(nx.relabel_nodes(nx.star_graph(3), str), path)
    return path


def test_json_scores_found_circles_and_trivial_baselines(tmp_path, karate):
    result = invoke(tmp_path / "none.db", "--graph", str(karate), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["circles"], r["kind"], r["circles_found"], r["circles_true"]) for r in rows] == [
        ("louvain", "found", 4, 2),
        ("everyone", "baseline", 1, 2),
        ("shuffled", "baseline", 4, 2),
    ]
    assert rows[0]["one_minus_ber"] == pytest.approx((1 - 7 / 34 + 1 - 3 / 17) / 2)
    assert rows[0]["f1"] == pytest.approx((22 / 29 + 22 / 28) / 2)
    assert (rows[1]["one_minus_ber"], rows[1]["f1"]) == (0.5, pytest.approx(34 / 51))
    assert all("one_minus_ber" in r and "f1" in r for r in rows)


def test_communities_json(tmp_path, karate):
    args = ["--graph", str(karate), "--show", "communities", "--format", "json"]
    result = invoke(tmp_path / "none.db", *args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["community"], r["size"], r["circle"]) for r in rows] == [
        ("c1", 12, "Officer"),
        ("c2", 11, "Mr. Hi"),
        ("c3", 6, None),
        ("c4", 5, None),
    ]
    assert rows[2]["f1"] is None and rows[2]["composition"] == ["Officer 6"]
    assert rows[3]["members"] == ["10", "16", "4", "5", "6"]


def test_nested_and_overlap_options(tmp_path, karate):
    db = tmp_path / "none.db"
    result = invoke(db, "--graph", str(karate), "--method", "nested", "--format", "json")
    assert json.loads(result.stdout)[0]["circles_found"] == 6
    args = ["--graph", str(karate), "--min-size", "6", "--show", "communities", "--format", "csv"]
    result = invoke(db, *args)
    assert result.exit_code == 0, result.output
    assert [line.split(",")[:2] for line in result.stdout.splitlines()] == [
        ["community", "size"],
        ["c1", "12"],
        ["c2", "11"],
        ["c3", "6"],
    ]


def test_suggestions_csv(tmp_path, borgatti):
    args = ["--graph", str(borgatti), "--ego", "G", "--show", "suggestions", "--format", "csv"]
    result = invoke(tmp_path / "none.db", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "contact,name,circle,votes,tagged,share,evidence",
        "A,A,family,2,3,0.6666666666666666,2 of 3 of their contacts are in family",
    ]


def test_table_shows_every_part(tmp_path, borgatti):
    result = invoke(tmp_path / "none.db", "--graph", str(borgatti), "--ego", "G")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(
        "Groups found among your 6 contacts by louvain (seed 0), from the 4 ties between them\n"
    )
    assert "How they match your 3 declared circle(s)" in out
    assert "everyone  1              3             0.5" in out
    assert "A     family  0.667  2 of 3 of their contacts are in family" in out
    assert "McAuley & Leskovec" in result.stderr


def test_top_limits_the_table(tmp_path, karate):
    result = invoke(tmp_path / "none.db", "--graph", str(karate), "--top", "2")
    assert result.exit_code == 0, result.output
    assert "... and 2 more: --show communities lists them all." in result.stdout


def test_star(tmp_path, star):
    result = invoke(tmp_path / "none.db", "--graph", str(star), "--ego", "0")
    assert result.exit_code == 0, result.output
    assert "from the 0 ties between them" in result.stdout
    assert "Nobody is in a circle yet" in result.stdout
    assert "None to suggest." in result.stdout
    result = invoke(tmp_path / "none.db", "--graph", str(star), "--ego", "0", "--format", "json")
    assert [r["f1"] for r in json.loads(result.stdout)] == [None, None, None]


def test_errors(tmp_path, star):
    db = tmp_path / "none.db"
    result = invoke(db, "--graph", str(star))
    assert result.exit_code == 1
    assert result.output.startswith("Error: the graph has no ego")
    assert invoke(db, "--graph", str(star), "--ego", "0", "--method", "kclique").exit_code == 2
    assert invoke(db, "--graph", str(star), "--ego", "0", "--overlap", "2").exit_code == 2


def test_help_ends_with_examples():
    result = CliRunner().invoke(compare, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    examples = result.output.split("Examples:")[1]
    assert "netmap circles compare --graph facebook/107.circles --format json" in examples


INTERNS = "".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nORG:Acme Industries\r\n{cat}END:VCARD\r\n"
    for name, cat in [
        ("Léa Martin", "CATEGORIES:Stage\r\n"),
        ("Marc Petit", "CATEGORIES:Stage\r\n"),
        ("Inès Roux", "CATEGORIES:Stage\r\n"),
        ("Hugo Blanc", "CATEGORIES:Stage\r\n"),
        ("Zoé Noir", ""),
    ]
)


def test_workspace_suggests_and_respects_hand_untagging(tmp_path):
    db = workspace(tmp_path)
    assert run(db, "import", str(write(tmp_path, "phone.vcf", INTERNS))).exit_code == 0
    result = invoke(db, "--show", "suggestions", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [(r["name"], r["circle"], r["evidence"]) for r in json.loads(result.stdout)] == [
        ("Zoé Noir", "internship", "4 of 4 of their contacts are in internship"),
    ]
    # Hugo untagged by hand: in no circle now, yet never suggested internship again.
    assert run(db, "untag", "Hugo Blanc", "internship").exit_code == 0
    result = invoke(db, "--show", "suggestions", "--format", "json")
    assert [(r["name"], r["evidence"]) for r in json.loads(result.stdout)] == [
        ("Zoé Noir", "3 of 3 of their contacts are in internship"),
    ]
    result = invoke(db, "--declared-only", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["circles_found"] == 5  # no tie: five groups of one
