"""Output safety: every hostile value of tests/hostile.py through every output netmap writes.

One workspace whose people carry the hostile names (as names, organisations and groups) and
one graph file whose node ids, names and circles are hostile (the only way lone surrogates
and arbitrary circle names reach netmap) feed the CSV, table, HTML, Markdown, GraphML, GEXF,
JSON and figure outputs. SQL binding is checked in test_sql_safety.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hostile import BY_KEY, FORMULA, HOSTILE, MATHTEXT, PATHISH, TERMINAL

from netmap.cli import cli
from netmap.graph_xml import clean_text as xml_clean
from netmap.report import text_table
from netmap.report_page import clean_text as page_clean
from netmap.report_safety import RESERVED_NAMES, safe_cell, safe_filename, unquote_cell

#: A file cannot hold a lone surrogate (netmap decodes strictly): every other value is imported.
IMPORTED = {k: v for k, v in BY_KEY.items() if k != "x_surrogate"}
MAPPING = "Full Name=name,Company=org,E-mail=email,Group=groups,Team=org"
# What a spreadsheet may run: = + - @ first (after spaces too, or in fullwidth or small form),
# or a TAB or CR first.
RUNNABLE = re.compile(r"^[\t\r]|^\s*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66\ufe6b]")
# Characters XML 1.0 forbids (DEL and C1 controls are allowed, and kept).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Tags a report may contain: the page's own and those of matplotlib's inline SVG.
PAGE_TAGS = {
    "a", "bdi", "body", "caption", "details", "div", "figcaption", "figure", "footer", "h1",
    "h2", "h3", "head", "header", "html", "li", "main", "meta", "nav", "ol", "p", "section",
    "span", "style", "summary", "table", "tbody", "td", "th", "thead", "title", "tr",
    "svg", "defs", "g", "path", "use", "clippath", "rect", "metadata", "rdf:rdf", "cc:work",
    "dc:type", "dc:format", "dc:date", "dc:creator", "cc:agent", "dc:title",
}  # fmt: skip
# Every command with --format csv, and the same with --format json (same rows, same columns).
CSV_COMMANDS = [
    ["contacts", "--ego"], ["sources"], ["summary"], ["reach"], ["weak-ties", "--top", "100"],
    ["brokerage"], ["brokerage", "--all"], ["circles"], ["circles", "compare"], ["ties"],
    ["ties", "suggest", "--all"], ["intro", "team 1"], ["rules", "apply"],
]  # fmt: skip


def run(*args: str, db: Path | None = None):
    result = CliRunner().invoke(cli, [*(["--db", str(db)] if db else []), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def read(value: str) -> str:
    """A hostile value as it comes back from a graph file: lone surrogates read as U+FFFD
    (netmap.formats), then what XML forbids removed (netmap.graph_xml.clean_text)."""
    return xml_clean(re.sub("[\ud800-\udfff]", "\ufffd", value))


def runnable(cell: str) -> bool:
    """Whether a spreadsheet could run ``cell``: a formula start that is not a plain number."""
    try:
        number = float(cell)
    except ValueError:
        return bool(RUNNABLE.match(cell))
    return number != number or abs(number) == float("inf")  # "-inf" is a formula


def csv_rows(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(r) for r in rows}) == 1, "ragged CSV"
    assert not [c for r in rows for c in r if runnable(c)]
    return rows


def terminal_clean(text: str) -> bool:
    """No control character but LF and TAB, no bidi override or isolate, no surrogate."""
    bad = {"Cc", "Cs"}
    return not [
        c for c in text
        if (unicodedata.category(c) in bad and c not in "\n\t")
        or "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" or c in "\u2028\u2029"
    ]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A workspace: a person per hostile value (its name, organisation and group), four
    shared organisations ``team N`` (inferred ties), a chain of declared ties and tags."""
    from netmap.importers.csvfile import parse_mapping
    from netmap.importing import import_files
    from netmap.people import init_workspace
    from netmap.ties import declare_tie

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Full Name", "Company", "E-mail", "Group", "Team"])
        for i, value in enumerate(IMPORTED.values()):
            writer.writerow([value, value, f"p{i}@example.org", value, f"team {i % 4}"])
    db = folder / "netmap.db"
    with init_workspace(db, "Camille Durand") as store:
        import_files(store, [path], mapping=parse_mapping(MAPPING))
        ids = [r[0] for r in store.conn.execute("SELECT id FROM persons WHERE is_ego = 0")]
        for a, b in zip(sorted(ids)[:30], sorted(ids)[1:31], strict=True):
            declare_tie(store, a, b, strength=2, kind=BY_KEY["h_img"])
    for ref, circle in [(BY_KEY["s_bobby"], "work"), (BY_KEY["mt_double"], "family"),
                        (BY_KEY["t_clear"], BY_KEY["f_dde"])]:  # fmt: skip
        assert run("tag", ref, circle, db=db).exit_code == 0
    return db


@pytest.fixture(scope="module")
def people(db) -> dict[str, str]:
    """Person id -> name, everyone but the ego."""
    from netmap.store import Store

    with Store(db) as store:
        return dict(store.conn.execute("SELECT id, name FROM persons WHERE is_ego = 0"))


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    """A node-link JSON graph whose node ids, names and circles are every hostile value,
    lone surrogates included (JSON's \\ud800 escapes), around the ego ``me``."""
    G = nx.Graph(ego="me")
    G.add_node("me", name="Me")
    values = list(BY_KEY.values())
    for i, value in enumerate(values):
        G.add_node(value, name=value, circles=[value, "family"] if i % 3 else [value])
        G.add_edge("me", value, strength=0.5)
        if i:
            G.add_edge(values[i - 1], value, strength=0.25 + (i % 2) / 2)
    G.add_node("far", name="Far $$ </script>", circles=["$x$"])
    G.add_edge(values[-1], "far", strength=0.5)
    path = tmp_path_factory.mktemp("graph") / "hostile.json"
    path.write_text(json.dumps(nx.node_link_data(G, edges="edges")), encoding="ascii")
    return path


# --------------------------------------------------------------------------------------------
# The list itself


def test_every_hostile_value_says_why_and_keys_are_plain():
    assert len(HOSTILE) == len(BY_KEY) >= 60
    for key, value, why in HOSTILE:
        assert re.fullmatch(r"[a-z]+_[a-z0-9_]+", key) and value and len(why) > 10, key
    assert len(BY_KEY["u_long"]) == 10_000


# --------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("value", list(FORMULA.values()), ids=list(FORMULA))
def test_safe_cell_neutralises_and_unquote_cell_restores(value):
    cell = safe_cell(value)
    assert not runnable(cell)
    assert unquote_cell(cell) == value
    back = list(csv.reader(io.StringIO(render_one(cell), newline="")))
    assert back == [[cell]]


def render_one(cell: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    return buffer.getvalue()


def test_safe_cell_round_trips_every_hostile_value_and_quotes():
    for value in [*BY_KEY.values(), "'", "''=", "'x", "-", "'-0.5"]:
        assert unquote_cell(safe_cell(value)) == value, repr(value)
    assert safe_cell(-1.5) == "-1.5" and safe_cell(" x") == " x"


@pytest.mark.parametrize("args", CSV_COMMANDS, ids=[" ".join(a) for a in CSV_COMMANDS])
def test_command_csv_is_neutralised_and_matches_its_json(db, args):
    text = run(*args, "--format", "csv", db=db).stdout
    data = json.loads(run(*args, "--format", "json", db=db).stdout)
    rows = csv_rows(text)
    assert len(rows) - 1 == len(data)
    if data:
        assert set(rows[0]) <= set(data[0])  # summary's CSV keeps two of its keys


def test_contacts_csv_cells_are_the_names_once_unquoted(db, people):
    rows = csv_rows(run("contacts", "--format", "csv", db=db).stdout)
    names = {row[0]: unquote_cell(row[1]) for row in rows[1:]}
    assert names == people
    formula = next(row[1] for row in rows if unquote_cell(row[1]) == BY_KEY["f_eq"])
    assert formula == "'=1+1"


def test_export_csv_tables_neutralised_one_row_per_node_and_edge(db, tmp_path):
    assert run("export", "--format", "csv", "-o", str(tmp_path / "g.csv"), db=db).exit_code == 0
    nodes = csv_rows((tmp_path / "g.nodes.csv").read_text(encoding="utf-8"))
    edges = csv_rows((tmp_path / "g.edges.csv").read_text(encoding="utf-8"))
    G = json.loads(run("export", "--format", "json", db=db).stdout)
    assert (len(nodes) - 1, len(edges) - 1) == (len(G["nodes"]), len(G["edges"]))
    names = {r[0]: unquote_cell(r[nodes[0].index("name")]) for r in nodes[1:]}
    assert names == {n["id"]: n["name"] for n in G["nodes"]}


def test_contacts_csv_export_is_neutralised_one_row_per_person(db, people, tmp_path):
    out = tmp_path / "c.csv"
    result = run("export", "--format", "contacts-csv", "-o", str(out), db=db)
    if result.exit_code == 2:
        pytest.skip("no contacts-csv export")
    rows = csv_rows(out.read_text(encoding="utf-8-sig"))
    assert len(rows) - 1 == len(people)


def test_dedupe_review_csv_is_neutralised(db, tmp_path):
    from netmap.dedupe import doubtful_pairs
    from netmap.store import Store

    assert run("dedupe", "-o", str(tmp_path / "review.csv"), db=db).exit_code == 0
    rows = csv_rows((tmp_path / "review.csv").read_text(encoding="utf-8"))
    with Store(db) as store:
        assert len(rows) - 1 == len(doubtful_pairs(store)) >= 1


def test_batch_csv_neutralises_ids_and_resume_reads_them_back(tmp_path):
    from netmap.batch import read_done, read_results

    folder = tmp_path / "egos"
    folder.mkdir()
    ids = ["=1+1", "@SUM(1+1)", "-2+3", "+33 6 12 34 56 78", "'=1+1", "\uff1d1+1"]
    for ego in ids:
        nx.write_graphml(nx.star_graph([ego, "a", "b"]), folder / f"{ego}.graphml")
    (folder / "=HYPERLINK(x).graphml").write_text("<!DOCTYPE x><graphml/>", encoding="utf-8")
    out = tmp_path / "r.csv"
    args = ["batch", str(folder), "-o", str(out), "--analyses", "reach", "--jobs", "1"]
    result = run(*args)
    assert result.exit_code == 1 and "1 of 7 ego(s) failed" in result.stderr, result.output
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert len(rows) == 1 + len(ids) + 1
    table = read_results(out)
    assert sorted(table["id"]) == sorted([*ids, "=HYPERLINK(x)"])
    assert read_done(out) == set(ids)
    again = run(*args, "--resume")
    assert again.stderr.startswith(f"Resuming: {len(ids)} ego(s) already done, 1 to run.")


# --------------------------------------------------------------------------------------------
# HTML and Markdown reports


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.bdi, self._in_bdi = set(), [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        self._in_bdi = tag == "bdi"

    def handle_data(self, data):
        if self._in_bdi:
            self.bdi.append(data)
            self._in_bdi = False


def test_html_report_shows_every_name_as_text_and_runs_nothing(db, people, tmp_path):
    out = tmp_path / "r.html"
    targets = ["team 1", BY_KEY["h_script"], BY_KEY["mt_frac"]]
    result = run("report", "-o", str(out), *[a for t in targets for a in ("--target", t)], db=db)
    assert result.exit_code == 0 and terminal_clean(result.stderr)
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "Figure not available" not in html
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html
    assert html.count("<figure") == 6  # network, circles, reach, one per target
    page = _Page()
    page.feed(html)
    assert page.tags <= PAGE_TAGS, page.tags - PAGE_TAGS
    assert not [k for k, _ in page.attrs if k.startswith("on")]
    assert all(v.startswith("#") for k, v in page.attrs if k in ("href", "src", "xlink:href"))
    assert {page_clean(n) for n in people.values()} <= set(page.bdi)
    assert XML_FORBIDDEN.search(html.replace("\t", "")) is None


def test_json_for_html_escapes_and_round_trips_every_value():
    from netmap.report_html import json_for_html

    text = json_for_html(BY_KEY)
    assert not set("<>&\u2028\u2029") & set(text)
    text.encode("utf-8")  # no lone surrogate left
    assert json.loads(text) == BY_KEY


def test_markdown_report_cannot_be_broken_by_a_name(db, people, tmp_path):
    out = tmp_path / "md" / "r.md"
    assert run("report", "-o", str(out), "--target", "team 1", db=db).exit_code == 0
    text = out.read_text(encoding="utf-8")
    figures = re.findall(r"^!\[[^\n]*\]\(r_files/[a-z0-9-]+\.svg\)$", text, re.M)
    assert len(figures) == 4
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["md/r.md", *sorted(f"md/{f.split('(')[1][:-1]}" for f in figures)]
    body = re.sub(r"\\.", "", "\n".join(x for x in text.splitlines() if x not in figures))
    assert not set("<`[]") & set(body)
    for table in re.findall(r"(?:^\|.*\n)+", text, re.M):
        assert len({len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}) == 1
    shown = re.sub(r"\\(.)", r"\1", text)
    assert [n for n in people.values() if " ".join(page_clean(n).split()) not in shown] == []
    mistune = pytest.importorskip("mistune")
    html = mistune.create_markdown(plugins=["table"])(text)
    allowed = {"h1", "h2", "h3", "p", "em", "strong", "blockquote", "img", "table", "thead",
               "tbody", "tr", "th", "td"}  # fmt: skip
    assert set(re.findall(r"<([a-z0-9]+)", html)) <= allowed
    assert (html.count("<em>"), html.count("<img "), html.count("<a ")) == (1, 4, 0)
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        assert len({len(re.findall(r"<t[hd][ >]", row)) for row in rows}) == 1


# --------------------------------------------------------------------------------------------
# GraphML, GEXF, JSON


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_parse_and_hold_every_name_cleaned(db, tmp_path, fmt):
    from netmap.graph import build_graph
    from netmap.store import Store

    out = tmp_path / f"g.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out), db=db).exit_code == 0
    data = out.read_bytes()
    assert XML_FORBIDDEN.search(data.decode("utf-8")) is None
    ET.fromstring(data)
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    with Store(db) as store:
        G = build_graph(store)
    assert {n: d["name"] for n, d in back.nodes(data=True)} == {
        n: xml_clean(d["name"]) for n, d in G.nodes(data=True)
    }
    assert "del\x7fend" in {d["name"] for _, d in back.nodes(data=True)}  # allowed: kept


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_hostile_graph_file_round_trips_exactly_but_for_forbidden_characters(
    graph_file, tmp_path, fmt
):
    from netmap.formats import read_graph

    out = tmp_path / f"g.{fmt}"
    assert run("export", "--graph", str(graph_file), "--format", fmt, "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert XML_FORBIDDEN.search(text) is None
    if fmt == "json":
        assert not set("<>&\u2028\u2029") & set(text)
    back = read_graph(out)
    expected = {read(v): read(v) for v in BY_KEY.values()}
    expected |= {"me": "Me", "far": "Far $$ </script>"}
    assert {n: d["name"] for n, d in back.nodes(data=True)} == expected
    circles = {read(v): [read(v), "family"] if i % 3 else [read(v)]
               for i, v in enumerate(BY_KEY.values())} | {"me": [], "far": ["$x$"]}  # fmt: skip
    assert {n: d["circles"] for n, d in back.nodes(data=True)} == circles


def test_edge_list_and_snap_refuse_hostile_ids_in_one_line(graph_file, tmp_path):
    for fmt in ("edgelist", "snap"):
        result = run("export", "--graph", str(graph_file), "--format", fmt, "-o",
                     str(tmp_path / f"g.{fmt}"))  # fmt: skip
        assert result.exit_code == 1 and "Traceback" not in result.output
        errors = [x for x in result.stderr.splitlines() if not x.startswith("Note: ")]
        assert len(errors) == 1 and errors[0].startswith("Error: "), result.stderr
    assert list(tmp_path.iterdir()) == []


def _xml(fmt: str, doctype: str) -> str:
    root = "graphml" if fmt == "graphml" else "gexf"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<{root}>&x;</{root}>\n'


DTDS = {
    "billion_laughs": '<!DOCTYPE g [<!ENTITY a "lol"><!ENTITY x "&a;&a;&a;&a;&a;&a;">]>',
    "external": '<!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    "parameter": '<!DOCTYPE g [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    "lower_case": '<!doctype g SYSTEM "file:///etc/passwd">',
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("dtd", list(DTDS))
def test_dtd_is_refused_before_any_parser_runs(tmp_path, monkeypatch, fmt, dtd, encoding):
    from netmap.errors import FormatError
    from netmap.formats import read_graph

    def parser_called(*_a, **_k):
        raise AssertionError("the XML parser ran")

    monkeypatch.setattr(nx, "read_graphml", parser_called)
    monkeypatch.setattr(nx, "read_gexf", parser_called)
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(_xml(fmt, DTDS[dtd]).encode(encoding))
    with pytest.raises(FormatError, match="DTD or entity declaration") as info:
        read_graph(path, format=fmt)
    assert "root:" not in str(info.value)


# --------------------------------------------------------------------------------------------
# File names, terminals, figures


def test_safe_filename_keeps_every_value_inside_its_folder(tmp_path):
    used: set[str] = set()
    names = [safe_filename(v, ".svg", used=used) for v in BY_KEY.values()]
    assert len(set(names)) == len(names) == len({n.casefold() for n in names})
    for name in names:
        stem = name[: -len(".svg")]
        assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", stem) and len(stem) <= 64, name
        assert stem.split(".")[0].upper() not in RESERVED_NAMES
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()
    assert [safe_filename(v) for v in PATHISH.values()] == [
        "etc-passwd", "C-Windows-x", "_CON", "_nul.txt", "a-b", "what-now", "hidden",
    ]  # fmt: skip


def test_markdown_figures_named_from_data_stay_in_their_folder(tmp_path):
    from netmap.report_markdown import render_markdown

    blocks = [{"type": "figure", "name": v, "caption": v, "svg": "<svg/>"} for v in BY_KEY.values()]
    section = {"key": "k", "title": "k", "sentence": "", "explanation": "", "blocks": blocks}
    page = {"title": "t", "date": "2025-01-31", "sections": [section]}
    _, files = render_markdown(page, "r_files")
    assert len(files) == len(BY_KEY)
    for path in files:
        assert re.fullmatch(r"r_files/[A-Za-z0-9_][A-Za-z0-9._-]*\.svg", path), path
        assert (tmp_path / path).resolve().parent == (tmp_path / "r_files").resolve()


def test_a_file_name_that_is_not_utf8_is_imported_and_named_with_escapes(db, tmp_path):
    import os

    try:
        path = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.csv")
        Path(path).write_bytes((db.parent / "hostile.csv").read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    fresh = tmp_path / "fresh.db"
    assert run("init", "--me", "Camille", db=fresh).exit_code == 0
    result = run("import", path, "--map", MAPPING, db=fresh)
    assert result.exit_code == 0 and result.stdout.startswith(f"{tmp_path}/caf\\xe9.csv: ")
    sources = json.loads(run("sources", "--format", "json", db=fresh).stdout)
    assert [s["name"] for s in sources] == [f"{tmp_path}/caf\\xe9.csv"]


def test_text_table_shows_escapes_and_controls_as_replacement_characters():
    values = [*TERMINAL.values(), BY_KEY["x_c0"], BY_KEY["x_del"], BY_KEY["u_rlo"],
              BY_KEY["x_surrogate"], BY_KEY["j_ls"], BY_KEY["f_cr"]]  # fmt: skip
    table = text_table([{"name": v} for v in values], ["name"], width=80)
    assert terminal_clean(table)
    assert table.splitlines()[2:5] == ["\ufffd[2Jcleared", "\ufffd]0;owned\ufffdtitle",
                                       "c1\ufffd31mred"]  # fmt: skip


def test_cli_text_outputs_never_write_a_control_character(db, people, tmp_path):
    clear = next(p for p, n in people.items() if n == BY_KEY["t_clear"])
    outputs = [
        run("contacts", db=db).stdout, run("show", clear, db=db).stdout,
        run("ties", db=db).stdout, run("summary", db=db).stdout,
        run("circles", "--person", clear, db=db).stdout,
        run("intro", "team 2", db=db).output, run("tag", clear, BY_KEY["f_dde"], db=db).stdout,
        run("weak-ties", db=db).stdout, run("brokerage", "--all", db=db).stdout,
    ]  # fmt: skip
    fresh = tmp_path / "fresh.db"
    assert run("init", "--me", "Camille", db=fresh).exit_code == 0
    outputs.append(run("import", str(db.parent / "hostile.csv"), "--map", MAPPING, db=fresh).stdout)
    assert "cleared" in outputs[1] and "cleared" in outputs[6] and "Merged:" in outputs[-1]
    assert [i for i, text in enumerate(outputs) if not terminal_clean(text)] == []


def test_data_goes_to_a_pipe_exactly_and_to_a_terminal_made_safe(db, monkeypatch):
    from netmap.cli import _base

    piped = run("contacts", "--format", "csv", db=db).stdout
    monkeypatch.setattr(_base, "_on_terminal", lambda: True)
    shown = run("contacts", "--format", "csv", db=db).stdout
    assert "\x1b[2Jcleared" in piped and not terminal_clean(piped)
    assert "\ufffd[2Jcleared" in shown and terminal_clean(shown)


def _shown(ax) -> list[tuple[str, bool]]:
    """Every text of a figure as matplotlib shows it, and whether it is typeset as maths."""
    texts = [*ax.texts, ax.title, *ax.get_yticklabels()]
    if ax.get_legend():
        texts += [*ax.get_legend().get_texts(), ax.get_legend().get_title()]
    return [t._preprocess_math(t.get_text()) for t in texts]


DRAW = {
    "network": lambda G, t: __import__("netmap.plot").plot.plot_network(G, max_labels=100),
    "circles": lambda G, t: __import__("netmap.plot").plot.plot_circles(G, max_labels=100),
    "reach": lambda G, t: __import__("netmap.plot").plot.plot_reach(G),
    "intro": lambda G, t: __import__("netmap.plot").plot.plot_intro(G, t),
}


@pytest.mark.parametrize("kind", list(DRAW))
def test_figures_of_the_hostile_graph_draw_and_typeset_no_maths(graph_file, tmp_path, kind):
    from netmap import plot
    from netmap.formats import read_graph

    ax = DRAW[kind](read_graph(graph_file), "Far")
    try:
        plot.save(ax, tmp_path / "f.svg")
        assert [s for s, math in _shown(ax) if math] == []
    finally:
        plot.close(ax)


@pytest.mark.parametrize("kind", list(DRAW))
def test_mathtext_names_are_drawn_as_written(kind):
    from netmap import plot

    G = nx.Graph(ego="me")
    for i, name in enumerate(MATHTEXT.values()):
        G.add_node(name, name=name, circles=[name])
        G.add_edge("me", name, strength=0.5)
        G.add_edge(name, f"far{i}", strength=0.5)
    ax = DRAW[kind](G, "far0")
    try:
        shown = {(s.rsplit(" (", 1)[0], math) for s, math in _shown(ax)}  # "(3)": counts
        plot.figure_svg(ax)
    finally:
        plot.close(ax)
    if kind == "intro":
        assert ("$\\frac{1}{0}$", False) in shown  # the route's first step
    else:
        assert {(v, False) for v in MATHTEXT.values()} <= shown


def test_plain_keeps_dollars_and_backslashes_literal():
    from matplotlib.text import Text

    from netmap.plot import plain

    for value in [*MATHTEXT.values(), "a\\$b", "\\", "$"]:
        assert Text(text=plain(value))._preprocess_math(plain(value)) == (value, False)


def test_error_messages_quoting_data_never_write_a_control_character(db):
    result = run("import", f"missing-{BY_KEY['t_clear']}.vcf", db=db)  # the error names the file
    assert result.exit_code == 1
    assert "missing-\ufffd[2Jcleared.vcf: no such file" in result.output
    assert terminal_clean(result.output)
