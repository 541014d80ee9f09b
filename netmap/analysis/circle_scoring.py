"""Scoring found circles against true ones as McAuley & Leskovec (2012) did, with baselines."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["BASELINES", "baseline_circles", "best_matching", "pair_scores", "score_circles"]

#: The trivial baselines every score is shown next to, and what each one is.
BASELINES = {
    "everyone": "one circle holding every contact",
    "shuffled": "random circles of the same sizes as the found ones",
}


def _incidence(circles: Sequence[Collection], index: dict[Any, int]):
    """The 0/1 circles x people matrix (members outside ``index`` are ignored)."""
    import scipy.sparse as sp

    rows, cols = [], []
    for i, circle in enumerate(circles):
        for member in circle:
            j = index.get(member)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = np.ones(len(rows))
    return sp.csr_array((data, (rows, cols)), shape=(len(circles), len(index)))


def pair_scores(
    found: Sequence[Collection], true: Sequence[Collection], universe: Iterable
) -> tuple[np.ndarray, np.ndarray]:
    r"""1 - balanced error rate and F1 of every (true circle, found circle) pair.

    For a true circle :math:`\bar C` and a found circle :math:`C` among the :math:`N` people
    of ``universe``,

    .. math::

        \mathrm{BER}(C, \bar C) = \tfrac12\left(\frac{|\bar C \setminus C|}{|\bar C|}
        + \frac{|C \setminus \bar C|}{N - |\bar C|}\right), \qquad
        F_1 = \frac{2\,|C \cap \bar C|}{|C| + |\bar C|},

    the mean of the miss rate and the false-alarm rate, as in McAuley's own code; so a found
    circle holding everybody has a BER of exactly 0.5 against any true circle, and a random
    one about 0.5. When :math:`\bar C` holds everybody there is nobody to mistake and the
    second term is 0. Counted with one sparse product.

    Parameters
    ----------
    found, true : sequence of collections
        The circles, as collections of people; people outside ``universe`` are ignored.
    universe : iterable
        Everybody who could be in a circle (the ego's contacts).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``1 - BER`` and ``F1``, each of shape ``(len(true), len(found))``.

    Examples
    --------
    >>> s, f = pair_scores([{1, 2, 3, 5}], [{1, 2, 3, 4}], range(10))
    >>> round(float(s[0, 0]), 4), float(f[0, 0])
    (0.7917, 0.75)
    """
    index = {person: i for i, person in enumerate(dict.fromkeys(universe))}
    n = len(index)
    T = _incidence(true, index)
    F = _incidence(found, index)
    tp = np.asarray((T @ F.T).todense()).reshape(len(true), len(found))
    t = np.asarray(T.sum(axis=1)).reshape(-1, 1)
    f = np.asarray(F.sum(axis=1)).reshape(1, -1)
    negatives = n - t
    with np.errstate(divide="ignore", invalid="ignore"):
        miss = np.where(t > 0, (t - tp) / np.where(t > 0, t, 1), 0.0)
        alarm = np.where(negatives > 0, (f - tp) / np.where(negatives > 0, negatives, 1), 0.0)
        f1 = np.where(tp > 0, 2 * tp / (t + f), 0.0)
    return 1.0 - 0.5 * (miss + alarm), f1


def best_matching(scores: np.ndarray) -> list[tuple[int, int]]:
    """The one-to-one (true, found) pairs with the largest total score (Hungarian algorithm).

    With fewer found circles than true ones every found circle is matched, and the other way
    round; :func:`scipy.optimize.linear_sum_assignment` handles the rectangular case.

    Examples
    --------
    >>> best_matching(np.array([[0.9, 0.8], [0.85, 0.1]]))
    [(0, 1), (1, 0)]
    """
    from scipy.optimize import linear_sum_assignment

    if scores.size == 0:
        return []
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


def score_circles(
    found: Sequence[Collection], true: Sequence[Collection], universe: Iterable
) -> dict[str, float | int]:
    r"""How well ``found`` circles recover ``true`` ones, as McAuley & Leskovec (2012) score it.

    The found and true circles are matched one to one so as to maximise the total score
    (Hungarian algorithm), separately for each measure as McAuley's code does, and the score
    is the mean over the matched pairs:

    .. math::

        \max_{f} \frac{1}{|f|} \sum_{C \in \mathrm{dom}(f)} \bigl(1 - \mathrm{BER}(C, f(C))
        \bigr),

    :math:`f` a one-to-one map between found and true circles with
    :math:`|f| = \min(K, \bar K)`. With fewer found circles than true ones, the true circles
    left over cost nothing; with more, the extra found circles cost nothing (the paper's
    choice: they "could have been circles"). Hence ``f1_all_circles``, beside it: the matched
    F1 summed over every true circle and divided by their number (a true circle left over
    counts 0), which predicting fewer circles cannot raise. To average over several egos,
    as the paper does, take the mean of the per-ego scores.

    Parameters
    ----------
    found, true : sequence of collections
        The circles; empty ones are dropped.
    universe : iterable
        Everybody who could be in a circle (the ego's contacts).

    Returns
    -------
    dict
        ``circles_found``, ``circles_true``, ``one_minus_ber``, ``f1``, ``f1_all_circles``
        (NaN when either side has no circle).

    References
    ----------
    J. McAuley and J. Leskovec, "Learning to discover social circles in ego networks",
    NIPS 2012, section 5 (balanced error rate, F1, optimal matching by linear assignment).

    Examples
    --------
    >>> scores = score_circles([set(range(10))], [{0, 1, 2, 3}, {4, 5}], range(10))
    >>> [round(scores[k], 4) for k in ("one_minus_ber", "f1", "f1_all_circles")]
    [0.5, 0.5714, 0.2857]
    """
    found = [c for c in found if c]
    true = [c for c in true if c]
    result: dict[str, float | int] = {"circles_found": len(found), "circles_true": len(true)}
    if not found or not true:
        return {**result, "one_minus_ber": np.nan, "f1": np.nan, "f1_all_circles": np.nan}
    s, f = pair_scores(found, true, universe)
    s_pairs = best_matching(s)
    f_pairs = best_matching(f)
    f_sum = float(sum(f[i, j] for i, j in f_pairs))
    return {
        **result,
        "one_minus_ber": float(np.mean([s[i, j] for i, j in s_pairs])),
        "f1": f_sum / len(f_pairs),
        "f1_all_circles": f_sum / len(true),
    }


def baseline_circles(
    universe: Iterable, sizes: Sequence[int], *, seed: int = 0
) -> dict[str, list[set]]:
    """The trivial baselines of :data:`BASELINES`, to show beside any found circles.

    ``everyone`` is one circle holding all of ``universe`` (1 - BER exactly 0.5 against any
    true circle; on SNAP ego-Facebook its F1 is 0.524, higher than every baseline of the
    paper). ``shuffled`` draws, for each size in ``sizes``, that many people at random
    (``seed``): it keeps the found circles' sizes and loses their members, so the gap
    between the two says what the graph's structure adds.

    Examples
    --------
    >>> b = baseline_circles("abcde", [2, 1], seed=0)
    >>> sorted(b["everyone"][0]), [len(c) for c in b["shuffled"]]
    (['a', 'b', 'c', 'd', 'e'], [2, 1])
    """
    people = list(dict.fromkeys(universe))
    rng = np.random.default_rng(seed)
    shuffled = [
        {people[i] for i in rng.choice(len(people), size=min(k, len(people)), replace=False)}
        for k in sizes
    ]
    return {"everyone": [set(people)] if people else [], "shuffled": shuffled}
