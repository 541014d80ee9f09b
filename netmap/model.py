"""Plain data classes for what importers read: records, their values and rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FileParse",
    "Org",
    "Rejection",
    "SourceRecord",
    "Tie",
    "Typed",
    "display_name",
]


@dataclass(slots=True)
class Typed:
    """A value with its types or labels: an email, a phone, an address, a URL, a relation.

    ``types`` are lower-case words as the file gave them (``work``, ``cell``, ``pref``) or a
    free label (``itemN.X-ABLabel``, ``_$!<Spouse>!$_`` is kept as ``spouse``).
    """

    value: str
    types: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Org:
    """An organisation with its units, from vCard ``ORG:Acme;R&D;Lab`` or a company column."""

    name: str
    units: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SourceRecord:
    """One card of a vCard file or one row of a CSV file, as read, before matching.

    ``source`` and ``line`` say where it came from (``line`` is the 1-based line where the card
    or row starts in the file). ``raw`` keeps the raw fields (the card's properties or the row's
    cells) so nothing the file said is lost; binary values (photos, keys, sounds) are replaced
    by a short description. ``repairs`` lists what the importer had to repair to read it.

    Examples
    --------
    >>> r = SourceRecord(source="a.vcf", line=1, format="vcard-3.0", full_name="Léa Martin")
    >>> r.kind
    'individual'
    >>> SourceRecord.from_dict(r.to_dict()) == r
    True
    """

    source: str
    line: int
    format: str
    full_name: str = ""
    given: str = ""
    family: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""
    nicknames: list[str] = field(default_factory=list)
    organisations: list[Org] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    emails: list[Typed] = field(default_factory=list)
    phones: list[Typed] = field(default_factory=list)
    addresses: list[Typed] = field(default_factory=list)
    urls: list[Typed] = field(default_factory=list)
    birthday: str = ""
    notes: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    uid: str = ""
    rev: str = ""
    related: list[Typed] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)
    kind: str = "individual"
    members: list[str] = field(default_factory=list)
    extra: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-ready data (what ``dataclasses.asdict`` gives).

        Written out by hand: ``asdict`` deep-copies recursively and was a quarter of the
        whole import time of 10,000 cards.
        """
        data = {name: getattr(self, name) for name in _SCALARS}
        for name in _LISTS:
            data[name] = list(getattr(self, name))
        for name in _TYPED:
            data[name] = [{"value": t.value, "types": list(t.types)} for t in getattr(self, name)]
        data["organisations"] = [
            {"name": o.name, "units": list(o.units)} for o in self.organisations
        ]
        data["dates"] = dict(self.dates)
        data["extra"] = {k: list(v) for k, v in self.extra.items()}
        data["raw"] = {k: list(v) if isinstance(v, list) else v for k, v in self.raw.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRecord:
        """Rebuild a record from :meth:`to_dict` output."""
        data = dict(data)
        data["organisations"] = [Org(**o) for o in data.get("organisations", [])]
        for key in ("emails", "phones", "addresses", "urls", "related"):
            data[key] = [Typed(**t) for t in data.get(key, [])]
        return cls(**data)


_SCALARS = (
    "source",
    "line",
    "format",
    "full_name",
    "given",
    "family",
    "middle",
    "prefix",
    "suffix",
    "birthday",
    "uid",
    "rev",
    "kind",
)
_LISTS = ("nicknames", "titles", "roles", "notes", "groups", "members", "repairs")
_TYPED = ("emails", "phones", "addresses", "urls", "related")


@dataclass(slots=True)
class Tie:
    """A tie between two people, as it becomes an edge of the graph.

    ``origin`` says where it comes from: ``ego`` (the ego and a contact), ``declared`` (the
    user said so: ``netmap tie``, ``netmap ties import``, an accepted suggestion), ``related``
    (a vCard RELATED / X-ABRELATEDNAMES / spouse / manager field pointing at another known
    person) or ``inferred`` (a shared organisation, school, group, or family name and address).
    ``strength`` is in (0, 1]; ``evidence`` says why in plain words; ``confidence`` in [0, 1]
    says how sure netmap is that the tie exists at all (1 for declared ones).
    """

    a: str
    b: str
    origin: str
    strength: float
    kind: str = ""
    evidence: str = ""
    confidence: float = 1.0
    since: str = ""


@dataclass(slots=True)
class Rejection:
    """A card or row that could not be imported, with where it is and why."""

    file: str
    line: int
    reason: str


@dataclass(slots=True)
class FileParse:
    """What an importer read from one file.

    ``read`` counts every card or row found (records + rejected), so that
    ``read == len(records) + len(rejected)`` always holds.
    """

    source: str
    format: str
    encoding: str
    records: list[SourceRecord] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def read(self) -> int:
        """The number of cards or rows found in the file."""
        return len(self.records) + len(self.rejected)


def display_name(records: list[SourceRecord]) -> str:
    """The name to show for a person known from ``records``: the first real name.

    A name an importer made up from an email or phone is used only when there is no other.

    Examples
    --------
    >>> display_name([SourceRecord("a", 1, "x", full_name="lea@x.org", emails=[Typed("lea@x.org")]),
    ...               SourceRecord("b", 1, "x", full_name="Léa Martin")])
    'Léa Martin'
    """
    for record in records:
        derived = {i.value for i in record.emails} | {i.value for i in record.phones}
        if record.full_name and record.full_name not in derived:
            return record.full_name
    return records[0].full_name if records and records[0].full_name else "(no name)"
