"""`netmap report`: HTML and Markdown files, targets, pseudonymised, on a file and a workspace."""

from __future__ import annotations

import networkx as nx
import pytest
from clihelp import imported, run


@pytest.fixture
def graphml(tmp_path):
    """Camille, Léa (studies), Marc at Acme two steps away through Léa, Jon (work)."""
    G = nx.Graph(ego="me")
    G.add_node("me", name="Camille Durand", circles="")
    G.add_node("lea", name="Léa <Martin>", circles="studies", organisations="")
    G.add_node("jon", name="Jon Petit", circles="work", organisations="")
    G.add_node("marc", name="Marc Petit", circles="", organisations="Acme")
    G.add_edges_from([("me", "lea"), ("me", "jon"), ("lea", "marc")], strength=0.5)
    path = tmp_path / "g.graphml"
    nx.write_graphml(G, path)
    return path


def report(tmp_path, graph, *args):
    return run(tmp_path / "none.db", "report", "--graph", str(graph), *args)


def test_html_report_is_written_with_each_target(tmp_path, graphml):
    out = tmp_path / "report.html"
    result = report(tmp_path, graphml, "-o", str(out), "--target", "Acme", "--target", "work")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    html = out.read_text(encoding="utf-8")
    assert "<h3><bdi>To reach Acme</bdi></h3>" in html
    assert "<h3><bdi>To reach work</bdi></h3>" in html
    assert "Léa &lt;Martin&gt;" in html and "<script" not in html
    assert html.count("<svg") == 5  # network, circles, reach, two targets
    assert list(tmp_path.glob(".*tmp")) == []  # written atomically


def test_markdown_report_writes_figures_beside_it(tmp_path, graphml):
    out = tmp_path / "sub" / "notes.md"
    out.parent.mkdir()
    result = report(tmp_path, graphml, "-o", str(out), "--target", "Marc")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out} and 4 figures\n"
    figures = sorted(p.name for p in (out.parent / "notes_files").iterdir())
    assert figures == ["circles.svg", "intro-1.svg", "network.svg", "reach.svg"]
    text = out.read_text(encoding="utf-8")
    assert "](notes_files/intro-1.svg)" in text and "Léa \\<Martin\\>" in text


def test_a_target_matching_nobody_is_a_warning_and_said_on_the_page(tmp_path, graphml):
    out = tmp_path / "report.html"
    result = report(tmp_path, graphml, "-o", str(out), "--target", "Zzyzx")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "Warning: --target 'Zzyzx': nobody, no organisation and no circle matches 'Zzyzx'; "
        "check the spelling (`netmap contacts`)"
    )
    assert "no circle matches &#x27;Zzyzx&#x27;" in out.read_text(encoding="utf-8")


def test_pseudonymised_report_names_nobody(tmp_path, graphml):
    out = tmp_path / "report.html"
    result = report(tmp_path, graphml, "-o", str(out), "--pseudonymise", "--target", "studies")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Camille" not in html and "Martin" not in html and "Acme" not in html
    assert "EGO&#x27;s network" in html


def test_unknown_suffix_is_an_error_and_writes_nothing(tmp_path, graphml):
    result = report(tmp_path, graphml, "-o", str(tmp_path / "report.pdf"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot tell the report's format from "
        f"'{tmp_path / 'report.pdf'}'; name the output report.html (one self-contained page) "
        "or report.md\n"
    )
    assert list(tmp_path.iterdir()) == [tmp_path / "g.graphml"]


def test_output_is_required(tmp_path, graphml):
    result = report(tmp_path, graphml)
    assert result.exit_code == 2
    assert "Missing option '-o' / '--output'" in result.stderr


def test_report_on_the_workspace(tmp_path):
    db, _ = imported(tmp_path)
    out = tmp_path / "report.html"
    result = run(db, "report", "-o", str(out), "--target", "Acme Industries")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>Camille Durand&#x27;s network</title>" in html
    assert "Understood &#x27;Acme Industries&#x27; as the organisation Acme Industries" in html
