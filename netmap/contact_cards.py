"""The contacts as the exports write them: each person's records gathered into one card."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from netmap.model import Org, Typed
from netmap.normalize import DEFAULT_REGION, email_key, fold, phone_key
from netmap.people import record_fields
from netmap.store import Store

__all__ = ["ContactCard", "Relation", "contact_cards", "plain"]

_FIELDS = (
    "full_name",
    "given",
    "family",
    "middle",
    "prefix",
    "suffix",
    "nicknames",
    "emails",
    "phones",
    "organisations",
    "titles",
    "roles",
    "addresses",
    "urls",
    "birthday",
    "notes",
    "groups",
    "uid",
)
# An imported UID is kept when it is one plain token: a UUID, a URN or a server's id. Others
# (spaces, commas, quotes...) would not come back unchanged through the escapes, so the
# person gets a UID of netmap's instead.
_PLAIN_UID = re.compile(r"^[\x21-\x7e]+$")
_UID_SPECIALS = frozenset(',;\\"')
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


@dataclass(slots=True)
class Relation:
    """A relation written on a card: ``kind`` (``spouse``, ``friend``... or ``""``) and either
    ``person``, the other contact's id, or ``text``, a value that names nobody in the workspace."""

    kind: str
    person: str = ""
    text: str = ""


@dataclass(slots=True)
class ContactCard:
    """One person as the contact exports write them.

    ``name`` is the person's display name, ``n`` the ``(family, given, middle, prefix,
    suffix)`` parts of the record that gave it; lists hold each distinct value once, in the
    order first met. ``phones`` hold valid numbers in international format (``+33 6 39 98
    12 34``, read the same in any region), others as written. ``categories`` are the
    person's circles, then their labels that name no circle. ``uid`` is an imported UID
    when it can be kept, else one derived from the workspace and the person id. ``named``
    is False when the name was made up from an email or phone (``name`` is then that
    email, or that phone as written in ``phones``). ``company`` is True for a card named
    after its organisation, with no name parts (vCard ``KIND:org``).
    """

    id: str
    name: str
    uid: str
    named: bool = True
    company: bool = False
    n: tuple[str, str, str, str, str] = ("", "", "", "", "")
    nicknames: list[str] = field(default_factory=list)
    emails: list[Typed] = field(default_factory=list)
    phones: list[Typed] = field(default_factory=list)
    organisations: list[Org] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    addresses: list[Typed] = field(default_factory=list)
    urls: list[Typed] = field(default_factory=list)
    birthday: str = ""
    notes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


# C0 controls but TAB and line ends, DEL and lone surrogates: no vCard value may hold them,
# spreadsheets choke on them, and UTF-8 cannot encode surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LINE_ENDS = re.compile(r"\r\n|\r")


def plain(value: str) -> str:
    """A value as the contact exports write it and importers read it back: control
    characters but TAB and line ends removed, line ends made LF, surrounding whitespace
    stripped.

    Examples
    --------
    >>> plain(" Léa\\x00 Martin\\r\\n")
    'Léa Martin'
    """
    return _LINE_ENDS.sub("\n", _CONTROL.sub("", value)).strip()


def _derived_uid(store: Store, pid: str) -> str:
    """A stable ``urn:uuid:`` from the workspace (its creation time) and the person id."""
    created = store.get_meta("created_at", "") or ""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"netmap:{created}:{pid}"))


def _uid_form(uid: str) -> str:
    """An imported UID as the exports write it: a bare UUID gets its ``urn:uuid:``."""
    return "urn:uuid:" + uid.lower() if _UUID.match(uid) else uid


def _keepable_uid(uid: str) -> bool:
    return bool(_PLAIN_UID.match(uid)) and not _UID_SPECIALS & set(uid)


def _name_parts(name: str) -> tuple[str, str, str, str, str]:
    """``(family, given, middle, prefix, suffix)`` of a name with no parts, split as the
    vCard importer splits an FN without N (so that it reads back the same parts)."""
    from netmap.importers.vcard_fields import _split_full_name

    given, middle, family, prefix, suffix = _split_full_name(" ".join(name.split()))
    return tuple(plain(p) for p in (family, given, middle, prefix, suffix))  # type: ignore[return-value]


def _fallback_name(card: ContactCard) -> tuple[str, bool]:
    """``(name, named)`` for a card whose name was all control characters: its nickname,
    first email or phone (as importers name a card without a name), organisation or UID."""
    for name, named in (
        (card.nicknames[:1], True),
        ([e.value for e in card.emails[:1]], False),
        ([p.value for p in card.phones[:1]], False),
        ([o.name for o in card.organisations if o.name][:1], True),
    ):
        if name:
            return name[0], named
    return card.uid, True


def _unique(values: list[str], value: str) -> None:
    value = plain(value)
    if value and value not in values:
        values.append(value)


def _phone(text: str, region: str) -> tuple[str, str] | None:
    """``(E.164 key, form to write)`` of a valid number, else None.

    The form is the international one (extension kept) when it reads back as the same
    E.164 number: some odd numbers (``+49000000``) do not, and are written as E.164 or, if
    that does not either, as they are. One parse besides :func:`phone_key` for most numbers.
    """
    key = phone_key(text, region)
    if key is None:
        return None
    import phonenumbers

    text = text.strip()
    number = phonenumbers.parse(text[4:] if text[:4].lower() == "tel:" else text, region)
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    digits = "".join(c for c in shown.partition(" ext. ")[0] if c.isdigit())
    if not number.italian_leading_zero and "+" + digits == key:
        return key, shown  # "+" and the E.164 digits: read the same anywhere
    for form in (shown, key):  # an international form starts with "+": any region reads it
        if phone_key(form, region) == key:
            return key, form
    return key, text


class _Gather:
    """Accumulates one person's records into a :class:`ContactCard`."""

    def __init__(self, card: ContactCard, region: str) -> None:
        self.card = card
        self.region = region
        self.emails: set[str] = set()
        self.phones: dict[str, str] = {}  # key -> the number as exported
        self.written: dict[str, str] = {}  # a number as written -> as exported
        self.orgs: set[tuple[str, tuple[str, ...]]] = set()
        self.addresses: set[str] = set()
        self.urls: set[str] = set()
        self.labels: list[str] = []
        self.uids: list[str] = []
        self.derived = True  # the name was made up from an email or phone
        self.name = card.name  # as the workspace holds it; card.name is made plain
        card.name = plain(card.name)

    def add(self, data: dict[str, Any]) -> None:
        card = self.card
        name = data.get("full_name") or ""
        derived = {e["value"] for e in data.get("emails") or []}
        derived |= {p["value"] for p in data.get("phones") or []}
        if name == self.name and name not in derived and self.derived:
            self.derived = False
            card.n = tuple(  # type: ignore[assignment]
                plain(data.get(k) or "") for k in ("family", "given", "middle", "prefix", "suffix")
            )
        for value in data.get("nicknames") or []:
            _unique(card.nicknames, value)
        for item in data.get("emails") or []:
            value = plain(item["value"])
            key = email_key(value) or value.casefold()
            if value and key not in self.emails:
                self.emails.add(key)
                card.emails.append(Typed(value, list(item.get("types") or [])))
        for item in data.get("phones") or []:
            self._phone(item["value"], list(item.get("types") or []))
        for org in data.get("organisations") or []:
            units = tuple(plain(u) for u in org.get("units") or [] if plain(u))
            key = (plain(org.get("name", "")), units)
            if any(key) and key not in self.orgs:
                self.orgs.add(key)
                card.organisations.append(Org(key[0], list(units)))
        for value in data.get("titles") or []:
            _unique(card.titles, value)
        for value in data.get("roles") or []:
            _unique(card.roles, value)
        for attr, seen in (("addresses", self.addresses), ("urls", self.urls)):
            for item in data.get(attr) or []:
                value = plain(item["value"])
                if value and value not in seen:
                    seen.add(value)
                    getattr(card, attr).append(Typed(value, list(item.get("types") or [])))
        if not card.birthday:
            card.birthday = plain(data.get("birthday") or "")
        for value in data.get("notes") or []:
            _unique(card.notes, value)
        for value in data.get("groups") or []:
            _unique(self.labels, value)
        if data.get("uid"):
            self.uids.append(data["uid"].strip())

    def _phone(self, value: str, types: list[str]) -> None:
        value = plain(value)
        if not value:
            return
        parsed = None if "excel-mangled" in types else _phone(value, self.region)
        key, text = parsed or (value, value)
        self.written.setdefault(value, self.phones.get(key, text))
        if key in self.phones:
            return
        self.phones[key] = text
        types = [t for t in types if t != "excel-mangled"]
        self.card.phones.append(Typed(text, types))


def contact_cards(store: Store) -> list[ContactCard]:
    """Every contact (not the ego) as a :class:`ContactCard`, sorted by name.

    Each card gathers the person's records: every distinct email (by its normalised
    address), phone (by its E.164 number), organisation, title, address and URL, the
    circles of :func:`netmap.circles.person_circles` then the labels that give no circle,
    and the relations to other contacts: declared ties (``netmap tie``), ties from relations
    between cards (on the card that held the relation) and relations that name nobody in the
    workspace (as text). Inferred ties and rejected pairs (``netmap untie``) are left out.

    Examples
    --------
    >>> import tempfile, os
    >>> from netmap.people import init_workspace
    >>> from netmap.importing import import_files
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "phone.vcf")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("BEGIN:VCARD\\nVERSION:3.0\\nFN:Léa Martin\\nTEL:06 39 98 12 34\\n"
    ...                 "CATEGORIES:Famille,VIP\\nEND:VCARD\\n")
    >>> store = init_workspace(os.path.join(folder, "w.db"), "Camille Durand")
    >>> _ = import_files(store, [path])
    >>> (card,) = contact_cards(store)
    >>> card.name, card.n, card.phones, card.categories
    ('Léa Martin', ('Martin', 'Léa', '', '', ''), [Typed(value='+33 6 39 98 12 34', types=[])], ['family', 'VIP'])
    """  # noqa: E501
    from netmap.circle_rules import circle_for_label, load_rules
    from netmap.circles import person_circles
    from netmap.people import group_memberships
    from netmap.tie_relations import _resolve_relations
    from netmap.ties import declared_ties

    region = store.get_meta("region", DEFAULT_REGION) or DEFAULT_REGION
    names = dict(store.conn.execute("SELECT id, name FROM persons WHERE is_ego = 0"))
    rules = load_rules(store)
    circles = person_circles(store, rules)
    groups_of = group_memberships(store)
    gathered: dict[str, _Gather] = {}
    for pid, _, _, data in record_fields(store, _FIELDS):
        if pid not in names:
            continue  # the ego
        gather = gathered.get(pid)
        if gather is None:
            gather = gathered[pid] = _Gather(ContactCard(pid, names[pid], ""), region)
        gather.add(data)
        uid = (data.get("uid") or "").strip().lower().removeprefix("urn:uuid:")
        for label in sorted(groups_of.get(uid, ())) if uid else ():
            _unique(gather.labels, label)

    used: set[str] = set()
    for pid in sorted(gathered):
        gather = gathered[pid]
        card = gather.card
        card.named = not gather.derived
        if not card.named:  # a name made up from a phone follows the phone's new form
            card.name = gather.written.get(plain(gather.name), card.name)
        if not card.name:  # only control characters: named as an importer would name it
            card.name, card.named = _fallback_name(card)
        elif not any(card.n):
            card.company = any(o.name == card.name for o in card.organisations)
            if not card.company and "@" not in card.name:
                card.n = _name_parts(card.name)
        for uid in gather.uids:
            key = uid.lower().removeprefix("urn:uuid:")
            if _keepable_uid(uid) and key not in used:
                card.uid = _uid_form(uid)
                break
        if not card.uid:
            card.uid = _derived_uid(store, pid)
        used.add(card.uid.lower().removeprefix("urn:uuid:"))
        card.categories = list(circles.get(pid, {}))
        for label in gather.labels:
            if circle_for_label(label, rules.aliases):
                continue  # it gives a circle: the circle is written (unless untagged by hand)
            if all(fold(label) != fold(c) for c in card.categories):
                card.categories.append(label)

    directed: list[tuple[str, str, str]] = []
    _, unresolved = _resolve_relations(store, None, directed)
    for holder, other, kind in directed:
        if holder in gathered and other in gathered:
            rel = Relation("" if kind == "related" else plain(kind), person=other)
            if rel not in gathered[holder].card.relations:
                gathered[holder].card.relations.append(rel)
    for tie in declared_ties(store):
        if tie.a not in gathered or tie.b not in gathered:
            continue
        for kind in [plain(k) for k in tie.kind.split(";") if plain(k)] or [""]:
            rel = Relation(kind, person=tie.b)
            back = Relation(kind, person=tie.a)
            if rel not in gathered[tie.a].card.relations and back not in (
                gathered[tie.b].card.relations
            ):
                gathered[tie.a].card.relations.append(rel)
    for item in unresolved:
        if item["person"] in gathered:
            kind = "" if item["relation"] == "related" else plain(item["relation"])
            rel = Relation(kind, text=plain(item["value"]))
            if rel not in gathered[item["person"]].card.relations:
                gathered[item["person"]].card.relations.append(rel)
    cards = [g.card for g in gathered.values()]
    cards.sort(key=_order)
    return cards


def _order(card: ContactCard) -> tuple[str, str, str]:
    """Cards in name order, names as the vCard writes them (whitespace collapsed), then by
    UID, so that a workspace imported from an export exports in the same order."""
    name = " ".join(card.name.split())
    return fold(name), name, card.uid
