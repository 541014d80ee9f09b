"""Writing graphs: GraphML and GEXF for Gephi, node-link JSON, CSV tables, edge lists, SNAP."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import FormatError, NetmapError, NotFoundError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EDGELIST_HEADER",
    "WRITE_FORMATS",
    "csv_paths",
    "csv_tables",
    "export_graph",
    "graph_bytes",
    "write_graph",
]

WRITE_FORMATS = ("graphml", "gexf", "json", "csv", "edgelist", "snap")
#: The first line of the edge lists netmap writes: their third column is the strength.
EDGELIST_HEADER = "# netmap edge list: source<TAB>target<TAB>strength; a node alone has no edge"
_NODE_COLUMNS = ["id", "label", "name", "ego", "kind", "circles", "organisations", "emails"]
_EDGE_COLUMNS = ["source", "target", "weight", "strength", "cost", "origin", "kind", "evidence"]
# Characters that would break JSON embedded in an HTML <script> or in JavaScript source.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
_JSON_ESCAPES["\u2029"] = "\\u2029"


def _clean_value(value: Any) -> Any:
    from netmap.graph_xml import clean_text

    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalars
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_clean_value(v) for v in value), key=str)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_value(v) for k, v in value.items()}
    return clean_text(str(value))


def _json_bytes(G: nx.Graph) -> bytes:
    """Node-link JSON (``edges`` key), safe to embed in HTML; lists stay lists."""
    import networkx as nx

    from netmap.graph_xml import clean_ids

    ids = clean_ids(G)
    H = nx.Graph()
    H.graph.update(
        {k: v for k, v in _clean_value(dict(G.graph)).items() if k not in ("read_notes",)}
    )
    if G.graph.get("ego") in ids:
        H.graph["ego"] = ids[G.graph["ego"]]
    H.add_nodes_from((ids[n], _clean_value(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((ids[u], ids[v], _clean_value(d)) for u, v, d in G.edges(data=True))
    try:
        data = nx.node_link_data(H, edges="edges")
    except TypeError:  # networkx < 3.4
        data = nx.node_link_data(H, link="edges")
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, default=str)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return (text + "\n").encode("utf-8")


def _edgelist_bytes(G: nx.Graph) -> bytes:
    """``source<TAB>target<TAB>strength`` lines; an isolated node alone; ``# ego:`` comment."""
    from netmap.graph_xml import clean_ids

    ids = clean_ids(G)
    for node in ids.values():
        if not node or node != node.strip() or "\t" in node or "\n" in node:
            raise FormatError(
                f"node id {node!r} is empty, has a TAB or line break, or spaces around it: "
                "an edge list cannot hold it",
                hint="export as graphml, gexf or json, or with --pseudonymise",
            )
        if node.startswith(("#", "%")):
            raise FormatError(
                f"node id {node!r} starts with a comment character",
                hint="export as graphml, gexf or json, or with --pseudonymise",
            )
    lines = [EDGELIST_HEADER]
    ego = G.graph.get("ego")
    if ego in ids:
        lines.append(f"# ego: {ids[ego]}")
    for u, v, data in G.edges(data=True):
        lines.append(f"{ids[u]}\t{ids[v]}\t{float(data.get('strength', 1.0))!r}")
    lines.extend(f"{ids[n]}\t" for n in G if G.degree(n) == 0)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _columns(first: list[str], rows: list[dict[str, Any]]) -> list[str]:
    always = ("id", "source", "target")
    seen = dict.fromkeys(c for c in first if c in always or any(c in r for r in rows))
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def csv_tables(G: nx.Graph) -> tuple[str, str]:
    """The node table and the edge table of ``G`` as CSV texts, laid out for Gephi.

    Columns ``id, label, ...`` and ``source, target, weight, ...`` (the names Gephi's
    spreadsheet import looks for), then every attribute, flattened as for GraphML (lists
    ``;``-joined, a boolean ``circle_<name>`` per circle). Cells that a spreadsheet would run
    as a formula get a leading ``'`` (:func:`netmap.report.safe_cell`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", name="=HYPERLINK(\\"http://x\\")")
    >>> G.add_edge("a", "b", strength=0.5)
    >>> nodes, edges = csv_tables(G)
    >>> print(nodes)
    id,label,name
    a,"'=HYPERLINK(""http://x"")\","'=HYPERLINK(""http://x"")"
    b,,
    <BLANKLINE>
    >>> print(edges)
    source,target,weight,strength
    a,b,0.5,0.5
    <BLANKLINE>
    """
    from netmap.graph_xml import flatten
    from netmap.report import render_records

    H = flatten(G)
    nodes = [{**d, "id": n} for n, d in H.nodes(data=True)]
    edges = [{**d, "source": u, "target": v} for u, v, d in H.edges(data=True)]
    node_text = render_records(nodes, _columns(_NODE_COLUMNS, nodes), "csv")
    edge_text = render_records(edges, _columns(_EDGE_COLUMNS, edges), "csv")
    return node_text + "\n", edge_text + "\n"


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """The two files a CSV export to ``path`` writes: ``STEM.nodes.csv`` and ``STEM.edges.csv``.

    Examples
    --------
    >>> [p.name for p in csv_paths("out/mynet.csv")]
    ['mynet.nodes.csv', 'mynet.edges.csv']
    """
    path = Path(path)
    name = path.name
    for suffix in (".nodes.csv", ".edges.csv", ".csv"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + ".nodes.csv"), path.with_name(name + ".edges.csv")


def graph_bytes(G: nx.Graph, fmt: str) -> bytes:
    """``G`` as the bytes of a one-file format: ``graphml``, ``gexf``, ``json``, ``edgelist``.

    Raises
    ------
    NetmapError
        ``csv`` and ``snap``, which write several files.
    """
    from netmap.graph_xml_write import xml_bytes

    if fmt in ("graphml", "gexf"):
        return xml_bytes(G, fmt)
    if fmt == "json":
        return _json_bytes(G)
    if fmt == "edgelist":
        return _edgelist_bytes(G)
    if fmt in ("csv", "snap"):
        raise NetmapError(f"--format {fmt} writes several files", hint="name them with -o FILE")
    raise FormatError(f"unknown graph format {fmt!r}", hint=f"use one of {WRITE_FORMATS}")


def write_graph(G: nx.Graph, path: str | Path, format: str) -> dict[str, list[str]]:
    """Write ``G`` (netmap's graph schema) to ``path`` in ``format``, atomically.

    ``graphml`` and ``gexf`` open in Gephi and read back through networkx's own readers:
    lists are flattened (``circles="family;studies"`` plus a boolean ``circle_family`` per
    circle), nodes get a ``label`` and edges a ``weight``, the characters XML forbids are
    removed (:func:`netmap.graph_xml.clean_text`, in every format) and no DTD is written.
    ``json`` is node-link JSON (``edges`` key). ``csv`` writes ``STEM.nodes.csv`` and
    ``STEM.edges.csv`` (:func:`csv_paths`), neutralised against formula injection.
    ``edgelist`` writes ``source<TAB>target<TAB>strength``. ``snap`` writes an ego network's
    five files (:func:`netmap.snap.write_snap`).

    Returns
    -------
    dict
        ``files``: the files written; ``notes``: what the format could not hold.
    """
    from netmap.graph_xml_write import xml_chunks
    from netmap.report import atomic_file, write_atomic, write_atomic_many
    from netmap.snap import write_snap

    folder = Path(path).parent
    if not folder.is_dir():
        raise NotFoundError("no such folder", file=str(folder), hint="create it first")
    try:
        if format == "snap":
            return write_snap(G, path)
        if format == "csv":
            nodes_path, edges_path = csv_paths(path)
            nodes, edges = csv_tables(G)
            write_atomic_many({nodes_path: nodes, edges_path: edges})
            return {"files": [str(nodes_path), str(edges_path)], "notes": []}
        if format in ("graphml", "gexf"):  # streamed: a large graph's XML is never in memory
            chunks = xml_chunks(G, format)
            with atomic_file(path) as handle:
                for chunk in chunks:
                    handle.write(chunk)
            return {"files": [str(path)], "notes": []}
        data = graph_bytes(G, format)
        write_atomic(path, data)
        return {"files": [str(path)], "notes": []}
    except OSError as exc:
        raise NetmapError(f"cannot write: {exc.strerror}", file=str(path)) from None


def export_graph(
    G: nx.Graph,
    output: str | Path | None,
    format: str,
    *,
    pseudonymise: bool = False,
    key: bytes | None = None,
) -> dict[str, Any]:
    """Export ``G``: pseudonymise it if asked, then write it to ``output`` or return its bytes.

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``files`` (written), ``notes``, ``data`` (the bytes when
        ``output`` is None or ``"-"``) and ``pseudonymised`` (the report of
        :func:`netmap.pseudonymise.pseudonymise`, or None).
    """
    report: dict[str, Any] = {
        "format": format,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "files": [],
        "notes": [],
        "data": None,
        "pseudonymised": None,
    }
    if pseudonymise:
        from netmap.pseudonymise import pseudonymise as pseudonymise_graph

        G, report["pseudonymised"] = pseudonymise_graph(G, key=key)
    if output is None or str(output) == "-":
        report["data"] = graph_bytes(G, format)
    else:
        written = write_graph(G, output, format)
        report["files"], report["notes"] = written["files"], written["notes"]
    return report
