"""`netmap sources` and `netmap forget`."""

from __future__ import annotations

import json

from clihelp import imported, run


def test_sources_counts(tmp_path):
    db, _ = imported(tmp_path)
    rows = json.loads(run(db, "sources", "--format", "json").output)
    assert [
        (r["name"].rsplit("/", 1)[-1], r["format"], r["read"], r["new"], r["merged"], r["rejected"])
        for r in rows
    ] == [
        ("phone.vcf", "vcard", 3, 3, 0, 0),
        ("Connections.csv", "linkedin-csv", 3, 2, 1, 0),
    ]


def test_forget_removes_records_and_people_known_only_from_it(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "forget", "Connections.csv")
    assert result.exit_code == 0
    assert result.output.strip().endswith(
        "Connections.csv: 3 records, 2 people known only from it."
    )
    people = json.loads(run(db, "contacts", "--format", "json").output)
    assert [p["name"] for p in people] == ["Jon Petit", "Léa Martin", "Marc Petit"]
    assert people[1]["records"] == 1


def test_forget_by_id_and_unknown(tmp_path):
    db, _ = imported(tmp_path)
    assert run(db, "forget", "1").exit_code == 0
    result = run(db, "forget", "1")
    assert result.exit_code == 1
    assert "no imported source '1'" in result.output
