"""SNAP ego networks: the tiny fixture, SNAP's real ego-Facebook data, writing, the sample."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import networkx as nx
import pytest

from netmap.errors import FormatError
from netmap.formats import read_graph, write_graph
from netmap.snap import read_snap, snap_prefix

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "snap"


def tiny(fixtures: Path) -> Path:
    return fixtures / "graphs" / "snap_tiny" / "7"


def test_tiny_ego_exactly(fixtures):
    G = read_graph(tiny(fixtures))
    assert G.graph == {
        "ego": "7",
        "featnames": ["school;ESIV", "school;INSA", "employer;Acme", "hometown;Lyon"],
        "read_notes": [],
    }
    assert list(G) == ["7", "1", "2", "3", "4", "5"]
    # the ego is linked to every alter, 5 among them only in .feat
    assert sorted(G["7"]) == ["1", "2", "3", "4", "5"]
    assert {e for e in G.edges(data="origin") if "7" not in e[:2]} == {
        ("1", "2", "data"),
        ("1", "4", "data"),
        ("2", "3", "data"),
    }
    assert G.number_of_edges() == 8  # .edges lists 3 edges twice each, plus 5 ego ties
    assert all(o == "ego" for _, _, o in G.edges("7", data="origin"))
    assert dict(G.nodes(data="circles")) == {
        "7": [],
        "1": ["friends", "work"],  # overlapping circles
        "2": ["friends"],
        "3": ["friends"],
        "4": ["work"],
        "5": ["family"],
    }
    assert G.nodes["7"]["features"] == ["school;ESIV", "employer;Acme", "hometown;Lyon"]
    assert G.nodes["3"]["features"] == ["school;INSA", "hometown;Lyon"]
    assert G.nodes["5"] == {
        "features": ["hometown;Lyon"],
        "circles": ["family"],
        "ego": False,
        "name": "5",
        "kind": "person",
        "organisations": [],
        "emails": 0,
        "phones": 0,
    }
    assert set(G.edges["1", "2"].items()) == {
        ("origin", "data"),
        ("strength", 1.0),
        ("cost", 0.0),
        ("kind", ""),
        ("evidence", ""),
        ("confidence", 1.0),
    }


@pytest.mark.parametrize(
    "name", ["7", "7.edges", "7.circles", "7.feat", "7.egofeat", "7.featnames"]
)
def test_any_file_or_the_prefix_names_the_ego_network(fixtures, name):
    path = fixtures / "graphs" / "snap_tiny" / name
    assert snap_prefix(path) == tiny(fixtures)
    assert read_graph(path).number_of_nodes() == 6


def test_a_lone_edges_file_is_an_edge_list(tmp_path):
    (tmp_path / "x.edges").write_text("a b\n", encoding="utf-8")
    assert snap_prefix(tmp_path / "x.edges") is None
    assert read_graph(tmp_path / "x.edges").graph["ego"] is None


def test_ego_zero_of_snap_facebook(shared_data):
    folder = shared_data / "snap-ego-facebook" / "facebook"
    G = read_graph(folder / "0")
    assert G.graph["ego"] == "0"
    assert (G.number_of_nodes(), G.number_of_edges()) == (348, 347 + 2519)
    assert sorted(G["0"], key=int) == [str(i) for i in range(1, 348)]
    circles = {}
    for line in (folder / "0.circles").read_text(encoding="utf-8").splitlines():
        name, *members = line.split("\t")
        circles[name] = set(members)
    assert len(circles) == 24
    found: dict[str, set[str]] = {}
    for node, names in G.nodes(data="circles"):
        for name in names:
            found.setdefault(name, set()).add(node)
    assert found == circles
    assert len(G.nodes["0"]["features"]) == 30
    assert len(G.graph["featnames"]) == 224


def test_facebook_combined(shared_data):
    G = read_graph(shared_data / "snap-ego-facebook" / "facebook_combined.txt")
    assert (G.number_of_nodes(), G.number_of_edges()) == (4039, 88234)
    assert G.graph == {"ego": None, "read_notes": []}


def test_write_snap_round_trip(tmp_path, fixtures):
    G = read_graph(tiny(fixtures))
    result = write_graph(G, tmp_path / "7", "snap")
    assert [Path(f).name for f in result["files"]] == [
        "7.edges",
        "7.circles",
        "7.feat",
        "7.egofeat",
        "7.featnames",
    ]
    for suffix in (".feat", ".egofeat", ".featnames"):
        assert (tmp_path / f"7{suffix}").read_bytes() == (
            tiny(fixtures).parent / f"7{suffix}"
        ).read_bytes()
    assert (tmp_path / "7.circles").read_text(encoding="utf-8") == (
        "family\t5\nfriends\t1\t2\t3\nwork\t1\t4\n"
    )
    assert sorted((tmp_path / "7.edges").read_text(encoding="utf-8").splitlines()) == sorted(
        (tiny(fixtures).parent / "7.edges").read_text(encoding="utf-8").splitlines()
    )
    back = read_graph(tmp_path / "7")
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert nx.utils.edges_equal(back.edges(data=True), G.edges(data=True))


def test_write_snap_renames_the_ego_and_leaves_out_non_alters(tmp_path):
    G = nx.Graph(ego="ego")
    G.add_edges_from([("ego", "p-1"), ("ego", "p-2"), ("p-1", "p-2"), ("p-2", "p-3")])
    G.nodes["p-1"]["circles"] = ["studies"]
    result = write_graph(G, tmp_path / "camille", "snap")
    assert result["notes"] == [
        "1 node(s) not linked to the ego and their 1 edge(s) left out: "
        "a SNAP ego network holds only the ego's alters"
    ]
    back = read_snap(tmp_path / "camille")
    assert sorted(back) == ["camille", "p-1", "p-2"]
    write_graph(G, tmp_path / "out.edges", "snap")  # one of the files names the prefix too
    assert sorted(read_snap(tmp_path / "out")) == ["out", "p-1", "p-2"]
    assert back.nodes["p-1"]["circles"] == ["studies"]


def test_write_snap_needs_an_ego_and_plain_ids(tmp_path):
    G = nx.Graph()
    G.add_edge("a", "b")
    with pytest.raises(FormatError, match="a SNAP ego network needs an ego; name it with --ego"):
        write_graph(G, tmp_path / "a", "snap")
    G.graph["ego"] = "a"
    G.add_edge("a", "Léa Martin")
    with pytest.raises(FormatError, match="node id 'Léa Martin' is empty or has spaces"):
        write_graph(G, tmp_path / "a", "snap")


@pytest.mark.parametrize(
    ("suffix", "text", "message"),
    [
        (".feat", "1 1 0\n", "7.feat:1: 2 feature values where 7.featnames names 4"),
        (".feat", "1 1 0 2 0\n", "7.feat:1: feature values must be 0 or 1"),
        (".edges", "1 2 3\n", "7.edges:1: 3 fields where an edge has 2 node ids"),
        (".featnames", "0 a\n2 b\n", "7.featnames:2: expected feature index 1, found '2'"),
        (".circles", "a\t1\na\t2\n", "7.circles:2: circle 'a' is listed twice"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, fixtures, suffix, text, message):
    for source in tiny(fixtures).parent.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / f"7{suffix}").write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_graph(tmp_path / "7")
    assert str(info.value) == f"{tmp_path}/{message}"


def test_self_loops_and_empty_circles_are_said(tmp_path):
    (tmp_path / "9.edges").write_text("1 2\n2 1\n3 3\n", encoding="utf-8")
    (tmp_path / "9.circles").write_text("c0\t1\nempty\n", encoding="utf-8")
    G = read_graph(tmp_path / "9.edges")
    assert G.graph["read_notes"] == [
        "dropped 1 self-loop(s) of 9.edges",
        "1 circle(s) of 9.circles have no member: empty",
    ]
    assert sorted(G) == ["1", "2", "3", "9"]


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "make_snap_sample", ROOT / "scripts" / "make_snap_sample.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_snap_sample"] = module
    spec.loader.exec_module(module)
    return module


def test_sample_is_reproducible(tmp_path):
    sizes = _load_script().write_sample(tmp_path)
    assert sorted(sizes) == sorted(p.name for p in SAMPLE.iterdir() if p.name != "README.md")
    for name in sizes:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    assert sum(p.stat().st_size for p in SAMPLE.iterdir()) < 200_000


def test_sample_egos():
    counts = {}
    for ego in ("0", "100", "200"):
        G = read_graph(SAMPLE / ego)
        circles = {c for _, cs in G.nodes(data="circles") for c in cs}
        only_feat = [n for n in G if n != ego and G.degree(n) == 1]
        counts[ego] = (G.number_of_nodes(), G.number_of_edges(), len(circles), len(only_feat))
        assert G.graph["read_notes"] == []
    assert counts == {"0": (43, 152, 6, 3), "100": (34, 127, 5, 3), "200": (31, 80, 6, 6)}
    G = read_graph(SAMPLE / "0")
    assert G.nodes["100"]["circles"] == ["climbing"]
    combined = read_graph(SAMPLE / "combined.txt")
    assert (combined.number_of_nodes(), combined.number_of_edges()) == (104, 358)
