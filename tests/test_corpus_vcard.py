"""The vCard importer over the real corpus in ../shared/data/vcards: every card accounted for."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from netmap.errors import EncodingError, FormatError
from netmap.importers.vcard import read_vcards
from netmap.model import FileParse, Rejection

pytestmark = pytest.mark.corpus

# Files that are neither UTF-8 nor marked with a byte-order mark, and declare no CHARSET:
# they must fail with a clear EncodingError, then read with the right --encoding.
NEEDS_ENCODING = {
    "roundcube/utf-16_sample.vcf": "utf-16-be",  # UTF-16 without its byte-order mark
    "tine20/HerrFalkMuenchen.vcf": "cp1252",
}
HINTS = {
    "roundcube/utf-16_sample.vcf": (1, "rerun with --encoding utf-16-be"),
    "tine20/HerrFalkMuenchen.vcf": (3, "it looks like cp1252: rerun with --encoding cp1252"),
}

# The cards that cannot be imported: none has a name, an email, a phone, an organisation,
# a nickname or an instant-messaging handle (a birthday, a photo or a URL alone).
REJECTED = [
    ("aosp-android/v21_android_custom_prop.vcf", 1),
    ("kde-kcontacts/v4_0.vcard7.vcf.ref", 1),
    ("kde-kcontacts/vcard7.vcf", 1),
    ("l0b0-vcard-validator/missing_properties.vcf", 1),
    ("node-vcf/old-test-cards/bday_decode.vcard", 1),
    ("node-vcf/old-test-cards/bday_decode_2.vcard", 1),
    ("node-vcf/old-test-cards/empty_tel.vcard", 1),
    ("node-vcf/old-test-cards/ex_bdays.vcard", 1),
    ("node-vcf/old-test-cards/ex_bdays.vcard", 4),
    ("node-vcf/old-test-cards/ex_bdays.vcard", 7),
    ("node-vcf/old-test-cards/nickname0.vcard", 1),
    ("node-vcf/old-test-cards/nickname1.vcard", 1),
    ("node-vcf/old-test-cards/nickname2.vcard", 1),
    ("node-vcf/old-test-cards/url_decode.vcard", 1),
    ("node-vcf/photo-base64.vcf", 1),
    ("sabre-vobject/issue64.vcf", 1),
]

_BEGIN = re.compile(r"(?:[A-Za-z0-9_-]+\.)?BEGIN:VCARD\s*", re.I)


def count_begin_lines(path: Path, encoding: str | None) -> int:
    """BEGIN:VCARD lines (unfolded, maybe with a group prefix), counted without the importer."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        text = data.decode(encoding or "latin-1")
    lines = re.split(r"\r\r\n|\r\n|\r|\n", text)
    return sum(1 for line in lines if _BEGIN.fullmatch(line))


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _read_timed(path: Path, name: str, encoding: str | None = None) -> FileParse:
    started = time.perf_counter()
    try:
        return read_vcards(path, encoding=encoding, name=name)
    finally:
        elapsed = time.perf_counter() - started
        assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"


def test_every_card_of_the_corpus_is_accounted_for(shared_data):
    root = shared_data / "vcards"
    files = _files(root)
    assert len(files) == 297
    total = imported = 0
    rejected: list[Rejection] = []
    not_vcards = []
    for path in files:
        name = path.relative_to(root).as_posix()
        encoding = NEEDS_ENCODING.get(name)
        expected = count_begin_lines(path, encoding)
        total += expected
        if encoding:
            with pytest.raises(EncodingError) as caught:
                _read_timed(path, name)
            assert (caught.value.line, caught.value.hint) == HINTS[name]
        try:
            parse = _read_timed(path, name, encoding)
        except FormatError:
            assert expected == 0, name
            not_vcards.append(name)
            continue
        assert parse.read == expected, name
        assert parse.read == len(parse.records) + len(parse.rejected)
        imported += len(parse.records)
        rejected += parse.rejected
        for record in parse.records:
            assert record.full_name, (name, record.line)
    assert total == 396
    assert imported >= 380
    assert imported == 380
    assert [(r.file, r.line) for r in rejected] == REJECTED
    assert {r.reason for r in rejected} == {"card has no name, email or phone"}
    assert not_vcards == [
        "PROVENANCE.md",
        "apple-ccs-caldavtester/vcarderrors/4.vcf",
        "audriga-jmap/rc-vcard-invalid-card.vcf",
        "evolution-eds/7.vcf",
        "l0b0-vcard-validator/continuation_at_start.vcf",
        "l0b0-vcard-validator/dot_at_line_start.vcf",
        "l0b0-vcard-validator/invalid_begin.vcf",
        "l0b0-vcard-validator/missing_start.vcf",
        "monica/broken_vcard_stub.vcard",
        "node-vcf/old-test-cards/ex1.vcard",
    ]


def test_corpus_quirks(shared_data):
    """A few real files whose reading is checked value by value."""
    root = shared_data / "vcards"

    def first(name: str, encoding: str | None = None):
        return read_vcards(root / name, name=name, encoding=encoding).records[0]

    iphone = first("ez-vcard/John_Doe_IPHONE.vcf")  # CR CR LF, 40 KB photo, Apple labels
    assert iphone.raw["binary"] == ["PHOTO: 32 KB binary dropped"]
    assert iphone.urls[0].types == ["homepage", "pref"]
    outlook = first("ez-vcard/John_Doe_MS_OUTLOOK.vcf")  # 2.1, quoted-printable, X-MS-*
    assert outlook.related[0].value == "Big Blue"
    assert outlook.related[0].types == ["manager"]
    assert outlook.notes[0].startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD")
    assert first("kde-kcontacts/vcard9.vcf").notes == [  # folds split UTF-8 characters
        "Длинный комментарий на русском языке, чтобы в результате получилась строка "
        "более 70 символов."
    ]
    assert first("aosp-android/v21_japanese_1.vcf").full_name == "安藤ロイド"  # its CHARSET
    assert first("roundcube/utf-16_sample.vcf", "utf-16-be").family == "ĽdaMonté"
    assert first("tine20/HerrFalkMuenchen.vcf", "cp1252").family == "München"
    group = first("apple-ccs-caldavtester/sharing-setup-with-groups/g123.vcf")
    assert (group.kind, group.full_name, len(group.members)) == ("group", "Group 123", 3)
    nest = read_vcards(root / "aosp-android/v21_nest.vcf")
    assert [(r.line, r.full_name) for r in nest.records] == [
        (1, "parent"),
        (4, "nest1"),
        (8, "nest2"),
    ]
