"""Ties inferred from shared affiliations: a weighted bipartite projection, capped."""

from __future__ import annotations

import functools
import itertools
import math
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from netmap._gc import collector_paused
from netmap.model import Tie
from netmap.normalize import fold
from netmap.people import group_memberships, record_fields
from netmap.store import Store
from netmap.tie_relations import _resolve_relations

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "AFFILIATION_KINDS",
    "DEFAULT_MAX_AFFILIATION",
    "affiliation_confidence",
    "affiliations",
    "inferred_ties",
]

DEFAULT_MAX_AFFILIATION = 50
AFFILIATION_KINDS = ("family", "department", "school", "organisation", "group")
"""The kinds of affiliation, each the prefix of its labels (``"organisation: Acme"``)."""

# Labels that say nothing about who knows whom (Google's system labels, import batches).
_SYSTEM_GROUPS = frozenset({"starred", "favorites", "favourites", "my contacts", "other contacts"})
_SCHOOL_WORDS = frozenset(
    {"ecole", "school", "university", "universite", "universitat", "universidad", "universita",
     "college", "lycee", "iut", "faculte", "faculty", "institut", "institute", "polytechnique",
     "hochschule", "academy", "academie", "insa", "gymnasium"}
)  # fmt: skip
_COUNTRY_WORDS = frozenset(
    {"fr", "france", "de", "deutschland", "germany", "be", "belgique", "belgium", "ch",
     "suisse", "schweiz", "switzerland", "uk", "gb", "united", "kingdom", "us", "usa",
     "states", "america", "es", "espana", "spain", "it", "italia", "italy", "nl", "nederland"}
)  # fmt: skip


# ----------------------------------------------------------------------------------------
# Affiliations
# ----------------------------------------------------------------------------------------
def _is_school(key: str) -> bool:
    """Whether a folded organisation name reads as a school.

    Examples
    --------
    >>> _is_school(fold("École supérieure d'ingénieurs de Valmont")), _is_school("acme")
    (True, False)
    """
    return bool(set(key.split()) & _SCHOOL_WORDS)


def _address_key(text: str) -> str:
    """An address compared as its set of folded words, country names left out.

    Examples
    --------
    >>> _address_key("1 avenue des Tilleuls, Lyon, 69003, France")
    '1 69003 avenue des lyon tilleuls'
    >>> _address_key("1 Avenue des Tilleuls, 69003 LYON, FR")
    '1 69003 avenue des lyon tilleuls'
    """
    return " ".join(sorted(set(fold(text).split()) - _COUNTRY_WORDS))


def _is_system_group(key: str) -> bool:
    """Labels that say nothing about who knows whom.

    Besides system labels, the circle words themselves ("Famille", "Amis", "Friends",
    "Stage", "Études"...): they say how the user knows each person, not that those people
    know each other. Two people the user files under "Friends" may never have met; taking
    such a label as an affiliation would also make communities echo the circles that the
    same labels define. A specific group ("Équipe R&D", "Stage Acme") is an affiliation.

    Examples
    --------
    >>> _is_system_group("amis"), _is_system_group("starred"), _is_system_group("equipe r d")
    (True, True, False)
    """
    from netmap.circle_rules import circle_for_label

    return (
        key in _SYSTEM_GROUPS or key.startswith("imported on") or circle_for_label(key) is not None
    )


def affiliations(
    store: Store,
    circles: dict[str, dict[str, Any]] | None = None,
    *,
    records: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, set[str]]:
    """What people share: affiliation label -> the ids of its members (the ego left out).

    Labels start with their kind (:data:`AFFILIATION_KINDS`):

    - ``organisation: Acme Industries`` -- every organisation a record names; names are
      compared folded (accents, case and punctuation ignored) and shown as most often
      written (among equals, the one with fewest capitals-only words and most accents).
    - ``school: ...`` -- an organisation whose name reads as a school (École, University,
      Lycée, IUT...) or, when ``circles`` is given, whose members are mostly in the
      ``studies`` circle.
    - ``department: R&D (Acme Industries)`` -- a unit of an organisation (vCard ``ORG:Acme;R&D``,
      a Department column).
    - ``group: Équipe R&D`` -- a category, label or Apple group card; system labels
      (``starred``, ``My Contacts``, ``Imported on ...``) are not affiliations.
    - ``family: Roussel @ 1 avenue des Tilleuls, Lyon`` -- the same family name and the same
      non-work address, or ``family: Roussel @ tel +33199000783``, the same family name and
      the same phone number (a household's landline).

    Parameters
    ----------
    store : Store
    circles : dict, optional
        ``{person id: {circle: ...}}`` as computed by the circles module; only used to
        call an organisation a school.
    records : dict, optional
        :func:`netmap.people.person_records` of the store, when the caller has it already.

    Returns
    -------
    dict[str, set[str]]
    """
    egos = {r[0] for r in store.conn.execute("SELECT id FROM persons WHERE is_ego = 1")}
    groups_of = group_memberships(store)
    phones: dict[str, set[str]] = defaultdict(set)  # E.164, as matching keyed them
    for pid, value in store.conn.execute(
        "SELECT r.person_id, k.value FROM record_keys k JOIN records r ON r.id = k.record_id "
        "WHERE k.kind = 'phone' AND r.person_id IS NOT NULL"
    ):
        phones[pid].add(value)
    shown: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)  # spellings, counted
    members: dict[tuple[str, ...], set[str]] = defaultdict(set)
    homes: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    folded = functools.lru_cache(maxsize=None)(fold)  # names of organisations, groups repeat

    def add(key: tuple[str, ...], text: str, pid: str) -> None:
        spellings = shown[key]
        spellings[text] = spellings.get(text, 0) + 1
        members[key].add(pid)

    fields = ("organisations", "groups", "uid", "family", "addresses")
    for pid, cards in itertools.groupby(record_fields(store, fields, records), key=lambda c: c[0]):
        if pid in egos:
            continue
        families: set[str] = set()
        places: dict[tuple[str, str], str] = {}
        for _, _, _, d in cards:
            if d.get("kind", "individual") != "individual":
                continue
            for org in d.get("organisations", []):
                name = org["name"].strip()
                key = folded(name)
                if key:
                    add(("org", key), name, pid)
                    for unit in org.get("units", []):
                        if folded(unit):
                            add(("dept", key, folded(unit)), f"{unit.strip()} ({name})", pid)
            groups = list(d.get("groups", []))
            if d.get("uid"):
                groups += groups_of.get(d["uid"].strip().lower().removeprefix("urn:uuid:"), ())
            for group in groups:
                key = folded(group)
                if key and not _is_system_group(key):
                    add(("group", key), group.strip(), pid)
            if folded(d.get("family", "")):
                families.add(d["family"].strip())
            for adr in d.get("addresses", []):
                key = _address_key(adr["value"])
                if "work" not in adr.get("types", []) and key:
                    places.setdefault(("adr", key), adr["value"].strip())
        if families:
            for e164 in sorted(phones.get(pid, ())):
                places.setdefault(("tel", e164), f"tel {e164}")
        for family in families:
            for place, text in places.items():
                homes[("family", folded(family), *place)].append((pid, f"{family} @ {text}"))
    for key, found in homes.items():  # most are one person's: kept out of the counting
        if len({pid for pid, _ in found}) > 1:
            for pid, text in found:
                add(key, text, pid)
    out: dict[str, set[str]] = {}
    for key, pids in members.items():
        if len(pids) < 2:
            continue
        kind = {"org": "organisation", "dept": "department"}.get(key[0], key[0])
        if kind == "organisation" and (_is_school(key[1]) or _mostly_studies(pids, circles)):
            kind = "school"
        text = min(shown[key].items(), key=_spelling)[0]
        out.setdefault(f"{kind}: {text}", set()).update(pids)
    return out


def _spelling(item: tuple[str, int]) -> tuple:
    """Rank the spellings of one name: most used, then fewest words in capitals, most accents.

    Examples
    --------
    >>> min([("ACME", 1), ("Acme", 1)], key=_spelling)[0], min([("Ecole", 1), ("École", 1)],
    ...     key=_spelling)[0]
    ('Acme', 'École')
    """
    text, count = item
    shouted = sum(1 for w in text.split() if len(w) > 1 and w.isupper())
    return -count, shouted, -sum(1 for c in text if not c.isascii()), text


def _mostly_studies(pids: set[str], circles: dict[str, dict[str, Any]] | None) -> bool:
    if not circles or len(pids) < 2:
        return False
    return sum(1 for p in pids if "studies" in circles.get(p, {})) * 2 > len(pids)


def affiliation_confidence(size: int) -> float:
    """How likely two members of an affiliation of ``size`` people know each other.

    Taken as ``1 / sqrt(size - 1)``, at most 0.9: 0.9 for two people, 0.5 for five, 0.33
    for ten, 0.14 for fifty. Several shared affiliations combine as independent evidence
    (noisy-or): ``1 - prod(1 - c_a)``.

    Examples
    --------
    >>> affiliation_confidence(2), affiliation_confidence(5), round(affiliation_confidence(10), 3)
    (0.9, 0.5, 0.333)
    """
    return min(0.9, 1 / math.sqrt(size - 1))


def _pairs(members: list[np.ndarray], cap: int):
    """All ``(i, j, affiliation)`` with ``i < j`` members of one affiliation of 2..cap people.

    Affiliations of one size are stacked into a matrix and paired with ``triu_indices``, so
    the work is numpy's, and bounded by ``(cap - 1) / 2`` pairs per membership.
    """
    import numpy as np

    by_size: dict[int, list[int]] = defaultdict(list)
    for k, m in enumerate(members):
        if 2 <= len(m) <= cap:
            by_size[len(m)].append(k)
    parts_i, parts_j, parts_a = [], [], []
    for size, affs in by_size.items():
        matrix = np.stack([members[k] for k in affs])
        iu, ju = np.triu_indices(size, 1)
        parts_i.append(matrix[:, iu].ravel())
        parts_j.append(matrix[:, ju].ravel())
        parts_a.append(np.repeat(np.asarray(affs, dtype=np.int64), len(iu)))
    if not parts_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(parts_i), np.concatenate(parts_j), np.concatenate(parts_a)


def inferred_ties(
    store: Store,
    *,
    max_affiliation: int = DEFAULT_MAX_AFFILIATION,
    declared_too: bool = False,
    circles: dict[str, dict[str, Any]] | None = None,
    records: dict[str, list[dict[str, Any]]] | None = None,
    min_strength: float = 0.0,
) -> tuple[list[Tie], list[str]]:
    """Ties inferred from shared affiliations, by a weighted bipartite projection.

    People and their :func:`affiliations` form a bipartite graph; it is projected onto the
    people with Newman's collaboration weights (Newman 2001): two people sharing affiliations
    ``A`` are tied with weight ``w = sum(1 / (n_a - 1) for a in A)``, ``n_a`` the number of
    people of ``a``. Someone in a 3-person team shares it with two others, who get half of
    their attention each; in a 40-person group each gets a fortieth. ``strength =
    min(1, w)``; ``confidence`` is the noisy-or of :func:`affiliation_confidence` over the
    shared affiliations; ``evidence`` lists them, smallest first (``"same department: R&D
    (Acme Industries); same organisation: Acme Industries"``); ``kind`` is ``"inferred: "``
    and their kinds.

    Affiliations of more than ``max_affiliation`` people are **not projected**: an
    organisation of 2,000 people would be a clique of 1,999,000 edges, each of weight 1/1999,
    which would cost gigabytes, drown every real tie and say nothing (working for the same
    large employer is not knowing each other). They are returned instead, so the graph
    builder can keep each as one affiliation node linked to its members (n edges, not
    n(n-1)/2). Kept rather than sampled, because a sample would invent arbitrary pairs, and a
    cap alone would silently lose the information. The work is then bounded by
    ``(max_affiliation - 1) / 2`` pairs per membership: linear in the number of memberships.

    Parameters
    ----------
    store : Store
    max_affiliation : int
        The largest affiliation projected into pairwise ties.
    declared_too : bool
        Keep pairs the user declared and pairs a relation ties already (left out by default,
        as suggestions of what is known are noise). Pairs the user rejected are always left
        out.
    circles : dict, optional
        Passed to :func:`affiliations` (to call an organisation a school); give the same to
        both to get the same labels.
    records : dict, optional
        :func:`netmap.people.person_records` of the store, when the caller has it already.
    min_strength : float
        Leave out ties weaker than this (``0.05`` drops pairs whose only link is a group of
        more than 21 people): fewer edges for a large workspace.

    Returns
    -------
    ties : list of Tie
        ``origin="inferred"``, ``a < b``, sorted by ``(a, b)``.
    large : list of str
        The labels of the affiliations too large to project, largest first.

    References
    ----------
    M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
    networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    """
    ties, large, _ = _infer(store, max_affiliation, declared_too, circles, records, min_strength)
    return ties, large


def _infer(
    store: Store,
    max_affiliation: int,
    declared_too: bool,
    circles: dict[str, dict[str, Any]] | None,
    records: dict[str, list[dict[str, Any]]] | None,
    min_strength: float = 0.0,
) -> tuple[list[Tie], list[str], dict[str, int]]:
    """:func:`inferred_ties` plus the size of every large affiliation."""
    import numpy as np

    affs = affiliations(store, circles, records=records)
    labels = sorted(affs, key=lambda label: (len(affs[label]), label))
    large = sorted(
        (label for label in labels if len(affs[label]) > max_affiliation),
        key=lambda label: (-len(affs[label]), label),
    )
    # affiliations with the same members are one: a category mirroring a department is
    # one team, not two reasons to know each other
    same: dict[frozenset[str], list[str]] = {}
    for label in labels:
        same.setdefault(frozenset(affs[label]), []).append(label)
    units = list(same.items())
    people = sorted({p for label in labels for p in affs[label]})
    index = {p: i for i, p in enumerate(people)}
    members = [np.sort(np.fromiter((index[p] for p in m), np.int64)) for m, _ in units]
    sizes = [len(m) for m in members]
    weight = 1.0 / (np.array(sizes, dtype=np.float64) - 1)
    log_doubt = np.log1p(-np.array([affiliation_confidence(n) for n in sizes]))
    evidence = ["; ".join("same " + label for label in unit) for _, unit in units]
    kinds = [[label.split(":", 1)[0] for label in unit] for _, unit in units]
    pi, pj, pa = _pairs(members, max_affiliation)
    excluded = {tuple(r) for r in store.conn.execute("SELECT a, b FROM tie_rejections")}
    if not declared_too:
        excluded |= {tuple(r) for r in store.conn.execute("SELECT a, b FROM ties")}
        excluded |= {(t.a, t.b) for t in _resolve_relations(store, records)[0]}
    if not len(pi):
        return [], large, {label: len(affs[label]) for label in large}
    n = len(people)
    key = pi * n + pj
    del pi, pj
    order = np.lexsort((pa, key))  # by pair, then affiliation (smallest first)
    key, pa = key[order], pa[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    strength = np.minimum(1.0, np.add.reduceat(weight[pa], starts))
    confidence = -np.expm1(np.add.reduceat(log_doubt[pa], starts))
    counts = np.diff(np.append(starts, len(key)))
    key = key[starts]
    if excluded or min_strength > 0:
        drop = [index[a] * n + index[b] for a, b in excluded if a in index and b in index]
        keep = ~np.isin(key, np.array(drop, dtype=np.int64)) & (strength >= min_strength)
        starts, strength, confidence, counts, key = (
            x[keep] for x in (starts, strength, confidence, counts, key)
        )
    # most pairs share one affiliation: its texts are made once and shared by all its pairs
    kind_text = ["inferred: " + ", ".join(dict.fromkeys(k)) for k in kinds]
    texts = [evidence[x] for x in pa[starts].tolist()]
    kind_of = [kind_text[x] for x in pa[starts].tolist()]
    made: dict[tuple[int, ...], tuple[str, str]] = {}
    for i in np.flatnonzero(counts > 1).tolist():
        shared = tuple(pa[starts[i] : starts[i] + counts[i]].tolist())
        if shared not in made:
            made[shared] = (
                "; ".join(evidence[x] for x in shared),
                "inferred: " + ", ".join(dict.fromkeys(k for x in shared for k in kinds[x])),
            )
        texts[i], kind_of[i] = made[shared]
    ids = np.array(people, dtype=object)
    with collector_paused():
        ties = [
            Tie(a, b, "inferred", s, k, e, c)
            for a, b, s, k, e, c in zip(
                ids[key // n].tolist(), ids[key % n].tolist(), strength.tolist(), kind_of,
                texts, confidence.tolist(), strict=True,
            )
        ]  # fmt: skip
    return ties, large, {label: len(affs[label]) for label in large}
