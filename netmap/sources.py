"""The imported files of a workspace: listing them and forgetting one."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from netmap.errors import NetmapError, NotFoundError
from netmap.model import SourceRecord, display_name
from netmap.store import Store

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SOURCE_COLUMNS",
    "find_source",
    "forget_source",
    "forget_source_id",
    "list_sources",
    "settle_people",
]

SOURCE_COLUMNS = [
    "id",
    "name",
    "format",
    "encoding",
    "read",
    "new",
    "merged",
    "repaired",
    "rejected",
    "imported_at",
]


def list_sources(store: Store) -> pd.DataFrame:
    """One row per imported file with its accounting, oldest first."""
    import pandas as pd

    rows = store.conn.execute(
        f"SELECT {', '.join(SOURCE_COLUMNS)} FROM sources ORDER BY id"  # noqa: S608
    ).fetchall()
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def find_source(store: Store, ref: str) -> dict[str, Any]:
    """The source ``ref`` names: its id, its name as imported, its path or its file name."""
    rows = store.conn.execute("SELECT id, name, path, rejections FROM sources").fetchall()
    for test in (
        lambda r: str(r[0]) == ref,
        lambda r: r[1] == ref or r[2] == ref,
        lambda r: r[1].rsplit("/", 1)[-1] == ref or r[2].rsplit("/", 1)[-1] == ref,
    ):
        hits = [r for r in rows if test(r)]
        if len(hits) == 1:
            sid, name, path, rejections = hits[0]
            return {"id": sid, "name": name, "path": path, "rejections": json.loads(rejections)}
        if len(hits) > 1:
            raise NetmapError(
                f"{len(hits)} sources match {ref!r}", hint="give its id from `netmap sources`"
            )
    known = ", ".join(r[1] for r in rows[:10]) or "none yet"
    raise NotFoundError(f"no imported source {ref!r}", hint=f"imported sources: {known}")


def forget_source_id(conn: sqlite3.Connection, source_id: int) -> dict[str, int]:
    """Delete a source, its records, and the people left with no record (never the ego).

    Call inside a write transaction.
    """
    records = conn.execute(
        "SELECT COUNT(*) FROM records WHERE source_id = ?", (source_id,)
    ).fetchone()[0]
    touched = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT person_id FROM records WHERE source_id = ? AND person_id IS NOT NULL",
            (source_id,),
        )
    ]
    conn.execute("DELETE FROM records WHERE source_id = ?", (source_id,))
    conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    return {"records": records, "people_removed": settle_people(conn, touched)}


def settle_people(conn: sqlite3.Connection, people: Iterable[str]) -> int:
    """Delete the people left with no record (never the ego); rename the others.

    A person keeps the first real name among their remaining records. Returns how many
    people were deleted. Call inside a write transaction.
    """
    removed = 0
    for pid in people:
        left = [
            SourceRecord.from_dict(json.loads(data))
            for (data,) in conn.execute(
                "SELECT data FROM records WHERE person_id = ? ORDER BY id", (pid,)
            )
        ]
        if not left:
            conn.execute("DELETE FROM persons WHERE id = ? AND is_ego = 0", (pid,))
            conn.execute("DELETE FROM distinct_pairs WHERE a = ? OR b = ?", (pid, pid))
            removed += 1
        else:
            conn.execute(
                "UPDATE persons SET name = ? WHERE id = ? AND is_ego = 0",
                (display_name(left), pid),
            )
    return removed


def forget_source(store: Store, ref: str) -> dict[str, Any]:
    """Forget an imported file: its records go, and so do people known only from it.

    Returns the source's name with the number of records and people removed.
    """
    source = find_source(store, ref)
    with store.write() as conn:
        counts = forget_source_id(conn, source["id"])
    return {"source": source["name"], **counts}
