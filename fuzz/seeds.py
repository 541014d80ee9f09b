"""The seed files of the fuzzer: the real corpus when present, and the repo's own files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ROOT", "Seed", "default_corpus", "find_seeds", "kind_of"]

ROOT = Path(__file__).resolve().parents[1]
_MAX_SEED = 4 << 20  # a larger file is not a useful seed: it only slows the mutations down
_SKIP_SUFFIXES = {".md", ".toml", ".py", ".json", ".png", ".svg"}
_VCARD_SUFFIXES = {".vcf", ".vcard", ".vct"}


@dataclass(frozen=True)
class Seed:
    """One seed file: its bytes, whether it is a vCard or a CSV file, and where it came from."""

    name: str  # relative to the folder it was found in, for messages
    kind: str  # "vcard" or "csv"
    data: bytes


def default_corpus() -> Path | None:
    """``$NETMAP_SHARED_DATA`` or the repo's ``../shared/data``, when that folder exists.

    Examples
    --------
    >>> corpus = default_corpus()
    >>> corpus is None or corpus.is_dir()
    True
    """
    env = os.environ.get("NETMAP_SHARED_DATA")
    path = Path(env) if env else ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def kind_of(path: Path, data: bytes) -> str:
    """``"vcard"`` when the file's name or first bytes say so, else ``"csv"``.

    Examples
    --------
    >>> kind_of(Path("v4_0.vcard5.vcf.ref"), b"")
    'vcard'
    >>> kind_of(Path("notes.txt"), b"BEGIN:VCARD\\r\\n")
    'vcard'
    >>> kind_of(Path("google.csv"), b"Name,E-mail\\n")
    'csv'
    """
    if _VCARD_SUFFIXES & {s.lower() for s in path.suffixes}:
        return "vcard"
    return "vcard" if b"BEGIN:VCARD" in data[:4096].upper() else "csv"


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() not in _SKIP_SUFFIXES and not p.name.startswith(".")
    )


def find_seeds(corpus: Path | None = None, *, repo: Path = ROOT) -> list[Seed]:
    """Every seed: ``corpus``'s ``vcards/`` and ``csv/`` folders, then the repo's own files.

    The repo's files are ``tests/fixtures/vcard``, ``tests/fixtures/csv`` and the vCard and
    CSV files of ``data/samples``, so that a clone without ``../shared`` still fuzzes. A
    ``corpus`` without ``vcards/`` or ``csv/`` folders is taken whole. Empty files, files
    over 4 MiB and documentation (``.md``) are left out. The order is fixed (sorted paths),
    so that a run is reproducible from its ``--seed``.

    Parameters
    ----------
    corpus : Path, optional
        The real-data folder (``../shared/data``), or any folder of contact files.
    repo : Path
        The repository root.

    Returns
    -------
    list of Seed

    Examples
    --------
    >>> seeds = find_seeds(None)
    >>> {s.kind for s in seeds} == {"vcard", "csv"}
    True
    >>> any(s.name == "data/samples/phone.vcf" for s in seeds)
    True
    """
    paths: list[tuple[Path, Path]] = []  # (file, the folder its name is relative to)
    if corpus is not None:
        corpus = Path(corpus)
        parts = [p for p in (corpus / "vcards", corpus / "csv") if p.is_dir()]
        for folder in parts or [corpus]:
            paths += [(p, corpus) for p in _files(folder)]
    for folder in (repo / "tests" / "fixtures" / "vcard", repo / "tests" / "fixtures" / "csv"):
        if folder.is_dir():
            paths += [(p, repo) for p in _files(folder)]
    samples = repo / "data" / "samples"
    if samples.is_dir():
        paths += [(p, repo) for p in sorted(samples.glob("*")) if p.suffix in (".vcf", ".csv")]
    seeds = []
    seen: set[bytes] = set()
    for path, base in paths:
        size = path.stat().st_size
        if not 0 < size <= _MAX_SEED:
            continue
        data = path.read_bytes()
        if data in seen:
            continue
        seen.add(data)
        seeds.append(Seed(path.relative_to(base).as_posix(), kind_of(path, data), data))
    return seeds
