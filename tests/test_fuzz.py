"""The fuzz harness's short mode: seeded mutations of real files through both importers.

The long mode is ``python fuzz/fuzz_importers.py --seconds 28800`` (see fuzz/README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `fuzz` is a folder of the repo, not an installed package
    sys.path.insert(0, str(ROOT))

from fuzz.campaign import run_campaign  # noqa: E402
from fuzz.harness import Bounds, check_input  # noqa: E402
from fuzz.seeds import default_corpus, find_seeds  # noqa: E402

# About 20 s here (up to 45 s on a busy machine): 1,000 inputs, 1 in 10 also imported.
SHORT_INPUTS = 1000
SHORT_MAX_SIZE = 256 * 1024


def _assert_clean(summary) -> None:
    assert summary.found == 0, summary.format()


def _short_campaign(seeds, seed: int, tmp_path):
    """Half of the short mode from ``seeds``; fails with the summary if anything was found."""
    summary = run_campaign(
        seeds,
        seed=seed,
        inputs=SHORT_INPUTS // 2,
        max_size=SHORT_MAX_SIZE,
        import_every=10,
        import_max_records=200,
        save_dir=tmp_path / "findings",
        workdir=tmp_path / "work",
    )
    _assert_clean(summary)
    return summary


def test_short_mode_repo_seeds(tmp_path):
    """The repo's own fixtures and samples: runs in every clone, with or without ../shared."""
    summary = _short_campaign(find_seeds(None), 1, tmp_path)
    assert summary.inputs == SHORT_INPUTS // 2
    assert summary.imports > 0


@pytest.mark.corpus
def test_short_mode_real_corpus(shared_data, tmp_path):
    """Seeded with the real corpus of ../shared/data (skipped without it)."""
    seeds = find_seeds(shared_data)
    assert any(s.name.startswith("vcards/") for s in seeds)
    assert any(s.name.startswith("csv/") for s in seeds)
    _short_campaign(seeds, 2, tmp_path)


def test_default_corpus_is_a_folder_or_none():
    corpus = default_corpus()
    assert corpus is None or corpus.is_dir()


# The harness must tell a finding from a documented error: these would hide every bug.
def test_documented_error_is_not_a_finding(tmp_path):
    result = check_input(b"BEGIN:VCARD\r\n\xff\xfe\xfd\r\nEND:VCARD\r\n", "vcard", tmp_path)
    assert (result.outcome, result.finding) == ("EncodingError", False)


def test_exception_other_than_netmap_error_is_a_crash(tmp_path, monkeypatch):
    import fuzz.harness

    def broken(*args, **kwargs):
        raise KeyError("x")

    monkeypatch.setattr(fuzz.harness, "read_file", broken)
    result = check_input(b"Name\nAda\n", "csv", tmp_path)
    assert (result.outcome, result.finding) == ("crash", True)
    assert "KeyError" in result.detail


def test_input_past_its_hang_limit_is_stopped(tmp_path, monkeypatch):
    import time

    import fuzz.harness

    def forever(*args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(fuzz.harness, "read_file", forever)
    bounds = Bounds(time_floor=0.05, hang_factor=1.0, hang_grace=0.0, trace_slowdown=1.0)
    result = check_input(b"Name\nAda\n", "csv", tmp_path, bounds)
    assert result.outcome == "hang"


def test_memory_over_the_bound_is_a_finding(tmp_path):
    bounds = Bounds(memory_floor=0, memory_ratio=1.0, per_record=0, per_unit=0)
    result = check_input(b"Name\nAda Lovelace\n", "csv", tmp_path, bounds)
    assert result.outcome == "memory"
