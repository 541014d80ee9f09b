"""Contacts as a Google Contacts CSV: the current header, labels, relations, safe cells."""

from __future__ import annotations

import csv
import io
import re

from netmap.contact_cards import ContactCard
from netmap.importers.csv_google import label_types
from netmap.report_safety import safe_cell

__all__ = ["GOOGLE_HEADER", "contact_cell", "contacts_csv_text"]

#: The first columns of Google Contacts' CSV export, as Google writes them today; the
#: numbered columns (``E-mail 1 - Label``...) follow, as many as the contacts need.
GOOGLE_HEADER = (
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels",
)  # fmt: skip
_MULTI = " ::: "
_PHONE = re.compile(r"^\+[0-9 ().\-/]*(?: ext\. [0-9]+)?$")
# Lone surrogates (UTF-8 cannot encode them) become U+FFFD; C0 controls but TAB, LF and CR
# (which quoted cells hold) and DEL are removed: spreadsheets and importers choke on them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LABELS = {"cell": "Mobile", "home": "Home", "work": "Work", "other": "Other", "fax": "Fax",
           "pager": "Pager", "main": "Main"}  # fmt: skip
_NOT_LABELS = frozenset({"pref", "internet", "voice", "x-ablabel", "excel-mangled"})


def contact_cell(value: str, *, phone: bool = False) -> str:
    """A cell no spreadsheet runs as a formula, which netmap's CSV importer reads back exact.

    :func:`netmap.report_safety.safe_cell` puts a ``'`` before a text a spreadsheet would
    run (starting with ``= + - @``, TAB or CR), one more before a text that already starts
    with quotes then such a character, and netmap's CSV importer takes one ``'`` off again
    (:func:`netmap.report_safety.unquote_cell`): names such as ``=cmd|' /C calc'!A0`` or
    ``@handle`` come back exact. Control characters are removed. In a phone
    column (``phone=True``), a number in international format (``+33 6 39 98 12 34``:
    ``+``, digits, spaces and ``( ) . - /`` only, and an ``ext.``) is left as it is: it
    holds no function or link a spreadsheet could run, and Google or Outlook would keep
    the ``'`` in the number.

    Examples
    --------
    >>> contact_cell("=cmd|' /C calc'!A0"), contact_cell("'=1+1"), contact_cell("'quoted")
    ("'=cmd|' /C calc'!A0", "''=1+1", "'quoted")
    >>> contact_cell("+33 6 39 98 12 34", phone=True), contact_cell("+33 6 39 98 12 34")
    ('+33 6 39 98 12 34', "'+33 6 39 98 12 34")
    >>> contact_cell("+33 6 = 1", phone=True)
    "'+33 6 = 1"
    """
    value = _CONTROL.sub("", _SURROGATE.sub("\ufffd", value))
    if phone and _PHONE.match(value):
        return value
    return safe_cell(value)


def _label(types: list[str]) -> str:
    """A Google label for type words: ``cell`` is ``Mobile``, ``pref`` a leading ``* ``."""
    words = [t for t in types if t.lower() not in _NOT_LABELS]
    label = ""
    if words:
        word = words[0].lower()
        label = _LABELS.get(word) or words[0][:1].upper() + words[0][1:]
        read = label_types(label)
        if read and read[0] != word:  # "Homepage" reads as home: write what it means
            label = read[0][:1].upper() + read[0][1:]
        if word in ("home", "work", "other") and "fax" in (w.lower() for w in words[1:]):
            label += " Fax"
    if any(t.lower() == "pref" for t in types):
        label = "* " + label if label else "*"
    return label


def _birthday(value: str) -> str:
    """A birthday as Google writes it (``1980-01-31``, ``--01-31``) when it is a date."""
    from netmap.importers.csv_dates import parse_date

    iso, _ = parse_date(value, "ymd") if value else ("", "")
    return iso or value


def _names(card: ContactCard) -> tuple[str, str, str, str, str]:
    """``(first, middle, last, prefix, suffix)`` whose first, middle and last read back as the
    card's name (netmap's importer joins them); empty for a name made up from an email."""
    if not card.named:
        return "", "", "", "", ""
    family, given, middle, prefix, suffix = card.n
    if " ".join(p for p in (given, middle, family) if p) == card.name:
        return given, middle, family, prefix, suffix
    first, _, last = card.name.rpartition(" ")
    return (first, "", last, "", "") if first.strip() else (card.name, "", "", "", "")


def _one(values: list[str]) -> str:
    """Several values in one cell, one a line (labels and relations have their own columns)."""
    return "\n".join(values)


def contacts_csv_text(cards: list[ContactCard], relation_names: dict[str, str]) -> str:
    """The cards as a Google Contacts CSV (current layout), one row per contact.

    Google's header, then as many ``E-mail N``, ``Phone N``, ``Address N``, ``Relation N``
    and ``Website N`` label/value pairs as the contacts need, ``Organization N - Name`` /
    ``Title`` / ``Department`` for a second organisation or title, and ``UID`` (netmap's
    importer reads it; other tools ignore or keep it). ``Labels`` holds
    ``* myContacts ::: family ::: studies``: the circles, then the other labels. A relation
    names the other contact by ``relation_names`` (a name, an email or a UID). Every cell
    goes through :func:`contact_cell`.

    Examples
    --------
    >>> from netmap.contact_cards import ContactCard
    >>> from netmap.model import Typed
    >>> card = ContactCard("p-1", "=Léa Martin", "urn:uuid:1", n=("", "", "", "", ""),
    ...                    phones=[Typed("+33 6 39 98 12 34", ["cell"])], categories=["family"])
    >>> text = contacts_csv_text([card], {"p-1": "=Léa Martin"})
    >>> row = next(csv.DictReader(io.StringIO(text)))
    >>> row["First Name"], row["Labels"], row["Phone 1 - Label"], row["Phone 1 - Value"]
    ("'=Léa", '* myContacts ::: family', 'Mobile', '+33 6 39 98 12 34')
    """
    width = {
        "E-mail": max((len(c.emails) for c in cards), default=0),
        "Phone": max((len(c.phones) for c in cards), default=0),
        "Address": max((len(c.addresses) for c in cards), default=0),
        "Relation": max((len(c.relations) for c in cards), default=0),
        "Website": max((len(c.urls) for c in cards), default=0),
    }
    orgs = max((max(len(c.organisations), len(c.titles)) for c in cards), default=0)
    roles = max((len(c.roles) for c in cards), default=0)
    header = list(GOOGLE_HEADER)
    for kind, count in width.items():
        value = "Formatted" if kind == "Address" else "Value"
        for n in range(1, count + 1):
            header += [f"{kind} {n} - Label", f"{kind} {n} - {value}"]
    for n in range(2, orgs + 1):
        header += [f"Organization {n} - Name", f"Organization {n} - Title",
                   f"Organization {n} - Department"]  # fmt: skip
    header += [f"Organization {n} - Job Description" for n in range(1, roles + 1)]
    header.append("UID")
    phones = {f"Phone {n} - Value" for n in range(1, width["Phone"] + 1)}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for card in cards:
        first, middle, last, prefix, suffix = _names(card)
        org = card.organisations[0] if card.organisations else None
        row = {
            "First Name": first,
            "Middle Name": middle,
            "Last Name": last,
            "Name Prefix": prefix,
            "Name Suffix": suffix,
            "Nickname": ", ".join(card.nicknames),
            "Organization Name": org.name if org else "",
            "Organization Title": card.titles[0] if card.titles else "",
            "Organization Department": "; ".join(org.units) if org else "",
            "Birthday": _birthday(card.birthday),
            "Notes": _one(card.notes),
            "Labels": _MULTI.join(
                ["* myContacts", *(c.replace(_MULTI, " : ") for c in card.categories)]
            ),
            "UID": card.uid,
        }
        pairs = {
            "E-mail": [(_label(e.types), e.value) for e in card.emails],
            "Phone": [(_label(p.types), p.value) for p in card.phones],
            "Address": [(_label(a.types), a.value) for a in card.addresses],
            "Relation": [
                (r.kind.lower(), relation_names.get(r.person, "") if r.person else r.text)
                for r in card.relations
            ],
            "Website": [(_label(u.types), u.value) for u in card.urls],
        }
        for kind, items in pairs.items():
            part = "Formatted" if kind == "Address" else "Value"
            for n, (label, value) in enumerate(items, start=1):
                row[f"{kind} {n} - Label"] = label
                row[f"{kind} {n} - {part}"] = value
        for n in range(2, orgs + 1):
            other = card.organisations[n - 1] if len(card.organisations) >= n else None
            row[f"Organization {n} - Name"] = other.name if other else ""
            row[f"Organization {n} - Title"] = card.titles[n - 1] if len(card.titles) >= n else ""
            row[f"Organization {n} - Department"] = "; ".join(other.units) if other else ""
        for n, role in enumerate(card.roles, start=1):
            row[f"Organization {n} - Job Description"] = role
        writer.writerow(
            [contact_cell(row.get(column, ""), phone=column in phones) for column in header]
        )
    return buffer.getvalue()
