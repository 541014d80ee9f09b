"""Tests of the CSV importer, one small fixture file per edge case (tests/fixtures/csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nameparser import HumanName

from netmap.errors import EncodingError, FormatError, NetmapError, NotFoundError
from netmap.importers.csv_fields import _split_name
from netmap.importers.csvfile import parse_mapping, read_csv
from netmap.model import FileParse, Org, SourceRecord, Typed


def _read(fixtures: Path, name: str, **kwargs: Any) -> FileParse:
    parse = read_csv(fixtures / "csv" / name, name=name, **kwargs)
    assert parse.read == len(parse.records) + len(parse.rejected)
    assert all(r.format == parse.format and r.source == name for r in parse.records)
    return parse


def _record(fmt: str, source: str, **fields: Any) -> dict[str, Any]:
    """The expected ``to_dict()`` of a record: the given fields, defaults elsewhere."""
    data = SourceRecord(source=source, line=fields.pop("line"), format=fmt, **fields).to_dict()
    return data


def _no_raw(record: SourceRecord) -> dict[str, Any]:
    data = record.to_dict()
    del data["raw"]
    return data


def _expect(fmt: str, source: str, **fields: Any) -> dict[str, Any]:
    data = _record(fmt, source, **fields)
    del data["raw"]
    return data


# ---------------------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------------------
def test_google_current_export_with_labels(fixtures):
    name = "google_current_labels.csv"
    parse = _read(fixtures, name)
    assert (parse.format, parse.encoding, parse.rejected) == ("google-csv", "utf-8", [])
    lea, omar = parse.records
    assert _no_raw(lea) == _expect(
        "google-csv",
        name,
        line=2,
        full_name="Léa Martin",
        given="Léa",
        family="Martin",
        prefix="Dr.",
        nicknames=["Lele"],
        organisations=[Org("Acme", ["R&D"])],
        titles=["Engineer"],
        emails=[
            Typed("lea@acme.example", ["work", "pref"]),
            Typed("lea.martin@acme.example", ["work", "pref"]),
            Typed("lea@home.example", ["home"]),
        ],
        phones=[Typed("+33 6 12 34 56 78", ["cell"])],
        addresses=[Typed("12 rue des Lilas, 75011 Paris, France", ["home"])],
        urls=[Typed("https://lea.example", ["blog"])],
        birthday="1985-04-12",
        notes=["Met at climbing"],
        groups=["Climbing", "starred"],
        related=[Typed("Paul Martin", ["spouse"])],
        dates={"anniversary": "2010-06-19"},
    )
    assert lea.raw["Labels"] == "* myContacts ::: Climbing ::: * starred"
    assert lea.raw["Address 1 - Formatted"] == "12 rue des Lilas\n75011 Paris\nFrance"
    assert _no_raw(omar) == _expect(
        "google-csv",
        name,
        line=5,
        full_name="Omar Haddad",
        given="Omar",
        family="Haddad",
        phones=[Typed("+44 20 7946 0000", ["work", "fax"])],
        birthday="--11-03",
        groups=["Work, Paris"],  # a Google label may hold a comma
    )


def test_google_legacy_export_with_multi_values(fixtures):
    name = "google_legacy_multivalue.csv"
    parse = _read(fixtures, name)
    assert parse.format == "google-csv-legacy"
    assert [_no_raw(r) for r in parse.records] == [
        _expect(
            "google-csv-legacy",
            name,
            line=2,
            full_name="Ana Souza",
            given="Ana",
            family="Souza",
            organisations=[Org("Globex", ["Platform"])],
            titles=["CTO"],
            emails=[
                Typed("ana@home.example", ["home", "pref"]),
                Typed("ana@old.example", ["home", "pref"]),
            ],
            phones=[Typed("+55 11 91234-5678", ["cell"]), Typed("+55 11 3333-4444", ["cell"])],
            birthday="1990-02-28",
            groups=["Climbing", "Family"],
        )
    ]


def test_outlook_english(fixtures):
    name = "outlook_en.csv"
    parse = _read(fixtures, name)
    assert parse.format == "outlook-csv"
    assert [_no_raw(r) for r in parse.records] == [
        _expect(
            "outlook-csv",
            name,
            line=2,
            full_name="John Q Smith",
            given="John",
            middle="Q",
            family="Smith",
            prefix="Mr.",
            suffix="Jr.",
            organisations=[Org("Initech", ["IT"])],
            titles=["Manager"],
            emails=[Typed("john.smith@initech.example")],
            phones=[Typed("(555) 010-2000", ["cell"]), Typed("(555) 010-3000", ["work"])],
            addresses=[Typed("1 Main St, Springfield, 12345, United States", ["work"])],
            birthday="1980-05-17",
            groups=["Family", "Golf"],
            related=[Typed("Jane Smith", ["spouse"])],
            extra={
                "E-mail Type": ["SMTP"],
                "E-mail Display Name": ["John Smith (john.smith@initech.example)"],
                "Gender": ["Male"],
            },
        )
    ]
    # Outlook writes 0/0/00 for "no date": nothing in dates, the cell kept in raw
    assert parse.records[0].raw["Anniversary"] == "0/0/00"


def test_outlook_french_with_its_two_titre_columns(fixtures):
    name = "outlook_fr_titre_twice.csv"
    parse = _read(fixtures, name)
    assert parse.format == "outlook-csv-fr"
    (rec,) = parse.records
    assert _no_raw(rec) == _expect(
        "outlook-csv-fr",
        name,
        line=2,
        full_name="Camille Dubois",
        given="Camille",
        family="Dubois",
        prefix="Mme",
        organisations=[Org("Société Générale d'Ingénierie", ["Achats"])],
        titles=["Acheteuse"],
        emails=[Typed("camille.dubois@sgi.example")],
        phones=[Typed("06 12 34 56 78", ["cell"]), Typed("04 72 00 00 00", ["work"])],
        addresses=[Typed("3 place Bellecour, Lyon, 69002, France", ["work"])],
        birthday="1980-05-17",
        groups=["Travail", "Lyon"],
    )
    assert rec.raw["Titre"] == "Mme"
    assert rec.raw["Titre (2)"] == "Acheteuse"


def test_outlook_german(fixtures):
    name = "outlook_de.csv"
    parse = _read(fixtures, name)
    assert parse.format == "outlook-csv-de"
    assert [_no_raw(r) for r in parse.records] == [
        _expect(
            "outlook-csv-de",
            name,
            line=2,
            full_name="Jürgen Weiß",
            given="Jürgen",
            family="Weiß",
            prefix="Herr",
            organisations=[Org("Müller & Söhne GmbH", ["Vertrieb"])],
            titles=["Leiter"],
            emails=[Typed("j.weiss@mueller.example")],
            phones=[Typed("089 123456", ["work"]), Typed("0171 2345678", ["cell"])],
            addresses=[Typed("Hauptstraße 5, München, 80331, Deutschland", ["work"])],
            birthday="1975-03-02",
            groups=["Kunden", "Messe"],
            extra={"E-Mail-Typ": ["SMTP"]},
        )
    ]


def test_linkedin_with_bom_and_notes_preamble(fixtures):
    name = "linkedin_preamble_bom.csv"
    parse = _read(fixtures, name)
    assert (parse.format, parse.encoding, parse.read) == ("linkedin-csv", "utf-8", 2)
    zoe, raj = parse.records
    assert _no_raw(zoe) == _expect(
        "linkedin-csv",
        name,
        line=5,
        full_name="Zoë Ndiaye",
        given="Zoë",
        family="Ndiaye",
        organisations=[Org("Acme, Inc.")],
        titles=["Data Engineer"],
        urls=[Typed("https://www.linkedin.com/in/zoe-ndiaye", ["linkedin"])],
        dates={"connected_on": "2024-03-12"},
    )
    assert (raj.line, raj.emails, raj.dates) == (
        6,
        [Typed("raj@patel.example")],
        {"connected_on": "2019-02-01"},
    )


def test_linkedin_old_column_order_without_preamble(fixtures):
    name = "linkedin_old_order.csv"
    parse = _read(fixtures, name)
    assert parse.format == "linkedin-csv"
    mei, tom = parse.records
    assert (mei.full_name, mei.emails, mei.dates) == (
        "Mei Chen",
        [Typed("mei.chen@example.com")],
        {"connected_on": "2024-01-15"},
    )
    assert (tom.dates, tom.extra, tom.repairs) == (
        {},
        {"Connected On": ["30 Feb 2024"]},
        ["Connected On '30 Feb 2024' is not a valid date; kept in extra"],
    )


def test_thunderbird_birth_parts_and_trailing_comma_header(fixtures):
    name = "thunderbird_birth_parts.csv"
    parse = _read(fixtures, name)
    assert parse.format == "thunderbird-csv"
    ada, charles = parse.records
    assert _no_raw(ada) == _expect(
        "thunderbird-csv",
        name,
        line=2,
        full_name="Ada Lovelace",
        given="Ada",
        family="Lovelace",
        nicknames=["Ada"],
        organisations=[Org("Analytical Engines")],
        titles=["Analyst"],
        emails=[Typed("ada@example.org", ["pref"]), Typed("countess@example.org")],
        phones=[Typed("+44 7700 900123", ["cell"])],
        addresses=[Typed("12 St James's Square, London, SW1Y 4JH, UK", ["home"])],
        birthday="1815-12-10",
    )
    assert charles.birthday == "--12-26"


def test_semicolon_delimiter(fixtures):
    parse = _read(fixtures, "semicolon_generic.csv")
    assert parse.format == "generic-csv"
    (rec,) = parse.records
    assert (rec.full_name, rec.emails, rec.phones, rec.organisations) == (
        "Ines Garcia",
        [Typed("ines@garcia.example")],
        [Typed("+34 600 000 000")],
        [Org("Acme, S.A.")],
    )


def test_tab_delimiter(fixtures):
    parse = _read(fixtures, "tab_generic.csv")
    assert parse.format == "generic-csv"
    (rec,) = parse.records
    assert (rec.full_name, rec.phones, rec.groups) == (
        "Kofi Mensah",
        [Typed("+233 20 000 0000", ["cell"])],
        ["family", "football"],
    )


def test_generic_birthdays_day_first_when_clear_and_ambiguous_kept_aside(fixtures):
    parse = _read(fixtures, "generic_birthdays.csv")
    assert [(r.birthday, r.extra, r.repairs) for r in parse.records] == [
        ("1991-01-20", {}, []),
        (
            "",
            {"Birthday": ["03/04/1990"]},
            ["Birthday '03/04/1990' could be 3 April or 4 March; kept in extra"],
        ),
        ("1988-07-09", {}, []),
        ("1970-12-31", {}, []),
    ]


# ---------------------------------------------------------------------------------------
# Rows: lines, raggedness, quoting, missing names
# ---------------------------------------------------------------------------------------
def test_quoted_newlines_give_the_line_where_the_row_starts(fixtures):
    parse = _read(fixtures, "quoted_newline_lines.csv")
    assert [(r.line, r.full_name) for r in parse.records] == [
        (2, "Ann Lee"),
        (7, "Bob Ray"),
        (8, "Cy Young"),
        (11, "Di Wu"),
    ]
    assert parse.records[0].notes == ["line one\r\nline two\rline three\nline four"]


def test_cr_cr_lf_ends_one_line(fixtures):
    parse = _read(fixtures, "crcrlf_line_ends.csv")
    assert [(r.line, r.full_name) for r in parse.records] == [
        (2, "Ann Lee"),
        (3, "Bob Ray"),  # a name is one line, as the vCard importer reads FN
        (5, "Cy Young"),
    ]


def test_duplicate_header_column_is_an_error_naming_it(fixtures):
    with pytest.raises(FormatError) as err:
        _read(fixtures, "duplicate_header.csv")
    assert str(err.value) == (
        "duplicate_header.csv:1: column 'Email' appears twice in the header (columns 2 and 4); "
        "rename one of the two columns and import again"
    )


def test_ragged_rows_are_rejected_and_empty_surplus_cells_dropped(fixtures):
    name = "ragged_rows.csv"
    parse = _read(fixtures, name)
    assert [(r.line, r.reason) for r in parse.rejected] == [
        (3, "row has 3 cells, header has 4"),
        (4, "row has 5 cells, header has 4"),
    ]
    assert [(r.line, r.full_name, r.repairs) for r in parse.records] == [
        (2, "Ann Lee", []),
        (5, "Di Wu", ["dropped 2 empty cells beyond the header's 4 columns"]),
    ]
    assert parse.read == 4


def test_excel_mangled_phone_is_kept_and_marked(fixtures):
    (rec,) = _read(fixtures, "excel_mangled_phone.csv").records
    assert rec.phones == [Typed("4.91511E+12", ["cell", "excel-mangled"])]
    assert rec.repairs == [
        "phone '4.91511E+12' was turned into a number by a spreadsheet (digits lost); "
        "kept as written"
    ]


def test_rows_without_a_name_take_email_then_phone_else_are_rejected(fixtures):
    name = "missing_names.csv"
    parse = _read(fixtures, name)
    assert [(r.line, r.full_name, r.repairs) for r in parse.records] == [
        (2, "only.email@example.com", ["no name in the row: used the email address as the name"]),
        (3, "+1 555 0199", ["no name in the row: used the phone number as the name"]),
        (
            8,
            "Pat",
            [
                "'NA' in 'Email' is not an email address; kept in extra",
                "'n/a' in 'Phone' has no digits; kept in extra",
            ],
        ),
    ]
    # line 5 (",,,,") and line 6 (blank) are empty rows: skipped, not counted
    assert [(r.line, r.reason) for r in parse.rejected] == [
        (4, "row has no name, email or phone"),
        (7, "row has no name, email or phone"),
    ]
    assert parse.records[2].extra == {"Email": ["NA"], "Phone": ["n/a"]}


def test_unclosed_quote_rejects_the_row_that_opens_it(fixtures):
    parse = _read(fixtures, "unclosed_quote.csv")
    assert [r.line for r in parse.records] == [2]
    assert [(r.line, r.reason) for r in parse.rejected] == [
        (3, "a quote opened in this row is never closed (the file ends on line 4)")
    ]


def test_text_after_a_closing_quote_rejects_only_that_row(fixtures):
    parse = _read(fixtures, "bad_quoting.csv")
    assert [(r.line, r.reason) for r in parse.rejected] == [
        (2, "cannot read the row: ',' expected after '\"'")
    ]
    assert [(r.line, r.full_name) for r in parse.records] == [(3, "Bob Ray")]


def test_every_non_empty_cell_is_kept_in_raw(fixtures):
    path = fixtures / "csv" / "outlook_en.csv"
    (rec,) = read_csv(path).records
    with open(path, encoding="utf-8", newline="") as f:
        header, row = list(csv.reader(f))
    assert rec.raw == {h: v for h, v in zip(header, row, strict=True) if v.strip()}


# ---------------------------------------------------------------------------------------
# --map
# ---------------------------------------------------------------------------------------
def test_mapping_names_the_columns(fixtures):
    mapping = parse_mapping("Nom complet=name,Entreprise=org,Courriel=email,Portable=phone:cell")
    name = "mapping_custom_header.csv"
    parse = _read(fixtures, name, mapping=mapping)
    assert parse.format == "mapped-csv"
    assert [_no_raw(r) for r in parse.records] == [
        _expect(
            "mapped-csv",
            name,
            line=2,
            full_name="Hélène Roy",
            given="Hélène",
            family="Roy",
            organisations=[Org("Acme")],
            emails=[Typed("helene@roy.example")],
            phones=[Typed("+33 6 00 00 00 00", ["cell"])],
            extra={"Remarque": ["vue au salon"]},
        )
    ]


def test_mapping_a_column_the_file_does_not_have(fixtures):
    with pytest.raises(FormatError, match=r"column 'Full Name' given in --map is not in the"):
        _read(fixtures, "mapping_custom_header.csv", mapping={"Full Name": "name"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Full Name", "bad --map entry 'Full Name': expected Column=field"),
        ("=name", "bad --map entry '=name': expected Column=field"),
        ("Full Name=nom", "unknown field 'nom' for column 'Full Name' in --map"),
        ("Full Name=name:work", "--map field 'name' for column 'Full Name' takes no type"),
        ("Met=date", "--map field 'date' for column 'Met' needs a name"),
        ("A=name,A=email", "column 'A' is given twice in --map"),
        (" , ", "--map is empty"),
    ],
)
def test_bad_mapping(text, message):
    with pytest.raises(FormatError) as err:
        parse_mapping(text)
    assert err.value.message == message
    assert err.value.hint


def test_mapping_accepts_types_and_dates():
    assert parse_mapping("Cell=phone:work+cell, Met=date:connected_on,Misc=extra") == {
        "Cell": "phone:work+cell",
        "Met": "date:connected_on",
        "Misc": "extra",
    }


# ---------------------------------------------------------------------------------------
# Whole-file refusals and encodings
# ---------------------------------------------------------------------------------------
def test_unknown_header_points_to_map(fixtures):
    with pytest.raises(FormatError) as err:
        _read(fixtures, "unknown_header.csv")
    assert err.value.line == 1
    assert (
        err.value.message == "the header is not one netmap knows (it starts 'id', 'colour', 'size')"
    )
    assert err.value.hint.startswith("use --map 'Column=field,...'")


def test_cp1252_without_encoding_is_a_clear_error(fixtures):
    with pytest.raises(EncodingError) as err:
        _read(fixtures, "cp1252_generic.csv")
    assert (err.value.file, err.value.line) == ("cp1252_generic.csv", 2)
    assert err.value.message == "the file is not valid utf-8"
    assert "--encoding" in err.value.hint


def test_cp1252_with_encoding(fixtures):
    parse = _read(fixtures, "cp1252_generic.csv", encoding="cp1252")
    assert parse.encoding == "cp1252"
    (rec,) = parse.records
    assert (rec.full_name, rec.organisations) == ("Renée Müller", [Org("Café Größe")])


def test_utf16_with_bom(fixtures):
    parse = _read(fixtures, "utf16_bom.csv")
    assert parse.encoding == "utf-16-le"
    assert [(r.line, r.full_name, r.emails) for r in parse.records] == [
        (2, "Søren Kierkegaard", [Typed("soren@example.dk")])
    ]


def test_utf16_without_bom_is_not_guessed(fixtures):
    with pytest.raises(EncodingError) as err:
        _read(fixtures, "utf16_no_bom.csv")
    assert err.value.hint == "rerun with --encoding utf-16-le"
    parse = _read(fixtures, "utf16_no_bom.csv", encoding="utf-16-le")
    assert [r.full_name for r in parse.records] == ["Søren Kierkegaard"]


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("empty.csv", "no contact found: the file is empty", None),
        ("header_only.csv", "no contact found: the file has a header but no rows", 1),
    ],
)
def test_file_without_contacts(fixtures, name, message, line):
    with pytest.raises(FormatError) as err:
        _read(fixtures, name)
    assert (err.value.message, err.value.line, err.value.file) == (message, line, name)


def test_missing_file(tmp_path):
    with pytest.raises(NotFoundError, match="file not found"):
        read_csv(tmp_path / "nope.csv")


def test_binary_stream_source():
    data = "\ufeffName,Email\r\nAda Lovelace,ada@example.org\r\n".encode()
    parse = read_csv(io.BytesIO(data))
    assert (parse.source, parse.format, parse.records[0].line) == ("<stream>", "generic-csv", 2)


def test_unknown_encoding_name(fixtures):
    with pytest.raises(EncodingError, match="unknown encoding 'klingon'"):
        _read(fixtures, "outlook_en.csv", encoding="klingon")


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "full",
    ["Ada Lovelace", "J. Smith", "Mary-Kate Olsen", "van Gogh", "Sir Martin", "Dr Who",
     "Martin Jr", "Bob II", "Do Kim", "O'Brien Kelly", "Æsop Fontaine", "Ana de la Cruz"],
)  # fmt: skip
def test_split_name_agrees_with_nameparser(full):
    name = HumanName(full)
    assert _split_name(full) == (name.title, name.first, name.middle, name.last, name.suffix)


_CELL = st.text(alphabet=st.sampled_from('ab @,;"\n\r\t\x00é'), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=5), max_size=6))
def test_any_rows_are_accounted_for_and_never_crash(rows):
    """Whatever follows a known header: no traceback, and every non-empty record counted."""
    body = io.StringIO(newline="")
    csv.writer(body, lineterminator="\r\n").writerows([["Name", "Email", "Phone"], *rows])
    text = body.getvalue()
    records = list(csv.reader(io.StringIO(text, newline="")))[1:]
    expected = sum(1 for r in records if any(c.strip() for c in r))
    try:
        parse = read_csv(io.BytesIO(text.encode()), name="fuzz.csv")
    except NetmapError as exc:
        assert expected == 0 and "no contact found" in exc.message
        return
    assert parse.read == expected
    assert all(r.line >= 2 for r in [*parse.records, *parse.rejected])


def test_outlook_short_rows_are_padded_with_a_repair(fixtures):
    # Outlook 2013 leaves out the empty cells at the end of a row; a long row is still rejected.
    parse = _read(fixtures, "outlook_short_rows.csv")
    assert parse.format == "outlook-csv"
    assert [(r.line, r.full_name, r.repairs) for r in parse.records] == [
        (2, "Karl Weber", ["3 empty cell(s) missing at the end of the row, as Outlook writes"])
    ]
    assert [(r.line, r.reason) for r in parse.rejected] == [(3, "row has 8 cells, header has 7")]


def test_a_name_is_one_line_with_single_spaces_as_in_a_vcard():
    # Found by tests/test_properties.py: "Léa<U+2028>Martin" in a CSV and in a vCard gave two
    # names (the vCard importer collapses FN's whitespace), so the person's name depended on
    # which file was imported first.
    data = 'Name,Email\n"Léa\u2028Martin",lea@example.org\n"Ann\u00a0 \tLee ",ann@example.org\n'
    parse = read_csv(io.BytesIO(data.encode("utf-8")), name="names.csv")
    assert [r.full_name for r in parse.records] == ["Léa Martin", "Ann Lee"]


# ---------------------------------------------------------------------------------------
# Found by the fuzz harness (fuzz/fuzz_importers.py) and its checks
# ---------------------------------------------------------------------------------------
def test_cjk_full_name_puts_the_family_name_first(fixtures):
    # The fast path of _split_name read "山田 太郎" as given 山田, family 太郎, where
    # nameparser (and so the vCard importer) says family 山田, given 太郎.
    parse = _read(fixtures, "cjk_family_name_first.csv")
    r = parse.records[0]
    assert (r.full_name, r.given, r.family) == ("山田 太郎", "太郎", "山田")


_NAME_WORD = st.sampled_from(
    ["Ana", "Vi", "IV", "x", "Dott.", "Dr", "J.", "Jr", "de", "y", "O'Neil", "Mary-Jane",
     "Madonna", "Rossi", "Æsop", "Иван", "Ωmega", "山田", "太郎", "김", "민준", "Léa"]
)  # fmt: skip
_NAME = st.one_of(
    st.lists(_NAME_WORD, min_size=1, max_size=3).map(" ".join),
    st.text(alphabet=st.sampled_from(list("abeJDIVXxé'.-Æ山田ЖΩ ")), min_size=1, max_size=14),
)


@given(_NAME)
@settings(max_examples=300, deadline=None)
def test_split_name_fast_path_agrees_with_nameparser(full):
    # Roman numerals ("Ana Vi"), dotted titles ("Dott. Rossi") and CJK names took the fast
    # path and came out differently from nameparser.
    name = HumanName(full)
    assert _split_name(full) == (name.title, name.first, name.middle, name.last, name.suffix)


def test_header_of_40000_columns_is_read_in_linear_time():
    # plan_columns looked for repeats with list slices and list.count: 20 s for this header.
    import time

    header = "Name," + ",".join(f"c{i:x}" for i in range(40_000))
    data = f"{header}\nAda Lovelace,{','.join('1' * 40_000)}\n".encode()
    start = time.perf_counter()
    parse = read_csv(io.BytesIO(data), name="wide.csv")
    assert time.perf_counter() - start < 10  # 0.5 s here: a guard against the blow-up only
    assert (parse.read, len(parse.records[0].extra)) == (1, 40_000)


def test_header_longer_than_the_sample_is_not_cut():
    # find_header looked at the first 256 Ki characters only, cutting a longer header row:
    # its last column got a made-up name ("column020156" became "col") and no row fit it.
    header = "Name,E-mail," + ",".join(f"column{i:06d}" for i in range(25_000))
    assert len(header) > 262_144
    data = f"{header}\nAda Lovelace,ada@example.org{',' * 25_000}last\n".encode()
    parse = read_csv(io.BytesIO(data), name="long-header.csv")
    assert [(r.line, r.full_name) for r in parse.records] == [(2, "Ada Lovelace")]
    assert parse.rejected == []


@given(st.text(alphabet=st.sampled_from(list('a,"\r\n\t')), max_size=40))
@settings(max_examples=200, deadline=None)
def test_iter_lines_reads_as_stringio(text):
    # The rows are read from iter_lines rather than a StringIO copy (4 bytes a character).
    from netmap.importers.csv_header import iter_lines

    assert list(iter_lines(text)) == list(io.StringIO(text, newline=""))


def test_binary_file_is_named_as_the_caller_names_it(tmp_path):
    # Found by the fuzz harness: this one error named the file by its full path, every other
    # one by the name given to read_file.
    from netmap.importers import read_file

    path = tmp_path / "contacts.csv"
    path.write_bytes(b"PK\x03\x04 an xlsx workbook")
    with pytest.raises(FormatError) as info:
        read_file(path, name="contacts.csv")
    assert str(info.value).startswith("contacts.csv: this is a zip archive")


def test_group_cell_with_a_long_run_of_blanks_is_split_in_linear_time():
    # Found by the fuzz harness: the group separator r"\s*:::\s*|\s*[;,]\s*" backtracked
    # over every blank of a run not followed by a separator: 49 s for a 100 KB file.
    import time

    cell = "family; football" + " " * 50_000 + "x"
    data = f"Name,Groups\nAda Lovelace,{cell}\n".encode()
    start = time.perf_counter()
    parse = read_csv(io.BytesIO(data), name="groups.csv")
    assert time.perf_counter() - start < 5  # 0.01 s here: a guard against the blow-up only
    assert parse.records[0].groups == ["family", "football" + " " * 50_000 + "x"]
