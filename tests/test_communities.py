"""Communities against circles: scoring, Louvain on classic graphs, suggestions, SNAP circles."""

from __future__ import annotations

import functools
import math

import networkx as nx
import numpy as np
import pytest

from netmap.analysis.circle_scoring import (
    baseline_circles,
    best_matching,
    pair_scores,
    score_circles,
)
from netmap.analysis.communities import (
    COMMUNITY_COLUMNS,
    SCORE_COLUMNS,
    SUGGESTION_COLUMNS,
    circle_scores,
    communities,
    compare_circles,
    find_communities,
    headline,
    score_ego_networks,
    suggest_circles,
)
from netmap.errors import NetmapError, NotFoundError

FACEBOOK_EGOS = ["0", "107", "348", "414", "686", "698", "1684", "1912", "3437", "3980"]


def ego_network(G: nx.Graph, ego: str = "ego") -> nx.Graph:
    """``G`` with an ego tied to every node (the ego network of a contact export)."""
    G = G.copy()
    G.add_edges_from((ego, n) for n in list(G))
    G.graph["ego"] = ego
    return G


@pytest.fixture
def karate() -> nx.Graph:
    """Zachary's karate club as an ego network, each member's club as its one circle."""
    G = nx.karate_club_graph()
    for n in G:
        G.nodes[n]["circles"] = [G.nodes[n]["club"]]
    return ego_network(G)


@pytest.fixture
def borgatti() -> nx.Graph:
    """Borgatti's 1997 example (networkx's structural-holes tests), G the ego."""
    G = nx.Graph(
        [("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
         ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C")],
        ego="G",
    )  # fmt: skip
    weights = {("A", "B"): 2, ("A", "F"): 3, ("A", "E"): 2, ("B", "D"): 1}
    nx.set_edge_attributes(G, {e: {"strength": w} for e, w in weights.items()})
    return G


def star(n: int = 5) -> nx.Graph:
    G = nx.relabel_nodes(nx.star_graph(n), str)
    G.graph["ego"] = "0"
    return G


# -- scoring -----------------------------------------------------------------------------


def test_pair_scores_by_hand():
    # 10 people; true {0..3}; found {0,1,2,5}: 1 miss of 4, 1 false alarm of 6.
    s, f = pair_scores([{0, 1, 2, 5}], [{0, 1, 2, 3}], range(10))
    assert s[0, 0] == pytest.approx(1 - 0.5 * (1 / 4 + 1 / 6))
    assert f[0, 0] == pytest.approx(6 / 8)


def test_everyone_scores_one_half_against_any_circle():
    s, f = pair_scores([set(range(10))], [{0}, {0, 1, 2}, set(range(9))], range(10))
    assert s.ravel().tolist() == [0.5, 0.5, 0.5]
    assert f.ravel().tolist() == pytest.approx([2 / 11, 6 / 13, 18 / 19])


def test_a_true_circle_of_everybody_has_no_false_alarm_term():
    s, f = pair_scores([{0, 1}], [set(range(4))], range(4))
    assert (s[0, 0], f[0, 0]) == (0.75, pytest.approx(4 / 6))


def test_people_outside_the_universe_are_ignored():
    s, _ = pair_scores([{0, 1, "stranger"}], [{0, 1}], range(4))
    assert s[0, 0] == 1.0


def test_matching_is_one_to_one_and_optimal():
    assert best_matching(np.array([[0.9, 0.8], [0.85, 0.1]])) == [(0, 1), (1, 0)]
    assert best_matching(np.zeros((0, 3))) == []


def test_extra_found_circles_cost_nothing_leftover_true_circles_count_in_f1_all():
    true = [{0, 1}, {2, 3}]
    more = score_circles([{0, 1}, {2, 3}, {4}, {5, 6}], true, range(8))
    assert (more["one_minus_ber"], more["f1"], more["f1_all_circles"]) == (1.0, 1.0, 1.0)
    fewer = score_circles([{0, 1}], true, range(8))
    assert (fewer["one_minus_ber"], fewer["f1"], fewer["f1_all_circles"]) == (1.0, 1.0, 0.5)
    assert (fewer["circles_found"], fewer["circles_true"]) == (1, 2)


def test_no_circle_on_either_side_is_nan():
    for found, true in (([], [{1}]), ([{1}], []), ([set()], [set()])):
        scores = score_circles(found, true, range(3))
        assert math.isnan(scores["one_minus_ber"]) and math.isnan(scores["f1"])


def test_baselines_are_deterministic_and_keep_sizes():
    a = baseline_circles(range(20), [5, 3, 1], seed=4)
    assert a == baseline_circles(range(20), [5, 3, 1], seed=4)
    assert a["everyone"] == [set(range(20))]
    assert [len(c) for c in a["shuffled"]] == [5, 3, 1]
    assert baseline_circles([], [2]) == {"everyone": [], "shuffled": [set()]}


# -- classic graphs ----------------------------------------------------------------------


def test_karate_louvain_reaches_the_best_known_modularity(karate):
    found = find_communities(karate, seed=0)
    assert [len(c) for c in found] == [12, 11, 6, 5]
    # Brandes et al. 2008: the optimum modularity of Zachary's club is 0.4198, 4 groups.
    club = nx.karate_club_graph()
    assert round(nx.community.modularity(club, found, weight=None), 4) == 0.4198


def test_karate_scores_against_the_club_split(karate):
    df = circle_scores(karate, seed=0)
    assert list(df.columns) == SCORE_COLUMNS
    assert df["circles"].tolist() == ["louvain", "everyone", "shuffled"]
    found = df.iloc[0]
    # c1 = 11 of Officer's 17 + 1 of Mr. Hi's; c2 = 11 of Mr. Hi's 17.
    assert found["one_minus_ber"] == pytest.approx((1 - 7 / 34 + 1 - 3 / 17) / 2)
    assert found["f1"] == pytest.approx((22 / 29 + 22 / 28) / 2)
    everyone = df.iloc[1]
    assert (everyone["one_minus_ber"], everyone["f1"]) == (0.5, pytest.approx(34 / 51))
    assert everyone["f1_all_circles"] == pytest.approx(17 / 51)


def test_karate_communities_table(karate):
    df = communities(karate, seed=0)
    assert list(df.columns) == COMMUNITY_COLUMNS
    assert df[["community", "size", "circle"]].values.tolist()[:2] == [
        ["c1", 12, "Officer"],
        ["c2", 11, "Mr. Hi"],
    ]
    assert df["composition"].tolist() == [
        ["Officer 11", "Mr. Hi 1"],
        ["Mr. Hi 11"],
        ["Officer 6"],
        ["Mr. Hi 5"],
    ]
    assert df["f1"].iloc[0] == pytest.approx(22 / 29)
    assert math.isnan(df["f1"].iloc[2])
    assert df["untagged"].tolist() == [0, 0, 0, 0]


def test_florentine_medici_contacts_are_one_pair_and_four_alone():
    G = nx.florentine_families_graph()
    found = find_communities(G, "Medici")
    assert [sorted(c) for c in found] == [
        ["Ridolfi", "Tornabuoni"],
        ["Acciaiuoli"],
        ["Albizzi"],
        ["Barbadori"],
        ["Salviati"],
    ]
    assert [sorted(c) for c in find_communities(G, "Medici", min_size=2)] == [
        ["Ridolfi", "Tornabuoni"]
    ]


def test_borgatti_ego_g(borgatti):
    found = find_communities(borgatti)
    assert [sorted(c) for c in found] == [["A", "E", "F"], ["B", "D"], ["C"]]
    # By hand: m = 4 ties among G's contacts; Q = (2/4 - (5/8)^2) + (1/4 - (3/8)^2).
    alters = borgatti.subgraph("ABCDEF")
    assert nx.community.modularity(alters, found) == pytest.approx(0.21875)
    assert find_communities(borgatti, weight="strength") == found


def test_nested_keeps_every_level_and_contains_louvain(karate):
    flat = find_communities(karate, seed=0)
    nested = find_communities(karate, seed=0, method="nested")
    assert set(flat) <= set(nested)
    assert [len(c) for c in nested] == [12, 11, 6, 5, 3, 2]
    assert len(set(nested)) == len(nested)


def test_overlap_puts_a_bridge_in_both_groups():
    # Two triangles and a contact x tied to two people of each.
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    G.add_edges_from([("x", "a"), ("x", "b"), ("x", "d"), ("x", "e")])
    G = ego_network(G)
    plain = find_communities(G)
    assert sum("x" in c for c in plain) == 1
    both = find_communities(G, overlap=0.5)
    assert sorted(sorted(c) for c in both) == [["a", "b", "c", "x"], ["d", "e", "f", "x"]]


def test_resolution_and_min_size(karate):
    assert len(find_communities(karate, resolution=3.0)) > 4
    assert find_communities(karate, min_size=100) == []


def test_seed_gives_the_same_communities(karate):
    assert find_communities(karate, seed=3) == find_communities(karate, seed=3)


# -- degenerate graphs -------------------------------------------------------------------


def test_pure_star_every_contact_alone():
    parts = compare_circles(star(5))
    assert (parts["contacts"], parts["ties"], parts["circles"]) == (5, 0, 0)
    assert parts["communities"]["size"].tolist() == [1, 1, 1, 1, 1]
    assert parts["suggestions"].empty and list(parts["suggestions"].columns) == (SUGGESTION_COLUMNS)
    assert parts["scores"]["f1"].isna().all()
    assert headline(star(5))["sentence"] == (
        "None of your 5 contacts are tied to each other in this data, so there are no "
        "groups to find."
    )


def test_ego_alone():
    G = nx.Graph(ego="me")
    G.add_node("me")
    parts = compare_circles(G)
    assert parts["contacts"] == 0 and parts["communities"].empty
    assert parts["scores"]["circles_found"].tolist() == [0, 0, 0]
    h = headline(G)
    assert (h["contacts"], h["groups"], h["suggestions"]) == (0, 0, 0)
    assert h["sentence"] == "There is nobody but you in this graph, so there are no groups to find."


def test_isolated_nodes_self_loops_and_affiliations_are_not_contacts():
    G = ego_network(nx.Graph([("a", "b")]))
    G.add_edge("a", "a")
    G.add_node("stranger", circles=["work"])
    G.add_edge("ego", "Acme", origin="affiliation")
    G.nodes["Acme"]["kind"] = "affiliation"
    G.add_edge("Acme", "b")
    parts = compare_circles(G)
    assert (parts["contacts"], parts["ties"]) == (2, 1)
    assert [sorted(c) for c in find_communities(G)] == [["a", "b"]]


def test_directed_and_weighted_research_graphs():
    D = nx.DiGraph([("ego", "a"), ("b", "ego"), ("a", "b")], ego="ego")
    assert [sorted(c) for c in find_communities(D)] == [["a", "b"]]
    G = ego_network(nx.Graph([("a", "b")]))
    G.edges["a", "b"]["strength"] = float("nan")
    assert [sorted(c) for c in find_communities(G, weight="strength")] == [["a", "b"]]


def test_errors():
    with pytest.raises(NetmapError, match="the graph has no ego"):
        find_communities(nx.Graph([(1, 2)]))
    with pytest.raises(NotFoundError, match="no node 'z'"):
        find_communities(star(), "z")
    with pytest.raises(NetmapError, match="unknown method 'kclique'"):
        find_communities(star(), method="kclique")


# -- suggestions -------------------------------------------------------------------------


def test_majority_vote_with_its_evidence():
    G = nx.star_graph(["new", "a", "b", "c", "d", "e"])
    nx.set_node_attributes(G, {n: ["studies"] for n in "abcd"}, "circles")
    G.nodes["e"]["circles"] = ["family"]
    df = suggest_circles(ego_network(G))
    assert list(df.columns) == SUGGESTION_COLUMNS
    assert df.to_dict("records") == [
        {
            "contact": "new",
            "name": "new",
            "circle": "studies",
            "votes": 4,
            "tagged": 5,
            "share": 0.8,
            "evidence": "4 of 5 of their contacts are in studies",
        }
    ]


def test_borgatti_votes_unweighted_and_weighted(borgatti):
    nx.set_node_attributes(borgatti, {"E": ["family"], "F": ["family"], "B": ["work"]}, "circles")
    df = suggest_circles(borgatti)
    assert df[["contact", "circle", "votes", "tagged", "evidence"]].values.tolist() == [
        ["A", "family", 2, 3, "2 of 3 of their contacts are in family"]
    ]
    assert df["share"].iloc[0] == pytest.approx(2 / 3)
    weighted = suggest_circles(borgatti, weight="strength")
    assert weighted["share"].iloc[0] == pytest.approx(5 / 7)  # (2 + 3) / (2 + 3 + 2)
    assert suggest_circles(borgatti, min_votes=3).empty
    assert suggest_circles(borgatti, min_share=0.7).empty
    assert suggest_circles(borgatti, exclude={"A": ["family"]}).empty
    one = suggest_circles(borgatti, min_votes=1)
    assert one[["contact", "circle", "evidence"]].values.tolist() == [
        ["D", "work", "1 of 1 of their contacts is in work"],
        ["A", "family", "2 of 3 of their contacts are in family"],
    ]


def test_overlapping_circles_give_several_suggestions_and_flattened_lists_are_read():
    G = nx.star_graph(["new", "a", "b"])
    G.nodes["a"]["circles"] = "studies;friends"
    G.nodes["b"]["circles"] = "friends;studies"
    df = suggest_circles(ego_network(G))
    assert df["circle"].tolist() == ["friends", "studies"]


def test_headline_in_plain_words(karate):
    h = headline(karate)
    assert (h["contacts"], h["groups"], h["circles"], h["suggestions"]) == (34, 4, 2, 0)
    assert h["sentence"] == (
        "Your contacts form 4 group(s) of people who know each other; they match your 2 "
        "circle(s) with F1 0.77 (1 is a perfect match; one circle holding everybody would "
        "score 0.67)."
    )
    untagged = karate.copy()
    nx.set_node_attributes(untagged, [], "circles")
    assert "none of your contacts is in a circle yet" in headline(untagged)["sentence"]


def test_headline_says_when_groups_do_no_better_than_everyone():
    G = ego_network(nx.Graph([("a", "b"), ("c", "d")]))
    nx.set_node_attributes(G, {n: ["work"] for n in "abcd"}, "circles")
    assert "no better than one circle holding everybody" in headline(G)["sentence"]


# -- SNAP ego-Facebook, scored as McAuley & Leskovec (2012) ------------------------------


@functools.cache
def _facebook(folder: str) -> tuple[nx.Graph, ...]:
    from netmap.formats import read_graph

    return tuple(read_graph(f"{folder}/{ego}") for ego in FACEBOOK_EGOS)


def _means(graphs, **kwargs) -> dict[str, tuple[float, float]]:
    df = score_ego_networks(graphs, **kwargs)
    means = df.groupby("circles", sort=False)[["one_minus_ber", "f1"]].mean()
    return {k: (round(r.one_minus_ber, 4), round(r.f1, 4)) for k, r in means.iterrows()}


@pytest.mark.corpus
def test_facebook_trivial_baseline_and_louvain(shared_data):
    graphs = _facebook(str(shared_data / "snap-ego-facebook" / "facebook"))
    assert sum(len({c for n in G for c in G.nodes[n]["circles"]}) for G in graphs) == 193
    means = _means(graphs, seed=0)
    # One circle holding every contact: 0.500 / 0.524 over the 10 egos.
    assert means["everyone"] == (0.5, 0.5242)
    assert means["louvain"] == (0.7125, 0.3856)


@pytest.mark.corpus
def test_facebook_nested_beats_louvain(shared_data):
    graphs = _facebook(str(shared_data / "snap-ego-facebook" / "facebook"))
    means = _means(graphs, seed=0, method="nested")
    assert means["nested"] == (0.7617, 0.4496)
