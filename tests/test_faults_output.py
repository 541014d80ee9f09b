"""Faults of the disk: full (tmpfs), not writable (another user), and the errors that escape.

Each case runs netmap in a subprocess and checks for one ``Error:`` line and exit 1, the
workspace unchanged (``PRAGMA integrity_check`` and a digest of every table) and the
previous output file byte-identical, with no temporary file left. Mounting a tmpfs needs
root (skipped otherwise); as root, permissions are checked as the user ``nobody``.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path

import pytest
from clihelp import run
from faults import (
    FULL,
    as_nobody,
    cards,
    digest,
    fill,
    give,
    integrity,
    leftovers,
    netmap,
    ok,
    one_line_error,
    open_folder,
    small_workspace,
    tmpfs,
    write_file,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX mounts and modes")


# -- 1. a full disk --------------------------------------------------------------------------


def test_disk_full_during_import_says_so_and_keeps_the_store(tmp_path):
    big = write_file(tmp_path / "big.vcf", cards(1500, start=100))
    with tmpfs(tmp_path / "disk", 8192) as disk:
        db = disk / "w.db"
        ok(netmap(["init", "--me", "Camille Durand"], db))
        ok(netmap(["import", str(write_file(tmp_path / "a.vcf", cards(200)))], db))
        before = digest(db, times=True)
        filler = fill(disk, leave_kb=128)
        result = netmap(["import", str(big)], db)
        assert one_line_error(result) == (
            f"Error: disk full while writing {db}; {FULL}; "
            "the workspace is as it was before this command"
        )
        assert leftovers(disk, ["w.db", "filler"]) == []
        filler.unlink()
        assert integrity(db) == "ok"
        assert digest(db, times=True) == before
        assert "read 1500, new 1400, merged 100" in ok(netmap(["import", str(big)], db)).stdout


def test_disk_full_during_init_leaves_no_file(tmp_path):
    with tmpfs(tmp_path / "disk", 32) as disk:
        db = disk / "w.db"
        result = netmap(["init", "--me", "Camille Durand"], db)
        assert one_line_error(result).startswith(f"Error: disk full while writing {db}; {FULL}")
        assert list(disk.iterdir()) == []


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A workspace of 150 people (with ties) for output tests."""
    return small_workspace(tmp_path_factory.mktemp("small"))


BATCH = Path(__file__).parent / "fixtures" / "batch" / "graphs"

#: Output commands: their arguments for an output folder, and one file they write.
OUTPUTS = {
    "export": (lambda o: ["export", "-o", str(o / "net.graphml")], "net.graphml"),
    "export-csv": (lambda o: ["export", "--format", "csv", "-o", str(o / "n.csv")], "n.nodes.csv"),
    "report-md": (lambda o: ["report", "-o", str(o / "r.md")], "r_files/network.svg"),
    "plot": (lambda o: ["plot", "circles", "-o", str(o / "c.png")], "c.png"),
    "contacts": (lambda o: ["contacts", "--format", "csv", "-o", str(o / "c.csv")], "c.csv"),
    "batch": (lambda o: ["batch", str(BATCH), "-o", str(o / "b.csv")], "b.csv"),
}


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_disk_full_while_writing_an_output_keeps_the_old_file(small, tmp_path, name):
    make, named = OUTPUTS[name]
    with tmpfs(tmp_path / "disk", 2048) as disk:
        args = make(disk)
        old = disk / Path(args[-1]).name
        old.write_bytes(b"previous output\n")
        before = digest(small, times=True)
        filler = fill(disk)
        listing = sorted(p.name for p in disk.iterdir())
        result = netmap(args, small)
        line = one_line_error(result)
        assert line.startswith(f"Error: disk full while writing {disk}/"), line
        assert line.endswith(f"; {FULL}")
        assert old.read_bytes() == b"previous output\n"
        assert sorted(p.name for p in disk.iterdir()) == listing
        filler.unlink()
        if name == "export-csv":  # once there is room, the same command works
            ok(netmap(args, small))
            assert (disk / named).exists()
    assert digest(small, times=True) == before


# -- 2. no permission --------------------------------------------------------------------------


@pytest.fixture
def nobody_home():
    """A folder the unprivileged user owns, with a workspace, and a locked folder beside it."""
    user = as_nobody()
    with open_folder() as top:
        home = give(top / "home", 0o755, folder=True)
        db = home / "w.db"
        ok(netmap(["init", "--me", "Camille Durand"], db))
        ok(netmap(["import", str(write_file(home / "a.vcf", cards(30)))], db))
        for p in home.iterdir():
            give(p, 0o644)
        locked = top / "locked"
        locked.mkdir()
        locked.chmod(0o755 if user else 0o555)
        # matplotlib's cache, in a folder the user can write.
        mpl = str(give(top / "mpl", 0o755, folder=True))
        yield db, locked, {"user": user, "MPLCONFIGDIR": mpl, "HOME": mpl}


LOCKED = {
    "export": ["export", "-o", "{out}/net.gexf"],
    "export-csv": ["export", "--format", "csv", "-o", "{out}/net.csv"],
    "contacts": ["contacts", "-o", "{out}/c.txt"],
}


@pytest.mark.parametrize("name", list(LOCKED))
def test_output_folder_not_writable_is_one_clear_line(nobody_home, name):
    db, locked, how = nobody_home
    result = netmap([a.format(out=locked) for a in LOCKED[name]], db, **how)
    line = one_line_error(result)
    assert line.startswith(f"Error: permission denied: cannot write {locked}/"), line
    assert line.endswith("write to a folder you own (-o PATH), or change its permissions")
    assert list(locked.iterdir()) == []


def test_read_only_workspace_is_one_clear_line(nobody_home):
    db, _, how = nobody_home
    db.chmod(0o444)
    before = digest(db, times=True)
    vcf = give(write_file(db.parent / "b.vcf", cards(5, start=1000)), 0o644)
    assert one_line_error(netmap(["import", str(vcf)], db, **how)) == (
        f"Error: {db} is read-only: netmap cannot write to it; make the file and its folder "
        "writable, or give --db a copy you can write"
    )
    assert integrity(db) == "ok"
    assert digest(db, times=True) == before


# -- the safety net: errors of the system that escape a writer are one line too ------------------


def test_an_os_error_that_escapes_is_one_line(small, tmp_path, monkeypatch):
    import netmap.report

    def denied(path, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(netmap.report, "write_atomic", denied)
    result = run(small, "contacts", "-o", str(tmp_path / "c.txt"))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: permission denied: cannot write {tmp_path}/c.txt; "
        "write to a folder you own (-o PATH), or change its permissions\n"
    )


def test_an_sqlite_disk_full_that_escapes_is_one_line(small, monkeypatch):
    import netmap.people

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(netmap.people, "contacts", full)
    result = run(small, "contacts")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: disk full while writing {small}; {FULL}")


def test_an_sqlite_bug_that_escapes_keeps_its_traceback(small, monkeypatch):
    import netmap.people

    def bug(*args, **kwargs):
        raise sqlite3.OperationalError("no such column: nme")

    monkeypatch.setattr(netmap.people, "contacts", bug)
    result = run(small, "contacts")
    assert isinstance(result.exception, sqlite3.OperationalError)


def test_out_of_memory_is_one_line_and_keeps_the_old_output(small, tmp_path, monkeypatch):
    import netmap.people

    def exhausted(*args, **kwargs):
        raise MemoryError

    old = tmp_path / "c.txt"
    old.write_text("previous\n")
    monkeypatch.setattr(netmap.people, "contacts", exhausted)
    result = run(small, "contacts", "-o", str(old))
    assert result.exit_code == 1
    assert result.output == (
        "Error: out of memory: this workspace or graph is too large for this machine; close "
        "other programs, use --declared-only or a smaller --graph, or run on a machine with "
        "more memory (the workspace and any previous output are as they were)\n"
    )
    assert old.read_text() == "previous\n" and sorted(tmp_path.iterdir()) == [old]
