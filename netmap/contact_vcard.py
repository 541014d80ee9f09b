"""Contacts as vCard 4.0 text (RFC 6350): values escaped, lines folded at 75 octets, CRLF."""

# Written by hand rather than with vobject: vobject is a vCard 3.0 library (its serializer
# writes 3.0 parameters and escapes), and the few rules of RFC 6350 that an export needs
# (escapes, folding by octets, CRLF) fit in this module; vobject stays confined to the
# importers (netmap/importers/vcard*.py), which read these files back.

from __future__ import annotations

import re
from collections.abc import Iterable

from netmap.contact_cards import ContactCard, plain

__all__ = ["MAX_LINE_OCTETS", "fold_line", "vcard_escape", "vcard_text"]

#: Lines longer than this (in UTF-8 octets, line break excluded) are folded (RFC 6350 3.2).
MAX_LINE_OCTETS = 75

_TOKEN = re.compile(r"^[A-Za-z0-9-]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
_DATE = re.compile(r"^(?:\d{4}(?:-?\d{2}(?:-?\d{2})?)?|--\d{2}-?\d{2}|---\d{2})$")
_NOT_TYPES = frozenset({"pref", "internet", "x-ablabel"})


def vcard_escape(value: str) -> str:
    r"""A TEXT value escaped as RFC 6350 3.4 says: ``\`` ``,`` ``;`` and line ends.

    Control characters other than TAB and line ends, which no vCard value may hold, are
    removed and surrounding whitespace stripped (:func:`netmap.contact_cards.plain`).

    Examples
    --------
    >>> print(vcard_escape("Smith, Jones; & Co\\Ltd\r\nParis\x00"))
    Smith\, Jones\; & Co\\Ltd\nParis
    """
    value = plain(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def _uri(value: str) -> str:
    """A URI value: only backslashes and line ends escaped, as the importer reads them."""
    return plain(value).replace("\\", "\\\\").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 sequence (RFC 6350 3.2).

    Continuation lines start with one space, which counts in their 75 octets.

    Examples
    --------
    >>> folded = fold_line("NOTE:" + "é" * 40)
    >>> [len(part.encode()) for part in folded.split("\\r\\n")]
    [75, 11]
    """
    data = line.encode("utf-8")
    if len(data) <= MAX_LINE_OCTETS:
        return line
    parts = []
    start, room = 0, MAX_LINE_OCTETS
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a UTF-8 sequence
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, room = end, MAX_LINE_OCTETS - 1
    return "\r\n ".join(parts)


def _types(types: Iterable[str]) -> str:
    """``;TYPE=...`` for the type words that are tokens, and ``;PREF=1`` for ``pref``."""
    words = [t.lower() for t in types if _TOKEN.match(t) and t.lower() not in _NOT_TYPES]
    words = list(dict.fromkeys(words))
    out = f";TYPE={','.join(words)}" if words else ""
    return out + (";PREF=1" if any(t.lower() == "pref" for t in types) else "")


def _kind(kind: str) -> str:
    """``;TYPE=kind`` for a relation, lower-cased (as importers read types): a token as it
    is, other words quoted."""
    kind = " ".join(plain(kind).replace('"', "").split()).lower()
    if not kind:
        return ""
    return f";TYPE={kind}" if _TOKEN.match(kind) else f';TYPE="{kind}"'


def _card_lines(card: ContactCard, uids: dict[str, str]) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:4.0"]
    if card.company:
        lines.append("KIND:org")
    if _URI.match(card.uid):
        lines.append(f"UID:{card.uid}")
    else:
        lines.append(f"UID;VALUE=text:{vcard_escape(card.uid)}")
    # FN as netmap's importer reads it back: any run of whitespace one space.
    lines.append(f"FN:{vcard_escape(' '.join(plain(card.name).split()))}")
    lines.append("N:" + ";".join(vcard_escape(part) for part in card.n))
    if card.nicknames:
        lines.append("NICKNAME:" + ",".join(vcard_escape(n) for n in card.nicknames))
    for item in card.emails:
        lines.append(f"EMAIL{_types(item.types)}:{vcard_escape(item.value)}")
    for item in card.phones:
        lines.append(f"TEL{_types(item.types)}:{vcard_escape(item.value)}")
    for org in card.organisations:
        lines.append("ORG:" + ";".join(vcard_escape(p) for p in (org.name, *org.units)))
    for title in card.titles:
        lines.append(f"TITLE:{vcard_escape(title)}")
    for role in card.roles:
        lines.append(f"ROLE:{vcard_escape(role)}")
    for item in card.addresses:
        lines.append(f"ADR{_types(item.types)}:;;{vcard_escape(item.value)};;;;")
    for item in card.urls:
        lines.append(f"URL{_types(item.types)}:{_uri(item.value)}")
    if card.birthday:
        if _DATE.match(card.birthday):
            lines.append(f"BDAY:{card.birthday}")
        else:
            lines.append(f"BDAY;VALUE=text:{vcard_escape(card.birthday)}")
    for note in card.notes:
        lines.append(f"NOTE:{vcard_escape(note)}")
    if card.categories:
        lines.append("CATEGORIES:" + ",".join(vcard_escape(c) for c in card.categories))
    for rel in card.relations:
        target = uids.get(rel.person, "") if rel.person else ""
        if target and _URI.match(target):
            lines.append(f"RELATED{_kind(rel.kind)}:{target}")
        else:
            value = target or rel.text
            lines.append(f"RELATED;VALUE=text{_kind(rel.kind)}:{vcard_escape(value)}")
    lines.append("END:VCARD")
    return lines


def vcard_text(cards: list[ContactCard]) -> str:
    """The cards as one vCard 4.0 file: one card per contact, CRLF line ends.

    Each card has UID, FN and N, then NICKNAME, EMAIL, TEL, ORG, TITLE, ROLE, ADR, URL, BDAY,
    NOTE, CATEGORIES (the circles, then the other labels) and RELATED (``urn:uuid:`` of the
    other contact's UID, or the text of a relation that names nobody). Text is escaped
    (``\\`` ``,`` ``;`` newline), control characters but TAB are removed, and lines longer
    than 75 octets are folded; nothing else is changed, so that netmap reads back what the
    workspace holds.

    Examples
    --------
    >>> from netmap.contact_cards import ContactCard
    >>> card = ContactCard("p-1", "Léa Martin", "urn:uuid:0e8c4a1e-6c43-5d0a-9c43-7d43c0a1b2c3",
    ...                    n=("Martin", "Léa", "", "", ""), categories=["family"])
    >>> print(vcard_text([card]).replace("\\r\\n", "\\n"), end="")
    BEGIN:VCARD
    VERSION:4.0
    UID:urn:uuid:0e8c4a1e-6c43-5d0a-9c43-7d43c0a1b2c3
    FN:Léa Martin
    N:Martin;Léa;;;
    CATEGORIES:family
    END:VCARD
    """
    uids = {card.id: card.uid for card in cards}
    out = []
    for card in cards:
        out.extend(fold_line(line) for line in _card_lines(card, uids))
    return "".join(line + "\r\n" for line in out)
