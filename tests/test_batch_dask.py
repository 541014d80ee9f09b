"""netmap.batch on a real Dask cluster (scheduler and two worker processes on loopback)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from netmap.batch import discover, run_batch

distributed = pytest.importorskip("distributed")

SNAP = Path(__file__).resolve().parents[1] / "data" / "samples" / "snap"
ANALYSES = ("reach", "weak-ties", "brokerage", "circles")


@pytest.fixture(scope="module")
def dask_executor():
    """A LocalCluster of 2 single-thread worker processes; closed even when a test fails."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        # None means the default :8787, which another cluster on this machine may hold.
        dashboard_address=":0",
    )
    try:
        client = distributed.Client(cluster)
        try:
            yield client.get_executor()
        finally:
            client.close()
    finally:
        cluster.close()


def _three_ways(items, executor, **kwargs):
    serial = run_batch(items, analyses=ANALYSES, **kwargs)
    with ProcessPoolExecutor(2) as pool:
        pooled = run_batch(items, analyses=ANALYSES, executor=pool, **kwargs)
    dask = run_batch(items, analyses=ANALYSES, executor=executor, **kwargs)
    pd.testing.assert_frame_equal(serial, pooled)
    pd.testing.assert_frame_equal(serial, dask)
    return serial


def test_serial_pool_and_dask_equal_on_the_sample(dask_executor, fixtures):
    items = discover([str(SNAP), str(fixtures / "batch" / "broken")])
    df = _three_ways(items, dask_executor)
    assert df["id"].tolist() == ["0", "100", "200", "truncated"]
    assert df["error"].notna().tolist() == [False, False, False, True]


def test_serial_pool_and_dask_equal_per_alter(dask_executor):
    df = _three_ways(discover([str(SNAP)]), dask_executor, per_alter=True)
    assert len(df) == 3 + 42 + 33 + 30


@pytest.mark.corpus
def test_serial_pool_and_dask_equal_on_snap_ego_facebook(dask_executor, shared_data):
    items = discover([str(shared_data / "snap-ego-facebook" / "facebook")], format="snap")
    df = _three_ways(items, dask_executor)
    assert len(df) == 10 and int(df["circles_circles"].sum()) == 193
