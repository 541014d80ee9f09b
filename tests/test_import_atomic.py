"""Imports are atomic: a killed import leaves the workspace as it was; a busy one fails cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

from clihelp import PHONE_VCF, run, workspace, write

from netmap.store import Store


def _cards(n: int) -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Test{i % 97}\r\n"
        f"EMAIL:p{i}@example.org\r\nTEL:+33 6 39 98 {i % 100:02d} {i // 100 % 100:02d}\r\n"
        f"NOTE:{'x' * 200}\r\nEND:VCARD\r\n"
        for i in range(n)
    )


def _state(db) -> tuple:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("sources", "persons", "records", "record_keys")
        )
    finally:
        conn.close()


def test_killed_import_leaves_store_before_or_after(tmp_path):
    db = workspace(tmp_path)
    big = write(tmp_path, "big.vcf", _cards(3000))
    before = _state(db)
    env = {**os.environ, "NETMAP_DB": str(db)}
    states = set()
    for delay in (0.3, 0.8, 1.5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "netmap", "import", str(big)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _state(db)
        states.add(state)
        if state != before:
            break
    after_rerun = subprocess.run(
        [sys.executable, "-m", "netmap", "import", str(big)], env=env, capture_output=True
    )
    assert after_rerun.returncode == 0
    after = _state(db)
    assert after[0:3] == (1, 3001, 3001)
    assert states <= {before, after}


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
