"""Reading contact CSV exports (Google, Outlook, LinkedIn, Thunderbird or any mapped CSV).

The file is read with the standard library's :mod:`csv` module rather than pandas, because
pandas can neither give the line where a row starts (needed in every rejection) nor report a
row whose number of cells differs from the header's: it pads or fails. The header's column
names decide both the layout and the delimiter (comma, semicolon or tab: the one whose split of
the header gives known names); :class:`csv.Sniffer` is not used, as it happily picks a letter.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import re
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import BinaryIO

from nameparser import HumanName

from netmap.errors import EncodingError, FormatError, NetmapError, NotFoundError
from netmap.importers._text import encoding_error, open_text, sniff_encoding
from netmap.importers.csv_layouts import (
    GENERIC,
    LABEL_WORDS,
    LAYOUTS,
    MAP_TARGETS,
    Layout,
    Target,
    google_numbered,
    google_target,
    header_key,
)
from netmap.model import FileParse, Org, Rejection, SourceRecord, Typed

__all__ = ["parse_mapping", "read_csv"]

_DELIMITERS = (",", ";", "\t")
_HEADER_WINDOW = 12  # records looked at to find the header (LinkedIn puts notes first)
_MAP_HINT = "use --map 'Column=field,...' to say which column holds what"
_IDENTITY = frozenset({"full_name", "given", "family", "email", "phone"})
_EXCEL_ERRORS = frozenset(
    {"#N/A", "#N/A N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DIV/0!", "#SPILL!"}
)
_EXCEL_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE]\+?\d+$")
_MULTI = " ::: "
_GROUP_SPLIT = re.compile(r"\s*:::\s*|\s*[;,]\s*")
_EMAIL_SPLIT = re.compile(r"[;,\s]+")
_SYSTEM_GROUPS = frozenset({"mycontacts"})
_ADDRESS_ORDER = ("pobox", "extended", "street", "street2", "street3", "city", "region",
                  "postcode", "country")  # fmt: skip
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


# ----------------------------------------------------------------------------------------
# --map
# ----------------------------------------------------------------------------------------
def parse_mapping(text: str) -> dict[str, str]:
    """Parse a ``--map`` option into ``{column: target}``.

    Parameters
    ----------
    text : str
        ``"Column=target,Column=target"``. Targets are ``name given family middle prefix suffix
        nickname org department title role email phone url address related birthday notes
        groups uid extra date``; ``email``, ``phone``, ``url``, ``address`` and ``related``
        take type words after a colon (``phone:cell``, ``phone:work+fax``); ``date`` needs a
        key (``date:connected_on``).

    Returns
    -------
    dict[str, str]
        Column name -> target, both stripped, targets lower-cased.

    Raises
    ------
    FormatError
        On an empty part, a part without ``=``, a column given twice or an unknown target.

    Examples
    --------
    >>> parse_mapping("Full Name=name, Company=org,E-mail=email,Mobile=phone:cell")
    {'Full Name': 'name', 'Company': 'org', 'E-mail': 'email', 'Mobile': 'phone:cell'}
    >>> parse_mapping("Full Name=nom")
    Traceback (most recent call last):
    ...
    netmap.errors.FormatError: unknown field 'nom' for column 'Full Name' in --map; ...
    """
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        column, sep, target = part.rpartition("=")
        column, target = column.strip(), target.strip().lower()
        if not sep or not column or not target:
            raise FormatError(
                f"bad --map entry {part.strip()!r}: expected Column=field",
                hint="write --map 'Full Name=name,E-mail=email'",
            )
        if column in out:
            raise FormatError(
                f"column {column!r} is given twice in --map", hint="give each column once"
            )
        _target(target, column)
        out[column] = target
    if not out:
        raise FormatError("--map is empty", hint="write --map 'Full Name=name,E-mail=email'")
    return out


def _target(spec: str, column: str, slot: str = "map") -> Target:
    """The :class:`Target` for one ``--map`` target such as ``phone:work+fax``."""
    base, _, arg = spec.partition(":")
    field = MAP_TARGETS.get(base)
    if field is None:
        raise FormatError(
            f"unknown field {base!r} for column {column!r} in --map",
            hint="fields are " + ", ".join(sorted(MAP_TARGETS)),
        )
    words = tuple(w for w in arg.split("+") if w)
    if field == "date":
        if not arg:
            raise FormatError(
                f"--map field 'date' for column {column!r} needs a name",
                hint="write date:NAME, e.g. 'Connected On=date:connected_on'",
            )
        return Target("date", key=arg)
    if arg and field not in ("email", "phone", "url", "related", "address"):
        raise FormatError(
            f"--map field {base!r} for column {column!r} takes no type",
            hint="only email, phone, url, address and related take ':type'",
        )
    if field == "address":
        return Target("address", words, slot=slot, part="formatted")
    return Target(field, words)


# ----------------------------------------------------------------------------------------
# Reading the text
# ----------------------------------------------------------------------------------------
def _source_name(source: str | Path | BinaryIO, name: str | None) -> str:
    if name:
        return name
    if isinstance(source, (str, Path)):
        return str(source)
    stream_name = getattr(source, "name", None)
    return stream_name if isinstance(stream_name, str) else "<stream>"


def _count_lines(text: str) -> int:
    """Line ends in ``text``: CRLF, LF, a bare CR and the iOS CR CR LF each count once."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") - text.count("\r\r\n")


def _read_text(source: str | Path | BinaryIO, encoding: str | None, name: str) -> tuple[str, str]:
    """Return the decoded text of ``source`` and the codec used."""
    if isinstance(source, (str, Path)):
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise NotFoundError("file not found", file=name, hint="check the path") from None
        except OSError as exc:
            raise NetmapError(
                f"cannot read the file: {exc.strerror or exc}", file=name, hint="check the path"
            ) from None
    else:
        data = source.read()
    codec, bom = sniff_encoding(data[:4], encoding)
    head = data[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)  # UTF-16 puts NULs in every other byte
    if not bom and not encoding and max(odd, even) >= max(len(head) // 4, 1):
        order = "le" if odd >= even else "be"
        raise EncodingError(
            "the file looks like UTF-16 without a byte-order mark",
            file=name,
            line=1,
            hint=f"rerun with --encoding utf-16-{order}",
        )
    stream, codec = open_text(io.BufferedReader(io.BytesIO(data)), encoding)
    try:
        text = stream.read()
    except UnicodeDecodeError:
        raise _decode_error(data[bom:], codec, name) from None
    text = text.removeprefix("\ufeff")
    if "\r\r\n" in text:  # CR CR LF ends one line, as in the vCard importer
        text = text.replace("\r\r\n", "\r\n")
    return text, codec


def _decode_error(data: bytes, codec: str, name: str) -> EncodingError:
    """The error naming the line of the first byte that ``codec`` cannot decode."""
    try:
        data.decode(codec)
        start = 0
    except UnicodeDecodeError as exc:
        start = exc.start
    line = _count_lines(data[:start].decode(codec, errors="replace")) + 1
    sample = data[:65536]
    if start > len(sample):
        line_start = max(data.rfind(b"\n", 0, start), 0)
        sample += b"\n" + data[line_start : line_start + 16384]
    return encoding_error(name, line, sample, codec)


# ----------------------------------------------------------------------------------------
# The header
# ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Header:
    delimiter: str
    cells: list[str]
    line: int  # line where the header starts
    end: int  # line where it ends
    layout: Layout | None  # None: generic (or mapped over nothing known)
    known: int


def _score(cells: list[str], mapped: set[str]) -> tuple[int, Layout | None] | None:
    """``(score, layout)`` for a candidate header, or ``None`` when nothing recognises it.

    The score counts the columns the layout knows. A specific layout needs two known columns
    and one of its signature columns; the generic vocabulary needs a name, email or phone
    column and wins only by knowing more columns. ``--map`` columns outweigh everything.
    """
    keys = [header_key(c) for c in cells]
    numbered = [n for n in map(google_numbered, cells) if n is not None]
    type_parts = any(n[2] == "type" for n in numbered)  # legacy Google: "E-mail 1 - Type"
    label_parts = any(n[2] in ("label", "value") for n in numbered)
    best: tuple[int, Layout | None] | None = None
    for layout in LAYOUTS:
        known = sum(1 for k in keys if k in layout.columns)
        signed = any(k in layout.signature for k in keys)
        if layout.numbered == "Type":
            known, signed = known + len(numbered), signed or type_parts
        elif layout.numbered == "Label":
            known, signed = known + len(numbered), (signed or label_parts) and not type_parts
        if signed and known >= 2 and (best is None or known > best[0]):
            best = (known, layout)
    generic = [GENERIC[k] for k in keys if k in GENERIC]
    if any(t.field in _IDENTITY for t in generic) and (best is None or len(generic) > best[0]):
        best = (len(generic), None)
    hits = sum(1 for k in keys if k in mapped)
    if hits:
        return (hits * 1000 + (best[0] if best else 0), best[1] if best else None)
    return best


def _find_header(text: str, name: str, mapped: list[str]) -> _Header:
    """Find the header row, its delimiter and its layout (``mapped``: the --map columns)."""
    sample = text[:262144]
    mapped_keys = {header_key(c) for c in mapped}
    found: _Header | None = None
    first: tuple[int, list[str]] | None = None
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        prev, seen, preamble = 0, 0, False
        try:
            for cells in reader:
                start, prev = prev + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                seen += 1
                if seen == 1:
                    preamble = cells[0].strip().casefold() == "notes:"
                    if first is None or len(cells) > len(first[1]):
                        first = (start, cells)
                scored = _score(cells, mapped_keys)
                if scored is not None:
                    if found is None or scored[0] > found.known:
                        found = _Header(delimiter, cells, start, prev, scored[1], scored[0])
                    break
                if not preamble or seen >= _HEADER_WINDOW:
                    break
        except csv.Error:
            continue
    if found is None:
        if first is None:
            raise FormatError(
                "no contact found: the file is empty", file=name, hint="export the contacts again"
            )
        if mapped:
            raise _missing_column(mapped[0], first[1], name, first[0])
        shown = ", ".join(repr(c.strip()) for c in first[1][:4])
        raise FormatError(
            f"the header is not one netmap knows (it starts {shown})",
            file=name,
            line=first[0],
            hint=_MAP_HINT,
        )
    return found


def _missing_column(column: str, cells: list[str], name: str, line: int) -> FormatError:
    shown = ", ".join(repr(c.strip()) for c in cells[:15] if c.strip())
    return FormatError(
        f"column {column!r} given in --map is not in the header",
        file=name,
        line=line,
        hint=f"the header has {shown}",
    )


@dataclass(slots=True)
class _Col:
    index: int
    name: str  # unique display name of the column: the key in raw and extra
    target: Target
    label: int = -1  # index of the column whose label gives this value's types
    multi: bool = False  # values are " ::: " separated (Google)


def _plan(header: _Header, mapping: dict[str, tuple[str, Target]], name: str) -> list[_Col]:
    """Decide what each column of the header is."""
    layout = header.layout
    cells = [c.strip().removeprefix("\ufeff") for c in header.cells]
    for i, cell in enumerate(cells):
        if cell and cell in cells[:i]:
            # only a repeat that the export itself makes (French Outlook's "Titre") is allowed
            allowed = layout.repeated.get(header_key(cell), ()) if layout else ()
            if cells.count(cell) > len(allowed):
                raise FormatError(
                    f"column {cell!r} appears twice in the header (columns "
                    f"{cells.index(cell) + 1} and {i + 1})",
                    file=name,
                    line=header.line,
                    hint="rename one of the two columns and import again",
                )
    missing = [c for c in mapping if c not in {header_key(x) for x in cells}]
    if missing:
        raise _missing_column(mapping[missing[0]][0], cells, name, header.line)
    numbered = layout.numbered if layout else ""
    labels: dict[tuple[str, int], int] = {}
    if numbered:
        for i, cell in enumerate(cells):
            n = google_numbered(cell)
            if n is not None and n[2] in ("label", "type"):
                labels[(n[0], n[1])] = i
    plan: list[_Col] = []
    count: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = header_key(cell)
        count[cell] = count.get(cell, 0) + 1
        display = cell or f"column {i + 1}"
        if count[cell] > 1 and cell:
            display = f"{cell} ({count[cell]})"
        col = _Col(i, display, Target("extra"))
        if key in mapping:
            col.target = mapping[key][1]
        elif layout and key in layout.repeated and cells.count(cell) > 1:
            col.target = layout.repeated[key][count[cell] - 1]
        elif layout and key in layout.columns:
            col.target = layout.columns[key]
        elif numbered and (n := google_numbered(cell)) and (t := google_target(*n)):
            col.target = t
            if t.field in ("email", "phone", "url", "related", "address", "date"):
                col.label = labels.get((n[0], n[1]), -1)  # its "Kind N - Label" column
        elif key in GENERIC:
            col.target = GENERIC[key]
        if (
            layout is None
            and col.target.field == "title"
            and key == "title"
            and "jobtitle" in {header_key(c) for c in cells}
        ):
            col.target = Target("prefix")
        if numbered and col.target.field in ("groups", "email", "phone", "url", "related"):
            col.multi = True
        plan.append(col)
    return plan


# ----------------------------------------------------------------------------------------
# Values
# ----------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _label_types(label: str) -> tuple[str, ...]:
    """Type words from a Google label such as ``* Work`` or ``Home Fax``.

    Examples
    --------
    >>> _label_types("* Mobile"), _label_types("Home Fax"), _label_types("Best friend")
    (('cell', 'pref'), ('home', 'fax'), ('best friend',))
    """
    label = label.strip()
    word = label.lstrip("* ").strip().casefold()
    types = LABEL_WORDS.get(word, (word,) if word else ())
    return (*types, "pref") if label.startswith("*") else types


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year + 2000 <= _dt.date.today().year else 1900
    return year


def _parse_date(value: str, order: str) -> tuple[str, str]:
    """``(iso, "")`` for a readable date, ``("", why)`` otherwise.

    Examples
    --------
    >>> _parse_date("12 Mar 2024", "dmy")
    ('2024-03-12', '')
    >>> _parse_date("5/17/1980", "mdy")
    ('1980-05-17', '')
    >>> _parse_date("03/04/1990", "auto")[1]
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


def _name_words() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    words = (CONSTANTS.titles, CONSTANTS.prefixes, CONSTANTS.conjunctions,
             CONSTANTS.suffix_acronyms, CONSTANTS.suffix_not_acronyms)  # fmt: skip
    return frozenset(w for group in words for w in group)


_NAME_WORDS = _name_words()
_PLAIN_NAME = re.compile(r"^([^\W\d_][\w'.-]*) +([^\W\d_][\w'-]*)$")


def _split_name(full: str) -> tuple[str, str, str, str, str]:
    """Split a full name into ``(title, given, middle, family, suffix)`` with nameparser.

    A plain two-word name whose words nameparser gives no special meaning (no title, particle,
    conjunction or suffix) is split without it, with the same result, because
    :class:`nameparser.HumanName` is slow (~0.2 ms a name).

    Examples
    --------
    >>> _split_name("Ada Lovelace")
    ('', 'Ada', '', 'Lovelace', '')
    >>> _split_name("Dr. Jean-Paul de la Fontaine Jr.")
    ('Dr.', 'Jean-Paul', '', 'de la Fontaine', 'Jr.')
    """
    m = _PLAIN_NAME.match(full)
    if m and not {m[1].lower().rstrip("."), m[2].lower()} & _NAME_WORDS:
        return "", m[1], "", m[2], ""
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


def _split(value: str, col: _Col) -> list[str]:
    if col.multi and _MULTI in value:
        return [v.strip() for v in value.split(_MULTI) if v.strip()]
    return [value]


def _label(col: _Col, cells: list[str]) -> tuple[str, ...]:
    """The type words of a value column: its own, then those of its Google label column."""
    if col.label < 0 or col.label >= len(cells):
        return col.target.types
    extra = _label_types(cells[col.label])
    if not col.target.types:
        return extra
    return col.target.types + tuple(t for t in extra if t not in col.target.types)


def _put_extra(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    row.rec.extra.setdefault(col.name, []).append(value)


def _put_name(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    current = getattr(row.rec, col.target.field)
    if not current:
        setattr(row.rec, col.target.field, value)
    elif current != value:
        row.rec.extra.setdefault(col.name, []).append(value)


def _put_email(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
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


def _put_phone(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
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


def _put_url(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    types = _label(col, cells)
    row.rec.urls.extend(Typed(v, list(types)) for v in _split(value, col))


def _put_related(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    types = _label(col, cells)
    row.rec.related.extend(Typed(v, list(types)) for v in _split(value, col))


def _put_org(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    org = row.orgs.setdefault(col.target.slot, ["", ""])
    org[0 if col.target.field == "org" else 1] = value


def _put_title(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    row.rec.titles.append(value)


def _put_role(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    row.rec.roles.append(value)


def _put_nickname(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    nicknames = row.rec.nicknames
    nicknames.extend(v for v in _split(value, col) if v not in nicknames)


def _put_notes(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    row.rec.notes.append(value)


def _put_groups(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    groups = row.rec.groups
    # Google labels may hold commas and are " ::: "-separated; others use ";" or ","
    for group in value.split(_MULTI) if col.multi else _GROUP_SPLIT.split(value):
        group = group.strip()
        if group.startswith("*"):
            group = group.lstrip("* ")
            if group.replace(" ", "").casefold() in _SYSTEM_GROUPS:
                continue
        if group and group not in groups:
            groups.append(group)


def _put_address(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    target = col.target
    slot = target.slot if target.part != "formatted" else target.slot or col.name
    parts = row.addresses.get(slot)
    if parts is None:  # the first part of this address gives its types
        parts = row.addresses[slot] = {}
        row.address_types[slot] = list(_label(col, cells))
    parts[target.part] = value


def _put_date(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    rec = row.rec
    iso, why = _parse_date(value, row.order)
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


def _put_birth_part(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    row.birth[col.target.field] = value


def _put_uid(row: _Row, col: _Col, value: str, cells: list[str]) -> None:
    row.rec.uid = row.rec.uid or value


_PUT = {
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


# ----------------------------------------------------------------------------------------
# The importer
# ----------------------------------------------------------------------------------------
def read_csv(
    source: str | Path | BinaryIO,
    *,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    name: str | None = None,
) -> FileParse:
    """Read a contact CSV export: one :class:`~netmap.model.SourceRecord` per row.

    The layout (Google current or legacy, Outlook in English, French or German, LinkedIn
    ``Connections.csv``, Thunderbird, or a generic CSV with common column names) and the
    delimiter are recognised from the header. Every cell of a row is kept in ``raw``; cells no
    field takes go to ``extra``. A row that cannot be read becomes a
    :class:`~netmap.model.Rejection` naming the line where it starts; the rest of the file is
    still read. Empty rows are skipped.

    Parameters
    ----------
    source : str, Path or binary file object
        The CSV file.
    encoding : str, optional
        The file's encoding when it is not UTF-8 (a BOM always wins).
    mapping : dict, optional
        ``{column: target}`` as returned by :func:`parse_mapping`; the format becomes
        ``mapped-csv``. Columns not in the mapping are still recognised when their name is known.
    name : str, optional
        The name given to the file in records and messages (default: its path).

    Returns
    -------
    FileParse
        ``format`` is ``google-csv``, ``google-csv-legacy``, ``outlook-csv``,
        ``outlook-csv-fr``, ``outlook-csv-de``, ``linkedin-csv``, ``thunderbird-csv``,
        ``generic-csv`` or ``mapped-csv``.

    Raises
    ------
    EncodingError
        The file is not valid UTF-8 (or not valid in ``encoding``); names the first bad line.
    FormatError
        The file is empty or has no contact row, its header is unknown, it repeats a column,
        or ``mapping`` names a column it does not have.
    NotFoundError
        The file does not exist.

    Examples
    --------
    >>> data = b"Name,E-mail,Phone\\nAda Lovelace,ada@example.org,+44 20 7946 0000\\n,,\\n"
    >>> parse = read_csv(io.BytesIO(data), name="friends.csv")
    >>> parse.format, parse.read
    ('generic-csv', 1)
    >>> r = parse.records[0]
    >>> r.line, r.given, r.family, r.emails[0].value
    (2, 'Ada', 'Lovelace', 'ada@example.org')
    """
    name = _source_name(source, name)
    targets: dict[str, tuple[str, Target]] = {}
    for i, (column, spec) in enumerate((mapping or {}).items()):
        targets[header_key(column)] = (column, _target(spec.strip().lower(), column, f"map{i}"))
    text, codec = _read_text(source, encoding, name)
    if not text.strip():
        raise FormatError(
            "no contact found: the file is empty", file=name, hint="export the contacts again"
        )
    header = _find_header(text, name, [column for column, _ in targets.values()])
    plan = _plan(header, targets, name)
    fmt = "mapped-csv" if mapping else (header.layout.name if header.layout else "generic-csv")
    order = header.layout.dates if header.layout else "auto"
    parse = FileParse(source=name, format=fmt, encoding=codec)
    _read_rows(text, header, plan, fmt, order, parse)
    if not parse.read:
        raise FormatError(
            "no contact found: the file has a header but no rows",
            file=name,
            line=header.line,
            hint="export the contacts again",
        )
    return parse


def _read_rows(
    text: str, header: _Header, plan: list[_Col], fmt: str, order: str, parse: FileParse
) -> None:
    """Read every row after the header into ``parse``."""
    name = parse.source
    stream = io.StringIO(text, newline="")
    for _ in range(header.end):
        stream.readline()
    reader = csv.reader(stream, delimiter=header.delimiter, strict=True)
    width = len(header.cells)
    base = header.end
    prev = 0
    records, rejected = parse.records, parse.rejected
    puts = [(col, _PUT[col.target.field]) for col in plan]  # in column order
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = base + prev + 1
            prev = reader.line_num
            if "end of data" in str(exc):
                why = (
                    "a quote opened in this row is never closed "
                    f"(the file ends on line {base + prev})"
                )
            else:
                why = f"cannot read the row: {exc}"
            rejected.append(Rejection(name, line, why))
            continue
        line = base + prev + 1
        prev = reader.line_num
        if not any(cells) or not any(c.strip() for c in cells):
            continue
        repairs: list[str] = []
        if len(cells) < width and fmt.startswith("outlook"):
            # Outlook (2013 at least) leaves out the empty cells at the end of a row; its own
            # import reads such rows as if they were padded, and so does netmap.
            missing = width - len(cells)
            repairs.append(
                f"{missing} empty cell(s) missing at the end of the row, as Outlook writes"
            )
            cells = cells + [""] * missing
        if len(cells) != width:
            surplus = cells[width:]
            if len(cells) < width or any(c.strip() for c in surplus):
                rejected.append(
                    Rejection(name, line, f"row has {len(cells)} cells, header has {width}")
                )
                continue
            s = "s" if len(surplus) > 1 else ""
            repairs.append(
                f"dropped {len(surplus)} empty cell{s} beyond the header's {width} columns"
            )
        rec = SourceRecord(source=name, line=line, format=fmt, repairs=repairs)
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
            if put is not _put_extra and value in _EXCEL_ERRORS:
                rec.repairs.append(
                    f"{value!r} in {col.name!r} is a spreadsheet error value; ignored"
                )
                continue
            put(row, col, value, cells)
        why = _finish(row)
        if why:
            rejected.append(Rejection(name, line, why))
        else:
            records.append(rec)
