"""The ego networks of a batch: finding them in folders and globs, and reading one."""

from __future__ import annotations

import glob
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.errors import NetmapError, NotFoundError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["BATCH_FORMATS", "EgoInput", "discover", "input_size", "read_ego"]

#: The formats ``discover(format=...)`` accepts.
BATCH_FORMATS = ("snap", "graphml", "gexf", "edgelist")
#: File suffixes of each format, when a folder is searched.
_SUFFIXES = {
    "graphml": (".graphml",),
    "gexf": (".gexf",),
    "edgelist": (".edgelist", ".edges", ".txt", ".tsv"),
}
#: Suffixes too common to be taken for edge lists in a folder unless ``format="edgelist"``.
_ONLY_ASKED = (".txt",)
#: Files of contact exports in a per-ego folder.
_EXPORTS = (".vcf", ".vcard", ".csv")
_GLOB = re.compile(r"[*?\[]")


@dataclass(frozen=True, order=True)
class EgoInput:
    """One ego network of a batch.

    ``id`` names the ego in the results (the SNAP prefix, the file's or folder's name);
    ``path`` is the SNAP prefix, the file, or the folder of contact exports; ``kind`` is
    ``snap``, ``graphml``, ``gexf``, ``edgelist`` or ``contacts``; ``ego`` is the ego's node
    id when a sidecar ``NAME.ego`` file names it (else it comes from the file itself, or
    from the file's name).
    """

    id: str
    path: str
    kind: str
    ego: str | None = None


def _natural(text: str) -> list:
    """Sort key putting ``2`` before ``10``."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _sidecar(path: Path) -> str | None:
    """The ego named in ``NAME.ego`` (next to ``NAME.txt``) or ``NAME.txt.ego``, if any."""
    for side in (path.with_suffix(".ego"), path.parent / (path.name + ".ego")):
        if side.is_file():
            text = side.read_text(encoding="utf-8-sig").strip()
            return text.splitlines()[0].strip() if text else None
    return None


def _file_kind(path: Path, fmt: str | None) -> str | None:
    """The kind of one file, or None when it is not an ego network of the format asked."""
    from netmap.snap import snap_prefix

    if path.name.endswith(".edges") and snap_prefix(path):
        return "snap" if fmt in (None, "snap") else None  # never a plain edge list
    if fmt == "snap":
        return None
    suffix = path.suffix.lower()
    if fmt is None and suffix in _ONLY_ASKED:
        return None
    for kind, suffixes in _SUFFIXES.items():
        if suffix in suffixes and fmt in (None, kind):
            return kind
    return None


def _item(path: Path, kind: str) -> EgoInput:
    if kind == "snap":
        prefix = path.parent / path.name[: -len(".edges")] if path.name.endswith(".edges") else path
        return EgoInput(prefix.name, str(prefix), "snap")
    if kind == "contacts":
        return EgoInput(path.name, str(path), "contacts")
    return EgoInput(path.stem, str(path), kind, _sidecar(path))


def _in_folder(folder: Path, fmt: str | None, per_ego: str | None) -> list[EgoInput]:
    if per_ego == "contacts":
        return [
            _item(sub, "contacts")
            for sub in folder.iterdir()
            if sub.is_dir() and not sub.name.startswith(".")
        ]
    items = []
    for path in folder.iterdir():
        kind = _file_kind(path, fmt) if path.is_file() else None
        if kind:
            items.append(_item(path, kind))
    return items


def _one(path: Path, fmt: str | None, per_ego: str | None) -> list[EgoInput]:
    from netmap.snap import snap_prefix

    if path.is_dir():
        return _in_folder(path, fmt, per_ego)
    if per_ego == "contacts":
        raise NetmapError(
            f"{path} is not a folder",
            hint="with --per-ego contacts, give folders holding one sub-folder of exports "
            "per person",
        )
    if fmt == "snap" or (fmt is None and snap_prefix(path)):
        prefix = snap_prefix(path) or path
        return [EgoInput(prefix.name, str(prefix), "snap")]
    if path.is_file():
        kind = fmt or _file_kind(path, None) or "edgelist"
        return [_item(path, kind)]
    raise NotFoundError("no such file or folder", file=str(path), hint="check the path")


def discover(
    inputs: list[str], *, format: str | None = None, per_ego: str | None = None
) -> list[EgoInput]:
    """The ego networks named by ``inputs``: folders, globs or files, in a stable order.

    A folder yields every ego network in it (not in its sub-folders): SNAP ego networks
    (one per ``N.edges`` that has SNAP's other files beside it), ``.graphml``, ``.gexf`` and
    edge lists (``.edgelist``, ``.edges``, ``.tsv``; ``.txt`` too with ``format="edgelist"``,
    or when named); ``format`` keeps one format only (``snap`` takes every ``N.edges``). A
    file named explicitly that is of no known suffix is read as an edge list. With
    ``per_ego="contacts"`` each sub-folder is one person's contact exports. The ego of an
    edge list, GraphML or GEXF file is the one named in a sidecar ``NAME.ego`` file, else
    the one the file names, else the node named like the file. Egos are sorted by path
    (``2`` before ``10``); each appears once.

    Raises
    ------
    NotFoundError
        An input that is no file, folder or matching glob.

    Examples
    --------
    >>> from pathlib import Path
    >>> [(e.id, e.kind) for e in discover([str(Path("data/samples/snap"))])]
    [('0', 'snap'), ('100', 'snap'), ('200', 'snap')]
    """
    if format is not None and format not in BATCH_FORMATS:
        raise NetmapError(f"unknown format {format!r}", hint=f"use one of {BATCH_FORMATS}")
    if per_ego not in (None, "contacts"):
        raise NetmapError(f"unknown --per-ego {per_ego!r}", hint="use contacts")
    found: dict[str, EgoInput] = {}
    for text in inputs:
        paths = [Path(text)]
        if not paths[0].exists() and _GLOB.search(text):
            paths = [Path(p) for p in glob.glob(text)]
            if not paths:
                raise NotFoundError("no file matches", file=text, hint="check the pattern")
        for path in paths:
            for item in _one(path, format, per_ego):
                found.setdefault(item.path, item)
    return sorted(found.values(), key=lambda e: (_natural(e.path), e.kind))


def _contacts_graph(folder: Path) -> nx.Graph:
    """Import one person's exports into a temporary workspace and build its graph."""
    from netmap.graph import build_graph
    from netmap.importing import import_files
    from netmap.people import init_workspace

    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _EXPORTS)
    if not files:
        raise NotFoundError(
            "no contact export (.vcf, .csv) in this folder", file=str(folder), hint="add them"
        )
    with tempfile.TemporaryDirectory(prefix="netmap-batch-") as tmp:
        store = init_workspace(Path(tmp) / "ego.db", folder.name)
        try:
            import_files(store, files)
            G = build_graph(store)
        finally:
            store.close()
    return G


def read_ego(item: EgoInput) -> nx.Graph:
    """The ego network of ``item``, with ``G.graph["ego"]`` set.

    Raises
    ------
    NetmapError
        An unreadable file, or a graph whose ego cannot be found.
    """
    from netmap.formats import read_graph

    if item.kind == "contacts":
        return _contacts_graph(Path(item.path))
    if item.kind == "snap":
        return read_graph(item.path, format="snap")
    G = read_graph(item.path, ego=item.ego, format=item.kind)
    if G.graph.get("ego") is None:
        stem = Path(item.path).stem
        if stem not in G:
            raise NetmapError(
                "the graph names no ego",
                file=item.path,
                hint=f"name it in a sidecar file {stem}.ego, or call the file after the ego",
            )
        G.graph["ego"] = stem
        G.nodes[stem]["ego"] = True
    return G


def input_size(item: EgoInput) -> int:
    """Bytes of the ego's files: a cheap guess at how long it takes."""
    path = Path(item.path + ".edges" if item.kind == "snap" else item.path)
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0
