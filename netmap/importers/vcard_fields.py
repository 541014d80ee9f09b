"""Mapping a vCard's properties onto a SourceRecord: names, organisations, typed values."""

from __future__ import annotations

import re

from netmap.importers.vcard_lines import Card
from netmap.importers.vcard_props import parse_card
from netmap.importers.vcard_values import (
    components,
    decode_qp,
    listed,
    split_escaped,
    strip_urn,
    unescape,
    verbatim,
)
from netmap.model import Org, Rejection, SourceRecord, Typed

__all__ = ["card_to_record"]

_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?://)?")
_ENCODING_WORDS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_NO_NAME = "card has no name, email or phone"
# Instant-messaging handles: kept in ``extra``, and a card's name of last resort.
_IM_NAMES = frozenset(
    {
        "IMPP",
        "X-AIM",
        "X-GADUGADU",
        "X-GOOGLE-TALK",
        "X-GROUPWISE",
        "X-GTALK",
        "X-ICQ",
        "X-JABBER",
        "X-KADDRESSBOOK-X-IMADDRESS",
        "X-MS-IMADDRESS",
        "X-MSN",
        "X-OUTLOOK-IM-ADDRESS",
        "X-QQ",
        "X-SIP",
        "X-SKYPE",
        "X-SKYPE-USERNAME",
        "X-TWITTER",
        "X-WV-ID",
        "X-YAHOO",
        "X-YAHOO-ID",
    }
)

# Properties that name a related person, and the relation each one means.
_RELATIONS = {
    "X-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-KADDRESSBOOK-X-SPOUSENAME": "spouse",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-OUTLOOK-SPOUSE-NAME": "spouse",
    "X-MANAGER": "manager",
    "X-MS-MANAGER": "manager",
    "X-EVOLUTION-MANAGER": "manager",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-OUTLOOK-MANAGER-NAME": "manager",
    "X-ASSISTANT": "assistant",
    "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
}

# The properties mapped onto SourceRecord fields (everything else goes to ``extra``).
(
    _FN,
    _N,
    _NICKNAME,
    _ORG,
    _TITLE,
    _ROLE,
    _EMAIL,
    _TEL,
    _ADR,
    _URL,
    _BDAY,
    _ANNIVERSARY,
    _NOTE,
    _CATEGORIES,
    _UID,
    _REV,
    _RELATED,
    _KIND,
    _MEMBER,
    _SHOWAS,
) = range(20)
_FIELDS = {
    "FN": _FN,
    "N": _N,
    "NICKNAME": _NICKNAME,
    "ORG": _ORG,
    "TITLE": _TITLE,
    "ROLE": _ROLE,
    "EMAIL": _EMAIL,
    "TEL": _TEL,
    "ADR": _ADR,
    "URL": _URL,
    "BDAY": _BDAY,
    "ANNIVERSARY": _ANNIVERSARY,
    "NOTE": _NOTE,
    "CATEGORIES": _CATEGORIES,
    "UID": _UID,
    "REV": _REV,
    "RELATED": _RELATED,
    "X-ABRELATEDNAMES": _RELATED,
    "KIND": _KIND,
    "X-ADDRESSBOOKSERVER-KIND": _KIND,
    "MEMBER": _MEMBER,
    "X-ADDRESSBOOKSERVER-MEMBER": _MEMBER,
    "X-ABSHOWAS": _SHOWAS,
    **dict.fromkeys(_RELATIONS, _RELATED),
}
_TYPED = frozenset({_EMAIL, _TEL, _ADR, _URL, _RELATED})


def card_to_record(source: str, card: Card, file_codec: str) -> SourceRecord | Rejection:
    """Map a card's properties onto a SourceRecord, or reject a card with nothing to name it.

    A card without FN is named from N, then from whatever else it has (ORG of a company,
    NICKNAME, EMAIL, TEL, an instant-messaging handle, ORG, a group's UID or member), with a
    repair saying so. Properties not mapped onto a field are kept in ``extra``.

    Parameters
    ----------
    source : str
        How the file is named in the record.
    card : Card
        The card, as split by :class:`~netmap.importers.vcard_lines.CardSplitter`; its
        ``repairs`` become the record's.
    file_codec : str
        The codec of the card's text: the default charset of its quoted-printable values
        (UTF-8 for any UTF file).

    Returns
    -------
    SourceRecord or Rejection
        A rejection only for a card with nothing to name it by.
    """
    repairs = card.repairs
    version, props, labels, raw = parse_card(card)
    if version:
        fmt = f"vcard-{version}"
    else:
        fmt = "vcard-3.0"
        repairs.append("no VERSION line: read as vCard 3.0")
    v21 = version.startswith("2")
    text_of = verbatim if v21 else unescape  # 2.1 text has no escapes
    qp_default = "utf-8" if file_codec.startswith("utf") else file_codec

    full_name = ""
    n_parts: list[str] | None = None
    nicknames: list[str] = []
    orgs: list[Org] = []
    titles: list[str] = []
    roles: list[str] = []
    emails: list[Typed] = []
    phones: list[Typed] = []
    addresses: list[Typed] = []
    urls: list[Typed] = []
    related: list[Typed] = []
    notes: list[str] = []
    groups: list[str] = []
    members: list[str] = []
    extra: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    birthday = uid = rev = ""
    kind = "individual"
    company = False
    labelled: set[str] = set()

    for lineno, name, params, value, group in props:
        types: list[str] = []
        if params:
            charset = None
            qp = False
            for param in params:
                if len(param) == 1:
                    word = param[0].upper()
                    if word == "QUOTED-PRINTABLE":
                        qp = True
                    elif word not in _ENCODING_WORDS:
                        types.append(param[0].lower())
                    continue
                key = param[0].upper()
                if key == "TYPE":
                    for item in param[1:]:
                        types.extend(t.strip().lower() for t in item.split(",") if t.strip())
                elif key == "ENCODING":
                    qp = qp or param[1].upper() in ("QUOTED-PRINTABLE", "Q")
                elif key == "CHARSET":
                    charset = param[1] or None
                elif key == "PREF":
                    types.append("pref")
            if qp:
                value = decode_qp(value, charset, qp_default, f"line {lineno}", repairs)
        field = _FIELDS.get(name)
        if field is None:
            if (name == "X-ABLABEL" and group) or not value.strip():
                continue  # labels: applied to their item's property; empty values: in raw only
            extra.setdefault(name, []).append(value)
            continue
        if field in _TYPED:
            if group:
                label = labels.get(group.lower())
                if label is not None:
                    labelled.add(group.lower())
                    types.insert(0, label[0])
            if types:
                types = list(dict.fromkeys(types))
            if field == _EMAIL:
                item = text_of(value).strip()
                if item[:7].lower() == "mailto:":
                    item = item[7:]
                if item and "@" not in item:
                    # "first email": not an address. Kept in extra, as the CSV importer does.
                    repairs.append(f"line {lineno}: EMAIL {item!r} has no @; kept in extra")
                    extra.setdefault(name, []).append(item)
                elif item:
                    emails.append(Typed(item, types))
            elif field == _TEL:
                item = text_of(value).strip()
                if item[:4].lower() == "tel:":
                    item = item[4:]
                if item and not any(ch.isdigit() for ch in item):
                    # "n/a", "pager": not a number. Kept in extra, as the CSV importer does.
                    repairs.append(f"line {lineno}: TEL {item!r} has no digits; kept in extra")
                    extra.setdefault(name, []).append(item)
                elif item:
                    phones.append(Typed(item, types))
            elif field == _ADR:
                parts = components(value)
                item = ", ".join(p.replace("\n", ", ") for p in parts if p)
                if item:
                    addresses.append(Typed(item, types))
            elif field == _URL:
                item = text_of(value).strip()
                if item:
                    urls.append(Typed(item, types))
            else:  # relations
                item = strip_urn(text_of(value).strip())
                meaning = _RELATIONS.get(name)
                if meaning and meaning not in types:
                    types.insert(0, meaning)
                if item:
                    related.append(Typed(item, types))
        elif field == _FN:
            if not full_name:
                full_name = " ".join(text_of(value).split())
        elif field == _N:
            if n_parts is None:
                parts = split_escaped(value, ";")
                parts += [""] * (5 - len(parts))
                n_parts = [" ".join(listed(p)) for p in parts[:5]]
        elif field == _NICKNAME:
            nicknames.extend(listed(value))
        elif field == _ORG:
            parts = components(value)
            if any(parts):
                orgs.append(Org(parts[0], [p for p in parts[1:] if p]))
        elif field == _TITLE:
            item = text_of(value).strip()
            if item:
                titles.append(item)
        elif field == _ROLE:
            item = text_of(value).strip()
            if item:
                roles.append(item)
        elif field == _BDAY:
            if not birthday:
                birthday = text_of(value).strip()
        elif field == _ANNIVERSARY:
            dates.setdefault("anniversary", text_of(value).strip())
        elif field == _NOTE:
            item = text_of(value).strip()
            if item:
                notes.append(item)
        elif field == _CATEGORIES:
            groups.extend(listed(value))
        elif field == _UID:
            if not uid:
                uid = strip_urn(value.strip())
        elif field == _REV:
            if not rev:
                rev = value.strip()
        elif field == _KIND:
            if value.strip().lower() == "group":
                kind = "group"
            else:
                extra.setdefault(name, []).append(value)
                company = company or value.strip().lower() == "org"
        elif field == _MEMBER:
            item = strip_urn(value.strip())
            if item:
                members.append(item)
        elif field == _SHOWAS:
            extra.setdefault(name, []).append(value)
            company = company or value.strip().upper() == "COMPANY"
    for group, (_, label) in labels.items():
        if group not in labelled:
            extra.setdefault("X-ABLABEL", []).append(label)

    family = given = middle = prefix = suffix = ""
    if n_parts is not None:
        family, given, middle, prefix, suffix = n_parts
    if not full_name:
        from_n = " ".join(" ".join((prefix, given, middle, family, suffix)).split())
        if from_n:
            full_name = from_n
            if not v21:
                repairs.append("no FN: full name built from N")
        elif company and orgs:
            full_name = orgs[0].name
            repairs.append("name taken from ORG")
        elif nicknames:
            full_name = nicknames[0]
            repairs.append("name taken from NICKNAME")
        elif emails:
            full_name = emails[0].value
            repairs.append("name taken from EMAIL")
        elif phones:
            full_name = phones[0].value
            repairs.append("name taken from TEL")
        elif im := _first_im(extra):
            full_name = im[1]
            repairs.append(f"name taken from {im[0]}")
        elif orgs:
            full_name = orgs[0].name or orgs[0].units[0]
            repairs.append("name taken from ORG")
        elif kind == "group" and (members or uid):
            full_name = uid or members[0]
            repairs.append("group has no name: named by its UID" if uid else "group has no name")
        else:
            return Rejection(source, card.line, _NO_NAME)
    elif not (family or given) and kind == "individual" and not company and "@" not in full_name:
        given, middle, family, prefix, suffix = _split_full_name(full_name)

    return SourceRecord(
        source=source,
        line=card.line,
        format=fmt,
        full_name=full_name,
        given=given,
        family=family,
        middle=middle,
        prefix=prefix,
        suffix=suffix,
        nicknames=nicknames,
        organisations=orgs,
        titles=titles,
        roles=roles,
        emails=emails,
        phones=phones,
        addresses=addresses,
        urls=urls,
        birthday=birthday,
        notes=notes,
        groups=groups,
        uid=uid,
        rev=rev,
        related=related,
        dates=dates,
        kind=kind,
        members=members,
        extra=extra,
        raw=raw,
        repairs=repairs,
    )


def _first_im(extra: dict[str, list[str]]) -> tuple[str, str] | None:
    """The first instant-messaging handle among the unmapped properties, if any."""
    for key, values in extra.items():
        if key in _IM_NAMES or key.startswith("X-MESSAGING-"):
            for value in values:
                handle = _URI_SCHEME.sub("", unescape(value).strip(), count=1)
                if handle:
                    return key, handle
    return None


def _split_full_name(full_name: str) -> tuple[str, str, str, str, str]:
    """``(given, middle, family, prefix, suffix)`` of a full name, by nameparser.

    Through the CSV importer's split, which skips nameparser (~0.2 ms a name) for plain
    names with the same result: a file of FN-only cards was read at 1 s per 100 KB.
    """
    from netmap.importers.csv_fields import _split_name

    title, given, middle, family, suffix = _split_name(full_name)
    return given, middle, family, title, suffix
