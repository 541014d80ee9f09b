"""Exporting the contacts themselves: vCard 4.0 or Google CSV, read in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netmap.contact_cards import ContactCard, contact_cards
from netmap.errors import NetmapError
from netmap.normalize import email_key, name_key
from netmap.store import Store

__all__ = ["CONTACT_FORMATS", "contact_format_for_path", "export_contacts"]

#: The contact formats ``export_contacts`` writes.
CONTACT_FORMATS = ("vcard", "contacts-csv")
_SUFFIXES = {".vcf": "vcard", ".vcard": "vcard"}


def contact_format_for_path(path: str | Path) -> str | None:
    """The contact format a file name asks for: ``vcard`` for ``.vcf`` and ``.vcard``.

    Examples
    --------
    >>> contact_format_for_path("phone.VCF"), contact_format_for_path("net.csv")
    ('vcard', None)
    """
    return _SUFFIXES.get(Path(path).suffix.lower())


def _relation_names(cards: list[ContactCard]) -> dict[str, str]:
    """How the CSV names each contact in another's relations: their name when it finds them
    alone, else their first email, else their UID."""
    count: dict[str, int] = {}
    for card in cards:
        key = name_key(card.name)
        count[key] = count.get(key, 0) + 1
    out = {}
    for card in cards:
        key = name_key(card.name)
        if card.named and key and count[key] == 1 and email_key(card.name) is None:
            out[card.id] = card.name
        elif card.emails and email_key(card.emails[0].value):
            out[card.id] = card.emails[0].value
        else:
            out[card.id] = card.uid
    return out


def export_contacts(store: Store, output: str | Path | None, format: str) -> dict[str, Any]:
    """Write the contacts as vCard 4.0 or Google Contacts CSV, or return the text.

    The workspace is read in one transaction (an import committed meanwhile is in the
    export whole or not at all), and the file is written through a temporary file, fsynced
    and renamed into place (:func:`netmap.report.write_atomic`): an interrupted or failed
    export leaves the previous file as it was.

    Parameters
    ----------
    store : Store
    output : str, Path or None
        The file to write; None or ``"-"`` returns the text instead.
    format : str
        ``vcard`` (RFC 6350, :func:`netmap.contact_vcard.vcard_text`) or ``contacts-csv``
        (Google Contacts' CSV, :func:`netmap.contact_csv.contacts_csv_text`).

    Returns
    -------
    dict
        ``format``, ``people`` (cards written), ``relations``, ``files`` (written) and
        ``data`` (the text when ``output`` is None or ``"-"``).

    Raises
    ------
    OutputError
        The file could not be written (disk full, permission denied...).
    """
    if format not in CONTACT_FORMATS:
        raise NetmapError(
            f"unknown contact format {format!r}", hint="use " + " or ".join(CONTACT_FORMATS)
        )
    # One read transaction: an import committing meanwhile is seen whole or not at all.
    store.conn.execute("BEGIN")
    try:
        cards = contact_cards(store)
    finally:
        store.conn.execute("ROLLBACK")
    if format == "vcard":
        from netmap.contact_vcard import vcard_text

        text = vcard_text(cards)
    else:
        from netmap.contact_csv import contacts_csv_text

        text = contacts_csv_text(cards, _relation_names(cards))
    report: dict[str, Any] = {
        "format": format,
        "people": len(cards),
        "relations": sum(len(c.relations) for c in cards),
        "files": [],
        "data": None,
    }
    if output is None or str(output) == "-":
        report["data"] = text
    else:
        from netmap.report import write_atomic

        write_atomic(output, text)
        report["files"] = [str(output)]
    return report
