"""netmap.batch: finding ego networks, analysing each, one table whatever the executor."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from netmap.batch import (
    EgoInput,
    analyse_ego,
    discover,
    read_done,
    read_results,
    run_batch,
    write_results,
)
from netmap.errors import NetmapError, NotFoundError

ROOT = Path(__file__).resolve().parents[1]
SNAP = ROOT / "data" / "samples" / "snap"


@pytest.fixture
def batch_dir(fixtures) -> Path:
    return fixtures / "batch"


def _ids(items):
    return [(e.id, e.kind, e.ego) for e in items]


def test_discover_snap_sample_in_natural_order():
    items = discover([str(SNAP)])
    assert _ids(items) == [("0", "snap", None), ("100", "snap", None), ("200", "snap", None)]
    assert items[0].path == str(SNAP / "0")


def test_discover_snap_prefix_file_and_glob_give_each_ego_once():
    items = discover([str(SNAP / "0"), str(SNAP / "0.circles"), str(SNAP / "*.edges")])
    assert [e.id for e in items] == ["0", "100", "200"]


def test_discover_txt_only_when_asked(batch_dir):
    # combined.txt is no ego network: left out of a folder scan unless --format edgelist.
    assert [e.id for e in discover([str(SNAP)], format="edgelist")] == ["combined"]
    assert [e.id for e in discover([str(SNAP)], format="snap")] == ["0", "100", "200"]


def test_discover_graph_files_with_sidecar_ego(batch_dir):
    items = discover([str(batch_dir / "graphs")])
    assert _ids(items) == [
        ("alice", "graphml", None),
        ("bob", "edgelist", "bob"),
        ("carol", "edgelist", None),
    ]
    assert _ids(discover([str(batch_dir / "graphs")], format="graphml")) == [
        ("alice", "graphml", None)
    ]


def test_discover_per_ego_contacts(batch_dir):
    items = discover([str(batch_dir / "contacts")], per_ego="contacts")
    assert _ids(items) == [("lea", "contacts", None), ("marc", "contacts", None)]


def test_discover_missing_input():
    with pytest.raises(NotFoundError, match="no such file or folder"):
        discover(["no/such/folder"])
    with pytest.raises(NotFoundError, match="no file matches"):
        discover(["no/such/*.graphml"])
    with pytest.raises(NetmapError, match="unknown format"):
        discover([str(SNAP)], format="pajek")


def test_analyse_ego_snap_sample():
    [item] = discover([str(SNAP / "200")])
    [row] = analyse_ego(item, ("reach", "circles"), {})
    assert (row["id"], row["ego"], row["nodes"], row["edges"]) == ("200", "200", 31, 80)
    assert (row["reach_direct"], row["circles_contacts"], row["circles_circles"]) == (30, 30, 6)
    assert row["circles_everyone_one_minus_ber"] == 0.5
    assert row["params"] == '{"k": 3, "method": "louvain", "seed": 0, "weighted": false}'
    assert row["error"] is None


def test_analyse_ego_ego_from_sidecar_and_from_file_name(batch_dir):
    bob, carol = discover([str(batch_dir / "graphs")])[1:]
    [row] = analyse_ego(bob, ("reach", "brokerage"), {})
    assert (row["ego"], row["nodes"], row["edges"], row["reach_direct"]) == ("bob", 5, 6, 4)
    assert row["brokerage_open_two_paths"] == 4
    [row] = analyse_ego(carol, ("brokerage",), {})
    assert (row["ego"], row["brokerage_contacts"], row["brokerage_open_two_paths"]) == (
        "carol",
        2,
        0,
    )


def test_analyse_ego_corrupt_file_is_an_error_row(batch_dir):
    [item] = discover([str(batch_dir / "broken")])
    [row] = analyse_ego(item, ("reach",), {})
    assert row["id"] == "truncated" and row["nodes"] is None
    assert row["error"].startswith(str(batch_dir / "broken" / "truncated.graphml"))


def test_analyse_ego_no_ego_is_an_error_row(tmp_path):
    path = tmp_path / "nobody.edgelist"
    path.write_text("a b\n")
    [row] = analyse_ego(discover([str(path)])[0], ("reach",), {})
    assert "the graph names no ego" in row["error"]
    assert "nobody.ego" in row["error"]


def test_analyse_ego_contacts_folder_in_a_temporary_store(batch_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    items = discover([str(batch_dir / "contacts")], per_ego="contacts")
    rows = [analyse_ego(i, ("reach", "summary"), {})[0] for i in items]
    assert [(r["id"], r["ego"], r["reach_direct"], r["error"]) for r in rows] == [
        ("lea", "ego", 3, None),
        ("marc", "ego", 2, None),
    ]
    assert rows[0]["summary_name"] == "lea"
    assert list(tmp_path.iterdir()) == []  # nothing written where the user is


def test_run_batch_per_alter_rows():
    df = run_batch(discover([str(SNAP)]), analyses=["reach", "weak-ties"], per_alter=True)
    assert len(df) == 3 + 42 + 33 + 30
    egos = df[df["alter"].isna()]
    assert egos["id"].tolist() == ["0", "100", "200"]
    assert df["alter"].iloc[1:5].tolist() == ["1", "2", "3", "4"]
    first = df.iloc[1]
    assert (first["id"], first["alter_circles"], first["reach_opens"]) == (
        "0",
        '["family", "internship"]',
        0,
    )
    assert df["error"].isna().all()
    assert {"reach_opens", "weak_ties_local_bridge", "weak_ties_label"} <= set(df.columns)


def test_run_batch_skips_done_and_reports_progress():
    seen = []
    df = run_batch(
        discover([str(SNAP)]),
        analyses=["reach"],
        done_ids={"100"},
        progress=lambda item, rows: seen.append(item.id),
    )
    assert df["id"].tolist() == ["0", "200"] and seen == ["0", "200"]


def test_run_batch_unknown_analysis_or_parameter():
    with pytest.raises(NetmapError, match="unknown analysis centrality"):
        run_batch([], analyses=["centrality"])
    with pytest.raises(NetmapError, match="unknown parameter"):
        run_batch([], params={"colour": 1})


def test_run_batch_serial_equals_process_pool(batch_dir):
    items = discover([str(SNAP), str(batch_dir / "graphs"), str(batch_dir / "broken")])
    serial = run_batch(items, analyses=["reach", "weak-ties", "brokerage", "circles"])
    with ProcessPoolExecutor(2) as pool:
        pooled = run_batch(items, analyses=["reach", "weak-ties", "brokerage", "circles"],
                           executor=pool)  # fmt: skip
    pd.testing.assert_frame_equal(serial, pooled)
    assert serial["id"].tolist() == ["0", "100", "200", "truncated", "alice", "bob", "carol"]
    assert serial["error"].notna().tolist() == [False, False, False, True, False, False, False]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_write_read_results(tmp_path, suffix):
    df = run_batch([EgoInput("x", "missing.graphml", "graphml"), *discover([str(SNAP / "0")])],
                   analyses=["reach"])  # fmt: skip
    path = tmp_path / f"r{suffix}"
    write_results(df, path)
    back = read_results(path)
    assert back["id"].tolist() == ["x", "0"]
    assert str(back["reach_direct"].iloc[1]) in ("42", "42.0")
    assert read_done(path) == {"0"}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_read_done_without_file(tmp_path):
    assert read_done(tmp_path / "r.csv") == set()


def test_write_results_unknown_suffix(tmp_path):
    with pytest.raises(NetmapError, match=r"name the file \.csv, \.parquet or \.jsonl"):
        write_results(pd.DataFrame({"id": []}), tmp_path / "r.xlsx")


def test_parquet_without_pyarrow_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(NetmapError, match=r"netmap\[parquet\]"):
        write_results(pd.DataFrame({"id": ["0"]}), tmp_path / "r.parquet")


@pytest.mark.corpus
def test_snap_ego_facebook_ten_egos(shared_data):
    items = discover([str(shared_data / "snap-ego-facebook" / "facebook")], format="snap")
    df = run_batch(items, analyses=["circles"])
    assert df["id"].tolist() == [
        "0", "107", "348", "414", "686", "698", "1684", "1912", "3437", "3980",
    ]  # fmt: skip
    assert df["error"].isna().all()
    assert int(df["circles_circles"].sum()) == 193
    means = df[["circles_everyone_one_minus_ber", "circles_everyone_f1"]].mean().round(3)
    assert means.tolist() == [0.5, 0.524]
    found = df[["circles_found_one_minus_ber", "circles_found_f1"]].mean().round(3)
    assert found.tolist() == [0.713, 0.386]
