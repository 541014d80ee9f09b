"""netmap circles, tag, untag and rules (show, edit, load, apply) on a small workspace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from clihelp import imported, run, write

RULES = """\
[[rule]]
circle = "internship"
organisation = "Acme Industries"

[[rule]]
circle = "work"
organisation = "Studio Lumen"
"""

TABLE_WITH_RULES = """\
circle      size  by_label  by_rule  by_hand  dunbar_layer
----------  ----  --------  -------  -------  -------------------
internship  3     1         3        0        <= 5 support clique
work        1     0         1        0        <= 5 support clique
(none)      1
"""


@pytest.fixture
def db(tmp_path):
    return imported(tmp_path)[0]


@pytest.fixture
def ruled(tmp_path, db):
    result = run(db, "rules", "load", str(write(tmp_path, "circles.toml", RULES)))
    assert result.exit_code == 0, result.output
    return db


def test_circles_from_labels_alone(db):
    result = run(db, "circles")
    assert result.exit_code == 0
    assert result.stdout == (
        "circle      size  by_label  by_rule  by_hand  dunbar_layer\n"
        "----------  ----  --------  -------  -------  -------------------\n"
        "internship  1     1         0        0        <= 5 support clique\n"
        "(none)      4\n"
    )
    assert result.stderr == (
        "Dunbar's layers (5 / 15 / 50 / 150) are reference bands from the literature "
        "(Dunbar 1998; Zhou et al. 2005), not a norm.\n"
    )


def test_rules_load_then_circles(tmp_path, db):
    path = write(tmp_path, "circles.toml", RULES)
    result = run(db, "rules", "load", str(path))
    assert result.exit_code == 0
    assert result.output == (
        f"Loaded {path}: 2 rules, 0 aliases. See what they match: netmap rules apply\n"
    )
    assert run(db, "circles").stdout == TABLE_WITH_RULES


def test_circles_json(ruled):
    rows = json.loads(run(ruled, "circles", "--format", "json").stdout)
    assert [(r["circle"], r["size"]) for r in rows] == [
        ("internship", 3),
        ("work", 1),
        ("(none)", 1),
    ]
    assert rows[-1]["by_label"] is None


def test_circles_person(ruled):
    result = run(ruled, "circles", "--person", "Léa")
    assert result.exit_code == 0
    assert re.sub(r"p-[0-9a-f]{12}", "ID", result.stdout) == (
        "Léa Martin  (ID)\n"
        "internship  label 'Stage' in phone.vcf\n"
        "            rule 1: organisation 'Acme Industries'\n"
    )
    result = run(ruled, "circles", "--person", "Jon Petit")
    assert result.stdout.splitlines()[1:] == ["in no circle"]
    data = json.loads(run(ruled, "circles", "--person", "John", "--format", "json").stdout)
    assert (data["name"], data["circles"], data["excluded"]) == (
        "John Petit",
        {"work": ["rule 2: organisation 'Studio Lumen'"]},
        [],
    )


def test_circles_members(ruled):
    result = run(ruled, "circles", "--members", "stage", "--format", "csv")
    assert result.exit_code == 0
    rows = [line.split(",", 1)[1] for line in result.stdout.splitlines()]
    assert rows == [
        "name,evidence",
        "Ines Roux,rule 1: organisation 'Acme Industries'",
        "Léa Martin,label 'Stage' in phone.vcf;rule 1: organisation 'Acme Industries'",
        "Marc Petit,rule 1: organisation 'Acme Industries'",
    ]


def test_tag_and_untag(ruled):
    result = run(ruled, "tag", "Jon Petit", "amis", "Climbing")
    assert result.exit_code == 0
    assert result.output == (
        "Jon Petit is in friends (tagged by hand).\nJon Petit is in climbing (tagged by hand).\n"
    )
    assert run(ruled, "tag", "Jon Petit", "friends").output == (
        "Jon Petit was already tagged friends by hand.\n"
    )
    assert run(ruled, "untag", "Jon Petit", "climbing").output == "Jon Petit is out of climbing.\n"
    assert run(ruled, "untag", "Marc", "internship").output == (
        "Marc Petit is out of internship: labels and rules will not put them back.\n"
    )
    result = run(ruled, "circles", "--person", "Marc")
    assert result.stdout.splitlines()[1:] == [
        "in no circle",
        "untagged by hand (labels and rules never add them back): internship",
    ]
    assert run(ruled, "circles").stdout.splitlines()[2:] == [
        "internship  2     1         2        0        <= 5 support clique",
        "work        1     0         1        0        <= 5 support clique",
        "friends     1     0         0        1        <= 5 support clique",
        "(none)      1",
    ]


def test_tag_errors(ruled):
    result = run(ruled, "untag", "Jon Petit", "work")
    assert result.exit_code == 1
    assert result.output == (
        "Error: Jon Petit is not in circle 'work' (their circles: none); "
        'see why with `netmap circles --person "Jon Petit"`\n'
    )
    result = run(ruled, "tag", "Zoé Zola", "work")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no person matches 'Zoé Zola'")
    result = run(ruled, "tag", "Petit", "work")
    assert result.exit_code == 1
    assert result.output.startswith("Error: 3 people match 'Petit'")
    result = run(ruled, "tag", "Léa", "!!")
    assert result.exit_code == 1
    assert result.output.startswith("Error: '!!' is not a circle name")
    assert run(ruled, "tag", "Léa").exit_code == 2


def test_rules_show(tmp_path, db):
    result = run(db, "rules", "show")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "No circle rules yet" in result.stderr
    run(db, "rules", "load", str(write(tmp_path, "circles.toml", RULES)))
    assert run(db, "rules", "show").stdout == RULES


def test_rules_load_invalid_is_refused_with_its_line(tmp_path, ruled):
    bad = write(tmp_path, "bad.toml", RULES + '\n[[rule]]\ncircle = "work"\ntitle = "x"\n')
    result = run(ruled, "rules", "load", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {bad}:11: rule 3: unknown key 'title'; did you mean 'title_keyword'?"
    )
    assert run(ruled, "rules", "show").stdout == RULES  # the earlier rules are kept


def test_rules_load_invalid_toml(tmp_path, db):
    bad = write(tmp_path, "bad.toml", '[[rule]]\ncircle = "work\n')
    result = run(db, "rules", "load", str(bad))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}:2: not valid TOML: ")


def _editor(monkeypatch, text: str | None, seen: list[str]) -> None:
    def edit(filename=None, **_):
        seen.append(Path(filename).read_text(encoding="utf-8"))
        if text is not None:
            Path(filename).write_text(text, encoding="utf-8")

    monkeypatch.setattr(click, "edit", edit)


def test_rules_edit_saves_valid_rules(monkeypatch, db):
    seen: list[str] = []
    _editor(monkeypatch, RULES, seen)
    result = run(db, "rules", "edit")
    assert result.exit_code == 0
    assert result.output == (
        "Saved the rules: 2 rules, 0 aliases. See what they match: netmap rules apply\n"
    )
    assert seen[0].startswith("# netmap circle rules (TOML")  # the template to start from
    assert run(db, "rules", "show").stdout == RULES


def test_rules_edit_refuses_invalid_rules_and_keeps_the_edit(monkeypatch, ruled):
    seen: list[str] = []
    edited = RULES.replace('circle = "work"', 'circle = "wrk"')
    _editor(monkeypatch, edited, seen)
    result = run(ruled, "rules", "edit")
    assert result.exit_code == 1
    assert seen == [RULES]
    kept = re.search(r"your edit is kept in (\S+);", result.output).group(1)
    assert result.output.startswith(f"Error: {kept}:6: rule 2: unknown circle 'wrk'")
    assert Path(kept).read_text(encoding="utf-8") == edited
    Path(kept).unlink()
    assert run(ruled, "rules", "show").stdout == RULES


def test_rules_edit_without_change(monkeypatch, ruled):
    _editor(monkeypatch, None, [])
    result = run(ruled, "rules", "edit")
    assert (result.exit_code, result.output) == (0, "No change.\n")


def test_rules_apply(tmp_path, ruled):
    result = run(ruled, "rules", "apply")
    assert result.exit_code == 0
    assert result.stdout == (
        "rule  circle      conditions                     people  only_by_rules  excluded\n"
        "----  ----------  -----------------------------  ------  -------------  --------\n"
        "1     internship  organisation: Acme Industries  3       2              0\n"
        "2     work        organisation: Studio Lumen     1       1              0\n"
    )
    other = write(tmp_path, "other.toml", '[aliases]\n"Stage" = "work"\n')
    rows = json.loads(run(ruled, "rules", "apply", str(other), "--format", "json").stdout)
    assert rows == [
        {
            "rule": "alias",
            "circle": "work",
            "conditions": "label 'Stage'",
            "people": 1,
            "only_by_rules": 1,
            "excluded": 0,
        }
    ]
    assert run(ruled, "rules", "show").stdout == RULES  # a FILE given to apply is not stored


def test_rules_apply_without_rules(db):
    result = run(db, "rules", "apply")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "No rules or aliases" in result.stderr
