"""The data classes: SourceRecord round trips through plain data."""

from __future__ import annotations

from dataclasses import asdict, fields

from netmap.model import FileParse, Org, Rejection, SourceRecord, Typed


def _full_record() -> SourceRecord:
    return SourceRecord(
        "a.vcf",
        3,
        "vcard-4.0",
        full_name="Léa Martin",
        given="Léa",
        family="Martin",
        nicknames=["Lili"],
        organisations=[Org("Acme", ["R&D", "Lab"])],
        titles=["Intern"],
        emails=[Typed("lea@example.org", ["work"])],
        phones=[Typed("+33 6 39 98 12 34", ["cell"])],
        related=[Typed("Marc Petit", ["colleague"])],
        dates={"anniversary": "2020-01-01"},
        groups=["Stage"],
        extra={"X-FOO": ["bar"]},
        raw={"lines": ["FN:Léa Martin"], "binary": ["PHOTO: 1 KB binary dropped"]},
        repairs=["missing END:VCARD"],
    )


def test_to_dict_equals_asdict():
    record = _full_record()
    assert record.to_dict() == asdict(record)


def test_to_dict_covers_every_field():
    assert set(_full_record().to_dict()) == {f.name for f in fields(SourceRecord)}


def test_to_dict_is_a_copy():
    record = _full_record()
    data = record.to_dict()
    data["raw"]["lines"].append("x")
    data["emails"][0]["types"].append("x")
    assert record.raw["lines"] == ["FN:Léa Martin"]
    assert record.emails[0].types == ["work"]


def test_round_trip():
    record = _full_record()
    assert SourceRecord.from_dict(record.to_dict()) == record


def test_file_parse_read_counts_records_and_rejections():
    parse = FileParse(
        "a.csv", "google-csv", "utf-8", [_full_record()], [Rejection("a.csv", 9, "x")]
    )
    assert parse.read == 2
