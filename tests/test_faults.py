"""Faults of the store: kill -9 at random moments, and concurrent imports.

Each case runs netmap in a subprocess and checks that the workspace passes
``PRAGMA integrity_check`` and equals, table by table, its state before or after the
command, and that an output file is the previous one or the new one, never a part.
``NETMAP_FAULT_KILLS=200`` runs the long kill loops (default 10), ``NETMAP_FAULT_SEED``
draws other kill moments. Full disks, permissions: ``test_faults_output.py``; Ctrl-C and
SIGTERM: ``test_faults_signals.py``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from faults import (
    cards,
    copy_store,
    digest,
    integrity,
    netmap,
    ok,
    people,
    start,
    write_file,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

KILLS = int(os.environ.get("NETMAP_FAULT_KILLS", "10"))
SEED = int(os.environ.get("NETMAP_FAULT_SEED", "0"))
LONG = KILLS > 10


def _timed(args, db) -> float:
    began = time.monotonic()
    ok(netmap(args, db))
    return time.monotonic() - began


def _kill_at(args, db, moment: float) -> int | None:
    """Start ``netmap ARGS``, SIGKILL it ``moment`` seconds later; its exit code if it ended."""
    proc = start(args, db)
    try:
        proc.wait(moment)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    return proc.wait()


def _drop(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


# -- 1. kill -9 ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A workspace of 300 people with ties and circles, and the files the commands use."""
    folder = tmp_path_factory.mktemp("faults")
    db = folder / "base.db"
    ok(netmap(["init", "--me", "Camille Durand"], db))
    ok(netmap(["import", str(write_file(folder / "phone.vcf", cards(300)))], db))
    ok(netmap(["tag", "Person 1 Test1", "family"], db))
    ok(netmap(["tie", "Person 1 Test1", "Person 2 Test2", "--strength", "4"], db))
    ties = "person_a,person_b,strength,kind,since\n" + "".join(
        f"Person {i} Test{i % 97},Person {i + 1} Test{(i + 1) % 97},3,friend,2020\n"
        for i in range(10, 210)
    )
    write_file(folder / "ties.csv", ties)
    ok(netmap(["dedupe", "-o", str(folder / "review.csv")], db))
    lines = (folder / "review.csv").read_text(encoding="utf-8").splitlines()
    decided = [lines[0]] + [
        ("same" if i % 2 else "different") + line for i, line in enumerate(lines[1:41])
    ]
    write_file(folder / "review.csv", "\n".join(decided) + "\n")
    return folder, db


def test_kill_9_during_import_leaves_the_store_before_or_after(base, tmp_path):
    """Kill moments drawn uniformly over 1.1 times a full import: parse, match, write, commit."""
    _, db0 = base
    big = write_file(tmp_path / "big.vcf", cards(1500, start=200))  # 100 people already known
    before = digest(db0, times=True)
    reference = copy_store(db0, tmp_path / "ref.db")
    duration = _timed(["import", str(big)], reference)
    after = digest(reference)
    assert after != digest(db0)
    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    for i in range(KILLS):
        db = copy_store(db0, tmp_path / "w.db")
        _kill_at(["import", str(big)], db, rng.uniform(0, 1.1 * duration))
        assert integrity(db) == "ok"
        if digest(db, times=True) == before:
            outcomes["before"] += 1
        else:
            assert digest(db) == after, f"kill {i}: neither before nor after"
            outcomes["after"] += 1
        if LONG or i % 5 == 0:  # a rerun completes the import, a second changes nothing
            ok(netmap(["import", str(big)], db))
            assert digest(db) == after
            done = digest(db, times=True)
            assert "unchanged since it was imported" in ok(netmap(["import", str(big)], db)).stdout
            assert digest(db, times=True) == done
        _drop(db)
    print(f"\nkill -9 during import, {KILLS} kills over {duration:.2f} s: {dict(outcomes)}")
    assert sum(outcomes.values()) == KILLS


def _review(folder: Path) -> str:
    return str(folder / "review.csv")


#: Commands killed at random moments: (name, arguments, output file or None).
COMMANDS = {
    "export": lambda f, o: ["export", "-o", str(o / "net.graphml")],
    "export-csv": lambda f, o: ["export", "--format", "csv", "-o", str(o / "net.csv")],
    "report": lambda f, o: ["report", "-o", str(o / "report.md")],
    "ties-import": lambda f, o: ["ties", "import", str(f / "ties.csv")],
    "dedupe-apply": lambda f, o: ["dedupe", "--apply", _review(f)],
    "merge": lambda f, o: ["merge", "Person 3 Test3", "Person 4 Test4"],
}


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    """Put ``folder`` back to ``files``: the same bytes, nothing else."""
    for p in sorted(folder.rglob("*"), reverse=True):
        if p.is_file() and str(p.relative_to(folder)) not in files:
            p.unlink()
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    for file, data in files.items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_bytes(data)


def _temporary(file: str) -> bool:
    return Path(file).name.startswith(".") and file.endswith(".tmp")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_kill_9_during_a_command_leaves_store_and_outputs_before_or_after(base, tmp_path, name):
    if name == "report" and not LONG:
        pytest.skip("long mode only (NETMAP_FAULT_KILLS): the report takes seconds to draw")
    folder, db0 = base
    out = tmp_path / "out"
    out.mkdir()
    args = COMMANDS[name](folder, out)
    old = {"net.graphml": b"old graph\n", "net.nodes.csv": b"old nodes\n", "report.md": b"old\n"}
    _restore(out, old)
    before = digest(db0, times=True)
    reference = copy_store(db0, tmp_path / "ref.db")
    duration = _timed(args, reference)
    after, new = digest(reference), _files(out)
    assert (after != digest(db0)) != (new != old)  # the command changes the store or a file
    _restore(out, old)
    rng = random.Random(f"{SEED}-{name}")
    outcomes: Counter[str] = Counter()
    for _ in range(max(2, KILLS // 6)):
        db = copy_store(db0, tmp_path / "w.db")
        _kill_at(args, db, rng.uniform(0, 1.1 * duration))
        assert integrity(db) == "ok"
        if digest(db, times=True) == before:
            outcomes["store before"] += 1
        else:
            assert digest(db) == after
            outcomes["store after"] += 1
        for file, data in _files(out).items():
            if _temporary(file):  # kill -9 leaves no time to delete it: the next write does
                outcomes["temporary file left"] += 1
                continue
            assert data in (old.get(file), new.get(file)), file
            if old.get(file) != new.get(file):
                outcomes["file " + ("new" if data == new.get(file) else "old")] += 1
        _drop(db)
        _restore(out, {**old, **{f: d for f, d in _files(out).items() if _temporary(f)}})
    print(f"\nkill -9 during {name}, {sum(outcomes[k] for k in outcomes if k.startswith('store'))}"
          f" kills over {duration:.2f} s: {dict(outcomes)}")  # fmt: skip
    if new != old:  # the next write of the same files deletes what the killed ones left
        ok(netmap(args, db0))
        assert [f for f in _files(out) if _temporary(f)] == []


# -- 2. concurrent imports -----------------------------------------------------------------------

BUSY = "store busy: another netmap command is writing to"


@pytest.mark.parametrize("n", [2, 8])
def test_concurrent_imports_equal_a_serial_import(tmp_path, n):
    """Overlapping files (and, with 8, one file twice) imported at once into one workspace."""
    distinct = 2 if n == 2 else 7
    files = [
        write_file(tmp_path / f"f{k}.vcf", cards(200, start=100 * k, note=20))
        for k in range(distinct)
    ]
    files += files[: n - distinct]  # the same file twice
    db = tmp_path / "w.db"
    ok(netmap(["init", "--me", "Camille Durand"], db))
    procs = [
        start(["import", str(f)], db, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for f in files
    ]
    done = []
    for f, proc in zip(files, procs, strict=True):
        _, stderr = proc.communicate(timeout=300)
        if proc.returncode == 0:
            done.append(f)
        else:
            assert proc.returncode == 1 and stderr.decode().startswith(f"Error: {BUSY}"), stderr
    assert integrity(db) == "ok"
    serial = tmp_path / "serial.db"
    ok(netmap(["init", "--me", "Camille Durand"], serial))
    ok(netmap(["import", *map(str, dict.fromkeys(done))], serial))
    got = people(db)
    assert got == people(serial)
    records = [r for person in got for r in person]
    assert len(records) == len(set(records)) == 200 * len(set(done))
    assert len(got) == 100 * (len(set(done)) + 1)  # no person twice
    # With the default busy timeout every import gets its turn.
    assert len(done) == n
