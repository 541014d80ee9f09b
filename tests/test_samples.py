"""The fictitious sample data in data/samples/: reproducible, complete and fictitious."""

from __future__ import annotations

import csv
import doctest
import functools
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SCRIPT = ROOT / "scripts" / "make_samples.py"
EXPORTS = ("phone.vcf", "google.csv", "Connections.csv", "outlook.csv")
ALL_FILES = (*EXPORTS, "truth.csv", "README.md")
HAND_WRITTEN = ("circles.toml",)  # not generated: the circle rules for these exports
CIRCLES = {"family", "studies", "internship", "friends", "work"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d ]{8,}\d")


def _load_script():
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@functools.cache
def _truth() -> list[dict[str, str]]:
    with open(SAMPLES / "truth.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _records(row: dict[str, str]) -> list[tuple[str, int]]:
    out = []
    for item in row["records"].split(";"):
        file, _, line = item.rpartition(":")
        out.append((file, int(line)))
    return out


def _vcard_records(path: Path) -> dict[int, str]:
    """Card start line -> the card's unfolded text."""
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    cards, start = {}, 0
    for number, line in enumerate(lines, start=1):
        if line == "BEGIN:VCARD":
            start, body = number, []
        body.append(line)
        if line == "END:VCARD":
            cards[start] = "\r\n".join(body).replace("\r\n ", "")
    return cards


def _csv_records(path: Path) -> dict[int, dict[str, str]]:
    """Row start line -> the row as a dict (a duplicated column keeps its last value)."""
    rows = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = None
        while header is None:
            row = next(reader)
            if row and row[0] in ("First Name", "Titre"):
                header = row
        start = reader.line_num + 1
        for row in reader:
            assert len(row) == len(header), f"{path.name}:{start}: {len(row)} cells"
            rows[start] = dict(zip(header, row, strict=True))
            start = reader.line_num + 1
    return rows


@functools.cache
def _all_records() -> dict[tuple[str, int], str]:
    """(file, line) -> the record's text, for every card and row of the four exports."""
    out = {}
    for line, text in _vcard_records(SAMPLES / "phone.vcf").items():
        out[("phone.vcf", line)] = text
    for name in EXPORTS[1:]:
        for line, row in _csv_records(SAMPLES / name).items():
            out[(name, line)] = ",".join(row.values())
    return out


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("33") else digits


def test_every_file_exists():
    files = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    assert files == sorted((*ALL_FILES, *HAND_WRITTEN))


def test_regenerating_gives_identical_bytes(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    for name in ALL_FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_another_seed_gives_other_people():
    script = _load_script()
    assert script.render_samples(7) != script.render_samples(script.DEFAULT_SEED)
    assert len(script.build_people(7)) == 150


def test_script_doctests():
    result = doctest.testmod(_load_script())
    assert result.attempted > 0
    assert result.failed == 0


def test_truth_has_150_people_with_known_circles():
    truth = _truth()
    assert len(truth) == 150
    assert len({row["person_key"] for row in truth}) == 150
    for row in truth:
        assert set(row["circles"].split(";")) <= CIRCLES, row
    family = [row["full_name"] for row in truth if "family" in row["circles"].split(";")]
    assert len(family) == 16


def test_every_card_and_row_belongs_to_exactly_one_person():
    records = _all_records()
    claimed = [record for row in _truth() for record in _records(row)]
    assert len(claimed) == len(set(claimed))
    groups = {k for k, text in records.items() if "X-ADDRESSBOOKSERVER-KIND:group" in text}
    assert groups == {("phone.vcf", max(line for f, line in records if f == "phone.vcf"))}
    assert set(claimed) == set(records) - groups
    per_file = {name: sum(f == name for f, _ in records) for name in EXPORTS}
    assert per_file == {
        "phone.vcf": 106,
        "google.csv": 60,
        "Connections.csv": 72,
        "outlook.csv": 32,
    }


def test_vobject_reads_every_card():
    vobject = pytest.importorskip("vobject")
    text = (SAMPLES / "phone.vcf").read_text(encoding="utf-8")
    cards = list(vobject.readComponents(text))
    assert len(cards) == 106
    assert sum("fn" not in card.contents for card in cards) == 1  # the phone-only card


def test_export_headers_look_like_the_real_ones():
    google = (SAMPLES / "google.csv").read_bytes()
    assert google.startswith(b"First Name,Middle Name,Last Name,Phonetic First Name,")
    assert b"Labels,E-mail 1 - Label,E-mail 1 - Value" in google
    linkedin = (SAMPLES / "Connections.csv").read_bytes().decode("utf-8").split("\n")
    assert linkedin[0] == "\ufeffNotes:"
    assert linkedin[2] == ""
    assert linkedin[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    outlook = (SAMPLES / "outlook.csv").read_bytes().decode("utf-8").split("\r\n")[0]
    assert outlook.startswith('\ufeff"Titre","Prénom","Deuxième prénom","Nom","Suffixe",')
    assert outlook.count('"Titre"') == 2
    assert '"Adresse de messagerie"' in outlook and '"Catégories"' in outlook
    vcf = (SAMPLES / "phone.vcf").read_bytes()
    assert b"\n" not in vcf.replace(b"\r\n", b"")
    assert max(len(line) for line in vcf.split(b"\r\n")) == 75
    assert b"\r\n " in vcf


def test_data_is_fictitious():
    for (file, line), text in _all_records().items():
        for address in EMAIL.findall(text):
            domain = address.rpartition("@")[2].lower()
            assert domain.endswith((".example", "example.org", "example.com", "example.net")), (
                file,
                line,
                address,
            )
        if file == "phone.vcf":
            phones = [v for k, v in re.findall(r"^(\S*TEL[^:]*):(.*)$", text, re.M)]
        else:
            phones = PHONE.findall(text)
        for phone in phones:
            assert _digits(phone)[:6] in ("063998", "019900"), (file, line, phone)


def _person_contacts(records, row) -> tuple[set[str], set[str]]:
    text = "\n".join(records[r] for r in _records(row))
    emails = {e.lower() for e in EMAIL.findall(text)}
    phones = {_digits(p) for p in PHONE.findall(text)}
    return emails, phones


def test_no_email_is_shared_and_only_the_grandparents_share_a_phone():
    records = _all_records()
    owners_by_email, owners_by_phone = {}, {}
    for row in _truth():
        emails, phones = _person_contacts(records, row)
        for email in emails:
            owners_by_email.setdefault(email, set()).add(row["full_name"])
        for phone in phones:
            owners_by_phone.setdefault(phone, set()).add(row["full_name"])
    assert [o for o in owners_by_email.values() if len(o) > 1] == []
    shared = [sorted(o) for o in owners_by_phone.values() if len(o) > 1]
    assert shared == [["Jeanne Roussel", "Michel Roussel"]]


def test_doubtful_pairs_are_different_people_with_look_alike_names():
    truth = {row["person_key"]: row for row in _truth()}
    pairs = sorted(
        tuple(sorted((truth[k]["full_name"], truth[row["doubtful_with"]]["full_name"])))
        for k, row in truth.items()
        if row["doubtful_with"] and k < row["doubtful_with"]
    )
    assert pairs == [
        ("John Petit", "Jon Petit"),
        ("Mathis Roux", "Mathys Roux"),
        ("Émilie Lefebvre", "Émilie Lefèvre"),
    ]
    records = _all_records()
    for key, row in truth.items():
        if row["doubtful_with"]:
            other = truth[row["doubtful_with"]]
            assert other["doubtful_with"] == key
            mine, theirs = _person_contacts(records, row), _person_contacts(records, other)
            assert not (mine[0] & theirs[0]) and not (mine[1] & theirs[1])


def _record(full_name: str, file: str) -> str:
    row = next(r for r in _truth() if r["full_name"] == full_name)
    (record,) = [r for r in _records(row) if r[0] == file]
    return _all_records()[record]


def test_the_named_variations_are_written():
    assert "FN:Léa Martin" in _record("Léa Martin", "phone.vcf")
    assert _record("Léa Martin", "google.csv").startswith("Lea,,Martin,")
    assert _record("Hélène Lefèvre", "Connections.csv").startswith("Helene,Lefevre,")
    assert _record("Julien Moreau", "google.csv").startswith("Moreau,,Julien,")
    assert "FN:Toto\r\n" in _record("Thomas Bonnet", "phone.vcf")
    assert ",Toto," in _record("Thomas Bonnet", "google.csv")
    assert "FN:Maman\r\n" in _record("Sophie Durand", "phone.vcf")
    assert "Marc.Fontaine@acme-industries.example" in _record("Marc Fontaine", "outlook.csv")
    assert "marc.fontaine@acme-industries.example" in _record("Marc Fontaine", "Connections.csv")
    karim = _record("Karim Benali", "phone.vcf")
    assert re.search(r"^(FN|N)[;:]", karim, re.M) is None
    assert _digits(PHONE.findall(karim)[0]) in {
        _digits(p) for p in PHONE.findall(_record("Karim Benali", "google.csv"))
    }
    father = _record("Philippe Durand", "phone.vcf")
    assert "X-SPOUSE:Sophie Durand" in father
    paul = _record("Paul Durand", "phone.vcf")
    assert "X-ABRELATEDNAMES:Nathalie Durand" in paul and "_$!<Mother>!$_" in paul
    assert "PHOTO;ENCODING=b;TYPE=PNG:" in _record("Inès Durand", "phone.vcf")


def test_phone_formats_differ_across_files_for_the_same_number():
    vcf = {_digits(p): p for p in PHONE.findall((SAMPLES / "phone.vcf").read_text("utf-8"))}
    google = {_digits(p): p for p in PHONE.findall((SAMPLES / "google.csv").read_text("utf-8"))}
    pairs = {(vcf[d][:3], google[d][:3]) for d in vcf.keys() & google.keys()}
    assert ("06 ", "+33") in pairs
