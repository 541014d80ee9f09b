"""SQL is always bound with parameters: hostile names never become statement text.

Two checks. At run time, every statement netmap hands to SQLite is recorded while the hostile
names of tests/hostile.py are imported, tagged, tied, searched, shown, merged, split and
forgotten; none may appear in a statement's text. (``set_trace_callback`` alone cannot tell:
Python gives it the statement with the bound values already written in, so it serves only
to prove that the values did reach SQLite.) In the source, every ``execute`` is given a
literal, or text built only from the parts listed, with the reason, in ``ALLOWED``.
"""

from __future__ import annotations

import ast
import csv
import sqlite3
from pathlib import Path

import pytest
from hostile import BY_KEY

ROOT = Path(__file__).resolve().parents[1]
#: Values a file can carry (no lone surrogate) and that are a person's whole name.
NAMES = {k: v for k, v in BY_KEY.items() if k != "x_surrogate"}
#: The parts of SQL text that are not literals, per file, and why each is safe.
ALLOWED = {
    "netmap/circles.py": {"sql": "a string literal assigned on the line above"},
    "netmap/dedupe.py": {
        "table": "a table name from the module's constant tuples of table names",
        "_STAMP[table]": "a column name from the module constant _STAMP",
        "marks": "'?' placeholders, as many as the row has columns",
    },
    "netmap/people.py": {
        "sql": "literals, plus the literal ' AND r.person_id = ?'",
        "paths": "JSON paths built from the callers' constant field tuples",
        "f'AND ({where})' if where else ''": "json_extract over the same constant paths",
    },
    "netmap/sources.py": {"', '.join(SOURCE_COLUMNS)": "column names, a module constant"},
    "netmap/store.py": {
        "int(self.busy_timeout * 1000)": "an int: PRAGMA takes no parameter",
        "number + 1": "an int, the schema version: PRAGMA takes no parameter",
        "statement": "one statement of the module's own migration scripts",
    },
}


class _Recording:
    """A sqlite3 connection (or cursor) that records the SQL text of every statement."""

    def __init__(self, target, log: list[str]):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, name):
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        setattr(self._target, name, value)

    def __enter__(self):
        return self._target.__enter__()

    def __exit__(self, *exc):
        return self._target.__exit__(*exc)

    def __iter__(self):
        return iter(self._target)

    def _run(self, method: str, sql: str, *args, **kwargs):
        self._log.append(sql)
        result = getattr(self._target, method)(sql, *args, **kwargs)
        return _Recording(result, self._log) if isinstance(result, sqlite3.Cursor) else result

    def execute(self, sql, *args, **kwargs):
        return self._run("execute", sql, *args, **kwargs)

    def executemany(self, sql, *args, **kwargs):
        return self._run("executemany", sql, *args, **kwargs)

    def executescript(self, sql, *args, **kwargs):
        return self._run("executescript", sql, *args, **kwargs)

    def cursor(self, *args, **kwargs):
        return _Recording(self._target.cursor(*args, **kwargs), self._log)


@pytest.fixture
def recorded(monkeypatch):
    """``(statements, traced)``: the SQL text netmap gives SQLite, and what SQLite ran."""
    statements: list[str] = []
    traced: list[str] = []
    connect = sqlite3.connect

    def recording_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(traced.append)
        return _Recording(conn, statements)

    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    return statements, traced


def _write_contacts(folder: Path) -> Path:
    """The hostile names as a CSV export whose file name is hostile too."""
    path = folder / f"{BY_KEY['s_bobby']}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Full Name", "Company", "E-mail", "Group"])
        for i, value in enumerate(NAMES.values()):
            writer.writerow([value, value, f"p{i}@example.org", value])
    return path


def test_hostile_names_never_become_sql_text(tmp_path, recorded):
    from netmap.circles import tag, untag
    from netmap.dedupe import doubtful_pairs, merge_people, split_person
    from netmap.graph import build_graph
    from netmap.importers.csvfile import parse_mapping
    from netmap.importing import import_files
    from netmap.people import contacts, find_person, init_workspace, show_person
    from netmap.sources import forget_source, list_sources
    from netmap.ties import declare_tie, import_ties, remove_tie

    statements, traced = recorded
    source = _write_contacts(tmp_path)
    store = init_workspace(tmp_path / "w.db", BY_KEY["f_hyperlink"])
    with store:
        mapping = parse_mapping("Full Name=name,Company=org,E-mail=email,Group=groups")
        import_files(store, [source], mapping=mapping)
        names = dict(store.conn.execute("SELECT name, id FROM persons WHERE is_ego = 0"))
        bobby, pct, rock = (names[BY_KEY[k]] for k in ("s_bobby", "s_percent", "s_dquote"))
        for value in NAMES.values():
            contacts(store, search=value)
            if value in names:
                assert find_person(store, value) == names[value]
                show_person(store, value)
        tag(store, BY_KEY["s_bobby"], BY_KEY["s_bobby"])
        tag(store, BY_KEY["s_percent"], BY_KEY["m_link"])
        untag(store, BY_KEY["s_percent"], BY_KEY["m_link"])
        declare_tie(store, BY_KEY["s_bobby"], BY_KEY["s_percent"], 3, kind=BY_KEY["s_bobby"])
        remove_tie(store, bobby, pct)
        ties = tmp_path / "ties.csv"
        kind = BY_KEY["s_dquote"].replace('"', '""')
        ties.write_text(f'person_a,person_b,kind\n{bobby},{rock},"{kind}"\n', encoding="utf-8")
        assert import_ties(store, ties)["new"] == 1
        merge_people(store, BY_KEY["s_bobby"], BY_KEY["s_dquote"])
        split_person(store, bobby)
        doubtful_pairs(store)
        build_graph(store)
        list_sources(store)
        forget_source(store, source.name)
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert store.conn.execute("SELECT count(*) FROM persons").fetchone() == (1,)
    text = "\n".join(statements)
    assert len(statements) > 100
    in_text = [k for k, v in BY_KEY.items() if v in text]
    assert in_text == ["p_con"]  # "CON": in SQL's own words (ON CONFLICT, CONSTRAINT)
    assert "'CON'" not in text and "CON'" not in text
    ran = "\n".join(traced)  # the values did reach SQLite, bound
    assert BY_KEY["s_bobby"].replace("'", "''") in ran and "'100% sure'" in ran


def _sql_parts(node: ast.expr) -> list[ast.expr] | None:
    """The non-literal parts of SQL text (None: the expression is not text we can read)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return []
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sql_parts(node.left), _sql_parts(node.right)
        return None if left is None or right is None else left + right
    return [node]


def _execute_calls():
    for path in sorted((ROOT / "netmap").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "executescript")
            ):
                yield path.relative_to(ROOT).as_posix(), node


def test_every_execute_is_given_a_literal_or_allowed_parts():
    used: set[tuple[str, str]] = set()
    wrong = []
    for path, call in _execute_calls():
        parts = _sql_parts(call.args[0]) if call.args else None
        if parts is None:
            wrong.append(f"{path}:{call.lineno}: SQL is not text")
            continue
        for part in parts:
            text = ast.unparse(part)
            if text in ALLOWED.get(path, {}):
                used.add((path, text))
            else:
                wrong.append(f"{path}:{call.lineno}: {text}")
    assert wrong == []
    assert used == {(p, t) for p, parts in ALLOWED.items() for t in parts}, "stale ALLOWED"
