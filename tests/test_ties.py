"""Ties: the ego's strengths, declared and imported ties, relations between cards."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

import netmap
from netmap.dedupe import split_person
from netmap.people import find_person, person_records
from netmap.ties import (
    declare_tie,
    declared_ties,
    ego_ties,
    import_ties,
    list_ties,
    reject_suggestion,
    related_ties,
    remove_tie,
    unresolved_relations,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ties"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
TODAY = date(2025, 3, 12)
SIGNALS = {"Closeness": "closeness", "Messages": "interactions", "Last seen": "date:last_contact"}
PEOPLE_VCF = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Léa Martin\r\nN:Martin;Léa;;;\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marc Petit\r\nN:Petit;Marc;;;\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jon Petit\r\nN:Petit;Jon;;;\r\nEND:VCARD\r\n"
)


def workspace(tmp_path, *files, mapping=None):
    store = netmap.init_workspace(tmp_path / "w.db", "Camille Durand")
    if files:
        netmap.import_files(store, files, mapping=mapping)
    return store


@pytest.fixture
def people(tmp_path):
    """Léa Martin, Marc Petit and Jon Petit, from a phone with nothing else on them."""
    path = tmp_path / "phone.vcf"
    path.write_text(PEOPLE_VCF, encoding="utf-8", newline="")
    store = workspace(tmp_path, path)
    yield store
    store.close()


def by_name(store, ties):
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    return {names[t.b]: (t.strength, t.evidence) for t in ties}


# -- the ego's ties ----------------------------------------------------------------------
def test_csv_mapping_targets_for_the_ego_tie_signals(tmp_path):
    store = workspace(tmp_path, FIXTURES / "contact-signals.csv", mapping=SIGNALS)
    datas = {
        d["full_name"]: d
        for (d,) in ((json.loads(x),) for (x,) in store.conn.execute("SELECT data FROM records"))
    }
    assert datas["Léa Martin"]["extra"] == {"closeness": ["4"]}
    assert datas["Marc Petit"]["extra"] == {"interactions": ["12"]}
    assert datas["Jon Petit"]["dates"] == {"last_contact": "2024-03-12"}


def test_ego_tie_strength_from_each_basis(tmp_path):
    store = workspace(tmp_path, FIXTURES / "contact-signals.csv", mapping=SIGNALS)
    ties = ego_ties(store, {}, today=TODAY)
    assert {(t.a, t.origin) for t in ties} == {("ego", "ego")}
    assert by_name(store, ties) == {
        "Léa Martin": (0.8, "closeness 4/5 in contact-signals.csv"),
        "Marc Petit": (
            pytest.approx(1 - math.exp(-1.2)),
            "12 interactions in contact-signals.csv",
        ),
        "Jon Petit": (0.5 ** (365 / 365.25), "last contact 2024-03-12, half-life 12 months"),
    }
    six = ego_ties(store, {}, today=TODAY, half_life=6)
    assert by_name(store, six)["Jon Petit"][0] == pytest.approx(0.25, abs=1e-3)


def test_closeness_on_a_0_to_10_scale(tmp_path):
    # a file whose ratings go above 5 is read on a 0-10 scale; "3/5" says its own scale
    store = workspace(tmp_path, FIXTURES / "closeness-0-10.csv")
    assert by_name(store, ego_ties(store, {}, today=TODAY)) == {
        "Léa Martin": (0.7, "closeness 7/10 in closeness-0-10.csv"),
        "Marc Petit": (0.4, "closeness 4/10 in closeness-0-10.csv"),
        "Jon Petit": (0.6, "closeness 3/5 in closeness-0-10.csv"),
    }


def test_linkedin_connection_date_and_the_floor(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Lea,Martin,,,Acme,Intern,12 Mar 2023\n"
        "Marc,Petit,,,Acme,Engineer,01 Jan 2010\n",
        encoding="utf-8",
    )
    store = workspace(tmp_path, path)
    # A connection date can raise the circle default (0.2 in no circle), never lower it.
    assert by_name(store, ego_ties(store, {}, today=TODAY)) == {
        "Lea Martin": (0.5 ** (731 / 365.25), "connected on 2023-03-12, half-life 12 months"),
        "Marc Petit": (0.2, "default (in no circle) (connected on 2010-01-01)"),
    }


def test_default_strength_per_circle(people):
    lea, marc = find_person(people, "Léa"), find_person(people, "Marc")
    circles = {lea: {"work": ["rule"], "family": ["tag"]}, marc: {"chess club": []}}
    assert by_name(people, ego_ties(people, circles, today=TODAY)) == {
        "Léa Martin": (0.8, "default for family"),
        "Marc Petit": (0.3, "default for other"),
        "Jon Petit": (0.2, "default (in no circle)"),
    }


# -- declared ties -----------------------------------------------------------------------
def test_declare_update_and_defaults(people):
    result = declare_tie(people, "Léa Martin", "Marc Petit", strength=3, kind="colleague")
    assert (result["new"], result["a"] < result["b"]) == (True, True)
    assert {result["name_a"], result["name_b"]} == {"Léa Martin", "Marc Petit"}
    declare_tie(people, "Marc", "Jon Petit")
    again = declare_tie(people, "Marc Petit", "Léa", since="2021-09")
    assert again["new"] is False
    ties = {frozenset((t.a, t.b)): t for t in declared_ties(people)}
    lea, marc, jon = (find_person(people, n) for n in ("Léa", "Marc", "Jon Petit"))
    lm, mj = ties[frozenset((lea, marc))], ties[frozenset((marc, jon))]
    assert (lm.origin, lm.strength, lm.kind, lm.since) == ("declared", 0.6, "colleague", "2021-09")
    assert (mj.strength, mj.kind, mj.evidence) == (0.5, "", "declared by you")


@pytest.mark.parametrize(
    ("a", "b", "options", "message"),
    [
        ("Léa", "Léa Martin", {}, "are the same person"),
        ("me", "Léa", {}, "you are tied to every contact already"),
        ("Léa", "Marc", {"strength": 6}, "strength 6 is not between 1 and 5"),
        ("Léa", "Marc", {"since": "last year"}, "since 'last year' is not a year or a date"),
        ("Léa", "Zoé", {}, "no person matches 'Zoé'"),
        ("Léa", "Petit", {}, "2 people match 'Petit'"),
    ],
)
def test_declare_errors(people, a, b, options, message):
    with pytest.raises(netmap.NetmapError, match=re.escape(message)):
        declare_tie(people, a, b, **options)
    assert declared_ties(people) == []


def test_remove_tie(people):
    declare_tie(people, "Léa", "Marc")
    assert remove_tie(people, "Marc", "Léa")["removed"] is True
    assert declared_ties(people) == []
    assert remove_tie(people, "Marc", "Léa")["removed"] is False
    assert people.conn.execute("SELECT COUNT(*) FROM tie_rejections").fetchone() == (1,)


def test_import_ties_with_bad_rows(people):
    F = "ties-bad-rows.csv"
    report = import_ties(people, FIXTURES / F)
    assert (report["read"], report["new"], report["updated"]) == (8, 2, 1)
    assert [(r["line"], r["reason"]) for r in report["rejected"]] == [
        (3, "no person matches 'Zoé Inconnue'"),
        (4, "'Marc Petit' and 'Marc Petit' are the same person: no tie to themselves"),
        (5, "strength '9' is not between 1 and 5"),
        (6, "you are tied to every contact already"),
        (7, "since 'last year' is not a year or a date"),
    ]
    assert report["read"] == report["new"] + report["updated"] + len(report["rejected"])
    names = dict(people.conn.execute("SELECT id, name FROM persons"))
    got = {
        frozenset((names[t.a], names[t.b])): (t.strength, t.kind, t.since, t.evidence)
        for t in declared_ties(people)
    }
    assert got == {
        frozenset(("Léa Martin", "Marc Petit")): (1.0, "colleague", "2023", f"declared in {F}:9"),
        frozenset(("Léa Martin", "Jon Petit")): (0.5, "neighbour", "", f"declared in {F}:8"),
    }


def test_import_ties_semicolons_and_header_spelling(people):
    text = "Person A;Person B;Strength\nLéa Martin;Jon Petit;2\n\n"
    report = import_ties(people, io.StringIO(text), name="t.csv")
    assert (report["file"], report["read"], report["new"], report["rejected"]) == (
        "t.csv", 1, 1, [])  # fmt: skip
    assert [t.strength for t in declared_ties(people)] == [0.4]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "t.csv: the file is empty"),
        ("a,b\nLéa,Marc\n", "t.csv:1: a ties file needs the columns person_a and person_b"),
    ],
)
def test_import_ties_bad_file_imports_nothing(people, text, message):
    with pytest.raises(netmap.NetmapError, match=re.escape(message)):
        import_ties(people, io.StringIO(text), name="t.csv")


def test_import_ties_not_utf8(people, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("person_a,person_b\nLéa Martin,Marc Petit\n".encode("cp1252"))
    with pytest.raises(netmap.NetmapError, match="not valid utf-8"):
        import_ties(people, path)


# -- relations between cards -------------------------------------------------------------
def related_names(store):
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    return {
        frozenset((names[t.a], names[t.b])): (t.kind, t.strength, t.evidence)
        for t in related_ties(store)
    }


def test_spouse_by_name(tmp_path):
    store = workspace(tmp_path, FIXTURES / "spouse-by-name.vcf")
    assert related_names(store) == {
        frozenset(("Philippe Durand", "Sophie Durand")): (
            "spouse", 1.0, "RELATED spouse in spouse-by-name.vcf:1")
    }  # fmt: skip


def test_spouse_by_uid_both_ways_is_one_tie(tmp_path):
    store = workspace(tmp_path, FIXTURES / "spouse-by-uid.vcf")
    ties = related_ties(store)
    assert len(ties) == 1 and ties[0].a < ties[0].b and ties[0].origin == "related"
    assert related_names(store) == {
        frozenset(("Jeanne Roussel", "Michel Roussel")): (
            "spouse",
            1.0,
            "RELATED spouse in spouse-by-uid.vcf:1; RELATED spouse in spouse-by-uid.vcf:8",
        )
    }


def test_relations_to_nobody_are_counted_and_the_ego_skipped(tmp_path):
    store = workspace(tmp_path, FIXTURES / "relation-to-nobody.vcf")
    assert related_names(store) == {
        frozenset(("Paul Durand", "Nathalie Durand")): (
            "mother", 0.8, "RELATED mother in relation-to-nobody.vcf:1")
    }  # fmt: skip
    assert [(u["name"], u["relation"], u["value"], u["where"], u["reason"])
            for u in unresolved_relations(store)] == [
        ("Paul Durand", "friend", "Personne Inconnue", "relation-to-nobody.vcf:1",
         "matches nobody in the workspace"),
    ]  # fmt: skip


def test_ambiguous_relation_is_not_resolved(tmp_path):
    store = workspace(tmp_path, FIXTURES / "relation-ambiguous.vcf")
    assert related_names(store) == {
        frozenset(("Marc Petit", "Léa Martin")): (
            "spouse", 1.0, "RELATED spouse in relation-ambiguous.vcf:1")
    }  # fmt: skip
    split_person(store, "Léa Martin")  # two people named Léa / Lea Martin now
    assert related_names(store) == {}
    (u,) = unresolved_relations(store)
    assert u["reason"] == "matches 2 people: Lea Martin, Léa Martin"


def test_a_rejected_pair_is_not_related(tmp_path):
    store = workspace(tmp_path, FIXTURES / "spouse-by-name.vcf")
    reject_suggestion(store, "Philippe", "Sophie")
    assert related_ties(store) == []


def test_list_ties(tmp_path):
    store = workspace(tmp_path, FIXTURES / "spouse-by-name.vcf", FIXTURES / "spouse-by-uid.vcf")
    declare_tie(store, "Philippe", "Michel", strength=2, kind="neighbour")
    frame = list_ties(store)
    assert frame[["origin", "kind", "strength"]].values.tolist() == [
        ["declared", "neighbour", 0.4],
        ["related", "spouse", 1.0],
        ["related", "spouse", 1.0],
    ]
    assert frame.attrs["unresolved"] == []


# -- the sample data ---------------------------------------------------------------------
def test_sample_relations_resolve_to_the_right_people(tmp_path):
    files = ["phone.vcf", "google.csv", "Connections.csv", "outlook.csv"]
    for name in files:
        shutil.copy(SAMPLES / name, tmp_path / name)
    store = workspace(tmp_path, *(tmp_path / f for f in files))
    owner = {}
    expected = set()
    with (SAMPLES / "truth.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for loc in row["records"].split(";"):
                owner[loc] = row["person_key"]
            for other in re.findall(r"(?:names|points at) (p\d{3})", row["notes"]):
                expected.add(frozenset((row["person_key"], other)))
    truth_of = {}
    for pid, source, line in store.conn.execute(
        "SELECT r.person_id, s.name, r.line FROM records r JOIN sources s ON s.id = r.source_id "
        "WHERE r.person_id IS NOT NULL"
    ):
        truth_of.setdefault(pid, owner[f"{Path(source).name}:{line}"])
    found = {frozenset((truth_of[t.a], truth_of[t.b])) for t in related_ties(store)}
    assert len(expected) == 3
    assert found == expected
    assert unresolved_relations(store) == []
    records = person_records(store)
    assert related_ties(store, records=records) == related_ties(store)
    circles = {pid: {"family": []} for pid in list(records)[:20]}
    assert ego_ties(store, circles, today=TODAY, records=records) == ego_ties(
        store, circles, today=TODAY
    )
