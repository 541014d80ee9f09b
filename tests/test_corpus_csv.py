"""The CSV importer over the real-world corpus in ../shared/data/csv (see its PROVENANCE.md).

Every file either imports, with each of its data rows accounted for as a record or a
rejection, or is refused with a one-line :class:`~netmap.errors.NetmapError` naming the file.
The table below is the expected outcome per file, so that a change of behaviour shows here.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NamedTuple

import pytest

from netmap.errors import EncodingError, FormatError, NetmapError
from netmap.importers.csvfile import read_csv

pytestmark = pytest.mark.corpus


class Outcome(NamedTuple):
    """What reading one corpus file gives.

    ``result`` is the format name, or the error class and the start of its message.
    ``encoding`` is passed as ``encoding=``; ``codec`` and ``delimiter`` are how the test reads
    the file itself to count its rows; ``rows`` is the count PROVENANCE.md gives;
    ``rejected`` the expected rejections as ``(line, reason)``.
    """

    result: str | tuple[type[NetmapError], str]
    rows: int
    rejected: tuple[tuple[int, str], ...] = ()
    encoding: str | None = None
    codec: str = "utf-8-sig"
    delimiter: str = ","
    preamble: int = 0  # non-empty records before the header (LinkedIn's "Notes:")


_NOT_UTF8 = (EncodingError, "the file is not valid utf-8")
_NO_HEADER = (FormatError, "the header is not one netmap knows")
_NO_NAME = "row has no name, email or phone"

EXPECTED: dict[str, Outcome] = {
    "horde/bug_6311.csv": Outcome("outlook-csv", 1),
    "horde/bug_6370.csv": Outcome("outlook-csv", 1, ((2, _NO_NAME),)),
    "horde/bug_6372.csv": Outcome("outlook-csv", 1, ((2, _NO_NAME),)),
    "kawsay/Connections.csv": Outcome("linkedin-csv", 2, preamble=2),
    "linkedin-analyzer/connections-corpus.csv": Outcome(
        "linkedin-csv",
        220,
        tuple((line, _NO_NAME) for line in (5, 13, 44, 123, 158, 171, 183, 215)),
        preamble=2,
    ),
    "linkedin-analyzer/connections-parity.csv": Outcome(
        "linkedin-csv", 5, ((5, _NO_NAME),), preamble=2
    ),
    "rolomind/google.csv": Outcome("google-csv", 4),
    "rolomind/linkedin.csv": Outcome("linkedin-csv", 5),
    "roundcube/all.csv": Outcome("generic-csv", 1),
    "roundcube/email.csv": Outcome("generic-csv", 4),
    "roundcube/gmail.csv": Outcome("google-csv-legacy", 1),
    "roundcube/outlook.csv": Outcome("outlook-csv", 1),
    "roundcube/tb_plain.csv": Outcome("thunderbird-csv", 1),
    "thunderbird/basic_addressbook.csv": Outcome("thunderbird-csv", 1),
    "thunderbird/basic_csv_addressbook.csv": Outcome("thunderbird-csv", 2),
    "thunderbird/browser-import.csv": Outcome("generic-csv", 1),
    "thunderbird/csv_no_header.csv": Outcome(_NO_HEADER, 1),
    "thunderbird/csv_semicolon.csv": Outcome("thunderbird-csv", 2, delimiter=";"),
    "thunderbird/export.csv": Outcome("thunderbird-csv", 2),
    "thunderbird/export.txt": Outcome("thunderbird-csv", 2, delimiter="\t"),
    "thunderbird/quote.csv": Outcome("thunderbird-csv", 1),
    "thunderbird/shiftjis_addressbook.csv": Outcome(_NOT_UTF8, 1, codec="shift_jis"),
    "thunderbird/tab_comma_mixed.csv": Outcome(_NO_HEADER, 3),
    "thunderbird/utf16_addressbook.csv": Outcome("thunderbird-csv", 1, codec="utf-16"),
    "tine20/google_contacts.csv": Outcome("google-csv-legacy", 5),
    "tine20/import_duplicate_1.csv": Outcome(_NOT_UTF8, 2, codec="latin-1"),
    "tine20/importtest_outlook2013.csv": Outcome(_NOT_UTF8, 2, codec="cp1252"),
    "tine20/importtest_win1252.csv": Outcome(_NOT_UTF8, 4, codec="cp1252", delimiter=";"),
}

WITH_ENCODING: dict[str, Outcome] = {
    "thunderbird/shiftjis_addressbook.csv": Outcome(
        "thunderbird-csv", 1, encoding="shift_jis", codec="shift_jis"
    ),
    "tine20/import_duplicate_1.csv": Outcome("generic-csv", 2, encoding="latin-1", codec="latin-1"),
    # Outlook 2013 leaves out the last three cells of each row: rejected as ragged.
    # Outlook 2013 leaves out the 3 empty cells at the end of each row: padded, with a repair.
    "tine20/importtest_outlook2013.csv": Outcome(
        "outlook-csv-de", 2, encoding="cp1252", codec="cp1252"
    ),
    "tine20/importtest_win1252.csv": Outcome(
        "generic-csv", 4, encoding="cp1252", codec="cp1252", delimiter=";"
    ),
}


def _corpus(shared_data: Path) -> Path:
    return shared_data / "csv"


def _count_rows(path: Path, outcome: Outcome) -> int:
    """Non-empty CSV records after the header, counted here with the stdlib alone."""
    text = path.read_bytes().decode(outcome.codec)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                        delimiter=outcome.delimiter)  # fmt: skip
    non_empty = [r for r in reader if any(c.strip() for c in r)]
    return len(non_empty) - 1 - outcome.preamble


def test_the_table_covers_every_file(shared_data):
    root = _corpus(shared_data)
    found = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.md"
    }
    assert found == set(EXPECTED)


def _check(path: Path, name: str, outcome: Outcome) -> None:
    if isinstance(outcome.result, tuple):
        error, message = outcome.result
        with pytest.raises(error) as err:
            read_csv(path, encoding=outcome.encoding, name=name)
        text = str(err.value)
        assert err.value.message.startswith(message)
        assert text.startswith(f"{name}:") and "\n" not in text
        assert err.value.hint
        return
    parse = read_csv(path, encoding=outcome.encoding, name=name)
    assert parse.format == outcome.result
    assert [(r.line, r.reason) for r in parse.rejected] == list(outcome.rejected)
    assert parse.read == len(parse.records) + len(parse.rejected)
    assert parse.read == outcome.rows
    assert all(r.format == outcome.result and r.source == name for r in parse.records)
    assert all(r.full_name for r in parse.records)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(shared_data, name):
    path = _corpus(shared_data) / name
    outcome = EXPECTED[name]
    assert _count_rows(path, outcome) == outcome.rows
    _check(path, name, outcome)


@pytest.mark.parametrize("name", sorted(WITH_ENCODING))
def test_corpus_file_with_its_encoding(shared_data, name):
    path = _corpus(shared_data) / name
    outcome = WITH_ENCODING[name]
    assert _count_rows(path, outcome) == outcome.rows
    _check(path, name, outcome)


def test_google_legacy_groups_drop_my_contacts(shared_data):
    parse = read_csv(_corpus(shared_data) / "tine20/google_contacts.csv")
    assert [(r.full_name, r.groups) for r in parse.records] == [
        ("Ando", []),
        ("Anna", []),
        ("Anne", []),
        ("axel", ["kunden"]),
        ("Bus Winsen", []),
    ]
    assert parse.records[4].line == 6
    assert parse.records[4].addresses[0].value == "Ring 22, Winsen"


def test_thunderbird_export_keeps_odd_cells(shared_data):
    parse = read_csv(_corpus(shared_data) / "thunderbird/export.csv")
    two = parse.records[1]
    assert (two.line, two.titles, two.notes) == (3, ['"worker"'], ["here's some unicode text…"])
    assert two.extra == {
        "Custom 1": ["custom, 1"],
        "Custom 2": ["custom\t2"],
        "Custom 3": ["custom\r3"],
        "Custom 4": ["custom\n4"],
    }


def test_generic_header_with_title_and_job_title(shared_data):
    """Roundcube's 61-column header: "Title" is the name prefix when "Job Title" is there."""
    (rec,) = read_csv(_corpus(shared_data) / "roundcube/all.csv").records
    assert (rec.prefix, rec.titles, rec.birthday, rec.dates) == (
        "Prefix",
        ["Job Title"],
        "1991-01-20",
        {"anniversary": "1992-02-20"},
    )
    assert [e.types for e in rec.emails] == [["home"], ["work"], ["other"]]
