"""Brokerage measures against published and independently computed values."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pandas as pd
import pytest

from netmap.analysis.brokerage import BROKERAGE_COLUMNS, brokerage, gould_fernandez, headline
from netmap.analysis.group_mix import blau_index, ei_index, group_sets
from netmap.analysis.structural_holes import betweenness, ego_betweenness, structural_holes
from netmap.errors import NetmapError, NotFoundError


def borgatti_1997() -> nx.Graph:
    """The example of Borgatti (1997), as in networkx's test_structuralholes.py."""
    G = nx.Graph()
    weights = {
        ("A", "B"): 2,
        ("A", "F"): 3,
        ("A", "G"): 5,
        ("A", "E"): 2,
        ("E", "G"): 8,
        ("F", "G"): 3,
        ("B", "G"): 4,
        ("B", "D"): 1,
        ("D", "G"): 3,
        ("G", "C"): 10,
    }
    for (a, b), w in weights.items():
        G.add_edge(a, b, weight=w)
    return G


def star(n: int) -> nx.Graph:
    """A contact export: the ego "0" and ``n`` contacts who do not know each other."""
    G = nx.relabel_nodes(nx.star_graph(n), str)
    G.graph["ego"] = "0"
    return G


def row_of(df, node):
    return df.set_index("node").loc[node]


# -- published values ------------------------------------------------------------------------


def test_florentine_medici():
    row = brokerage(nx.florentine_families_graph(), "Medici").iloc[0]
    assert row.constraint == pytest.approx(0.2099, abs=1e-4)
    assert row.effective_size == pytest.approx(5.6667, abs=1e-4)
    assert row.efficiency == pytest.approx(0.9444, abs=1e-4)
    assert row.betweenness == pytest.approx(0.5220, abs=1e-4)
    assert row.contacts == 6


def test_karate_constraint_of_node_0():
    df = structural_holes(nx.karate_club_graph(), 0)
    assert df.iloc[0].constraint == pytest.approx(0.1554, abs=1e-4)


def test_karate_club_split():
    K = nx.karate_club_graph()
    ei = ei_index(K, groups="club")
    assert (ei["external"], ei["internal"], ei["unclassified"]) == (11, 67, 0)
    assert ei["ei_index"] == pytest.approx(-0.7179, abs=1e-4)
    assert blau_index(K, groups="club") == {
        "counted": 34,
        "unclassified": 0,
        "groups": 2,
        "blau": 0.5,
        "iqv": 1.0,
    }


def test_borgatti_1997_unweighted():
    df = structural_holes(borgatti_1997(), all_nodes=True)
    assert row_of(df, "G").constraint == pytest.approx(0.400, abs=1e-3)
    assert row_of(df, "A").constraint == pytest.approx(0.595, abs=1e-3)
    assert row_of(df, "C").constraint == pytest.approx(1.0, abs=1e-3)
    assert row_of(df, "G").effective_size == pytest.approx(4.67, abs=1e-2)
    assert row_of(df, "A").effective_size == pytest.approx(2.50, abs=1e-2)
    assert row_of(df, "C").effective_size == pytest.approx(1.0, abs=1e-2)


def test_borgatti_1997_weighted():
    """UCINET's weighted values; networkx's sparse path gets effective size wrong here
    (networkx PR #8906: the row maxima broadcast along columns), its per-node path is right."""
    df = structural_holes(borgatti_1997(), all_nodes=True, weight="weight")
    assert row_of(df, "G").constraint == pytest.approx(0.299, abs=1e-3)
    assert row_of(df, "A").constraint == pytest.approx(0.795, abs=1e-3)
    assert row_of(df, "G").effective_size == pytest.approx(5.47, abs=1e-2)
    assert row_of(df, "A").effective_size == pytest.approx(2.47, abs=1e-2)
    assert row_of(df, "C").effective_size == pytest.approx(1.0, abs=1e-2)


# -- agreement with networkx on every node ---------------------------------------------------


@pytest.mark.parametrize("weight", [None, "weight"])
def test_constraint_and_effective_size_match_networkx(weight):
    K = nx.karate_club_graph()
    df = structural_holes(K, all_nodes=True, weight=weight).set_index("node")
    constraint = nx.constraint(K, weight=weight)
    effective = nx.effective_size(K, nodes=list(K), weight=weight)  # the per-node path
    for v in K:
        assert df.constraint[v] == pytest.approx(constraint[v], abs=1e-12)
        assert df.effective_size[v] == pytest.approx(effective[v], abs=1e-12)
        assert df.efficiency[v] == pytest.approx(effective[v] / K.degree(v), abs=1e-12)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_the_ego_alone_reads_its_network_only_and_agrees_with_all_nodes(weight):
    K = nx.karate_club_graph()
    everyone = brokerage(K, groups="club", weight=weight, all_nodes=True).set_index("node")
    for v in K:
        alone = brokerage(K, v, groups="club", weight=weight).set_index("node").loc[v]
        pd.testing.assert_series_equal(alone, everyone.loc[v], check_exact=False, rtol=1e-12)


def test_hierarchy_by_hand():
    """v has contacts x, y (tied to each other) and z: c = 1/4, 1/4, 1/9."""
    G = nx.Graph([("v", "x"), ("v", "y"), ("x", "y"), ("v", "z")])
    r_xy, r_z = (1 / 4) / (11 / 54), (1 / 9) / (11 / 54)
    expected = (2 * r_xy * math.log(r_xy) + r_z * math.log(r_z)) / (3 * math.log(3))
    row = structural_holes(G, "v").iloc[0]
    assert row.constraint == pytest.approx(11 / 18, abs=1e-12)
    assert row.hierarchy == pytest.approx(expected, abs=1e-12)


def test_ego_betweenness_matches_networkx_on_the_ego_graph():
    K = nx.karate_club_graph()
    df = ego_betweenness(K, all_nodes=True).set_index("node")
    for v in K:
        E = nx.ego_graph(K, v)
        assert df.ego_betweenness[v] == pytest.approx(
            nx.betweenness_centrality(E, normalized=False)[v], abs=1e-9
        )
        if K.degree(v) < 2:  # networkx says 0; no pair to broker: undefined (NaN)
            assert math.isnan(df.ego_betweenness_normalized[v])
            continue
        assert df.ego_betweenness_normalized[v] == pytest.approx(
            nx.betweenness_centrality(E)[v], abs=1e-12
        )


def test_medici_ego_betweenness():
    row = ego_betweenness(nx.florentine_families_graph(), "Medici").iloc[0]
    assert row.ego_betweenness == 14.0
    assert row.ego_betweenness_normalized == pytest.approx(14 / 15)


@pytest.mark.parametrize("graph", ["karate", "florentine", "disconnected"])
def test_exact_betweenness_matches_networkx(graph):
    G = {
        "karate": nx.karate_club_graph(),
        "florentine": nx.florentine_families_graph(),
        "disconnected": nx.Graph([(0, 1), (1, 2), (3, 4), (4, 5), (5, 6)]),
    }[graph]
    G.add_node("isolated")
    values, method = betweenness(G)
    assert method == "exact"
    expected = nx.betweenness_centrality(G)
    for v in G:
        assert values[v] == pytest.approx(expected[v], abs=1e-12)


def test_sampled_betweenness_is_seeded_and_says_so():
    G = nx.karate_club_graph()
    first, method = betweenness(G, k=10, seed=3)
    again, _ = betweenness(G, k=10, seed=3)
    assert method == "estimated from 10 sampled sources (seed 3)"
    assert first == again
    assert betweenness(G, k=34)[1] == "exact"


# -- Gould & Fernandez -----------------------------------------------------------------------


def brute_force_roles(G: nx.Graph, v, groups: str) -> dict:
    """Every open two-path through v, classified with Python sets (the documented rule)."""
    sets = group_sets(G, groups)
    out = dict.fromkeys(["coordinator", "itinerant", "gatekeeper", "liaison", "unclassified"], 0)
    for a, b in itertools.combinations(sorted(G[v], key=str), 2):
        if G.has_edge(a, b):
            continue
        A, V, B = sets[a], sets[v], sets[b]
        if not A or not B:
            out["unclassified"] += 1
        elif A & V & B:
            out["coordinator"] += 1
        elif A & B:
            out["itinerant"] += 1
        elif V & A or V & B:
            out["gatekeeper"] += 1
        else:
            out["liaison"] += 1
    return out


def test_each_role_on_its_own_graph():
    alters = "abcdef"
    G = nx.complete_graph(alters)
    G.add_edges_from(("v", x) for x in alters)
    open_pairs = {
        ("a", "b"): "coordinator",  # x - x - x
        ("c", "d"): "itinerant",  # y - x - y
        ("a", "c"): "gatekeeper",  # x - x - y
        ("c", "e"): "liaison",  # y - x - z
        ("a", "f"): "unclassified",  # f is in no group
    }
    G.remove_edges_from(open_pairs)
    teams = {"v": "x", "a": "x", "b": "x", "c": "y", "d": "y", "e": "z", "f": None}
    nx.set_node_attributes(G, teams, "team")
    row = gould_fernandez(G, "v", groups="team").iloc[0].to_dict()
    assert row == {
        "node": "v",
        "open_two_paths": 5,
        "coordinator": 1,
        "itinerant": 1,
        "gatekeeper": 1,
        "liaison": 1,
        "unclassified": 1,
    }


def test_roles_on_the_karate_club_match_brute_force():
    K = nx.karate_club_graph()
    df = gould_fernandez(K, groups="club", all_nodes=True).set_index("node")
    for v in K:
        expected = brute_force_roles(K, v, "club")
        assert {k: df.loc[v, k] for k in expected} == expected
        assert df.loc[v, "open_two_paths"] == sum(expected.values())


def test_people_in_several_circles_share_a_group_when_they_share_a_circle():
    G = nx.Graph([("v", "a"), ("v", "b"), ("v", "c"), ("v", "d")])
    circles = {
        "v": ["work"],
        "a": ["family", "friends"],
        "b": ["friends", "sport"],
        "c": ["sport", "work"],
        "d": ["work"],
    }
    nx.set_node_attributes(G, circles, "circles")
    row = gould_fernandez(G, "v").iloc[0]
    # a-b share friends, b-c share sport, without v: itinerant; c-d-v all in work:
    # coordinator; a-c, a-d, b-d share nothing and v shares work with c or d: gatekeeper
    expected = {"coordinator": 1, "itinerant": 2, "gatekeeper": 3, "liaison": 0}
    assert {k: int(row[k]) for k in expected} == expected
    assert brute_force_roles(G, "v", "circles") == {**expected, "unclassified": 0}


def test_broker_in_no_circle_is_a_group_of_its_own():
    G = star(3)
    nx.set_node_attributes(G, {"1": "family", "2": "family", "3": "work"}, "circles")
    row = gould_fernandez(G).iloc[0]
    assert (row.coordinator, row.itinerant, row.gatekeeper, row.liaison) == (0, 1, 0, 2)


# -- E-I and Blau of an ego network ----------------------------------------------------------


def test_ego_ei_and_blau_match_the_whole_graph_functions_on_the_ego_graph():
    K = nx.karate_club_graph()
    df = brokerage(K, groups="club", all_nodes=True, with_betweenness=False).set_index("node")
    for v in K:
        ei = ei_index(K, nx.ego_graph(K, v), groups="club")["ei_index"]
        blau = blau_index(K, K[v], groups="club")
        assert df.ei_index[v] == pytest.approx(ei, abs=1e-12)
        assert df.blau[v] == pytest.approx(blau["blau"], abs=1e-12)
        if math.isnan(blau["iqv"]):
            assert math.isnan(df.iqv[v])
        else:
            assert df.iqv[v] == pytest.approx(blau["iqv"], abs=1e-12)


def test_blau_shares_a_person_in_several_circles():
    G = star(2)
    nx.set_node_attributes(G, {"1": ["family", "friends"], "2": "friends"}, "circles")
    result = blau_index(G, G["0"])
    # shares: family 1/4, friends 3/4
    assert result["blau"] == pytest.approx(1 - (1 / 16 + 9 / 16))
    assert result["iqv"] == pytest.approx(2 * result["blau"])


# -- the edge cases that crash ego-network tools ---------------------------------------------


def test_pure_star():
    df = brokerage(star(5), all_nodes=True).set_index("node")
    ego = df.loc["0"]
    assert ego.constraint == pytest.approx(0.2, abs=1e-15)
    assert (ego.contacts, ego.effective_size, ego.efficiency) == (5, 5, 1)
    assert (ego.hierarchy, ego.ego_betweenness, ego.ego_betweenness_normalized) == (0, 10, 1)
    assert (ego.betweenness, ego.open_two_paths, ego.only_link_pairs) == (1, 10, 10)
    assert ego.unclassified == 10  # nobody is in a circle
    assert math.isnan(ego.ei_index) and math.isnan(ego.blau)
    leaf = df.loc["3"]
    assert (leaf.contacts, leaf.constraint, leaf.effective_size, leaf.ego_betweenness) == (
        1,
        1,
        1,
        0,
    )
    assert math.isnan(leaf.hierarchy) and math.isnan(leaf.ego_betweenness_normalized)
    assert list(df.reset_index().columns) == BROKERAGE_COLUMNS


def test_ego_alone():
    G = nx.Graph(ego="me")
    G.add_node("me")
    row = brokerage(G).iloc[0]
    assert (row.node, row.contacts, row.ego_betweenness, row.open_two_paths) == ("me", 0, 0, 0)
    for column in ("constraint", "effective_size", "efficiency", "hierarchy", "ei_index"):
        assert math.isnan(row[column])
    assert headline(G)["sentence"] == (
        "You have no contacts in this graph, so there is nobody to link yet."
    )


def test_self_loops_isolated_nodes_and_affiliations_change_nothing():
    plain = brokerage(star(4), all_nodes=True)
    G = star(4)
    G.add_edge("0", "0")
    G.add_edge("2", "2")
    G.add_node("lonely")
    G.add_node("aff:Acme", kind="affiliation")
    G.add_edge("aff:Acme", "1")
    G.add_edge("aff:Acme", "2")
    df = brokerage(G, all_nodes=True)
    assert (
        df.iloc[: len(plain)].drop(columns="betweenness").equals(plain.drop(columns="betweenness"))
    )
    assert df.iloc[-1].node == "lonely" and math.isnan(df.iloc[-1].constraint)
    # the isolated node changes the normalisation of whole-graph betweenness, as in networkx
    H = nx.Graph(G)
    H.remove_edges_from(nx.selfloop_edges(H))
    H.remove_node("aff:Acme")
    assert df.iloc[0].betweenness == pytest.approx(nx.betweenness_centrality(H)["0"])


def test_missing_weight_counts_one():
    G = star(3)
    G.add_edge("1", "2", strength=0.5)
    unweighted = brokerage(G, all_nodes=True, with_betweenness=False)
    G.edges["1", "2"]["strength"] = 1.0
    assert brokerage(G, all_nodes=True, weight="strength", with_betweenness=False).equals(
        unweighted
    )


def test_directed_graph_is_read_undirected():
    D = nx.DiGraph([("0", "1"), ("2", "0"), ("1", "2"), ("0", "3")])
    U = nx.Graph(D)
    assert brokerage(D, "0").equals(brokerage(U, "0"))


def test_errors():
    with pytest.raises(NetmapError, match="no ego"):
        brokerage(nx.path_graph(3))
    with pytest.raises(NotFoundError, match="'x'"):
        brokerage(star(2), "x")
    G = nx.Graph([("a", "b", {"w": "heavy"}), ("b", "c", {"w": 2}), ("c", "d", {"w": -1})])
    for ego, everyone in (("a", False), ("d", False), ("a", True)):
        with pytest.raises(NetmapError, match="'w' must be a non-negative number"):
            brokerage(G, ego, weight="w", all_nodes=everyone)


# -- headline --------------------------------------------------------------------------------


def test_headline_sentences():
    G = star(4)
    G.add_edge("1", "2")
    nx.set_node_attributes(G, {"1": "family", "2": "family", "3": "work", "4": "work"}, "circles")
    result = headline(G)
    assert result["sentence"] == (
        "Your 4 contacts count as 4 independent ones (efficiency 88%): 5 pairs of them do not "
        "know each other (4 across two circles), and you are their only link."
    )
    G.add_edges_from([("0", "5"), ("3", "5"), ("4", "5")])  # 3 and 4 now have 5 in common
    G.nodes["5"]["circles"] = ["work"]
    assert headline(G)["sentence"] == (
        "Your 5 contacts count as 4 independent ones (efficiency 76%): 7 pairs of them do not "
        "know each other (6 across two circles), and you are the only link for 6 of these pairs."
    )
    assert result["open_two_paths"] == 5 and result["liaison"] == 4
    assert "betweenness" not in result
    G = star(1)
    assert headline(G)["sentence"] == "With a single contact you do not stand between anybody yet."
    G = nx.complete_graph(["0", "1", "2"])
    assert headline(G, "0")["sentence"].endswith(
        "they all know each other, so nobody needs you to meet anybody."
    )


# -- SNAP ego-Facebook -----------------------------------------------------------------------


@pytest.mark.corpus
def test_ego_facebook_107(shared_data):
    path = shared_data / "snap-ego-facebook" / "facebook_combined.txt"
    F = nx.read_edgelist(path)
    row = brokerage(F, "107", with_betweenness=False).iloc[0]
    assert row.contacts == 1045
    # computed once with networkx 3.6: nx.constraint(F)["107"], nx.effective_size(F)["107"],
    # nx.betweenness_centrality(nx.ego_graph(F, "107"))["107"] (this one takes 10 s)
    assert row.constraint == pytest.approx(0.0037804065219900897, abs=1e-12)
    assert row.effective_size == pytest.approx(993.803827751197, abs=1e-9)
    assert row.ego_betweenness_normalized == pytest.approx(0.774318006386862, abs=1e-12)


@pytest.mark.corpus
def test_ego_facebook_107_circles(shared_data):
    from netmap.formats import read_graph

    G = read_graph(shared_data / "snap-ego-facebook" / "facebook" / "107.edges")
    row = brokerage(G, with_betweenness=False).iloc[0]
    roles = row[["coordinator", "itinerant", "gatekeeper", "liaison", "unclassified"]]
    assert roles.sum() == row.open_two_paths > 0
    assert row.coordinator == 0  # the ego is in none of its own circles
    assert -1 <= row.ei_index <= 1 and 0 < row.iqv <= 1
