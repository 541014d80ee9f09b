"""Properties of import and export that hold for any contacts netmap can store (hypothesis).

1. Round trip: contacts exported to vCard 4.0 or Google CSV and imported into a fresh
   workspace come back equal (names, emails, phones, organisations, circles, ties), and
   exporting them again gives the same text.
2. Import order does not change the resulting people, in one import or file by file.
3. Importing a file twice, or an identical copy under another name, equals importing it once.
4. Merging two people then splitting them restores the original people.

People are generated distinct under netmap's identity rules (no shared email, phone or name
key), with hostile names: accents, emoji, right-to-left text, CJK, vCard and CSV separators,
formula starters, control characters. Examples are derandomized so that CI is reproducible;
``NETMAP_PROPERTY_SCALE=10`` runs ten times as many, with fresh random inputs (a long run).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from contactview import norm_name, view
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from netmap.circle_rules import save_rules
from netmap.circles import person_circles, tag, untag
from netmap.contact_export import export_contacts
from netmap.dedupe import merge_people, split_person
from netmap.importing import import_files
from netmap.normalize import email_key, name_key, phone_key
from netmap.people import init_workspace
from netmap.report_safety import safe_cell
from netmap.ties import declare_tie

SCALE = max(1, int(os.environ.get("NETMAP_PROPERTY_SCALE", "1")))
EGO = "Camille Durand"
# A circle of the user's own: labels "book-club" / "Book club" mean it in both workspaces.
RULES = 'circles = ["book-club"]\n[aliases]\n"book-club" = "book-club"\n'
CIRCLES = ("family", "studies", "internship", "work", "friends", "other", "book-club")
LABELS = ("Famille", "Amis", "Stage", "VIP", "Book club", "R&D, Lyon")
KINDS = ("", "friend", "colleague", "spouse", "Old Friend", "co-worker", "neighbour")


# NETMAP_PROPERTY_SHRINK=0 reports a failing example as found, without minimising it (each
# example builds workspaces, so shrinking one can take minutes).
_PHASES = (
    [Phase.explicit, Phase.reuse, Phase.generate]
    if os.environ.get("NETMAP_PROPERTY_SHRINK") == "0"
    else list(Phase)
)


def _settings(examples: int):
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        phases=_PHASES,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# -- generated people ------------------------------------------------------------------------

_LETTERS = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") + list(
    "éèêëàâäîïôöûüçñßøåæœÉÈÀÇÑŁłŠšŽž"
)
_SCRIPTS = ["山田", "太郎", "محمد", "שרה", "Ωμέγα", "Дмитрий", "😀", "👩🏽‍💻", "🇫🇷", "e\u0301"]
_PUNCT = [*";,\\'\"=+-@.()&!?*/#|:<>%_", "\u202e", "\u200d"]
_ODD = ["\x00", "\x01", "\x7f", "\u00a0", "\u2028"]  # removed, or collapsed by the vCard importer
HOSTILE_NAMES = [
    "=cmd|' /C calc'!A0",
    "+33 6 12 34 56 78",
    "@handle",
    "-Dash Tiret",
    "'=1+1",
    "Robert'); DROP TABLE persons;--",
    "Smith, Jones; & Co\\Ltd",
    "END:VCARD",
    "Ali \u202eevil\u202c Ahmed",
    "L" + "é" * 120 + " Long",
]

_visible = st.one_of(
    st.sampled_from(_LETTERS),
    st.sampled_from(_LETTERS),
    st.sampled_from(_SCRIPTS),
    st.sampled_from(_PUNCT),
)
# A word starts and ends with a visible character; control characters and odd spaces only
# inside (a name is stripped by both importers: "\x01 x" would lose its space to the export).
_word = st.one_of(
    _visible,
    st.builds(
        lambda first, middle, last: first + "".join(middle) + last,
        _visible,
        st.lists(st.one_of(_visible, st.sampled_from(_ODD)), max_size=6),
        _visible,
    ),
)
_name = st.one_of(
    st.lists(_word, min_size=1, max_size=3).map(" ".join), st.sampled_from(HOSTILE_NAMES)
)
_email = st.builds(
    lambda local, domain: f"{local}@{domain}",
    st.text(alphabet="abcxyzAZ019._+-é", min_size=1, max_size=10),
    st.sampled_from(["example.org", "Example.COM", "exämple.fr", "lab.example.net"]),
)
_PHONE_FORMS = (
    "06 {0} {1} {2} {3}",
    "+33 6 {0} {1} {2} {3}",
    "+33 (0)6 {0}{1} {2}{3}",
    "0033 6 {0} {1} {2} {3}",
    "06.{0}.{1}.{2}.{3}",
    "+1 202 555 01{0}",
)
_phone = st.builds(
    lambda form, digits: form.format(*digits),
    st.sampled_from(_PHONE_FORMS),
    st.lists(st.integers(10, 99).map(str), min_size=4, max_size=4),
)


@dataclass
class Person:
    """A generated contact: ``name`` None for one known only by an email or phone."""

    name: str | None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)


@st.composite
def _people(draw, min_size: int = 1, max_size: int = 6, max_orgs: int = 2) -> list[Person]:
    """Contacts distinct under netmap's identity rules: an email, a phone or a name key
    taken by an earlier one is dropped or made unique here, not filtered away."""
    count = draw(st.integers(min_size, max_size))
    names = {name_key(EGO)}
    exact: set[str] = set()
    emails: set[str] = set()
    phones: set[str] = set()
    out = []
    for i in range(count):
        person = Person(
            name=draw(st.one_of(_name, _name, _name, st.none())),
            emails=[e for e in draw(st.lists(_email, max_size=3)) if email_key(e) not in emails],
            phones=[p for p in draw(st.lists(_phone, max_size=3)) if phone_key(p) not in phones],
            orgs=draw(st.lists(st.lists(_word, min_size=1, max_size=3).map(" ".join),
                               max_size=max_orgs)),
            labels=draw(st.lists(st.sampled_from(LABELS), max_size=2, unique=True)),
            tags=draw(st.lists(st.sampled_from(CIRCLES), max_size=2, unique=True)),
            untags=draw(st.lists(st.sampled_from(CIRCLES), max_size=1)),
        )  # fmt: skip
        person.emails = list({email_key(e): e for e in person.emails}.values())
        person.phones = list({phone_key(p): p for p in person.phones}.values())
        if person.name is None and not (person.emails or person.phones):
            person.name = f"Nobody {i}"
        if person.name is not None:
            while name_key(norm_name(person.name)) in names or norm_name(person.name) in exact:
                person.name += f" n{i}"
            names.add(name_key(norm_name(person.name)))
            exact.add(norm_name(person.name))
        emails.update(email_key(e) for e in person.emails)
        phones.update(phone_key(p) for p in person.phones)
        out.append(person)
    return out


@st.composite
def _population(draw, min_size: int = 1):
    """People, and declared ties ``(i, j, kind)`` between them."""
    people = draw(_people(min_size=min_size))
    pairs = [(i, j) for i in range(len(people)) for j in range(i + 1, len(people))]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=4)) if pairs else []
    ties = [(i, j, draw(st.sampled_from(KINDS))) for i, j in chosen]
    return people, ties


# -- seed files, written the way phones and spreadsheets write them --------------------------


def _v3(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def seed_vcard(people: list[Person], *, fields=None) -> str:
    """A vCard 3.0 file, one card per person (``fields``: per person, which values to write)."""
    lines = []
    for n, p in enumerate(people):
        name, emails, phones = fields[n] if fields else (p.name, p.emails, p.phones)
        lines += ["BEGIN:VCARD", "VERSION:3.0"]
        if name is not None:
            lines.append(f"FN:{_v3(name)}")
        lines += [f"EMAIL;TYPE=INTERNET:{_v3(e)}" for e in emails]
        lines += [f"TEL;TYPE=CELL:{_v3(t)}" for t in phones]
        lines += [f"ORG:{_v3(o)}" for o in (p.orgs if not fields else [])]
        if p.labels and not fields:
            lines.append("CATEGORIES:" + ",".join(_v3(label) for label in p.labels))
        lines.append("END:VCARD")
    return "".join(line + "\r\n" for line in lines)


_SEED_HEADER = ["Full Name", "Email 1", "Email 2", "Email 3", "Mobile", "Home Phone",
                "Work Phone", "Company", "Categories"]  # fmt: skip


def seed_csv(people: list[Person], *, fields=None) -> str:
    """A CSV with generic column names, one row per person and one organisation each, its
    cells neutralised against formula injection as OWASP advises (``=1+1`` as ``'=1+1``,
    ``'=1+1`` as ``''=1+1``), which netmap's CSV importer reads back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_SEED_HEADER)
    for n, p in enumerate(people):
        name, emails, phones = fields[n] if fields else (p.name, p.emails, p.phones)
        emails = [*emails, "", "", ""][:3]
        phones = [*phones, "", "", ""][:3]
        org = p.orgs[0] if p.orgs and not fields else ""
        labels = ";".join(p.labels) if not fields else ""
        writer.writerow([safe_cell(c) for c in (name or "", *emails, *phones, org, labels)])
    return buffer.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# -- workspaces and what they hold -----------------------------------------------------------


def workspace(path: Path):
    store = init_workspace(path, EGO)
    save_rules(store, RULES)
    return store


def person_ids(store) -> list[str]:
    """The person of each record of the single imported file, in file order."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT person_id FROM records WHERE origin = 'import' ORDER BY line"
        )
    ]


def build(folder: Path, people: list[Person], ties, seed: str):
    """A workspace as a user makes one: import a file, tag, untag and tie by hand."""
    store = workspace(folder / f"seed-{seed}.db")
    text = seed_vcard(people) if seed == "vcard" else seed_csv(people)
    path = write(folder, "seed.vcf" if seed == "vcard" else "seed.csv", text)
    report = import_files(store, [path])
    assert (report.new, report.merged, report.rejected) == (len(people), 0, [])
    pids = person_ids(store)
    for person, pid in zip(people, pids, strict=True):
        for circle in person.tags:
            tag(store, pid, circle)
    circles = person_circles(store)
    for person, pid in zip(people, pids, strict=True):
        for circle in person.untags:
            if circle in circles[pid]:
                untag(store, pid, circle)
    for i, j, kind in ties:
        declare_tie(store, pids[i], pids[j], kind=kind)
    return store


def export_text(store, fmt: str) -> str:
    return export_contacts(store, None, fmt)["data"]


# -- 1. round trip ---------------------------------------------------------------------------


@_settings(25)
@given(_population(), st.sampled_from(["vcard", "csv"]))
def test_export_then_import_gives_the_same_contacts(population, seed):
    people, ties = population
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        original = build(folder, people, ties, seed)
        expected = view(original)
        for fmt, suffix in (("vcard", ".vcf"), ("contacts-csv", ".csv")):
            text = export_text(original, fmt)
            path = write(folder, "export" + suffix, text)
            fresh = workspace(folder / f"fresh-{fmt}.db")
            report = import_files(fresh, [path])
            assert (report.new, report.merged, report.rejected) == (len(people), 0, [])
            assert view(fresh) == expected, fmt
            assert export_text(fresh, fmt) == text, fmt  # a fixed point after one round
            fresh.close()
        original.close()


# -- 2. import order -------------------------------------------------------------------------


def partition(store) -> set:
    """Each person (not the ego) as the (file, line) of their records, with their name.

    A file is named by its content's SHA-256: two files with the same content are one
    source (the second is skipped), whichever of them comes first.
    """
    rows = store.conn.execute(
        "SELECT p.id, p.name, s.sha256, r.line FROM persons p "
        "JOIN records r ON r.person_id = p.id "
        "JOIN sources s ON s.id = r.source_id WHERE p.is_ego = 0"
    )
    found: dict[str, tuple[str, set]] = {}
    for pid, name, source, line in rows:
        found.setdefault(pid, (name, set()))[1].add((source, line))
    return {(name, frozenset(records)) for name, records in found.values()}


@st.composite
def _files(draw):
    """Two or three files (vCard or CSV) holding overlapping records of the same people.

    Each record of a person carries the same anchor (their first email, else first phone,
    else their name), and their name or none, so records of one person always match and
    records of two never do.
    """
    people = draw(_people(min_size=2, max_size=5, max_orgs=0))
    files = []
    for n in range(draw(st.integers(2, 3))):
        chosen = draw(st.lists(st.sampled_from(range(len(people))), min_size=1, unique=True))
        fields = []
        for i in chosen:
            p = people[i]
            anchor_email = p.emails[:1]
            anchor_phone = p.phones[:1] if not anchor_email else []
            emails = anchor_email + [e for e in p.emails[1:] if draw(st.booleans())]
            phones = anchor_phone + [t for t in p.phones[1:] if draw(st.booleans())]
            if p.name is not None and (anchor_email or anchor_phone) and draw(st.booleans()):
                name = None  # named from the email or phone, as a phone does
            else:
                name = p.name
            fields.append((name, emails, phones))
        kind = draw(st.sampled_from(["vcard", "csv"]))
        subset = [people[i] for i in chosen]
        if kind == "vcard":
            files.append((f"f{n}.vcf", seed_vcard(subset, fields=fields)))
        else:
            files.append((f"f{n}.csv", seed_csv(subset, fields=fields)))
    return files


@_settings(12)
@given(_files())
def test_import_order_does_not_change_the_people(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [write(folder, name, text) for name, text in files]
        results = set()
        for n, order in enumerate(itertools.permutations(paths)):
            together = workspace(folder / f"together{n}.db")
            import_files(together, list(order))
            one_by_one = workspace(folder / f"one_by_one{n}.db")
            for path in order:
                import_files(one_by_one, [path])
            results.add(frozenset(partition(together)))
            results.add(frozenset(partition(one_by_one)))
            together.close()
            one_by_one.close()
        assert len(results) == 1, results


# -- 3. importing twice ----------------------------------------------------------------------


def digest(store, *, times: bool = True) -> dict[str, list]:
    """Every table's rows, sorted; with ``times=False``, the timestamps blanked (the
    ``*_at`` columns and the workspace's ``created_at``)."""
    out = {}
    tables = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        cursor = store.conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        rows = []
        for row in cursor:
            if not times:
                row = tuple(
                    "" if c.endswith("_at") else v for c, v in zip(columns, row, strict=True)
                )
                if table == "meta" and row[0] == "created_at":
                    row = (row[0], "")
            rows.append(row)
        out[table] = sorted(rows, key=repr)
    return out


@_settings(15)
@given(_people(max_size=4), st.sampled_from(["vcard", "csv"]))
def test_importing_a_file_twice_equals_importing_it_once(people, kind):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        text = seed_vcard(people) if kind == "vcard" else seed_csv(people)
        path = write(folder, "contacts." + ("vcf" if kind == "vcard" else "csv"), text)
        copy = folder / ("copy-of-" + path.name)
        shutil.copyfile(path, copy)
        store = workspace(folder / "w.db")
        import_files(store, [path])
        once = digest(store)
        again = import_files(store, [path])
        assert [f["status"] for f in again.files] == ["unchanged"]
        assert digest(store) == once
        again = import_files(store, [copy])
        assert [f["status"] for f in again.files] == ["unchanged"]
        assert digest(store) == once
        both = workspace(folder / "both.db")
        report = import_files(both, [path, copy])
        assert [f["status"] for f in report.files] == ["duplicate", "imported"]
        assert digest(both, times=False) == digest(store, times=False)
        store.close()
        both.close()


# -- 4. merge then split ---------------------------------------------------------------------


def people_with_circles(store) -> set:
    """Each person (not the ego) as their name, the lines of their records and their circles."""
    circles = person_circles(store)
    found: dict[str, tuple[str, set]] = {}
    for pid, name, line in store.conn.execute(
        "SELECT p.id, p.name, r.line FROM persons p JOIN records r ON r.person_id = p.id "
        "WHERE p.is_ego = 0"
    ):
        found.setdefault(pid, (name, set()))[1].add(line)
    return {
        (name, frozenset(lines), frozenset(circles[pid])) for pid, (name, lines) in found.items()
    }


def hand_ties(store) -> set:
    """Declared ties and rejected pairs, by the names and record lines of the two people."""
    who = {}
    for pid, name, line in store.conn.execute(
        "SELECT p.id, p.name, r.line FROM persons p JOIN records r ON r.person_id = p.id"
    ):
        who.setdefault(pid, [name, set()])[1].add(line)
    key = {pid: (name, frozenset(lines)) for pid, (name, lines) in who.items()}
    ties = {
        ("tie", frozenset((key[a], key[b])), kind)
        for a, b, kind in store.conn.execute("SELECT a, b, kind FROM ties")
    }
    return ties | {
        ("rejected", frozenset((key[a], key[b])), "")
        for a, b in store.conn.execute("SELECT a, b FROM tie_rejections")
    }


@_settings(20)
@given(_population(min_size=2), st.data())
def test_merge_then_split_restores_the_people(population, data):
    people, ties = population
    i, j = data.draw(st.lists(st.sampled_from(range(len(people))), min_size=2, max_size=2,
                              unique=True))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp), people, ties, "vcard")  # with hand tags, untags and ties
        before = people_with_circles(store), hand_ties(store)
        pids = person_ids(store)
        merged = merge_people(store, pids[i], pids[j])
        assert len(people_with_circles(store)) == len(people) - 1
        split_person(store, merged["kept"])
        assert (people_with_circles(store), hand_ties(store)) == before
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        store.close()


def test_split_gives_back_what_a_merged_person_had_by_hand(tmp_path):
    # Found while writing test_merge_then_split_restores_the_people: after a merge then a
    # split, the circles and ties of the person merged away stayed with the one kept.
    people = [Person("Ann Lee"), Person("Bob Ray", tags=["family"]), Person("Cy Young")]
    store = build(tmp_path, people, [(1, 2, "friend")], "vcard")
    ann, bob, cy = person_ids(store)
    merge_people(store, ann, bob)
    split_person(store, ann)
    assert {pid: list(c) for pid, c in person_circles(store).items()} == {
        ann: [],
        bob: ["family"],
        cy: [],
    }
    assert store.conn.execute("SELECT a, b, kind FROM ties").fetchall() == [
        (*sorted((bob, cy)), "friend")
    ]


def test_a_name_read_from_a_vcard_or_a_csv_is_the_same_name(tmp_path):
    # Found by test_import_order_does_not_change_the_people: the CSV importer kept a line
    # separator in a name that the vCard importer made a space, so the person's name
    # depended on which file came first.
    vcf = write(tmp_path, "phone.vcf", "BEGIN:VCARD\r\nFN:Léa\u2028Martin\r\nEND:VCARD\r\n")
    table = write(tmp_path, "sheet.csv", 'Full Name,Email 1\r\n"Léa\u2028Martin",\r\n')
    names = []
    for n, order in enumerate(([vcf, table], [table, vcf])):
        store = workspace(tmp_path / f"w{n}.db")
        import_files(store, order)
        names.append(sorted(name for (name, _) in partition(store)))
    assert names == [["Léa Martin"], ["Léa Martin"]]
