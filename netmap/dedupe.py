"""Curating identities: doubtful pairs for review, applying decisions, merge and split."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from netmap.errors import NetmapError
from netmap.identity import Match, Matcher, compare, read_review, review_rows
from netmap.importing import person_id_for
from netmap.model import SourceRecord
from netmap.normalize import fold
from netmap.people import find_person, people_keys
from netmap.store import Store, utcnow

__all__ = ["apply_review", "doubtful_pairs", "merge_people", "split_person"]


def _distinct(store: Store) -> set[frozenset[str]]:
    return {frozenset(r) for r in store.conn.execute("SELECT a, b FROM distinct_pairs")}


def doubtful_pairs(store: Store) -> list[dict[str, str]]:
    """Pairs of people who may be the same, for the user to decide, best first.

    Every pair of people sharing a blocking key (email, phone, UID, or a similar name) is
    compared with :func:`netmap.identity.compare`; pairs the user already called different
    are left out. Returns the rows of the review CSV (``decision`` empty).
    """
    people = people_keys(store)
    distinct = _distinct(store)
    index = Matcher()
    found: dict[frozenset[str], tuple[str, str, Match]] = {}
    for pid in sorted(people):
        keys = people[pid]
        for other in sorted(index.candidates(keys)):
            pair = frozenset((pid, other))
            if pair in distinct or pair in found:
                continue
            match = compare(keys, people[other])
            if match is not None:
                if match.verdict == "same":
                    match = Match("doubtful", match.score, f"likely the same: {match.reason}")
                found[pair] = (other, pid, match)
        index.add(pid, keys, stored=True)
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    sources: dict[str, set[str]] = defaultdict(set)
    for pid, name in store.conn.execute(
        "SELECT r.person_id, s.name FROM records r JOIN sources s ON s.id = r.source_id"
    ):
        sources[pid].add(name)

    def info(pid: str) -> dict[str, str]:
        return {"id": pid, "name": names[pid], "sources": ";".join(sorted(sources[pid]))}

    pairs = []
    for a, b, match in found.values():
        if (fold(names[b]), b) < (fold(names[a]), a):
            a, b = b, a
        pairs.append((a, b, match))
    pairs.sort(key=lambda t: (-t[2].score, fold(names[t[0]]), t[0], t[1]))
    return review_rows((info(a), info(b), m) for a, b, m in pairs)


_STAMP = {"person_circles": "tagged_at", "circle_exclusions": "untagged_at"}
_MERGED = "merged:"  # meta key prefix: what a merge moved from a person, for split_person
_PERSON_TABLES = ("person_circles", "circle_exclusions")
_PAIR_TABLES = ("ties", "tie_rejections", "distinct_pairs")


def _merge(conn, keep: str, gone: str) -> str:
    """Move everything of ``gone`` to ``keep`` (records, circles, ties) and delete ``gone``.

    What ``gone`` had by hand (circles tagged and untagged, ties declared or rejected, pairs
    called different) is kept in the workspace's meta, with what the merge added to ``keep``,
    so that :func:`split_person` can give it back.
    """
    ego = {r[0] for r in conn.execute("SELECT id FROM persons WHERE is_ego = 1")}
    if gone in ego:
        keep, gone = gone, keep
    moved: dict[str, list] = {}
    added: dict[str, list] = {}
    conn.execute("UPDATE records SET person_id = ? WHERE person_id = ?", (keep, gone))
    for table in _PERSON_TABLES:
        rows = conn.execute(
            f"SELECT circle, {_STAMP[table]} FROM {table} WHERE person_id = ?",  # noqa: S608
            (gone,),
        ).fetchall()
        moved[table] = [list(r) for r in rows]
        for circle, stamp in rows:
            cursor = conn.execute(
                f"INSERT OR IGNORE INTO {table} VALUES (?, ?, ?)",  # noqa: S608
                (keep, circle, stamp),
            )
            if cursor.rowcount:
                added.setdefault(table, []).append([keep, circle, stamp])
    for table in _PAIR_TABLES:
        rows = conn.execute(
            f"SELECT * FROM {table} WHERE a = ? OR b = ?",  # noqa: S608
            (gone, gone),
        ).fetchall()
        moved[table] = [list(r) for r in rows]
        if table == "distinct_pairs":
            conn.execute("DELETE FROM distinct_pairs WHERE a = ? OR b = ?", (gone, gone))
        for a, b, *rest in rows:
            other = b if a == gone else a
            if other != keep:  # a tie between the two merged people would be a self-loop
                x, y = sorted((keep, other))
                if table == "distinct_pairs":
                    rest = [utcnow()]
                marks = ",".join("?" * (2 + len(rest)))
                cursor = conn.execute(
                    f"INSERT OR IGNORE INTO {table} VALUES ({marks})",  # noqa: S608
                    (x, y, *rest),
                )
                if cursor.rowcount:
                    added.setdefault(table, []).append([x, y, *rest])
    conn.execute("DELETE FROM persons WHERE id = ?", (gone,))
    if any(moved.values()):
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            (_MERGED + gone, json.dumps({"into": keep, "moved": moved, "added": added})),
        )
    return keep


def _unmerge(conn, person: str, into: str) -> None:
    """Give ``person``, split again out of ``into``, what a merge had moved from them."""
    key = _MERGED + person
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        return
    log = json.loads(row[0])
    if log["into"] != into:
        return
    for table in _PERSON_TABLES:
        for circle in (values[1] for values in log["added"].get(table, [])):
            conn.execute(
                f"DELETE FROM {table} WHERE person_id = ? AND circle = ?",  # noqa: S608
                (into, circle),
            )
        for values in log["moved"].get(table, []):
            conn.execute(
                f"INSERT OR IGNORE INTO {table} VALUES (?, ?, ?)",  # noqa: S608
                (person, *values[:2]),
            )
    for table in _PAIR_TABLES:
        for values in log["added"].get(table, []):
            conn.execute(
                f"DELETE FROM {table} WHERE a = ? AND b = ?",  # noqa: S608
                tuple(values[:2]),
            )
        for values in log["moved"].get(table, []):
            if table != "distinct_pairs" and not all(
                conn.execute("SELECT 1 FROM persons WHERE id = ?", (x,)).fetchone()
                for x in values[:2]
            ):
                continue  # the other person is gone since (forgotten, merged again)
            marks = ",".join("?" * len(values))
            conn.execute(
                f"INSERT OR IGNORE INTO {table} VALUES ({marks})",  # noqa: S608
                tuple(values),
            )
    conn.execute("DELETE FROM meta WHERE key = ?", (key,))


def merge_people(store: Store, first: str, second: str) -> dict[str, Any]:
    """Merge two people: every record of ``second`` moves to ``first`` (the ego is kept).

    Returns the id and name kept and the id merged away.
    """
    a, b = find_person(store, first), find_person(store, second)
    if a == b:
        raise NetmapError(f"{first!r} and {second!r} are the same person already")
    with store.write() as conn:
        keep = _merge(conn, a, b)
    gone = b if keep == a else a
    name = store.conn.execute("SELECT name FROM persons WHERE id = ?", (keep,)).fetchone()[0]
    return {"kept": keep, "name": name, "merged": gone}


def split_person(store: Store, ref: str) -> list[dict[str, Any]]:
    """Split a person back into one person per source record.

    The record that created the person (else the first) keeps the id; each other record
    becomes a person of its own, with the id of the person it created if it did, and every
    pair of them is remembered as *different* so that later imports do not join them again.
    A person merged into this one (:func:`merge_people`, ``netmap dedupe --apply``) who gets
    their id back gets back what they had by hand: circles tagged and untagged, declared and
    rejected ties, pairs called different. Returns the resulting people (id, name, source,
    line).
    """
    pid = find_person(store, ref)
    rows = store.conn.execute(
        "SELECT r.id, r.line, r.data, s.sha256, s.name FROM records r "
        "LEFT JOIN sources s ON s.id = r.source_id WHERE r.person_id = ? ORDER BY r.id",
        (pid,),
    ).fetchall()
    if len(rows) < 2:
        raise NetmapError(
            f"{ref!r} has only one source record: nothing to split",
            hint="`netmap show` lists a person's records",
        )
    home = next((i for i, r in enumerate(rows) if person_id_for(r[3] or "", r[1]) == pid), 0)
    rows.insert(0, rows.pop(home))
    out = []
    ids = [pid]
    now = utcnow()
    with store.write() as conn:
        first = SourceRecord.from_dict(json.loads(rows[0][2]))
        if first.full_name and first.format != "ego":
            conn.execute("UPDATE persons SET name = ? WHERE id = ?", (first.full_name, pid))
        out.append({"id": pid, "name": first.full_name, "source": rows[0][4], "line": rows[0][1]})
        for rid, line, data, sha, source in rows[1:]:
            record = SourceRecord.from_dict(json.loads(data))
            new = person_id_for(sha or "", line)
            while conn.execute("SELECT 1 FROM persons WHERE id = ?", (new,)).fetchone():
                new = person_id_for(new, rid)
            conn.execute(
                "INSERT INTO persons(id, name, is_ego, created_at) VALUES (?,?,0,?)",
                (new, record.full_name or "(no name)", now),
            )
            conn.execute("UPDATE records SET person_id = ? WHERE id = ?", (new, rid))
            _unmerge(conn, new, pid)
            ids.append(new)
            out.append({"id": new, "name": record.full_name, "source": source, "line": line})
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                a, b = sorted((x, y))
                conn.execute(
                    "INSERT OR IGNORE INTO distinct_pairs(a, b, decided_at) VALUES (?,?,?)",
                    (a, b, now),
                )
    return out


def apply_review(store: Store, path: str | Path) -> dict[str, Any]:
    """Apply the decisions of an edited review CSV, all in one transaction.

    ``same`` rows merge the pair (into ``id_a``), ``different`` rows remember the pair as
    two people so it is not proposed again; rows left empty are skipped. A row naming a
    person that no longer exists is an error that names its line, and nothing is applied.
    """
    decisions = read_review(path)
    merged = distinct = 0
    alias: dict[str, str] = {}

    def resolve(pid: str) -> str:
        while pid in alias:
            pid = alias[pid]
        return pid

    with store.write() as conn:
        for decision, raw_a, raw_b, line in decisions:
            a, b = resolve(raw_a), resolve(raw_b)
            for pid in (a, b):
                if not conn.execute("SELECT 1 FROM persons WHERE id = ?", (pid,)).fetchone():
                    raise NetmapError(
                        f"no person with id {pid!r}",
                        file=str(path),
                        line=line,
                        hint="run `netmap dedupe` again for a fresh review file",
                    )
            if a == b:
                continue
            if decision == "same":
                keep = _merge(conn, a, b)
                alias[b if keep == a else a] = keep
                merged += 1
            else:
                x, y = sorted((a, b))
                conn.execute(
                    "INSERT OR IGNORE INTO distinct_pairs(a, b, decided_at) VALUES (?,?,?)",
                    (x, y, utcnow()),
                )
                distinct += 1
    return {"merged": merged, "different": distinct, "decisions": len(decisions)}
