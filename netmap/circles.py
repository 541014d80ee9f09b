"""Who is in which circle: computed from labels, rules and hand tags; the table; tagging."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.circle_rules import (
    BUILTIN_CIRCLES,
    Rules,
    circle_for_label,
    circle_slug,
    load_rules,
    parse_rules,
)
from netmap.errors import NetmapError
from netmap.normalize import fold

if TYPE_CHECKING:
    import pandas as pd

    from netmap.store import Store

__all__ = [
    "CIRCLE_COLUMNS",
    "DUNBAR_LAYERS",
    "NO_CIRCLE",
    "REPORT_COLUMNS",
    "RecordFacts",
    "circle_members",
    "circle_table",
    "dunbar_layer",
    "person_circle_detail",
    "person_circles",
    "record_facts",
    "rule_report",
    "tag",
    "untag",
]

#: Dunbar's layers, as reference bands from the literature (Dunbar 1998; Zhou et al. 2005).
DUNBAR_LAYERS = (
    (5, "<= 5 support clique"),
    (15, "<= 15 sympathy group"),
    (50, "<= 50"),
    (150, "<= 150"),
)
NO_CIRCLE = "(none)"
CIRCLE_COLUMNS = ["circle", "size", "by_label", "by_rule", "by_hand", "dunbar_layer"]
REPORT_COLUMNS = ["rule", "circle", "conditions", "people", "only_by_rules", "excluded"]


def dunbar_layer(size: int) -> str:
    """The Dunbar reference band a circle of ``size`` people falls in (a band, not a norm).

    Examples
    --------
    >>> [dunbar_layer(n) for n in (3, 15, 16, 150, 151)]
    ['<= 5 support clique', '<= 15 sympathy group', '<= 50', '<= 150', '> 150']
    """
    for bound, name in DUNBAR_LAYERS:
        if size <= bound:
            return name
    return "> 150"


def _order(circle: str) -> tuple[int, str]:
    try:
        return (BUILTIN_CIRCLES.index(circle), "")
    except ValueError:
        return (len(BUILTIN_CIRCLES), circle)


# -- what each record says ---------------------------------------------------------------


@dataclass(slots=True)
class RecordFacts:
    """What one source record says that circles are drawn from.

    ``labels`` are ``(label, kind)`` pairs, ``kind`` being ``label`` (vCard CATEGORIES, CSV
    labels and categories) or ``group`` (an Apple group card of the same file lists its UID).
    ``titles`` holds titles and roles; ``domains`` the lower-case email domains; ``source``
    the file name.
    """

    source: str
    labels: list[tuple[str, str]] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)


def record_facts(store: Store) -> dict[str, list[RecordFacts]]:
    """The :class:`RecordFacts` of every record, per person id (the ego left out)."""
    from netmap.people import group_memberships

    groups = group_memberships(store)
    out: dict[str, list[RecordFacts]] = defaultdict(list)
    rows = store.conn.execute(
        "SELECT r.person_id, r.data, s.name FROM records r "
        "JOIN persons p ON p.id = r.person_id AND p.is_ego = 0 "
        "LEFT JOIN sources s ON s.id = r.source_id WHERE r.kind = 'individual' ORDER BY r.id"
    )
    names: dict[str | None, str] = {}
    for pid, data, source in rows:
        d = json.loads(data)
        if source not in names:
            names[source] = Path(source or "").name
        uid = d.get("uid", "").strip().lower().removeprefix("urn:uuid:")
        out[pid].append(
            RecordFacts(
                source=names[source],
                labels=[(g, "label") for g in d.get("groups", []) if g.strip()]
                + [(g, "group") for g in sorted(groups.get(uid, ())) if uid and g.strip()],
                organisations=[o["name"] for o in d.get("organisations", []) if o["name"]],
                titles=[t for t in (*d.get("titles", []), *d.get("roles", [])) if t],
                domains=[
                    e["value"].rpartition("@")[2].strip().lower()
                    for e in d.get("emails", [])
                    if "@" in e["value"]
                ],
            )
        )
    return out


# -- computing circles -------------------------------------------------------------------


def _computed(store: Store, rules: Rules | str | None) -> dict[str, dict[str, list[tuple]]]:
    """person id -> circle -> [(kind, evidence)], kind being label, alias, rule or hand."""
    if rules is None:
        rules = load_rules(store)
    elif not isinstance(rules, Rules):
        rules = parse_rules(rules)
    people = [r[0] for r in store.conn.execute("SELECT id FROM persons WHERE is_ego = 0")]
    facts = record_facts(store)
    hand: dict[str, dict[str, str]] = defaultdict(dict)
    for pid, circle, at in store.conn.execute(
        "SELECT person_id, circle, tagged_at FROM person_circles"
    ):
        hand[pid][circle] = at
    # Merged people may carry both a tag and an exclusion of a circle: the later one counts.
    excluded: dict[str, set[str]] = defaultdict(set)
    for pid, circle, at in store.conn.execute(
        "SELECT person_id, circle, untagged_at FROM circle_exclusions"
    ):
        if at >= hand[pid].get(circle, ""):
            excluded[pid].add(circle)
            hand[pid].pop(circle, None)
    out: dict[str, dict[str, list[tuple]]] = {}
    for pid in people:
        found: dict[str, list[tuple]] = defaultdict(list)
        for f in facts.get(pid, ()):
            for label, kind in f.labels:
                circle = circle_for_label(label, rules.aliases)
                if circle:
                    word = "group" if kind == "group" else "label"
                    aliased = fold(label) in rules.aliases
                    text = f"{word} {label!r} in {f.source}" + (" (rules alias)" if aliased else "")
                    item = ("alias" if aliased else "label", text)
                    if item not in found[circle]:
                        found[circle].append(item)
        for rule in rules.rules:
            evidence = rule.match(facts.get(pid, ()))
            if evidence and ("rule", evidence) not in found[rule.circle]:
                found[rule.circle].append(("rule", evidence))
        for circle in hand.get(pid, ()):
            found[circle].append(("hand", "tagged by hand"))
        out[pid] = {
            c: found[c] for c in sorted(found, key=_order) if c not in excluded.get(pid, ())
        }
    return out


def person_circles(
    store: Store, rules: Rules | str | None = None
) -> dict[str, dict[str, list[str]]]:
    """Every person's circles, each with its evidence in plain words.

    Computed, never stored: from the records' groups and labels (vCard CATEGORIES, CSV labels
    and categories, Apple group cards) read through the built-in vocabulary and the rules
    file's aliases, then the rules, then the circles tagged by hand; minus the circles
    untagged by hand. Labels the vocabulary does not know give no circle.

    Parameters
    ----------
    store : Store
    rules : Rules or str, optional
        Rules to use instead of the workspace's (a parsed :class:`~netmap.circle_rules.Rules`
        or TOML text).

    Returns
    -------
    dict
        person id -> {circle: [evidence, ...]} for every person but the ego, circles in
        vocabulary order (built-in circles first). A person in no circle maps to ``{}``.

    Examples
    --------
    >>> import tempfile, os
    >>> from netmap.people import init_workspace
    >>> from netmap.importing import import_files
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "phone.vcf")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("BEGIN:VCARD\\nVERSION:3.0\\nFN:Léa Martin\\nCATEGORIES:Études,Amis\\n"
    ...                 "END:VCARD\\n")
    >>> store = init_workspace(os.path.join(folder, "w.db"), "Camille Durand")
    >>> _ = import_files(store, [path])
    >>> list(person_circles(store).values())
    [{'studies': ["label 'Études' in phone.vcf"], 'friends': ["label 'Amis' in phone.vcf"]}]
    """
    return {
        pid: {c: [text for _, text in ev] for c, ev in circles.items()}
        for pid, circles in _computed(store, rules).items()
    }


def circle_table(store: Store, rules: Rules | str | None = None) -> pd.DataFrame:
    """One row per circle: its size, how many are in it by label, rule or hand, Dunbar band.

    ``by_label``, ``by_rule`` and ``by_hand`` count the people with that kind of evidence (a
    person may have several, so they may add up to more than ``size``). ``dunbar_layer`` is
    the reference band of Dunbar's layers (5 / 15 / 50 / 150; Dunbar 1998, Zhou et al. 2005)
    the size falls in: a band from the literature, not a norm. A last row, ``(none)``, counts
    the people in no circle.

    Returns
    -------
    pandas.DataFrame
        Columns ``circle, size, by_label, by_rule, by_hand, dunbar_layer``; circles with
        nobody in them are left out.
    """
    import pandas as pd

    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    nobody = 0
    for circles in _computed(store, rules).values():
        if not circles:
            nobody += 1
        for circle, evidence in circles.items():
            counts[circle]["size"] += 1
            kinds = {k for k, _ in evidence}
            if kinds & {"label", "alias"}:
                counts[circle]["label+alias"] += 1
            for kind in kinds:
                counts[circle][kind] += 1
    rows: list[dict[str, Any]] = [
        {
            "circle": circle,
            "size": c["size"],
            "by_label": c["label+alias"],
            "by_rule": c["rule"],
            "by_hand": c["hand"],
            "dunbar_layer": dunbar_layer(c["size"]),
        }
        for circle, c in sorted(counts.items(), key=lambda item: _order(item[0]))
    ]
    rows.append({"circle": NO_CIRCLE, "size": nobody})
    return pd.DataFrame(rows, columns=CIRCLE_COLUMNS, dtype=object).replace({float("nan"): None})


def person_circle_detail(store: Store, ref: str) -> dict[str, Any]:
    """One person's circles with their evidence, and the circles untagged by hand.

    Returns
    -------
    dict
        ``id``, ``name``, ``circles`` (circle -> [evidence]) and ``excluded`` (circles
        untagged by hand, which labels and rules never add back).
    """
    pid = _contact(store, ref)
    name = store.conn.execute("SELECT name FROM persons WHERE id = ?", (pid,)).fetchone()[0]
    sql = "SELECT circle FROM circle_exclusions WHERE person_id = ? ORDER BY circle"
    excluded = [r[0] for r in store.conn.execute(sql, (pid,))]
    circles = person_circles(store).get(pid, {})
    return {"id": pid, "name": name, "circles": circles, "excluded": excluded}


def circle_members(store: Store, circle: str) -> pd.DataFrame:
    """The people in one circle, sorted by name, with why.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, evidence`` (evidence a list of plain-word reasons).
    """
    import pandas as pd

    circle = circle_slug(circle)
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    rows = [
        {"id": pid, "name": names[pid], "evidence": circles[circle]}
        for pid, circles in person_circles(store).items()
        if circle in circles
    ]
    rows.sort(key=lambda r: (fold(r["name"]), r["id"]))
    return pd.DataFrame(rows, columns=["id", "name", "evidence"])


def rule_report(store: Store, rules: Rules | str | None = None) -> pd.DataFrame:
    """What each rule and alias matches now.

    Returns
    -------
    pandas.DataFrame
        Columns ``rule`` (its number, or ``alias``), ``circle``, ``conditions``, ``people``
        (how many people it matches), ``only_by_rules`` (of those, how many are in the circle
        by the rules file alone, its rules and aliases: no other label, no hand tag) and
        ``excluded`` (of those, how many were untagged from it by hand).
    """
    import pandas as pd

    if rules is None:
        rules = load_rules(store)
    elif isinstance(rules, str):
        rules = parse_rules(rules)
    facts = record_facts(store)
    computed = _computed(store, rules)
    excluded = set(store.conn.execute("SELECT person_id, circle FROM circle_exclusions"))
    rows = []

    def row(rule: str, circle: str, conditions: str, people: set[str]) -> dict[str, Any]:
        return {
            "rule": rule,
            "circle": circle,
            "conditions": conditions,
            "people": len(people),
            "only_by_rules": sum(
                1
                for pid in people
                if circle in computed.get(pid, {})
                and all(kind in ("rule", "alias") for kind, _ in computed[pid][circle])
            ),
            "excluded": sum(1 for pid in people if (pid, circle) in excluded),
        }

    for label, circle in rules.aliases.items():
        people = {
            pid
            for pid, records in facts.items()
            if any(fold(text) == label for r in records for text, _ in r.labels)
        }
        rows.append(row("alias", circle, f"label {rules.alias_labels.get(label, label)!r}", people))
    for rule in rules.rules:
        people = {pid for pid, records in facts.items() if rule.match(records)}
        rows.append(row(str(rule.number), rule.circle, rule.describe(), people))
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


# -- tagging by hand ---------------------------------------------------------------------


def _contact(store: Store, ref: str) -> str:
    from netmap.people import find_person

    pid = find_person(store, ref)
    row = store.conn.execute("SELECT is_ego FROM persons WHERE id = ?", (pid,)).fetchone()
    if row[0]:
        raise NetmapError(
            "you are the ego of this network: circles are for your contacts",
            hint="name one of your contacts",
        )
    return pid


def tag(store: Store, person: str, circle: str) -> dict[str, Any]:
    """Put a person in a circle by hand; no rule or label change takes them out again.

    Tagging also lifts an earlier :func:`untag` of that circle.

    Parameters
    ----------
    store : Store
    person : str
        An id, a name or a unique part of a name (see :func:`netmap.people.find_person`).
    circle : str
        A built-in circle or one of its aliases (``famille``, ``stage``...), or a name of your
        own, made a lower-case slug (``Rock climbing`` -> ``rock-climbing``).

    Returns
    -------
    dict
        ``id``, ``name``, ``circle``, and ``changed`` (False when already tagged by hand).
    """
    from netmap.store import utcnow

    pid = _contact(store, person)
    circle = circle_slug(circle)
    with store.write() as conn:
        conn.execute(
            "DELETE FROM circle_exclusions WHERE person_id = ? AND circle = ?", (pid, circle)
        )
        cursor = conn.execute(
            "INSERT OR IGNORE INTO person_circles(person_id, circle, tagged_at) VALUES (?,?,?)",
            (pid, circle, utcnow()),
        )
        changed = cursor.rowcount > 0
    name = store.conn.execute("SELECT name FROM persons WHERE id = ?", (pid,)).fetchone()[0]
    return {"id": pid, "name": name, "circle": circle, "changed": changed}


def untag(store: Store, person: str, circle: str) -> dict[str, Any]:
    """Take a person out of a circle by hand.

    A hand tag is removed; when a label or a rule gives the circle, an exclusion is recorded
    so that they never add it back (until :func:`tag` puts the person in again).

    Returns
    -------
    dict
        ``id``, ``name``, ``circle``, and ``excluded`` (True when labels or rules gave the
        circle and an exclusion was recorded).

    Raises
    ------
    NetmapError
        The person is not in that circle.
    """
    from netmap.store import utcnow

    pid = _contact(store, person)
    circle = circle_slug(circle)
    name = store.conn.execute("SELECT name FROM persons WHERE id = ?", (pid,)).fetchone()[0]
    current = _computed(store, None).get(pid, {})
    if circle not in current:
        mine = ", ".join(current) or "none"
        raise NetmapError(
            f"{name} is not in circle {circle!r} (their circles: {mine})",
            hint=f'see why with `netmap circles --person "{name}"`',
        )
    derived = any(kind != "hand" for kind, _ in current[circle])
    with store.write() as conn:
        conn.execute("DELETE FROM person_circles WHERE person_id = ? AND circle = ?", (pid, circle))
        if derived:
            conn.execute(
                "INSERT OR REPLACE INTO circle_exclusions(person_id, circle, untagged_at) "
                "VALUES (?,?,?)",
                (pid, circle, utcnow()),
            )
    return {"id": pid, "name": name, "circle": circle, "excluded": derived}
