"""Ties from relations between cards (RELATED, X-ABRELATEDNAMES, spouse, manager...)."""

from __future__ import annotations

from typing import Any

from netmap.model import Tie
from netmap.normalize import email_key, name_key
from netmap.people import record_fields
from netmap.store import Store

__all__ = ["RELATED_STRENGTH", "related_ties", "unresolved_relations"]

RELATED_STRENGTH = {
    **dict.fromkeys(("spouse", "partner", "husband", "wife"), 1.0),
    **dict.fromkeys(
        ("mother", "father", "parent", "child", "son", "daughter", "sibling", "brother",
         "sister", "kin", "family"),
        0.8,
    ),
    **dict.fromkeys(("manager", "assistant", "co-worker", "colleague"), 0.6),
}  # fmt: skip
"""Strength of a ``related`` tie by relation; any other relation (friend, referred-by...) 0.5."""

_NOT_A_TYPE = frozenset({"pref", "internet", "x-ablabel"})


def _relation_kind(types: list[str]) -> str:
    return next((t for t in types if t and t not in _NOT_A_TYPE), "related")


def _resolve_relations(
    store: Store,
    records: dict[str, list[dict[str, Any]]] | None = None,
    directed: list[tuple[str, str, str]] | None = None,
) -> tuple[list[Tie], list[dict[str, Any]]]:
    """``(ties, unresolved)`` for every relation a record holds; see :func:`related_ties`.

    ``directed``, when given, receives ``(holder, other, relation)`` for each relation that
    ties two people, in file order: whose card says it, about whom (the contact export keeps
    the card a relation was written on).
    """
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    egos = {r[0] for r in store.conn.execute("SELECT id FROM persons WHERE is_ego = 1")}
    pending = [
        (source, line, pid, data["related"])
        for pid, source, line, data in record_fields(
            store, ("related",), records, only=("related",)
        )
        if data.get("kind", "individual") == "individual"
    ]
    pending.sort(key=lambda p: p[:3])  # in file order, so that evidence and messages read so

    def people(kind: str, value: str | None) -> set[str]:
        if not value:
            return set()
        return {
            pid
            for (pid,) in store.conn.execute(
                "SELECT r.person_id FROM record_keys k JOIN records r ON r.id = k.record_id "
                "WHERE k.kind = ? AND k.value = ? AND r.person_id IS NOT NULL",
                (kind, value),
            )
        }

    rejected = {tuple(r) for r in store.conn.execute("SELECT a, b FROM tie_rejections")}
    found: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    unresolved: list[dict[str, Any]] = []
    for source, line, pid, related in pending:
        for rel in related:
            value = rel["value"].strip()
            if not value:
                continue
            kind = _relation_kind(rel.get("types", []))
            targets = (
                people("uid", value.lower().removeprefix("urn:uuid:"))
                or people("email", email_key(value))
                or people("name", name_key(value))
            )
            where = f"{source}:{line}"
            if targets & egos or targets == {pid}:
                continue  # the ego is tied to everyone already; a card naming itself
            targets = targets - {pid}
            if len(targets) != 1:
                reason = (
                    "matches nobody in the workspace"
                    if not targets
                    else f"matches {len(targets)} people: "
                    + ", ".join(sorted(names[t] for t in targets))
                )
                unresolved.append(
                    {"person": pid, "name": names.get(pid, ""), "relation": kind,
                     "value": value, "where": where, "reason": reason}
                )  # fmt: skip
                continue
            (other,) = targets
            pair = (min(pid, other), max(pid, other))
            if pair in rejected:
                continue
            if directed is not None:
                directed.append((pid, other, kind))
            kinds, evidence = found.setdefault(pair, ([], []))
            if kind not in kinds:
                kinds.append(kind)
            text = f"RELATED {kind} in {where}"
            if text not in evidence:
                evidence.append(text)
    ties = [
        Tie(
            a,
            b,
            "related",
            max(RELATED_STRENGTH.get(k, 0.5) for k in kinds),
            kind="; ".join(kinds),
            evidence="; ".join(evidence),
        )
        for (a, b), (kinds, evidence) in sorted(found.items())
    ]
    return ties, unresolved


def related_ties(
    store: Store, *, records: dict[str, list[dict[str, Any]]] | None = None
) -> list[Tie]:
    """Ties from relations between cards: vCard RELATED, X-ABRELATEDNAMES, X-SPOUSE, a CSV's
    Spouse or Manager column... that point at another known person.

    A relation's value is resolved, in order, as a UID (``urn:uuid:...`` or bare) of a record,
    an email address of a record, then a name one of their records gives (the same words,
    accents, case and order ignored), through the matching keys the import stored. A value
    that matches nobody, or several people, is skipped and listed by
    :func:`unresolved_relations`; one naming the ego or the card itself is skipped (the ego is
    tied to everyone already). Pairs the user rejected are left out.

    Each pair gives one tie (``a < b``), ``origin="related"``, ``confidence=1.0``, ``kind``
    the relation(s) (``spouse``, ``mother``...), ``evidence`` every card saying so
    (``"RELATED spouse in phone.vcf:288"``, the line where the card starts), and a strength
    from :data:`RELATED_STRENGTH` (spouse 1.0, family 0.8, manager/assistant 0.6, else 0.5).

    Parameters
    ----------
    store : Store
    records : dict, optional
        :func:`netmap.people.person_records` of the store, when the caller has it already.

    Returns
    -------
    list of Tie
        Sorted by ``(a, b)``.
    """
    return _resolve_relations(store, records)[0]


def unresolved_relations(
    store: Store, *, records: dict[str, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    """Relations that point at nobody (or at several people) in the workspace.

    Each is a dict with ``person``, ``name`` (whose card holds it), ``relation``, ``value``
    (as the card gives it), ``where`` (``file:line``) and ``reason``.
    """
    return _resolve_relations(store, records)[1]
