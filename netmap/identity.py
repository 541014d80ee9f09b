"""Finding the same person across sources: keys, blocking, verdicts and the review file."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from netmap.errors import FormatError
from netmap.model import SourceRecord
from netmap.normalize import DEFAULT_REGION, email_key, name_key, phone_key

__all__ = [
    "BLOCK_LIMIT",
    "COMMON_LIMIT",
    "REVIEW_COLUMNS",
    "Keys",
    "Match",
    "Matcher",
    "compare",
    "read_review",
    "record_keys",
    "review_rows",
]

#: A fuzzy-name block larger than this (a very common name) is not searched pairwise, so that
#: the cost of matching grows near-linearly with the number of contacts.
BLOCK_LIMIT = 64
#: An email, phone, UID or exact name shared by more distinct people than this (a
#: switchboard number, a shared mailbox, hundreds of cards named "Maman") is not searched
#: pairwise either: it tells people apart no better than nothing, and searching it would make
#: matching quadratic. Such keys are listed in :attr:`Matcher.common`.
COMMON_LIMIT = 64
#: Name similarity (rapidfuzz ratio of sorted folded tokens, 0-100) above which two names
#: sharing an email, phone or UID are taken to be the same person.
SAME_NAME = 85.0
#: Name similarity above which two people with no identifier in common are a doubtful pair.
SIMILAR_NAME = 88.0

REVIEW_COLUMNS = [
    "decision",
    "score",
    "reason",
    "id_a",
    "name_a",
    "sources_a",
    "id_b",
    "name_b",
    "sources_b",
]


@dataclass(slots=True)
class Keys:
    """What identifies a person: folded names, emails, E.164 phones, vCard UIDs."""

    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    uids: set[str] = field(default_factory=set)

    def update(self, other: Keys) -> None:
        """Add ``other``'s keys to these."""
        self.names |= other.names
        self.emails |= other.emails
        self.phones |= other.phones
        self.uids |= other.uids

    def items(self) -> Iterator[tuple[str, str]]:
        """``(kind, value)`` pairs, as stored in the ``record_keys`` table."""
        for kind, values in (
            ("name", self.names),
            ("email", self.emails),
            ("phone", self.phones),
            ("uid", self.uids),
        ):
            for value in sorted(values):
                yield kind, value

    @classmethod
    def from_items(cls, items: Iterable[tuple[str, str]]) -> Keys:
        """The inverse of :meth:`items`."""
        keys = cls()
        for kind, value in items:
            getattr(keys, kind + "s").add(value)
        return keys


def record_keys(record: SourceRecord, region: str = DEFAULT_REGION) -> Keys:
    """The matching keys of one record.

    A name that the importer made up from an email or phone is not a name key; phones that a
    spreadsheet mangled (``4.91511E+12``) give no key.

    Examples
    --------
    >>> from netmap.model import Typed
    >>> r = SourceRecord("a.vcf", 1, "vcard-3.0", full_name="Léa Martin",
    ...                  emails=[Typed("LEA@example.org")], phones=[Typed("06 39 98 12 34")])
    >>> k = record_keys(r)
    >>> sorted(k.names), sorted(k.emails), sorted(k.phones)
    (['lea martin'], ['lea@example.org'], ['+33639981234'])
    """
    keys = Keys()
    for item in record.emails:
        value = email_key(item.value)
        if value:
            keys.emails.add(value)
    for item in record.phones:
        if "excel-mangled" in item.types:
            continue
        value = phone_key(item.value, region)
        if value:
            keys.phones.add(value)
    if record.uid:
        keys.uids.add(record.uid.strip().lower().removeprefix("urn:uuid:"))
    derived = {i.value for i in record.emails} | {i.value for i in record.phones}
    if record.full_name and record.full_name not in derived:
        key = name_key(record.full_name)
        if key:
            keys.names.add(key)
    return keys


@dataclass(slots=True)
class Match:
    """A verdict on two people: ``same`` (merge) or ``doubtful`` (ask the user)."""

    verdict: str
    score: float
    reason: str


def _name_score(a: set[str], b: set[str]) -> float:
    best = 0.0
    for x in a:
        for y in b:
            if x == y:
                return 100.0
            best = max(best, fuzz.ratio(x, y))
    return best


def _covered(small: set[str], big: set[str]) -> bool:
    """Every token of ``small`` is in ``big``, a one-letter token standing for an initial."""
    return all(t in big or (len(t) == 1 and any(u[0] == t for u in big)) for t in small)


def _subset(a: set[str], b: set[str]) -> bool:
    """One name within the other: ``lea`` in ``lea martin dupont``, ``lea m`` in ``lea martin``."""
    for x in a:
        tx = set(x.split())
        for y in b:
            ty = set(y.split())
            if _covered(tx, ty) or _covered(ty, tx):
                return True
    return False


def compare(a: Keys, b: Keys) -> Match | None:
    """Decide whether ``a`` and ``b`` are the same person.

    Rules, in order:

    1. A shared email, phone or UID with compatible names (similarity >= 85, one name inside
       the other, or a missing name) is the same person.
    2. A shared identifier with different names (a family's landline, a shared mailbox) is
       doubtful.
    3. No shared identifier: identical names of two words or more are the same person;
       similar names (>= 88) or identical one-word names are doubtful.

    Returns None when nothing suggests they are the same.

    Examples
    --------
    >>> a = Keys(names={"lea martin"}, emails={"lea@example.org"})
    >>> compare(a, Keys(names={"lea martin"})).verdict
    'same'
    >>> compare(a, Keys(names={"marc petit"}, emails={"lea@example.org"})).verdict
    'doubtful'
    >>> compare(Keys(names={"jon petit"}), Keys(names={"john petit"})).verdict
    'doubtful'
    >>> compare(Keys(names={"jon petit"}), Keys(names={"ines roux"})) is None
    True
    """
    shared = []
    for label, x, y in (
        ("email", a.emails, b.emails),
        ("phone", a.phones, b.phones),
        ("uid", a.uids, b.uids),
    ):
        common = x & y
        if common:
            shared.append(f"same {label} {min(common)}")
    score = _name_score(a.names, b.names) if a.names and b.names else 100.0
    if shared:
        reason = ", ".join(shared)
        if score >= SAME_NAME or _subset(a.names, b.names):
            return Match("same", score, reason)
        return Match("doubtful", score, f"{reason} but different names")
    if not a.names or not b.names:
        return None
    if score == 100.0:
        if any(len(n.split()) >= 2 for n in a.names & b.names):
            return Match("same", score, "same name")
        return Match("doubtful", score, "same one-word name")
    if score >= SIMILAR_NAME:
        return Match("doubtful", score, f"similar names ({score:.0f}%)")
    return None


#: The exact blocking keys' prefixes, and what each names.
_KEY_KINDS = {"e": "email", "p": "phone", "u": "uid", "n": "name"}


def _block_keys(keys: Keys) -> Iterator[str]:
    for value in keys.emails:
        yield "e:" + value
    for value in keys.phones:
        yield "p:" + value
    for value in keys.uids:
        yield "u:" + value
    for name in keys.names:
        yield "n:" + name
        tokens = name.split()[:4]
        for i, t in enumerate(tokens):
            for j, u in enumerate(tokens):
                if i != j:
                    yield f"b:{t}|{u[:2]}"


class Matcher:
    """Groups entities (people already in the store, then new records) into persons.

    Entities are added one at a time with :meth:`add`. A new entity is compared with the
    entities sharing a blocking key (an email, phone, UID, exact name, or a name token plus
    the first two letters of another); ``same`` verdicts join it to their group, ``doubtful``
    ones are kept in :attr:`doubtful`. Two groups that both hold a stored person are never
    joined automatically: that is a decision for the user (``netmap dedupe``). Pairs the user
    declared distinct are never joined.

    Examples
    --------
    >>> m = Matcher()
    >>> m.add("p1", Keys(names={"lea martin"}, emails={"lea@example.org"}), stored=True)
    >>> m.add("r1", Keys(names={"lea martin"}))
    >>> m.add("r2", Keys(names={"marc petit"}))
    >>> m.group("r1"), m.group("r2")
    ('p1', 'r2')
    """

    def __init__(self, distinct: Iterable[tuple[str, str]] = ()) -> None:
        self.keys: dict[str, Keys] = {}
        self.parent: dict[str, str] = {}
        self.stored: dict[str, str | None] = {}  # root -> the stored person in its group
        self.blocks: dict[str, list[str]] = defaultdict(list)
        self.distinct = {frozenset(p) for p in distinct}
        self.doubtful: list[tuple[str, str, Match]] = []
        self.reasons: dict[str, str] = {}
        #: Exact keys (``"p:+3312..."``, ``"n:maman"``) shared by too many people to match
        #: on, with the number of distinct people seen sharing each.
        self.common: dict[str, int] = {}

    def group(self, entity: str) -> str:
        """The representative of ``entity``'s group: its stored person if it has one."""
        root = self._find(entity)
        return self.stored.get(root) or root

    def _find(self, x: str) -> str:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _union(self, a: str, b: str) -> bool:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        sa, sb = self.stored.get(ra), self.stored.get(rb)
        if sa and sb:
            return False
        if frozenset((self.group(a), self.group(b))) in self.distinct:
            return False
        self.parent[rb] = ra
        self.stored[ra] = sa or sb
        return True

    def candidates(self, keys: Keys) -> set[str]:
        """Entities sharing a blocking key with ``keys``; very common keys are skipped.

        An exact key's block keeps one entity per group once it grows (the others of a group
        add nothing a first comparison did not): its size is then the number of distinct
        people sharing the key, and above :data:`COMMON_LIMIT` the key is in :attr:`common`.
        """
        found: set[str] = set()
        for key in _block_keys(keys):
            members = self.blocks.get(key)
            if not members:
                continue
            if key[0] == "b":
                if len(members) <= BLOCK_LIMIT:
                    found.update(members)
                continue
            if len(members) > 2 * COMMON_LIMIT:
                members = self._compact(key)
            if key not in self.common:
                found.update(members)
        return found

    def common_keys(self) -> list[dict[str, Any]]:
        """The keys in :attr:`common` as ``{"key": "phone", "value": ..., "people": n}``.

        Examples
        --------
        >>> m = Matcher()
        >>> for i in range(2 * COMMON_LIMIT + 2):
        ...     m.add(f"r{i}", Keys(names={"maman"}, emails={f"m{i}@example.org"}))
        >>> m.common_keys()
        [{'key': 'name', 'value': 'maman', 'people': 129}]
        """
        return [
            {"key": _KEY_KINDS[key[0]], "value": key[2:], "people": n}
            for key, n in sorted(self.common.items())
        ]

    def _compact(self, key: str) -> list[str]:
        """Keep one entity per group in an exact block; mark the key common if still large."""
        firsts: dict[str, str] = {}
        for member in self.blocks[key]:
            firsts.setdefault(self._find(member), member)
        members = self.blocks[key] = list(firsts.values())
        if len(members) > COMMON_LIMIT:
            self.common[key] = len(members)
        return members

    def add(self, entity: str, keys: Keys, *, stored: bool = False) -> None:
        """Add an entity; a new record (``stored=False``) is matched against all before it."""
        self.keys[entity] = keys
        self.parent[entity] = entity
        self.stored[entity] = entity if stored else None
        if not stored:
            for other in sorted(self.candidates(keys)):
                if self._find(other) == self._find(entity):
                    continue  # already joined through another of its group: nothing to learn
                match = compare(keys, self.keys[other])
                if match is None:
                    continue
                if match.verdict == "same" and self._union(other, entity):
                    self.reasons.setdefault(entity, match.reason)
                elif self._find(other) != self._find(entity):
                    self.doubtful.append((entity, other, match))
        for key in _block_keys(keys):
            if key not in self.common:
                self.blocks[key].append(entity)


def review_rows(pairs: Iterable[tuple[dict, dict, Match]]) -> list[dict[str, str]]:
    """Rows of the review CSV, one per doubtful pair, ``decision`` left for the user."""
    rows = []
    for a, b, match in pairs:
        rows.append(
            {
                "decision": "",
                "score": f"{match.score:.0f}",
                "reason": match.reason,
                "id_a": a["id"],
                "name_a": a["name"],
                "sources_a": a["sources"],
                "id_b": b["id"],
                "name_b": b["name"],
                "sources_b": b["sources"],
            }
        )
    return rows


_DECISIONS = {
    "same": "same",
    "merge": "same",
    "yes": "same",
    "y": "same",
    "oui": "same",
    "different": "different",
    "distinct": "different",
    "no": "different",
    "n": "different",
    "non": "different",
    "": "",
    "skip": "",
    "?": "",
}


def read_review(path: str | Path) -> list[tuple[str, str, str, int]]:
    """Read a review CSV the user edited: ``(decision, id_a, id_b, line)`` per decided row.

    ``decision`` is ``same`` or ``different`` (``merge``/``yes``/``oui`` and
    ``distinct``/``no``/``non`` are accepted); empty rows are left undecided.
    """
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise FormatError(f"cannot read the review file ({exc.strerror})", file=str(path)) from None
    with handle:
        reader = csv.DictReader(handle)
        missing = {"decision", "id_a", "id_b"} - set(reader.fieldnames or [])
        if missing:
            raise FormatError(
                f"the review file lacks the column(s) {', '.join(sorted(missing))}",
                file=str(path),
                hint="edit the file written by `netmap dedupe`, keeping its header",
            )
        out = []
        for row in reader:
            raw = (row.get("decision") or "").strip().lower()
            if raw not in _DECISIONS:
                raise FormatError(
                    f"unknown decision {raw!r}",
                    file=str(path),
                    line=reader.line_num,
                    hint="write same, different, or leave it empty",
                )
            if _DECISIONS[raw]:
                out.append((_DECISIONS[raw], row["id_a"], row["id_b"], reader.line_num))
        return out
