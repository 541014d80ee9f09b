"""`netmap export`: research files converted without a workspace; the contacts as vCard/CSV."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from clihelp import imported, run, workspace


def tiny(fixtures):
    return str(fixtures / "graphs" / "snap_tiny" / "7")


def test_snap_to_graphml_file(tmp_path, fixtures):
    out = tmp_path / "ego7.graphml"
    result = run(tmp_path / "none.db", "export", "--graph", tiny(fixtures), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}: 6 nodes, 8 edges (graphml).\n"
    G = nx.read_graphml(out)
    assert G.graph["ego"] == "7"
    assert G.nodes["1"]["circles"] == "friends;work"
    assert (G.nodes["1"]["circle_work"], G.nodes["2"]["circle_work"]) == (True, False)
    assert not (tmp_path / "none.db").exists()  # no workspace needed


def test_json_to_stdout(tmp_path, fixtures):
    result = run(tmp_path / "none.db", "export", "--graph", tiny(fixtures), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["graph"]["ego"] == "7"
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 8


def test_format_from_the_output_suffix(tmp_path, fixtures):
    out = tmp_path / "ego7.gexf"
    result = run(tmp_path / "none.db", "export", "--graph", tiny(fixtures), "-o", str(out))
    assert result.exit_code == 0
    assert nx.read_gexf(out).number_of_nodes() == 6


def test_csv_writes_two_files_and_needs_o(tmp_path, fixtures):
    result = run(tmp_path / "none.db", "export", "--graph", tiny(fixtures), "--format", "csv")
    assert result.exit_code == 2
    assert "--format csv writes several files: name them with -o FILE" in result.output
    out = tmp_path / "net.csv"
    result = run(tmp_path / "none.db", "export", "--graph", tiny(fixtures), "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        f"Wrote {tmp_path / 'net.nodes.csv'}, {tmp_path / 'net.edges.csv'}:"
    )
    assert (
        (tmp_path / "net.edges.csv")
        .read_text(encoding="utf-8")
        .startswith("source,target,weight,strength,cost,origin,kind,evidence,confidence\n")
    )


def test_edge_list_with_ego_to_snap(tmp_path, fixtures):
    src = fixtures / "graphs" / "edgelist_self_loop_repeat.txt"
    result = run(
        tmp_path / "none.db", "export", "--graph", str(src), "--ego", "b",
        "--format", "snap", "-o", str(tmp_path / "b"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Note: dropped 1 self-loop(s)",
        "Note: 1 edge(s) listed more than once, kept once",
        f"Wrote {', '.join(str(tmp_path / ('b' + s)) for s in ('.edges', '.circles', '.feat', '.egofeat', '.featnames'))}: 3 nodes, 2 edges (snap).",  # noqa: E501
    ]
    assert (tmp_path / "b.feat").read_text(encoding="utf-8") == "a\nc\n"
    assert (tmp_path / "b.edges").read_text(encoding="utf-8") == ""


def test_pseudonymise_says_what_structure_gives_away(tmp_path, fixtures):
    out = tmp_path / "p.graphml"
    result = run(
        tmp_path / "none.db", "export", "--graph", tiny(fixtures), "-o", str(out), "--pseudonymise"
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1:] == [
        "Pseudonymised: 5 nodes labelled P001..P005 (the ego: EGO); dropped: featnames; "
        "replaced by keyed hashes (HMAC-SHA256, key not kept): features.",
        # by (degree, circles): 1 (3, friends+work), 2 (3, friends), 3 (2, friends),
        # 4 (2, work), 5 (1, family): all alone
        "5 of 5 nodes remain unique by degree and circles (smallest group: 1): structure can "
        "still identify people.",
    ]
    G = nx.read_graphml(out)
    assert sorted(G) == ["EGO", "P001", "P002", "P003", "P004", "P005"]
    assert "school;ESIV" not in out.read_text(encoding="utf-8")


def test_dtd_refused_in_one_line(tmp_path, fixtures):
    src = fixtures / "graphs" / "doctype_billion_laughs.graphml"
    result = run(tmp_path / "none.db", "export", "--graph", str(src), "--format", "json")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {src}: XML with a DTD or entity declaration (<!DOCTYPE or <!ENTITY) is "
        "refused; remove the DOCTYPE line: GraphML and GEXF need none\n"
    )


def test_errors(tmp_path, fixtures):
    db = tmp_path / "none.db"
    result = run(db, "export", "--ego", "a", "-o", str(tmp_path / "x.graphml"))
    assert result.exit_code == 2
    assert "--ego and --input-format go with --graph PATH" in result.output
    result = run(db, "export", "--graph", str(tmp_path / "missing.graphml"))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path / 'missing.graphml'}: no such file; check the path\n",
    )
    result = run(db, "export", "--graph", tiny(fixtures), "--ego", "99")
    assert result.exit_code == 1
    assert "--ego '99' is not a node of the graph" in result.output
    out = tmp_path / "no" / "x.graphml"
    result = run(db, "export", "--graph", tiny(fixtures), "-o", str(out))
    assert result.output == f"Error: {tmp_path / 'no'}: no such folder; create it first\n"


def test_declared_only_drops_inferred_edges_of_a_file(tmp_path):
    G = nx.Graph(ego="a")
    G.add_edge("a", "b", origin="ego", strength=1.0)
    G.add_edge("b", "c", origin="inferred", strength=0.5)
    G.add_edge("a", "c", origin="declared", strength=0.5)
    nx.write_graphml(G, tmp_path / "g.graphml")
    result = run(
        tmp_path / "none.db", "export", "--graph", str(tmp_path / "g.graphml"),
        "--declared-only", "--format", "edgelist",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:] == ["a\tb\t1.0", "a\tc\t0.5"]


# -- the contacts themselves: vCard 4.0 and Google CSV ---------------------------------------


def test_contacts_to_vcf_by_suffix_and_back(tmp_path):
    db, _ = imported(tmp_path)
    assert run(db, "tie", "Léa Martin", "Marc Petit", "--kind", "colleague").exit_code == 0
    out = tmp_path / "contacts.vcf"
    result = run(db, "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}: 5 contacts, 1 relations (vcard).\n"
    text = out.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD\r\nVERSION:4.0\r\n") == 5
    assert "\r\nFN:Léa Martin\r\nN:Martin;Léa;;;\r\n" in text
    (tmp_path / "fresh").mkdir()
    fresh = workspace(tmp_path / "fresh")
    result = run(fresh, "import", str(out))
    assert result.stdout.startswith(f"{out}: vcard, read 5, new 5, merged 0,")
    before = json.loads(run(db, "contacts", "--format", "json").stdout)
    after = json.loads(run(fresh, "contacts", "--format", "json").stdout)
    assert [(c["name"], c["emails"], c["organisations"]) for c in after] == [
        (c["name"], c["emails"], c["organisations"]) for c in before
    ]
    ties = json.loads(run(fresh, "ties", "--format", "json").stdout)
    assert [(t["origin"], t["kind"]) for t in ties] == [("related", "colleague")]


def test_contacts_csv_to_stdout(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "export", "--format", "contacts-csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout_bytes.decode("utf-8").split("\r\n")  # .stdout makes CRLF LF
    assert lines[0].startswith("First Name,Middle Name,Last Name,Phonetic First Name,")
    assert lines[0].endswith(",UID")
    assert len([line for line in lines[1:] if line]) == 5
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("option", "fmt"),
    [
        (["--pseudonymise"], "vcard"),
        (["--declared-only"], "contacts-csv"),
        (["--graph", "g.graphml"], "vcard"),
    ],
)
def test_graph_options_are_refused_with_contact_formats(tmp_path, option, fmt):
    result = run(tmp_path / "none.db", "export", "--format", fmt, *option)
    assert result.exit_code == 2
    assert f"{option[0]} goes with the graph formats, not with --format {fmt}" in result.output


def test_contacts_export_needs_a_workspace(tmp_path):
    result = run(tmp_path / "none.db", "export", "-o", str(tmp_path / "c.vcf"))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no netmap workspace at {tmp_path / 'none.db'}")
    assert not (tmp_path / "c.vcf").exists()


def test_contacts_export_into_a_missing_folder_is_one_line(tmp_path):
    db, _ = imported(tmp_path)
    out = tmp_path / "no" / "c.vcf"
    result = run(db, "export", "-o", str(out))
    assert result.exit_code == 1
    assert result.output == f"Error: no such folder for {out}; create the folder first\n"
    assert not (tmp_path / "no").exists()
