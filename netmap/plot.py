"""Figures of an ego network: circles (sectors and rings), the network, introductions, reach.

Every function takes ``ax=None`` (a new figure) or an Axes to draw in, and returns the Axes;
nothing is shown (never ``plt.show()``) and nothing is written except by :func:`save`.
matplotlib is imported inside the functions, so importing netmap stays light.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import NetmapError
from netmap.plot_layout import (
    BUILTIN_CIRCLES,
    NO_CIRCLE,
    circles_of,
    contacts_of,
    ego_of,
    force_layout,
    people_graph,
    pseudonyms,
    ring_values,
    sector_layout,
    short_name,
    spread_angles,
)

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CIRCLE_PALETTE",
    "FORMATS",
    "NO_CIRCLE_COLOUR",
    "circle_colours",
    "close",
    "figure_svg",
    "headless",
    "plain",
    "plot_circles",
    "plot_intro",
    "plot_network",
    "plot_reach",
    "save",
]

#: Okabe & Ito's colour-blind-safe palette, in the order of the built-in circles
#: (family, studies, internship, work, friends, other), then its last colour.
CIRCLE_PALETTE = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442")
#: Further circles take Paul Tol's "muted" palette (also colour-blind safe), then repeat.
_MORE_COLOURS = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
                 "#CC6677", "#882255", "#AA4499")  # fmt: skip
#: The colour of the contacts in no circle.
NO_CIRCLE_COLOUR = "#9A9A9A"
#: The file formats :func:`save` writes, by suffix.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_ROUTE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
_INK = "#222222"
_RASTER_EDGES = 2000
_LEGEND_CIRCLES = 15  # circles named in the network's legend; a long legend squeezes the plot
_SURROGATE = re.compile("[\ud800-\udfff]")


# --------------------------------------------------------------------------------------------
# Colours, labels, markers


def circle_colours(circles: Iterable[str]) -> dict[str, str]:
    """One colour per circle, the same in every figure, the report and the notebooks.

    The built-in circles always take the same colour of the Okabe–Ito palette (family
    vermilion, studies blue, internship green, work orange, friends purple, other sky blue);
    the other circles take the remaining colours in alphabetical order, so pass all the
    circles of a graph to get the same colours everywhere. ``"(none)"`` or ``""`` (no
    circle) is grey.

    Parameters
    ----------
    circles : iterable of str

    Returns
    -------
    dict
        ``{circle: "#rrggbb"}``, for each circle given.

    References
    ----------
    M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
    presentations that are friendly to colorblind people", 2008. P. Tol, "Colour schemes",
    SRON technical note, 2021.

    Examples
    --------
    >>> circle_colours(["work", "family", "chess", "(none)"])
    {'work': '#E69F00', 'family': '#D55E00', 'chess': '#F0E442', '(none)': '#9A9A9A'}
    """
    circles = list(dict.fromkeys(str(c) for c in circles))
    fixed = dict(zip(BUILTIN_CIRCLES, CIRCLE_PALETTE, strict=False))
    spare = list(CIRCLE_PALETTE[len(BUILTIN_CIRCLES) :]) + list(_MORE_COLOURS)
    others = sorted(c for c in circles if c not in fixed and c not in (NO_CIRCLE, ""))
    extra = {c: spare[i % len(spare)] for i, c in enumerate(others)}
    return {c: fixed.get(c) or extra.get(c) or NO_CIRCLE_COLOUR for c in circles}


def _all_circles(G: nx.Graph) -> list[str]:
    seen: dict[str, None] = {}
    for n in G:
        for c in circles_of(G, n):
            seen[c] = None
    return list(seen)


def plain(text: Any, limit: int = 40) -> str:
    """``text`` as matplotlib shows it literally: every ``$`` escaped, so no mathtext; lone
    surrogates (which no font or SVG file can hold) as U+FFFD; cut at ``limit`` characters.

    A name such as ``$\\frac{1}{0}$`` or ``$$`` would otherwise be typeset as maths, or
    fail to parse and lose the whole figure; a circle named with 10,000 characters would
    squeeze the plot to nothing. Every text drawn from the data goes through it.

    Examples
    --------
    >>> print(plain("$$"), plain("cost $5"), plain("x" * 50, limit=5))
    \\$\\$ cost \\$5 xxxx…
    """
    text = _SURROGATE.sub("\ufffd", str(text))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("$", "\\$")


def _labels(H: nx.Graph, ego: Any, seed: int, pseudonymise: bool) -> dict[Any, str]:
    """Each node's label: a short name, or ``P001``... (and "You" for the ego), as
    :func:`plain` text."""
    people = sorted((n for n in H if n != ego), key=str)
    if pseudonymise:
        labels = pseudonyms(people, seed)
    else:
        labels = {n: plain(short_name(str(H.nodes[n].get("name") or n))) for n in people}
    ego_name = short_name(str(H.nodes[ego].get("name") or "You"))
    labels[ego] = "You" if pseudonymise else plain(ego_name)
    return labels


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _marker_size(n: int, largest: float = 60.0) -> float:
    """Marker area (points²) for ``n`` markers: smaller as they get more numerous."""
    return float(min(largest, max(7.0, 6000.0 / max(n, 1))))


def _wedge_marker(start: float, end: float):
    from matplotlib.path import Path as MPath

    return MPath.wedge(start, end)


def _draw_people(ax: Axes, nodes: list[Any], xy: dict[Any, Any], circles: dict[Any, list[str]],
                 colours: dict[str, str], size: Any, zorder: float = 3) -> None:  # fmt: skip
    """One marker per person (one collection, gid ``contacts``), coloured by their first
    circle; a person in k > 1 circles gets a pie split in k colours (gid ``contacts-split``)."""
    import numpy as np

    if not nodes:
        ax.scatter([], [], gid="contacts")
        return
    sizes = np.broadcast_to(np.asarray(size, dtype=float), (len(nodes),))
    points = np.array([xy[n] for n in nodes], dtype=float)
    first = [colours.get((circles[n] or [NO_CIRCLE])[0], NO_CIRCLE_COLOUR) for n in nodes]
    edge = 0.5 if float(sizes.min()) >= 15 else 0.0  # a white rim would hide a tiny marker
    ax.scatter(points[:, 0], points[:, 1], s=sizes, c=first, edgecolors="white",
               linewidths=edge, zorder=zorder, gid="contacts")  # fmt: skip
    slices: dict[tuple[int, int, str], list[int]] = {}
    for i, n in enumerate(nodes):
        k = len(circles[n])
        for j in range(1, k):
            slices.setdefault((k, j, colours.get(circles[n][j], NO_CIRCLE_COLOUR)), []).append(i)
    for (k, j, colour), idx in sorted(slices.items()):
        ax.scatter(points[idx, 0], points[idx, 1], s=sizes[idx], c=colour, linewidths=0,
                   marker=_wedge_marker(90 + 360 * j / k, 90 + 360 * (j + 1) / k),
                   zorder=zorder + 0.1, gid="contacts-split")  # fmt: skip


def _split_handle(colours: list[str]):
    """A legend handle: a marker split in the given colours."""
    from matplotlib.lines import Line2D

    k = max(len(colours), 1)
    return tuple(
        Line2D([], [], linestyle="", markersize=9, markerfacecolor=c, markeredgewidth=0,
               marker=_wedge_marker(90 + 360 * j / k, 90 + 360 * (j + 1) / k))
        for j, c in enumerate(colours)
    )  # fmt: skip


def _legend(ax: Axes, handles: list, labels: list[str], title: str | None = None, **kwargs):
    from matplotlib.legend_handler import HandlerTuple

    options = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "frameon": False,
               "fontsize": 9, "title_fontsize": 9, "alignment": "left"}  # fmt: skip
    options.update(kwargs)
    return ax.legend(handles, labels, title=title,
                     handler_map={tuple: HandlerTuple(ndivide=1, pad=0)}, **options)  # fmt: skip


def _halo():
    import matplotlib.patheffects as pe

    return [pe.withStroke(linewidth=2.2, foreground="white", alpha=0.85)]


def _note(ax: Axes, text: str) -> None:
    ax.text(0.0, -0.01, text, transform=ax.transAxes, ha="left", va="top", fontsize=8,
            color="#555555", wrap=True)  # fmt: skip


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=11,
            color="#555555")  # fmt: skip


def _hide_overlapping(ax: Axes, texts: list) -> list:
    """Remove the texts (most important first) that would overlap one already kept."""
    if not texts:
        return []
    renderer = ax.figure.canvas.get_renderer()
    kept, boxes = [], []
    for t in texts:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Glyph .* missing from font")  # as in _render
            box = t.get_window_extent(renderer).expanded(1.2, 1.2)
        if any(box.overlaps(b) for b in boxes):
            t.remove()
        else:
            kept.append(t)
            boxes.append(box)
    return kept


# --------------------------------------------------------------------------------------------
# Circles: sectors and rings


def _label_quota(sectors: list, closeness: dict, H: nx.Graph, max_labels: int) -> list:
    """Up to ``max_labels`` contacts to name, shared among the sectors by their size (at least
    one each while it lasts), the closest of each sector first."""
    total = sum(len(s.members) for s in sectors)
    if total <= max_labels:
        return [c for s in sectors for c in s.members]
    quota = {s.circle: max(1, math.floor(max_labels * len(s.members) / total)) for s in sectors}
    while sum(quota.values()) > max_labels:  # too many small sectors: drop from the largest
        quota[max(quota, key=quota.get)] -= 1
    chosen = []
    for s in sectors:
        ranked = sorted(s.members, key=lambda c: (-closeness[c], -H.degree(c), str(c)))
        chosen.extend(ranked[: quota[s.circle]])
    return chosen


def plot_circles(
    G: nx.Graph,
    ego: Any = None,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    pseudonymise: bool = False,
    max_labels: int = 40,
) -> Axes:
    """The ego at the centre, one sector per circle, strong ties near the centre.

    Each sector's angle is proportional to its number of contacts; contacts in no circle have
    their own grey sector. A contact's distance from the centre is ``1 - closeness``, the
    tie's ``strength`` (or, when the file has no strengths, the share of the ego's other
    contacts they know). A contact in several circles sits in the sector of the first,
    on the side of the next, and its marker is split in the colours of all its circles.
    The ``max_labels`` closest contacts are named around the outside (shortened names, or
    ``P001``... with ``pseudonymise``); the others are unlabelled, and the figure says so.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Default ``G.graph["ego"]``.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    seed : int
        Seeds the small radial jitter and the pseudonyms.
    pseudonymise : bool
        Label people ``P001``... and the ego "You": no name appears in the figure.
    max_labels : int
        How many contacts are named at most.

    Returns
    -------
    matplotlib.axes.Axes
        With one ``Wedge`` patch per sector (gid ``sector``) and one marker per contact in
        the collection of gid ``contacts``.

    References
    ----------
    M. Kronenwett and M. Schönhuth, *VennMaker* (sectors and rings, after Kahn &
    Antonucci's 1980 concentric circles). T. Krenz et al., *egor* (R).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(["me", "a", "b", "c"]); G.graph["ego"] = "me"
    >>> nx.set_node_attributes(G, {"a": ["family"], "b": ["family", "work"]}, "circles")
    >>> ax = plot_circles(G)
    >>> sorted(p.get_label() for p in ax.patches if p.get_gid() == "sector")
    ['(none)', 'family']
    """
    import matplotlib.pyplot as plt  # noqa: F401  (registers the backends)
    from matplotlib.patches import Circle, Patch, Wedge

    H = people_graph(G)
    ego = ego_of(H, ego)
    contacts = contacts_of(H, ego)
    closeness, measure = ring_values(H, ego, contacts)
    sectors, pos, angles = sector_layout(H, contacts, closeness, seed=seed)
    palette = circle_colours([*_all_circles(H), NO_CIRCLE])
    labels = _labels(H, ego, seed, pseudonymise)
    circles = {c: circles_of(H, c) or [NO_CIRCLE] for c in contacts}
    order = {s.circle: i for i, s in enumerate(sectors)}
    for c in contacts:  # a split marker starts with the sector's colour
        circles[c] = sorted(circles[c], key=lambda x: order.get(x, len(order)))
    ax = _axes(ax, (10, 8.2))
    ax.set_aspect("equal")
    ax.axis("off")
    inner, outer, band = 0.22, 1.0, (1.03, 1.13)
    counts: dict[str, int] = {}  # contacts per circle, several-circle people in each
    for c in contacts:
        for circle in circles[c]:
            counts[circle] = counts.get(circle, 0) + 1
    for r in (inner, (inner + outer) / 2, outer):  # the rings
        ax.add_patch(Circle((0, 0), r, fill=False, lw=0.6, ls=(0, (2, 3)), color="#BBBBBB",
                            zorder=1))  # fmt: skip
    for s in sectors:
        colour = palette[s.circle]
        t1, t2 = math.degrees(s.start), math.degrees(s.end)
        ax.add_patch(Wedge((0, 0), outer + 0.02, t1, t2, width=outer + 0.02 - 0.1,
                           facecolor=colour, alpha=0.10, lw=0, zorder=0, gid="sector",
                           label=s.circle))  # fmt: skip
        ax.add_patch(Wedge((0, 0), band[1], t1, t2, width=band[1] - band[0], facecolor=colour,
                           lw=0, zorder=1, gid="sector-band"))  # fmt: skip
        mid = (s.start + s.end) / 2
        name = "no circle" if s.circle == NO_CIRCLE else plain(s.circle)
        text = f"{name} ({counts[s.circle]})"
        if (s.end - s.start) * (band[0] + band[1]) / 2 > 0.028 * len(text):  # fits in the band
            rotation = math.degrees(mid) - 90
            if math.sin(mid) < 0:
                rotation += 180
            ax.text(math.cos(mid) * sum(band) / 2, math.sin(mid) * sum(band) / 2, text,
                    rotation=rotation, rotation_mode="anchor", ha="center", va="center",
                    fontsize=8, color="white", fontweight="bold", zorder=2)  # fmt: skip
    size = _marker_size(len(contacts))
    _draw_people(ax, contacts, pos, circles, palette, size)
    ax.scatter([0], [0], s=260, marker="o", c=_INK, zorder=5, gid="ego")
    ax.text(0, -0.075, labels[ego], ha="center", va="top", fontsize=9, fontweight="bold",
            zorder=6, path_effects=_halo())  # fmt: skip
    # Names around the outside, the closest contacts first.
    named = sorted(_label_quota(sectors, closeness, H, max_labels), key=lambda c: angles[c])
    first = sectors[0].start if sectors else 0.0
    spread = spread_angles([angles[c] for c in named], min_gap=math.radians(3.0),
                           lo=first, hi=first + 2 * math.pi - math.radians(3.0))  # fmt: skip
    for c, theta in zip(named, spread, strict=True):
        x, y = pos[c]
        r0 = math.hypot(x, y)
        ax.plot([x * 1.0, math.cos(theta) * band[0]], [y, math.sin(theta) * band[0]],
                lw=0.4, color="#888888", alpha=0.6, zorder=2)  # fmt: skip
        right = math.cos(theta) >= 0
        rotation = math.degrees(theta) if right else math.degrees(theta) + 180
        ax.text(math.cos(theta) * (band[1] + 0.03), math.sin(theta) * (band[1] + 0.03),
                labels[c], rotation=rotation, rotation_mode="anchor",
                ha="left" if right else "right", va="center", fontsize=7, color=_INK)  # fmt: skip
        del r0
    lim = 1.62
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    handles, texts = [], []
    for s in sectors:
        handles.append(Patch(facecolor=palette[s.circle]))
        texts.append(
            f"{'no circle' if s.circle == NO_CIRCLE else plain(s.circle)} ({counts[s.circle]})"
        )
    multi = [c for c in contacts if len(circles[c]) > 1]
    if multi:
        handles.append(_split_handle([palette[x] for x in circles[multi[0]]]))
        texts.append(f"in several circles ({len(multi)})")
    title = "Circles" if pseudonymise else f"{labels[ego]}: circles"
    if contacts:
        _legend(ax, handles, texts, title="Circle (contacts)")
        hidden = len(contacts) - len(named)
        _note(ax, f"{len(contacts)} contacts. Nearer the centre: stronger tie ({measure}); "
                  "dotted rings at strongest, middle, weakest. "
                  + (f"Names: the {len(named)} closest; {hidden} more unnamed." if hidden
                     else "Everyone is named."))  # fmt: skip
    else:
        _empty(ax, "No contacts yet")
    ax.set_title(title, fontsize=12, loc="left")
    return ax


# --------------------------------------------------------------------------------------------
# The network


def _network_nodes(H: nx.Graph, ego: Any, limit: int = 2500) -> tuple[list[Any], str]:
    """The nodes drawn: everyone but the ego, or only the ego's contacts when too many, and
    only the ``limit`` best connected of them when still too many (the force layout takes
    memory in the square of the nodes drawn: 100,000 would need hundreds of GB)."""
    others = [n for n in H if n != ego]
    if len(others) <= limit:
        return sorted(others, key=str), ""
    contacts = contacts_of(H, ego)
    if len(contacts) <= limit:
        return contacts, f"Only your {len(contacts)} contacts are drawn. "
    best = sorted(contacts, key=lambda n: (-H.degree(n), str(n)))[:limit]
    return sorted(best, key=str), (
        f"Only {limit:,} of your {len(contacts):,} contacts are drawn (the best connected). "
    )


def _round_robin(N: nx.Graph, nodes: list, degree: dict, first: set) -> list:
    """Nodes by importance: the best connected of each component in turn (largest component
    first), bridge ends first within a component, the isolated nodes last."""
    import networkx as nx

    comps = sorted((sorted(c, key=lambda n: (n not in first, -degree[n], str(n)))
                    for c in nx.connected_components(N) if len(c) > 1),
                   key=lambda c: (-len(c), str(c[0])))  # fmt: skip
    ranked = []
    for i in range(max((len(c) for c in comps), default=0)):
        ranked.extend(c[i] for c in comps if i < len(c))
    return ranked + sorted((n for n in nodes if degree[n] == 0), key=str)


def _edge_classes(N: nx.Graph, weak: float) -> tuple[dict, bool]:
    """``{(u, v): "bridge" | "weak" | "tie"}`` and whether strengths were known."""
    from netmap.analysis.bridges import edge_structure

    strengths = [d.get("strength") for _, _, d in N.edges(data=True)]
    known = len({s for s in strengths if isinstance(s, (int, float))}) > 1
    classes = {}
    df = edge_structure(N) if N.number_of_edges() else None
    local = set()
    if df is not None:
        for u, v, lb in zip(df["u"], df["v"], df["local_bridge"], strict=True):
            if lb:
                local.add((u, v))
                local.add((v, u))
    for u, v, d in N.edges(data=True):
        s = d.get("strength")
        if (u, v) in local:
            classes[(u, v)] = "bridge"
        elif known and isinstance(s, (int, float)) and s < weak:
            classes[(u, v)] = "weak"
        else:
            classes[(u, v)] = "tie"
    return classes, known


def _draw_edges(ax: Axes, N: nx.Graph, pos: dict, classes: dict, faded: bool = False) -> None:
    from matplotlib.collections import LineCollection

    styles = {
        "tie": {"colors": "#8C8C8C", "linewidths": 0.6, "alpha": 0.45, "linestyles": "solid"},
        "weak": {"colors": "#A8A8A8", "linewidths": 0.5, "alpha": 0.35,
                 "linestyles": (0, (2.5, 2.5))},
        "bridge": {"colors": _INK, "linewidths": 1.8, "alpha": 0.9, "linestyles": "solid"},
    }  # fmt: skip
    # Thousands of ties would be a black blot: the more ties, the fainter and thinner.
    fade = min(1.0, 30.0 / math.sqrt(max(len(classes), 1)))
    for kind in ("weak", "tie", "bridge"):
        segments = [(pos[u], pos[v]) for (u, v), k in classes.items() if k == kind]
        if not segments:
            continue
        style = dict(styles[kind])
        if kind == "bridge":
            if len(segments) > 30:
                style.update(linewidths=0.9, alpha=0.65)
        else:
            style["alpha"] *= fade
        if faded:
            style.update(colors="#CCCCCC", linewidths=0.4, alpha=0.35)
        # Past a few thousand lines, an SVG or PDF of every line weighs megabytes: draw them
        # as one embedded bitmap instead (PNG output is the same either way).
        many = len(segments) > _RASTER_EDGES
        ax.add_collection(LineCollection(segments, zorder=2 if kind == "bridge" else 1,
                                         gid=f"edges-{kind}", rasterized=many,
                                         **style))  # fmt: skip


def plot_network(
    G: nx.Graph,
    ego: Any = None,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    pseudonymise: bool = False,
    max_labels: int = 40,
    weak: float = 0.3,
) -> Axes:
    """The ties between the ego's contacts, coloured by circle, with weak ties and local
    bridges drawn apart.

    The ego, tied to everyone, is left out: it would pull every contact to the middle. The
    layout is a force layout (:func:`netmap.plot_layout.force_layout`, seeded); contacts
    who know nobody else ring the picture. A **local bridge** (no mutual contact between the
    two ends, :func:`netmap.analysis.bridges.edge_structure`) is drawn thick and black; a
    **weak tie** (strength below ``weak``) thin and dashed. Marker area grows with the
    number of ties; people in several circles have split markers. The most connected
    ``max_labels`` people are named, and a name that would overlap another is hidden.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Default ``G.graph["ego"]``.
    ax : matplotlib Axes, optional
    seed : int
        Seeds the layout and the pseudonyms.
    pseudonymise : bool
        Label people ``P001``...: no name appears in the figure.
    max_labels : int
        How many people are named at most.
    weak : float
        Strength under which a tie is drawn as weak (when the graph has strengths).

    Returns
    -------
    matplotlib.axes.Axes
        One marker per person drawn in the collection of gid ``contacts``; edges in the
        collections of gid ``edges-tie``, ``edges-weak`` and ``edges-bridge``.

    References
    ----------
    T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed placement",
    Software: Practice and Experience 21(11), 1991. M. S. Granovetter, "The strength of weak
    ties", 1973.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "a"), ("me", "b"), ("me", "c"), ("a", "b")], ego="me")
    >>> ax = plot_network(G)
    >>> [len(c.get_offsets()) for c in ax.collections if c.get_gid() == "contacts"]
    [3]
    """
    from matplotlib.lines import Line2D

    H = people_graph(G)
    ego = ego_of(H, ego)
    nodes, scope = _network_nodes(H, ego)
    N = H.subgraph(nodes).copy()
    pos = force_layout(N, seed=seed)
    classes, known = _edge_classes(N, weak)
    palette = circle_colours([*_all_circles(H), NO_CIRCLE])
    labels = _labels(H, ego, seed, pseudonymise)
    circles = {n: circles_of(H, n) or [NO_CIRCLE] for n in nodes}
    ax = _axes(ax, (10, 8.2))
    ax.set_aspect("equal")
    ax.axis("off")
    _draw_edges(ax, N, pos, classes)
    degree = dict(N.degree())
    top = max(degree.values(), default=0) or 1
    base = _marker_size(len(nodes), largest=70.0)
    sizes = [base * (0.6 + 1.4 * degree[n] / top) for n in nodes]
    _draw_people(ax, nodes, pos, circles, palette, sizes)
    bridged = {u for (u, v), k in classes.items() if k == "bridge"} | {
        v for (u, v), k in classes.items() if k == "bridge"
    }
    ranked = _round_robin(N, nodes, degree, bridged)
    texts = [
        ax.text(pos[n][0], pos[n][1] + 0.025, labels[n], ha="center", va="bottom", fontsize=7,
                color=_INK, zorder=6, path_effects=_halo())
        for n in ranked[: max(0, max_labels)]
    ]  # fmt: skip
    kept = _hide_overlapping(ax, texts)
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.autoscale_view()
    ax.set_title("Network" if pseudonymise else f"{labels[ego]}: network", fontsize=12,
                 loc="left")  # fmt: skip
    if not nodes:
        _empty(ax, "No contacts yet")
        return ax
    handles, texts_ = [], []
    shown = [c for c in palette if any(c in circles[n] for n in nodes)]
    from matplotlib.patches import Patch

    size = {c: sum(1 for n in nodes if c in circles[n]) for c in shown}
    listed = set(sorted(shown, key=lambda c: -size[c])[:_LEGEND_CIRCLES])  # the largest
    for c in (
        [c for c in BUILTIN_CIRCLES if c in listed]
        + sorted(c for c in listed if c not in BUILTIN_CIRCLES and c != NO_CIRCLE)
        + ([NO_CIRCLE] if NO_CIRCLE in listed else [])
    ):
        handles.append(Patch(facecolor=palette[c]))
        texts_.append("no circle" if c == NO_CIRCLE else plain(c))
    if len(shown) > len(listed):
        handles.append(Patch(facecolor="none", edgecolor="none"))
        texts_.append(f"and {len(shown) - len(listed)} smaller circles")
    multi = [n for n in nodes if len(circles[n]) > 1]
    if multi:
        handles.append(_split_handle([palette[x] for x in circles[multi[0]]]))
        texts_.append("in several circles")
    counts = {k: sum(1 for v in classes.values() if v == k) for k in ("tie", "weak", "bridge")}
    handles.append(Line2D([], [], color="#8C8C8C", lw=1))
    texts_.append(f"tie ({counts['tie']})")
    if counts["weak"]:
        handles.append(Line2D([], [], color="#A8A8A8", lw=1, ls=(0, (2.5, 2.5))))
        texts_.append(f"weak tie, strength < {weak:g} ({counts['weak']})")
    if counts["bridge"]:
        handles.append(Line2D([], [], color=_INK, lw=2))
        texts_.append(f"local bridge: no mutual contact ({counts['bridge']})")
    _legend(ax, handles, texts_)
    alone = sum(1 for n in nodes if degree[n] == 0)
    _note(ax, f"{scope}You (tied to everyone) are left out. {len(nodes)} people, "
              f"{N.number_of_edges()} ties between them"
              + (f"; the {alone} who know nobody else here ring the picture" if alone and
                 alone < len(nodes) else "")
              + f". Named: the {len(kept)} best connected whose names fit.")  # fmt: skip
    del known
    return ax


# --------------------------------------------------------------------------------------------
# Introductions


def plot_intro(
    G: nx.Graph,
    target: str,
    ego: Any = None,
    *,
    ax: Axes | None = None,
    seed: int = 0,
    top: int = 3,
    max_hops: int = 3,
    pseudonymise: bool = False,
) -> Axes:
    """The suggested chains of introductions to ``target``, over the faded network.

    The routes are :func:`netmap.analysis.introductions.introductions` (best chance first,
    sharing no intermediary); each is drawn as arrows from you through the people to ask,
    one colour per route, its chance in the legend. The network is laid out as in
    :func:`plot_network` (same seed, same places), in grey; you are the star at the middle,
    the target people are ringed.

    Parameters
    ----------
    G : networkx.Graph
    target : str
        A person, an organisation, a circle or a keyword (as ``netmap intro``).
    ego : node, optional
    ax : matplotlib Axes, optional
    seed : int
        Seeds the layout and the pseudonyms.
    top, max_hops : int
        How many routes, and their longest chain in steps.
    pseudonymise : bool
        Label people ``P001``...; a target person is named by their pseudonym.

    Returns
    -------
    matplotlib.axes.Axes
        One arrow (``FancyArrowPatch`` of gid ``route-R``) per step of route R.

    Raises
    ------
    NotFoundError
        Nothing matches ``target``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "a"), ("a", "t"), ("me", "b")], ego="me")
    >>> ax = plot_intro(G, "t")
    >>> sorted({p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("route")})
    ['route-1']
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    from netmap.analysis.introductions import introductions
    from netmap.analysis.targets import resolve_target

    H = people_graph(G)
    ego = ego_of(H, ego)
    df = introductions(G, target, ego, top=top, max_hops=max_hops)
    kind, targets = resolve_target(G, target, ego)
    nodes, scope = _network_nodes(H, ego)
    drawn = set(nodes) | {ego}  # a large graph draws only the contacts: add the routes'
    nodes += sorted({n for path in df["nodes"] for n in path} - drawn, key=str)
    N = H.subgraph(nodes).copy()
    pos = force_layout(N, seed=seed)
    import numpy as np

    pos[ego] = np.array([0.0, 0.0])
    classes, _ = _edge_classes(N, 0.0)
    labels = _labels(H, ego, seed, pseudonymise)
    ax = _axes(ax, (10, 8.2))
    ax.set_aspect("equal")
    ax.axis("off")
    _draw_edges(ax, N, pos, classes, faded=True)
    if nodes:
        xy = np.array([pos[n] for n in nodes])
        ax.scatter(xy[:, 0], xy[:, 1], s=_marker_size(len(nodes), 30), c="#C8C8C8",
                   linewidths=0, zorder=2, gid="faded")  # fmt: skip
    shown = [t for t in targets if t in pos]
    if shown:
        xy = np.array([pos[t] for t in shown])
        ax.scatter(xy[:, 0], xy[:, 1], s=140, facecolors="none", edgecolors=_INK, lw=1.4,
                   zorder=4, gid="targets")  # fmt: skip
    handles, texts = [], []
    on_route: dict[Any, str] = {}
    for i, row in enumerate(df.itertuples(index=False)):
        colour = _ROUTE_COLOURS[i % len(_ROUTE_COLOURS)]
        path = list(row.nodes)
        for a, b in itertools.pairwise(path):
            ax.add_patch(FancyArrowPatch(pos[a], pos[b], arrowstyle="-|>", mutation_scale=14,
                                         lw=2.4, color=colour, shrinkA=6, shrinkB=7,
                                         zorder=5, gid=f"route-{row.rank}"))  # fmt: skip
        for n in path[1:]:
            on_route.setdefault(n, colour)
        handles.append(Line2D([], [], color=colour, lw=2.4))
        steps = " → ".join(labels[n] for n in path[1:])
        texts.append(f"{row.rank}. {steps}: {row.probability:.0%}")
    if on_route:
        xy = np.array([pos[n] for n in on_route])
        ax.scatter(xy[:, 0], xy[:, 1], s=60, c=list(on_route.values()), edgecolors="white",
                   lw=0.8, zorder=6, gid="route-people")  # fmt: skip
        placed = [ax.text(pos[n][0], pos[n][1] + 0.035, labels[n], ha="center", va="bottom",
                          fontsize=8, color=_INK, zorder=7, path_effects=_halo())
                  for n in on_route]  # fmt: skip
        _hide_overlapping(ax, placed)
    ax.scatter([0], [0], s=320, marker="*", c=_INK, zorder=7, gid="ego")
    ax.text(0, -0.05, labels[ego], ha="center", va="top", fontsize=9, fontweight="bold",
            zorder=7, path_effects=_halo())  # fmt: skip
    if kind == "person" and targets:
        what = labels.get(targets[0], str(targets[0]))
    elif kind == "circle" or not pseudonymise:
        what = plain(df.attrs.get("target_label", target))
    else:
        what = f"the {kind}"
    ax.set_title(f"Whom to ask for an introduction to {what}", fontsize=12, loc="left")
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.autoscale_view()
    if handles:
        handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="none",
                              markeredgecolor=_INK, markersize=10))  # fmt: skip
        texts.append(f"target ({len(targets)})" if len(targets) > 1 else "target")
        _legend(ax, handles, texts, title="Route: chance it works")
        combined = df.attrs.get("combined", 0.0)
        _note(ax, f"{scope}Chance that one of the {len(df)} routes works: {combined:.0%} "
                  "(each step of an average tie: 36%).")  # fmt: skip
    else:
        nearest = df.attrs.get("nearest_hops")
        _empty(ax, "No route within {} steps{}".format(
            max_hops, f" (the nearest takes {nearest})" if nearest else ""))  # fmt: skip
    return ax


# --------------------------------------------------------------------------------------------
# Reach


def plot_reach(
    G: nx.Graph, ego: Any = None, *, ax: Axes | None = None, hops: int = 3, by: str = "circle"
) -> Axes:
    """How many people are 1, 2, ... ``hops`` steps away, per circle, as stacked bars.

    Counts from :func:`netmap.analysis.reach.reach` (a person in several circles counts in
    each); each bar's segments are the people exactly 1, 2, 3 steps away, in the circle's
    colour, lighter with distance, and the total is written at its end. At most 15 groups
    are drawn, the largest.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
    ax : matplotlib Axes, optional
    hops : int
        The largest distance (>= 1).
    by : {"circle", "organisation", None}
        One bar per circle, per organisation, or one bar for everyone (None or "all").

    Returns
    -------
    matplotlib.axes.Axes
        One bar (``Rectangle`` of gid ``reach-H``) per group and distance H.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["me", "a", "b"]); G.graph["ego"] = "me"
    >>> ax = plot_reach(G)
    >>> [float(p.get_width()) for p in ax.patches if p.get_gid() == "reach-1"]
    [1.0]
    """
    from matplotlib.patches import Patch

    from netmap.analysis.reach import NO_GROUP, reach

    by = None if by in (None, "all") else by
    if by not in (None, "circle", "organisation"):
        raise NetmapError(f"cannot group reach by {by!r}", hint="use circle, organisation or all")
    df = reach(G, ego, hops=hops, by=by)
    groups = list(dict.fromkeys(df["group"]))
    total = {g: int(df[df["group"] == g]["count"].sum()) for g in groups}
    more = max(0, len(groups) - 15)
    groups = sorted(groups, key=lambda g: (g == NO_GROUP, -total[g]))[:15]
    if by == "circle":
        palette = circle_colours(groups)
    else:
        palette = {g: "#0072B2" for g in groups} | {NO_GROUP: NO_CIRCLE_COLOUR}
    ax = _axes(ax, (8, 1.6 + 0.45 * max(len(groups), 1)))
    shades = [1.0, 0.6, 0.3, 0.18, 0.1]
    ys = list(range(len(groups)))[::-1]
    biggest = max(total.values(), default=0)
    for y, g in zip(ys, groups, strict=True):
        rows = df[df["group"] == g].sort_values("hops")
        left = 0
        for h, count in zip(rows["hops"], rows["count"], strict=True):
            alpha = shades[min(h - 1, len(shades) - 1)]
            ax.barh(y, count, left=left, height=0.7, color=palette.get(g, NO_CIRCLE_COLOUR),
                    alpha=alpha, edgecolor="white", lw=0.8, gid=f"reach-{h}")  # fmt: skip
            left += count
        ax.text(left + biggest * 0.01, y, str(left), va="center", fontsize=9, color=_INK)
    names = ["no circle" if g == NO_GROUP and by == "circle" else
             "no organisation" if g == NO_GROUP else plain(g) for g in groups]  # fmt: skip
    ax.set_yticks(ys, names)
    ax.set_xlim(0, max(biggest, 1) * 1.12)
    ax.set_xlabel("people reached")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(facecolor="#555555", alpha=shades[min(h - 1, 4)]) for h in range(1, hops + 1)]
    texts = ["1 step: your contacts"] + [f"{h} steps" for h in range(2, hops + 1)]
    _legend(ax, handles, texts, title="Distance")
    what = {"circle": "per circle", "organisation": "per organisation", None: ""}[by]
    ax.set_title(f"Reach in 1 to {hops} steps {what}".strip(), fontsize=12, loc="left")
    notes = [f"The {more} smallest groups are not shown."] if more else []
    if groups and df[df["hops"] > 1]["count"].sum() == 0:
        notes.append("Nobody is 2 or more steps away: an address book only holds people you "
                     "know; ties to their own contacts would add them.")  # fmt: skip
    if notes:
        _note(ax, " ".join(notes))
    if not groups:
        _empty(ax, "Nobody within reach")
    return ax


# --------------------------------------------------------------------------------------------
# Files and inline SVG


def _figure(ax_or_figure: Any) -> Figure:
    fig = ax_or_figure
    for _ in range(5):  # an Axes, or a subfigure, up to its figure
        if hasattr(fig, "savefig"):
            return fig
        fig = getattr(fig, "figure", None)
    raise NetmapError("not a matplotlib Axes or Figure")


def _render(fig: Figure, fmt: str, dpi: int = 150) -> bytes:
    """The figure's bytes in ``fmt``, with no date or version, so equal input, equal bytes."""
    import matplotlib

    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None},
                "pdf": {"CreationDate": None, "Creator": None, "Producer": None}}[fmt]  # fmt: skip
    buffer = io.BytesIO()
    with (
        matplotlib.rc_context({"svg.hashsalt": "netmap", "svg.fonttype": "path"}),
        warnings.catch_warnings(),
    ):
        warnings.filterwarnings("ignore", "Glyph .* missing from font")  # emoji in a name
        fig.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.15,
                    metadata=metadata, facecolor="white")  # fmt: skip
    return buffer.getvalue()


def save(ax_or_figure: Any, path: str | Path, *, dpi: int = 150) -> Path:
    """Write the figure to ``path`` as PNG, SVG or PDF, from its suffix, atomically.

    The file carries no date, so the same figure gives the same bytes (SVG and PNG).

    Raises
    ------
    NetmapError
        The suffix is not ``.png``, ``.svg`` or ``.pdf``.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> G = nx.star_graph(["me", "a", "b"]); G.graph["ego"] = "me"
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save(plot_reach(G), Path(d) / "reach.svg").read_bytes()[:5]
    b'<?xml'
    """
    from netmap.report import write_atomic

    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise NetmapError(f"cannot write a figure as {path.suffix or 'a file without suffix'}:"
                          f" {path}", hint="name the file .png, .svg or .pdf")  # fmt: skip
    write_atomic(path, _render(_figure(ax_or_figure), fmt, dpi))
    return path


def figure_svg(ax_or_figure: Any) -> str:
    """The figure as an inline ``<svg>`` element for an HTML page (no XML prolog, no DOCTYPE,
    text as paths, nothing external), deterministic like :func:`save`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(["me", "a"]); G.graph["ego"] = "me"
    >>> figure_svg(plot_reach(G))[:4]
    '<svg'
    """
    text = _render(_figure(ax_or_figure), "svg").decode("utf-8")
    return text[text.index("<svg") :]


def close(ax_or_figure: Any = None) -> None:
    """Free a figure drawn by this module (all of them when none is given).

    Callers that only save figures use this instead of importing matplotlib themselves:
    matplotlib is imported in this module only.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(["me", "a"]); G.graph["ego"] = "me"
    >>> close(plot_reach(G))
    """
    import matplotlib.pyplot as plt

    plt.close("all" if ax_or_figure is None else _figure(ax_or_figure))


def headless() -> None:
    """Draw without a screen (matplotlib's Agg backend): for the command line and servers."""
    import matplotlib

    matplotlib.use("Agg")
