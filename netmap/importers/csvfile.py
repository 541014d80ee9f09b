"""Reading contact CSV exports (Google, Outlook, LinkedIn, Thunderbird or any mapped CSV).

The file is read with the standard library's :mod:`csv` module rather than pandas, because
pandas can neither give the line where a row starts (needed in every rejection) nor report a
row whose number of cells differs from the header's: it pads or fails. The header is found by
:mod:`~netmap.importers.csv_header`, each row's cells become fields in
:mod:`~netmap.importers.csv_fields`, over the vocabularies of
:mod:`~netmap.importers.csv_layouts`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from netmap.errors import EncodingError, FormatError, NetmapError, NotFoundError
from netmap.importers._text import encoding_error, open_text, sniff_encoding
from netmap.importers.csv_fields import column_puts, fill_record
from netmap.importers.csv_header import Column, Header, find_header, iter_lines, plan_columns
from netmap.importers.csv_layouts import EXTRA_KEYS, MAP_TARGETS, Target, header_key
from netmap.model import FileParse, Rejection, SourceRecord

__all__ = ["parse_mapping", "read_csv"]


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
    if base in EXTRA_KEYS:
        return Target("extra", key=base)  # record.extra["closeness"] (netmap.tie_strength)
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
    _, bom = sniff_encoding(data[:4], encoding)
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
    header = find_header(text, name, [column for column, _ in targets.values()])
    plan = plan_columns(header, targets, name)
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
    text: str, header: Header, plan: list[Column], fmt: str, order: str, parse: FileParse
) -> None:
    """Read every row after the header into ``parse``."""
    name = parse.source
    reader = csv.reader(iter_lines(text, header.end), delimiter=header.delimiter, strict=True)
    width = len(header.cells)
    base = header.end
    prev = 0
    records, rejected = parse.records, parse.rejected
    puts = column_puts(plan)
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
        why = fill_record(rec, puts, cells, order)
        if why:
            rejected.append(Rejection(name, line, why))
        else:
            records.append(rec)
