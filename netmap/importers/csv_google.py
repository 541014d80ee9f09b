"""Google Contacts' numbered CSV columns (``E-mail 1 - Value``) and the labels that type them."""

from __future__ import annotations

import functools
import re

from netmap.importers.csv_layouts import Target, header_key

__all__ = ["LABEL_WORDS", "google_numbered", "google_target", "label_types"]

_GOOGLE_NUMBERED = re.compile(r"^(.+?) (\d+) - (.+)$")
_GOOGLE_VALUES = {"email": "email", "phone": "phone", "website": "url", "relation": "related",
                  "event": "date"}  # fmt: skip
_GOOGLE_ADDRESS = {"formatted": "formatted", "street": "street", "city": "city",
                   "pobox": "pobox", "region": "region", "postalcode": "postcode",
                   "country": "country", "extendedaddress": "extended"}  # fmt: skip
_GOOGLE_ORG = {"name": "org", "title": "title", "department": "department",
               "jobdescription": "role"}  # fmt: skip

LABEL_WORDS: dict[str, tuple[str, ...]] = {
    "mobile": ("cell",),
    "cell": ("cell",),
    "home fax": ("home", "fax"),
    "work fax": ("work", "fax"),
    "other fax": ("other", "fax"),
    "work mobile": ("work", "cell"),
    "work pager": ("work", "pager"),
    "home page": ("home",),
    "homepage": ("home",),
}
"""Type words for Google labels that are not one plain word (``Mobile`` is vCard's ``cell``)."""


def google_numbered(name: str) -> tuple[str, int, str] | None:
    """Split a Google numbered column name into ``(kind, number, part)``, all folded.

    Examples
    --------
    >>> google_numbered("E-mail 1 - Value")
    ('email', 1, 'value')
    >>> google_numbered("Address 2 - Postal Code")
    ('address', 2, 'postalcode')
    >>> google_numbered("First Name") is None
    True
    """
    m = _GOOGLE_NUMBERED.match(name.strip())
    if m is None:
        return None
    return header_key(m.group(1)), int(m.group(2)), header_key(m.group(3))


def google_target(kind: str, number: int, part: str) -> Target | None:
    """The :class:`Target` of a Google numbered column, from :func:`google_numbered`.

    ``Kind N - Label`` (or ``- Type``) columns are ``label``: they give the types of the
    values of ``Kind N``. Columns netmap has no field for (IM, custom fields...) give ``None``.

    Examples
    --------
    >>> google_target("phone", 1, "value")
    Target(field='phone', types=(), slot='', part='', key='')
    >>> google_target("address", 2, "city").slot
    'g2'
    >>> google_target("im", 1, "value") is None
    True
    """
    if part in ("label", "type"):
        return Target("label")
    if kind in _GOOGLE_VALUES and part == "value":
        field = _GOOGLE_VALUES[kind]
        return Target(field, key="event" if field == "date" else "")
    if kind == "address" and part in _GOOGLE_ADDRESS:
        return Target("address", slot=f"g{number}", part=_GOOGLE_ADDRESS[part])
    if kind == "organization" and part in _GOOGLE_ORG:
        return Target(_GOOGLE_ORG[part], slot=f"g{number}")
    return None


@functools.lru_cache(maxsize=1024)
def label_types(label: str) -> tuple[str, ...]:
    """Type words from a Google label such as ``* Work`` or ``Home Fax``.

    Examples
    --------
    >>> label_types("* Mobile"), label_types("Home Fax"), label_types("Best friend")
    (('cell', 'pref'), ('home', 'fax'), ('best friend',))
    """
    label = label.strip()
    word = label.lstrip("* ").strip().casefold()
    types = LABEL_WORDS.get(word, (word,) if word else ())
    return (*types, "pref") if label.startswith("*") else types
