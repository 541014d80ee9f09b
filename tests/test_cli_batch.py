"""`netmap batch`: many ego networks in, one table out; failures, formats and --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pandas as pd
from click.testing import CliRunner

from netmap.cli import cli

SNAP = Path(__file__).resolve().parents[1] / "data" / "samples" / "snap"


def batch(*args: str):
    return CliRunner().invoke(cli, ["batch", *args])


def test_snap_sample_to_csv(tmp_path):
    out = tmp_path / "r.csv"
    result = batch(str(SNAP), "--jobs", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"3 ego(s), 3 row(s) written to {out}.\n"
    df = pd.read_csv(out, dtype={"id": str})
    assert df["id"].tolist() == ["0", "100", "200"]
    assert df[["nodes", "edges", "circles_circles"]].values.tolist() == [
        [43, 152, 6],
        [34, 127, 5],
        [31, 80, 6],
    ]
    assert df["error"].isna().all()
    assert {"reach_direct", "weak_ties_local_bridges", "brokerage_constraint",
            "circles_found_f1", "netmap_version", "params"} <= set(df.columns)  # fmt: skip


def test_failing_ego_is_a_row_and_exit_1(tmp_path, fixtures):
    out = tmp_path / "r.jsonl"
    result = batch(
        str(fixtures / "batch" / "graphs"), str(fixtures / "batch" / "broken"), "-o", str(out),
        "--jobs", "2", "--analyses", "reach",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 of 4 ego(s) failed: see the error column."
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["reach_direct"]) for r in rows] == [
        ("truncated", None),
        ("alice", 5),
        ("bob", 4),
        ("carol", 2),
    ]
    assert "truncated.graphml" in rows[0]["error"]


def test_graphml_written_in_tmp_path(tmp_path):
    G = nx.star_graph(["me", "a", "b", "c"])
    G.add_edge("a", "b")
    G.graph["ego"] = "me"
    nx.write_graphml(G, tmp_path / "me.graphml")
    out = tmp_path / "r.parquet"
    result = batch(str(tmp_path / "*.graphml"), "--analyses", "brokerage,summary", "-o", str(out))
    assert result.exit_code == 0, result.output
    row = pd.read_parquet(out).iloc[0]
    assert (row["id"], row["brokerage_contacts"], row["brokerage_open_two_paths"]) == ("me", 3, 2)
    assert row["summary_ties_among_contacts"] == 1


def test_per_ego_contacts_folders(tmp_path, fixtures):
    out = tmp_path / "class.csv"
    result = batch(
        str(fixtures / "batch" / "contacts"), "--per-ego", "contacts", "--per-alter",
        "--analyses", "reach", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out)
    assert df["id"].tolist() == ["lea"] * 4 + ["marc"] * 3
    # Alters come in the order of their (stable) person ids.
    assert sorted(df["alter_name"].tolist()[1:4]) == ["Ines Roux", "Jon Petit", "Marc Petit"]
    assert sorted(df["alter_name"].tolist()[5:]) == ["John Petit", "Lea Martin"]


def test_per_alter_rows(tmp_path):
    out = tmp_path / "r.csv"
    result = batch(str(SNAP / "200"), "--per-alter", "--analyses", "weak-ties", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"1 ego(s), 31 row(s) written to {out}.\n"


def test_unknown_analysis_is_a_usage_error(tmp_path):
    result = batch(str(SNAP), "--analyses", "reach,fame", "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 2
    assert "unknown analysis fame" in result.output


def test_unknown_output_suffix(tmp_path):
    result = batch(str(SNAP), "-o", str(tmp_path / "r.xlsx"))
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot tell the output format of")


def test_no_ego_network_found(tmp_path):
    result = batch(str(tmp_path), "-o", str(tmp_path / "r.csv"))
    assert result.exit_code == 1
    assert "no ego network found" in result.output


def test_resume_keeps_done_and_reruns_failed(tmp_path, fixtures):
    out = tmp_path / "r.csv"
    inputs = (str(SNAP), str(fixtures / "batch" / "broken"))
    assert batch(*inputs, "--analyses", "reach", "-o", str(out)).exit_code == 1
    result = batch(*inputs, "--analyses", "reach", "-o", str(out), "--resume")
    assert result.exit_code == 1
    assert result.output.startswith("Resuming: 3 ego(s) already done, 1 to run.\n")
    assert pd.read_csv(out, dtype={"id": str})["id"].tolist() == ["0", "100", "200", "truncated"]


def _egos(folder: Path, n: int) -> None:
    """``n`` GraphML egos, each slow enough (a few tenths of a second) to kill a run midway."""
    for i in range(n):
        G = nx.relabel_nodes(nx.connected_watts_strogatz_graph(300, 12, 0.1, seed=i), str)
        G.graph["ego"] = "0"
        nx.write_graphml(G, folder / f"e{i:02d}.graphml")


def test_killed_run_then_resume_has_every_ego_once(tmp_path):
    egos = tmp_path / "egos"
    egos.mkdir()
    _egos(egos, 12)
    out = tmp_path / "r.csv"
    command = [sys.executable, "-m", "netmap", "batch", str(egos), "--jobs", "1",
               "--chunk-size", "2", "-o", str(out)]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the batch finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    first = pd.read_csv(out)
    assert 2 <= len(first) < 12
    result = subprocess.run([*command, "--resume"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"Resuming: {len(first)} ego(s) already done")
    df = pd.read_csv(out)
    assert df["id"].tolist() == [f"e{i:02d}" for i in range(12)]
    assert df["error"].isna().all()
