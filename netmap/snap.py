"""SNAP ego networks (``N.edges``, ``N.circles``, ``N.feat``, ``N.egofeat``, ``N.featnames``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from netmap.errors import FormatError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["SNAP_SUFFIXES", "read_snap", "snap_prefix", "write_snap"]

#: The files of one SNAP ego network, named ``<ego id><suffix>``.
SNAP_SUFFIXES = (".edges", ".circles", ".feat", ".egofeat", ".featnames")
# Files whose presence says "SNAP ego network" rather than "an edge list called .edges".
_MARKERS = (".circles", ".feat", ".egofeat", ".featnames")


def _file(prefix: Path, suffix: str) -> Path:
    return prefix.parent / (prefix.name + suffix)


def snap_prefix(path: str | Path) -> Path | None:
    """The prefix ``.../N`` of the SNAP ego network ``path`` belongs to, or None.

    ``path`` is the bare prefix (``facebook/0``) or any one of the ego's files
    (``facebook/0.edges``...). A lone ``x.edges`` with none of the other four files is a
    plain edge list, not a SNAP ego network.
    """
    path = Path(path)
    for suffix in SNAP_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            prefix = path.parent / path.name[: -len(suffix)]
            if any(_file(prefix, s).is_file() for s in _MARKERS if s != suffix):
                return prefix
            return prefix if suffix != ".edges" else None
    if not path.is_file() and any(_file(path, s).is_file() for s in SNAP_SUFFIXES):
        return path
    return None


def _lines(path: Path):
    """(line number, stripped line) for the non-empty lines of a SNAP file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line:
            yield number, line


def _bits(values: list[str], path: Path, number: int, width: int) -> list[int]:
    if len(values) != width:
        raise FormatError(
            f"{len(values)} feature values where {path.name.rsplit('.', 1)[0]}.featnames "
            f"names {width}",
            file=str(path),
            line=number,
        )
    if any(v not in ("0", "1") for v in values):
        raise FormatError("feature values must be 0 or 1", file=str(path), line=number)
    return [i for i, v in enumerate(values) if v == "1"]


def read_snap(prefix: str | Path) -> nx.Graph:
    """Read one SNAP ego network: the ego, its alters, their edges, circles and features.

    The ego's id is the file prefix (``0`` for ``0.edges``...): it appears in none of the
    files and is linked to every alter (edges of ``origin="ego"``). Alters are every node
    of ``.feat``, ``.edges`` and ``.circles`` (an alter with no edge among alters is only in
    ``.feat``). Each undirected edge of ``.edges`` is listed twice in SNAP's files; it
    becomes one edge of ``origin="data"``. Circles (``.circles``: TAB-separated, the first
    field the circle's name) may overlap; each node's ``circles`` lists its circles sorted by
    name. ``features`` lists the ``.featnames`` names of the node's 1s (the graph
    attribute ``featnames`` keeps them all, in their order, for writing back). Every edge
    has ``strength`` 1. Self-loops are dropped and counted in ``G.graph["read_notes"]``.

    Raises
    ------
    FormatError
        A malformed line (with its file and line), or none of the files exists.
    """
    import networkx as nx

    prefix = Path(prefix)
    ego = prefix.name
    files = {s: _file(prefix, s) for s in SNAP_SUFFIXES}
    if not any(f.is_file() for f in files.values()):
        raise FormatError("no SNAP ego network files (.edges, .feat...)", file=str(prefix))
    featnames: list[str] = []
    if files[".featnames"].is_file():
        for number, line in _lines(files[".featnames"]):
            index, _, name = line.partition(" ")
            if index != str(len(featnames)):
                raise FormatError(
                    f"expected feature index {len(featnames)}, found {index!r}",
                    file=str(files[".featnames"]),
                    line=number,
                )
            featnames.append(name.strip())
    G = nx.Graph(ego=ego, featnames=featnames)
    G.add_node(ego, ego=True, features=[])
    if files[".egofeat"].is_file():
        for number, line in _lines(files[".egofeat"]):
            on = _bits(line.split(), files[".egofeat"], number, len(featnames))
            G.nodes[ego]["features"] = [featnames[i] for i in on]
    if files[".feat"].is_file():
        for number, line in _lines(files[".feat"]):
            node, *values = line.split()
            on = _bits(values, files[".feat"], number, len(featnames))
            G.add_node(node, features=[featnames[i] for i in on])
    loops = 0
    if files[".edges"].is_file():
        for number, line in _lines(files[".edges"]):
            fields = line.split()
            if len(fields) != 2:
                raise FormatError(
                    f"{len(fields)} fields where an edge has 2 node ids",
                    file=str(files[".edges"]),
                    line=number,
                )
            a, b = fields
            if a == b:
                loops += 1
                G.add_node(a)
                continue
            G.add_edge(a, b, origin="data")
    circles: dict[str, list[str]] = {}
    if files[".circles"].is_file():
        for number, line in _lines(files[".circles"]):
            name, *members = [f.strip() for f in line.split("\t")] if "\t" in line else line.split()
            if name in circles:
                raise FormatError(
                    f"circle {name!r} is listed twice", file=str(files[".circles"]), line=number
                )
            circles[name] = [m for m in members if m]
            for member in circles[name]:
                G.add_node(member)
    for node, data in G.nodes(data=True):
        data.setdefault("features", [])
        data["circles"] = []
        data["ego"] = node == ego
    for name in sorted(circles):
        for member in dict.fromkeys(circles[name]):
            G.nodes[member]["circles"].append(name)
    for node in list(G):
        if node != ego:
            G.add_edge(ego, node, origin="ego")
    G.graph["read_notes"] = []
    if loops:
        G.graph["read_notes"].append(f"dropped {loops} self-loop(s) of {files['.edges'].name}")
    empty = [name for name, members in circles.items() if not members]
    if empty:
        G.graph["read_notes"].append(
            f"{len(empty)} circle(s) of {files['.circles'].name} have no member: {', '.join(empty)}"
        )
    return G


def _token(text: str, what: str) -> str:
    if not text or any(c.isspace() for c in text):
        raise FormatError(
            f"{what} {text!r} is empty or has spaces, which SNAP's files cannot hold",
            hint="export with --pseudonymise (plain labels) or choose another format",
        )
    return text


def _field(text: str, what: str) -> str:
    if "\t" in text or "\n" in text or "\r" in text or not text.strip():
        raise FormatError(f"{what} {text!r} is empty or has a TAB or a line break")
    return text


def write_snap(G: nx.Graph, prefix: str | Path) -> dict:
    """Write ``G``'s ego network as SNAP's five files ``<prefix>.edges``... (atomically).

    SNAP names the ego by the files: the ego is written as ``Path(prefix).name``. Alters are
    the ego's neighbours; other nodes, and their edges, have no place in the format and are
    left out (counted in the returned notes). ``.edges`` lists each alter–alter edge twice
    (``a b`` and ``b a``) as SNAP does; ``.featnames`` numbers the graph's ``featnames``
    and then the other ``features`` of the ego and alters in order of appearance.
    Returns ``{"files": [...], "notes": [...]}``.

    Raises
    ------
    FormatError
        ``G`` has no ego, or a node id, circle or feature the format cannot hold.
    """
    from netmap.report import write_atomic_many

    prefix = Path(prefix)
    for suffix in SNAP_SUFFIXES:
        if prefix.name.endswith(suffix) and len(prefix.name) > len(suffix):
            prefix = prefix.with_name(prefix.name[: -len(suffix)])  # -o out/0.edges: out/0
    ego = G.graph.get("ego")
    if ego is None or ego not in G:
        raise FormatError(
            "a SNAP ego network needs an ego", hint="name it with --ego NODE", file=str(prefix)
        )
    name = _token(prefix.name, "the ego's id (the file name)")
    alters = [n for n in G[ego]]
    ids = {ego: name, **{a: _token(str(a), "node id") for a in alters}}
    if any(ids[a] == name for a in alters):
        raise FormatError(f"an alter already has the id {name!r}: choose another file name")
    featnames: dict[str, int] = {}
    for feature in G.graph.get("featnames") or []:
        featnames.setdefault(_field(str(feature), "feature"), len(featnames))
    for node in [ego, *alters]:
        for feature in G.nodes[node].get("features") or []:
            featnames.setdefault(_field(str(feature), "feature"), len(featnames))

    def bits(node) -> str:
        on = {featnames[str(f)] for f in G.nodes[node].get("features") or []}
        return " ".join("1" if i in on else "0" for i in range(len(featnames)))

    inside = set(alters)
    edges = []
    for a, b in G.subgraph(alters).edges():
        edges += [f"{ids[a]} {ids[b]}", f"{ids[b]} {ids[a]}"]
    circles: dict[str, list[str]] = {}
    for node in alters:
        for circle in G.nodes[node].get("circles") or []:
            circles.setdefault(_field(str(circle), "circle name"), []).append(ids[node])
    circles = dict(sorted(circles.items()))
    texts = {
        ".edges": edges,
        ".circles": ["\t".join([c, *m]) for c, m in circles.items()],
        ".feat": [f"{ids[a]} {bits(a)}".rstrip() for a in alters],
        ".egofeat": [bits(ego)],
        ".featnames": [f"{i} {f}" for f, i in featnames.items()],
    }
    files = {
        _file(prefix, suffix): "".join(line + "\n" for line in lines)
        for suffix, lines in texts.items()
    }
    write_atomic_many(files)  # all five written before any is renamed into place
    written = [str(path) for path in files]
    left = {n for n in G if n != ego and n not in inside}  # a set: `in` on every edge
    notes = []
    if left:
        lost = sum(1 for u, v in G.edges() if u in left or v in left)
        notes.append(
            f"{len(left)} node(s) not linked to the ego and their {lost} edge(s) left out: "
            "a SNAP ego network holds only the ego's alters"
        )
    return {"files": written, "notes": notes}
