"""People in the workspace: creating it with its ego, listing, finding and showing people."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import NetmapError, NotFoundError, StoreError
from netmap.identity import Keys, record_keys
from netmap.model import SourceRecord
from netmap.normalize import DEFAULT_REGION, fold, phone_key
from netmap.store import Store, utcnow

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CONTACT_COLUMNS",
    "EGO_ID",
    "contacts",
    "find_person",
    "group_memberships",
    "init_workspace",
    "people_keys",
    "person_records",
    "record_fields",
    "show_person",
]

EGO_ID = "ego"
CONTACT_COLUMNS = [
    "id",
    "name",
    "emails",
    "phones",
    "organisations",
    "groups",
    "sources",
    "records",
]


def init_workspace(path: str | Path, me: str, *, region: str = DEFAULT_REGION) -> Store:
    """Create a workspace at ``path`` whose ego is ``me``.

    Parameters
    ----------
    path : str or Path
        The SQLite file to create.
    me : str
        The ego's name: the person whose network this is.
    region : str
        ISO 3166 country code used to read phone numbers written without a country code.

    Examples
    --------
    >>> import tempfile, os
    >>> store = init_workspace(os.path.join(tempfile.mkdtemp(), "w.db"), "Camille Durand")
    >>> store.conn.execute("SELECT id, name, is_ego FROM persons").fetchall()
    [('ego', 'Camille Durand', 1)]
    """
    import phonenumbers

    me = me.strip()
    if not me:
        raise NetmapError("--me needs your name", hint='for example --me "Camille Durand"')
    region = region.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise NetmapError(
            f"unknown region {region!r}", hint="give an ISO country code such as FR, DE, GB or US"
        )
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        store = Store(path)
        row = store.conn.execute("SELECT name FROM persons WHERE is_ego = 1").fetchone()
        if row and row[0] == me and store.get_meta("region") == region:
            return store  # already initialised for the same person: nothing to do
        empty = row is None and not store.conn.execute("SELECT 1 FROM persons").fetchone()
        if not empty:
            store.close()
            raise StoreError(
                f"a workspace already exists at {path}" + (f" (ego: {row[0]})" if row else ""),
                hint="give --db another path to start a new one",
            )
        # An init interrupted after the schema was made and before the ego was written:
        # finish it.
    else:
        store = Store(path, create=True)
    from netmap.importing import insert_record

    record = SourceRecord(source="netmap init", line=0, format="ego", full_name=me)
    with store.write() as conn:
        store.set_meta("region", region)
        store.set_meta("created_at", utcnow())
        conn.execute(
            "INSERT INTO persons(id, name, is_ego, created_at) VALUES (?,?,1,?)",
            (EGO_ID, me, utcnow()),
        )
        insert_record(conn, record, EGO_ID, None, record_keys(record, region), "ego")
    return store


def people_keys(store: Store) -> dict[str, Keys]:
    """Every person's matching keys (names, emails, phones, UIDs), from all their records."""
    people: dict[str, Keys] = {
        pid: Keys() for (pid,) in store.conn.execute("SELECT id FROM persons")
    }
    rows = store.conn.execute(
        "SELECT r.person_id, k.kind, k.value FROM record_keys k "
        "JOIN records r ON r.id = k.record_id WHERE r.person_id IS NOT NULL"
    )
    for pid, kind, value in rows:
        getattr(people[pid], kind + "s").add(value)
    return people


def person_records(store: Store, person: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Records per person id (all people, or one), each with its source name."""
    sql = (
        "SELECT r.person_id, r.id, r.line, r.origin, r.data, s.name FROM records r "
        "LEFT JOIN sources s ON s.id = r.source_id WHERE r.person_id IS NOT NULL"
    )
    args: tuple = ()
    if person is not None:
        sql += " AND r.person_id = ?"
        args = (person,)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pid, rid, line, origin, data, source in store.conn.execute(sql + " ORDER BY r.id", args):
        out[pid].append(
            {
                "record": rid,
                "source": source or "netmap init",
                "line": line,
                "origin": origin,
                "data": json.loads(data),
            }
        )
    return out


def group_memberships(store: Store) -> dict[str, set[str]]:
    """UID -> names of the group cards (Apple groups, vCard 4 KIND:group) listing it."""
    members: dict[str, set[str]] = defaultdict(set)
    for (data,) in store.conn.execute("SELECT data FROM records WHERE kind = 'group'"):
        card = json.loads(data)
        for uid in card.get("members", []):
            members[uid.strip().lower().removeprefix("urn:uuid:")].add(card.get("full_name", ""))
    return members


def _unique(values) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v and v not in seen:
            seen[v] = None
    return list(seen)


def _phones(datas: list[dict[str, Any]], region: str) -> list[str]:
    """Phone numbers as first written, one per E.164 number (unparsable ones as they are)."""
    seen: dict[str, str] = {}
    for d in datas:
        for p in d.get("phones", []):
            text = p["value"].strip()
            key = None if "excel-mangled" in p.get("types", []) else phone_key(text, region)
            seen.setdefault(key or text, text)
    return list(seen.values())


def _summary(
    pid: str, name: str, records: list[dict[str, Any]], groups_of, region: str
) -> dict[str, Any]:
    datas = [r["data"] for r in records]
    groups = [g for d in datas for g in d.get("groups", [])]
    for d in datas:
        if d.get("uid"):
            groups.extend(
                sorted(groups_of.get(d["uid"].strip().lower().removeprefix("urn:uuid:"), ()))
            )
    return {
        "id": pid,
        "name": name,
        "emails": _unique(e["value"].strip().lower() for d in datas for e in d.get("emails", [])),
        "phones": _phones(datas, region),
        "organisations": _unique(
            o["name"].strip() for d in datas for o in d.get("organisations", [])
        ),
        "groups": _unique(g.strip() for g in groups),
        "sources": _unique(Path(r["source"]).name for r in records if r["origin"] != "ego"),
        "records": len(records),
    }


def contacts(
    store: Store, *, search: str | None = None, source: str | None = None, ego: bool = False
) -> pd.DataFrame:
    """The people of the workspace, one row each, sorted by name.

    Parameters
    ----------
    store : Store
    search : str, optional
        Keep people whose name, email, phone, organisation or group contains this text
        (accents and case ignored).
    source : str, optional
        Keep people with a record from this source (its name, path or id).
    ego : bool
        Include the ego.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, emails, phones, organisations, groups, sources, records``; the
        list columns hold Python lists.
    """
    import pandas as pd

    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    egos = {r[0] for r in store.conn.execute("SELECT id FROM persons WHERE is_ego = 1")}
    groups_of = group_memberships(store)
    region = store.get_meta("region", DEFAULT_REGION) or DEFAULT_REGION
    wanted_source = None
    if source is not None:
        from netmap.sources import find_source

        wanted_source = find_source(store, source)["name"]
    needle = fold(search) if search else None
    rows = []
    for pid, records in person_records(store).items():
        if pid in egos and not ego:
            continue
        row = _summary(pid, names.get(pid, ""), records, groups_of, region)
        if wanted_source is not None and Path(wanted_source).name not in row["sources"]:
            continue
        if needle:
            hay = fold(
                " ".join([row["name"], *row["emails"], *row["organisations"], *row["groups"]])
            )
            digits = "".join(c for c in search if c.isdigit())
            phone_hit = len(digits) >= 4 and any(
                digits in "".join(c for c in p if c.isdigit()) for p in row["phones"]
            )
            if needle not in hay and not phone_hit:
                continue
        rows.append(row)
    rows.sort(key=lambda r: (fold(r["name"]), r["id"]))
    return pd.DataFrame(rows, columns=CONTACT_COLUMNS)


def find_person(store: Store, ref: str) -> str:
    """The id of the person ``ref`` names: an id, an exact name, or a unique partial name.

    Raises
    ------
    NotFoundError
        Nobody matches; the message lists close names.
    NetmapError
        Several people match; the message lists them with their ids.
    """
    ref = ref.strip()
    row = store.conn.execute("SELECT id FROM persons WHERE id = ?", (ref,)).fetchone()
    if row:
        return row[0]
    if ref.lower() in ("me", "ego"):
        row = store.conn.execute("SELECT id FROM persons WHERE is_ego = 1").fetchone()
        if row:
            return row[0]
    people = store.conn.execute("SELECT id, name FROM persons").fetchall()
    key = fold(ref)
    # The name as written first: "$$" and "<!--" fold to the same empty key.
    for test in (lambda n: n == ref, lambda n: fold(n) == key, lambda n: key in fold(n)):
        hits = [(pid, name) for pid, name in people if test(name)]
        if len(hits) == 1:
            return hits[0][0]
        if len(hits) > 1:
            listed = ", ".join(f"{name} ({pid})" for pid, name in hits[:8])
            raise NetmapError(
                f"{len(hits)} people match {ref!r}: {listed}",
                hint="give the id instead of the name",
            )
    from rapidfuzz import process

    close = process.extract(key, {pid: fold(n) for pid, n in people}, limit=3, score_cutoff=60)
    names = dict(people)
    hint = (
        "did you mean " + ", ".join(f"{names[pid]!r}" for _, _, pid in close) + "?"
        if close
        else "run `netmap contacts --search TEXT` to find them"
    )
    raise NotFoundError(f"no person matches {ref!r}", hint=hint)


def show_person(store: Store, ref: str) -> dict[str, Any]:
    """Everything known of one person: merged fields and every source record they came from."""
    pid = find_person(store, ref)
    name, is_ego = store.conn.execute(
        "SELECT name, is_ego FROM persons WHERE id = ?", (pid,)
    ).fetchone()
    records = person_records(store, pid).get(pid, [])
    region = store.get_meta("region", DEFAULT_REGION) or DEFAULT_REGION
    out = _summary(pid, name, records, group_memberships(store), region)
    out["ego"] = bool(is_ego)
    datas = [r["data"] for r in records]
    out["names"] = _unique(d.get("full_name", "") for d in datas)
    for key in ("nicknames", "titles", "roles", "notes"):
        out[key] = _unique(v for d in datas for v in d.get(key, []))
    for key in ("addresses", "urls"):
        out[key] = _unique(v["value"] for d in datas for v in d.get(key, []))
    out["birthday"] = next((d["birthday"] for d in datas if d.get("birthday")), "")
    out["related"] = [
        {"name": v["value"], "types": v["types"]} for d in datas for v in d.get("related", [])
    ]
    out["source_records"] = [
        {
            "source": r["source"],
            "line": r["line"],
            "format": r["data"].get("format", ""),
            "repairs": r["data"].get("repairs", []),
            "raw": r["data"].get("raw", {}),
        }
        for r in records
    ]
    return out


def _field(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` (``"extra.closeness"``) of a record's data, or None."""
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def record_fields(
    store: Store,
    fields: tuple[str, ...],
    records: dict[str, list[dict[str, Any]]] | None = None,
    *,
    only: tuple[str, ...] = (),
) -> Iterator[tuple[str, str, int, dict[str, Any]]]:
    """``(person id, file name, line, data)`` for every record of a person, each person's
    records together, people in id order.

    ``data`` holds only ``fields`` (paths such as ``"organisations"`` or
    ``"extra.closeness"``), read by SQLite's ``json_extract`` without decoding whole records:
    their raw fields are most of their size, and decoding 100,000 of them takes seconds and
    gigabytes. With ``only``, just the records where one of those paths is not empty. When
    ``records`` (:func:`netmap.people.person_records`) is given, its data is used as it is.
    """
    names: dict[str | None, str] = {}
    if records is not None:
        for pid in sorted(records):
            for r in records[pid]:
                if only and not any(_field(r["data"], path) for path in only):
                    continue
                source = r["source"]
                name = names.get(source) or names.setdefault(source, Path(source).name)
                yield pid, name, r["line"], r["data"]
        return
    fields = ("kind", *fields)  # json_extract returns an array for two paths or more
    paths = ", ".join(f"'$.{f}'" for f in fields)
    where = " OR ".join(f"json_extract(r.data, '$.{p}') NOT IN ('[]', '{{}}', '')" for p in only)
    rows = store.conn.execute(
        f"SELECT r.person_id, s.name, r.line, json_extract(r.data, {paths}) "  # noqa: S608
        "FROM records r LEFT JOIN sources s ON s.id = r.source_id "
        f"WHERE r.person_id IS NOT NULL {f'AND ({where})' if where else ''} "
        "ORDER BY r.person_id, r.id"
    )
    for pid, source, line, values in rows:
        data: dict[str, Any] = {}
        for path, value in zip(fields, json.loads(values), strict=True):
            if value is not None:
                *parents, last = path.split(".")
                node = data
                for key in parents:
                    node = node.setdefault(key, {})
                node[last] = value
        if source not in names:
            names[source] = Path(source).name if source else "netmap init"
        yield pid, names[source], line, data
