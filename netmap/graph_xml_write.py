"""Writing GraphML and GEXF one node and one edge at a time, never the whole tree in memory."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from netmap.graph_xml import (
    as_type,
    attribute_key,
    circle_names,
    clean_ids,
    flat_edge_attrs,
    flat_graph_attrs,
    flat_node_attrs,
    flatten,
    unified_type,
    xml_value,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["xml_bytes", "xml_chunks"]

# The type names networkx's writers give (and its readers take back).
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_GEXF_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2">\n'
)
# Attributes networkx's GEXF writer turns into XML structure (spells, viz, parents...): a graph
# that has one is written by networkx itself, as before (netmap's own graphs have none).
_GEXF_NODE_SPECIAL = frozenset({"id", "pid", "start", "end", "viz", "parents", "spells"})
_GEXF_EDGE_SPECIAL = frozenset({"id", "type", "start", "end", "viz", "spells"})
#: Elements joined into one string before it is handed on.
_BATCH = 2000


def _attr(value: Any) -> str:
    return quoteattr(str(value))


def _text(value: Any) -> str:
    """``value`` as element text: :func:`xml.sax.saxutils.escape`, skipped when not needed."""
    text = str(value)
    if "&" in text or "<" in text or ">" in text:
        return escape(text)
    return text


def _kind(value: Any) -> type | None:
    """The type of :func:`netmap.graph_xml.flatten`'s value for ``value``, or None if left out.

    Subclasses (an ``IntEnum``...) count as their base type; text is not cleaned, so this
    is quick enough to run over a million edges before writing them.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return kind
    if kind is float:
        return kind if math.isfinite(value) else None
    value = xml_value(value)
    if value is None:
        return None
    for base in (bool, int, float):
        if isinstance(value, base):
            return base
    return str


def _edge_kinds(data: dict[str, Any]) -> dict[str, type]:
    """The types of :func:`netmap.graph_xml.flat_edge_attrs` of ``data``, found quickly."""
    kinds = {}
    for key, value in data.items():
        kind = _kind(value)
        if kind is not None:
            kinds[attribute_key(key)] = kind
    if "strength" in kinds and "weight" not in kinds:
        kinds["weight"] = kinds["strength"]
    return kinds


def _merged(items: Iterator[dict[str, type]]) -> dict[str, type]:
    """One type per attribute (:func:`netmap.graph_xml.unified_type`), in first-seen order."""
    kinds: dict[str, set[type]] = {}
    for item in items:
        for key, kind in item.items():
            found = kinds.get(key)
            if found is None:
                kinds[key] = {kind}
            elif kind not in found:
                found.add(kind)
    return {key: unified_type(found) for key, found in kinds.items()}


class _Plan:
    """What the first pass finds: node ids, circles, and each attribute's one type."""

    def __init__(self, G: nx.Graph) -> None:
        self.G = G
        self.ids = clean_ids(G)
        self.circles = circle_names(G)
        self.graph = flat_graph_attrs(G, self.ids)
        self.node_types = _merged(
            {k: _kind(v) for k, v in flat_node_attrs(d, self.circles).items()}
            for _, d in G.nodes(data=True)
        )
        self.edge_types = _merged(_edge_kinds(d) for _, _, d in G.edges(data=True))
        self.quoted = {node: _attr(new) for node, new in self.ids.items()}

    def nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each node's id, quoted for an XML attribute, and its attributes, typed."""
        types, quoted, circles = self.node_types, self.quoted, self.circles
        for node, data in self.G.nodes(data=True):
            attrs = flat_node_attrs(data, circles)
            for key, value in attrs.items():
                if type(value) is not types[key]:
                    attrs[key] = as_type(value, types[key])
            yield quoted[node], attrs

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Each edge's two ends, quoted for XML attributes, and its attributes, typed."""
        types, quoted = self.edge_types, self.quoted
        for u, v, data in self.G.edges(data=True):
            attrs = flat_edge_attrs(data)
            for key, value in attrs.items():
                if type(value) is not types[key]:
                    attrs[key] = as_type(value, types[key])
            yield quoted[u], quoted[v], attrs


def _batched(lines: Iterator[str]) -> Iterator[str]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= _BATCH:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _graphml(plan: _Plan) -> Iterator[str]:
    graph = dict(plan.graph)
    graph_id = graph.pop("id", None)
    keys: dict[tuple[str, str], str] = {}
    yield _GRAPHML_HEAD
    for scope, types in (
        ("graph", {k: _kind(v) for k, v in graph.items()}),
        ("node", plan.node_types),
        ("edge", plan.edge_types),
    ):
        for name, kind in types.items():
            key = keys[scope, name] = f"d{len(keys)}"
            yield (
                f"  <key id={_attr(key)} for={_attr(scope)} attr.name={_attr(name)} "
                f"attr.type={_attr(_GRAPHML_TYPES[kind])} />\n"
            )
    head = "" if graph_id is None else f" id={_attr(graph_id)}"
    yield f'  <graph edgedefault="undirected"{head}>\n'
    opening = {k: f"<data key={_attr(key)}" for k, key in keys.items()}

    def data(scope: str, attrs: dict[str, Any], indent: str) -> str:
        out = []
        for k, v in attrs.items():
            text, tag = _text(v), opening[scope, k]
            out.append(f"{indent}{tag}>{text}</data>\n" if text else f"{indent}{tag} />\n")
        return "".join(out)

    def elements() -> Iterator[str]:
        for node, attrs in plan.nodes():
            if attrs:
                yield f"    <node id={node}>\n{data('node', attrs, '      ')}    </node>\n"
            else:
                yield f"    <node id={node} />\n"
        for u, v, attrs in plan.edges():
            if attrs:
                body = data("edge", attrs, "      ")
                yield f"    <edge source={u} target={v}>\n{body}    </edge>\n"
            else:
                yield f"    <edge source={u} target={v} />\n"

    yield from _batched(elements())
    yield data("graph", graph, "    ")
    yield "  </graph>\n</graphml>\n"


def _gexf_value(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _gexf(plan: _Plan) -> Iterator[str]:
    from netmap import __version__

    opening: dict[tuple[str, str], str] = {}
    declared: dict[str, list[str]] = {"node": [], "edge": []}
    titles: dict[tuple[str, str], str] = {}
    for scope, types, own in (
        ("node", plan.node_types, ("label",)),
        ("edge", plan.edge_types, ("label", "weight")),
    ):
        for name, kind in types.items():
            if name in own:
                continue
            title = "networkx_key" if name == "key" else name  # as networkx does
            if (scope, title) not in titles:
                titles[scope, title] = str(len(titles))
                declared[scope].append(
                    f"      <attribute id={_attr(titles[scope, title])} title={_attr(title)} "
                    f"type={_attr(_GEXF_TYPES[kind])} />\n"
                )
            opening[scope, name] = f"<attvalue for={_attr(titles[scope, title])}"
    mode = "dynamic" if plan.graph.get("mode") == "dynamic" else "static"
    name = plan.graph.get("name", "")
    yield _GEXF_HEAD
    yield (
        f"  <meta lastmodifieddate={_attr(time.strftime('%Y-%m-%d'))}>\n"
        f"    <creator>netmap {escape(__version__)}</creator>\n  </meta>\n"
    )
    yield f'  <graph defaultedgetype="undirected" mode="{mode}" name={_attr(name)}>\n'
    for scope in ("edge", "node"):  # networkx's order: the last class declared comes first
        if declared[scope]:
            yield f'    <attributes mode="static" class="{scope}">\n'
            yield from declared[scope]
            yield "    </attributes>\n"

    def attvalues(scope: str, attrs: dict[str, Any], indent: str) -> str:
        values = "".join(
            f"{indent}  {opening[scope, k]} value={_attr(_gexf_value(v))} />\n"
            for k, v in attrs.items()
        )
        return f"{indent}<attvalues>\n{values}{indent}</attvalues>\n"

    def elements() -> Iterator[str]:
        yield "    <nodes>\n"
        for node, attrs in plan.nodes():
            label = _attr(attrs.pop("label")) if "label" in attrs else node
            tag = f"<node id={node} label={label}"
            if attrs:
                yield f"      {tag}>\n{attvalues('node', attrs, '        ')}      </node>\n"
            else:
                yield f"      {tag} />\n"
        yield "    </nodes>\n    <edges>\n"
        for number, (u, v, attrs) in enumerate(plan.edges()):
            tag = f'<edge source={u} target={v} id="{number}"'
            if "label" in attrs:
                tag += f" label={_attr(attrs.pop('label'))}"
            if "weight" in attrs:
                tag += f" weight={_attr(attrs.pop('weight'))}"
            if attrs:
                yield f"      {tag}>\n{attvalues('edge', attrs, '        ')}      </edge>\n"
            else:
                yield f"      {tag} />\n"
        yield "    </edges>\n"

    yield from _batched(elements())
    yield "  </graph>\n</gexf>\n"


def _networkx_bytes(G: nx.Graph, fmt: str) -> bytes:
    """The same file written by networkx's own writers, over :func:`flatten`."""
    import io

    import networkx as nx

    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flatten(G), buffer, encoding="utf-8")
    else:
        nx.write_gexf(flatten(G), buffer, encoding="utf-8")
    return buffer.getvalue()


def xml_chunks(G: nx.Graph, fmt: str) -> Iterator[bytes]:
    """``G`` (netmap's schema) as GraphML or GEXF, in UTF-8 pieces of a few hundred KB.

    The file is the one networkx's writers make of :func:`netmap.graph_xml.flatten` (same
    elements, attribute names and types: networkx and Gephi read it), without building a
    flattened copy of ``G`` or an XML tree: a first pass over ``G`` finds the ids and each
    attribute's type, and the elements are made as they are written. Errors in ``G`` (two ids
    the same once cleaned) are raised here, before the first piece. No DTD is written. A GEXF
    whose nodes or edges carry attributes that networkx turns into GEXF structure (``start``,
    ``viz``, ``spells``...; netmap's graphs have none) is written by networkx, in memory.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", strength=0.5)
    >>> text = b"".join(xml_chunks(G, "graphml")).decode()
    >>> print(text[text.index("  <key"):])
      <key id="d0" for="edge" attr.name="strength" attr.type="double" />
      <key id="d1" for="edge" attr.name="weight" attr.type="double" />
      <graph edgedefault="undirected">
        <node id="a" />
        <node id="b" />
        <edge source="a" target="b">
          <data key="d0">0.5</data>
          <data key="d1">0.5</data>
        </edge>
      </graph>
    </graphml>
    <BLANKLINE>
    """
    plan = _Plan(G)
    if fmt == "gexf" and (
        plan.node_types.keys() & _GEXF_NODE_SPECIAL or plan.edge_types.keys() & _GEXF_EDGE_SPECIAL
    ):
        return iter([_networkx_bytes(G, fmt)])
    text = _graphml(plan) if fmt == "graphml" else _gexf(plan)
    return (chunk.encode("utf-8") for chunk in text)


def xml_bytes(G: nx.Graph, fmt: str) -> bytes:
    """``G`` (netmap's schema) as GraphML or GEXF bytes (:func:`xml_chunks`); no DTD.

    Examples
    --------
    >>> import networkx as nx
    >>> xml_bytes(nx.Graph([("a", "b")]), "gexf").count(b"<node ")
    2
    """
    return b"".join(xml_chunks(G, fmt))
