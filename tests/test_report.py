"""Rendering and atomic writes."""

from __future__ import annotations

import os

import pytest

from netmap.errors import OutputError
from netmap.report import atomic_file, render_records, safe_cell, write_atomic


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Léa", "Léa"),
        (None, ""),
        (["a", "=b"], "a;=b"),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_render_json_and_csv():
    rows = [{"a": 1, "b": ["x", "y"]}]
    assert (
        render_records(rows, ["a", "b"], "json")
        == '[\n  {\n    "a": 1,\n    "b": [\n      "x",\n      "y"\n    ]\n  }\n]'
    )
    assert render_records(rows, ["a", "b"], "csv") == "a,b\n1,x;y"


def test_write_atomic_replaces_and_keeps_mode(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_new_file_follows_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "n.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "n.txt").stat().st_mode & 0o777 == 0o644


def test_write_atomic_failure_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("old")

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError) as info:
        write_atomic(path, "new")
    assert (
        str(info.value)
        == f"disk full while writing {path}; free some space and run the command again"
    )
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_file_interrupted_midway_keeps_old_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "out.graphml"
    path.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_file(path) as handle:
        handle.write(b"<graphml>" * 200_000)  # past the buffer: on disk in the temporary file
        assert len(os.listdir(tmp_path)) == 2
        raise KeyboardInterrupt
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.graphml"]


def test_atomic_file_disk_full_is_an_output_error(tmp_path, monkeypatch):
    path = tmp_path / "out.gexf"

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as info, atomic_file(path) as handle:
        handle.write(b"new")
    assert str(info.value).startswith(f"disk full while writing {path};")
    assert list(tmp_path.iterdir()) == []


def test_atomic_file_replaces_and_keeps_mode(tmp_path):
    path = tmp_path / "out.gexf"
    path.write_text("old")
    os.chmod(path, 0o640)
    with atomic_file(path) as handle:
        handle.write(b"new")
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.gexf"]


def test_numbers_are_not_neutralised_text_is():
    import numpy as np

    assert safe_cell(-0.9412) == "-0.9412"
    assert safe_cell(np.float64(-1.5)) == "-1.5"
    assert safe_cell(-3) == "-3"
    assert safe_cell(True) == "True"
    assert safe_cell("-3") == "'-3"
