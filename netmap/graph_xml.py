"""GraphML and GEXF: text made safe for XML, lists flattened for Gephi, no DTD read in."""

from __future__ import annotations

import functools
import io
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import FormatError, NetmapError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "LIST_ATTRIBUTES",
    "as_type",
    "attribute_key",
    "circle_names",
    "clean_ids",
    "clean_text",
    "flat_edge_attrs",
    "flat_graph_attrs",
    "flat_node_attrs",
    "flatten",
    "join_list",
    "read_xml_graph",
    "refuse_dtd",
    "split_list",
    "unflatten",
    "unified_type",
    "xml_value",
]

#: Attributes that hold lists in netmap's graphs: flattened to ``a;b`` on writing GraphML,
#: GEXF and CSV, split back on reading (a ``;`` or ``\`` inside an item is escaped with ``\``).
LIST_ATTRIBUTES = (
    "circles",
    "excluded_circles",
    "organisations",
    "features",
    "featnames",
    "large_affiliations",
)

# Characters XML 1.0 forbids: C0 controls except TAB/LF/CR, U+FFFE/U+FFFF and surrogates
# (in a Python str, any surrogate code point is unpaired text that cannot be encoded).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# Attributes that the XML readers add by themselves and that carry no data of ours.
_READER_GRAPH_KEYS = ("node_default", "edge_default", "mode")
_SKIP_GRAPH_KEYS = ("read_notes", "node_default", "edge_default")


def clean_text(text: str) -> str:
    """``text`` without the characters XML forbids, line ends as LF.

    NUL and the other C0 controls except TAB, LF and CR, U+FFFE, U+FFFF and unpaired
    surrogates are removed; CR LF and lone CR become LF, as every XML parser would read them.

    Examples
    --------
    >>> clean_text("Léa\\x00 \\ud800Martin\\r\\n😀")
    'Léa Martin\\n😀'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def join_list(items: Any) -> str:
    """A list as one ``;``-joined string; ``\\`` and ``;`` inside items are escaped.

    Examples
    --------
    >>> join_list(["family", "studies"])
    'family;studies'
    >>> join_list(["birthday;anonymized feature 0", "a\\\\b"])
    'birthday\\\\;anonymized feature 0;a\\\\\\\\b'
    """
    return ";".join(str(i).replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(text: str) -> list[str]:
    """The inverse of :func:`join_list`; an empty string is an empty list.

    Examples
    --------
    >>> split_list("family;studies")
    ['family', 'studies']
    >>> split_list(join_list(["x;y", "z\\\\"]))
    ['x;y', 'z\\\\']
    >>> split_list("")
    []
    """
    if not text:
        return []
    items, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


def xml_value(value: Any) -> Any:
    """A value GraphML/GEXF can hold (str, bool, int, float), or None to leave it out.

    Examples
    --------
    >>> xml_value(["a", "b"]), xml_value(float("nan")), xml_value("x\\x00y")
    ('a;b', None, 'xy')
    """
    kind = type(value)  # the usual types first: a million edges go through here
    if kind is str:
        return clean_text(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is int or kind is bool or value is None:
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalars
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return clean_text(join_list(items))
    if isinstance(value, dict):
        return clean_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    return clean_text(str(value))


@functools.lru_cache(maxsize=4096, typed=True)
def attribute_key(key: Any) -> str:
    """An attribute name as GraphML/GEXF can hold it (cached: the same few keys recur)."""
    return clean_text(str(key))


def _flat_attrs(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        value = xml_value(value)
        if value is not None:
            out[attribute_key(key)] = value
    return out


def unified_type(kinds: set[type]) -> type:
    """The one type an attribute whose values have the types ``kinds`` is written as.

    GraphML and GEXF declare each attribute's type once: ints and floats together become
    floats, any other mix becomes text.

    Examples
    --------
    >>> unified_type({int, float}), unified_type({bool, int}), unified_type({str})
    (<class 'float'>, <class 'str'>, <class 'str'>)
    """
    if len(kinds) == 1:
        return next(iter(kinds))
    return float if kinds <= {int, float} else str


def as_type(value: Any, to: type) -> Any:
    """``value`` converted to ``to`` (:func:`unified_type`): booleans as text are lower case.

    Examples
    --------
    >>> as_type(1, float), as_type(True, str), as_type(2.5, str)
    (1.0, 'true', '2.5')
    """
    if type(value) is to:
        return value
    return str(value).lower() if to is str and isinstance(value, bool) else to(value)


def _unify_types(items: list[dict[str, Any]]) -> None:
    """One type per attribute, in place (:func:`unified_type`)."""
    types: dict[str, set[type]] = {}
    for data in items:
        for key, value in data.items():
            types.setdefault(key, set()).add(type(value))
    for key, kinds in types.items():
        if len(kinds) < 2:
            continue
        to = unified_type(kinds)
        for data in items:
            if key in data:
                data[key] = as_type(data[key], to)


def clean_ids(G: nx.Graph) -> dict[Any, str]:
    """Each node of ``G`` and its id as text without the characters XML forbids.

    Raises
    ------
    NetmapError
        Two ids become the same.
    """
    ids: dict[Any, str] = {}
    seen: dict[str, Any] = {}
    for node in G:
        new = clean_text(str(node))
        if new in seen:
            raise NetmapError(
                f"node ids {seen[new]!r} and {node!r} are the same once characters XML "
                "forbids are removed",
                hint="rename one of them, or export with --pseudonymise",
            )
        seen[new] = node
        ids[node] = new
    return ids


def flatten(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` that GraphML, GEXF and CSV can hold, laid out for Gephi.

    Text is cleaned with :func:`clean_text` (node ids too: two ids that become equal are an
    error); lists become ``;``-joined strings (:func:`join_list`) and each circle also gets a
    boolean ``circle_<name>`` on every node, which Gephi can filter on; dicts become JSON text;
    ``None`` and non-finite floats are left out. Nodes get ``label`` (their ``name``) and edges
    ``weight`` (their ``strength``) unless they have one, as Gephi reads those two.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="a")
    >>> G.add_node("a", name="Léa", circles=["family", "studies"])
    >>> G.add_node("b", name="Marc", circles=["studies"])
    >>> G.add_edge("a", "b", strength=0.5)
    >>> H = flatten(G)
    >>> H.nodes["b"]
    {'name': 'Marc', 'circles': 'studies', 'label': 'Marc', 'circle_family': False, 'circle_studies': True}
    >>> H.edges["a", "b"]
    {'strength': 0.5, 'weight': 0.5}
    """  # noqa: E501
    import networkx as nx

    ids = clean_ids(G)
    circles = circle_names(G)
    H = nx.Graph()
    H.graph.update(flat_graph_attrs(G, ids))
    for node, data in G.nodes(data=True):
        H.add_node(ids[node], **flat_node_attrs(data, circles))
    for u, v, data in G.edges(data=True):
        H.add_edge(ids[u], ids[v], **flat_edge_attrs(data))
    _unify_types([d for _, d in H.nodes(data=True)])
    _unify_types([d for _, _, d in H.edges(data=True)])
    return H


def circle_names(G: nx.Graph) -> list[str]:
    """The circles of ``G``'s nodes (cleaned, sorted): each is a ``circle_<name>`` column."""
    circles: dict[str, None] = {}
    for _, data in G.nodes(data=True):
        value = data.get("circles")
        if isinstance(value, (list, tuple)):
            circles.update((clean_text(str(c)), None) for c in value)
    return sorted(circles)


def flat_graph_attrs(G: nx.Graph, ids: dict[Any, str]) -> dict[str, Any]:
    """``G.graph`` as :func:`flatten` writes it; ``ids`` from :func:`clean_ids`."""
    attrs = {k: v for k, v in _flat_attrs(G.graph).items() if k not in _SKIP_GRAPH_KEYS}
    if G.graph.get("ego") is not None and G.graph["ego"] in ids:
        attrs["ego"] = ids[G.graph["ego"]]
    return attrs


def flat_node_attrs(data: dict[str, Any], circles: list[str]) -> dict[str, Any]:
    """One node's attributes as :func:`flatten` writes them, before types are unified.

    ``circles`` is :func:`circle_names` of the graph.

    Examples
    --------
    >>> flat_node_attrs({"name": "Léa", "circles": ["b"]}, ["a", "b"])
    {'name': 'Léa', 'circles': 'b', 'label': 'Léa', 'circle_a': False, 'circle_b': True}
    """
    attrs = _flat_attrs(data)
    if "name" in attrs and "label" not in attrs:
        attrs["label"] = attrs["name"]
    if circles and isinstance(data.get("circles"), (list, tuple)):
        mine = {clean_text(str(c)) for c in data["circles"]}
        for circle in circles:
            attrs.setdefault(f"circle_{circle}", circle in mine)
    return attrs


def flat_edge_attrs(data: dict[str, Any]) -> dict[str, Any]:
    """One edge's attributes as :func:`flatten` writes them, before types are unified.

    Examples
    --------
    >>> flat_edge_attrs({"strength": 0.5, "since": None})
    {'strength': 0.5, 'weight': 0.5}
    """
    attrs = _flat_attrs(data)
    if "strength" in attrs and "weight" not in attrs:
        attrs["weight"] = attrs["strength"]
    return attrs


def unflatten(G: nx.Graph) -> nx.Graph:
    """Undo :func:`flatten` in place on a graph read back from GraphML or GEXF; return it.

    :data:`LIST_ATTRIBUTES` are split back into lists; the ``circle_<name>`` booleans of the
    circles found are dropped, and so are ``label`` and ``weight`` when they only repeat
    ``name`` and ``strength``. What the XML readers add by themselves (GEXF edge ids,
    ``node_default``...) is dropped too.
    """
    for key in _READER_GRAPH_KEYS:
        G.graph.pop(key, None)
    for key in LIST_ATTRIBUTES:
        if isinstance(G.graph.get(key), str):
            G.graph[key] = split_list(G.graph[key])
    circles: set[str] = set()
    for _, data in G.nodes(data=True):
        for key in LIST_ATTRIBUTES:
            if isinstance(data.get(key), str):
                data[key] = split_list(data[key])
        if isinstance(data.get("circles"), list):
            circles.update(data["circles"])
        if "label" in data and data["label"] == data.get("name"):
            del data["label"]
    for _, data in G.nodes(data=True):
        for circle in circles:
            data.pop(f"circle_{circle}", None)
    for _, _, data in G.edges(data=True):
        for key in LIST_ATTRIBUTES:
            if isinstance(data.get(key), str):
                data[key] = split_list(data[key])
        if "weight" in data and "strength" in data and data["weight"] == data["strength"]:
            del data["weight"]
    return G


def refuse_dtd(data: bytes, path: str | Path) -> None:
    """Raise :class:`FormatError` if XML ``data`` declares a DTD or an entity.

    Checked on the raw bytes before any parser sees them (billion laughs, external
    entities): ASCII-compatible encodings as they are, UTF-16 and UTF-32 decoded first.

    Examples
    --------
    >>> refuse_dtd(b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "x">]><graphml/>', "g.graphml")
    Traceback (most recent call last):
    ...
    netmap.errors.FormatError: g.graphml: XML with a DTD or entity declaration (<!DOCTYPE or <!ENTITY) is refused; remove the DOCTYPE line: GraphML and GEXF need none
    """  # noqa: E501
    head = data[:4]
    codec = "latin-1"
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        codec = "utf-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif head.startswith(b"\x00\x00\x00") or head[1:4] == b"\x00\x00\x00":
        codec = "utf-32-be" if head.startswith(b"\x00") else "utf-32-le"
    elif head.startswith(b"\x00"):
        codec = "utf-16-be"
    elif head[1:2] == b"\x00":
        codec = "utf-16-le"
    text = data.decode(codec, errors="replace")
    if _DTD.search(text):
        raise FormatError(
            "XML with a DTD or entity declaration (<!DOCTYPE or <!ENTITY) is refused",
            file=str(path),
            hint="remove the DOCTYPE line: GraphML and GEXF need none",
        )


def read_xml_graph(data: bytes, path: str | Path, fmt: str) -> nx.Graph:
    """Parse GraphML or GEXF ``data`` with networkx's own readers, after :func:`refuse_dtd`.

    Returns the graph as networkx reads it (possibly directed or a multigraph), unflattened.
    """
    import xml.etree.ElementTree as ET

    import networkx as nx

    refuse_dtd(data, path)
    try:
        if fmt == "graphml":
            G = nx.read_graphml(io.BytesIO(data))
        else:
            G = nx.read_gexf(io.BytesIO(data))
    except (ET.ParseError, nx.NetworkXError, ValueError, KeyError, TypeError) as exc:
        raise FormatError(
            f"cannot be read as {fmt.upper()}: {exc}",
            file=str(path),
            hint=f"check that it is a complete {fmt.upper()} file",
        ) from None
    if fmt == "gexf":
        for _, _, data_ in G.edges(data=True):
            data_.pop("id", None)  # GEXF's own edge ids: positions in the file, not data
    return unflatten(G)
