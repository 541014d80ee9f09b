"""netmap.plot: each figure draws the expected artists, on every edge case, and saves cleanly."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pytest

from netmap.errors import NetmapError, NotFoundError
from netmap.plot import (
    NO_CIRCLE_COLOUR,
    circle_colours,
    figure_svg,
    plot_circles,
    plot_intro,
    plot_network,
    plot_reach,
    save,
)
from netmap.plot_layout import force_layout, pseudonyms, short_name


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def star(n: int, circles: dict | None = None) -> nx.Graph:
    """The ego "me" and contacts c0..c(n-1), no ties between contacts (a contact export)."""
    G = nx.Graph(ego="me")
    G.add_node("me", name="Camille Durand", ego=True, kind="person", circles=[])
    for i in range(n):
        G.add_node(f"c{i}", name=f"Contact Number{i}", kind="person",
                   circles=(circles or {}).get(f"c{i}", []))  # fmt: skip
        G.add_edge("me", f"c{i}", strength=0.3 + 0.5 * (i % 3) / 2)
    return G


def sample() -> nx.Graph:
    """Five contacts in three circles (one in two, one in none), a triangle and a bridge."""
    G = star(5, {"c0": ["family"], "c1": ["work"], "c2": ["work", "friends"], "c3": ["chess"]})
    G.add_edges_from([("c0", "c1"), ("c1", "c2"), ("c0", "c2")], strength=0.6)
    G.add_edge("c2", "c3", strength=0.1)
    return G


def gids(ax, gid: str) -> list:
    return [a for a in ax.patches if a.get_gid() == gid]


def markers(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if c.get_gid() == "contacts")


def texts(ax) -> str:
    found = [t.get_text() for t in ax.texts] + [ax.get_title()]
    legend = ax.get_legend()
    if legend:
        found += [t.get_text() for t in legend.get_texts()]
    return "\n".join(found)


# ----------------------------------------------------------------------------------- colours
def test_builtin_circles_keep_their_colour_whatever_else_is_there():
    alone = circle_colours(["work"])
    mixed = circle_colours(["zebra", "work", "family", "studies"])
    assert alone["work"] == mixed["work"] == "#E69F00"
    assert mixed["family"] == "#D55E00" and mixed["studies"] == "#0072B2"
    assert circle_colours(["(none)"]) == {"(none)": NO_CIRCLE_COLOUR}


def test_other_circles_get_distinct_colours_in_name_order():
    colours = circle_colours([f"c{i}" for i in range(10)])
    assert len(set(colours.values())) == 10
    assert circle_colours(["b", "a"]) == {"b": "#332288", "a": "#F0E442"}


# ----------------------------------------------------------------------------------- circles
def test_circles_one_wedge_per_circle_and_one_marker_per_contact():
    ax = plot_circles(sample())
    assert sorted(w.get_label() for w in gids(ax, "sector")) == ["(none)", "chess", "family",
                                                                  "work"]  # fmt: skip
    assert markers(ax) == 5
    split = [c for c in ax.collections if c.get_gid() == "contacts-split"]
    assert sum(len(c.get_offsets()) for c in split) == 1  # c2: work and friends


def test_circles_in_a_given_axes():
    _fig, ax = plt.subplots()
    assert plot_circles(sample(), ax=ax) is ax


def test_circles_strong_ties_nearer_the_centre():
    G = star(2)
    G.edges["me", "c0"]["strength"], G.edges["me", "c1"]["strength"] = 0.9, 0.1
    ax = plot_circles(G, seed=0)
    (xy,) = [c.get_offsets() for c in ax.collections if c.get_gid() == "contacts"]
    r = (xy**2).sum(axis=1) ** 0.5
    assert r[0] < r[1]


@pytest.mark.parametrize("n", [0, 1, 150, 2000])
def test_circles_draw_every_size(n):
    G = star(n, {f"c{i}": [["family", "work", "studies"][i % 3]] for i in range(n // 2)})
    ax = plot_circles(G)
    assert markers(ax) == n
    assert len(gids(ax, "sector")) == (0 if n == 0 else 1 if n == 1 else 4)


def test_circles_name_at_most_max_labels():
    ax = plot_circles(star(150), max_labels=10)
    assert sum("Contact" in t.get_text() for t in ax.texts) == 10
    assert "140 more unnamed" in texts(ax)


def test_circle_of_one():
    ax = plot_circles(star(3, {"c0": ["chess"]}))
    assert sorted(w.get_label() for w in gids(ax, "sector")) == ["(none)", "chess"]


def test_pseudonymised_circles_show_no_name():
    ax = plot_circles(sample(), pseudonymise=True)
    shown = texts(ax)
    assert "Contact" not in shown and "Camille" not in shown
    assert "P001" in shown and "You" in shown


def test_pseudonyms_depend_on_the_seed_not_the_names():
    assert pseudonyms(["a", "b", "c"], 0) != pseudonyms(["a", "b", "c"], 1)
    assert pseudonyms(["a", "b"], 0) == pseudonyms(["b", "a"], 0)


def test_short_names():
    assert short_name("Jean-Baptiste Alexandre de Montmorency") == "Jean-Baptiste A. d. M."
    assert short_name("Léa Martin") == "Léa Martin"


# ----------------------------------------------------------------------------------- network
def test_network_draws_people_weak_ties_and_bridges():
    ax = plot_network(sample())
    assert markers(ax) == 5  # the ego is left out
    kinds = {c.get_gid(): len(c.get_segments()) for c in ax.collections
             if (c.get_gid() or "").startswith("edges-")}  # fmt: skip
    assert kinds == {"edges-tie": 3, "edges-bridge": 1}  # c2-c3 has no mutual contact


def test_network_weak_ties_dashed():
    G = sample()
    G.edges["c0", "c1"]["strength"] = 0.1
    kinds = {c.get_gid(): len(c.get_segments()) for c in plot_network(G).collections
             if (c.get_gid() or "").startswith("edges-")}  # fmt: skip
    assert kinds == {"edges-tie": 2, "edges-weak": 1, "edges-bridge": 1}


@pytest.mark.parametrize("n", [0, 1, 150, 2000])
def test_network_draws_stars_of_every_size(n):
    ax = plot_network(star(n))
    assert markers(ax) == n


def test_network_is_deterministic_with_a_seed():
    G = nx.karate_club_graph()
    G = nx.relabel_nodes(G, str)
    G.add_edges_from(("ego", n) for n in list(G))
    G.graph["ego"] = "ego"
    one = figure_svg(plot_network(G, seed=3))
    assert one == figure_svg(plot_network(G, seed=3))
    assert one != figure_svg(plot_network(G, seed=4))


def test_force_layout_stays_in_the_unit_disc():
    pos = force_layout(nx.relabel_nodes(nx.karate_club_graph(), str), seed=0)
    assert max(float((p**2).sum()) ** 0.5 for p in pos.values()) <= 1.05


def test_network_on_a_research_graph_without_attributes():
    G = nx.relabel_nodes(nx.florentine_families_graph(), str)
    G.add_node("Medici")
    G.graph["ego"] = "Medici"
    assert markers(plot_network(G)) == 14


# ----------------------------------------------------------------------------------- intro
def test_intro_draws_each_route():
    G = sample()
    ax = plot_intro(G, "c3")
    arrows = [p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("route-")]
    assert sorted(arrows) == ["route-1", "route-2", "route-2"]  # me→c3; me→c2→c3
    assert "Contact Number3" in texts(ax)


def test_intro_pseudonymised_names_nobody():
    ax = plot_intro(sample(), "Contact Number3", pseudonymise=True)
    assert "Contact" not in texts(ax) and "Camille" not in texts(ax)


def test_intro_without_route_says_so():
    G = star(2)
    G.add_edges_from([("c1", "x"), ("x", "y"), ("y", "z")])
    ax = plot_intro(G, "z", max_hops=2)
    assert "No route within 2 steps (the nearest takes 4)" in texts(ax)


def test_intro_unknown_target():
    with pytest.raises(NotFoundError):
        plot_intro(sample(), "Zorglub")


# ----------------------------------------------------------------------------------- reach
def test_reach_bars_per_circle_and_step():
    G = sample()
    G.add_edge("c3", "far", strength=0.5)
    ax = plot_reach(G)
    one = {round(p.get_y() + p.get_height() / 2): p.get_width() for p in gids(ax, "reach-1")}
    assert sorted(one.values()) == [1, 1, 1, 1, 2]  # chess, family, friends, none, work
    assert sum(p.get_width() for p in gids(ax, "reach-2")) == 1  # "far", in no circle
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "work" and ticks[-1] == "no circle"  # largest first, no circle last
    assert sorted(ticks[1:-1]) == ["chess", "family", "friends"]


def test_reach_on_the_ego_alone_and_by_all():
    assert "Nobody within reach" in texts(plot_reach(star(0)))
    assert len(gids(plot_reach(star(4), by="all"), "reach-1")) == 1


def test_reach_bad_grouping():
    with pytest.raises(NetmapError):
        plot_reach(star(2), by="colour")


# ----------------------------------------------------------------------------------- files
@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"),
                                               (".pdf", b"%PDF")])  # fmt: skip
def test_save_by_suffix(tmp_path, suffix, magic):
    path = save(plot_circles(sample()), tmp_path / f"f{suffix}")
    assert path.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [f"f{suffix}"]  # no temporary file left


def test_save_figure_or_axes(tmp_path):
    ax = plot_reach(sample())
    save(ax.figure, tmp_path / "a.png")
    save(ax, tmp_path / "b.png")
    assert (tmp_path / "a.png").read_bytes()[:4] == (tmp_path / "b.png").read_bytes()[:4]


def test_svg_same_bytes_twice(tmp_path):
    save(plot_circles(sample(), seed=1), tmp_path / "a.svg")
    save(plot_circles(sample(), seed=1), tmp_path / "b.svg")
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_save_refuses_other_suffixes(tmp_path):
    with pytest.raises(NetmapError, match=r"\.gif"):
        save(plot_reach(sample()), tmp_path / "f.gif")
    assert not list(tmp_path.iterdir())


def test_figure_svg_is_inline_and_self_contained():
    svg = figure_svg(plot_network(sample()))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "DOCTYPE" not in svg
    assert 'href="http' not in svg and "<script" not in svg and "<image" not in svg


# ----------------------------------------------------------------------------------- real data
def test_snap_ego_107(shared_data):
    from netmap.formats import read_graph

    G = read_graph(shared_data / "snap-ego-facebook" / "facebook" / "107.edges")
    assert markers(plot_circles(G)) == 1045
    assert markers(plot_network(G)) == 1045


def test_thousands_of_ties_are_one_bitmap_in_svg():
    import networkx as nx

    from netmap.plot import figure_svg, plot_network

    G = nx.relabel_nodes(nx.gnm_random_graph(300, 3000, seed=1), str)
    G.add_node("me")
    G.add_edges_from(("me", n) for n in list(G) if n != "me")
    G.graph["ego"] = "me"
    svg = figure_svg(plot_network(G, seed=0))
    assert "<image" in svg  # the ties, rasterised
    small = nx.star_graph(["me", "a", "b"])
    small.add_edge("a", "b")
    small.graph["ego"] = "me"
    assert "<image" not in figure_svg(plot_network(small, seed=0))
