"""The strength of the ego's tie to each contact, from what the data holds."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date
from typing import Any

from netmap.model import Tie
from netmap.people import record_fields
from netmap.store import Store

__all__ = [
    "CIRCLE_STRENGTH",
    "HALF_LIFE_MONTHS",
    "MIN_STRENGTH",
    "NO_CIRCLE_STRENGTH",
    "closeness_strength",
    "ego_ties",
    "interaction_strength",
    "recency_strength",
]

CIRCLE_STRENGTH = {
    "family": 0.8,
    "friends": 0.6,
    "internship": 0.5,
    "work": 0.4,
    "studies": 0.4,
    "other": 0.3,
}
"""Default strength of an ego tie by circle (the best of the person's circles); any circle
not listed counts as ``other``."""
NO_CIRCLE_STRENGTH = 0.2
HALF_LIFE_MONTHS = 12.0
MIN_STRENGTH = 0.05
_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+(?:[.,]\d+)?))?\s*$")
_SEPARATORS = re.compile(r"[\s,_']")  # thousands separators in a count: 1,234 / 1 234
_DAYS_PER_MONTH = 365.25 / 12


def closeness_strength(rating: float, scale: float) -> float:
    """A closeness rating on a 1–5 (or 0–10) scale as a strength: ``rating / scale``.

    A rating of 0 gives the floor, 0.05, so that every tie stays in (0, 1].

    Examples
    --------
    >>> closeness_strength(4, 5), closeness_strength(7, 10), closeness_strength(0, 10)
    (0.8, 0.7, 0.05)
    """
    return max(MIN_STRENGTH, min(1.0, rating / scale))


def interaction_strength(count: int) -> float:
    """An interaction count (messages, calls...) as a strength: ``1 - exp(-count / 10)``.

    Ten interactions give 0.63, thirty 0.95; none gives the floor, 0.05.

    Examples
    --------
    >>> round(interaction_strength(10), 4), round(interaction_strength(30), 4)
    (0.6321, 0.9502)
    """
    return max(MIN_STRENGTH, 1.0 - math.exp(-count / 10))


def recency_strength(when: date, today: date, half_life: float = HALF_LIFE_MONTHS) -> float:
    """A last-contact date as a strength that halves every ``half_life`` months.

    ``0.5 ** (age_in_months / half_life)`` with months of 365.25/12 days, floored at 0.05
    (about four and a half half-lives); a date in the future counts as today.

    Examples
    --------
    >>> round(recency_strength(date(2024, 3, 12), date(2025, 3, 12)), 4)  # 365 days
    0.5002
    >>> recency_strength(date(2010, 1, 1), date(2025, 3, 12))
    0.05
    """
    months = max(0, (today - when).days) / _DAYS_PER_MONTH
    return max(MIN_STRENGTH, 0.5 ** (months / half_life))


def _number(text: str) -> tuple[float, float | None] | None:
    m = _NUMBER.match(text)
    if m is None:
        return None
    value = float(m[1].replace(",", "."))
    return value, float(m[2].replace(",", ".")) if m[2] else None


def _iso_date(text: str) -> date | None:
    parts = text.strip()[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        return date(numbers[0], *[*numbers[1:], 1, 1][:2])
    except (ValueError, IndexError, TypeError):
        return None


_SIGNALS = ("extra.closeness", "extra.interactions", "dates.last_contact", "dates.connected_on")
Signals = list[tuple[str, dict[str, Any]]]  # (file name, record data) of one person


def _closeness_scales(signals: dict[str, Signals]) -> dict[str, float]:
    """The scale of each source's closeness column: 10 if any plain rating exceeds 5, else 5."""
    scales: dict[str, float] = {}
    for cards in signals.values():
        for source, data in cards:
            for value in data.get("extra", {}).get("closeness", []):
                parsed = _number(value)
                if parsed and parsed[1] is None:
                    scales.setdefault(source, 5.0)
                    if parsed[0] > 5:
                        scales[source] = 10.0
    return scales


def _ego_basis(
    cards: Signals, scales: dict[str, float], today: date, half_life: float
) -> tuple[float, str] | None:
    """``(strength, evidence)`` from the data, best basis first, or None."""
    ratings, counts, seen = [], [], []
    for where, data in cards:
        extra, dates = data.get("extra", {}), data.get("dates", {})
        for value in extra.get("closeness", []):
            parsed = _number(value)
            if parsed:
                scale = parsed[1] or scales.get(where, 5.0)
                if 0 <= parsed[0] <= scale and scale in (5, 10):
                    ratings.append((closeness_strength(parsed[0], scale), parsed[0], scale, where))
        for value in extra.get("interactions", []):
            digits = _SEPARATORS.sub("", value)
            if digits.isdigit():
                counts.append((int(digits), where))
        for rank, key in enumerate(("last_contact", "connected_on")):
            when = _iso_date(dates.get(key, ""))
            if when is not None:
                seen.append((-rank, when, key))
    if ratings:
        strength, rating, scale, where = max(ratings)
        return strength, f"closeness {rating:g}/{scale:g} in {where}"
    if counts:
        count, where = max(counts)
        return interaction_strength(count), f"{count} interactions in {where}"
    if seen:
        _, when, key = max(seen)
        what = "last contact" if key == "last_contact" else "connected on"
        return (
            recency_strength(when, today, half_life),
            f"{what} {when.isoformat()}, half-life {half_life:g} months",
        )
    return None


def _circle_default(mine: Any) -> tuple[float, str]:
    mine = [c if c in CIRCLE_STRENGTH else "other" for c in mine]
    best = max(mine, key=lambda c: CIRCLE_STRENGTH[c], default=None)
    if best:
        return CIRCLE_STRENGTH[best], f"default for {best}"
    return NO_CIRCLE_STRENGTH, "default (in no circle)"


def ego_ties(
    store: Store,
    circles: dict[str, dict[str, Any]],
    *,
    today: date | None = None,
    half_life: float = HALF_LIFE_MONTHS,
    records: dict[str, list[dict[str, Any]]] | None = None,
) -> list[Tie]:
    """One tie from the ego to every other person, its strength from what the data holds.

    The strength comes from the first of these bases that the person's records give:

    1. a **closeness rating** (``--map "Closeness=closeness"``): ``rating / 5`` on a 1–5
       scale, ``rating / 10`` on a 0–10 one. A source whose ratings go above 5 is on the 0–10
       scale; ``7/10`` or ``4/5`` say it themselves. The best rating wins.
    2. an **interaction count** (``--map "Messages=interactions"``): ``1 - exp(-n / 10)``
       (:func:`interaction_strength`), the largest count.
    3. a **last-contact date** (``--map "Last seen=date:last_contact"``):
       ``0.5 ** (age_months / half_life)``, floored at 0.05 (:func:`recency_strength`), the
       latest date. The date of a LinkedIn connection is weaker evidence (it says when the tie
       began, not when it was last used): its recency strength is used only when it is
       higher than the circle default below.
    4. else a **default per circle**, the best of the person's circles
       (:data:`CIRCLE_STRENGTH`: family 0.8, friends 0.6, internship 0.5, work 0.4, studies
       0.4, other 0.3), or 0.2 for someone in no circle.

    Parameters
    ----------
    store : Store
    circles : dict
        ``{person id: {circle: ...}}``: each person's circles (the keys are used).
    today : date, optional
        The day ages are counted to; default today.
    half_life : float
        Months after which a last contact counts half.
    records : dict, optional
        :func:`netmap.people.person_records` of the store, when the caller has it already.

    Returns
    -------
    list of Tie
        ``Tie("ego", person, "ego", strength, evidence=...)`` per person, sorted by person id;
        ``evidence`` names the basis (``"closeness 4/5 in google.csv"``, ``"last contact
        2024-03-12, half-life 12 months"``, ``"default for family"``).
    """
    today = today or date.today()
    signals: dict[str, Signals] = defaultdict(list)
    for pid, source, _, data in record_fields(store, _SIGNALS, records, only=_SIGNALS):
        signals[pid].append((source, data))
    scales = _closeness_scales(signals)
    rows = store.conn.execute("SELECT id, is_ego FROM persons ORDER BY id").fetchall()
    ego = next((pid for pid, is_ego in rows if is_ego), "ego")
    ties = []
    for pid, is_ego in rows:
        if is_ego:
            continue
        basis = _ego_basis(signals.get(pid, []), scales, today, half_life)
        if basis is None:
            basis = _circle_default(circles.get(pid, {}))
        elif basis[1].startswith("connected on"):
            # A connection date says when the tie began, not when it was last used: it
            # can raise the circle's default strength, never lower it.
            default = _circle_default(circles.get(pid, {}))
            if default[0] > basis[0]:
                began = basis[1].split(",")[0]
                basis = (default[0], f"{default[1]} ({began})")
        ties.append(Tie(ego, pid, "ego", basis[0], evidence=basis[1]))
    return ties
