"""`netmap plot circles|network|intro|reach -o FILE`: on a GraphML file, a star, the workspace."""

from __future__ import annotations

import networkx as nx
import pytest
from clihelp import imported, run

MAGIC = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}


@pytest.fixture
def graphml(tmp_path):
    """Camille and four contacts: Léa and Marc at Acme (internship), Jon (friends), Zoé."""
    G = nx.Graph(ego="me")
    people = {
        "me": ("Camille Durand", "", ""),
        "lea": ("Léa Martin", "internship", "Acme Industries"),
        "marc": ("Marc Petit", "internship;work", "Acme Industries"),
        "jon": ("Jon Petit", "friends", "Studio Lumen"),
        "zoe": ("Zoé Loin", "", ""),
    }
    for node, (name, circles, orgs) in people.items():
        G.add_node(node, name=name, circles=circles, organisations=orgs)
        if node != "me":
            G.add_edge("me", node, strength=0.5, origin="ego")
    G.add_edge("lea", "marc", strength=0.8, origin="declared")
    G.add_edge("jon", "zoe", strength=0.1, origin="inferred")
    path = tmp_path / "acme.graphml"
    nx.write_graphml(G, path)
    return path


@pytest.fixture
def star(tmp_path):
    """An edge list of a pure star: ego 0 and 30 contacts who know nobody else."""
    path = tmp_path / "star.txt"
    path.write_text("".join(f"0 {i}\n" for i in range(1, 31)), encoding="utf-8")
    return path


def plot(tmp_path, *args):
    return run(tmp_path / "none.db", "plot", *args)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
@pytest.mark.parametrize("command", [["circles"], ["network"], ["intro", "Acme"], ["reach"]])
def test_every_plot_writes_every_format(tmp_path, graphml, command, suffix):
    out = tmp_path / f"figure{suffix}"
    result = plot(tmp_path, *command, "-o", str(out), "--graph", str(graphml))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(MAGIC[suffix])
    assert f"Wrote {out}" in result.output


@pytest.mark.parametrize("command", [["circles"], ["network"], ["intro", "5"], ["reach"]])
def test_every_plot_on_a_star(tmp_path, star, command):
    out = tmp_path / "star.png"
    result = plot(tmp_path, *command, "-o", str(out), "--graph", str(star), "--ego", "0")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(MAGIC[".png"])


def test_pseudonymised_svg_has_no_name(tmp_path, graphml):
    out = tmp_path / "circles.svg"
    args = ["circles", "-o", str(out), "--graph", str(graphml), "--pseudonymise"]
    assert plot(tmp_path, *args).exit_code == 0
    first = out.read_bytes()
    assert plot(tmp_path, *args).exit_code == 0
    assert out.read_bytes() == first  # same input, same bytes
    plain = tmp_path / "plain.svg"
    assert plot(tmp_path, "circles", "-o", str(plain), "--graph", str(graphml)).exit_code == 0
    assert first != plain.read_bytes()


def test_unknown_target_is_a_clean_error(tmp_path, graphml):
    out = tmp_path / "intro.png"
    result = plot(tmp_path, "intro", "Zorglub", "-o", str(out), "--graph", str(graphml))
    assert result.exit_code == 1
    assert result.output.startswith("Error: nobody, no organisation and no circle matches")
    assert "Traceback" not in result.output and not out.exists()


def test_bad_suffix_is_a_usage_error(tmp_path, graphml):
    result = plot(tmp_path, "reach", "-o", str(tmp_path / "r.gif"), "--graph", str(graphml))
    assert result.exit_code == 2
    assert "does not end in .png, .svg or .pdf" in result.output
    assert not (tmp_path / "r.gif").exists()


def test_output_is_required(tmp_path, graphml):
    result = plot(tmp_path, "circles", "--graph", str(graphml))
    assert result.exit_code == 2 and "Missing option '-o'" in result.output


def test_plots_on_the_workspace(tmp_path):
    db, _ = imported(tmp_path)
    for command in (["circles"], ["network"], ["intro", "Acme"], ["reach"]):
        out = tmp_path / f"{command[0]}.png"
        result = run(db, "plot", *command, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(MAGIC[".png"])


def test_snap_ego_107(tmp_path, shared_data):
    edges = shared_data / "snap-ego-facebook" / "facebook" / "107.edges"
    for command in (["circles"], ["network"], ["reach"]):
        out = tmp_path / f"{command[0]}.png"
        result = plot(tmp_path, *command, "-o", str(out), "--graph", str(edges))
        assert result.exit_code == 0, result.output
