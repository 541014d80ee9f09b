"""The SQLite workspace: schema, versioned migrations and write transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from netmap.errors import StoreBusyError, StoreError

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Store", "default_db_path", "store_error", "utcnow"]

DEFAULT_DB = "netmap.db"

# Each entry migrates the schema from version i to i + 1. Never edit a shipped entry: append.
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE sources (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        path        TEXT NOT NULL UNIQUE,
        sha256      TEXT NOT NULL,
        format      TEXT NOT NULL,
        encoding    TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        read        INTEGER NOT NULL,
        new         INTEGER NOT NULL,
        merged      INTEGER NOT NULL,
        repaired    INTEGER NOT NULL,
        rejected    INTEGER NOT NULL,
        rejections  TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX sources_sha256 ON sources(sha256);
    CREATE TABLE persons (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        is_ego     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE records (
        id        INTEGER PRIMARY KEY,
        person_id TEXT REFERENCES persons(id),
        source_id INTEGER REFERENCES sources(id) ON DELETE CASCADE,
        line      INTEGER NOT NULL,
        kind      TEXT NOT NULL,
        origin    TEXT NOT NULL,
        data      TEXT NOT NULL
    );
    CREATE INDEX records_person ON records(person_id);
    CREATE INDEX records_source ON records(source_id);
    CREATE TABLE record_keys (
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        kind      TEXT NOT NULL,
        value     TEXT NOT NULL
    );
    CREATE INDEX record_keys_record ON record_keys(record_id);
    CREATE INDEX record_keys_value ON record_keys(kind, value);
    CREATE TABLE distinct_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    """,
    # 2: circles tagged by hand, circles removed by hand, declared ties, rejected suggestions.
    """
    CREATE TABLE person_circles (
        person_id  TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        circle     TEXT NOT NULL,
        tagged_at  TEXT NOT NULL,
        PRIMARY KEY (person_id, circle)
    );
    CREATE TABLE circle_exclusions (
        person_id  TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        circle     TEXT NOT NULL,
        untagged_at TEXT NOT NULL,
        PRIMARY KEY (person_id, circle)
    );
    CREATE TABLE ties (
        a          TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        b          TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL DEFAULT '',
        strength   REAL,
        since      TEXT NOT NULL DEFAULT '',
        evidence   TEXT NOT NULL DEFAULT '',
        declared_at TEXT NOT NULL,
        PRIMARY KEY (a, b),
        CHECK (a < b)
    );
    CREATE TABLE tie_rejections (
        a          TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        b          TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
        rejected_at TEXT NOT NULL,
        PRIMARY KEY (a, b),
        CHECK (a < b)
    );
    """,
]

SCHEMA_VERSION = len(_MIGRATIONS)


def utcnow() -> str:
    """The current time as an ISO 8601 UTC string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def default_db_path() -> Path:
    """``$NETMAP_DB`` when set, else ``./netmap.db``."""
    return Path(os.environ.get("NETMAP_DB") or DEFAULT_DB)


def store_error(exc: sqlite3.Error, path: str | Path) -> StoreError:
    """The :class:`~netmap.errors.StoreError` to show for an SQLite error on ``path``.

    The message says what happened in words the user can act on.

    Examples
    --------
    >>> import sqlite3
    >>> error = store_error(sqlite3.OperationalError("database or disk is full"), "w.db")
    >>> error.message, error.hint.split(";")[0]
    ('disk full while writing w.db', 'free some space and run the command again')
    """
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreBusyError(
            f"store busy: another netmap command is writing to {path}",
            hint="wait for it to finish, then run this command again",
        )
    if "disk is full" in text:
        return StoreError(
            f"disk full while writing {path}",
            hint="free some space and run the command again; the workspace is as it was "
            "before this command",
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{path} is read-only: netmap cannot write to it",
            hint="make the file and its folder writable, or give --db a copy you can write",
        )
    if "unable to open" in text:
        return StoreError(
            f"cannot open {path}",
            hint="check that its folder exists and that you may read and write it",
        )
    if "disk I/O error" in text:
        return StoreError(
            f"disk I/O error on {path}",
            hint="check the disk (full? removed?), then run the command again",
        )
    if "not a database" in text or "malformed" in text:
        return StoreError(
            f"{path} is not a readable netmap workspace ({text})",
            hint="give --db another file, or restore a backup",
        )
    return StoreError(f"{path}: {text}")


class Store:
    """A netmap workspace: one SQLite file.

    Every change happens inside :meth:`write`, one ``BEGIN IMMEDIATE`` transaction: a killed
    command leaves the file as it was, and a second writer waits ``busy_timeout`` seconds,
    then fails with :class:`~netmap.errors.StoreBusyError`.

    Parameters
    ----------
    path : str or Path
        The SQLite file.
    create : bool
        Create the file (and its schema) when missing; otherwise a missing file is an error.
    busy_timeout : float, optional
        Seconds to wait for another writer; default ``$NETMAP_BUSY_TIMEOUT`` or 5.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "w.db")
    >>> with Store(path, create=True) as store:
    ...     store.schema_version == SCHEMA_VERSION
    True
    """

    #: Write transactions committed in this process, by any store: lets the CLI tell an
    #: interrupted command whose change was already saved from one that changed nothing.
    commits: int = 0

    def __init__(
        self, path: str | Path, *, create: bool = False, busy_timeout: float | None = None
    ) -> None:
        self.path = Path(path)
        if busy_timeout is None:
            busy_timeout = float(os.environ.get("NETMAP_BUSY_TIMEOUT", "5"))
        self.busy_timeout = busy_timeout
        if not self.path.exists() and not create:
            raise StoreError(
                f"no netmap workspace at {self.path}",
                hint='run `netmap init --me "Your Name"` first, or give --db PATH',
            )
        if self.path.is_dir():
            raise StoreError(
                f"{self.path} is a folder, not a workspace file", hint="give --db PATH"
            )
        new = not self.path.exists()
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        try:
            self._open()
        except BaseException:
            self.conn.close()
            if new:  # a file this call created and could not finish (a full disk): remove it
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(OSError):
                        os.unlink(f"{self.path}{suffix}")
            raise

    def _open(self) -> None:
        """Check the file's schema version and migrate it to this netmap's."""
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer netmap (schema {version})",
                hint="upgrade netmap to open it",
            )
        if version == 0 and self._has_foreign_tables():
            raise StoreError(
                f"{self.path} is an SQLite file but not a netmap workspace",
                hint="give --db a new file name",
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _has_foreign_tables(self) -> bool:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return bool(rows)

    def _error(self, exc: sqlite3.Error) -> StoreError:
        return store_error(exc, self.path)

    def _migrate(self, version: int) -> None:
        with self.write():
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:
                pass  # inside a transaction on some builds; WAL is set again below
            for number in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")
        self.conn.execute("PRAGMA journal_mode = WAL")

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

        An SQLite failure inside (disk full, read-only file, I/O error) is raised as a
        :class:`~netmap.errors.StoreError` saying what to do; a constraint violation (a bug)
        is raised as it is.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from None
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
                exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError)
            ):
                raise self._error(exc) from None
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise self._error(exc) from None
        Store.commits += 1

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already done it (disk full)."""
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # -- meta ------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A workspace setting (``region``, ``ego``...), or ``default``."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a workspace setting; call inside :meth:`write`."""
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
