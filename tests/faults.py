"""Helpers for fault tests: netmap in a subprocess, store digests, a full disk, another user."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

NETMAP = [sys.executable, "-m", "netmap"]
NOBODY = 65534
#: The one line netmap prints on Ctrl-C.
INTERRUPTED = "Interrupted: the workspace is as it was before this command."
#: The hint of every disk-full error.
FULL = "free some space and run the command again"


def cards(n: int, start: int = 0, note: int = 200) -> str:
    """``n`` vCards, people ``start`` .. ``start + n - 1``: the same ``i`` is the same person."""
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Test{i % 97}\r\n"
        f"EMAIL:p{i}@example.org\r\nTEL:+33 6 39 {i // 10000 % 100:02d} {i // 100 % 100:02d} "
        f"{i % 100:02d}\r\nNOTE:{'x' * note}\r\nEND:VCARD\r\n"
        for i in range(start, start + n)
    )


def write_file(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8, line ends as they are; return ``path``."""
    path.write_text(text, encoding="utf-8", newline="")
    return path


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """Assert ``result`` succeeded (showing its stderr if not); return it."""
    assert result.returncode == 0, result.stderr
    return result


def small_workspace(folder: Path) -> Path:
    """A workspace of 150 people, 40 of them in one organisation (inferred ties)."""
    db = folder / "w.db"
    ok(netmap(["init", "--me", "Camille Durand"], db))
    vcf = cards(150).replace("NOTE:", "ORG:Acme\r\nNOTE:", 40)
    ok(netmap(["import", str(write_file(folder / "phone.vcf", vcf))], db))
    return db


def env_for(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a netmap subprocess on workspace ``db``."""
    return {**os.environ, "NETMAP_DB": str(db), "MPLBACKEND": "Agg", **extra}


def start(args: Sequence[str], db: Path, *, user: Sequence[str] = (), **kwargs) -> subprocess.Popen:
    """Start ``netmap ARGS`` (optionally through ``user``, e.g. :func:`as_nobody`)."""
    kwargs.setdefault("stdout", subprocess.DEVNULL)
    kwargs.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen([*user, *NETMAP, *args], env=env_for(db), **kwargs)


def netmap(
    args: Sequence[str], db: Path, *, user: Sequence[str] = (), **env: str
) -> subprocess.CompletedProcess:
    """Run ``netmap ARGS`` to its end (as ``user``, with ``env`` added); text output."""
    return subprocess.run(
        [*user, *NETMAP, *args],
        env=env_for(db, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """Assert ``result`` failed with exit 1 and one ``Error:`` line, no traceback; return it."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# -- the store ---------------------------------------------------------------------------------


def _connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db)


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` of ``db``: ``"ok"`` when SQLite finds nothing wrong."""
    conn = _connect(db)
    try:
        return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


#: The timestamps netmap writes (:func:`netmap.store.utcnow`), in columns and in JSON values.
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")


def dump(db: Path, *, times: bool = False) -> dict[str, list[tuple]]:
    """Every table's rows, sorted; timestamps blanked unless ``times``.

    Timestamps (columns ending in ``_at``, and those inside text such as a merge's log in
    ``meta``) are the only thing two runs of the same command write differently.
    """
    conn = _connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cur.description]
            rows = []
            for row in cur:
                if not times:
                    row = tuple(
                        None
                        if c.endswith("_at")
                        else TIMESTAMP.sub("<time>", v)
                        if isinstance(v, str)
                        else v
                        for c, v in zip(columns, row, strict=True)
                    )
                rows.append(row)
            out[table] = sorted(rows, key=lambda r: json.dumps(r, default=str))
        out["user_version"] = [conn.execute("PRAGMA user_version").fetchone()]
        return out
    finally:
        conn.close()


def digest(db: Path, *, times: bool = False) -> str:
    """A SHA-256 of :func:`dump`: equal digests, equal workspaces."""
    text = json.dumps(dump(db, times=times), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def people(db: Path) -> frozenset[frozenset[tuple[str, int]]]:
    """Each person as the set of its records' (file name, line): ids and times left out."""
    conn = _connect(db)
    try:
        groups: dict[str, set[tuple[str, int]]] = {}
        rows = conn.execute(
            "SELECT r.person_id, s.name, r.line FROM records r "
            "JOIN sources s ON s.id = r.source_id WHERE r.person_id IS NOT NULL"
        )
        for pid, name, line in rows:
            groups.setdefault(pid, set()).add((Path(name).name, line))
        return frozenset(frozenset(g) for g in groups.values())
    finally:
        conn.close()


def copy_store(src: Path, dst: Path) -> Path:
    """A consistent copy of workspace ``src`` (SQLite's backup API), at ``dst``."""
    with (
        contextlib.closing(sqlite3.connect(src)) as a,
        contextlib.closing(sqlite3.connect(dst)) as b,
    ):
        a.backup(b)
    return dst


def leftovers(folder: Path, keep: Sequence[str]) -> list[str]:
    """Names in ``folder`` other than ``keep`` and SQLite's own ``-wal`` / ``-shm`` files."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name not in keep and not p.name.endswith(("-wal", "-shm"))
    )


# -- a full disk -------------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A ``size_kb`` tmpfs mounted at ``path`` for the block; skip when mounting is refused."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0777", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.skip("no mount command")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave_kb: int = 0) -> Path:
    """Fill ``folder``'s file system, leaving about ``leave_kb`` KB free; return the filler."""
    filler = folder / "filler"
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize - leave_kb * 1024
    with filler.open("wb") as handle:
        with contextlib.suppress(OSError):
            handle.write(b"\0" * max(free, 0))
    return filler


# -- another user ------------------------------------------------------------------------------


def as_nobody() -> list[str]:
    """The command prefix that runs a command as ``nobody`` (root), or ``[]`` (not root).

    File modes bind every user but root: as root, tests switch to ``nobody``; as another
    user, ``chmod`` alone makes a folder unwritable.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root, and no setpriv to switch to an unprivileged user")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import netmap.cli"], capture_output=True, cwd="/"
    )
    if probe.returncode != 0:
        pytest.skip(f"the unprivileged user cannot run this Python: {probe.stderr[-200:]!r}")
    return prefix


@contextlib.contextmanager
def open_folder() -> Iterator[Path]:
    """A fresh folder under /tmp that any user can traverse (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="netmap-faults-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for p in [folder, *folder.rglob("*")]:
            with contextlib.suppress(OSError):
                p.chmod(0o777 if p.is_dir() else 0o666)
        shutil.rmtree(folder, ignore_errors=True)


def give(path: Path, mode: int, *, folder: bool = False) -> Path:
    """Make ``path`` (a new folder if ``folder``) the unprivileged user's (when root), ``mode``."""
    if folder:
        path.mkdir()
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
    path.chmod(mode)
    return path
