"""Matching keys: emails, phones in E.164 and folded names, over phonenumbers and anyascii."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = [
    "DEFAULT_REGION",
    "email_key",
    "fold",
    "is_excel_mangled",
    "name_key",
    "name_tokens",
    "phone_key",
]

DEFAULT_REGION = "FR"

_EXCEL = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?[eE]\+?\d+\s*$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def fold(text: str) -> str:
    """Fold ``text`` for comparison: transliterated to ASCII, lower case, punctuation to spaces.

    Examples
    --------
    >>> fold("  Léa   MARTIN-Dupont ")
    'lea martin dupont'
    >>> fold("Ørsted Åsa")
    'orsted asa'
    >>> fold("山田 太郎")
    'shantian tailang'
    """
    return " ".join(_NON_ALNUM.split(anyascii(text).lower())).strip()


def name_tokens(name: str) -> list[str]:
    """The folded tokens of a name, in order.

    Examples
    --------
    >>> name_tokens("Dr. Léa Martin")
    ['dr', 'lea', 'martin']
    """
    return fold(name).split()


def name_key(name: str) -> str:
    """An order-free key for a name: its folded tokens, sorted.

    Examples
    --------
    >>> name_key("Martin, Léa") == name_key("lea martin")
    True
    """
    return " ".join(sorted(name_tokens(name)))


def email_key(value: str) -> str | None:
    """A normalised email address (Unicode NFKC, case folded), or None when it is not one.

    Examples
    --------
    >>> email_key(" mailto:Lea.Martin@Example.ORG ")
    'lea.martin@example.org'
    >>> email_key("not an address") is None
    True
    """
    text = unicodedata.normalize("NFKC", value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip("<> ").casefold()
    return text if _EMAIL.match(text) else None


def is_excel_mangled(value: str) -> bool:
    """Whether a phone number was turned into scientific notation by a spreadsheet.

    Such numbers have lost digits: they are kept as the file gave them but never used to
    match people.

    Examples
    --------
    >>> is_excel_mangled("4.91511E+12")
    True
    >>> is_excel_mangled("+49 151 1234567")
    False
    """
    return bool(_EXCEL.match(value))


@lru_cache(maxsize=65536)
def _parse_phone(text: str, region: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_key(value: str, region: str = DEFAULT_REGION) -> str | None:
    """A phone number in E.164, or None when it cannot be one (or was mangled by Excel).

    ``region`` (ISO 3166 code) says how to read numbers written without a country code.

    Examples
    --------
    >>> phone_key("06 39 98 12 34")
    '+33639981234'
    >>> phone_key("tel:+33-6-39-98-12-34")
    '+33639981234'
    >>> phone_key("(202) 555-0143", region="US")
    '+12025550143'
    >>> phone_key("4.91511E+12") is None
    True
    >>> phone_key("12") is None
    True
    """
    text = value.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    if not text or is_excel_mangled(text):
        return None
    return _parse_phone(text, region.upper())
