"""The breadth-first walk from the ego that reach, its greedy cover and diversity share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netmap.graph import resolve_ego as _ego_of

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

# Nothing public: these helpers serve netmap.analysis.reach, .cover and .diversity.
__all__: list[str] = []


def _is_person(G: nx.Graph, node: Any) -> bool:
    return G.nodes[node].get("kind", "person") != "affiliation"


def _people_graph(G: nx.Graph) -> nx.Graph:
    """``G`` undirected, without affiliation nodes (not people: reach never walks through them).

    Self-loops change no distance, so they need no stripping here.
    """
    import networkx as nx

    if G.is_directed():
        G = G.to_undirected(as_view=True)
    if any(kind == "affiliation" for _, kind in G.nodes(data="kind")):
        base = G
        return nx.subgraph_view(base, filter_node=lambda n: _is_person(base, n))
    return G


class _Walk:
    """One breadth-first search from the ego, and the two-step structure derived from it."""

    def __init__(self, G: nx.Graph, ego: Any, hops: int) -> None:
        import networkx as nx

        if not isinstance(hops, int) or isinstance(hops, bool) or hops < 1:
            raise ValueError(f"hops must be a positive integer, not {hops!r}")
        self.G = G
        self.ego = _ego_of(G, ego)
        self.H = _people_graph(G)
        if self.ego not in self.H:
            raise ValueError(f"the ego {self.ego!r} is an affiliation node, not a person")
        self.hops = hops
        dist = nx.single_source_shortest_path_length(self.H, self.ego, cutoff=max(hops, 2))
        del dist[self.ego]
        self.dist = dist
        self._two: dict[Any, list[Any]] | None = None

    def within(self, hops: int) -> list[Any]:
        return [v for v, d in self.dist.items() if d <= hops]

    def name(self, node: Any) -> str:
        return str(self.G.nodes[node].get("name") or node)

    @property
    def contacts(self) -> list[Any]:
        return [v for v, d in self.dist.items() if d == 1]

    @property
    def two_step(self) -> dict[Any, list[Any]]:
        """Each direct contact's neighbours at distance exactly 2 from the ego."""
        if self._two is None:
            dist, adj = self.dist, self.H.adj
            self._two, ends = {}, 0
            for c in self.contacts:
                near = [None if v == c else dist.get(v) for v in adj[c]]
                self._two[c] = [v for v, d in zip(adj[c], near, strict=True) if d == 2]
                ends += near.count(1)
            self._contact_ties = ends // 2
        return self._two

    @property
    def contact_ties(self) -> int:
        """How many ties join two of the ego's contacts."""
        self.two_step  # noqa: B018  (computes it)
        return self._contact_ties

    @property
    def second(self) -> int:
        """How many people are at distance exactly 2."""
        return sum(1 for d in self.dist.values() if d == 2)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)
