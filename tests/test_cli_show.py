"""`netmap show`: one person with every source record; finding people by name."""

from __future__ import annotations

import json

from clihelp import imported, run


def test_show_lists_every_source_record(tmp_path):
    db, _ = imported(tmp_path)
    data = json.loads(run(db, "show", "Léa Martin", "--format", "json").output)
    assert data["name"] == "Léa Martin"
    assert data["names"] == ["Léa Martin", "Lea Martin"]
    assert data["titles"] == ["Intern"]
    assert [(r["source"].rsplit("/", 1)[-1], r["line"]) for r in data["source_records"]] == [
        ("phone.vcf", 1),
        ("Connections.csv", 2),
    ]


def test_show_text(tmp_path):
    db, _ = imported(tmp_path)
    out = run(db, "show", "marc").output
    assert out.splitlines()[0].startswith("Marc Petit  (p-")
    assert "Organisations: Acme Industries" in out
    assert "Source records (1):" in out


def test_show_unknown_person_suggests_close_names(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "show", "Lea Martine")
    assert result.exit_code == 1
    assert "no person matches 'Lea Martine'; did you mean 'Léa Martin'" in result.output


def test_show_ambiguous_name_lists_ids(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "show", "petit")
    assert result.exit_code == 1
    assert "3 people match 'petit'" in result.output
    assert "give the id instead of the name" in result.output
