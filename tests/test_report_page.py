"""The shareable report as data, HTML and Markdown: sections, figures, escaping, sharing."""

from __future__ import annotations

import re
from datetime import date

import networkx as nx
import pytest

from netmap.report_html import CSP, json_for_html, render_html
from netmap.report_markdown import md_escape, render_markdown
from netmap.report_page import NO_CIRCLE, clean_text, report_files, report_page

SCRIPT_NAME = "</script><img src=x onerror=alert(1)>"
HOSTILE = {
    "script": SCRIPT_NAME,
    "formula": '=HYPERLINK("http://x")',
    "bold": "<b>bold</b>",
    "nul": "Nul\x00Byte",
    "emoji": "Zoé 🎉 Party",
    "rtl": "\u05e9\u05dc\u05d5\u05dd \u202eevil",
    "entity": "&amp;",
}
SECTIONS = ["network", "circles", "reach", "weak_ties", "introductions", "brokerage", "groups"]
TODAY = date(2025, 1, 31)


@pytest.fixture
def hostile() -> nx.Graph:
    """Ego and seven contacts with hostile names, two circles, ties among some, one beyond."""
    G = nx.Graph(ego="me")
    G.add_node("me", name="Camille Durand", ego=True, kind="person", circles=[])
    for i, (key, name) in enumerate(HOSTILE.items()):
        circles = ["studies"] if i % 2 else ["work", "<i>club</i>"]
        G.add_node(key, name=name, kind="person", circles=circles, organisations=["Acme & Co"])
        G.add_edge("me", key, strength=0.5, origin="ego")
    G.add_edge("script", "bold", strength=0.5, origin="declared")
    G.add_edge("bold", "emoji", strength=0.5, origin="declared")
    G.add_node("far", name="Far <Zyx>", kind="person", circles=[], organisations=["Target"])
    G.add_edge("emoji", "far", strength=0.5, origin="declared")
    return G


@pytest.fixture
def page(hostile):
    return report_page(hostile, targets=["Target", "Nobody At All"], today=TODAY)


@pytest.fixture
def html(page):
    return render_html(page)


def _tags(text: str) -> dict[str, list[tuple[str, str]]]:
    """Every element of an HTML page, with the attributes of all its occurrences."""
    from html.parser import HTMLParser

    found: dict[str, list] = {}

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.setdefault(tag, []).extend((k, v or "") for k, v in attrs)

    Parser().feed(text)
    return found


def _star(n: int) -> nx.Graph:
    G = nx.relabel_nodes(nx.star_graph(n), str)
    G.graph["ego"] = "0"
    return G


def test_page_has_every_section_with_its_explanation(page):
    assert page["title"] == "Camille Durand's network"
    assert [s["key"] for s in page["sections"]] == SECTIONS
    assert all(s["explanation"] for s in page["sections"])
    assert page["date"] == "2025-01-31"


def test_circle_table_lists_members_in_each_circle(page):
    circles = page["sections"][1]["blocks"][0]
    assert [(r["circle"], r["people"]) for r in circles["rows"]] == [
        ("<i>club</i>", 4), ("work", 4), ("studies", 3)
    ]  # fmt: skip
    assert circles["rows"][2]["members"] == ["=HYPERLINK(\"http://x\")", "Nul\ufffdByte",
                                             "\u05e9\u05dc\u05d5\u05dd \u202eevil"]  # fmt: skip
    assert circles["rows"][1]["colour"] == "#E69F00"


def test_target_gives_a_table_of_routes_and_a_figure(page):
    blocks = page["sections"][4]["blocks"]
    kinds = [b["type"] for b in blocks]
    assert kinds == ["heading", "paragraph", "table", "figure", "heading", "paragraph"]
    assert blocks[2]["rows"][0]["path"] == "Camille Durand → Zoé 🎉 Party → Far <Zyx>"
    assert blocks[2]["rows"][0]["chance"] == "13%"
    assert page["warnings"] == [
        "--target 'Nobody At All': nobody, no organisation and no circle matches "
        "'Nobody At All'; check the spelling (`netmap contacts`)"
    ]


def test_html_is_one_self_contained_page_without_script(html):
    assert html.startswith("<!DOCTYPE html>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    assert "script-src 'none'" in CSP and "default-src 'none'" in CSP
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "<link" not in html.lower() and "@import" not in html
    assert set(re.findall(r"url\((.)", html)) == {"#"}  # clip paths inside the figures
    tags = _tags(html)
    assert not {"script", "img", "iframe", "object", "embed", "link", "base"} & set(tags)
    attributes = [a for attrs in tags.values() for a in attrs]
    assert not [a for a in attributes if a[0].startswith("on")]
    refs = [v for k, v in attributes if k in ("src", "href", "xlink:href", "action")]
    assert refs and all(r.startswith("#") for r in refs), refs
    for key in SECTIONS:
        assert f'<section id="{key}">' in html


def test_every_figure_is_an_inline_svg(html):
    figures = re.findall(r"<figure[^>]*>\s*(<\w+)", html)
    assert figures == ["<svg"] * 4  # network, circles, reach, the one target found
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html


def test_every_hostile_name_appears_escaped(html):
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "=HYPERLINK(&quot;http://x&quot;)" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold" not in html
    assert "<bdi>&amp;amp;</bdi>" in html
    assert "\x00" not in html and "Nul\ufffdByte" in html
    assert "Zoé 🎉 Party" in html
    assert "<bdi>\u05e9\u05dc\u05d5\u05dd \u202eevil</bdi>" in html
    assert "&lt;i&gt;club&lt;/i&gt;" in html and "<i>" not in html


def test_json_for_html_escapes_what_could_end_an_element():
    text = json_for_html({"name": SCRIPT_NAME, "e": "&amp;", "s": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert text == (
        '{"name": "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e", '
        '"e": "\\u0026amp;", "s": "\\u2028"}'
    )


def test_markdown_escapes_names_and_links_figures_beside_it(page):
    text, files = render_markdown(page, "report_files")
    assert sorted(files) == [
        "report_files/circles.svg", "report_files/intro-1.svg", "report_files/network.svg",
        "report_files/reach.svg",
    ]  # fmt: skip
    assert all(svg.startswith("<svg") for svg in files.values())
    assert "![Everyone, coloured by circle\\.](report_files/network.svg)" in text
    assert "\\</script\\>\\<img src\\=x onerror\\=alert\\(1\\)\\>" in text
    assert '\\=HYPERLINK\\(\\"http\\://x\\"\\)' in text
    assert "\\<b\\>bold\\</b\\>" in text and "\\&amp;" in text
    assert "\x00" not in text and "Zoé 🎉 Party" in text
    assert "\u2068\u05e9\u05dc\u05d5\u05dd \u202eevil\u2069" in text
    assert "<" not in text.replace("\\<", "")
    assert text.startswith("# Camille Durand's network\n")
    for key in ["Circles", "Reach", "Weak ties worth reactivating", "Brokerage"]:
        assert f"\n## {key}\n" in text


def test_md_escape_keeps_a_name_on_one_line_as_text():
    assert md_escape("a\nb|c") == "a b\\|c"
    assert md_escape("www.x.org") == "www\\.x\\.org"


def test_report_files_by_suffix(page):
    assert list(report_files(page, "out/page.HTML")) == ["page.HTML"]
    assert list(report_files(page, "out/notes.md"))[:2] == ["notes.md", "notes_files/network.svg"]
    from netmap.errors import NetmapError

    with pytest.raises(NetmapError, match=r"cannot tell the report's format from 'x\.pdf'"):
        report_files(page, "x.pdf")


def test_pseudonymised_page_shows_no_name(hostile):
    page = report_page(hostile, targets=["studies"], pseudonymise=True, today=TODAY)
    html = render_html(page)
    assert page["title"] == "EGO's network" and page["pseudonymised"]
    for name in ["Camille", "HYPERLINK", "bold", "Party", "Acme", "Zyx", "\u05e9"]:
        assert name not in html, name
    assert "P001" in html
    assert page["sections"][4]["blocks"][2]["type"] == "table"


def test_a_star_and_the_ego_alone_give_a_page(hostile):
    star = render_html(report_page(_star(5), targets=["3"], today=TODAY))
    assert "You know 5 people directly." in star and "<svg" in star
    alone = nx.Graph(ego="me")
    alone.add_node("me")
    page = report_page(alone, today=TODAY)
    assert [s["key"] for s in page["sections"]] == SECTIONS
    assert "<svg" in render_html(page)
    assert page["sections"][1]["blocks"][0]["rows"] == []


def test_no_circle_row_and_self_loops():
    G = _star(3)
    G.add_edge("1", "1")
    G.nodes["1"]["circles"] = "family;work"
    rows = report_page(G, today=TODAY)["sections"][1]["blocks"][0]["rows"]
    assert [(r["circle"], r["people"]) for r in rows] == [
        ("family", 1), ("work", 1), (NO_CIRCLE, 2)
    ]  # fmt: skip
    assert rows[2]["colour"] == "#9A9A9A"


def test_clean_text_replaces_controls_and_lone_surrogates():
    assert clean_text("a\x00b\x7fc\ud800d\te") == "a\ufffdb\ufffdc\ufffdd\te"
