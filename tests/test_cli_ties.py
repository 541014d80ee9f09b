"""`netmap tie`, `netmap untie` and `netmap ties` (list, import, suggest, accept, reject)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from clihelp import imported, run, write

from netmap.cli import cli

BAD_ROWS = "person_a,person_b,strength\nLéa Martin,Marc Petit,4\nLéa Martin,Zoé,2\n"


@pytest.mark.parametrize("name", ["import", "suggest", "accept", "reject"])
def test_every_ties_command_has_examples(name):
    result = CliRunner().invoke(cli, ["ties", name, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert result.output.rstrip().splitlines()[-1].strip() != "Examples:"


def test_tie_and_untie(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "tie", "Léa Martin", "Marc Petit", "--strength", "3", "--kind", "colleague")
    assert result.exit_code == 0
    assert result.output == (
        "Declared a tie between Léa Martin and Marc Petit (colleague, strength 3/5).\n"
    )
    result = run(db, "tie", "Marc Petit", "Léa Martin", "--since", "2024")
    assert result.output == "Updated the tie between Marc Petit and Léa Martin (since 2024).\n"
    listed = json.loads(run(db, "ties", "--format", "json").stdout)
    assert [(t["origin"], t["kind"], t["strength"], t["since"]) for t in listed] == [
        ("declared", "colleague", 0.6, "2024")
    ]
    result = run(db, "untie", "Léa Martin", "Marc Petit")
    assert result.output == (
        "Removed the tie between Léa Martin and Marc Petit; it will not be suggested again.\n"
    )
    result = run(db, "untie", "Léa Martin", "Marc Petit")
    assert result.output == (
        "No declared tie between Léa Martin and Marc Petit; "
        "they will not be tied or suggested again.\n"
    )
    assert json.loads(run(db, "ties", "--format", "json").stdout) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["tie", "Léa Martin", "Zoé"], 1, "Error: no person matches 'Zoé'"),
        (["tie", "me", "Léa Martin"], 1, "Error: you are tied to every contact already"),
        (["tie", "Léa", "Marc", "--strength", "9"], 2, "9.0 is not in the range 1<=x<=5"),
        (["tie", "Léa", "Marc", "--since", "soon"], 1, "Error: since 'soon' is not a year"),
        (["ties", "accept"], 2, "give two people, or --top N, or --all"),
        (["ties", "accept", "Jon Petit", "Ines"], 1, "are not a suggestion"),
    ],
)
def test_errors(tmp_path, args, code, message):
    db, _ = imported(tmp_path)
    result = run(db, *args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_ties_import_accounting(tmp_path):
    db, _ = imported(tmp_path)
    path = write(tmp_path, "ties.csv", BAD_ROWS)
    result = run(db, "ties", "import", str(path))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{path}: read 2, new 1, updated 0, rejected 1",
        f"  {path}:3: no person matches 'Zoé'",
    ]
    report = json.loads(run(db, "ties", "import", str(path), "--format", "json").stdout)
    assert (report["read"], report["new"], report["updated"]) == (2, 0, 1)
    result = run(db, "ties", "import", "-", input="person_a,person_b\nJon Petit,Ines Roux\n")
    assert result.output.splitlines() == ["<stdin>: read 1, new 1, updated 0, rejected 0"]


ACME = "same organisation: Acme Industries"


def test_suggest_accept_reject(tmp_path):
    db, _ = imported(tmp_path)  # Léa Martin, Marc Petit and Ines Roux are at Acme Industries
    result = run(db, "ties", "suggest", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["rank"], r["strength"], r["confidence"], r["evidence"]) for r in rows] == [
        (1, 0.5, 0.707, ACME), (2, 0.5, 0.707, ACME), (3, 0.5, 0.707, ACME)
    ]  # fmt: skip
    assert {frozenset((r["name_a"], r["name_b"])) for r in rows} == {
        frozenset(p)
        for p in (("Léa Martin", "Ines Roux"), ("Léa Martin", "Marc Petit"),
                  ("Marc Petit", "Ines Roux"))
    }  # fmt: skip
    table = run(db, "ties", "suggest", "--top", "1")
    assert table.stdout.splitlines()[0].split() == [
        "rank", "name_a", "name_b", "strength", "confidence", "evidence"
    ]  # fmt: skip
    assert len(table.stdout.splitlines()) == 3
    assert table.stderr == "1 of 3 suggestion(s) (--top N or --all for more).\n"
    result = run(db, "ties", "reject", "Léa", "Ines")
    assert result.output == "Rejected: Léa Martin and Ines Roux will not be suggested again.\n"
    assert len(json.loads(run(db, "ties", "suggest", "--format", "json").stdout)) == 2
    run(db, "untie", "Léa", "Marc")
    run(db, "tie", "Marc", "Ines")
    assert run(db, "ties", "suggest").stderr.startswith("No suggestions")


def test_accept_makes_a_declared_tie(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "ties", "accept", "Ines Roux", "Léa Martin")
    assert result.exit_code == 0
    assert (
        result.output
        == f"Accepted the tie between Ines Roux and Léa Martin (strength 0.50: {ACME}).\n"
    )
    (tie,) = json.loads(run(db, "ties", "--format", "json").stdout)
    assert (tie["origin"], tie["kind"], tie["evidence"]) == (
        "declared", "inferred: organisation", ACME)  # fmt: skip
    result = run(db, "ties", "accept", "--all")
    assert result.output == "Accepted 2 suggestion(s): they are declared ties now.\n"
    assert len(json.loads(run(db, "ties", "--format", "json").stdout)) == 3


def test_ties_lists_relations_and_those_pointing_at_nobody(tmp_path):
    db, _ = imported(tmp_path)
    vcf = write(
        tmp_path,
        "family.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hugo Durand\r\nN:Durand;Hugo;;;\r\n"
        "X-SPOUSE:Ines Roux\r\nRELATED;TYPE=friend:Personne Inconnue\r\nEND:VCARD\r\n",
    )
    run(db, "import", str(vcf))
    result = run(db, "ties")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["origin", "name_a", "name_b", "kind", "strength", "evidence"]
    assert lines[2].split()[0] == "related"
    assert "RELATED spouse in family.vcf:1" in lines[2]
    assert result.stderr.splitlines() == [
        "1 relation(s) point at nobody (or at several people) in the workspace:",
        "  family.vcf:1: Hugo Durand's friend 'Personne Inconnue' matches nobody in the workspace",
    ]
    csv_out = run(db, "ties", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "origin,person_a,name_a,person_b,name_b,kind,strength,since,evidence"


def test_ties_ego_lists_the_basis_of_each_strength(tmp_path):
    db, _ = imported(tmp_path)
    rows = json.loads(run(db, "ties", "--ego", "--format", "json").stdout)
    ego = {r["name_b"]: (r["strength"], r["evidence"]) for r in rows if r["origin"] == "ego"}
    assert len(ego) == 5 and {r["name_a"] for r in rows} == {"Camille Durand"}
    assert ego["Marc Petit"] == (0.2, "default (in no circle)")
    assert ego["Ines Roux"][1] == "default (in no circle) (connected on 2024-01-01)"
