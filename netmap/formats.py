"""Graphs in and out: GraphML, GEXF, node-link JSON, edge lists, SNAP ego networks, CSV tables."""

from __future__ import annotations

import codecs
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import FormatError, NotFoundError
from netmap.graph_export import (
    EDGELIST_HEADER,
    WRITE_FORMATS,
    csv_paths,
    export_graph,
    graph_bytes,
    write_graph,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    import networkx as nx

__all__ = [
    "READ_FORMATS",
    "WRITE_FORMATS",
    "csv_paths",
    "detect_format",
    "export_graph",
    "format_for_path",
    "graph_bytes",
    "read_graph",
    "write_graph",
]

READ_FORMATS = ("graphml", "gexf", "json", "edgelist", "snap")
_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}
_EGO_COMMENT = re.compile(r"[#%]\s*ego:\s*(\S.*?)\s*$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def format_for_path(path: str | Path) -> str | None:
    """The output format a file name asks for (``.graphml``, ``.gexf``, ``.json``, ``.csv``).

    Examples
    --------
    >>> format_for_path("mynet.GEXF"), format_for_path("mynet.txt")
    ('gexf', None)
    """
    return _SUFFIXES.get(Path(path).suffix.lower())


def _head_text(data: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    return data.decode("utf-8-sig", errors="replace")


def detect_format(path: str | Path) -> str:
    """The format of the graph file ``path``, from its content, its suffix or its siblings.

    SNAP when ``path`` is an ego network's prefix (``facebook/0``) or one of its files;
    GraphML or GEXF from the root element; JSON when it starts with ``{``; otherwise an edge
    list.

    Raises
    ------
    NotFoundError
        ``path`` does not exist.
    """
    from netmap.snap import snap_prefix

    path = Path(path)
    if snap_prefix(path) is not None:
        return "snap"
    if path.is_dir():
        raise FormatError(
            "a folder, not a graph file",
            file=str(path),
            hint="give a file, or one SNAP ego network's prefix such as facebook/0",
        )
    if not path.is_file():
        raise NotFoundError("no such file", file=str(path), hint="check the path")
    with path.open("rb") as handle:
        head = _head_text(handle.read(4096)).lstrip()
    if head.startswith("<"):
        lowered = head.lower()
        for fmt in ("graphml", "gexf"):
            if f"<{fmt}" in lowered:
                return fmt
        suffix = format_for_path(path)
        if suffix in ("graphml", "gexf"):
            return suffix
        raise FormatError(
            "an XML file that is neither GraphML nor GEXF",
            file=str(path),
            hint="give a GraphML, GEXF, JSON, edge list or SNAP file",
        )
    if head.startswith("{"):
        return "json"
    return "edgelist"


def _read_edgelist(text: str, path: Path) -> nx.Graph:
    """An edge list: ``source target [weight]`` per line, separated by TAB, comma or spaces."""
    import networkx as nx

    G = nx.Graph()
    loops = repeats = 0
    weighted: bool | None = None
    column = "weight"  # the third column; "strength" in the edge lists netmap writes
    # Unweighted edges wait here and go in by add_edges_from (faster than add_edge each);
    # flushed before any node is added alone, so that nodes keep their file order.
    pending: list[tuple[str, str]] = []
    pairs = 0  # unweighted edge lines: those that added no edge were repeats

    def flush() -> None:
        G.add_edges_from(pending)
        pending.clear()

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] in "#%":
            if stripped == EDGELIST_HEADER:
                column = "strength"
            match = _EGO_COMMENT.match(stripped)
            if match:
                G.graph["ego"] = match.group(1)
            continue
        if "\t" in line:
            fields = [f.strip() for f in line.split("\t")]
        elif "," in line:
            fields = [f.strip() for f in line.split(",")]
        else:
            fields = stripped.split()
        while fields and not fields[-1]:
            fields.pop()
        if len(fields) > 3 or not all(fields):
            raise FormatError(
                f"{len(fields)} fields, some empty" if not all(fields) else f"{len(fields)} fields",
                file=str(path),
                line=number,
                hint="an edge list line is 'source target [weight]' ('#' starts a comment)",
            )
        if len(fields) == 1:
            flush()
            G.add_node(fields[0])
            continue
        if weighted is None:
            weighted = len(fields) == 3
        elif weighted != (len(fields) == 3):
            raise FormatError(
                "some edges have a weight and others not",
                file=str(path),
                line=number,
                hint="give every edge a weight, or none",
            )
        a, b = fields[0], fields[1]
        if not weighted and a != b:
            pending.append((a, b))
            pairs += 1
            if len(pending) >= 10_000:  # a bounded list: no work for the cyclic collector
                flush()
            continue
        attrs: dict[str, float] = {}
        if weighted:
            try:
                weight = float(fields[2])
            except ValueError:
                weight = math.nan
            if not (math.isfinite(weight) and weight > 0):
                raise FormatError(
                    f"weight {fields[2]!r} is not a positive number",
                    file=str(path),
                    line=number,
                    hint="remove a header line, or start it with '#'",
                )
            attrs[column] = weight
        if a == b:
            loops += 1
            flush()
            G.add_node(a)
        elif G.has_edge(a, b):
            repeats += 1
            if weighted:
                G.edges[a, b][column] = max(G.edges[a, b][column], attrs[column])
        else:
            G.add_edge(a, b, **attrs)
    flush()
    if not weighted:
        repeats = pairs - G.number_of_edges()
    notes = []
    if loops:
        notes.append(f"dropped {loops} self-loop(s)")
    if repeats:
        what = "kept once, with the largest weight" if weighted else "kept once"
        notes.append(f"{repeats} edge(s) listed more than once, {what}")
    G.graph["read_notes"] = notes
    return G


def _without_surrogates(data: Any) -> tuple[Any, set[str]]:
    """``data`` with each lone surrogate (JSON's ``\\ud800`` escapes) as U+FFFD, and the
    texts that had one: half of a character is not text, no file, table or font holds it."""
    changed: set[str] = set()

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            new = _SURROGATE.sub("\ufffd", value)
            if new != value:
                changed.add(value)
            return new
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {fix(k): fix(v) for k, v in value.items()}
        return value

    return fix(data), changed


def _node_link(data: Any, path: Path) -> nx.Graph:
    import networkx as nx

    if not isinstance(data, dict) or "nodes" not in data:
        raise FormatError("JSON that is not a node-link graph (no 'nodes')", file=str(path))
    key = "edges" if "edges" in data else "links"
    ids = [n.get("id") for n in data["nodes"] if isinstance(n, dict)]
    data, replaced = _without_surrogates(data)
    if replaced and len({repr(n.get("id")) for n in data["nodes"]}) < len(set(map(repr, ids))):
        raise FormatError(
            "two node ids are the same once their lone surrogates are replaced", file=str(path)
        )
    try:
        try:
            G = nx.node_link_graph(data, edges=key)
        except TypeError:  # networkx < 3.4
            G = nx.node_link_graph(data, link=key)
    except (KeyError, TypeError, ValueError, nx.NetworkXError) as exc:
        raise FormatError(f"cannot be read as a node-link graph: {exc!r}", file=str(path)) from None
    if replaced:
        G.graph["read_notes"] = [
            f"{len(replaced)} text(s) with half of a character (a lone surrogate): read with "
            "U+FFFD in its place"
        ]
    return G


def _simple(G: nx.Graph, notes: list[str], path: Path) -> nx.Graph:
    """``G`` as an undirected simple graph with string node ids and no self-loop."""
    import networkx as nx

    if G.is_directed():
        arcs = G.number_of_edges()
        G = G.to_undirected()
        notes.append(f"directed graph read as undirected: {arcs} arcs, {G.number_of_edges()} edges")
    if G.is_multigraph():
        H = nx.Graph()
        H.graph.update(G.graph)
        H.add_nodes_from(G.nodes(data=True))
        parallel = 0
        for u, v, data in G.edges(data=True):
            if H.has_edge(u, v):
                parallel += 1
            else:
                H.add_edge(u, v, **data)
        if parallel:
            notes.append(f"{parallel} parallel edge(s) merged (the first one kept)")
        G = H
    if any(not isinstance(n, str) for n in G):
        mapping = {n: str(n) for n in G}
        if len(set(mapping.values())) < len(mapping):
            raise FormatError("two node ids are the same once written as text", file=str(path))
        G = nx.relabel_nodes(G, mapping)
    loops = list(nx.selfloop_edges(G))
    if loops:
        G.remove_edges_from(loops)
        notes.append(f"dropped {len(loops)} self-loop(s)")
    return G


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _resolve_ego(G: nx.Graph, ego: str | None, path: Path) -> str | None:
    if ego is not None:
        if ego not in G:
            raise NotFoundError(
                f"--ego {ego!r} is not a node of the graph",
                file=str(path),
                hint="give a node id as it is in the file",
            )
        return ego
    if G.graph.get("ego") not in (None, ""):
        chosen = str(G.graph["ego"])
        if chosen not in G:
            raise FormatError(f"the graph's ego {chosen!r} is not one of its nodes", file=str(path))
        return chosen
    marked = [n for n, d in G.nodes(data=True) if _is_true(d.get("ego"))]
    if len(marked) > 1:
        raise FormatError(
            f"{len(marked)} nodes are marked ego=true",
            file=str(path),
            hint="choose one with --ego NODE",
        )
    return marked[0] if marked else None


def _edge_data(G: nx.Graph) -> Iterator[tuple[Any, Any, dict]]:
    """``G.edges(data=True)``, in the same order, straight from the adjacency dicts: more than
    twice as fast on a million edges as networkx's edge view."""
    seen = set()
    for u, nbrs in G._adj.items():
        for v, data in nbrs.items():
            if v not in seen:
                yield u, v, data
        seen.add(u)


def _complete(G: nx.Graph, ego: str | None, path: Path) -> nx.Graph:
    """Fill netmap's graph schema (see :mod:`netmap.graph`) on a graph read from a file."""
    from netmap.graph_xml import split_list

    notes = list(G.graph.get("read_notes") or [])
    G = _simple(G, notes, path)
    chosen = _resolve_ego(G, ego, path)
    G.graph["ego"] = chosen
    for node, data in G.nodes(data=True):
        if "name" not in data:
            data["name"] = str(data.pop("label")) if "label" in data else node
        data["ego"] = node == chosen
        data.setdefault("kind", "person")
        for key in ("circles", "organisations"):
            value = data.get(key)
            data[key] = split_list(value) if isinstance(value, str) else list(value or [])
        data.setdefault("emails", 0)
        data.setdefault("phones", 0)
    weights = []
    for u, v, data in _edge_data(G):
        if "strength" not in data and "weight" in data:
            try:
                weight = float(data["weight"])
            except (TypeError, ValueError):
                weight = math.nan
            if not (math.isfinite(weight) and weight > 0):
                raise FormatError(
                    f"edge {u} - {v}: weight {data['weight']!r} is not a positive number",
                    file=str(path),
                )
            weights.append(weight)
    scale = max(weights) if weights and max(weights) > 1 else 1.0
    if scale != 1.0:
        notes.append(f"edge weights divided by the largest, {scale:g}, to give strengths in (0, 1]")
    for u, v, data in _edge_data(G):
        if not data:  # no attribute at all (a plain edge list): every default at once
            origin = "ego" if chosen in (u, v) else "data"
            data.update(strength=1.0, cost=0.0, origin=origin, kind="", evidence="",
                        confidence=1.0)  # fmt: skip
            continue
        if "strength" in data:
            strength = float(data["strength"])
            if not 0 < strength <= 1:
                raise FormatError(
                    f"edge {u} - {v}: strength {data['strength']!r} is not in (0, 1]",
                    file=str(path),
                )
        else:
            strength = float(data["weight"]) / scale if "weight" in data else 1.0
        data["strength"] = strength
        data.setdefault("cost", abs(math.log(strength)))
        data.setdefault("origin", "ego" if chosen in (u, v) else "data")
        data.setdefault("kind", "")
        data.setdefault("evidence", "")
        data.setdefault("confidence", 1.0)
    G.graph["read_notes"] = notes
    return G


def read_graph(path: str | Path, *, ego: str | None = None, format: str | None = None) -> nx.Graph:
    """Read a graph file into netmap's graph schema (see :mod:`netmap.graph`).

    Formats (``format``, or recognised from the content and the file's neighbours):
    ``graphml`` and ``gexf`` (refused if they declare a DTD or an entity), ``json``
    (node-link), ``edgelist`` (``source target [weight]`` per line, TAB, comma or spaces,
    ``#`` comments, a lone id is an isolated node) and ``snap`` (an ego network: its prefix
    ``.../0`` or any of its files, see :func:`netmap.snap.read_snap`).

    The graph is made undirected and simple; node ids are strings; self-loops are dropped.
    Missing attributes are filled: nodes get ``name`` (their ``label``, else their id),
    ``ego``, ``kind="person"``, ``circles``, ``organisations``, ``emails=0``, ``phones=0``;
    edges get ``strength`` (from ``weight`` when there is none: weights are divided by the
    largest when it is above 1, kept as they are when all are in (0, 1], and 1 when edges
    have no weight), ``cost = -log(strength)``, ``origin`` (``"ego"`` for the ego's edges,
    else ``"data"``), ``kind``, ``evidence`` and ``confidence=1``. Lists that netmap
    flattened on writing come back as lists. The ego is ``ego``, else the file's graph
    attribute ``ego``, else the one node with ``ego=true``, else (SNAP) the prefix, else
    None. What was changed on the way is said in ``G.graph["read_notes"]``.

    Raises
    ------
    NotFoundError
        No such file, or ``ego`` is not a node.
    FormatError
        An unreadable file, with its line when there is one.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "g.txt")
    >>> _ = open(path, "w").write("# ego: a\\na b 2\\nb c 4\\nc c 1\\n")
    >>> G = read_graph(path)
    >>> G.graph["ego"], sorted(G.edges(data="strength"))
    ('a', [('a', 'b', 0.5), ('b', 'c', 1.0)])
    >>> print("\\n".join(G.graph["read_notes"]))
    dropped 1 self-loop(s)
    edge weights divided by the largest, 4, to give strengths in (0, 1]
    """
    from netmap.graph_xml import read_xml_graph
    from netmap.snap import read_snap, snap_prefix

    path = Path(path)
    fmt = format or detect_format(path)
    if fmt not in READ_FORMATS:
        raise FormatError(f"unknown graph format {fmt!r}", hint=f"use one of {READ_FORMATS}")
    if fmt == "snap":
        G = read_snap(snap_prefix(path) or path)
    else:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFoundError("no such file", file=str(path), hint="check the path") from None
        if fmt in ("graphml", "gexf"):
            G = read_xml_graph(data, path, fmt)
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise FormatError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
            if fmt == "json":
                try:
                    G = _node_link(json.loads(text), path)
                except json.JSONDecodeError as exc:
                    raise FormatError(
                        f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno
                    ) from None
            else:
                G = _read_edgelist(text, path)
    return _complete(G, ego, path)
