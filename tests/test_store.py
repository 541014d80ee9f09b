"""The SQLite workspace: creation, migrations, refusals and the write lock."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from netmap.errors import StoreBusyError, StoreError
from netmap.store import SCHEMA_VERSION, Store


def test_create_sets_schema_and_wal(tmp_path):
    with Store(tmp_path / "w.db", create=True) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"meta", "sources", "persons", "records", "record_keys", "distinct_pairs"} <= tables


def test_missing_workspace_says_run_init(tmp_path):
    with pytest.raises(StoreError, match=r"no netmap workspace at .*run `netmap init"):
        Store(tmp_path / "none.db")


def test_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path, create=True)


def test_other_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(StoreError, match="not a netmap workspace"):
        Store(path)


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a readable netmap workspace"):
        Store(path)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "w.db"
    Store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer netmap"):
        Store(path)


def test_write_rolls_back_on_error(tmp_path):
    with Store(tmp_path / "w.db", create=True) as store:
        with pytest.raises(RuntimeError), store.write():
            store.set_meta("region", "DE")
            raise RuntimeError("boom")
        assert store.get_meta("region") is None


def test_second_writer_waits_then_reports_busy(tmp_path):
    path = tmp_path / "w.db"
    holder = Store(path, create=True)
    other = Store(path, busy_timeout=0.2)
    entered = threading.Event()
    release = threading.Event()

    def hold():
        with holder.write():
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(5)
    try:
        with pytest.raises(StoreBusyError, match="store busy"), other.write():
            pass
    finally:
        release.set()
        thread.join()
    with other.write():
        other.set_meta("x", "1")
    assert other.get_meta("x") == "1"
    holder.close()
    other.close()


def test_version_1_workspace_is_migrated_keeping_its_data(tmp_path):
    from netmap.store import _MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(_MIGRATIONS[0])
    conn.execute("INSERT INTO persons VALUES ('ego', 'Camille Durand', 1, '2026-01-01')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("SELECT name FROM persons").fetchall() == [("Camille Durand",)]
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"person_circles", "circle_exclusions", "ties", "tie_rejections"} <= tables
