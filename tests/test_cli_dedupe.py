"""`netmap dedupe`, `dedupe --apply`, `merge` and `split`."""

from __future__ import annotations

import csv
import json

from clihelp import imported, run


def _review(tmp_path, db):
    path = tmp_path / "review.csv"
    result = run(db, "dedupe", "-o", str(path))
    assert result.exit_code == 0, result.output
    with path.open(encoding="utf-8", newline="") as handle:
        return path, list(csv.DictReader(handle))


def test_dedupe_writes_doubtful_pairs(tmp_path):
    db, _ = imported(tmp_path)
    _, rows = _review(tmp_path, db)
    assert [(r["name_a"], r["name_b"], r["reason"], r["decision"]) for r in rows] == [
        ("John Petit", "Jon Petit", "similar names (95%)", "")
    ]


def test_apply_same_merges(tmp_path):
    db, _ = imported(tmp_path)
    path, rows = _review(tmp_path, db)
    rows[0]["decision"] = "same"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run(db, "dedupe", "--apply", str(path))
    assert result.output.strip() == f"Applied {path}: 1 merged, 0 kept apart, 1 decisions read."
    people = json.loads(run(db, "contacts", "--format", "json").output)
    assert len(people) == 4
    assert run(db, "dedupe", "-o", str(tmp_path / "r2.csv")).output.strip() == (
        "No doubtful matches: nothing to review."
    )


def test_apply_different_is_remembered(tmp_path):
    db, _ = imported(tmp_path)
    path, rows = _review(tmp_path, db)
    rows[0]["decision"] = "different"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert "0 merged, 1 kept apart" in run(db, "dedupe", "--apply", str(path)).output
    assert "No doubtful matches" in run(db, "dedupe", "-o", str(tmp_path / "r2.csv")).output


def test_apply_stale_review_names_line_and_changes_nothing(tmp_path):
    db, _ = imported(tmp_path)
    path = tmp_path / "review.csv"
    path.write_text("decision,id_a,id_b\nsame,p-000000000000,p-111111111111\n", encoding="utf-8")
    result = run(db, "dedupe", "--apply", str(path))
    assert result.exit_code == 1
    assert "review.csv:2: no person with id 'p-000000000000'" in result.output


def test_merge_then_split_restores_people(tmp_path):
    db, _ = imported(tmp_path)
    before = sorted(p["name"] for p in json.loads(run(db, "contacts", "--format", "json").output))
    result = run(db, "merge", "Jon Petit", "John Petit")
    assert result.exit_code == 0
    assert result.output.startswith("Merged p-")
    assert len(json.loads(run(db, "contacts", "--format", "json").output)) == 4
    result = run(db, "split", "Jon Petit")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "Split into 2 people:"
    after = sorted(p["name"] for p in json.loads(run(db, "contacts", "--format", "json").output))
    assert after == before
    # Split people are remembered as different: no longer proposed for review.
    assert "No doubtful matches" in run(db, "dedupe", "-o", str(tmp_path / "r.csv")).output


def test_merge_same_person_is_an_error(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "merge", "Marc Petit", "Marc")
    assert result.exit_code == 1
    assert "are the same person already" in result.output


def test_split_single_record_is_an_error(tmp_path):
    db, _ = imported(tmp_path)
    result = run(db, "split", "Marc Petit")
    assert result.exit_code == 1
    assert "has only one source record: nothing to split" in result.output
