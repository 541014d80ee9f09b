"""Finding a contact CSV's header row, its delimiter and layout, and what each column holds."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from netmap.errors import FormatError
from netmap.importers.csv_google import google_numbered, google_target
from netmap.importers.csv_layouts import GENERIC, LAYOUTS, Layout, Target, header_key

__all__ = ["Column", "Header", "find_header", "iter_lines", "plan_columns"]

_DELIMITERS = (",", ";", "\t")
_SAMPLE = 262144  # characters looked at to find the header (more when its row is longer)
_HEADER_WINDOW = 12  # records looked at to find the header (LinkedIn puts notes first)
_MAP_HINT = "use --map 'Column=field,...' to say which column holds what"
_IDENTITY = frozenset({"full_name", "given", "family", "email", "phone"})
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def iter_lines(text: str, skip: int = 0) -> Iterator[str]:
    """The lines of ``text`` with their ends, as ``io.StringIO(text, newline="")`` reads them.

    A line ends at CRLF, LF or a bare CR. Unlike a ``StringIO``, which copies the whole text
    at four bytes a character, only the line being read is held. The first ``skip`` lines are
    left out.

    Examples
    --------
    >>> list(iter_lines("a,b\\r\\nc\\rd\\n\\ne"))
    ['a,b\\r\\n', 'c\\r', 'd\\n', '\\n', 'e']
    >>> list(iter_lines("h\\nx\\n", skip=1))
    ['x\\n']
    """
    lines = (m.group() for m in _LINE.finditer(text))
    for _ in range(skip):
        next(lines, None)
    return lines


@dataclass(slots=True)
class Header:
    """The header row of a CSV file, as :func:`find_header` found it."""

    delimiter: str
    cells: list[str]
    line: int  # line where the header starts
    end: int  # line where it ends
    layout: Layout | None  # None: generic (or mapped over nothing known)
    known: int


@dataclass(slots=True)
class Column:
    """What one column of the header holds, as :func:`plan_columns` decided."""

    name: str  # unique display name of the column: the key in raw and extra
    target: Target
    label: int = -1  # index of the column whose label gives this value's types
    multi: bool = False  # values are " ::: " separated (Google)


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


def find_header(text: str, name: str, mapped: list[str]) -> Header:
    """Find the header row, its delimiter and its layout.

    The header's column names decide both: each delimiter (comma, semicolon, tab) splits the
    first records, and the split whose names the layouts know best wins.
    :class:`csv.Sniffer` is not used, as it happily picks a letter. LinkedIn's notes before
    the header are skipped.

    Parameters
    ----------
    text : str
        The whole decoded file; only its first 256 Ki characters (to the end of the line
        there) are looked at.
    name : str
        The file's name, for messages.
    mapped : list of str
        The ``--map`` columns, which outweigh every known column name.

    Returns
    -------
    Header

    Raises
    ------
    FormatError
        The file has no non-empty row, or none of the rows looked at is a header netmap
        knows or holds a ``--map`` column.
    """
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE:  # never cut a row in two: a cut header has made-up column names
        ends = [i for i in (text.find("\n", _SAMPLE), text.find("\r", _SAMPLE)) if i >= 0]
        sample = text[: min(ends) + 1] if ends else text
    mapped_keys = {header_key(c) for c in mapped}
    found: Header | None = None
    first: tuple[int, list[str]] | None = None
    for delimiter in _DELIMITERS:
        reader = csv.reader(iter_lines(sample), delimiter=delimiter)
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
                        found = Header(delimiter, cells, start, prev, scored[1], scored[0])
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


def plan_columns(header: Header, mapping: dict[str, tuple[str, Target]], name: str) -> list[Column]:
    """Decide what each column of the header is.

    A ``--map`` target wins, then the layout's meaning for a column it repeats, its own
    columns, Google's numbered columns, and last the generic vocabulary; anything else is
    ``extra``.

    Parameters
    ----------
    header : Header
        From :func:`find_header`.
    mapping : dict
        ``{header_key(column): (column, target)}`` from ``--map``.
    name : str
        The file's name, for messages.

    Returns
    -------
    list of Column
        One per header cell, in order.

    Raises
    ------
    FormatError
        A column name is repeated (other than as the layout itself does), or a ``--map``
        column is not in the header.
    """
    layout = header.layout
    cells = [c.strip().removeprefix("\ufeff") for c in header.cells]
    # Counted once: a header of 50,000 columns took minutes with list.count in the loops.
    total = Counter(cells)
    keys = {header_key(x) for x in cells}
    first: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if cell and first.setdefault(cell, i) != i:
            # only a repeat that the export itself makes (French Outlook's "Titre") is allowed
            allowed = layout.repeated.get(header_key(cell), ()) if layout else ()
            if total[cell] > len(allowed):
                raise FormatError(
                    f"column {cell!r} appears twice in the header (columns "
                    f"{first[cell] + 1} and {i + 1})",
                    file=name,
                    line=header.line,
                    hint="rename one of the two columns and import again",
                )
    missing = [c for c in mapping if c not in keys]
    if missing:
        raise _missing_column(mapping[missing[0]][0], cells, name, header.line)
    numbered = layout.numbered if layout else ""
    labels: dict[tuple[str, int], int] = {}
    if numbered:
        for i, cell in enumerate(cells):
            n = google_numbered(cell)
            if n is not None and n[2] in ("label", "type"):
                labels[(n[0], n[1])] = i
    plan: list[Column] = []
    count: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = header_key(cell)
        count[cell] = count.get(cell, 0) + 1
        display = cell or f"column {i + 1}"
        if count[cell] > 1 and cell:
            display = f"{cell} ({count[cell]})"
        col = Column(display, Target("extra"))
        if key in mapping:
            col.target = mapping[key][1]
        elif layout and key in layout.repeated and total[cell] > 1:
            col.target = layout.repeated[key][count[cell] - 1]
        elif layout and key in layout.columns:
            col.target = layout.columns[key]
        elif numbered and (n := google_numbered(cell)) and (t := google_target(*n)):
            col.target = t
            if t.field in ("email", "phone", "url", "related", "address", "date"):
                col.label = labels.get((n[0], n[1]), -1)  # its "Kind N - Label" column
        elif key in GENERIC:
            col.target = GENERIC[key]
        if layout is None and col.target.field == "title" and key == "title" and "jobtitle" in keys:
            col.target = Target("prefix")
        if numbered and col.target.field in ("groups", "email", "phone", "url", "related"):
            col.multi = True
        plan.append(col)
    return plan
