"""Weak ties: overlap, bridges, spans and the weak-tie value against published and hand values."""

from __future__ import annotations

import math
import random
from datetime import date, datetime

import networkx as nx
import pytest

from netmap.analysis.weak_ties import (
    ALTER_BRIDGE_COLUMNS,
    EDGE_COLUMNS,
    TIE_COLUMNS,
    _ego_spans,
    alter_bridges,
    edge_structure,
    headline,
    weak_ties,
)
from netmap.errors import NetmapError, NotFoundError

TODAY = date(2026, 11, 26)


def _star(n: int) -> nx.Graph:
    G = nx.relabel_nodes(nx.star_graph(n), str)
    G.graph["ego"] = "0"
    return G


def _reference(G: nx.Graph) -> tuple[dict, set]:
    """networkx's own spans of local bridges, and its bridges, as frozensets."""
    spans = {frozenset((u, v)): s for u, v, s in nx.local_bridges(G, with_span=True)}
    return spans, {frozenset(e) for e in nx.bridges(G)}


def _hand_graph() -> nx.Graph:
    """me - a, b, c, d; a - b; c - x, c - y; circles and dates chosen for the value test."""
    G = nx.Graph(ego="me")
    G.add_edge("me", "a", strength=0.5, evidence="connected on 2020-05-01, half-life 12 months")
    G.add_edge("me", "b", strength=0.9)
    G.add_edge("me", "c", strength=0.4, evidence="last contact 2026-01-10, half-life 12 months")
    G.add_edge("me", "d", strength=0.2)
    G.add_edges_from([("a", "b"), ("c", "x"), ("c", "y")])
    circles = {"a": ["family"], "b": ["family"], "c": ["work"], "d": [], "x": [], "y": []}
    nx.set_node_attributes(G, circles, "circles")
    nx.set_node_attributes(G, {"d": ["Acme"]}, "organisations")
    return G


# --------------------------------------------------------------------------------------------
# Overlap, bridges and spans: published values and networkx's own algorithms


def test_karate_overlap_0_1():
    G = nx.karate_club_graph()
    edges = edge_structure(G).set_index(["u", "v"])
    assert edges.loc[(0, 1), "mutual"] == 7
    assert edges.loc[(0, 1), "overlap"] == 0.4375  # 7 / ((16 - 1) + (9 - 1) - 7)
    ties = weak_ties(G, 0, weight=None).set_index("contact")
    assert ties.loc[1, "overlap"] == 0.4375
    assert ties.loc[1, "mutual"] == 7


def test_florentine_has_five_bridges():
    G = nx.florentine_families_graph()
    df = edge_structure(G)
    found = {frozenset((u, v)) for u, v in df.loc[df["bridge"], ["u", "v"]].values}
    assert len(found) == 5
    assert found == {frozenset(e) for e in nx.bridges(G)}
    assert list(df.columns) == EDGE_COLUMNS
    assert len(df) == G.number_of_edges()


@pytest.mark.parametrize(
    "G",
    [
        nx.florentine_families_graph(),
        nx.karate_club_graph(),
        nx.barbell_graph(4, 2),
        nx.cycle_graph(7),
        nx.path_graph(5),
        nx.les_miserables_graph(),
    ],
    ids=["florentine", "karate", "barbell", "cycle", "path", "miserables"],
)
def test_edge_structure_matches_networkx(G):
    spans, bridges = _reference(G)
    for row in edge_structure(G).itertuples():
        key = frozenset((row.u, row.v))
        assert row.local_bridge == (key in spans)
        assert row.bridge == (key in bridges)
        assert row.span == spans.get(key, 2.0)


def test_ego_ties_match_networkx_on_random_graphs():
    for seed in range(60):
        rnd = random.Random(seed)
        G = nx.gnp_random_graph(rnd.randint(2, 30), rnd.choice([0.05, 0.1, 0.2]), seed=seed)
        spans, bridges = _reference(G)
        ego = rnd.choice(list(G))
        for row in weak_ties(G, ego, weight=None, today=TODAY).itertuples():
            key = frozenset((ego, row.contact))
            assert row.mutual == len(set(G[ego]) & set(G[row.contact]))
            assert row.local_bridge == (key in spans)
            assert row.bridge == (key in bridges)
            assert row.span == spans.get(key, 2.0), (seed, ego, row.contact)


def test_ego_spans_shared_search_matches_per_contact_search():
    """With no budget, every span comes from the one search from all contacts at once."""
    for seed in range(40):
        G = nx.gnp_random_graph(30, 0.08, seed=seed)
        ego = max(G, key=G.degree)
        alters = sorted(a for a in G[ego])
        candidates = [a for a in alters if not set(G[a]) & set(G[ego])]
        assert _ego_spans(G.adj, ego, alters, candidates, budget=0) == _ego_spans(
            G.adj, ego, alters, candidates
        )


def test_spans_can_be_left_out_above_max_spans():
    G = nx.cycle_graph(6)
    df = edge_structure(G, max_spans=0)
    assert df["local_bridge"].all()
    assert df["span"].isna().all()
    assert edge_structure(G)["span"].tolist() == [5.0] * 6


# --------------------------------------------------------------------------------------------
# The pure star, the ego alone, isolated nodes, self-loops


def test_star_every_tie_is_a_bridge_with_overlap_zero():
    df = weak_ties(_star(4), today=TODAY)
    assert list(df.columns) == TIE_COLUMNS
    assert df["contact"].tolist() == ["1", "2", "3", "4"]
    assert df["overlap"].tolist() == [0.0] * 4  # 0 / ((4 - 1) + (1 - 1) - 0)
    assert df["mutual"].tolist() == [0] * 4
    assert df["local_bridge"].all() and df["bridge"].all()
    assert df["span"].tolist() == [math.inf] * 4
    assert df["value"].tolist() == [1.0] * 4  # novelty 1 - 0, factor 1 at the median
    assert df["label"].tolist() == ["ask now"] * 4
    assert df["why"].tolist() == ["no other path to them"] * 4
    assert edge_structure(_star(4))["bridge"].all()
    assert alter_bridges(_star(4)).empty


def test_overlap_undefined_only_when_both_degrees_are_one():
    df = weak_ties(_star(1), today=TODAY)
    assert len(df) == 1
    assert math.isnan(df.loc[0, "overlap"])
    assert math.isnan(df.loc[0, "value"])
    assert df.loc[0, "label"] == ""
    assert df.loc[0, "bridge"]
    assert math.isnan(edge_structure(_star(1)).loc[0, "overlap"])


def test_ego_alone_and_isolated_nodes():
    G = nx.Graph(ego="me")
    G.add_nodes_from(["me", "lost"])
    assert weak_ties(G).empty and list(weak_ties(G).columns) == TIE_COLUMNS
    assert edge_structure(G).empty
    assert alter_bridges(G).empty and list(alter_bridges(G).columns) == ALTER_BRIDGE_COLUMNS
    h = headline(G)
    assert (h["contacts"], h["local_bridges"], h["ask_now"]) == (0, 0, 0)
    assert h["sentence"] == (
        "You have no contacts in this graph, so there are no weak ties to look at."
    )
    G.add_edge("me", "a")
    assert weak_ties(G)["contact"].tolist() == ["a"]


def test_self_loops_change_nothing():
    G = _hand_graph()
    H = G.copy()
    H.add_edges_from([("me", "me"), ("a", "a"), ("x", "x")])
    cols = ["contact", "degree", "mutual", "overlap", "span", "value"]
    assert weak_ties(H, today=TODAY)[cols].equals(weak_ties(G, today=TODAY)[cols])
    assert edge_structure(H).equals(edge_structure(G))


def test_affiliation_nodes_and_directed_graphs():
    G = _hand_graph()
    G.add_node("aff:Acme", kind="affiliation")
    G.add_edges_from([("aff:Acme", "a"), ("aff:Acme", "c")])
    assert (
        weak_ties(G, today=TODAY)["mutual"].tolist()
        == weak_ties(_hand_graph(), today=TODAY)["mutual"].tolist()
    )
    D = nx.DiGraph([("me", "a"), ("a", "b"), ("b", "me")], ego="me")
    assert weak_ties(D)["mutual"].tolist() == [1, 1]


def test_unknown_or_missing_ego_is_a_clear_error():
    with pytest.raises(NotFoundError, match="no node 'zed'"):
        weak_ties(_star(2), "zed")
    with pytest.raises(NetmapError, match="the graph has no ego"):
        weak_ties(nx.path_graph(3))


# --------------------------------------------------------------------------------------------
# The weak-tie value, by hand


def test_value_by_hand():
    df = weak_ties(_hand_graph(), today=TODAY).set_index("contact")
    # overlap a: 1 / ((4 - 1) + (2 - 1) - 1); c: 0 / ((4 - 1) + (3 - 1) - 0)
    assert df["overlap"].to_dict() == {"c": 0.0, "d": 0.0, "a": 1 / 3, "b": 1 / 3}
    assert df["span"].to_dict() == {"c": math.inf, "d": math.inf, "a": 2.0, "b": 2.0}
    assert df["exclusive_reach"].to_dict() == {"c": 2, "d": 0, "a": 0, "b": 0}
    # rarest group: family holds 2 of 4 contacts, work and Acme 1 of 4
    assert df["rarity"].to_dict() == {"c": 0.75, "d": 0.75, "a": 0.5, "b": 0.5}
    # mutual counts 0, 0, 1, 1: every mid-rank percentile is 1/4 or 3/4, factor 3/4
    assert df["mutual_factor"].tolist() == [0.75] * 4
    # novelty = mean(1 - overlap, rarity, log(1 + x) / log(1 + 2))
    expected = {"c": (1 + 0.75 + 1) / 3, "d": (1 + 0.75 + 0) / 3, "a": (2 / 3 + 0.5) / 3}
    for node, novelty in expected.items():
        assert df.loc[node, "novelty"] == pytest.approx(novelty, abs=1e-15)
        assert df.loc[node, "value"] == pytest.approx(0.75 * novelty, abs=1e-15)
    assert df.index.tolist() == ["c", "d", "a", "b"]  # by value, then id


def test_labels_keep_accessibility_apart_from_value():
    df = weak_ties(_hand_graph(), today=TODAY).set_index("contact")
    assert df["last_contact"].fillna("").to_dict() == {
        "c": "2026-01-10", "d": "", "a": "2020-05-01", "b": ""
    }  # fmt: skip
    assert df.loc["c", "months_since_contact"] == 10.5
    assert df["dormant"].to_dict() == {"c": False, "d": True, "a": True, "b": False}
    # top third from the 2/3 quantile of (7/24, 7/24, 7/16, 11/16), i.e. 7/16: c and d
    assert df["label"].to_dict() == {
        "c": "ask now", "d": "reconnect", "a": "low priority", "b": "keep warm"
    }  # fmt: skip
    assert df["strength"].to_dict() == {"c": 0.4, "d": 0.2, "a": 0.5, "b": 0.9}
    assert df.loc["c", "why"] == (
        "no other path to them; only link to 2 people; the only one in the work circle"
    )
    later = weak_ties(_hand_graph(), today=TODAY, dormant_after=6).set_index("contact")
    assert later.loc["c", "label"] == "reconnect"
    assert later["value"].equals(df["value"])  # accessibility never changes the value
    flat = weak_ties(_hand_graph(), weight=None, today=TODAY).set_index("contact")
    assert flat["strength"].tolist() == [1.0] * 4
    assert flat.loc["d", "label"] == "ask now"


def test_mutual_factor_peaks_in_the_middle():
    G = nx.Graph([("me", "a"), ("me", "b"), ("me", "c"), ("a", "b"), ("c", "x")])
    df = weak_ties(G, "me").set_index("contact")
    # mutual (a, b, c) = (1, 1, 0): percentiles 2/3, 2/3, 1/6
    assert df["mutual_factor"].to_dict() == pytest.approx({"a": 5 / 6, "b": 5 / 6, "c": 2 / 3})
    assert df.loc["a", "value"] == pytest.approx((1 / 2) / 2 * 5 / 6)
    assert df.loc["c", "value"] == pytest.approx(2 / 3)


def test_last_contact_from_node_attribute_and_latest_wins():
    G = _hand_graph()
    G.nodes["a"]["last_contact"] = "2026-09"
    G.nodes["b"]["last_contact"] = datetime(2025, 1, 2, 10, 30)
    df = weak_ties(G, today=TODAY).set_index("contact")
    assert df.loc["a", "last_contact"] == "2026-09-01"
    assert not df.loc["a", "dormant"]
    assert df.loc["b", "last_contact"] == "2025-01-02"
    assert df.loc["b", "dormant"]


# --------------------------------------------------------------------------------------------
# Local bridges between the ego's contacts, and the headline


def test_alter_bridges_between_circles():
    G = nx.Graph(ego="me")
    G.add_edges_from(("me", n) for n in "abcdef")
    G.add_edges_from([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")])
    circles = {"a": ["family"], "b": ["family"], "c": ["work"], "d": ["work"], "e": ["work"]}
    nx.set_node_attributes(G, circles, "circles")
    df = alter_bridges(G)
    rows = df[["a", "b", "bridge", "span", "between_circles"]].values.tolist()
    assert rows == [
        ["b", "c", True, math.inf, True],
        ["a", "b", True, math.inf, False],
        ["c", "d", True, math.inf, False],
    ]
    square = nx.Graph([("me", n) for n in "abcd"] + [("a", "b"), ("b", "c"), ("c", "d"),
                                                      ("d", "a")], ego="me")  # fmt: skip
    assert alter_bridges(square)["span"].tolist() == [3.0] * 4


def test_headline():
    h = headline(_hand_graph(), today=TODAY)
    assert h == {
        "contacts": 4,
        "local_bridges": 2,
        "bridges": 2,
        "ask_now": 1,
        "reconnect": 1,
        "best_ask_now": "c",
        "best_reconnect": "d",
        "between_circles": 0,
        "sentence": "2 of your 4 contacts share no contact with you: they link you to people "
        "you would not otherwise hear from. Most valuable weak ties: ask c now, and reconnect "
        "with d.",
    }


# --------------------------------------------------------------------------------------------
# SNAP ego-Facebook


def test_ego_facebook(shared_data):
    path = shared_data / "snap-ego-facebook" / "facebook_combined.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    G = nx.read_edgelist(path)
    edges = edge_structure(G)
    assert (len(edges), int(edges["local_bridge"].sum()), int(edges["bridge"].sum())) == (
        88234, 78, 75
    )  # fmt: skip
    for row in edges[edges["local_bridge"] & ~edges["bridge"]].itertuples():
        H = G.copy()
        H.remove_edge(row.u, row.v)
        assert row.span == nx.shortest_path_length(H, row.u, row.v)
    ties = weak_ties(G, "107", weight=None)
    assert (len(ties), int(ties["local_bridge"].sum()), int(ties["bridge"].sum())) == (1045, 11, 11)
    assert ties.loc[0, "contact"] == "1684"
    assert ties.loc[0, "exclusive_reach"] == 691
    assert len(alter_bridges(G, "107")) == 172
