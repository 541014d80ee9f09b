"""Ctrl-C and SIGTERM while an export is written, and the atomic writes that make it safe.

Every output goes through :func:`netmap.report.write_atomic_many`: temporary files beside
the targets, fsynced, renamed only when all are written, the folder fsynced after.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from clihelp import run
from faults import FULL, INTERRUPTED, small_workspace, start

from netmap.errors import OutputError
from netmap.report import write_atomic, write_atomic_many

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A workspace of 150 people (with ties) for output tests."""
    return small_workspace(tmp_path_factory.mktemp("small"))


# -- 1. Ctrl-C and SIGTERM while writing an export -----------------------------------------------


def test_ctrl_c_during_the_write_keeps_the_old_file(small, tmp_path, monkeypatch):
    """Deterministic: the interrupt arrives in the fsync of the temporary file."""
    out = tmp_path / "net.graphml"
    out.write_bytes(b"old export\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = run(small, "export", "-o", str(out))
    assert result.exit_code == 130
    assert result.output.endswith(INTERRUPTED + "\n")
    assert out.read_bytes() == b"old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["net.graphml"]


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory):
    """An edge list of 30,000 edges: its JSON export is about 4 MB."""
    path = tmp_path_factory.mktemp("graph") / "big.txt"
    rng = random.Random(0)
    edges = set()
    while len(edges) < 30_000:
        a, b = rng.randrange(8000), rng.randrange(8000)
        if a != b:
            edges.add((min(a, b), max(a, b)))
    path.write_text("".join(f"{a} {b}\n" for a, b in sorted(edges)))
    return path


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_while_writing_an_export_keeps_the_old_file(big_graph, tmp_path, signum):
    """The signal is sent as soon as the temporary file appears, that is while writing it."""
    out = tmp_path / "out" / "net.json"
    out.parent.mkdir()
    out.write_bytes(b"old export\n")
    args = ["export", "--graph", str(big_graph), "-o", str(out)]
    for _attempt in range(3):
        out.write_bytes(b"old export\n")
        proc = start(args, tmp_path / "none.db", stderr=subprocess.PIPE)
        seen = False
        while proc.poll() is None:
            if any(n.endswith(".tmp") for n in os.listdir(out.parent)):
                proc.send_signal(signum)
                seen = True
                break
            time.sleep(0.0005)
        _, stderr = proc.communicate(timeout=120)
        assert os.listdir(out.parent) == ["net.json"]  # never a temporary file left
        if seen and out.read_bytes() == b"old export\n":
            break
        assert json.loads(out.read_bytes())["nodes"]  # too late to catch: the new file, whole
    else:
        pytest.fail("the write was never caught: the export was too quick to interrupt")
    what = "Interrupted" if signum == signal.SIGINT else "Terminated"
    assert proc.returncode == 128 + signum
    assert stderr.decode() == f"{what}: the workspace is as it was before this command.\n"


# -- 2. atomic writes ----------------------------------------------------------------------------


def test_several_files_are_renamed_only_when_all_are_written(tmp_path):
    (tmp_path / "a.csv").write_text("old a")
    with pytest.raises(OutputError) as info:
        write_atomic_many({tmp_path / "a.csv": "new a", tmp_path / "no" / "b.csv": "new b"})
    assert str(info.value) == f"no such folder for {tmp_path}/no/b.csv; create the folder first"
    assert (tmp_path / "a.csv").read_text() == "old a"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_folders_made_for_a_failed_write_are_removed(tmp_path, monkeypatch):
    real = os.fsync
    calls = []

    def full(fd):
        calls.append(fd)
        if len(calls) == 2:  # the second file: the page
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as info:
        write_atomic_many(
            {tmp_path / "page_files" / "a.svg": "<svg/>", tmp_path / "page.md": "# page"},
            make_folders=True,
        )
    assert str(info.value) == f"disk full while writing {tmp_path}/page.md; {FULL}"
    assert list(tmp_path.iterdir()) == []


def test_a_killed_writers_temporary_file_goes_at_the_nextwrite_file(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(dead.stdout)
    stale = tmp_path / f".out.txt.{pid}.abc123.tmp"
    alive = tmp_path / f".out.txt.{os.getppid()}.def456.tmp"
    other = tmp_path / f".other.txt.{pid}.abc123.tmp"
    for p in (stale, alive, other):
        p.write_text("partial")
    write_atomic(tmp_path / "out.txt", "whole")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([alive.name, other.name, "out.txt"])


def test_ctrl_c_after_the_commit_says_the_change_was_kept(tmp_path, monkeypatch):
    """The interrupt lands once the command's transaction is committed: not "as it was"."""
    import netmap.circles

    db = small_workspace(tmp_path)
    tag = netmap.circles.tag

    def tag_then_interrupted(store, person, circle):
        tag(store, person, circle)
        raise KeyboardInterrupt

    monkeypatch.setattr(netmap.circles, "tag", tag_then_interrupted)
    person = json.loads(run(db, "contacts", "--format", "json").output)[0]["id"]
    result = run(db, "tag", person, "climbing")
    assert result.exit_code == 130
    assert result.output.endswith(
        "Interrupted after this command had saved its change to the workspace (kept); "
        "its output may be incomplete.\n"
    )
    members = json.loads(run(db, "circles", "--members", "climbing", "--format", "json").output)
    assert [m["id"] for m in members] == [person]
