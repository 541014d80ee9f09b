"""`netmap import`: accounting, merges, re-imports, strictness and errors."""

from __future__ import annotations

import json

import pytest
from clihelp import CONNECTIONS_CSV, PHONE_VCF, imported, run, workspace, write


def test_import_accounting_and_merges(tmp_path):
    _, report = imported(tmp_path)
    assert report["read"] == 6
    assert report["read"] == report["new"] + report["merged"] + len(report["rejected"])
    # Léa, Marc, Jon from the phone; John Petit and Ines Roux new; Lea Martin merged.
    assert (report["new"], report["merged"], report["rejected"]) == (5, 1, [])
    assert [(m["name"], m["line"], m["reason"]) for m in report["merges"]] == [
        ("Lea Martin", 2, "same name")
    ]
    assert report["doubtful"] == 1  # Jon Petit / John Petit: similar, never merged silently


def test_import_text_output(tmp_path):
    db = workspace(tmp_path)
    vcf = write(tmp_path, "phone.vcf", PHONE_VCF)
    result = run(db, "import", str(vcf))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "Read 3 records: 3 new, 0 merged into existing people, 0 repaired, 0 rejected."
    )


def test_reimport_unchanged_file_changes_nothing(tmp_path):
    db, _ = imported(tmp_path)
    before = run(db, "contacts", "--format", "json").output
    again = run(db, "import", str(tmp_path / "phone.vcf"), "--format", "json")
    report = json.loads(again.output)
    assert (report["read"], report["new"], report["merged"]) == (0, 0, 0)
    assert report["files"][0]["status"] == "unchanged"
    assert run(db, "contacts", "--format", "json").output == before


def test_reimport_changed_file_replaces_its_records(tmp_path):
    db, _ = imported(tmp_path)
    write(tmp_path, "Connections.csv", CONNECTIONS_CSV.rsplit("Ines", 1)[0])
    result = run(db, "import", str(tmp_path / "Connections.csv"), "--format", "json")
    assert json.loads(result.output)["read"] == 2
    people = json.loads(run(db, "contacts", "--format", "json").output)
    assert "Ines Roux" not in {p["name"] for p in people}
    sources = json.loads(run(db, "sources", "--format", "json").output)
    assert [s["name"].rsplit("/", 1)[-1] for s in sources] == ["phone.vcf", "Connections.csv"]


def test_rejected_row_is_listed_with_file_and_line(tmp_path):
    db = workspace(tmp_path)
    csv = write(tmp_path, "c.csv", CONNECTIONS_CSV + "Only,Two,Cells,Too,Many,Cells,x,y,z\n")
    result = run(db, "import", str(csv), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["read"] == 4
    assert [(r["line"], r["file"].endswith("c.csv")) for r in report["rejected"]] == [(5, True)]


def test_strict_imports_nothing_and_exits_1(tmp_path):
    db = workspace(tmp_path)
    csv = write(tmp_path, "c.csv", CONNECTIONS_CSV + "Only,Two,Cells,Too,Many,Cells,x,y,z\n")
    result = run(db, "import", "--strict", str(csv))
    assert result.exit_code == 1
    assert "1 record rejected, nothing imported (--strict)" in result.output
    assert json.loads(run(db, "contacts", "--format", "json").output) == []


def test_missing_file_is_one_line_error(tmp_path):
    db = workspace(tmp_path)
    result = run(db, "import", str(tmp_path / "nope.vcf"))
    assert result.exit_code == 1
    assert result.output.strip().endswith("nope.vcf: no such file; check the path")
    assert "Traceback" not in result.output


def test_empty_file_is_an_error(tmp_path):
    db = workspace(tmp_path)
    result = run(db, "import", str(write(tmp_path, "empty.vcf", "\n\n")))
    assert result.exit_code == 1
    assert "empty.vcf: the file is empty" in result.output


def test_file_without_contacts_is_an_error(tmp_path):
    db = workspace(tmp_path)
    result = run(db, "import", str(write(tmp_path, "x.vcf", "hello\nworld\n")))
    assert result.exit_code == 1
    assert "x.vcf: no BEGIN:VCARD line, so no card in this file" in result.output


def test_bad_file_stops_the_whole_import_unless_skipped(tmp_path):
    db = workspace(tmp_path)
    good = write(tmp_path, "phone.vcf", PHONE_VCF)
    bad = tmp_path / "book.xlsx"
    bad.write_bytes(b"PK\x03\x04rest of a zip")
    result = run(db, "import", str(good), str(bad))
    assert result.exit_code == 1
    assert "book.xlsx: this is a zip archive" in result.output
    assert json.loads(run(db, "contacts", "--format", "json").output) == []
    result = run(db, "import", "--skip-bad-files", str(good), str(bad), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["new"] == 3
    assert [f["status"] for f in report["files"]] == ["failed", "imported"]


def test_import_from_stdin(tmp_path):
    db = workspace(tmp_path)
    result = run(db, "import", "-", "--format", "json", input=PHONE_VCF)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["new"] == 3


def test_import_without_workspace_says_init(tmp_path):
    result = run(tmp_path / "none.db", "import", str(write(tmp_path, "p.vcf", PHONE_VCF)))
    assert result.exit_code == 1
    assert "run `netmap init" in result.output


def test_ego_card_merges_into_ego(tmp_path):
    db = workspace(tmp_path, me="Léa Martin")
    result = run(db, "import", str(write(tmp_path, "p.vcf", PHONE_VCF)), "--format", "json")
    report = json.loads(result.output)
    assert (report["new"], report["merged"]) == (2, 1)
    shown = json.loads(run(db, "show", "me", "--format", "json").output)
    assert shown["ego"] is True
    assert shown["emails"] == ["lea.martin@example.org"]


def test_person_named_from_phone_takes_the_real_name_later(tmp_path):
    db = workspace(tmp_path)
    nameless = write(
        tmp_path, "a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:06 39 98 11 22\r\nEND:VCARD\r\n"
    )
    named = write(
        tmp_path,
        "b.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Karim Benali\r\nTEL:+33 6 39 98 11 22\r\nEND:VCARD\r\n",
    )
    assert run(db, "import", str(nameless)).exit_code == 0
    assert [p["name"] for p in json.loads(run(db, "contacts", "--format", "json").output)] == [
        "06 39 98 11 22"
    ]
    result = run(db, "import", str(named))
    assert "b.vcf:1: Karim Benali -> 06 39 98 11 22 (same phone +33639981122)" in result.output
    assert [p["name"] for p in json.loads(run(db, "contacts", "--format", "json").output)] == [
        "Karim Benali"
    ]


def _ids(db) -> dict[str, str]:
    return {p["name"]: p["id"] for p in json.loads(run(db, "contacts", "--format", "json").output)}


def test_reimport_changed_file_keeps_the_ids_of_people_found_again(tmp_path):
    db, _ = imported(tmp_path)
    before = _ids(db)
    write(tmp_path, "Connections.csv", CONNECTIONS_CSV.replace("Designer", "Art director"))
    result = run(db, "import", str(tmp_path / "Connections.csv"), "--format", "json")
    report = json.loads(result.output)
    assert (report["read"], report["new"], report["merged"]) == (3, 0, 3)
    assert _ids(db) == before


@pytest.mark.parametrize(
    ("name", "head", "what"),
    [
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3", "a PDF"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.xls?)"),
        ("contacts.vcf", b"SQLite format 3\x00\x10\x00", "an SQLite database"),
    ],
)
def test_a_binary_file_given_as_an_export_is_named_in_one_line(tmp_path, name, head, what):
    db = workspace(tmp_path)
    path = tmp_path / name
    path.write_bytes(head + bytes(range(256)))
    result = run(db, "import", str(path))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: this is {what}, not a contact export; export your contacts as "
        "vCard (.vcf) or CSV and import that file\n"
    )


def test_a_name_on_hundreds_of_cards_is_listed_as_not_used_to_match(tmp_path):
    db = workspace(tmp_path)
    cards = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maman\r\nEMAIL:m{i}@example.org\r\nEND:VCARD\r\n"
        for i in range(300)
    )
    result = run(db, "import", str(write(tmp_path, "maman.vcf", cards)), "--format", "json")
    report = json.loads(result.output)
    assert (report["new"], report["merged"]) == (300, 0)
    assert report["common"] == [{"key": "name", "value": "maman", "people": 129}]
    text = run(db, "import", str(write(tmp_path, "maman2.vcf", cards + cards[:60]))).output
    assert "Not used to match: name maman is shared by 300 or more people" in text
