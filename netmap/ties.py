"""Ties: those the user declares, imports, accepts or rejects; the public API of all ties.

The ego's ties are in :mod:`netmap.tie_strength`, ties from relations between cards in
:mod:`netmap.tie_relations` and inferred ties in :mod:`netmap.tie_inference`; their functions
are re-exported here.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from netmap.errors import FormatError, NetmapError
from netmap.model import Tie
from netmap.people import find_person
from netmap.store import Store, utcnow
from netmap.tie_inference import DEFAULT_MAX_AFFILIATION, _infer, affiliations, inferred_ties
from netmap.tie_relations import _resolve_relations, related_ties, unresolved_relations
from netmap.tie_strength import (
    CIRCLE_STRENGTH,
    HALF_LIFE_MONTHS,
    NO_CIRCLE_STRENGTH,
    closeness_strength,
    ego_ties,
    interaction_strength,
    recency_strength,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CIRCLE_STRENGTH",
    "DEFAULT_DECLARED_STRENGTH",
    "HALF_LIFE_MONTHS",
    "NO_CIRCLE_STRENGTH",
    "SUGGESTION_COLUMNS",
    "TIE_COLUMNS",
    "accept_suggestion",
    "accept_suggestions",
    "affiliations",
    "closeness_strength",
    "declare_tie",
    "declared_ties",
    "ego_ties",
    "import_ties",
    "inferred_ties",
    "interaction_strength",
    "list_ties",
    "recency_strength",
    "reject_suggestion",
    "related_ties",
    "remove_tie",
    "suggestions",
    "unresolved_relations",
]

DEFAULT_DECLARED_STRENGTH = 0.5
"""Strength of a declared tie given without ``--strength`` (3 on the 1–5 scale would be 0.6)."""
TIE_COLUMNS = ["origin", "person_a", "name_a", "person_b", "name_b", "kind", "strength",
               "since", "evidence"]  # fmt: skip
SUGGESTION_COLUMNS = ["rank", "person_a", "name_a", "person_b", "name_b", "strength",
                      "confidence", "evidence"]  # fmt: skip

_SINCE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


# ----------------------------------------------------------------------------------------
# Declared ties
# ----------------------------------------------------------------------------------------
def _user_strength(value: Any) -> float | None:
    """A strength on the user's 1–5 scale, normalised to (0, 1]; None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        number = math.nan
    if not 1 <= number <= 5:
        raise NetmapError(
            f"strength {value!r} is not between 1 and 5", hint="give 1 (weak) to 5 (strong)"
        )
    return number / 5


def _since(value: str) -> str:
    value = (value or "").strip()
    if value and not _SINCE.match(value):
        raise NetmapError(
            f"since {value!r} is not a year or a date", hint="write 2021, 2021-09 or 2021-09-01"
        )
    return value


def _egos(store: Store) -> set[str]:
    return {r[0] for r in store.conn.execute("SELECT id FROM persons WHERE is_ego = 1")}


def _people(
    store: Store, a_ref: str, b_ref: str, egos: set[str] | None = None
) -> tuple[str, str, str]:
    """The two people's ids, ``a < b``, and the first one named; an error for the same
    person or the ego. ``egos`` (the ego's id) saves a table scan per call in a loop."""
    a, b = find_person(store, a_ref), find_person(store, b_ref)
    if a == b:
        raise NetmapError(f"{a_ref!r} and {b_ref!r} are the same person: no tie to themselves")
    egos = _egos(store) if egos is None else egos
    if {a, b} & egos:
        raise NetmapError(
            "you are tied to every contact already",
            hint="the strength of your own ties comes from the data (see `netmap ties --help`)",
        )
    return (a, b, a) if a < b else (b, a, a)


def _put_tie(conn, a: str, b: str, strength, kind: str, since: str, evidence: str) -> bool:
    """Insert or update a declared tie (values not given keep the old ones); True if new."""
    old = conn.execute(
        "SELECT kind, strength, since FROM ties WHERE a = ? AND b = ?", (a, b)
    ).fetchone()
    if old is not None:
        kind, strength, since = (
            kind or old[0],
            old[1] if strength is None else strength,
            (since or old[2]),
        )
    conn.execute(
        "INSERT OR REPLACE INTO ties(a, b, kind, strength, since, evidence, declared_at) "
        "VALUES (?,?,?,?,?,?,?)",
        (a, b, kind, strength, since, evidence, utcnow()),
    )
    conn.execute("DELETE FROM tie_rejections WHERE a = ? AND b = ?", (a, b))
    return old is None


def declare_tie(
    store: Store,
    a_ref: str,
    b_ref: str,
    strength: float | str | None = None,
    kind: str = "",
    since: str = "",
) -> dict[str, Any]:
    """Declare that two people know each other (or update what was declared).

    Parameters
    ----------
    store : Store
    a_ref, b_ref : str
        The two people: ids, names or unique partial names (:func:`~netmap.people.find_person`).
    strength : float, optional
        1 (weak) to 5 (strong), stored as ``strength / 5``; without it the tie counts
        :data:`DEFAULT_DECLARED_STRENGTH`.
    kind : str
        What ties them: ``colleague``, ``friend``, ``cousin``...
    since : str
        A year or date (``2021``, ``2021-09``, ``2021-09-01``).

    Returns
    -------
    dict
        ``a``, ``b`` (ids, ``a < b``), ``name_a``, ``name_b``, ``names`` (both, in the order
        given), ``new`` (False: an update; values not given keep what was declared before).
        A rejection of the pair is lifted.
    """
    value = _user_strength(strength)
    since = _since(since)
    a, b, first = _people(store, a_ref, b_ref)
    with store.write() as conn:
        new = _put_tie(conn, a, b, value, kind.strip(), since, "declared by you")
    return {**_names(store, a, b, first), "new": new}


def _names(store: Store, a: str, b: str, first: str) -> dict[str, Any]:
    """Ids and names of a pair; ``names`` in the order the user gave them."""
    names = dict(store.conn.execute("SELECT id, name FROM persons WHERE id IN (?, ?)", (a, b)))
    order = [a, b] if first == a else [b, a]
    return {"a": a, "b": b, "name_a": names[a], "name_b": names[b],
            "names": [names[x] for x in order]}  # fmt: skip


def remove_tie(store: Store, a_ref: str, b_ref: str) -> dict[str, Any]:
    """Say that two people are not tied: remove the declared tie and reject the pair.

    The rejection keeps relations between their cards and shared affiliations from tying
    them again; declaring the tie again lifts it. Returns :func:`declare_tie`'s names and
    ``removed`` (whether there was a declared tie).
    """
    a, b, first = _people(store, a_ref, b_ref)
    with store.write() as conn:
        removed = conn.execute("DELETE FROM ties WHERE a = ? AND b = ?", (a, b)).rowcount
        conn.execute(
            "INSERT OR IGNORE INTO tie_rejections(a, b, rejected_at) VALUES (?,?,?)",
            (a, b, utcnow()),
        )
    return {**_names(store, a, b, first), "removed": bool(removed)}


def declared_ties(store: Store) -> list[Tie]:
    """The declared ties (``netmap tie``, ``netmap ties import``, accepted suggestions).

    ``origin="declared"``, ``confidence=1.0``; a tie declared without strength has
    :data:`DEFAULT_DECLARED_STRENGTH`. Sorted by ``(a, b)``.
    """
    return [
        Tie(a, b, "declared", DEFAULT_DECLARED_STRENGTH if s is None else s, k, e, 1.0, since)
        for a, b, k, s, since, e in store.conn.execute(
            "SELECT a, b, kind, strength, since, evidence FROM ties ORDER BY a, b"
        )
    ]


def _read_ties_csv(source: str | Path | IO[str], name: str) -> list[tuple[int, dict[str, str]]]:
    from netmap.importers._text import encoding_error, sniff_encoding

    if isinstance(source, (str, Path)):
        data = Path(source).read_bytes()
        codec, bom = sniff_encoding(data[:4])
        try:
            text = data[bom:].decode(codec)
        except UnicodeDecodeError:
            raise encoding_error(name, None, data[:65536], codec) from None
    else:
        text = source.read().removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    prev = 0
    try:
        for cells in reader:
            start, prev = prev + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = ["".join(ch for ch in c.casefold() if ch.isalnum()) for c in cells]
                missing = [c for c in ("persona", "personb") if c not in header]
                if missing:
                    raise FormatError(
                        "a ties file needs the columns person_a and person_b",
                        file=name,
                        line=start,
                        hint="its header is person_a,person_b,strength,kind,since",
                    )
                continue
            rows.append((start, dict(zip(header, (c.strip() for c in cells), strict=False))))
    except csv.Error as exc:
        raise FormatError(f"bad CSV ({exc})", file=name, line=prev + 1) from None
    if header is None:
        raise FormatError("the file is empty", file=name, hint="write person_a,person_b,...")
    return rows


def import_ties(store: Store, source: str | Path | IO[str], *, name: str | None = None) -> dict:
    """Declare the ties of a CSV file, in one transaction, with full accounting.

    The header is ``person_a, person_b, strength, kind, since`` (only the first two are
    required; case, spaces and ``_`` ignored; comma, semicolon or tab). People are ids or
    names as :func:`~netmap.people.find_person` takes them; ``strength`` is 1–5 or empty.

    Every row is imported (``new``, or ``updated`` when the pair had a declared tie) or
    rejected with its line and reason (a person unknown or ambiguous, a tie to oneself or to
    the ego, a bad strength or date): ``read == new + updated + len(rejected)``.

    Returns
    -------
    dict
        ``file``, ``read``, ``new``, ``updated``, ``rejected`` (a list of ``{file, line,
        reason}``).
    """
    name = name or (str(source) if isinstance(source, (str, Path)) else "<stdin>")
    rows = _read_ties_csv(source, name)
    new = updated = 0
    rejected = []
    egos = _egos(store)
    with store.write() as conn:
        for line, row in rows:
            try:
                value = _user_strength(row.get("strength"))
                since = _since(row.get("since", ""))
                for ref in (row.get("persona", ""), row.get("personb", "")):
                    if not ref:
                        raise NetmapError("person_a and person_b are both needed")
                a, b, _ = _people(store, row["persona"], row["personb"], egos)
            except NetmapError as exc:
                rejected.append({"file": name, "line": line, "reason": exc.message})
                continue
            evidence = f"declared in {Path(name).name}:{line}"
            if _put_tie(conn, a, b, value, row.get("kind", ""), since, evidence):
                new += 1
            else:
                updated += 1
    return {"file": name, "read": len(rows), "new": new, "updated": updated,
            "rejected": rejected}  # fmt: skip


def list_ties(store: Store, *, ego: bool = False, today: date | None = None) -> pd.DataFrame:
    """The declared and related ties, one row each (:data:`TIE_COLUMNS`).

    With ``ego=True``, first the ego's tie to each contact (:func:`ego_ties`, with the
    circles of :func:`netmap.circles.person_circles`), strongest first. Strengths are in
    (0, 1]. ``attrs["unresolved"]`` holds the relations that point at nobody in the
    workspace (see :func:`~netmap.tie_relations.unresolved_relations`).
    """
    import pandas as pd

    related, unresolved = _resolve_relations(store)
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    ties = declared_ties(store) + related
    if ego:
        from netmap.circles import person_circles

        mine = ego_ties(store, person_circles(store), today=today)
        mine.sort(key=lambda t: (-t.strength, names[t.b], t.b))
        ties = mine + ties
    rows = [
        {"origin": t.origin, "person_a": t.a, "name_a": names[t.a], "person_b": t.b,
         "name_b": names[t.b], "kind": t.kind, "strength": round(t.strength, 3),
         "since": t.since, "evidence": t.evidence}
        for t in ties
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=TIE_COLUMNS)
    frame.attrs["unresolved"] = unresolved
    return frame


# ----------------------------------------------------------------------------------------
# Suggestions
# ----------------------------------------------------------------------------------------
def suggestions(store: Store, *, max_affiliation: int = DEFAULT_MAX_AFFILIATION) -> pd.DataFrame:
    """The inferred ties not yet declared or rejected, best first, for the user to decide.

    Ranked by strength, then confidence, then names (:data:`SUGGESTION_COLUMNS`).
    ``attrs["large"]`` maps each affiliation too large to suggest pairs to its size.
    """
    import pandas as pd

    ties, large, names = _ranked(store, max_affiliation)
    rows = [
        {"rank": i, "person_a": t.a, "name_a": names[t.a], "person_b": t.b,
         "name_b": names[t.b], "strength": round(t.strength, 3),
         "confidence": round(t.confidence, 3), "evidence": t.evidence}
        for i, t in enumerate(ties, 1)
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    frame.attrs["large"] = large
    return frame


def _ranked(store: Store, max_affiliation: int) -> tuple[list[Tie], dict[str, int], dict]:
    """The current suggestions, best first, the large affiliations and everyone's names."""
    ties, _, large = _infer(store, max_affiliation, False, None, None)
    names = dict(store.conn.execute("SELECT id, name FROM persons"))
    ties.sort(key=lambda t: (-t.strength, -t.confidence, names[t.a], names[t.b], t.a, t.b))
    return ties, large, names


def _accept(conn, ties: list[Tie]) -> None:
    for t in ties:
        _put_tie(conn, t.a, t.b, t.strength, t.kind, "", t.evidence)


def accept_suggestion(
    store: Store, a_ref: str, b_ref: str, *, max_affiliation: int = DEFAULT_MAX_AFFILIATION
) -> dict[str, Any]:
    """Accept one suggestion: it becomes a declared tie, its kind (``inferred: organisation``),
    strength and evidence kept. An error if the pair is not a current suggestion."""
    a, b, first = _people(store, a_ref, b_ref)
    ties, _, _ = _infer(store, max_affiliation, False, None, None)
    found = [t for t in ties if (t.a, t.b) == (a, b)]
    if not found:
        names = _names(store, a, b, first)
        raise NetmapError(
            " and ".join(names["names"]) + " are not a suggestion",
            hint="`netmap ties suggest` lists them; `netmap tie A B` declares any tie",
        )
    with store.write() as conn:
        _accept(conn, found)
    tie = found[0]
    return {**_names(store, a, b, first), "strength": tie.strength, "evidence": tie.evidence}


def accept_suggestions(
    store: Store, top: int | None = None, *, max_affiliation: int = DEFAULT_MAX_AFFILIATION
) -> int:
    """Accept the ``top`` best suggestions (all when None); return how many were accepted."""
    chosen = _ranked(store, max_affiliation)[0][:top]
    with store.write() as conn:
        _accept(conn, chosen)
    return len(chosen)


def reject_suggestion(store: Store, a_ref: str, b_ref: str) -> dict[str, Any]:
    """Reject a pair: it is never suggested (nor tied by a relation between cards) again.

    A pair with a declared tie is an error: ``netmap untie`` removes it.
    """
    a, b, first = _people(store, a_ref, b_ref)
    names = _names(store, a, b, first)
    if store.conn.execute("SELECT 1 FROM ties WHERE a = ? AND b = ?", (a, b)).fetchone():
        raise NetmapError(
            " and ".join(names["names"]) + " have a declared tie",
            hint='run `netmap untie "{}" "{}"` to remove it'.format(*names["names"]),
        )
    with store.write() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO tie_rejections(a, b, rejected_at) VALUES (?,?,?)",
            (a, b, utcnow()),
        )
    return names
