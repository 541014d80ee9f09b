"""Circles: the vocabulary, each rule type, hand tags and exclusions, and the sample's truth."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import netmap
from netmap.circle_rules import circle_for_label, circle_slug, load_rules, parse_rules, save_rules
from netmap.circles import (
    circle_members,
    circle_table,
    person_circle_detail,
    person_circles,
    rule_report,
    tag,
    untag,
)
from netmap.errors import FormatError, NetmapError, NotFoundError

RULES = Path(__file__).resolve().parent / "fixtures" / "rules"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"

PHONE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Martin\r\nN:Martin;Léa;;;\r\n"
    "EMAIL:lea.martin@etu.school.example\r\nCATEGORIES:ÉTUDES,Amis\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marc Petit\r\nN:Petit;Marc;;;\r\n"
    "ORG:Acme Industries;R&D\r\nTITLE:Responsable qualité\r\nCATEGORIES:Équipe R&D\r\n"
    "UID:marc-1\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Inès Roux\r\nN:Roux;Inès;;;\r\n"
    "ORG:École Polytechnique\r\nEMAIL:ines.roux@mail.example.org\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Stage Acme\r\nFN:Stage Acme\r\n"
    "X-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:marc-1\r\n"
    "END:VCARD\r\n"
)
CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jon,Petit,https://www.linkedin.com/in/jon-petit,,Studio Lumen,Stagiaire data,01 Jan 2024\n"
)


@pytest.fixture
def store(tmp_path):
    (tmp_path / "phone.vcf").write_text(PHONE, encoding="utf-8", newline="")
    (tmp_path / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8", newline="")
    store = netmap.init_workspace(tmp_path / "w.db", "Camille Durand")
    netmap.import_files(store, [tmp_path / "phone.vcf", tmp_path / "Connections.csv"])
    yield store
    store.close()


def by_name(store, rules=None) -> dict[str, dict[str, list[str]]]:
    """Each person's circles keyed by name, people in no circle left out."""
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    return {names[pid]: c for pid, c in person_circles(store, rules).items() if c}


def fixture(name: str) -> str:
    return (RULES / name).read_text(encoding="utf-8")


# -- the vocabulary ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "circle"),
    [
        ("Études", "studies"),
        ("etudes", "studies"),
        ("ÉTUDES", "studies"),
        ("École", "studies"),
        ("Famille", "family"),
        ("Marraine", "family"),
        ("Amis", "friends"),
        ("Stage", "internship"),
        ("Travail", "work"),
        ("* Coworkers", "work"),
        ("_$!<Mother>!$_", "family"),
        ("_$!<Partner>!$_", "family"),
        ("_$!<Friend>!$_", "friends"),
        ("_$!<Manager>!$_", "work"),
        ("Autres", "other"),
        ("Équipe R&D", None),
        ("Stage Acme", None),
        ("starred", None),
    ],
)
def test_vocabulary_folds_accents_and_case(label, circle):
    assert circle_for_label(label) == circle


def test_circle_names_are_slugs():
    assert [circle_slug(n) for n in ("Famille", "études", "Climbing", "Book club")] == [
        "family",
        "studies",
        "climbing",
        "book-club",
    ]
    with pytest.raises(NetmapError, match="is not a circle name"):
        circle_slug("!!")


LABELS_ONLY = {
    "Léa Martin": {
        "studies": ["label 'ÉTUDES' in phone.vcf"],
        "friends": ["label 'Amis' in phone.vcf"],
    }
}


def test_labels_alone(store):
    assert by_name(store) == LABELS_ONLY


# -- each rule type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("group.toml", {"Marc Petit": {"internship": ["rule 1: group 'Stage Acme'"]}}),
        (
            "organisation.toml",
            {"Marc Petit": {"internship": ["rule 1: organisation 'Acme Industries'"]}},
        ),
        ("school.toml", {"Inès Roux": {"studies": ["rule 1: school 'École Polytechnique'"]}}),
        (
            "email_domain.toml",
            {
                "Léa Martin": {
                    "studies": [
                        "label 'ÉTUDES' in phone.vcf",
                        "rule 1: email domain 'etu.school.example'",
                    ],
                    "friends": ["label 'Amis' in phone.vcf"],
                }
            },
        ),
        (
            "title_keyword.toml",
            {
                "Marc Petit": {"work": ["rule 1: title 'Responsable qualité'"]},
                "Jon Petit": {"work": ["rule 1: title 'Stagiaire data'"]},
            },
        ),
        ("source.toml", {"Jon Petit": {"work": ["rule 1: source 'Connections.csv'"]}}),
        (
            "aliases.toml",
            {"Marc Petit": {"internship": ["label 'Équipe R&D' in phone.vcf (rules alias)"]}},
        ),
        (
            "own_circle.toml",
            {"Inès Roux": {"rock-climbing": ["rule 1: email domain 'mail.example.org'"]}},
        ),
        (
            "all_conditions.toml",
            {
                "Jon Petit": {
                    "work": ["rule 2: organisation 'Studio Lumen', source 'Connections.csv'"]
                }
            },
        ),
    ],
)
def test_each_rule_type(store, rules, expected):
    assert by_name(store, fixture(rules)) == {**LABELS_ONLY, **expected}


def test_rules_are_stored_in_the_workspace_and_used_by_default(store):
    assert load_rules(store).rules == []
    saved = save_rules(store, fixture("organisation.toml"))
    assert [r.describe() for r in saved.rules] == ["organisation: ACME"]
    assert by_name(store)["Marc Petit"] == {
        "internship": ["rule 1: organisation 'Acme Industries'"]
    }
    assert store.get_meta("circle_rules") == fixture("organisation.toml")


# -- invalid rules files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("invalid_toml.toml", 3, "not valid TOML: Unclosed array"),
        ("unknown_key.toml", 8, "rule 2: unknown key 'organization'"),
        ("wrong_type.toml", 3, "rule 1: title_keyword must be a text or a list of texts"),
        ("unknown_circle.toml", 6, "rule 2: unknown circle 'studys'"),
        ("no_condition.toml", 1, "rule 1: no condition, it would put everyone in 'friends'"),
        ("single_bracket.toml", 1, "write each rule as [[rule]], not [rule]"),
    ],
)
def test_invalid_rules_name_the_line_and_rule(name, line, message):
    with pytest.raises(FormatError) as info:
        parse_rules(fixture(name), name)
    assert (info.value.file, info.value.line, info.value.message) == (name, line, message)


def test_unknown_key_suggests_the_right_one():
    with pytest.raises(FormatError) as info:
        parse_rules(fixture("unknown_key.toml"))
    assert info.value.hint.startswith("did you mean 'organisation'?")


def test_invalid_rules_are_not_stored(store):
    save_rules(store, fixture("group.toml"))
    with pytest.raises(FormatError):
        save_rules(store, fixture("unknown_key.toml"))
    assert store.get_meta("circle_rules") == fixture("group.toml")


# -- tagging by hand ---------------------------------------------------------------------


def test_tag_adds_a_circle_of_any_name(store):
    assert tag(store, "Inès", "Famille")["circle"] == "family"
    assert tag(store, "Inès", "Climbing")["changed"] is True
    assert tag(store, "Inès", "climbing")["changed"] is False
    assert by_name(store)["Inès Roux"] == {
        "family": ["tagged by hand"],
        "climbing": ["tagged by hand"],
    }


def test_a_hand_tag_stays_whatever_the_rules_say(store):
    tag(store, "Marc Petit", "internship")
    for rules in ("organisation.toml", "title_keyword.toml", "no rules"):
        text = fixture(rules) if rules.endswith(".toml") else ""
        assert "tagged by hand" in by_name(store, text)["Marc Petit"]["internship"]


def test_untag_a_labelled_circle_records_an_exclusion(store):
    result = untag(store, "Léa Martin", "amis")
    assert (result["circle"], result["excluded"]) == ("friends", True)
    assert by_name(store)["Léa Martin"] == {"studies": ["label 'ÉTUDES' in phone.vcf"]}
    detail = person_circle_detail(store, "Léa")
    assert (detail["circles"], detail["excluded"]) == (
        {"studies": ["label 'ÉTUDES' in phone.vcf"]},
        ["friends"],
    )
    tag(store, "Léa Martin", "friends")  # tagging lifts the exclusion
    assert by_name(store)["Léa Martin"]["friends"] == [
        "label 'Amis' in phone.vcf",
        "tagged by hand",
    ]


def test_untag_a_circle_given_by_a_rule_and_by_hand(store):
    save_rules(store, fixture("organisation.toml"))
    tag(store, "Marc Petit", "internship")
    assert untag(store, "Marc Petit", "internship")["excluded"] is True
    assert "Marc Petit" not in by_name(store)


def test_untag_a_hand_tag_only_records_no_exclusion(store):
    tag(store, "Jon Petit", "climbing")
    assert untag(store, "Jon Petit", "climbing")["excluded"] is False
    assert store.conn.execute("SELECT COUNT(*) FROM circle_exclusions").fetchone() == (0,)


def test_untag_exclusion_survives_imports(store, tmp_path):
    untag(store, "Léa Martin", "friends")
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
        "Léa,Martin,Friends ::: * myContacts,* Other,lea.martin@etu.school.example\n",
        encoding="utf-8",
    )
    netmap.import_files(store, [google, tmp_path / "phone.vcf"])  # phone.vcf: unchanged
    assert "friends" not in by_name(store)["Léa Martin"]
    # A changed phone export replaces its records; Léa is still known from google.csv.
    phone = tmp_path / "phone.vcf"
    phone.write_text(PHONE.replace("CATEGORIES:ÉTUDES,Amis", "CATEGORIES:Amis"), encoding="utf-8")
    netmap.import_files(store, [phone])
    detail = person_circle_detail(store, "Léa Martin")
    assert (detail["circles"], detail["excluded"]) == ({}, ["friends"])


def test_untag_exclusion_survives_a_changed_file_of_a_single_source_person(store, tmp_path):
    untag(store, "Léa Martin", "friends")
    phone = tmp_path / "phone.vcf"
    phone.write_text(PHONE.replace("Léa Martin\r\n", "Léa Martin\r\nNOTE:new\r\n"), "utf-8")
    netmap.import_files(store, [phone])
    assert "friends" not in by_name(store)["Léa Martin"]


def test_after_a_merge_the_later_of_a_tag_and_an_untag_counts(store):
    untag(store, "Léa Martin", "friends")
    tag(store, "Jon Petit", "friends")
    store.conn.execute("UPDATE circle_exclusions SET untagged_at = '2024-01-01T00:00:00+00:00'")
    netmap.merge_people(store, "Léa Martin", "Jon Petit")
    assert by_name(store)["Léa Martin"]["friends"] == [
        "label 'Amis' in phone.vcf",
        "tagged by hand",
    ]


def test_tag_and_untag_errors(store):
    with pytest.raises(NotFoundError, match="no person matches 'Zoé'"):
        tag(store, "Zoé", "friends")
    with pytest.raises(NetmapError, match="you are the ego"):
        tag(store, "Camille Durand", "friends")
    with pytest.raises(NetmapError) as info:
        untag(store, "Marc Petit", "work")
    assert info.value.message == "Marc Petit is not in circle 'work' (their circles: none)"
    with pytest.raises(NetmapError) as info:
        untag(store, "Léa Martin", "work")
    assert info.value.message == (
        "Léa Martin is not in circle 'work' (their circles: studies, friends)"
    )


# -- tables ------------------------------------------------------------------------------


def test_circle_table(store):
    save_rules(store, fixture("title_keyword.toml"))
    tag(store, "Léa Martin", "work")
    rows = circle_table(store).to_dict("records")
    assert rows == [
        {
            "circle": "studies",
            "size": 1,
            "by_label": 1,
            "by_rule": 0,
            "by_hand": 0,
            "dunbar_layer": "<= 5 support clique",
        },
        {
            "circle": "work",
            "size": 3,
            "by_label": 0,
            "by_rule": 2,
            "by_hand": 1,
            "dunbar_layer": "<= 5 support clique",
        },
        {
            "circle": "friends",
            "size": 1,
            "by_label": 1,
            "by_rule": 0,
            "by_hand": 0,
            "dunbar_layer": "<= 5 support clique",
        },
        {
            "circle": "(none)",
            "size": 1,
            "by_label": None,
            "by_rule": None,
            "by_hand": None,
            "dunbar_layer": None,
        },
    ]


def test_rule_report(store):
    text = fixture("aliases.toml") + fixture("title_keyword.toml") + fixture("school.toml")
    save_rules(store, text)
    untag(store, "Inès Roux", "studies")
    assert rule_report(store).to_dict("records") == [
        {
            "rule": "alias",
            "circle": "internship",
            "conditions": "label 'Équipe R&D'",
            "people": 1,
            "only_by_rules": 1,
            "excluded": 0,
        },
        {
            "rule": "1",
            "circle": "work",
            "conditions": "title_keyword: qualite, stagiaire data",
            "people": 2,
            "only_by_rules": 2,
            "excluded": 0,
        },
        {
            "rule": "2",
            "circle": "studies",
            "conditions": "school: any school",
            "people": 1,
            "only_by_rules": 0,
            "excluded": 1,
        },
    ]


def test_circle_members(store):
    save_rules(store, fixture("title_keyword.toml"))
    rows = circle_members(store, "travail").to_dict("records")
    assert [(r["name"], r["evidence"]) for r in rows] == [
        ("Jon Petit", ["rule 1: title 'Stagiaire data'"]),
        ("Marc Petit", ["rule 1: title 'Responsable qualité'"]),
    ]


# -- acceptance: the sample data ---------------------------------------------------------


def test_sample_people_are_in_their_intended_circles(tmp_path):
    """Every record of truth.csv: its person's circles are the generator's, exactly."""
    store = netmap.init_workspace(tmp_path / "w.db", "Camille Durand")
    files = ("phone.vcf", "google.csv", "Connections.csv", "outlook.csv")
    netmap.import_files(store, [SAMPLES / f for f in files])
    save_rules(store, (SAMPLES / "circles.toml").read_text(encoding="utf-8"), "circles.toml")
    circles = person_circles(store)
    where = {
        (Path(source).name, line): pid
        for pid, source, line in store.conn.execute(
            "SELECT r.person_id, s.name, r.line FROM records r JOIN sources s ON s.id = r.source_id"
        )
    }
    wrong = []
    with (SAMPLES / "truth.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        intended = set(row["circles"].split(";"))
        for record in row["records"].split(";"):
            file, _, line = record.rpartition(":")
            got = set(circles[where[(file, int(line))]])
            if got != intended:
                wrong.append((row["full_name"], record, sorted(intended), sorted(got)))
    assert len(rows) == 150
    assert wrong == []
    store.close()
