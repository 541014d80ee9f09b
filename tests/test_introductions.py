"""Whom to ask for an introduction: chain probabilities, disjoint routes, targets, reasons."""

from __future__ import annotations

import networkx as nx
import pytest

from netmap.analysis.introductions import (
    COLUMNS,
    headline,
    hop_probability_of,
    introductions,
    resolve_target,
)
from netmap.errors import NetmapError, NotFoundError


def graph(edges, ego="me", **nodes) -> nx.Graph:
    """A graph whose edges are ``(u, v, strength)`` (None: no strength) and nodes' attrs."""
    G = nx.Graph(ego=ego)
    G.add_node(ego, name="Camille Durand")
    for u, v, s in edges:
        G.add_edge(u, v, **({} if s is None else {"strength": s}))
    for node, attrs in nodes.items():
        G.add_node(node, **attrs)
    return G


def routes(df) -> list[tuple]:
    return [(tuple(r["nodes"]), r["probability"]) for r in df.to_dict("records")]


def star(n: int = 4) -> nx.Graph:
    G = nx.relabel_nodes(nx.star_graph(n), str)
    G.graph["ego"] = "0"
    return G


# ----------------------------------------------------------------------------------------
# One step
# ----------------------------------------------------------------------------------------
def test_hop_probability_average_tie_is_the_dodds_rate():
    assert hop_probability_of(0.5) == pytest.approx(0.36)
    assert hop_probability_of(None) == 0.36
    assert hop_probability_of(0.25) == pytest.approx(0.2)
    assert hop_probability_of(0.75) == pytest.approx(0.488)
    assert hop_probability_of(1.0) == pytest.approx(0.5904)  # never certainty
    assert hop_probability_of(0.5, confidence=0.5) == pytest.approx(0.18)
    assert hop_probability_of(0.5, hop_probability=0.5) == pytest.approx(0.5)
    assert hop_probability_of(0.3, hop_probability=1.0) == 1.0


def test_hop_probability_keeps_the_order_of_strengths():
    values = [hop_probability_of(s / 20) for s in range(1, 21)]
    assert values == sorted(values) and len(set(values)) == 20


# ----------------------------------------------------------------------------------------
# Chains and their probabilities
# ----------------------------------------------------------------------------------------
TWO_ROUTES = [("me", "a", 0.5), ("a", "t", 0.5), ("me", "b", 1.0), ("b", "c", 0.25),
              ("c", "t", 0.75)]  # fmt: skip


def test_two_disjoint_routes_exact_probabilities():
    df = introductions(graph(TWO_ROUTES), "t")
    assert list(df.columns) == COLUMNS
    assert routes(df) == [
        (("me", "a", "t"), pytest.approx(0.36 * 0.36)),
        (("me", "b", "c", "t"), pytest.approx(0.5904 * 0.2 * 0.488)),
    ]
    assert df["cumulative"].tolist() == pytest.approx([0.1296, 0.179755094016])
    assert df.attrs["combined"] == pytest.approx(1 - (1 - 0.1296) * (1 - 0.05762304))
    assert df["rank"].tolist() == [1, 2] and df["hops"].tolist() == [2, 3]


def test_unweighted_every_step_is_the_hop_probability():
    df = introductions(graph(TWO_ROUTES), "t", weight=None)
    assert [p for _, p in routes(df)] == [0.1296, 0.046656]
    df = introductions(graph(TWO_ROUTES), "t", weight=None, hop_probability=0.5)
    assert [p for _, p in routes(df)] == [0.25, 0.125]


def test_edges_without_strength_use_the_hop_probability():
    edges = [(u, v, None) for u, v, _ in TWO_ROUTES]
    assert [p for _, p in routes(introductions(graph(edges), "t"))] == [0.1296, 0.046656]


def test_strength_one_everywhere_means_no_information():
    # read_graph gives strength 1 to every edge of a file without weights
    edges = [(u, v, 1.0) for u, v, _ in TWO_ROUTES]
    assert [p for _, p in routes(introductions(graph(edges), "t"))] == [0.1296, 0.046656]


def test_a_stronger_longer_chain_beats_a_weak_short_one():
    G = graph([("me", "a", 0.05), ("a", "t", 0.05), ("me", "b", 1.0), ("b", "c", 1.0),
               ("c", "t", 1.0)])  # fmt: skip
    df = introductions(G, "t", top=1)
    assert routes(df) == [(("me", "b", "c", "t"), pytest.approx(0.5904**3))]


def test_confidence_multiplies_the_step():
    G = graph([("me", "a", 0.5), ("a", "t", 0.5)])
    G.edges["a", "t"]["confidence"] = 0.5
    assert routes(introductions(G, "t")) == [(("me", "a", "t"), pytest.approx(0.36 * 0.18))]


def test_max_hops_is_never_exceeded():
    G = graph([("me", "a", 0.5), ("a", "b", 0.5), ("b", "c", 0.5), ("c", "t", 0.5)])
    df = introductions(G, "t", max_hops=3)
    assert df.empty
    assert df.attrs["nearest_hops"] == 4 and df.attrs["combined"] == 0
    assert df.attrs["message"] == (
        "Nobody leads you to t within 3 steps: the nearest chain has 4 steps."
    )
    df = introductions(G, "t", max_hops=4)
    assert df["hops"].tolist() == [4]
    assert df["probability"].tolist() == pytest.approx([0.36**4])


def test_max_hops_prefers_a_shorter_worse_chain_to_none():
    G = graph([("me", "a", 1.0), ("a", "b", 1.0), ("b", "t", 1.0), ("me", "c", 0.05),
               ("c", "t", 0.05)])  # fmt: skip
    assert [r[0] for r in routes(introductions(G, "t", max_hops=2))] == [("me", "c", "t")]
    assert [r[0] for r in routes(introductions(G, "t", max_hops=3))] == [
        ("me", "a", "b", "t"),
        ("me", "c", "t"),
    ]


def test_routes_share_no_intermediary():
    # a is on the two best chains; the second one must avoid a
    G = graph([("me", "a", 1.0), ("a", "t", 1.0), ("a", "x", 1.0), ("x", "t", 1.0),
               ("me", "b", 0.5), ("b", "t", 0.25)])  # fmt: skip
    df = introductions(G, "t")
    assert [r[0] for r in routes(df)] == [("me", "a", "t"), ("me", "b", "t")]
    middles = [set(nodes[1:-1]) for nodes in df["nodes"]]
    assert all(not (m & n) for i, m in enumerate(middles) for n in middles[i + 1 :])


def test_top_limits_the_routes():
    G = star(6)
    for leaf in "23456":
        G.add_edge("1", leaf)
    assert len(introductions(G, "1", top=3)) == 3
    assert len(introductions(G, "1", top=10)) == 6  # direct, then through each other leaf


def test_ties_are_broken_by_node_ids():
    G = graph([("me", x, 0.5) for x in "cba"] + [(x, "t", 0.5) for x in "bca"])
    assert introductions(G, "t")["via"].tolist() == ["a", "b", "c"]


# ----------------------------------------------------------------------------------------
# Set targets
# ----------------------------------------------------------------------------------------
def test_organisation_target_combines_its_members():
    G = graph(
        [*TWO_ROUTES, ("me", "d", 0.25)],
        t={"name": "Marc Petit", "organisations": ["Acme Industries"]},
        d={"name": "Inès Roux", "organisations": ["Acme Industries"]},
        c={"name": "Jon Petit", "organisations": ["Studio Lumen"]},
    )
    df = introductions(G, "acme")
    assert df.attrs["target_kind"] == "organisation"
    assert df.attrs["understood"] == (
        "Understood 'acme' as the organisation Acme Industries (2 people)."
    )
    assert routes(df) == [
        (("me", "d"), pytest.approx(0.2)),
        (("me", "a", "t"), pytest.approx(0.1296)),
        (("me", "b", "c", "t"), pytest.approx(0.05762304)),
    ]
    assert df.attrs["combined"] == pytest.approx(1 - 0.8 * (1 - 0.1296) * (1 - 0.05762304))
    assert df.loc[0, "reason"] == "You know Inès Roux directly; Inès Roux is at Acme Industries."


def test_a_target_member_is_never_walked_through():
    G = graph([("me", "a", 0.5), ("a", "x", 0.5), ("x", "y", 0.5)],
              x={"circles": ["work"]}, y={"circles": ["work"]})  # fmt: skip
    df = introductions(G, "work")
    assert [r[0] for r in routes(df)] == [("me", "a", "x")]
    assert df.loc[0, "reason"] == "Ask a: a knows x; x is in your work circle."


def test_circle_target_by_label_alias():
    G = graph([("me", "a", 0.5)], a={"name": "Léa", "circles": ["internship"]})
    assert resolve_target(G, "Stage") == ("circle", ["a"])
    assert introductions(G, "stage").attrs["understood"] == (
        "Understood 'stage' as your circle internship (1 person)."
    )


# ----------------------------------------------------------------------------------------
# What the target means
# ----------------------------------------------------------------------------------------
PEOPLE = {
    "a": {"name": "Léa Martin", "organisations": ["École Centrale"], "circles": ["studies"]},
    "b": {"name": "Marc Petit", "organisations": ["Acme"], "titles": ["Ingénieur R&D"]},
    "c": {"name": "Jon Petit", "organisations": ["Studio Lumen"]},
    "d": {"name": "Acme Fan", "organisations": []},
}


def people() -> nx.Graph:
    return graph([("me", n, 0.5) for n in PEOPLE], **PEOPLE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("b", ("person", ["b"])),  # a node id
        ("LEA MARTIN", ("person", ["a"])),  # folded: case and accents
        ("léa", ("person", ["a"])),  # the only Léa
        ("Marc", ("person", ["b"])),
        ("Acme Fan", ("person", ["d"])),
        ("acme", ("organisation", ["b"])),  # equal to an organisation, part of a name
        ("fan", ("person", ["d"])),
        ("ecole centrale", ("organisation", ["a"])),  # accents folded
        ("centrale", ("organisation", ["a"])),  # whole word
        ("ecole", ("circle", ["a"])),  # a label meaning a circle, equal, first
        ("Studies", ("circle", ["a"])),
        ("études", ("circle", ["a"])),  # a label meaning a circle
        ("Petit", ("keyword", ["b", "c"])),  # two people: a set
        ("ingenieur", ("keyword", ["b"])),  # any text attribute
        ("Lea Martn", ("person", ["a"])),  # one close spelling
        ("Studio Lumem", ("organisation", ["c"])),
    ],
)
def test_resolve_target_in_order(text, expected):
    assert resolve_target(people(), text) == expected


def test_unknown_target_lists_close_matches():
    with pytest.raises(NotFoundError) as err:
        resolve_target(people(), "Petir Marc")
    assert str(err.value) == (
        "nobody, no organisation and no circle matches 'Petir Marc'; did you mean: Marc Petit?"
    )
    with pytest.raises(NotFoundError, match="check the spelling"):
        resolve_target(people(), "zzzz")
    with pytest.raises(NotFoundError, match="names nobody"):
        resolve_target(people(), " -- ")


def test_the_ego_is_not_a_target():
    with pytest.raises(NetmapError, match="is you"):
        introductions(people(), "Camille Durand")
    with pytest.raises(NetmapError, match="is you"):
        introductions(people(), "me")


# ----------------------------------------------------------------------------------------
# Reasons in plain words
# ----------------------------------------------------------------------------------------
def test_reasons_from_circles_evidence_and_tie_kinds():
    G = graph([], lea={"name": "Léa Martin", "circles": ["internship"]},
              marc={"name": "Marc Petit"}, jean={"name": "Jean Roux"},
              ana={"name": "Ana Silva"})  # fmt: skip
    G.add_edge("me", "lea", strength=0.8, origin="ego", evidence="closeness 4/5 in google.csv")
    G.add_edge("lea", "marc", strength=0.6, origin="declared", kind="colleague", since="2024",
               evidence="declared by you")  # fmt: skip
    G.add_edge("marc", "jean", strength=0.2, origin="inferred", kind="inferred: department",
               evidence="same department: R&D (Acme Industries); same organisation: Acme",
               confidence=0.5)  # fmt: skip
    G.add_edge("jean", "ana", strength=0.5, origin="related", kind="spouse")
    df = introductions(G, "Jean Roux")
    assert df.loc[0, "reason"] == (
        "Ask Léa Martin (internship; closeness 4/5): Léa Martin knows Marc Petit (colleague; "
        "since 2024; you said so), who probably knows Jean Roux (both in R&D at Acme "
        "Industries)."
    )
    df = introductions(G, "Ana Silva", max_hops=4)
    assert df.loc[0, "reason"].endswith(", who knows Ana Silva (spouse; in your address book).")
    assert df.loc[0, "path"] == ["Camille Durand", "Léa Martin", "Marc Petit", "Jean Roux",
                                 "Ana Silva"]  # fmt: skip


def test_reason_for_a_direct_contact_and_ego_evidence():
    G = graph([], marc={"name": "Marc Petit", "circles": ["work"]})
    G.add_edge("me", "marc", strength=0.3, origin="ego",
               evidence="last contact 2024-03-12, half-life 12 months")  # fmt: skip
    df = introductions(G, "marc petit")
    assert df.loc[0, "reason"] == ("You know Marc Petit directly (work; last contact 2024-03-12).")
    assert (df.loc[0, "via"], df.loc[0, "hops"]) == ("Marc Petit", 1)


def test_accepted_suggestion_says_it_was_confirmed():
    G = graph([("me", "a", 0.5)], a={"name": "Léa"}, b={"name": "Marc"})
    G.add_edge("a", "b", strength=0.5, origin="declared", kind="inferred: organisation",
               evidence="same organisation: Acme")  # fmt: skip
    assert introductions(G, "Marc").loc[0, "reason"] == (
        "Ask Léa: Léa knows Marc (both at Acme; you confirmed it)."
    )


def test_affiliation_nodes_are_never_walked_through():
    G = graph([("me", "a", 0.5), ("a", "aff:Acme", 1.0), ("aff:Acme", "t", 1.0)],
              **{"aff:Acme": {"kind": "affiliation", "name": "Acme"}})  # fmt: skip
    df = introductions(G, "t")
    assert df.empty and df.attrs["nearest_hops"] is None
    assert df.attrs["message"] == (
        "No chain of people links you to t: not connected to your network."
    )


# ----------------------------------------------------------------------------------------
# Star, ego alone, isolated nodes, self-loops
# ----------------------------------------------------------------------------------------
def test_star_target_a_contact_is_direct():
    df = introductions(star(), "3")
    assert routes(df) == [(("0", "3"), 0.36)]
    assert df.loc[0, "reason"] == "You know 3 directly."
    assert df.attrs["message"] == "Ask 3 first: 36% chance."


def test_star_unknown_target_is_an_error_with_suggestions():
    G = star()
    nx.set_node_attributes(G, {"1": "Léa Martin", "2": "Marc Petit"}, "name")
    with pytest.raises(NotFoundError, match="did you mean: Léa Martin"):
        introductions(G, "Leo Marton")


def test_ego_alone():
    G = nx.Graph(ego="me")
    G.add_node("me")
    with pytest.raises(NotFoundError, match="check the spelling"):
        introductions(G, "anyone")
    assert headline(G)["sentence"] == (
        "You have no contacts yet, so nobody to ask for an introduction."
    )


def test_isolated_target_and_self_loops():
    G = graph([("me", "a", 0.5), ("a", "a", 0.5), ("me", "me", 1.0)])
    G.add_node("lonely")
    assert routes(introductions(G, "a")) == [(("me", "a"), 0.36)]
    df = introductions(G, "lonely")
    assert df.empty and df.attrs["nearest_hops"] is None


def test_bad_parameters():
    with pytest.raises(NetmapError, match="not in"):
        introductions(star(), "1", hop_probability=0)
    with pytest.raises(NetmapError, match="at least 1"):
        introductions(star(), "1", max_hops=0)
    with pytest.raises(NetmapError, match="no ego"):
        introductions(nx.path_graph(3), "1")


# ----------------------------------------------------------------------------------------
# Classic graphs
# ----------------------------------------------------------------------------------------
def test_florentine_medici_to_strozzi():
    G = nx.florentine_families_graph()
    assert nx.node_connectivity(G, "Medici", "Strozzi") == 3
    df = introductions(G, "Strozzi", ego="Medici", weight=None)
    assert routes(df) == [
        (("Medici", "Ridolfi", "Strozzi"), 0.1296),
        (("Medici", "Barbadori", "Castellani", "Strozzi"), 0.046656),
    ]
    df = introductions(G, "Strozzi", ego="Medici", weight=None, max_hops=10, top=10)
    assert len(df) == 3  # Menger: at most the node connectivity
    assert df.loc[2, "nodes"] == ["Medici", "Albizzi", "Guadagni", "Bischeri", "Strozzi"]
    assert df.attrs["combined"] == pytest.approx(1 - 0.8704 * 0.953344 * (1 - 0.36**4))


def test_karate_routes_from_0_to_33_reach_the_node_connectivity():
    G = nx.karate_club_graph()
    df = introductions(G, "33", ego=0, weight=None, max_hops=10, top=20)
    assert len(df) == nx.node_connectivity(G, 0, 33) == 6
    assert df["hops"].tolist() == [2, 2, 2, 2, 3, 3]
    assert df["via_id"].tolist() == [8, 13, 19, 31, 1, 2]


# ----------------------------------------------------------------------------------------
# Headline
# ----------------------------------------------------------------------------------------
def test_headline_counts_people_one_introduction_away():
    G = graph([("me", "a", 1.0), ("me", "b", 0.5), ("a", "x", 0.5), ("b", "x", 1.0),
               ("b", "y", 0.5), ("a", "b", 0.5)])  # fmt: skip
    h = headline(G)
    assert (h["contacts"], h["second_degree"]) == (2, 2)
    assert h["median_probability"] == pytest.approx((0.5904 * 0.36 + 0.36 * 0.36) / 2)
    assert (h["best_introducer"], h["best_introducer_count"]) == ("a", 1)


def test_headline_of_a_star_and_of_a_closed_network():
    assert headline(star())["sentence"].startswith("Your contacts are not linked")
    closed = star()
    closed.add_edge("1", "2")
    assert headline(closed)["sentence"].startswith("Everyone your contacts know")


# ----------------------------------------------------------------------------------------
# Research data
# ----------------------------------------------------------------------------------------
def test_ego_facebook(shared_data):
    from netmap.formats import read_graph

    G = read_graph(shared_data / "snap-ego-facebook" / "facebook_combined.txt", ego="107")
    hops = nx.single_source_shortest_path_length(G, "107")
    far = min(n for n, d in hops.items() if d == 5)
    df = introductions(G, far)
    assert df.empty and df.attrs["nearest_hops"] == 5
    df = introductions(G, far, max_hops=5)
    assert df["hops"].tolist() == [5] * len(df)
    assert df["probability"].tolist() == pytest.approx([0.36**5] * len(df))
    three = min(n for n, d in hops.items() if d == 3)
    df = introductions(G, three)
    assert df["hops"].min() == 3 and df.loc[0, "probability"] == pytest.approx(0.046656)
