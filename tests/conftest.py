"""Shared fixtures: paths to the small fixture files and to ../shared/data when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _shared_data() -> Path:
    env = os.environ.get("NETMAP_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


@pytest.fixture
def fixtures() -> Path:
    """The folder of small, named, one-edge-case fixture files."""
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` (or ``$NETMAP_SHARED_DATA``); the test is skipped when it is absent."""
    path = _shared_data()
    if not path.is_dir():
        pytest.skip(f"real-data corpus not found at {path}")
    return path
