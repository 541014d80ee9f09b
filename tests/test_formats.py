"""Graph files in and out: GraphML, GEXF, JSON, CSV and edge lists (SNAP: test_snap.py)."""

from __future__ import annotations

import csv
import json
import math

import networkx as nx
import pytest

from netmap.errors import FormatError, NetmapError, NotFoundError
from netmap.formats import csv_paths, detect_format, graph_bytes, read_graph, write_graph
from netmap.graph_xml import clean_text, flatten

HOSTILE = {
    "script": "</script><script>alert(1)</script>",
    "formula": '=HYPERLINK("http://evil.example","x")',
    "nul": "Léa\x00Martin\x07",
    "emoji": "Zoé 😀👩‍👩‍👧",
    "rtl": "\u202eﺪﻤﺤﻣ שלום",
    "cr": "line one\r\nline two\rthree",
    "odd": "semi;colon \\ back\ufffe\uffff\ud800",
    "doctype": '<!DOCTYPE x [<!ENTITY a "b">]>&a;',
}


def hostile_graph() -> nx.Graph:
    """A graph in netmap's schema whose every text is hostile to some format."""
    G = nx.Graph(ego="ego", name="Camille </script>", inferred=True)
    G.add_node(
        "ego",
        name="Camille Durand",
        ego=True,
        kind="person",
        circles=[],
        organisations=[],
        emails=1,
        phones=0,
    )
    for i, (key, text) in enumerate(HOSTILE.items()):
        G.add_node(
            f"p-{key}",
            name=text,
            ego=False,
            kind="person",
            circles=["family", text] if i % 2 else ["studies"],
            organisations=[text, "Acme; R&D"],
            emails=i,
            phones=1,
        )
        G.add_edge(
            "ego",
            f"p-{key}",
            strength=1 / (i + 1),
            cost=math.log(i + 1),
            origin="ego",
            kind="",
            evidence=text,
            confidence=1.0,
        )
    G.add_node(
        "=id</x>😀",
        name="+1 555 0100",
        ego=False,
        kind="person",
        circles=[],
        organisations=[],
        emails=0,
        phones=1,
    )
    G.add_edge(
        "=id</x>😀",
        "ego",
        strength=1.0,
        cost=0.0,
        origin="ego",
        kind="",
        evidence="",
        confidence=1.0,
    )
    G.add_edge(
        "p-script",
        "p-formula",
        strength=0.25,
        cost=-math.log(0.25),
        origin="declared",
        kind="colleague",
        evidence="=1+1",
        confidence=0.5,
    )
    return G


def cleaned(G: nx.Graph) -> nx.Graph:
    """What the hostile graph should read back as: every text through clean_text."""

    def fix(value):
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    H = nx.Graph(**{k: fix(v) for k, v in G.graph.items()})
    H.add_nodes_from((n, {k: fix(v) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, {k: fix(x) for k, x in d.items()}) for u, v, d in G.edges(data=True))
    return H


def same(G: nx.Graph, H: nx.Graph) -> None:
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert {frozenset((u, v)): d for u, v, d in G.edges(data=True)} == {
        frozenset((u, v)): d for u, v, d in H.edges(data=True)
    }


def test_clean_text_removes_what_xml_forbids():
    assert clean_text(HOSTILE["nul"]) == "LéaMartin"
    assert clean_text(HOSTILE["cr"]) == "line one\nline two\nthree"
    assert clean_text(HOSTILE["odd"]) == "semi;colon \\ back"
    assert clean_text(HOSTILE["rtl"]) == HOSTILE["rtl"]
    assert clean_text("tab\tkept") == "tab\tkept"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_round_trip_through_networkx_readers(tmp_path, fmt):
    G = hostile_graph()
    path = tmp_path / f"g.{fmt}"
    assert write_graph(G, path, fmt) == {"files": [str(path)], "notes": []}
    data = path.read_bytes()
    assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    expected = flatten(G)
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    edges = {
        frozenset((u, v)): {k: x for k, x in d.items() if k != "id"}  # GEXF's own edge ids
        for u, v, d in back.edges(data=True)
    }
    assert edges == {frozenset((u, v)): d for u, v, d in expected.edges(data=True)}
    if fmt == "graphml":
        assert back.graph["ego"] == "ego"
    node = back.nodes["p-script"]
    assert node["circles"] == "studies"
    assert (node["circle_studies"], node["circle_family"]) == (True, False)
    assert node["label"] == HOSTILE["script"]
    assert back.nodes["p-odd"]["organisations"] == "semi\\;colon \\\\ back;Acme\\; R&D"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_round_trip_through_read_graph(tmp_path, fmt):
    G = hostile_graph()
    write_graph(G, tmp_path / f"g.{fmt}", fmt)
    back = read_graph(tmp_path / f"g.{fmt}")
    same(cleaned(G), back)
    assert back.graph["ego"] == "ego"
    assert back.nodes["p-odd"]["organisations"] == ["semi;colon \\ back", "Acme; R&D"]
    assert back.graph["read_notes"] == []


def test_json_is_node_link_and_safe_in_html(tmp_path):
    G = hostile_graph()
    write_graph(G, tmp_path / "g.json", "json")
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    assert "</script>" not in text and "<" not in text and "&" not in text
    data = json.loads(text)
    assert sorted(data) == ["directed", "edges", "graph", "multigraph", "nodes"]
    back = nx.node_link_graph(data, edges="edges")
    same(cleaned(G), back)
    assert back.graph == {"ego": "ego", "name": "Camille </script>", "inferred": True}


def test_csv_tables_neutralise_formulas(tmp_path):
    G = hostile_graph()
    result = write_graph(G, tmp_path / "net.csv", "csv")
    nodes_path, edges_path = csv_paths(tmp_path / "net.csv")
    assert result["files"] == [str(nodes_path), str(edges_path)]
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        nodes = {row["id"]: row for row in csv.DictReader(handle)}
    with edges_path.open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes["ego"])[:9] == [
        "id", "label", "name", "ego", "kind", "circles", "organisations", "emails", "phones"
    ]  # fmt: skip
    assert nodes["p-formula"]["name"] == "'" + HOSTILE["formula"]
    assert nodes["p-formula"]["label"] == "'" + HOSTILE["formula"]
    assert nodes["p-nul"]["name"] == "LéaMartin"
    assert nodes["p-formula"]["circle_family"] == "True"
    assert list(edges[0])[:4] == ["source", "target", "weight", "strength"]
    declared = next(e for e in edges if e["origin"] == "declared")
    assert (declared["evidence"], declared["weight"]) == ("'=1+1", "0.25")
    for row in [*nodes.values(), *edges]:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_paths():
    assert [p.name for p in csv_paths("a/net.nodes.csv")] == ["net.nodes.csv", "net.edges.csv"]
    assert [p.name for p in csv_paths("net")] == ["net.nodes.csv", "net.edges.csv"]


@pytest.mark.parametrize(
    "name",
    ["doctype_billion_laughs.graphml", "doctype_external_entity.gexf", "doctype_utf16.graphml"],
)
def test_dtd_is_refused_before_parsing(fixtures, name):
    with pytest.raises(FormatError) as info:
        read_graph(fixtures / "graphs" / name)
    assert str(info.value) == (
        f"{fixtures / 'graphs' / name}: XML with a DTD or entity declaration (<!DOCTYPE or "
        "<!ENTITY) is refused; remove the DOCTYPE line: GraphML and GEXF need none"
    )


def test_gephi_gexf_directed_weighted_with_self_loop(fixtures):
    G = read_graph(fixtures / "graphs" / "gephi_directed.gexf")
    assert sorted(G.nodes(data="name")) == [("n0", "Ada"), ("n1", "Grace"), ("n2", "Alan")]
    assert sorted((u, v, s) for u, v, s in G.edges(data="strength")) == [
        ("n0", "n1", 0.5),
        ("n1", "n2", 1.0),
    ]
    assert G.edges["n0", "n1"]["weight"] == 2.0  # foreign attributes are kept
    assert G.nodes["n0"]["Modularity Class"] == 0
    assert G.nodes["n0"]["viz"]["position"] == {"x": 1.5, "y": -2.0, "z": 0.0}
    assert G.graph == {
        "ego": None,
        "read_notes": [
            "directed graph read as undirected: 4 arcs, 3 edges",
            "dropped 1 self-loop(s)",
            "edge weights divided by the largest, 4, to give strengths in (0, 1]",
        ],
    }


def test_foreign_graphml_ego_from_node_attribute(fixtures):
    G = read_graph(fixtures / "graphs" / "foreign_ego_marked.graphml")
    assert G.graph["ego"] == "1"
    assert [n for n, e in G.nodes(data="ego") if e] == ["1"]
    assert G.nodes["1"] == {
        "ego": True,
        "age": 24,
        "name": "Me",
        "kind": "person",
        "circles": [],
        "organisations": [],
        "emails": 0,
        "phones": 0,
    }
    assert G.edges["1", "2"]["origin"] == "ego" and G.edges["2", "3"]["origin"] == "data"
    assert G.edges["1", "2"]["strength"] == 0.25  # weights already in (0, 1] are kept
    assert (
        read_graph(fixtures / "graphs" / "foreign_ego_marked.graphml", ego="3").graph["ego"] == "3"
    )


def test_unknown_ego_is_a_clear_error(fixtures):
    with pytest.raises(NotFoundError, match="--ego 'zz' is not a node of the graph"):
        read_graph(fixtures / "graphs" / "edgelist_plain.txt", ego="zz")


def test_two_nodes_marked_ego(tmp_path):
    G = nx.Graph()
    G.add_node("a", ego=True)
    G.add_node("b", ego=True)
    nx.write_graphml(G, tmp_path / "two.graphml")
    with pytest.raises(FormatError, match="2 nodes are marked ego=true; choose one with --ego"):
        read_graph(tmp_path / "two.graphml")


def test_edge_list_plain(fixtures):
    G = read_graph(fixtures / "graphs" / "edgelist_plain.txt")
    assert sorted(G) == ["a", "b", "c", "d"]
    assert sorted(G.edges(data="strength")) == [("a", "b", 1.0), ("a", "c", 1.0), ("b", "c", 1.0)]
    assert G.edges["a", "b"]["cost"] == 0.0 and G.edges["a", "b"]["origin"] == "data"
    assert G.graph == {"ego": None, "read_notes": []}


def test_edge_list_comma_weights_normalised(fixtures):
    G = read_graph(fixtures / "graphs" / "edgelist_comma_weights.txt", ego="b")
    assert sorted(G.edges(data="strength")) == [("a", "b", 0.5), ("b", "c", 1.0)]
    assert G.edges["a", "b"]["cost"] == pytest.approx(math.log(2))
    assert G.edges["a", "b"]["origin"] == "ego"
    assert G.graph["read_notes"] == [
        "edge weights divided by the largest, 4, to give strengths in (0, 1]"
    ]


def test_edge_list_self_loop_and_repeat_counted(fixtures):
    G = read_graph(fixtures / "graphs" / "edgelist_self_loop_repeat.txt")
    assert sorted(G.edges()) == [("a", "b"), ("b", "c")]
    assert G.graph["read_notes"] == [
        "dropped 1 self-loop(s)",
        "1 edge(s) listed more than once, kept once",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a b 1 extra\n", ":1: 4 fields; an edge list line is 'source target [weight]'"),
        ("source,target,weight\na,b,1\n", ":1: weight 'weight' is not a positive number"),
        ("a b 1\nb c\n", ":2: some edges have a weight and others not"),
        ("a b 0\n", ":1: weight '0' is not a positive number"),
        ("a,,1\n", ":1: 3 fields, some empty"),
    ],
)
def test_edge_list_errors_name_the_line(tmp_path, text, message):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        read_graph(path)
    assert message in str(info.value)


def test_edge_list_writer_round_trip(tmp_path):
    G = hostile_graph()
    G.add_node("lonely", name="Lonely")
    write_graph(G, tmp_path / "g.txt", "edgelist")
    lines = (tmp_path / "g.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:3] == [
        "# netmap edge list: source<TAB>target<TAB>strength; a node alone has no edge",
        "# ego: ego",
        "ego\tp-script\t1.0",
    ]
    assert lines[-1] == "lonely\t"
    back = read_graph(tmp_path / "g.txt")
    assert back.graph["ego"] == "ego"
    assert sorted(back) == sorted(G)
    assert {frozenset(e): s for *e, s in back.edges(data="strength")} == {
        frozenset(e): s for *e, s in G.edges(data="strength")
    }
    assert "weight" not in back.edges["ego", "p-rtl"]


def test_edge_list_writer_refuses_ids_it_cannot_hold():
    G = nx.Graph()
    G.add_edge("a\tb", "c")
    with pytest.raises(FormatError, match="an edge list cannot hold it"):
        graph_bytes(G, "edgelist")


def test_node_ids_equal_once_cleaned_are_an_error():
    G = nx.Graph()
    G.add_edge("a\x00", "a")
    with pytest.raises(NetmapError, match="are the same once characters XML forbids are removed"):
        graph_bytes(G, "graphml")


def test_detect_format(tmp_path, fixtures):
    graphs = fixtures / "graphs"
    assert detect_format(graphs / "gephi_directed.gexf") == "gexf"
    assert detect_format(graphs / "foreign_ego_marked.graphml") == "graphml"
    assert detect_format(graphs / "edgelist_plain.txt") == "edgelist"
    assert detect_format(graphs / "snap_tiny" / "7") == "snap"
    (tmp_path / "g.xml").write_bytes(b"\xef\xbb\xbf  <?xml version='1.0'?><graphml/>")
    assert detect_format(tmp_path / "g.xml") == "graphml"
    (tmp_path / "other.xml").write_text("<html/>", encoding="utf-8")
    with pytest.raises(FormatError, match="neither GraphML nor GEXF"):
        detect_format(tmp_path / "other.xml")
    with pytest.raises(NotFoundError, match="no such file; check the path"):
        detect_format(tmp_path / "missing.graphml")
    with pytest.raises(FormatError, match="a folder, not a graph file; give a file, or one SNAP"):
        detect_format(tmp_path)


def test_truncated_graphml_is_a_format_error(tmp_path):
    path = tmp_path / "cut.graphml"
    path.write_bytes(graph_bytes(hostile_graph(), "graphml")[:300])
    with pytest.raises(FormatError, match="cannot be read as GRAPHML"):
        read_graph(path)


def test_write_to_a_missing_folder(tmp_path):
    with pytest.raises(NotFoundError, match="no such folder; create it first"):
        write_graph(hostile_graph(), tmp_path / "nope" / "g.graphml", "graphml")


def typed(G: nx.Graph) -> tuple:
    """Nodes, edges and graph attributes of ``G`` with each value's type, for exact equality."""

    def attrs(data):
        return {k: (type(v).__name__, v) for k, v in data.items() if k != "id"}

    nodes = {n: attrs(d) for n, d in G.nodes(data=True)}
    edges = {frozenset((u, v)): attrs(d) for u, v, d in G.edges(data=True)}
    return nodes, edges, attrs(G.graph)


def mixed_graph() -> nx.Graph:
    """Every attribute type and mix netmap writes, hostile texts, and isolated nodes."""
    from hostile import NAMES

    G = hostile_graph()
    G.graph.update(score=2.5, count=3, flag=False)
    for i, text in enumerate(NAMES):
        G.add_node(
            f"h{i}",
            name=text,
            circles=[text[:20]] if i % 3 == 0 else [],
            mixed_num=i if i % 2 else i + 0.5,  # int and float: float
            mixed_bool=True if i % 2 else i,  # bool and int: text
            only_bool=i % 2 == 0,
            tags=("a", text),
        )
        G.add_edge(f"h{i}", "ego", strength=0.5, since=None, n=i, mixed=i if i % 2 else "x")
        G.add_edge(f"h{i}", text, evidence=text)  # hostile node ids too
    import numpy as np

    G.add_edge("h0", "h1", strength=np.float64(0.25), n=np.int64(3), mixed=np.bool_(True))
    G.add_edge("h2", "h3", cost=math.nan, tags={"b", "a"}, about={"k": 1}, **{"x\x00": 1})
    G.add_node("alone")
    G.add_node("alone too", weight=1)
    return G


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_streamed_xml_reads_back_as_networkx_own_writer(tmp_path, fmt):
    G = mixed_graph()
    old, new = tmp_path / f"old.{fmt}", tmp_path / f"new.{fmt}"
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    writer(flatten(G), old)
    write_graph(G, new, fmt)
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    assert typed(reader(new)) == typed(reader(old))
    assert typed(read_graph(new)) == typed(read_graph(old))
    nodes, _, graph = typed(reader(new))
    assert nodes["h1"]["mixed_num"] == ("float", 1.0)
    assert nodes["h2"]["mixed_bool"] == ("str", "2")
    assert nodes["h1"]["mixed_bool"] == ("str", "true")
    assert nodes["alone"] == ({} if fmt == "graphml" else {"label": ("str", "alone")})
    assert graph.get("score") == (("float", 2.5) if fmt == "graphml" else None)


def test_gexf_with_attributes_networkx_turns_into_structure_is_written_by_networkx(tmp_path):
    G = nx.Graph()
    G.add_edge("a", "b", type="undirected", strength=1.0)
    old, new = tmp_path / "old.gexf", tmp_path / "new.gexf"
    nx.write_gexf(flatten(G), old)
    write_graph(G, new, "gexf")
    assert typed(nx.read_gexf(new)) == typed(nx.read_gexf(old))
