"""Diversity of the people within reach: Blau, IQV and entropy of their circle shares."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from netmap.analysis.walk import _Walk
from netmap.graph import list_attribute as _labels

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["diversity"]

#: Columns of ``reach_analysis(...)["diversity"]``: one row of :func:`diversity` per distance.
_COLUMNS = ["hops", "people", "tagged", "circles", "organisations", "blau", "iqv", "entropy"]


def _diversity(walk: _Walk, hops: int) -> dict:
    """:func:`diversity` of the people within ``hops`` steps of an existing walk."""
    people = walk.within(hops)
    shares: Counter = Counter()
    organisations: set[str] = set()
    tagged = 0
    for v in people:
        data = walk.G.nodes[v]
        organisations.update(_labels(data.get("organisations")))
        circles = _labels(data.get("circles"))
        if circles:
            tagged += 1
            for circle in circles:
                shares[circle] += 1 / len(circles)
    blau = iqv = entropy = None
    if tagged:
        p = [w / tagged for w in shares.values()]
        blau = max(0.0, 1 - sum(x * x for x in p))
        entropy = max(0.0, -sum(x * math.log(x) for x in p if x > 0))
        if len(p) > 1:
            iqv = blau * len(p) / (len(p) - 1)
    return {
        "hops": hops,
        "people": len(people),
        "tagged": tagged,
        "circles": len(shares),
        "organisations": len(organisations),
        "blau": blau,
        "iqv": iqv,
        "entropy": entropy,
    }


def _by_distance(walk: _Walk, hops: int) -> pd.DataFrame:
    """One row of :func:`diversity` per distance ``1 .. hops``, from one walk."""
    import pandas as pd

    return pd.DataFrame([_diversity(walk, h) for h in range(1, hops + 1)], columns=_COLUMNS)


def diversity(G: nx.Graph, ego: Any = None, hops: int = 1, *, weight: Any = None) -> dict:
    """How varied the people within ``hops`` steps are: circles, organisations, Blau, entropy.

    Each person within ``hops`` steps who has circles counts once, split equally between
    their circles (someone in *family* and *friends* adds 1/2 to each), so the circle shares
    :math:`p_i` sum to 1 and nobody weighs more for being in several circles. People with no
    circle are left out of the shares (counted in ``people`` but not in ``tagged``): an
    untagged contact is unknown, not a circle of its own, and counting them as ``"(none)"``
    would make an untagged address book look diverse. Then

    .. math:: \\mathrm{Blau} = 1 - \\sum_i p_i^2, \\qquad
              \\mathrm{IQV} = \\mathrm{Blau} \\cdot \\frac{K}{K - 1}, \\qquad
              H = -\\sum_i p_i \\ln p_i

    with :math:`K` the number of circles. Blau is the chance that two people drawn at random
    (each with one of their circles) are in different circles; IQV rescales it to [0, 1]
    (1 = evenly spread); :math:`H` is in nats (:math:`\\ln K` at most). They are ``None``
    when undefined: nobody in reach has a circle (and IQV with fewer than 2 circles).

    Parameters
    ----------
    G : networkx.Graph
    ego : node, optional
        Defaults to ``G.graph["ego"]``.
    hops : int
        Take the people within this many steps (1: the ego's contacts).
    weight : None
        Ignored (steps, not costs); accepted for a common signature.

    Returns
    -------
    dict
        ``hops``, ``people`` (within reach), ``tagged`` (with a circle), ``circles`` and
        ``organisations`` (distinct ones among them), ``blau``, ``iqv``, ``entropy``.

    References
    ----------
    Blau, P. M. (1977). *Inequality and Heterogeneity*. Free Press.
    Agresti, A. & Agresti, B. F. (1978). Statistical analysis of qualitative variation.
    *Sociological Methodology* 9, 204-237.
    Shannon, C. E. (1948). A mathematical theory of communication. *Bell System Technical
    Journal* 27, 379-423.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(["me", "a", "b", "c", "d"])
    >>> nx.set_node_attributes(
    ...     G, {"a": ["family"], "b": ["work"], "c": ["work", "family"]}, "circles")
    >>> d = diversity(G, "me")
    >>> d["people"], d["tagged"], d["circles"], d["blau"], d["iqv"], round(d["entropy"], 4)
    (4, 3, 2, 0.5, 1.0, 0.6931)
    """
    return _diversity(_Walk(G, ego, hops), hops)
