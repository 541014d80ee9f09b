"""Reach: people 1, 2, 3 steps away, marginal reach, greedy cover and diversity."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest

from netmap.analysis.reach import (
    COVER_COLUMNS,
    OPENER_COLUMNS,
    REACH_COLUMNS,
    diversity,
    headline,
    marginal_reach,
    reach,
    reach_analysis,
    reach_cover,
)
from netmap.errors import NetmapError, NotFoundError


def _karate() -> nx.Graph:
    """Zachary's karate club, ids as strings, the club split as each member's circle."""
    G = nx.relabel_nodes(nx.karate_club_graph(), str)
    for _, data in G.nodes(data=True):
        data["circles"] = [data["club"]]
    G.graph["ego"] = "0"
    return G


def _borgatti() -> nx.Graph:
    """Borgatti (1997)'s example, as in networkx's test_structuralholes.py."""
    edges = "AB AF AG AE EG FG BG BD DG GC"
    return nx.Graph([tuple(pair) for pair in edges.split()])


def _star(n: int = 5) -> nx.Graph:
    G = nx.relabel_nodes(nx.star_graph(n), str)
    G.graph["ego"] = "0"
    return G


def _counts(df) -> list[tuple]:
    return [tuple(row) for row in df[["hops", "group", "count", "cumulative"]].to_numpy()]


# ---------------------------------------------------------------------------------- reach


def test_karate_club_from_node_0():
    df = reach(_karate())
    assert list(df.columns) == REACH_COLUMNS
    assert _counts(df) == [(1, "all", 16, 16), (2, "all", 9, 25), (3, "all", 8, 33)]


def test_karate_club_per_circle():
    assert _counts(reach(_karate(), by="circle")) == [
        (1, "Officer", 1, 1),
        (2, "Officer", 8, 9),
        (3, "Officer", 8, 17),
        (1, "Mr. Hi", 15, 15),
        (2, "Mr. Hi", 1, 16),
        (3, "Mr. Hi", 0, 16),
    ]


def test_florentine_medici_and_the_isolated_pucci():
    G = nx.florentine_families_graph()
    G.add_node("Pucci")
    assert reach(G, "Medici", hops=5)["count"].tolist() == [6, 5, 3, 0, 0]


def test_borgatti_example_from_a():
    assert reach(_borgatti(), "A", hops=2)["count"].tolist() == [4, 2]


def test_star_reaches_one_step_only():
    assert _counts(reach(_star(5))) == [(1, "all", 5, 5), (2, "all", 0, 5), (3, "all", 0, 5)]


def test_ego_alone():
    G = nx.Graph(ego="me")
    G.add_node("me")
    assert _counts(reach(G)) == [(1, "all", 0, 0), (2, "all", 0, 0), (3, "all", 0, 0)]
    assert reach(G, by="circle").empty


def test_several_circles_count_in_each_and_none_comes_last():
    G = nx.Graph([("me", "a"), ("me", "b"), ("b", "c"), ("me", "d")])
    nx.set_node_attributes(
        G, {"a": ["work"], "b": ["work", "family"], "c": "family;friends"}, "circles"
    )
    assert _counts(reach(G, "me", hops=2, by="circle")) == [
        (1, "family", 1, 1),
        (2, "family", 1, 2),
        (1, "work", 2, 2),
        (2, "work", 0, 2),
        (1, "friends", 0, 0),
        (2, "friends", 1, 1),
        (1, "(none)", 1, 1),
        (2, "(none)", 0, 1),
    ]


def test_per_organisation():
    G = nx.Graph([("me", "a"), ("me", "b"), ("a", "c")])
    nx.set_node_attributes(
        G, {"a": ["Acme"], "b": ["Acme", "Lumen"], "c": ["Lumen"]}, "organisations"
    )
    assert _counts(reach(G, "me", hops=2, by="organisation")) == [
        (1, "Acme", 2, 2),
        (2, "Acme", 0, 2),
        (1, "Lumen", 1, 1),
        (2, "Lumen", 1, 2),
    ]


def test_affiliation_nodes_are_neither_counted_nor_walked_through():
    G = nx.Graph([("me", "a"), ("a", "aff:Acme"), ("aff:Acme", "b"), ("a", "c")])
    G.nodes["aff:Acme"]["kind"] = "affiliation"
    assert reach(G, "me")["count"].tolist() == [1, 1, 0]


def test_self_loops_and_direction_change_nothing():
    G = nx.DiGraph([("me", "a"), ("b", "a"), ("me", "me"), ("a", "a")])
    assert reach(G, "me", hops=2)["count"].tolist() == [1, 1]
    assert marginal_reach(G, "me")[["opens", "unique"]].to_numpy().tolist() == [[1, 1]]
    assert reach_analysis(G, "me")["contact_ties"] == 0


def test_errors():
    G = nx.path_graph(["a", "b"])
    with pytest.raises(NetmapError, match="no ego"):
        reach(G)
    with pytest.raises(NotFoundError, match="no node 'z'"):
        reach(G, "z")
    with pytest.raises(ValueError, match="hops"):
        reach(G, "a", hops=0)
    with pytest.raises(ValueError, match="by must be"):
        reach(G, "a", by="city")
    with pytest.raises(ValueError, match="k must be"):
        reach_cover(G, "a", k=0)


# -------------------------------------------------------------------------- marginal reach


def test_marginal_reach_karate():
    df = marginal_reach(_karate())
    assert list(df.columns) == OPENER_COLUMNS
    assert len(df) == 16
    assert df[["contact", "opens", "unique"]].head(8).to_numpy().tolist() == [
        ["31", 5, 2],
        ["2", 4, 2],
        ["8", 3, 0],
        ["1", 1, 0],
        ["13", 1, 0],
        ["19", 1, 0],
        ["5", 1, 0],
        ["6", 1, 0],
    ]
    assert set(df["opens"].iloc[8:]) == {0}
    assert df["circles"].iloc[0] == ["Officer"]


def test_marginal_reach_medici():
    df = marginal_reach(nx.florentine_families_graph(), "Medici")
    assert df[["contact", "opens", "unique"]].to_numpy().tolist() == [
        ["Albizzi", 2, 1],
        ["Barbadori", 1, 1],
        ["Ridolfi", 1, 1],
        ["Salviati", 1, 1],
        ["Tornabuoni", 1, 0],
        ["Acciaiuoli", 0, 0],
    ]


def test_marginal_reach_borgatti():
    df = marginal_reach(_borgatti(), "A")
    assert df[["contact", "opens", "unique"]].head(2).to_numpy().tolist() == [
        ["G", 2, 1],
        ["B", 1, 0],
    ]


def test_marginal_reach_star_and_alone():
    assert marginal_reach(_star(3))["opens"].tolist() == [0, 0, 0]
    alone = nx.Graph(ego="me")
    alone.add_node("me")
    df = marginal_reach(alone)
    assert df.empty and list(df.columns) == OPENER_COLUMNS


# ----------------------------------------------------------------------------- greedy cover


def _best_cover(G: nx.Graph, ego, k: int) -> int:
    """The optimum by brute force, to compare the greedy cover with."""
    dist = nx.single_source_shortest_path_length(G, ego, cutoff=2)
    second = {v for v, d in dist.items() if d == 2}
    sets = [set(G[c]) & second for c, d in dist.items() if d == 1]
    return max(len(set().union(*combo)) for combo in itertools.combinations(sets, k))


def test_cover_karate():
    G = _karate()
    df = reach_cover(G, k=5)
    assert list(df.columns) == COVER_COLUMNS
    assert df[["step", "contact", "gain", "covered", "optimum_bound"]].to_numpy().tolist() == [
        [1, "31", 5, 5, 5],
        [2, "2", 2, 7, 9],
        [3, "1", 1, 8, 9],
        [4, "5", 1, 9, 9],
    ]  # stops at 4: everyone 2 steps away is covered
    assert df["share"].iloc[-1] == 1.0
    assert [_best_cover(G, "0", k) for k in (1, 2, 3, 4)] == [5, 7, 8, 9]


def test_cover_is_within_its_guarantee():
    G = nx.relabel_nodes(nx.gnm_random_graph(60, 150, seed=3), str)
    df = reach_cover(G, "0", k=3)
    for step, covered, bound in df[["step", "covered", "optimum_bound"]].to_numpy().tolist():
        best = _best_cover(G, "0", step)
        assert covered >= (1 - 1 / math.e) * best
        assert covered <= best <= bound


def test_cover_medici_ties_broken_by_name():
    df = reach_cover(nx.florentine_families_graph(), "Medici", k=10)
    assert df[["contact", "gain", "covered"]].to_numpy().tolist() == [
        ["Albizzi", 2, 2],
        ["Barbadori", 1, 3],
        ["Ridolfi", 1, 4],
        ["Salviati", 1, 5],
    ]
    assert df["share"].tolist() == [0.4, 0.6, 0.8, 1.0]


def test_cover_of_a_star_is_empty():
    df = reach_cover(_star(4), k=3)
    assert df.empty and list(df.columns) == COVER_COLUMNS


# -------------------------------------------------------------------------------- diversity


def test_diversity_karate_club_split():
    one = diversity(_karate())
    assert (one["people"], one["tagged"], one["circles"], one["organisations"]) == (16, 16, 2, 0)
    assert one["blau"] == 30 / 256  # 1 - (15/16)^2 - (1/16)^2
    assert one["iqv"] == 60 / 256
    assert one["entropy"] == pytest.approx(-(15 / 16) * math.log(15 / 16) - math.log(1 / 16) / 16)
    three = diversity(_karate(), hops=3)
    assert (three["people"], three["blau"]) == (33, pytest.approx(544 / 1089))


def test_diversity_splits_people_in_several_circles_and_leaves_untagged_out():
    G = nx.star_graph(["me", "a", "b", "c", "d"])
    nx.set_node_attributes(G, {"a": ["family"], "b": ["work"], "c": ["work", "family"]}, "circles")
    nx.set_node_attributes(G, {"a": ["Acme"], "d": ["Acme", "Lumen"]}, "organisations")
    d = diversity(G, "me")
    assert d == {
        "hops": 1,
        "people": 4,
        "tagged": 3,
        "circles": 2,
        "organisations": 2,
        "blau": 0.5,
        "iqv": 1.0,
        "entropy": pytest.approx(math.log(2)),
    }


def test_diversity_undefined_is_none_never_zero():
    d = diversity(_star(3))
    assert (d["people"], d["tagged"], d["blau"], d["iqv"], d["entropy"]) == (3, 0, None, None, None)
    G = _star(2)
    nx.set_node_attributes(G, {"1": ["family"], "2": ["family"]}, "circles")
    d = diversity(G)
    assert (d["blau"], d["iqv"], d["entropy"]) == (0.0, None, 0.0)


# ------------------------------------------------------------------ analysis and headline


def test_reach_analysis_matches_the_single_functions():
    G = _karate()
    parts = reach_analysis(G, hops=3, top=2)
    assert parts["reach"].equals(reach(G))
    assert parts["openers"].equals(marginal_reach(G))
    assert parts["cover"].equals(reach_cover(G, k=2))
    assert parts["diversity"].to_dict("records")[0] == diversity(G)
    assert (parts["second"], parts["contact_ties"]) == (9, 18)
    assert "1 - 1/e" in parts["guarantee"]


def test_headline_karate():
    h = headline(_karate())
    assert {k: h[k] for k in ("direct", "two_steps", "three_steps", "top_opener")} == {
        "direct": 16,
        "two_steps": 9,
        "three_steps": 8,
        "top_opener": "31",
    }
    assert (h["top_opener_unique"], h["cover_k"], h["cover_share"]) == (2, 3, 8 / 9)
    assert h["sentence"] == (
        "You know 16 people directly. Through them you are 2 steps from 9 more and 3 steps "
        "from 8 more. 31 alone connects you to 2 people nobody else you know does. The 3 "
        "best-placed contact(s) together open 89% of the people 2 steps away. Your contacts "
        "span 2 circle(s): two of them picked at random are in different circles 12% of the "
        "time (Blau index)."
    )


def test_headline_star_and_alone():
    h = headline(_star(4))
    assert (h["direct"], h["two_steps"], h["top_opener"], h["cover_share"]) == (4, 0, None, None)
    assert "nobody is 2 steps away" in h["sentence"]
    alone = nx.Graph(ego="me")
    alone.add_node("me")
    assert headline(alone)["sentence"] == "You know 0 people directly."


# ------------------------------------------------------------------------ real data (SNAP)


def test_ego_facebook_from_107(shared_data):
    path = shared_data / "snap-ego-facebook" / "facebook_combined.txt"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    G = nx.read_edgelist(path)
    assert reach(G, "107", hops=5)["count"].tolist() == [1045, 1641, 1093, 117, 142]
    top = marginal_reach(G, "107").iloc[0]
    assert (top["contact"], top["opens"], top["unique"]) == ("1684", 777, 691)
    cover = reach_cover(G, "107", k=5)
    assert cover["contact"].tolist() == ["1684", "0", "348", "1577", "414"]
    assert cover["covered"].tolist() == [777, 1121, 1329, 1487, 1591]
