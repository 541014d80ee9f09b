"""Turning the cells of a contact CSV row into the fields of a SourceRecord."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress

from nameparser import HumanName

from netmap.importers.csv_dates import parse_date
from netmap.importers.csv_google import label_types
from netmap.importers.csv_header import Column
from netmap.model import Org, SourceRecord, Typed
from netmap.report_safety import unquote_cell

__all__ = ["column_puts", "fill_record"]

_EXCEL_ERRORS = frozenset(
    {"#N/A", "#N/A N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DIV/0!", "#SPILL!"}
)
_EXCEL_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE]\+?\d+$")
_MULTI = " ::: "
_GROUP_SPLIT = re.compile(r":::|[;,]")  # no \s* around it: quadratic on long blanks
_EMAIL_SPLIT = re.compile(r"[;,\s]+")
_SYSTEM_GROUPS = frozenset({"mycontacts"})
_ADDRESS_ORDER = ("pobox", "extended", "street", "street2", "street3", "city", "region",
                  "postcode", "country")  # fmt: skip


def _name_words() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    words = (CONSTANTS.titles, CONSTANTS.prefixes, CONSTANTS.conjunctions,
             CONSTANTS.suffix_acronyms, CONSTANTS.suffix_not_acronyms)  # fmt: skip
    return frozenset(w for group in words for w in group)


_NAME_WORDS = _name_words()
# One or two words of Latin, Greek or Cyrillic letters (apostrophes and hyphens inside), the
# first maybe an initial ("J."). Not CJK or Hangul: nameparser puts their family name first.
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
_PLAIN_NAME = re.compile(f"^([{_LETTER}](?:[{_LETTER}'-]*|\\.))(?: +([{_LETTER}][{_LETTER}'-]*))?$")
_ROMAN = re.compile(r"^(X|IX|IV|V?I{0,3})$", re.I)  # nameparser may read these as suffixes


_SPLIT_MAX = 256  # characters: nameparser takes ~90 bytes and 3 µs a character, 91 MB for 1 MB


def _split_name(full: str) -> tuple[str, str, str, str, str]:
    """Split a full name into ``(title, given, middle, family, suffix)`` with nameparser.

    A plain one- or two-word name whose words nameparser gives no special meaning (no title,
    particle, conjunction, suffix or roman numeral; Latin, Greek or Cyrillic letters) is split
    without it, with the same result, because :class:`nameparser.HumanName` is slow (~0.2 ms
    a name). A "name" over 256 characters is not split at all.

    Examples
    --------
    >>> _split_name("Ada Lovelace")
    ('', 'Ada', '', 'Lovelace', '')
    >>> _split_name("Dr. Jean-Paul de la Fontaine Jr.")
    ('Dr.', 'Jean-Paul', '', 'de la Fontaine', 'Jr.')
    >>> _split_name("山田 太郎")
    ('', '太郎', '', '山田', '')
    >>> _split_name("Ada Lovelace " * 100)
    ('', '', '', '', '')
    """
    if len(full) > _SPLIT_MAX:
        return "", "", "", "", ""
    return _split_short_name(full)


@functools.lru_cache(maxsize=4096)  # the same name often comes back, in a file or the next
def _split_short_name(full: str) -> tuple[str, str, str, str, str]:
    m = _PLAIN_NAME.match(full)
    if m:
        last = m[2] or ""
        words = {m[1].lower().rstrip("."), last.lower()}
        if not (words & _NAME_WORDS or _ROMAN.match(last or m[1])):
            return "", m[1], "", last, ""
    name = HumanName(full)
    return name.title, name.first, name.middle, name.last, name.suffix


@dataclass(slots=True)
class _Row:
    """What is gathered from one row before it becomes a record."""

    rec: SourceRecord
    order: str  # how the file orders day and month
    orgs: dict[str, list[str]] = field(default_factory=dict)
    addresses: dict[str, dict[str, str]] = field(default_factory=dict)
    address_types: dict[str, list[str]] = field(default_factory=dict)
    birth: dict[str, str] = field(default_factory=dict)


_Put = Callable[[_Row, Column, str, list[str]], None]


def _split(value: str, col: Column) -> list[str]:
    if col.multi and _MULTI in value:
        return [v.strip() for v in value.split(_MULTI) if v.strip()]
    return [value]


def _label(col: Column, cells: list[str]) -> tuple[str, ...]:
    """The type words of a value column: its own, then those of its Google label column."""
    if col.label < 0 or col.label >= len(cells):
        return col.target.types
    extra = label_types(cells[col.label])
    if not col.target.types:
        return extra
    return col.target.types + tuple(t for t in extra if t not in col.target.types)


def _put_extra(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    row.rec.extra.setdefault(col.target.key or col.name, []).append(value)


def _put_name(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    current = getattr(row.rec, col.target.field)
    if not current:
        setattr(row.rec, col.target.field, value)
    elif current != value:
        row.rec.extra.setdefault(col.name, []).append(value)


def _put_email(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    rec = row.rec
    types = _label(col, cells)
    for one in _split(value, col):
        if "@" not in one:
            rec.repairs.append(f"{one!r} in {col.name!r} is not an email address; kept in extra")
            rec.extra.setdefault(col.name, []).append(one)
            continue
        values = [v for v in _EMAIL_SPLIT.split(one) if "@" in v] if one.count("@") > 1 else [one]
        for v in values:
            if all(e.value != v for e in rec.emails):
                rec.emails.append(Typed(v, list(types)))


def _put_phone(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    rec = row.rec
    types = _label(col, cells)
    for one in _split(value, col):
        if not any(ch.isdigit() for ch in one):
            rec.repairs.append(f"{one!r} in {col.name!r} has no digits; kept in extra")
            rec.extra.setdefault(col.name, []).append(one)
        elif _EXCEL_NUMBER.match(one):
            rec.phones.append(Typed(one, [*types, "excel-mangled"]))
            rec.repairs.append(
                f"phone {one!r} was turned into a number by a spreadsheet (digits lost); "
                "kept as written"
            )
        else:
            rec.phones.append(Typed(one, list(types)))


def _put_url(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    types = _label(col, cells)
    row.rec.urls.extend(Typed(v, list(types)) for v in _split(value, col))


def _put_related(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    types = _label(col, cells)
    row.rec.related.extend(Typed(v, list(types)) for v in _split(value, col))


def _put_org(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    org = row.orgs.setdefault(col.target.slot, ["", ""])
    org[0 if col.target.field == "org" else 1] = value


def _put_title(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    row.rec.titles.append(value)


def _put_role(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    row.rec.roles.append(value)


def _put_nickname(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    nicknames = row.rec.nicknames
    known = set(nicknames)  # sets: a cell of 20,000 names was quadratic with list lookups
    nicknames.extend(dict.fromkeys(v for v in _split(value, col) if v not in known))


def _put_notes(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    row.rec.notes.append(value)


def _put_groups(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    groups = row.rec.groups
    seen = set(groups)
    # Google labels may hold commas and are " ::: "-separated; others use ";" or ","
    for group in value.split(_MULTI) if col.multi else _GROUP_SPLIT.split(value):
        group = group.strip()
        if group.startswith("*"):
            group = group.lstrip("* ")
            if group.replace(" ", "").casefold() in _SYSTEM_GROUPS:
                continue
        if group and group not in seen:
            seen.add(group)
            groups.append(group)


def _put_address(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    target = col.target
    slot = target.slot if target.part != "formatted" else target.slot or col.name
    parts = row.addresses.get(slot)
    if parts is None:  # the first part of this address gives its types
        parts = row.addresses[slot] = {}
        row.address_types[slot] = list(_label(col, cells))
    parts[target.part] = value


def _put_date(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    rec = row.rec
    iso, why = parse_date(value, row.order)
    if iso and col.target.field == "birthday":
        rec.birthday = rec.birthday or iso
    elif iso:
        key = col.target.key
        if col.label >= 0 and col.label < len(cells) and cells[col.label].strip():
            key = cells[col.label].strip().lstrip("* ").casefold()
        rec.dates.setdefault(key, iso)
    elif why:
        rec.repairs.append(f"{col.name} {value!r} {why}; kept in extra")
        rec.extra.setdefault(col.name, []).append(value)


def _put_birth_part(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    row.birth[col.target.field] = value


def _put_uid(row: _Row, col: Column, value: str, cells: list[str]) -> None:
    row.rec.uid = row.rec.uid or value


_PUT: dict[str, _Put | None] = {
    "extra": _put_extra,
    "label": None,
    **dict.fromkeys(("full_name", "given", "family", "middle", "prefix", "suffix"), _put_name),
    "email": _put_email,
    "phone": _put_phone,
    "url": _put_url,
    "related": _put_related,
    "org": _put_org,
    "department": _put_org,
    "title": _put_title,
    "role": _put_role,
    "nickname": _put_nickname,
    "notes": _put_notes,
    "groups": _put_groups,
    "address": _put_address,
    "birthday": _put_date,
    "date": _put_date,
    **dict.fromkeys(("birth_year", "birth_month", "birth_day"), _put_birth_part),
    "uid": _put_uid,
}
"""How each target field takes a cell: ``put(row, column, stripped value, all cells)``."""


def _finish(row: _Row) -> str:
    """Complete the record; return a rejection reason, or ``""`` when it is kept."""
    rec = row.rec
    for name, dept in row.orgs.values():
        if name or dept:
            rec.organisations.append(Org(name, [dept] if dept else []))
    for slot, parts in row.addresses.items():
        if "formatted" in parts:
            text = parts["formatted"]
        else:
            text = ", ".join(parts[p] for p in _ADDRESS_ORDER if p in parts)
        if "\n" in text or "\r" in text:  # one line: "12 rue X\nParis" -> "12 rue X, Paris"
            text = ", ".join(x.strip() for x in re.split(r"[\r\n]+", text) if x.strip())
        rec.addresses.append(Typed(text, row.address_types.get(slot, [])))
    if row.birth:
        _birth_parts(rec, row.birth)
    if not rec.full_name and (rec.given or rec.family or rec.middle):
        rec.full_name = " ".join(p for p in (rec.given, rec.middle, rec.family) if p)
    elif rec.full_name and not (rec.given or rec.family or rec.middle):
        title, rec.given, rec.middle, rec.family, suffix = _split_name(rec.full_name)
        rec.prefix = rec.prefix or title
        rec.suffix = rec.suffix or suffix
    # One space between words, as the vCard importer reads FN: the same name in a CSV and
    # a vCard is one name, whichever file comes first.
    rec.full_name = " ".join(rec.full_name.split())
    if not rec.full_name:
        if rec.nicknames:
            rec.full_name = rec.nicknames[0]
            rec.repairs.append("no name in the row: used the nickname as the name")
        elif rec.emails:
            rec.full_name = rec.emails[0].value
            rec.repairs.append("no name in the row: used the email address as the name")
        elif rec.phones:
            rec.full_name = rec.phones[0].value
            rec.repairs.append("no name in the row: used the phone number as the name")
        else:
            return "row has no name, email or phone"
    return ""


def _birth_parts(rec: SourceRecord, birth: dict[str, str]) -> None:
    """Thunderbird's Birth Year / Birth Month / Birth Day columns."""
    year, month, day = (birth.get(k, "") for k in ("birth_year", "birth_month", "birth_day"))
    try:
        if year and month and day:
            iso = _dt.date(int(year), int(month), int(day)).isoformat()
        elif month and day and not year:
            iso = f"--{_dt.date(2000, int(month), int(day)).strftime('%m-%d')}"
        elif year and not (month or day):
            iso = f"{int(year):04d}"
        else:
            raise ValueError
    except ValueError:
        shown = "-".join(p or "?" for p in (year, month, day))
        rec.repairs.append(f"birth date {shown} is not a valid date; kept in extra")
        for key, label in (("birth_year", "Birth Year"), ("birth_month", "Birth Month"),
                           ("birth_day", "Birth Day")):  # fmt: skip
            if birth.get(key):
                rec.extra.setdefault(label, []).append(birth[key])
        return
    rec.birthday = rec.birthday or iso


def column_puts(plan: list[Column]) -> list[tuple[Column, _Put | None]]:
    """Pair each column of ``plan`` with the function that takes its cells.

    Label columns (Google's ``Kind N - Label``) get ``None``: their cells only type the
    values of another column.
    """
    return [(col, _PUT[col.target.field]) for col in plan]


def fill_record(
    rec: SourceRecord, puts: list[tuple[Column, _Put | None]], cells: list[str], order: str
) -> str:
    """Put the cells of one row into ``rec`` and complete it.

    Every non-empty cell is kept in ``rec.raw``; a spreadsheet error value (``#N/A``...) in a
    column with a field is ignored, with a repair. A ``'`` before ``= + - @`` (a formula
    neutralised by :func:`netmap.report.safe_cell`) is taken off the value.

    Parameters
    ----------
    rec : SourceRecord
        The new record of the row, filled in place.
    puts : list
        From :func:`column_puts`, in column order.
    cells : list of str
        The row's cells; any beyond the header's columns are empty, and ignored.
    order : str
        How the file orders day and month (see :func:`~netmap.importers.csv_dates.parse_date`).

    Returns
    -------
    str
        Why the row is rejected, or ``""`` when the record is kept.
    """
    row = _Row(rec, order)
    raw = rec.raw
    # non-empty cells only; cells past the header (all empty by now) are left out
    for (col, put), cell in compress(zip(puts, cells, strict=False), cells):
        value = cell.strip()
        if not value:
            continue
        raw[col.name] = cell
        if put is None:
            continue
        if value[:1] == "'":  # a formula neutralised by netmap.report_safety.safe_cell
            value = unquote_cell(value).strip()
        if put is not _put_extra and value in _EXCEL_ERRORS:
            rec.repairs.append(f"{value!r} in {col.name!r} is a spreadsheet error value; ignored")
            continue
        put(row, col, value, cells)
    return _finish(row)
