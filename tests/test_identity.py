"""Identity matching: keys, verdicts, blocking and the review file."""

from __future__ import annotations

import pytest

from netmap.errors import FormatError
from netmap.identity import (
    BLOCK_LIMIT,
    COMMON_LIMIT,
    Keys,
    Matcher,
    compare,
    read_review,
    record_keys,
)
from netmap.model import SourceRecord, Typed


def rec(name="", emails=(), phones=(), uid="", phone_types=()):
    return SourceRecord(
        "t.vcf",
        1,
        "vcard-3.0",
        full_name=name,
        emails=[Typed(e) for e in emails],
        phones=[Typed(p, list(phone_types)) for p in phones],
        uid=uid,
    )


def test_record_keys_normalise_email_phone_and_name():
    k = record_keys(rec("Léa MARTIN", ["Lea.Martin@Example.org"], ["+33 6 39 98 12 34"]))
    assert k.names == {"lea martin"}
    assert k.emails == {"lea.martin@example.org"}
    assert k.phones == {"+33639981234"}


def test_record_keys_use_region_for_national_numbers():
    assert record_keys(rec("A B", phones=["030 1234567"]), "DE").phones == {"+49301234567"}
    assert record_keys(rec("A B", phones=["06 39 98 12 34"]), "FR").phones == {"+33639981234"}


def test_excel_mangled_phone_gives_no_key():
    assert record_keys(rec("A B", phones=["4.91511E+12"])).phones == set()
    assert (
        record_keys(rec("A B", phones=["+4915112345678"], phone_types=["excel-mangled"])).phones
        == set()
    )


def test_name_made_from_email_is_not_a_name_key():
    assert record_keys(rec("lea@example.org", ["lea@example.org"])).names == set()


def test_uid_key_drops_urn_prefix():
    assert record_keys(rec("A B", uid="urn:uuid:ABC-1")).uids == {"abc-1"}


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        (Keys({"lea martin"}, {"l@x.org"}), Keys({"lea martin"}, {"l@x.org"}), "same"),
        (Keys({"lea martin"}, {"l@x.org"}), Keys({"lea"}, {"l@x.org"}), "same"),
        (Keys({"lea martin"}, {"l@x.org"}), Keys(set(), {"l@x.org"}), "same"),
        (
            Keys({"lea martin"}, phones={"+33639981234"}),
            Keys({"marc petit"}, phones={"+33639981234"}),
            "doubtful",
        ),
        (Keys({"lea martin"}), Keys({"lea martin"}), "same"),
        (Keys({"lea"}), Keys({"lea"}), "doubtful"),
        (Keys({"jon petit"}), Keys({"john petit"}), "doubtful"),
        (Keys({"lea martin"}, uids={"u1"}), Keys({"lea martin"}, uids={"u1"}), "same"),
    ],
)
def test_compare_verdicts(a, b, verdict):
    assert compare(a, b).verdict == verdict


def test_compare_unrelated_is_none():
    assert compare(Keys({"lea martin"}), Keys({"marc petit"})) is None
    assert compare(Keys(), Keys({"marc petit"})) is None


def test_matcher_joins_new_records_to_stored_person():
    m = Matcher()
    m.add("p1", Keys({"lea martin"}, {"l@x.org"}), stored=True)
    m.add("r1", Keys({"lea martin"}, phones={"+33639981234"}))
    m.add("r2", Keys({"lea m"}, phones={"+33639981234"}))
    assert m.group("r1") == "p1"
    assert m.group("r2") == "p1"


def test_matcher_never_joins_two_stored_people():
    m = Matcher()
    m.add("p1", Keys({"lea martin"}, {"a@x.org"}), stored=True)
    m.add("p2", Keys({"lea martin"}, {"b@x.org"}), stored=True)
    m.add("r1", Keys({"lea martin"}, {"a@x.org", "b@x.org"}))
    assert m.group("r1") == "p1"
    assert m.group("p2") == "p2"
    assert any({a, b} == {"r1", "p2"} for a, b, _ in m.doubtful)


def test_matcher_respects_distinct_pairs():
    m = Matcher(distinct=[("p1", "p2")])
    m.add("p1", Keys({"lea martin"}), stored=True)
    m.add("p2", Keys({"lea martinez"}), stored=True)
    m.add("r1", Keys({"lea martin"}))
    assert m.group("r1") == "p1"


def test_matcher_doubtful_pair_is_recorded_not_merged():
    m = Matcher()
    m.add("r1", Keys({"jon petit"}))
    m.add("r2", Keys({"john petit"}))
    assert m.group("r1") != m.group("r2")
    assert [(a, b, x.verdict) for a, b, x in m.doubtful] == [("r2", "r1", "doubtful")]


def test_common_name_block_is_capped():
    m = Matcher()
    for i in range(BLOCK_LIMIT + 5):
        m.add(f"r{i}", Keys({f"marie dupon{chr(97 + i % 26)}{i}"}))
    # Exact-name blocks are searched whatever the fuzzy blocks' size.
    m.add("x", Keys({"marie dupona0"}))
    assert m.group("x") == m.group("r0")


def test_read_review_decisions(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text(
        "decision,score,reason,id_a,name_a,sources_a,id_b,name_b,sources_b\n"
        "same,90,x,p-a,A,,p-b,B,\n"
        ",80,x,p-c,C,,p-d,D,\n"
        "Different,80,x,p-e,E,,p-f,F,\n",
        encoding="utf-8",
    )
    assert read_review(path) == [("same", "p-a", "p-b", 2), ("different", "p-e", "p-f", 4)]


def test_read_review_unknown_decision_names_line(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text("decision,id_a,id_b\nperhaps,p-a,p-b\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"review.csv:2: unknown decision 'perhaps'"):
        read_review(path)


def test_read_review_missing_columns(tmp_path):
    path = tmp_path / "review.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FormatError, match="lacks the column"):
        read_review(path)


def test_a_phone_shared_by_many_people_is_listed_and_no_longer_searched():
    m = Matcher()
    names = [f"{a} {b}" for a in ("lea", "marc", "ines", "paul", "nora", "hugo")
             for b in ("martin", "dubois", "thomas", "robert", "petit", "durand", "leroy",
                       "moreau", "simon", "laurent", "michel", "garcia", "roux", "vincent",
                       "fournier", "girard", "andre", "mercier", "blanc", "guerin", "boyer",
                       "gauthier", "perrin")]  # fmt: skip
    assert len(names) == 138
    for i, name in enumerate(names):
        m.add(f"r{i}", Keys(names={name}, phones={"+33199000000"}))
    assert m.common == {"p:+33199000000": 2 * COMMON_LIMIT + 1}
    pairs = len(m.doubtful)
    m.add("late", Keys(names={"zoe bernard"}, phones={"+33199000000"}))
    assert len(m.doubtful) == pairs  # the switchboard no longer pairs everyone with everyone
    assert m.group("late") == "late"


def test_many_records_of_one_person_are_compared_once_per_group():
    m = Matcher()
    for i in range(1000):
        m.add(f"r{i}", Keys(names={"jean martin"}, emails={f"j{i % 3}@example.org"}))
    assert {m.group(f"r{i}") for i in range(1000)} == {"r0"}
    assert m.common == {} and m.doubtful == []
    assert len(m.blocks["n:jean martin"]) <= 2 * COMMON_LIMIT
