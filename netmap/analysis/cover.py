"""The greedy cover: the k contacts who together open the most people 2 steps away."""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING, Any

from netmap.analysis.walk import _frame, _Walk

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["COVER_COLUMNS", "GREEDY_GUARANTEE", "reach_cover"]

#: Columns of :func:`reach_cover`.
COVER_COLUMNS = ["step", "contact", "name", "gain", "covered", "share", "optimum_bound"]
#: The guarantee of the greedy cover, in words (shown by ``netmap reach``).
GREEDY_GUARANTEE = (
    "Greedy choice: each contact added opens the most people not yet reached. Such a choice "
    "of k contacts always reaches at least 1 - 1/e (63%) of what the best k contacts could "
    "(Nemhauser, Wolsey & Fisher 1978)."
)


def _cover(walk: _Walk, k: int) -> pd.DataFrame:
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be a positive integer, not {k!r}")
    two = walk.two_step
    contacts = sorted(two, key=lambda c: (walk.name(c), str(c)))
    sets = [set(two[c]) for c in contacts]
    total = walk.second
    # Lazy greedy (Minoux 1978): a stale gain is an upper bound of the true one
    # (submodularity), so popping until the top is fresh picks what plain greedy picks,
    # ties broken by name.
    heap = [(-len(s), i, 0) for i, s in enumerate(sets) if s]
    heapq.heapify(heap)
    covered: set = set()
    rows: list[dict] = []
    best = sorted((len(s) for s in sets), reverse=True)
    while heap and len(rows) < k:
        negative, i, stamp = heapq.heappop(heap)
        if stamp != len(rows):
            gain = len(sets[i] - covered)
            if gain:
                heapq.heappush(heap, (-gain, i, len(rows)))
            continue
        covered |= sets[i]
        step = len(rows) + 1
        # Greedy with `step` picks reaches >= 1 - (1 - 1/step)^step of the best `step` picks.
        ratio = 1 - (1 - 1 / step) ** step
        bound = min(total, sum(best[:step]), math.floor(len(covered) / ratio + 1e-9))
        rows.append(
            {
                "step": step,
                "contact": contacts[i],
                "name": walk.name(contacts[i]),
                "gain": -negative,
                "covered": len(covered),
                "share": len(covered) / total,
                "optimum_bound": bound,
            }
        )
    return _frame(rows, COVER_COLUMNS)


def reach_cover(G: nx.Graph, ego: Any = None, k: int = 3, *, weight: Any = None) -> pd.DataFrame:
    """The k contacts who together open the most people 2 steps away (greedy maximum coverage).

    Each contact :math:`c` opens the set :math:`S_c = N(c) \\cap N_2` (see
    :func:`~netmap.analysis.reach.marginal_reach`); the best k contacts maximise
    :math:`|\\bigcup S_c|`, an NP-hard maximum-coverage problem. The greedy choice adds, k
    times, the contact opening the most people not yet covered (ties broken by name). Its
    guarantee (Nemhauser, Wolsey & Fisher 1978): with :math:`i` picks it covers at least
    :math:`1 - (1 - 1/i)^i \\ge 1 - 1/e \\approx 0.632` of the best :math:`i` contacts'
    coverage, and no polynomial algorithm does better in general unless P = NP (Feige 1998).
    The column ``optimum_bound`` turns that into a figure: the best ``step`` contacts could
    reach at most that many people. The cover stops early when nobody is left to open.

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    k : int
        How many contacts to pick (>= 1).
    weight : None
        Ignored (steps, not costs); accepted for a common signature.

    Returns
    -------
    pandas.DataFrame
        One row per pick: ``step``, ``contact``, ``name``, ``gain`` (people it adds),
        ``covered`` (people opened so far), ``share`` (of everyone 2 steps away),
        ``optimum_bound`` (the most any ``step`` contacts could open, from the guarantee,
        at most everyone 2 steps away). Empty when nobody is 2 steps away (a star).

    References
    ----------
    Nemhauser, G. L., Wolsey, L. A. & Fisher, M. L. (1978). An analysis of approximations for
    maximizing submodular set functions I. *Mathematical Programming* 14, 265-294.
    Feige, U. (1998). A threshold of ln n for approximating set cover. *J. ACM* 45(4), 634-652.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("me", "a"), ("me", "b"), ("me", "c")])
    >>> G.add_edges_from([("a", 1), ("a", 2), ("a", 3), ("b", 3), ("b", 4), ("c", 1)])
    >>> reach_cover(G, "me", k=3)
       step contact name  gain  covered  share  optimum_bound
    0     1       a    a     3        3   0.75              3
    1     2       b    b     1        4   1.00              4
    """
    return _cover(_Walk(G, ego, 2), k)
