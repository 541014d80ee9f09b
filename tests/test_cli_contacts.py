"""`netmap contacts`: formats, search, source filter and CSV injection safety."""

from __future__ import annotations

import csv
import io
import json

from clihelp import imported, run, workspace, write


def test_contacts_json_rows(tmp_path):
    db, _ = imported(tmp_path)
    people = json.loads(run(db, "contacts", "--format", "json").output)
    assert [p["name"] for p in people] == [
        "Ines Roux",
        "John Petit",
        "Jon Petit",
        "Léa Martin",
        "Marc Petit",
    ]
    lea = people[3]
    assert lea["emails"] == ["lea.martin@example.org"]
    assert lea["phones"] == ["06 39 98 12 34"]
    assert lea["organisations"] == ["Acme Industries"]
    assert lea["groups"] == ["Stage"]
    assert lea["sources"] == ["phone.vcf", "Connections.csv"]
    assert lea["records"] == 2


def test_contacts_search_ignores_accents_and_case(tmp_path):
    db, _ = imported(tmp_path)
    people = json.loads(run(db, "contacts", "--search", "LEA", "--format", "json").output)
    assert [p["name"] for p in people] == ["Léa Martin"]
    people = json.loads(run(db, "contacts", "--search", "acme", "--format", "json").output)
    assert [p["name"] for p in people] == ["Ines Roux", "Léa Martin", "Marc Petit"]
    people = json.loads(run(db, "contacts", "--search", "9856", "--format", "json").output)
    assert [p["name"] for p in people] == ["Marc Petit"]


def test_contacts_source_filter(tmp_path):
    db, _ = imported(tmp_path)
    out = run(db, "contacts", "--source", "Connections.csv", "--format", "json").output
    assert [p["name"] for p in json.loads(out)] == ["Ines Roux", "John Petit", "Léa Martin"]
    result = run(db, "contacts", "--source", "nope.csv")
    assert result.exit_code == 1
    assert "no imported source 'nope.csv'" in result.output


def test_contacts_ego_flag(tmp_path):
    db, _ = imported(tmp_path)
    people = json.loads(run(db, "contacts", "--ego", "--format", "json").output)
    assert "Camille Durand" in {p["name"] for p in people}


def test_contacts_csv_neutralises_formulas(tmp_path):
    db = workspace(tmp_path)
    vcf = write(
        tmp_path,
        "evil.vcf",
        'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:=HYPERLINK("http://x")\r\n'
        "EMAIL:evil@example.org\r\nEND:VCARD\r\n",
    )
    assert run(db, "import", str(vcf)).exit_code == 0
    out = run(db, "contacts", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'


def test_contacts_output_file_is_written(tmp_path):
    db, _ = imported(tmp_path)
    target = tmp_path / "people.csv"
    result = run(db, "contacts", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == (
        "id,name,emails,phones,organisations,groups,sources,records"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".people.csv")]


def test_contacts_table_has_header(tmp_path):
    db, _ = imported(tmp_path)
    lines = run(db, "contacts").output.splitlines()
    assert lines[0].split() == [
        "id",
        "name",
        "emails",
        "phones",
        "organisations",
        "groups",
        "sources",
        "records",
    ]
    assert len(lines) == 2 + 5
