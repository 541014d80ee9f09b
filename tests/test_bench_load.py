"""The load benchmark runs: a tiny workspace and graph through import and reach."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_load_runs_import_and_reach(tmp_path):
    out = tmp_path / "load.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--quick",
         "--contacts", "200", "--csv-rows", "40", "--ws-ties", "400", "--nodes", "200",
         "--edges", "1000", "--only", "import,reach", "--workdir", str(tmp_path),
         "--json", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    rows = json.loads(out.read_text())["results"]["full"]
    assert [(r["part"], r["key"], r["status"], r["met"]) for r in rows] == [
        ("workspace", "import vcard", "ok", True),
        ("workspace", "import csv", "ok", True),
        ("workspace", "ties import", "ok", True),
        ("workspace", "rules load", "ok", True),
        ("workspace", "reach", "ok", True),
        ("graph", "reach", "ok", True),
    ]
    assert rows[0]["info"]["read"] == 200 and rows[1]["info"]["merged"] == 40
    assert "| `netmap reach --graph circles-200-1000-s0-v1.txt --ego " in run.stdout
