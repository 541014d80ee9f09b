"""Importing export files into the workspace, in one transaction, with full accounting."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmap._gc import collector_paused
from netmap.errors import NetmapError, NotFoundError
from netmap.identity import Keys, Matcher, record_keys
from netmap.importers import read_file
from netmap.model import FileParse, SourceRecord, display_name
from netmap.normalize import DEFAULT_REGION
from netmap.people import people_keys
from netmap.sources import settle_people
from netmap.store import Store, utcnow

__all__ = ["ImportReport", "file_sha256", "import_files", "insert_record", "person_id_for"]


@dataclass
class ImportReport:
    """The accounting of one ``netmap import``: ``read == new + merged + rejected``, always.

    ``new`` counts records that became a new person (or a new group, for group cards),
    ``merged`` records that joined a person already in the workspace or met earlier in the
    same import, ``rejected`` those that could not be read (with file, line and reason).
    ``repaired`` counts imported records that needed a repair, listed in ``repairs``.
    Files whose content was imported before are listed in ``files`` as ``unchanged`` and
    their records are not counted again.
    """

    read: int = 0
    new: int = 0
    merged: int = 0
    repaired: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    repairs: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    doubtful: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)
    common: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``rejected`` as a list of file/line/reason)."""
        return {
            "read": self.read,
            "new": self.new,
            "merged": self.merged,
            "repaired": self.repaired,
            "rejected": self.rejected,
            "doubtful": self.doubtful,
            "files": self.files,
            "repairs": self.repairs,
            "merges": self.merges,
            "common": self.common,
        }


class StrictImportError(NetmapError):
    """``--strict`` and some records were rejected: nothing was imported."""

    def __init__(self, report: ImportReport) -> None:
        n = len(report.rejected)
        super().__init__(
            f"{n} record{'s' if n != 1 else ''} rejected, nothing imported (--strict)",
            hint="fix the lines listed, or import without --strict",
        )
        self.report = report


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def person_id_for(sha: str, line: int) -> str:
    """A stable person id from the file content and line of the record that created it.

    Examples
    --------
    >>> person_id_for("ab" * 32, 12)
    'p-df4d1edcad6f'
    """
    return "p-" + hashlib.sha1(f"{sha}:{line}".encode()).hexdigest()[:12]


def insert_record(
    conn, record: SourceRecord, person: str | None, source_id: int | None, keys: Keys, origin: str
) -> int:
    """Insert one source record and its matching keys; return its row id."""
    cur = conn.execute(
        "INSERT INTO records(person_id, source_id, line, kind, origin, data) VALUES (?,?,?,?,?,?)",
        (
            person,
            source_id,
            record.line,
            record.kind,
            origin,
            json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":")),
        ),
    )
    rid = cur.lastrowid
    conn.executemany(
        "INSERT INTO record_keys(record_id, kind, value) VALUES (?,?,?)",
        [(rid, kind, value) for kind, value in keys.items()],
    )
    return rid


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    region: str | None = None,
    strict: bool = False,
    skip_bad_files: bool = False,
) -> ImportReport:
    """Import contact exports into ``store`` in one transaction.

    Each file is read (vCard or CSV, recognised from its content), its records matched with
    the people already in the workspace and with each other, and written with their source
    (file, line, raw fields). A file imported before with the same content is skipped; a
    file imported before from the same path with new content replaces its earlier records.

    Parameters
    ----------
    store : Store
        The workspace.
    paths : iterable of path
        The export files.
    encoding, mapping
        Passed to the importers (see :func:`netmap.importers.read_file`).
    region : str, optional
        ISO country code for phone numbers written without one; default the workspace's.
    strict : bool
        Import nothing, and raise, if any record is rejected.
    skip_bad_files : bool
        Report files that cannot be read at all and import the others; by default such a
        file stops the import before anything is written.

    Returns
    -------
    ImportReport
    """
    with collector_paused():
        return _import_files(store, paths, encoding, mapping, region, strict, skip_bad_files)


def _text(path: str | Path) -> str:
    """A file name as text: bytes that are not UTF-8 (an old archive's ``caf\\xe9.vcf``)
    written ``\\xe9``, since the workspace (UTF-8) cannot hold them as they are."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _import_files(
    store: Store,
    paths: Iterable[str | Path],
    encoding: str | None,
    mapping: dict[str, str] | None,
    region: str | None,
    strict: bool,
    skip_bad_files: bool,
) -> ImportReport:
    report = ImportReport()
    region = region or store.get_meta("region", DEFAULT_REGION) or DEFAULT_REGION
    parses: list[tuple[FileParse, Path, str]] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        name = _text(raw)
        try:
            if not path.is_file():
                raise NotFoundError("no such file", file=name, hint="check the path")
            sha = file_sha256(path)
            if sha in seen:
                report.files.append({"file": name, "status": "duplicate"})
                continue
            seen.add(sha)
            row = store.conn.execute("SELECT name FROM sources WHERE sha256 = ?", (sha,)).fetchone()
            if row:
                report.files.append({"file": name, "status": "unchanged", "same_as": row[0]})
                continue
            parse = read_file(path, encoding=encoding, mapping=mapping, name=name)
        except NetmapError as exc:
            if not skip_bad_files:
                raise
            report.files.append({"file": name, "status": "failed", "error": str(exc)})
            continue
        parses.append((parse, path, sha))

    for parse, _, _ in parses:
        for rej in parse.rejected:
            report.rejected.append({"file": rej.file, "line": rej.line, "reason": rej.reason})
    if strict and report.rejected:
        raise StrictImportError(report)

    with store.write() as conn:
        # Another import may have committed the same file since we looked: check again.
        fresh = []
        for parse, path, sha in parses:
            row = conn.execute("SELECT name FROM sources WHERE sha256 = ?", (sha,)).fetchone()
            if row:
                report.files.append(
                    {"file": parse.source, "status": "unchanged", "same_as": row[0]}
                )
                report.rejected = [r for r in report.rejected if r["file"] != parse.source]
            else:
                fresh.append((parse, path, sha))
        parses = fresh
        # A file imported before from the same path with new content replaces its records.
        # Its people stay match candidates under their old keys, so that those found again
        # keep their ids (with their circles, ties and decisions); the others go at the end.
        replaced: dict[str, Keys] = {}
        for _, path, _ in parses:
            old = conn.execute(
                "SELECT id FROM sources WHERE path = ?", (_text(path.resolve()),)
            ).fetchone()
            if old:
                rows = conn.execute(
                    "SELECT r.person_id, k.kind, k.value FROM record_keys k "
                    "JOIN records r ON r.id = k.record_id "
                    "WHERE r.source_id = ? AND r.person_id IS NOT NULL",
                    (old[0],),
                )
                for pid, kind, value in rows:
                    getattr(replaced.setdefault(pid, Keys()), kind + "s").add(value)
                conn.execute("DELETE FROM records WHERE source_id = ?", (old[0],))
                conn.execute("DELETE FROM sources WHERE id = ?", (old[0],))
        distinct = conn.execute("SELECT a, b FROM distinct_pairs").fetchall()
        matcher = Matcher(distinct)
        stored = people_keys(store)
        for pid, keys in replaced.items():
            stored.setdefault(pid, Keys()).update(keys)
        for pid, keys in stored.items():
            matcher.add(pid, keys, stored=True)
        entries = []  # (entity, record, keys, file index)
        for index, (parse, _, _) in enumerate(parses):
            for n, record in enumerate(parse.records):
                if record.kind != "individual":
                    continue
                entity = f"r{index}:{n}"
                keys = record_keys(record, region)
                matcher.add(entity, keys)
                entries.append((entity, record, keys, index))
        # Name and id of each new person: from its first record.
        groups: dict[str, list[tuple[str, SourceRecord, int]]] = {}
        for entity, record, _, index in entries:
            groups.setdefault(matcher.group(entity), []).append((entity, record, index))
        person_of: dict[str, str] = {}
        created: set[str] = set()
        now = utcnow()
        for root, members in groups.items():
            if root in stored:
                person = root
            else:
                _, first, index = members[0]
                person = person_id_for(parses[index][2], first.line)
                conn.execute(
                    "INSERT INTO persons(id, name, is_ego, created_at) VALUES (?,?,0,?)",
                    (person, display_name([r for _, r, _ in members]), now),
                )
                created.add(person)
            for entity, _, _ in members:
                person_of[entity] = person
        counts = [{"new": 0, "merged": 0, "repaired": 0} for _ in parses]
        first_seen: set[str] = set()
        names = dict(conn.execute("SELECT id, name FROM persons"))
        source_ids = []
        for parse, path, sha in parses:
            rejections = [{"line": r.line, "reason": r.reason} for r in parse.rejected]
            cur = conn.execute(
                "INSERT INTO sources(name, path, sha256, format, encoding, imported_at, read, "
                "new, merged, repaired, rejected, rejections) VALUES (?,?,?,?,?,?,?,0,0,0,?,?)",
                (
                    parse.source,
                    _text(path.resolve()),
                    sha,
                    parse.format,
                    parse.encoding,
                    now,
                    parse.read,
                    len(parse.rejected),
                    json.dumps(rejections, ensure_ascii=False),
                ),
            )
            source_ids.append(cur.lastrowid)
        for entity, record, keys, index in entries:
            person = person_of[entity]
            if person in created and person not in first_seen:
                first_seen.add(person)
                counts[index]["new"] += 1
            else:
                counts[index]["merged"] += 1
                reason = matcher.reasons.get(entity, "")
                report.merges.append(
                    {
                        "file": record.source,
                        "line": record.line,
                        "name": record.full_name,
                        "person": person,
                        "into": names[person],
                        "reason": reason,
                    }
                )
            insert_record(conn, record, person, source_ids[index], keys, "import")
        for index, (parse, _, _) in enumerate(parses):
            for record in parse.records:
                if record.kind != "individual":
                    counts[index]["new"] += 1
                    insert_record(conn, record, None, source_ids[index], Keys(), "import")
                if record.repairs:
                    counts[index]["repaired"] += 1
                    report.repairs.append(
                        {"file": record.source, "line": record.line, "repairs": record.repairs}
                    )
        for index, (parse, _, _) in enumerate(parses):
            c = counts[index]
            conn.execute(
                "UPDATE sources SET new = ?, merged = ?, repaired = ? WHERE id = ?",
                (c["new"], c["merged"], c["repaired"], source_ids[index]),
            )
            report.read += parse.read
            report.new += c["new"]
            report.merged += c["merged"]
            report.repaired += c["repaired"]
            report.files.append(
                {
                    "file": parse.source,
                    "status": "imported",
                    "format": parse.format,
                    "encoding": parse.encoding,
                    "read": parse.read,
                    **c,
                    "rejected": len(parse.rejected),
                }
            )
        # A stored person named from an email or phone takes the real name a new record
        # brings; people of a replaced file who were not found again go.
        touched = ({person_of[e] for e, _, _, _ in entries} & set(stored)) | set(replaced)
        settle_people(conn, sorted(touched))
        pairs = set()
        for a, b, _ in matcher.doubtful:
            ga, gb = person_of.get(a, a), person_of.get(b, b)
            if ga != gb:
                pairs.add(frozenset((ga, gb)))
        report.doubtful = len(pairs)
        report.common = matcher.common_keys()
    return report
