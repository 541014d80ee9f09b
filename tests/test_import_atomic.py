"""Imports are atomic: a failed import leaves the workspace as it was; a busy one fails cleanly.

The kill -9, full-disk and concurrency harness that runs netmap in subprocesses is
``test_faults.py``; these are the in-process cases, quick and deterministic.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from clihelp import PHONE_VCF, run, workspace, write
from faults import cards, digest, integrity

from netmap.errors import StoreError
from netmap.importing import import_files
from netmap.store import Store


def test_disk_full_inside_the_import_transaction_rolls_back_and_says_so(tmp_path):
    """SQLite's own limit on the file's size stands in for a full disk: SQLITE_FULL."""
    db = workspace(tmp_path)
    run(db, "import", str(write(tmp_path, "phone.vcf", PHONE_VCF)))
    before = digest(db, times=True)
    big = write(tmp_path, "big.vcf", cards(400))
    with Store(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StoreError) as info:
            import_files(store, [big])
        assert not store.conn.in_transaction
        assert store.get_meta("region") == "FR"  # the connection is still usable
    assert str(info.value) == (
        f"disk full while writing {db}; free some space and run the command again; "
        "the workspace is as it was before this command"
    )
    assert integrity(db) == "ok"
    assert digest(db, times=True) == before


def test_a_bug_inside_a_write_is_raised_as_it_is_and_rolled_back(tmp_path):
    db = workspace(tmp_path)
    before = digest(db, times=True)
    with Store(db) as store:
        with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
            conn.execute("INSERT INTO meta(key, value) VALUES ('x', '2')")
        assert not store.conn.in_transaction
    assert digest(db, times=True) == before


def test_rollback_after_sqlite_rolled_back_itself_keeps_the_first_error(tmp_path):
    db = workspace(tmp_path)
    with Store(db) as store:
        with pytest.raises(ValueError, match="first"), store.write() as conn:
            conn.execute("ROLLBACK")  # as SQLite does by itself on some errors (SQLITE_FULL)
            raise ValueError("first")
        assert not store.conn.in_transaction


def test_concurrent_import_waits_then_says_store_busy(tmp_path, monkeypatch):
    db = workspace(tmp_path)
    vcf = write(tmp_path, "phone.vcf", PHONE_VCF)
    holder = Store(db)
    entered, release = threading.Event(), threading.Event()

    def hold():
        with holder.write():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    entered.wait(5)
    monkeypatch.setenv("NETMAP_BUSY_TIMEOUT", "0.2")
    try:
        result = run(db, "import", str(vcf))
    finally:
        release.set()
        thread.join()
        holder.close()
    assert result.exit_code == 1
    assert "store busy: another netmap command is writing to" in result.output
    assert "run this command again" in result.output
    assert run(db, "import", str(vcf)).exit_code == 0
