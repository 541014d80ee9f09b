"""`netmap init`."""

from __future__ import annotations

import sqlite3

from clihelp import run

from netmap.store import Store


def test_init_creates_workspace(tmp_path):
    db = tmp_path / "w.db"
    result = run(db, "init", "--me", "Camille Durand")
    assert result.exit_code == 0
    assert result.output == f"Created workspace {db} for Camille Durand (phone region FR).\n"
    assert db.exists()


def test_init_twice_for_same_person_is_fine(tmp_path):
    db = tmp_path / "w.db"
    run(db, "init", "--me", "Camille Durand")
    assert run(db, "init", "--me", "Camille Durand").exit_code == 0


def test_init_over_another_workspace_is_refused(tmp_path):
    db = tmp_path / "w.db"
    run(db, "init", "--me", "Camille Durand")
    result = run(db, "init", "--me", "Someone Else")
    assert result.exit_code == 1
    assert "a workspace already exists" in result.output
    assert "(ego: Camille Durand)" in result.output


def test_init_unknown_region(tmp_path):
    result = run(tmp_path / "w.db", "init", "--me", "A B", "--region", "XX")
    assert result.exit_code == 1
    assert "unknown region 'XX'" in result.output


def test_init_empty_name(tmp_path):
    result = run(tmp_path / "w.db", "init", "--me", "  ")
    assert result.exit_code == 1
    assert "--me needs your name" in result.output


def test_db_from_environment(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from netmap.cli import cli

    monkeypatch.setenv("NETMAP_DB", str(tmp_path / "env.db"))
    result = CliRunner().invoke(cli, ["init", "--me", "Camille Durand"])
    assert result.exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_init_finishes_an_init_interrupted_before_the_ego_was_written(tmp_path):
    db = tmp_path / "netmap.db"
    Store(db, create=True).close()  # the schema alone: what a kill between the two steps leaves
    result = run(db, "init", "--me", "Camille Durand")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT id, name, is_ego FROM persons").fetchall() == [
        ("ego", "Camille Durand", 1)
    ]
    conn.close()


def test_init_with_a_name_that_is_not_utf8_says_so_in_one_line(tmp_path):
    db = tmp_path / "netmap.db"
    result = run(db, "init", "--me", "Ana\udcff")  # how Python receives the byte 0xFF in argv
    assert result.exit_code == 1
    assert result.output == (
        "Error: an argument is not valid UTF-8 text; type names and search text in UTF-8 "
        "(check your terminal's or script's encoding)\n"
    )
