"""Where things go in netmap's figures: sectors and rings, force layout, labels (no drawing)."""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING, Any

from netmap.graph import list_attribute, resolve_ego

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

__all__ = [
    "BUILTIN_CIRCLES",
    "NO_CIRCLE",
    "Sector",
    "circle_order",
    "circles_of",
    "contacts_of",
    "ego_of",
    "force_layout",
    "people_graph",
    "pseudonyms",
    "ring_values",
    "sector_layout",
    "short_name",
    "spread_angles",
]

#: The built-in circles, in the order their sectors and colours take.
BUILTIN_CIRCLES = ("family", "studies", "internship", "work", "friends", "other")
#: The sector of the contacts in no circle.
NO_CIRCLE = "(none)"


def circles_of(G: nx.Graph, node: Any) -> list[str]:
    """The node's circles as a list of unique strings (a GraphML ``"a;b"`` string is split).

    >>> import networkx as nx
    >>> G = nx.Graph([(1, 2)])
    >>> G.nodes[2]["circles"] = "a;b"
    >>> circles_of(G, 1), circles_of(G, 2)
    ([], ['a', 'b'])
    """
    return list_attribute(G.nodes[node].get("circles"))


def ego_of(G: nx.Graph, ego: Any) -> Any:
    """``ego``, or ``G.graph["ego"]``; a clear error when there is none or it is not in ``G``."""
    return resolve_ego(G, ego)


def people_graph(G: nx.Graph) -> nx.Graph:
    """``G`` undirected, without self-loops and without affiliation nodes."""
    import networkx as nx

    H = nx.Graph(G)  # also reads a directed graph undirected
    H.remove_nodes_from([n for n, k in G.nodes(data="kind") if k == "affiliation"])
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    return H


def contacts_of(H: nx.Graph, ego: Any) -> list[Any]:
    """The ego's contacts (its neighbours), in a stable order."""
    return sorted((n for n in H[ego] if n != ego), key=str)


def short_name(name: str, limit: int = 18) -> str:
    """A name short enough for a label: first name and initials of the rest, then cut.

    >>> short_name("Marie-Claire Dupont de la Tour"), short_name("Acme"), short_name("x" * 30)
    ('Marie-Claire D. d. l. T.', 'Acme', 'xxxxxxxxxxxxxxxxx…')
    """
    words = str(name).split()
    if len(words) > 1 and len(name) > limit:
        name = " ".join([words[0]] + [w[0] + "." for w in words[1:]])
    if len(name) > limit + 6:
        name = name[: limit - 1] + "…"
    elif len(name) > limit and len(words) == 1:
        name = name[: limit - 1] + "…"
    return name


def pseudonyms(nodes: list[Any], seed: int = 0) -> dict[Any, str]:
    """``P001``, ``P002``... for ``nodes``, in an order shuffled by ``seed`` (not by name).

    The same nodes and seed give the same labels in every figure.

    >>> pseudonyms(["a", "b", "c"], seed=1) == pseudonyms(["c", "b", "a"], seed=1)
    True
    >>> sorted(pseudonyms(["a", "b", "c"]).values())
    ['P001', 'P002', 'P003']
    """

    def key(n: Any) -> str:
        return hashlib.sha256(f"{seed}\x00{n!s}".encode()).hexdigest()

    width = max(3, len(str(len(nodes))))
    order = sorted(nodes, key=lambda n: (key(n), str(n)))
    return {n: f"P{i:0{width}d}" for i, n in enumerate(order, 1)}


def circle_order(groups: dict[str, list[Any]]) -> list[str]:
    """Sector order: the built-in circles first (fixed order), then the others by size, then
    the contacts in no circle.

    >>> circle_order({"(none)": [1], "zz": [1, 2], "work": [3], "aa": [4, 5]})
    ['work', 'aa', 'zz', '(none)']
    """
    builtin = [c for c in BUILTIN_CIRCLES if c in groups]
    rest = sorted((c for c in groups if c not in BUILTIN_CIRCLES and c != NO_CIRCLE),
                  key=lambda c: (-len(groups[c]), c))  # fmt: skip
    return builtin + rest + ([NO_CIRCLE] if NO_CIRCLE in groups else [])


def ring_values(H: nx.Graph, ego: Any, contacts: list[Any]) -> tuple[dict[Any, float], str]:
    """How close each contact sits to the centre, in [0, 1] (1 = closest), and what it measures.

    The tie's ``strength`` when the ties to the ego have different strengths; otherwise (a
    research file without weights) the share of the ego's other contacts the contact knows,
    the usual stand-in for tie strength (embeddedness: Marsden & Campbell 1984).
    """
    raw = {}
    for c in contacts:
        s = H.edges[ego, c].get("strength")
        try:
            raw[c] = float(s) if s is not None else None
        except (TypeError, ValueError):
            raw[c] = None
    known = {v for v in raw.values() if v is not None and math.isfinite(v)}
    if len(known) > 1:
        return {c: min(1.0, max(0.0, v if v is not None else 0.5)) for c, v in raw.items()}, (
            "tie strength"
        )
    others = set(contacts)
    k = max(1, len(contacts) - 1)
    mutual = {c: sum(1 for n in H[c] if n in others and n != c) / k for c in contacts}
    top = max(mutual.values(), default=0.0)
    if top <= 0:
        return {c: 1.0 for c in contacts}, "tie strength"
    return {c: v / top for c, v in mutual.items()}, "mutual contacts"


class Sector:
    """One circle's sector: its name, its angles (radians), and its members."""

    def __init__(self, circle: str, start: float, end: float, members: list[Any]):
        self.circle, self.start, self.end, self.members = circle, start, end, members

    def __repr__(self) -> str:
        return f"Sector({self.circle!r}, {self.start:.3f}, {self.end:.3f}, {len(self.members)})"


def sector_layout(
    G: nx.Graph,
    contacts: list[Any],
    closeness: dict[Any, float],
    *,
    seed: int = 0,
    inner: float = 0.22,
    outer: float = 1.0,
    gap: float = 0.03,
    marker: float = 0.045,
) -> tuple[list[Sector], dict[Any, tuple[float, float]], dict[Any, float]]:
    """Sectors (one per circle, width by size) and each contact's position and angle.

    A contact in several circles is placed in the sector of the first of its circles in
    sector order, on the side nearest its next circle's sector (the figure also gives it a
    split marker). Its radius is ``outer - closeness * (outer - inner)`` with a small seeded
    jitter, so strong ties sit near the centre; contacts are spread evenly within their
    sector in a seeded random order, and staggered in rows when neighbours on one ring would
    be closer than ``marker`` (a marker's diameter, in the same units).
    """
    import numpy as np

    order = circle_order(_sizes(G, contacts))
    index = {c: i for i, c in enumerate(order)}
    members: dict[str, list[Any]] = {c: [] for c in order}
    side: dict[Any, float] = {}
    for c in contacts:
        circles = sorted(circles_of(G, c) or [NO_CIRCLE], key=lambda x: index.get(x, 0))
        home = circles[0]
        members[home].append(c)
        if len(circles) > 1:  # lean toward the next circle's sector: after (+1) or before (-1)
            side[c] = 1.0 if index[circles[1]] - index[home] <= len(order) / 2 else -1.0
        else:
            side[c] = 0.0
    order = [c for c in order if members[c]]
    n = len(contacts)
    rng = np.random.default_rng(seed)
    sectors: list[Sector] = []
    positions: dict[Any, tuple[float, float]] = {}
    angles: dict[Any, float] = {}
    if not n:
        return sectors, positions, angles
    total_gap = gap * len(order) if len(order) > 1 else 0.0
    usable = 2 * math.pi - total_gap
    start = math.pi / 2  # the first sector starts at the top and goes anticlockwise
    for circle in order:
        people = members[circle]
        width = usable * len(people) / n
        sectors.append(Sector(circle, start, start + width, people))
        # Even spread; people leaning to the next sector last, to the previous one first.
        people = sorted(people, key=lambda p: (side[p], -closeness[p], str(p)))
        # Shuffle (seeded) so that radii alternate and the closest are spread over the sector.
        plain = [p for p in people if side[p] == 0.0]
        inter = [plain[i] for i in rng.permutation(len(plain))]
        ordered = [p for p in people if side[p] < 0] + inter + [p for p in people if side[p] > 0]
        # Contacts on the same ring closer than a marker get staggered rows.
        rows = 1
        if len(ordered) > 1:
            mid = outer - (sum(closeness[p] for p in ordered) / len(ordered)) * (outer - inner)
            rows = min(4, max(1, math.ceil(marker / (width / len(ordered) * max(mid, inner)))))
        for i, p in enumerate(ordered):
            theta = start + width * (i + 0.5) / len(ordered)
            r = outer - closeness[p] * (outer - inner) + float(rng.uniform(-0.015, 0.015))
            r += (i % rows - (rows - 1) / 2) * marker * 0.9
            r = min(outer, max(inner * 0.8, r))
            positions[p] = (r * math.cos(theta), r * math.sin(theta))
            angles[p] = theta
        start += width + (gap if len(order) > 1 else 0.0)
    return sectors, positions, angles


def _sizes(G: nx.Graph, contacts: list[Any]) -> dict[str, list[Any]]:
    sizes: dict[str, list[Any]] = {}
    for c in contacts:
        for circle in circles_of(G, c) or [NO_CIRCLE]:
            sizes.setdefault(circle, []).append(c)
    return sizes


def spread_angles(
    angles: list[float], min_gap: float, lo: float = -math.inf, hi: float = math.inf
) -> list[float]:
    """Push sorted angles apart until neighbours are at least ``min_gap`` apart (as far as
    they fit between ``lo`` and ``hi``), moving each as little as possible, keeping order.

    >>> [round(a, 2) for a in spread_angles([1.0, 1.0, 1.0], 0.1)]
    [0.9, 1.0, 1.1]
    >>> [round(a, 2) for a in spread_angles([0.0, 0.0, 0.0], 0.1, lo=0.0)]
    [0.0, 0.1, 0.2]
    """
    n = len(angles)
    if n < 2:
        return [min(hi, max(lo, a)) for a in angles]
    if math.isfinite(lo) and math.isfinite(hi):
        min_gap = min(min_gap, (hi - lo) / (n - 1))
    out = [min(hi, max(lo, a)) for a in angles]
    for _ in range(500):
        moved = False
        for i in range(n - 1):
            d = out[i + 1] - out[i]
            if d < min_gap - 1e-9:
                push = (min_gap - d) / 2
                out[i] = max(lo, out[i] - push)
                out[i + 1] = min(hi, out[i] + min_gap)
                moved = True
        if not moved:
            break
    return out


def _fruchterman_reingold(A: np.ndarray, rng: np.random.Generator, iterations: int) -> np.ndarray:
    """Fruchterman & Reingold over all pairs (numpy), positions centred in the unit disc."""
    import numpy as np

    m = len(A)
    if m == 1:
        return np.zeros((1, 2))
    P = rng.uniform(-1, 1, size=(m, 2)).astype(np.float32)
    k = np.float32(1.0 / math.sqrt(m))
    t = 0.1
    dt = t / (iterations + 1)
    x, y = P[:, 0].copy(), P[:, 1].copy()
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist2 = dx * dx + dy * dy
        np.maximum(dist2, 1e-4, out=dist2)
        force = k * k / dist2 - A * np.sqrt(dist2) / k  # repulsion k²/d, attraction d²/k
        fx = (dx * force).sum(axis=1)
        fy = (dy * force).sum(axis=1)
        length = np.maximum(np.hypot(fx, fy), 0.01)
        x += fx * (t / length)
        y += fy * (t / length)
        t -= dt
    P = np.column_stack([x, y])
    P -= P.mean(axis=0)
    radius = float(np.sqrt((P**2).sum(axis=1)).max()) or 1.0
    return (P / radius).astype(float)


def _pack(radii: list[float], margin: float) -> list[tuple[float, float]]:
    """Centres for discs of ``radii`` (largest first), each as near the middle as it fits."""
    import numpy as np

    centres: list[tuple[float, float]] = []
    placed_c = np.zeros((0, 2))
    placed_r = np.zeros(0)
    for r in radii:
        if not centres:
            centres.append((0.0, 0.0))
        else:
            step = max(min(radii) * 0.25, 1e-3)
            theta = 0.0
            while True:  # walk out along an Archimedean spiral until the disc fits
                radius = step * theta / (2 * math.pi)
                x, y = radius * math.cos(theta), radius * math.sin(theta)
                d = np.hypot(placed_c[:, 0] - x, placed_c[:, 1] - y)
                if (d >= placed_r + r + margin).all():
                    centres.append((x, y))
                    break
                theta += step / max(radius, step)
        placed_c = np.vstack([placed_c, centres[-1]])
        placed_r = np.append(placed_r, r)
    return centres


def force_layout(H: nx.Graph, *, seed: int = 0, iterations: int = 60) -> dict[Any, np.ndarray]:
    """Positions for ``H``'s nodes in the unit disc: each connected component by a force
    layout, the components packed largest first, the isolated nodes on a ring around them
    (or filling the disc when nothing is connected).

    The force layout is Fruchterman & Reingold (1991), vectorised with numpy over all pairs
    (about a second for 2,000 nodes), from seeded random positions. A component of ``m``
    nodes gets a disc of radius proportional to ``sqrt(m)``, so density looks alike
    everywhere. Isolated nodes are ordered by their first circle, so circles stay together.
    """
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(seed)
    nodes = sorted(H, key=str)
    alone = sorted((n for n in nodes if H.degree(n) == 0),
                   key=lambda n: ((circles_of(H, n) or ["~"])[0], str(n)))  # fmt: skip
    comps = [sorted(c, key=str) for c in nx.connected_components(H) if len(c) > 1]
    comps.sort(key=lambda c: (-len(c), str(c[0])))
    pos: dict[Any, np.ndarray] = {}
    if comps:
        radii = [math.sqrt(len(c)) for c in comps]
        centres = _pack(radii, margin=0.6)
        for comp, r, (cx, cy) in zip(comps, radii, centres, strict=True):
            index = {n: i for i, n in enumerate(comp)}
            A = np.zeros((len(comp), len(comp)), dtype=np.float32)
            for u, v in H.subgraph(comp).edges():
                if u != v:
                    A[index[u], index[v]] = A[index[v], index[u]] = 1.0
            P = _fruchterman_reingold(A, rng, iterations) * r
            for n, i in index.items():
                pos[n] = P[i] + (cx, cy)
        # Into the unit disc; a few far outliers (long pendant chains) are pulled in to its
        # edge rather than shrinking everything else.
        P = np.array([pos[n] for c in comps for n in c])
        middle = np.median(P, axis=0)
        dist = np.sqrt(((P - middle) ** 2).sum(axis=1))
        scale = float(np.quantile(dist, 0.97)) or float(dist.max()) or 1.0
        for c in comps:
            for n in c:
                q = (pos[n] - middle) / scale
                norm = float(np.hypot(*q))
                pos[n] = q if norm <= 1.0 else q / norm * (1.0 + 0.05 * (1 - 1 / norm))
    if alone:
        if comps:  # a ring (several rows when crowded) around the connected part
            per_row = max(24, int(2 * math.pi * 1.15 / 0.035))
            for i, n in enumerate(alone):
                row, j = divmod(i, per_row)
                count = min(per_row, len(alone) - row * per_row)
                theta = math.pi / 2 + 2 * math.pi * j / count
                r = 1.15 + 0.06 * row
                pos[n] = np.array([r * math.cos(theta), r * math.sin(theta)])
        else:  # sunflower spiral filling the disc, circle after circle
            golden = math.pi * (3 - math.sqrt(5))
            for i, n in enumerate(alone):
                r = math.sqrt((i + 0.5) / len(alone))
                pos[n] = np.array([r * math.cos(i * golden), r * math.sin(i * golden)])
    return pos
