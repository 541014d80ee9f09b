"""Reading vCard files (2.1, 3.0, 4.0) card by card into SourceRecords, losing nothing."""

# Why it does not simply call ``vobject.readComponents``: vobject reads a file as one stream
# and stops at the first error, losing every later card. Here each step is its own module:
#
# * vcard_lines: the streaming splitter, bytes -> physical lines -> logical lines -> cards,
#   with true line numbers, bounded memory and binary values skipped;
# * vcard_props: each logical line parsed with vobject's ``parseLine``, behind guards that
#   keep its regex from backtracking and drop (with a repair) a line it cannot read;
# * vcard_values: values decoded here rather than by vobject's behaviours;
# * vcard_fields: the properties mapped onto a SourceRecord.
#
# This module reads the file, hands each card over as it closes and checks the file as a
# whole (cards in file order, stray lines after the last card, UIDs used twice).

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from netmap.errors import NotFoundError
from netmap.importers._text import sniff_encoding
from netmap.importers.vcard_fields import card_to_record
from netmap.importers.vcard_lines import BEGIN_END, LINE_END, Card, CardSplitter
from netmap.model import FileParse, Rejection, SourceRecord

__all__ = ["looks_like_vcard", "read_vcards"]


def looks_like_vcard(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a vCard file.

    True when a ``BEGIN:VCARD`` line is among the first few non-blank lines, in any case,
    after a byte-order mark (UTF-8, UTF-16 or UTF-32) and blank lines. UTF-16 is recognised
    only with its byte-order mark.

    Parameters
    ----------
    head : bytes
        The first bytes of the file (a few kilobytes are plenty).

    Returns
    -------
    bool

    Examples
    --------
    >>> looks_like_vcard(b"\\r\\n\\r\\nbegin:vcard\\r\\nVERSION:3.0\\r\\n")
    True
    >>> looks_like_vcard("\\ufeffBEGIN:VCARD\\n".encode("utf-16-le"))
    True
    >>> looks_like_vcard(b"Name,E-mail\\nAda,ada@example.org\\n")
    False
    """
    codec, bom = sniff_encoding(head[:4])
    if codec.startswith(("utf-16", "utf-32")):
        text = head[bom:].decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    else:
        text = head[bom:]
    seen = 0
    for line in LINE_END.split(text):
        line = line.strip()
        if not line:
            continue
        match = BEGIN_END.match(line)
        if match is not None and match.group(1).upper() == b"BEGIN":
            return True
        seen += 1
        if seen >= 5:
            break
    return False


def read_vcards(
    source: str | Path | BinaryIO, *, encoding: str | None = None, name: str | None = None
) -> FileParse:
    """Read every card of a vCard file: each ends as a record or a rejection with its line.

    The file is read as a stream, one card at a time, so a broken card never hides the next
    ones. What had to be repaired to read a card is listed in its ``repairs``; binary values
    (photos, logos, sounds, keys) are dropped and described in ``raw["binary"]``; properties
    netmap does not map are kept in ``extra``; every property's text is kept in
    ``raw["lines"]``.

    Parameters
    ----------
    source : str, Path or binary file object
        The vCard file.
    encoding : str, optional
        The text encoding of a file that is not UTF-8 and has no byte-order mark, such as
        ``"cp1252"`` or ``"shift_jis"``. A byte-order mark always wins. A property whose bytes
        do not decode but which declares its own ``CHARSET`` is read with that charset.
    name : str, optional
        How the file is named in records and rejections; default ``str(source)``.

    Returns
    -------
    FileParse
        ``format`` is ``"vcard"``; each record's ``format`` is ``"vcard-"`` + its VERSION.

    Raises
    ------
    EncodingError
        The file is not valid in its encoding (naming the line and a likely ``--encoding``),
        or looks like UTF-16 without a byte-order mark.
    FormatError
        The file holds no ``BEGIN:VCARD`` line at all.
    NotFoundError
        The file does not exist or cannot be read.

    Examples
    --------
    >>> import io
    >>> data = b"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nFN:Ada Lovelace\\r\\n"
    >>> data += b"EMAIL;TYPE=HOME:ada@example.org\\r\\nEND:VCARD\\r\\n"
    >>> parse = read_vcards(io.BytesIO(data), name="ada.vcf")
    >>> parse.read, parse.records[0].family, parse.records[0].emails
    (1, 'Lovelace', [Typed(value='ada@example.org', types=['home'])])
    """
    if isinstance(source, (str, Path)):
        name = name or str(source)
        try:
            stream = open(source, "rb")  # closed below
        except FileNotFoundError:
            raise NotFoundError("no such file", file=name, hint="check the path") from None
        except OSError as exc:
            raise NotFoundError(f"cannot read the file ({exc.strerror})", file=name) from None
        try:
            return _read(stream, name, encoding)
        finally:
            stream.close()
    name = name or str(getattr(source, "name", "<stream>"))
    return _read(source, name, encoding)


def _read(stream: BinaryIO, name: str, declared: str | None) -> FileParse:
    """Split the stream into cards, map each one as it closes, then check the whole file."""
    records: list[SourceRecord] = []
    rejected: list[Rejection] = []

    def build(card: Card, codec: str) -> None:  # no reference to the splitter: no cycle
        try:
            result = card_to_record(name, card, codec)
        except Exception as exc:  # never let one card stop the file: reject it, say why
            result = Rejection(name, card.line, f"unreadable card ({exc!r:.200})")
        if isinstance(result, Rejection):
            rejected.append(result)
        else:
            records.append(result)

    splitter = CardSplitter(name, declared, build)
    codec = splitter.read(stream)
    if splitter.nested:
        records.sort(key=_line_of)
        rejected.sort(key=_line_of)
    if splitter.stray and records:
        records[-1].repairs.append(splitter.take_stray_note())
    seen: dict[str, int] = {}
    for record in records:
        if record.uid:
            other = seen.setdefault(record.uid, record.line)
            if other != record.line:
                record.repairs.append(f"UID {record.uid} is also used by the card at line {other}")
    return FileParse(
        source=name, format="vcard", encoding=codec, records=records, rejected=rejected
    )


def _line_of(item: SourceRecord | Rejection) -> int:
    return item.line
