"""Reading the dates that contact CSV exports write (birthdays, anniversaries, LinkedIn's)."""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["parse_date"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_NO_DATE = frozenset({"0/0/00", "0.0.00", "00/00/0000", "0000-00-00"})


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year + 2000 <= _dt.date.today().year else 1900
    return year


def parse_date(value: str, order: str) -> tuple[str, str]:
    """``(iso, "")`` for a readable date, ``("", why)`` otherwise.

    Parameters
    ----------
    value : str
        The cell as written.
    order : str
        How the file orders day and month: ``mdy``, ``dmy``, ``ymd`` or ``auto``
        (:attr:`~netmap.importers.csv_layouts.Layout.dates`).

    Returns
    -------
    tuple of str
        The ISO date (``--MM-DD`` without a year) and ``""``; or ``""`` and why the value is
        not read (``""`` too for an empty date such as ``0/0/00``).

    Examples
    --------
    >>> parse_date("12 Mar 2024", "dmy")
    ('2024-03-12', '')
    >>> parse_date("5/17/1980", "mdy")
    ('1980-05-17', '')
    >>> parse_date("03/04/1990", "auto")[1]
    'could be 3 April or 4 March'
    """
    v = value.strip()
    if len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return _dt.date.fromisoformat(v).isoformat(), ""
        except ValueError:
            pass
    if v in _NO_DATE:
        return "", ""
    if re.fullmatch(r"--\d\d-?\d\d", v):
        return f"--{v[2:4]}-{v[-2:]}", ""
    ymd: tuple[int, int, int] | None = None
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", v):
        ymd = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(r"(\d{4})(\d\d)(\d\d)", v):
        ymd = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d\d)(?: .*)?", v):
        a, b, year = int(m[1]), int(m[3]), _year(m[4])
        if m[2] == "." or order == "dmy" or (order in ("auto", "ymd") and a > 12):
            ymd = (year, b, a)
        elif order == "mdy" or b > 12:
            ymd = (year, a, b)
        elif a == b:
            ymd = (year, a, b)
        else:
            months = ("January", "February", "March", "April", "May", "June", "July",
                      "August", "September", "October", "November", "December")  # fmt: skip
            return "", f"could be {a} {months[b - 1]} or {b} {months[a - 1]}"
    elif m := re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)\.?,?[ -](\d{4}|\d\d)", v):
        month = _MONTHS.get(m[2].casefold())
        ymd = (_year(m[3]), month, int(m[1])) if month else None
    elif m := re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", v):
        month = _MONTHS.get(m[1].casefold())
        ymd = (int(m[3]), month, int(m[2])) if month else None
    if ymd is None:
        return "", "is not a date netmap can read"
    try:
        return _dt.date(*ymd).isoformat(), ""
    except ValueError:
        return "", "is not a valid date"
