"""Inferred ties: affiliations, Newman's weights, the cap on large ones, what the user decided."""

from __future__ import annotations

import math

import pytest

import netmap
from netmap.people import find_person
from netmap.ties import (
    accept_suggestion,
    accept_suggestions,
    affiliations,
    declare_tie,
    declared_ties,
    inferred_ties,
    reject_suggestion,
    remove_tie,
    suggestions,
)


def card(name, *, org="", unit="", groups=(), adr="", adr_type="HOME", tel="", uid=""):
    """One vCard 3.0 card; ``adr`` is ``street;city;region;postcode;country``."""
    given, family = name.split(" ", 1)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;", f"FN:{name}"]
    if org:
        lines.append(f"ORG:{org};{unit}" if unit else f"ORG:{org}")
    if groups:
        lines.append("CATEGORIES:" + ",".join(groups))
    if adr:
        lines.append(f"ADR;TYPE={adr_type}:;;{adr}")
    if tel:
        lines.append(f"TEL;TYPE=HOME:{tel}")
    if uid:
        lines.append(f"UID:{uid}")
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def make_store(tmp_path, *cards):
    path = tmp_path / "cards.vcf"
    path.write_text("".join(cards), encoding="utf-8", newline="")
    store = netmap.init_workspace(tmp_path / "w.db", "Camille Durand")
    netmap.import_files(store, [path])
    return store


def ids(store, *names):
    return [find_person(store, n) for n in names]


def pairs(ties, store):
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    return {frozenset((names[t.a], names[t.b])): t for t in ties}


@pytest.fixture
def three(tmp_path):
    """Alice and Bruno alone at Acme; Alice, Bruno and Chloé in the chess club."""
    store = make_store(
        tmp_path,
        card("Alice Arnaud", org="Acme", groups=["Chess club"]),
        card("Bruno Bernard", org="ACME", groups=["Chess club"]),
        card("Chloé Colin", groups=["Chess club"]),
    )
    yield store
    store.close()


def test_affiliations_fold_names_and_leave_out_the_ego(three):
    a, b, c = ids(three, "Alice", "Bruno", "Chloé")
    assert affiliations(three) == {"organisation: Acme": {a, b}, "group: Chess club": {a, b, c}}


def test_newman_weights_on_a_hand_computed_example(three):
    ties, large = inferred_ties(three)
    assert large == []
    found = pairs(ties, three)
    ab = found[frozenset(("Alice Arnaud", "Bruno Bernard"))]
    # 1/(2-1) for Acme + 1/(3-1) for the club = 1.5 -> strength 1.0
    assert ab.strength == 1.0
    assert ab.origin == "inferred" and ab.a < ab.b
    assert ab.evidence == "same organisation: Acme; same group: Chess club"
    assert ab.kind == "inferred: organisation, group"
    assert ab.confidence == pytest.approx(1 - (1 - 0.9) * (1 - 1 / math.sqrt(2)))
    ac = found[frozenset(("Alice Arnaud", "Chloé Colin"))]
    assert (ac.strength, ac.evidence) == (0.5, "same group: Chess club")
    assert ac.confidence == pytest.approx(1 / math.sqrt(2))
    assert len(ties) == 3


def test_an_affiliation_above_the_cap_gives_no_pair_and_is_returned(tmp_path):
    store = make_store(
        tmp_path,
        *(card(f"Worker{i:02d} Grand", org="Big Corp") for i in range(60)),
        card("Ana Small", org="Tiny Ltd"),
        card("Ben Small", org="Tiny Ltd", groups=["Big Corp"]),
    )
    ties, large = inferred_ties(store)
    assert large == ["organisation: Big Corp"]
    assert [t.evidence for t in ties] == ["same organisation: Tiny Ltd"]
    assert len(affiliations(store)["organisation: Big Corp"]) == 60
    ties, large = inferred_ties(store, max_affiliation=60)
    assert (len(ties), large) == (60 * 59 // 2 + 1, [])
    assert {t.strength for t in ties} == {1 / 59, 1.0}


def test_the_same_members_count_once(tmp_path):
    store = make_store(
        tmp_path,
        card("Alice Arnaud", org="Acme", unit="R&D", groups=["Équipe R&D"]),
        card("Bruno Bernard", org="Acme", unit="R&D", groups=["Équipe R&D"]),
        card("Chloé Colin", org="Acme", unit="Finance"),
    )
    ties, _ = inferred_ties(store)
    ab = pairs(ties, store)[frozenset(("Alice Arnaud", "Bruno Bernard"))]
    # department and group hold the same two people: one team, weight 1, not 2
    assert ab.strength == 1.0
    assert ab.confidence == pytest.approx(1 - 0.1 * (1 - 1 / math.sqrt(2)))
    assert ab.evidence == (
        "same department: R&D (Acme); same group: Équipe R&D; same organisation: Acme"
    )


def test_family_needs_the_same_family_name_and_address_or_phone(tmp_path):
    store = make_store(
        tmp_path,
        card("Jeanne Roussel", adr="1 avenue des Tilleuls;Lyon;;69003;France"),
        card("Michel Roussel", adr="1 Avenue des Tilleuls;LYON;;69003;FR"),
        card("Paul Roussel", adr="9 rue Haute;Paris;;75001;France", tel="01 99 00 07 83"),
        card("Anne Roussel", tel="+33 1 99 00 07 83"),
        card("Marie Blanc", adr="1 avenue des Tilleuls;Lyon;;69003;France"),
        card("Eric Roussel", adr="1 avenue des Tilleuls;Lyon;;69003;France", adr_type="WORK"),
    )
    labels = {k: len(v) for k, v in affiliations(store).items()}
    assert labels == {
        "family: Roussel @ 1 avenue des Tilleuls, Lyon, 69003, France": 2,
        "family: Roussel @ tel +33199000783": 2,
    }
    found = pairs(inferred_ties(store)[0], store)
    assert set(found) == {
        frozenset(("Jeanne Roussel", "Michel Roussel")),
        frozenset(("Paul Roussel", "Anne Roussel")),
    }


def test_schools_and_system_groups(tmp_path):
    store = make_store(
        tmp_path,
        card("Alice Arnaud", org="École d'ingénieurs de Valmont", groups=["starred"]),
        card("Bruno Bernard", org="Ecole d'Ingenieurs de Valmont", groups=["starred"]),
        card("Chloé Colin", org="Studio Lumen"),
        card("David Dupont", org="Studio Lumen"),
    )
    assert sorted(affiliations(store)) == [
        "organisation: Studio Lumen",
        "school: École d'ingénieurs de Valmont",
    ]
    c, d = ids(store, "Chloé", "David")
    circles = {c: {"studies": []}, d: {"studies": [], "friends": []}}
    assert sorted(affiliations(store, circles)) == [
        "school: Studio Lumen",
        "school: École d'ingénieurs de Valmont",
    ]


def test_rejected_and_declared_pairs_are_left_out(three):
    a, b, c = ids(three, "Alice", "Bruno", "Chloé")
    reject_suggestion(three, "Alice", "Chloé")
    declare_tie(three, "Bruno", "Chloé", strength=2)
    ties, _ = inferred_ties(three)
    assert [(t.a, t.b) for t in ties] == [tuple(sorted((a, b)))]
    ties, _ = inferred_ties(three, declared_too=True)
    assert {(t.a, t.b) for t in ties} == {tuple(sorted(p)) for p in ((a, b), (b, c))}


def test_untie_rejects_the_pair_and_tie_lifts_it(three):
    remove_tie(three, "Alice", "Bruno")
    assert len(inferred_ties(three)[0]) == 2
    declare_tie(three, "Alice", "Bruno")
    remove_tie(three, "Alice", "Bruno")
    assert declared_ties(three) == []
    assert len(inferred_ties(three, declared_too=True)[0]) == 2


def test_min_strength(three):
    ties, _ = inferred_ties(three, min_strength=0.6)
    assert [t.strength for t in ties] == [1.0]


def test_suggestions_are_ranked_and_accepted_ones_become_declared(three):
    frame = suggestions(three)
    assert list(frame.columns) == [
        "rank", "person_a", "name_a", "person_b", "name_b", "strength", "confidence", "evidence"
    ]  # fmt: skip
    assert frame["rank"].tolist() == [1, 2, 3]
    assert frame[["strength", "confidence"]].values.tolist() == [
        [1.0, 0.971],
        [0.5, 0.707],
        [0.5, 0.707],
    ]
    assert {frame["name_a"][0], frame["name_b"][0]} == {"Alice Arnaud", "Bruno Bernard"}
    result = accept_suggestion(three, "Alice", "Bruno")
    assert result["strength"] == 1.0
    (tie,) = declared_ties(three)
    assert (tie.origin, tie.strength) == ("declared", 1.0)
    assert tie.kind == "inferred: organisation, group"
    assert tie.evidence == "same organisation: Acme; same group: Chess club"
    assert len(suggestions(three)) == 2
    with pytest.raises(netmap.NetmapError, match="are not a suggestion"):
        accept_suggestion(three, "Alice", "Bruno")
    assert accept_suggestions(three, top=1) == 1
    assert len(suggestions(three)) == 1
    with pytest.raises(netmap.NetmapError, match="have a declared tie"):
        reject_suggestion(three, "Alice", "Bruno")


def test_large_affiliations_are_listed_with_their_size(tmp_path):
    store = make_store(tmp_path, *(card(f"Member{i} Club", groups=["Club"]) for i in range(4)))
    frame = suggestions(store, max_affiliation=3)
    assert frame.empty
    assert frame.attrs["large"] == {"group: Club": 4}


def test_records_given_by_the_caller_give_the_same_ties(tmp_path):
    from netmap.people import person_records

    store = make_store(
        tmp_path,
        card("Jeanne Roussel", org="Acme", unit="R&D", adr="1 rue A;Lyon;;69003;France"),
        card("Michel Roussel", org="Acme", groups=["Club"], adr="1 rue A;Lyon;;69003;France"),
        card("Chloé Colin", org="Acme", unit="R&D", groups=["Club"], tel="01 99 00 07 83"),
    )
    records = person_records(store)
    assert affiliations(store, records=records) == affiliations(store)
    assert inferred_ties(store, records=records) == inferred_ties(store)
