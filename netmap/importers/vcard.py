"""Reading vCard files (2.1, 3.0, 4.0) card by card into SourceRecords, losing nothing."""

# How it works, and why it does not simply call ``vobject.readComponents``:
#
# * vobject reads a file as one stream and stops at the first error, losing every later card.
#   Here the file is split into cards by a streaming reader that knows the true line numbers
#   (bare CR, CRLF, LF and the iOS CR CR LF all end one line), unfolds continuation lines and
#   vCard 2.1 quoted-printable soft line breaks, and never holds more than a bounded prefix of
#   a long line: binary values (PHOTO, LOGO, SOUND, KEY) are skipped chunk by chunk.
# * Each logical line is parsed with vobject's own content-line parser (``parseLine``), after
#   a linear-time check with the same grammar: vobject's regex backtracks exponentially on a
#   line it cannot match (a colon-less line with 26 parameters takes 15 s). A line that fails
#   is dropped with a repair note and kept in ``raw``; the rest of the card is still read.
#   This is khard's "drop the invalid property and retry", done one property at a time.
# * Values are decoded here rather than by vobject's behaviours: vobject keeps only the text
#   before the first unescaped comma of a text value (``NOTE:Hello, world`` reads ``Hello``),
#   raises on an unknown quoted-printable CHARSET and builds heavy objects for each line.

from __future__ import annotations

import binascii
import codecs
import re
from pathlib import Path
from typing import BinaryIO

from vobject.base import parseLine as _vobject_parse_line

from netmap.errors import EncodingError, FormatError, NetmapError, NotFoundError
from netmap.importers._text import encoding_error, sniff_encoding
from netmap.model import FileParse, Org, Rejection, SourceRecord, Typed

__all__ = ["looks_like_vcard", "read_vcards"]

_CHUNK = 1 << 20  # bytes read at a time
_SOFT_CAP = 64 * 1024  # past this, a PHOTO/LOGO/SOUND/KEY or base64 value is skipped, not kept
_LINE_CAP = 1 << 20  # past this, any other value is skipped and the line dropped
_HEAD = 2048  # bytes kept of a skipped line: its name, parameters and the start of its value
_MAX_PARAMS = 32  # more parameters than this: the line is dropped before vobject sees it

_LINE_END = re.compile(rb"\r\r\n|\r\n|\r|\n")
_BEGIN_END = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*$", re.I)
_NAME = r"[A-Za-z0-9_-]+"
# vobject's content-line grammar up to the colon, with atomic groups: linear time, and it
# accepts exactly the lines vobject's own regex accepts, so parseLine never backtracks long.
_SAFE_LINE = re.compile(rf'(?:{_NAME}\.)?{_NAME};?(?>;{_NAME}(?>[=,](?>"[^"]*"|[^";:,]*))*)*:')
_BINARY_NAMES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_HEAD_NAME = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)")
_CHARSET_PARAM = re.compile(rb';[ \t]*CHARSET[ \t]*=[ \t]*"?([A-Za-z0-9_.:-]+)', re.I)
_BAD_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_EMPTY_PARAMS = re.compile(r";[;\s]*(?=;|$)")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?://)?")
_ESCAPE = re.compile(r"\\(.)", re.S)
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_", re.S)
_ENCODING_WORDS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_NO_NAME = "card has no name, email or phone"
# Instant-messaging handles: kept in ``extra``, and a card's name of last resort.
_IM_NAMES = frozenset(
    {
        "IMPP",
        "X-AIM",
        "X-GADUGADU",
        "X-GOOGLE-TALK",
        "X-GROUPWISE",
        "X-GTALK",
        "X-ICQ",
        "X-JABBER",
        "X-KADDRESSBOOK-X-IMADDRESS",
        "X-MS-IMADDRESS",
        "X-MSN",
        "X-OUTLOOK-IM-ADDRESS",
        "X-QQ",
        "X-SIP",
        "X-SKYPE",
        "X-SKYPE-USERNAME",
        "X-TWITTER",
        "X-WV-ID",
        "X-YAHOO",
        "X-YAHOO-ID",
    }
)

# Properties that name a related person, and the relation each one means.
_RELATIONS = {
    "X-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-KADDRESSBOOK-X-SPOUSENAME": "spouse",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-OUTLOOK-SPOUSE-NAME": "spouse",
    "X-MANAGER": "manager",
    "X-MS-MANAGER": "manager",
    "X-EVOLUTION-MANAGER": "manager",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
    "X-OUTLOOK-MANAGER-NAME": "manager",
    "X-ASSISTANT": "assistant",
    "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
}

# The properties mapped onto SourceRecord fields (everything else goes to ``extra``).
(
    _FN,
    _N,
    _NICKNAME,
    _ORG,
    _TITLE,
    _ROLE,
    _EMAIL,
    _TEL,
    _ADR,
    _URL,
    _BDAY,
    _ANNIVERSARY,
    _NOTE,
    _CATEGORIES,
    _UID,
    _REV,
    _RELATED,
    _KIND,
    _MEMBER,
    _SHOWAS,
) = range(20)
_FIELDS = {
    "FN": _FN,
    "N": _N,
    "NICKNAME": _NICKNAME,
    "ORG": _ORG,
    "TITLE": _TITLE,
    "ROLE": _ROLE,
    "EMAIL": _EMAIL,
    "TEL": _TEL,
    "ADR": _ADR,
    "URL": _URL,
    "BDAY": _BDAY,
    "ANNIVERSARY": _ANNIVERSARY,
    "NOTE": _NOTE,
    "CATEGORIES": _CATEGORIES,
    "UID": _UID,
    "REV": _REV,
    "RELATED": _RELATED,
    "X-ABRELATEDNAMES": _RELATED,
    "KIND": _KIND,
    "X-ADDRESSBOOKSERVER-KIND": _KIND,
    "MEMBER": _MEMBER,
    "X-ADDRESSBOOKSERVER-MEMBER": _MEMBER,
    "X-ABSHOWAS": _SHOWAS,
    **dict.fromkeys(_RELATIONS, _RELATED),
}
_TYPED = frozenset({_EMAIL, _TEL, _ADR, _URL, _RELATED})


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
    for line in _LINE_END.split(text):
        line = line.strip()
        if not line:
            continue
        match = _BEGIN_END.match(line)
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
            return _Reader(name, encoding).read(stream)
        finally:
            stream.close()
    name = name or str(getattr(source, "name", "<stream>"))
    return _Reader(name, encoding).read(source)


class _Card:
    """A card being read: where it starts, its logical lines and its repairs so far."""

    __slots__ = ("line", "lines", "repairs")

    def __init__(self, line: int) -> None:
        self.line = line
        self.lines: list[tuple[int, str, int]] = []  # (line, text, bytes skipped or 0)
        self.repairs: list[str] = []


class _Reader:
    """The streaming splitter: bytes -> physical lines -> logical lines -> cards -> records."""

    def __init__(self, name: str, declared: str | None) -> None:
        self.name = name
        self.declared = declared
        self.codec = "utf-8"  # the codec of the bytes the splitter sees
        self.lineno = 0
        self.pend: list[bytes] | None = None  # parts of the logical line being read
        self.start = 0  # its first line
        self.size = 0  # its length in bytes
        self.limit = _SOFT_CAP  # its size that calls for a look; 0: only its head is kept
        self.in_fragment = False  # the last bytes fed ended inside a physical line
        self.stack: list[_Card] = []
        self.records: list[SourceRecord] = []
        self.rejected: list[Rejection] = []
        self.stray: list[tuple[int, bytes]] = []  # lines outside any card, not yet reported
        self.stray_total = 0
        self.chunk = b""
        self.nested = False

    # ----------------------------------------------------------------- reading bytes

    def read(self, stream: BinaryIO) -> FileParse:
        try:
            first = stream.read(_CHUNK)
        except OSError as exc:
            raise NotFoundError(f"cannot read the file ({exc.strerror})", file=self.name) from None
        codec, bom = sniff_encoding(first[:4], self.declared)
        first = first[bom:]
        if not bom and not self.declared and first[:4096].count(b"\x00") * 4 > len(first[:4096]):
            order = "be" if first[:1] == b"\x00" else "le"
            raise EncodingError(
                "the file looks like UTF-16 without a byte-order mark",
                file=self.name,
                line=1,
                hint=f"rerun with --encoding utf-16-{order}",
            )
        if codec.startswith(("utf-16", "utf-32")):
            chunks = self._transcode(stream, first, codec)
        else:
            self.codec = codec
            chunks = self._raw_chunks(stream, first)
        carry = b""
        for chunk in chunks:
            data = carry + chunk if carry else chunk
            self.chunk = data
            end = _end_before_crs(data)  # a final CR may be the first half of CR LF
            cut = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
            if cut:  # data[:cut] ends with a complete line end: split drops the last ""
                self._feed(_split_lines(data[:cut])[:-1], self.in_fragment)
                self.in_fragment = False
            carry = data[cut:]
            if len(carry) > _SOFT_CAP:  # a very long physical line: feed it in pieces
                end = _end_before_crs(carry)
                self._feed([carry[:end]], self.in_fragment)
                self.in_fragment = True
                carry = carry[end:]
        if carry:
            lines = _split_lines(carry)
            if len(lines) > 1 and lines[-1] == b"":
                lines.pop()
            self._feed(lines, self.in_fragment)
        self._finish()
        return FileParse(
            source=self.name,
            format="vcard",
            encoding=codec,
            records=self.records,
            rejected=self.rejected,
        )

    def _raw_chunks(self, stream: BinaryIO, first: bytes):
        chunk = first
        while chunk:
            yield chunk
            chunk = stream.read(_CHUNK)

    def _transcode(self, stream: BinaryIO, first: bytes, codec: str):
        """UTF-16/32 text re-encoded as UTF-8, so that line ends are single bytes."""
        decoder = codecs.getincrementaldecoder(codec)("strict")
        chunk = first
        while True:
            final = not chunk
            try:
                text = decoder.decode(chunk, final)
            except UnicodeDecodeError as exc:
                done = chunk[: exc.start].decode(codec, errors="ignore")
                line = self.lineno + len(_LINE_END.findall(done.encode("utf-8"))) + 1
                raise encoding_error(self.name, line, chunk, codec) from None
            if text:
                yield text.encode("utf-8")
            if final:
                return
            chunk = stream.read(_CHUNK)

    # ------------------------------------------------------ physical -> logical lines

    def _feed(self, lines: list[bytes], tail: bool) -> None:
        """Read physical lines; ``tail``: the first one continues the last line fed."""
        lineno = self.lineno
        pend = self.pend
        size = self.size
        limit = self.limit
        start = self.start
        for index, s in enumerate(lines):
            if tail and index == 0 and pend is not None:  # the rest of a very long line
                size += len(s)
                if limit:
                    pend.append(s)
                    if size > limit:
                        limit = self._limit(pend, size)
                continue
            if not (tail and index == 0):
                lineno += 1
            if pend is not None:
                first = s[:1]
                if first == b" " or first == b"\t":  # folded line
                    size += len(s) - 1
                    if limit:
                        pend.append(s[1:])
                        if size > limit:
                            limit = self._limit(pend, size)
                    continue
                if (
                    limit
                    and pend[-1][-1:] == b"="
                    and s.strip()
                    and _is_quoted_printable(pend[0])
                    and not _BEGIN_END.match(s)
                ):  # quoted-printable soft line break
                    size += len(s)
                    pend[-1] = pend[-1][:-1]
                    pend.append(s)
                    if size > limit:
                        limit = self._limit(pend, size)
                    continue
                self._flush(pend, start, 0 if limit else size)
                pend = None
            if not s or s.isspace():
                continue
            if len(s) < 64 or s[48:].isspace():
                match = _BEGIN_END.match(s)
                if match is not None:  # never folded nor continued: read it at once
                    if match.group(1).upper() == b"BEGIN":
                        self._open(lineno)
                    else:
                        self._close(lineno, s)
                    continue
            pend = [s]
            start = lineno
            size = len(s)
            limit = _SOFT_CAP
            if size > limit:
                limit = self._limit(pend, size)
        self.lineno = lineno
        self.pend = pend
        self.size = size
        self.limit = limit
        self.start = start

    def _limit(self, pend: list[bytes], size: int) -> int:
        """The next size at which to look again at a long logical line; 0: stop keeping it.

        A binary value (PHOTO, LOGO, SOUND, KEY, base64, data: URI) stops being kept at the
        soft cap, any other value at the hard cap; only the line's head is kept then.
        """
        head = b"".join(pend)[:_HEAD]
        match = _HEAD_NAME.match(head)
        colon = head.find(b":")
        params = head[:colon].upper() if colon >= 0 else head.upper()
        binary = (
            (match is not None and match.group(1).upper().decode() in _BINARY_NAMES)
            or b"BASE64" in params
            or b"ENCODING=B" in params
            or head[colon + 1 : colon + 6].lower() == b"data:"
        )
        if binary or size > _LINE_CAP:
            pend[:] = [head]
            return 0
        return _LINE_CAP

    # ------------------------------------------------------------ logical lines -> cards

    def _flush(self, parts: list[bytes], start: int, skipped: int) -> None:
        data = parts[0] if len(parts) == 1 else b"".join(parts)
        if skipped:
            text = data.decode(self.codec, errors="replace")
        else:
            try:
                text = data.decode(self.codec)
            except UnicodeDecodeError:
                text = self._decode_declared(data, start)
        if self.stack:
            self.stack[-1].lines.append((start, text, skipped))
        else:
            self._stray(start, data)

    def _decode_declared(self, data: bytes, start: int) -> str:
        """A line that is not valid in the file's encoding: its own CHARSET, else an error."""
        colon = data.find(b":")
        match = _CHARSET_PARAM.search(data[: colon if colon >= 0 else len(data)])
        if match is not None:
            try:
                return data.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        at = self.chunk.find(data[:64])
        sample = self.chunk[max(0, at - 16384) : at + 16384] if at >= 0 else data
        raise encoding_error(self.name, start, sample, self.codec)

    def _open(self, line: int) -> None:
        card = _Card(line)
        if self.stack:
            self.nested = True
        if self.stray:
            card.repairs.append(self._stray_note())
        self.stack.append(card)

    def _close(self, line: int, data: bytes) -> None:
        if not self.stack:
            self._stray(line, data)
            return
        self._build(self.stack.pop())

    def _stray(self, line: int, data: bytes) -> None:
        self.stray_total += 1
        if len(self.stray) < 3:
            self.stray.append((line, data[:60]))

    def _stray_note(self) -> str:
        count = self.stray_total
        line, data = self.stray[0]
        text = data.decode(self.codec, errors="replace")
        note = f"ignored {count} line{'s' if count > 1 else ''} outside any card, from line {line}"
        self.stray = []
        self.stray_total = 0
        return f'{note}: "{text}"'

    def _finish(self) -> None:
        if self.pend is not None:
            self._flush(self.pend, self.start, 0 if self.limit else self.size)
            self.pend = None
        while self.stack:
            card = self.stack.pop()
            card.repairs.append("missing END:VCARD")
            self._build(card)
        if not self.records and not self.rejected:
            if not self.stray_total:
                raise FormatError(
                    "the file is empty", file=self.name, hint="export your contacts again"
                )
            line, data = self.stray[0]
            first = data.decode(self.codec, errors="replace")
            raise FormatError(
                "no BEGIN:VCARD line, so no card in this file",
                file=self.name,
                hint=f'line {line} reads "{first}"; each card must start with a line BEGIN:VCARD',
            )
        if self.nested:
            self.records.sort(key=_line_of)
            self.rejected.sort(key=_line_of)
        if self.stray and self.records:
            self.records[-1].repairs.append(self._stray_note())
        seen: dict[str, int] = {}
        for record in self.records:
            if record.uid:
                other = seen.setdefault(record.uid, record.line)
                if other != record.line:
                    record.repairs.append(
                        f"UID {record.uid} is also used by the card at line {other}"
                    )

    # -------------------------------------------------------------------- card -> record

    def _build(self, card: _Card) -> None:
        try:
            result = _card_to_record(self.name, card, self.codec)
        except NetmapError:
            raise
        except Exception as exc:  # never let one card stop the file: reject it, say why
            result = Rejection(self.name, card.line, f"unreadable card ({exc!r:.200})")
        if isinstance(result, Rejection):
            self.rejected.append(result)
        else:
            self.records.append(result)


def _line_of(item: SourceRecord | Rejection) -> int:
    return item.line


def _end_before_crs(data: bytes) -> int:
    end = len(data)
    while end and data[end - 1] == 13:
        end -= 1
    return end


def _split_lines(data: bytes) -> list[bytes]:
    """Physical lines of ``data``; CR, LF, CR LF and CR CR LF each end one line."""
    if b"\r" not in data:
        return data.split(b"\n")
    if b"\n" not in data:
        return data.split(b"\r")
    crlf = data.count(b"\r\n")
    if crlf == data.count(b"\r") == data.count(b"\n"):
        return data.split(b"\r\n")
    return _LINE_END.split(data)


def _is_quoted_printable(first: bytes) -> bool:
    colon = first.find(b":")
    return b"QUOTED-PRINTABLE" in (first[:colon] if colon >= 0 else first).upper()


def _human(size: int) -> str:
    """A byte count for people: ``900 bytes``, ``40 KB``, ``3.2 MB``.

    Examples
    --------
    >>> _human(900), _human(40 * 1024), _human(3_300_000)
    ('900 bytes', '40 KB', '3.1 MB')
    """
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _snip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# ------------------------------------------------------------------------ value decoding


def _unescape(value: str) -> str:
    r"""vCard 3.0/4.0 text unescaping: ``\n`` is a newline, ``\x`` is ``x``."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(_unescape_one, value)


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char


def _verbatim(value: str) -> str:
    return value


def _split(value: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not backslash-escaped; the parts keep their escapes."""
    if "\\" not in value:
        return value.split(sep)
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _components(value: str) -> list[str]:
    """The ``;``-separated components of N, ADR or ORG, unescaped and stripped.

    vCard 2.1 writers escape ``;`` (and ``\\``) inside components as 3.0 does, so both
    versions are read alike (as Android's importer does).
    """
    return [_unescape(part).strip() for part in _split(value, ";")]


def _listed(value: str) -> list[str]:
    """The ``,``-separated items of NICKNAME or CATEGORIES, unescaped, empty ones dropped."""
    items = (_unescape(part).strip() for part in _split(value, ","))
    return [item for item in items if item]


def _strip_urn(value: str) -> str:
    return value[9:] if value[:9].lower() == "urn:uuid:" else value


def _clean_label(label: str) -> str:
    """An Apple ``_$!<Mobile>!$_`` label as ``mobile``; any label lower-cased."""
    match = _APPLE_LABEL.fullmatch(label.strip())
    return (match.group(1) if match else label).strip().lower()


def _decode_qp(value: str, charset: str | None, default: str, where: str, repairs: list[str]):
    """Decode a quoted-printable value; bad or unknown charsets fall back, with a note."""
    data = binascii.a2b_qp(value.encode("utf-8"))
    codec = default
    if charset:
        try:
            codec = codecs.lookup(charset).name
        except LookupError:
            repairs.append(f"{where}: unknown CHARSET={charset}, read as UTF-8")
            codec = "utf-8"
    try:
        return data.decode(codec).replace("\r\n", "\n")
    except UnicodeDecodeError:
        pass
    for fallback in ("utf-8", "cp1252", "latin-1"):  # latin-1 decodes any byte
        if fallback != codec:
            try:
                text = data.decode(fallback)
            except UnicodeDecodeError:
                continue
            repairs.append(f"{where}: quoted-printable text is not {codec}, read as {fallback}")
            return text.replace("\r\n", "\n")
    raise AssertionError("unreachable")  # pragma: no cover


# ------------------------------------------------------------------------- card mapping


_Prop = tuple[int, str, list[list[str]], str, str | None]  # line, NAME, params, value, group


def _parse_lines(card: _Card) -> tuple[str, list[_Prop], dict[str, tuple[str, str]], dict]:
    """Parse a card's logical lines with vobject, after the guards; repairs go to the card.

    Returns the VERSION, the parsed properties, the item labels (group -> (clean, raw)) and
    ``raw`` (every line as text, binary values replaced by a description).
    """
    repairs = card.repairs
    raw_lines: list[str] = []
    binary: list[str] = []
    props: list[_Prop] = []
    labels: dict[str, tuple[str, str]] = {}
    version = ""
    for lineno, text, skipped in card.lines:
        if skipped:
            _skipped_line(lineno, text, skipped, raw_lines, binary, repairs)
            continue
        colon = text.find(":")
        if colon < 0:
            raw_lines.append(text)
            repairs.append(f'dropped line {lineno}, it has no colon: "{_snip(text)}"')
            continue
        if text.count(";", 0, colon) > _MAX_PARAMS:
            raw_lines.append(text)
            repairs.append(f"dropped line {lineno}, it has more than {_MAX_PARAMS} parameters")
            continue
        parsed = text
        if _SAFE_LINE.match(text) is None:
            parsed = _repair_head(text, colon)
            if parsed is None:
                raw_lines.append(text)
                repairs.append(f'dropped unparsable line {lineno}: "{_snip(text)}"')
                continue
            repairs.append(
                f'line {lineno}: malformed "{_snip(text[:colon], 40)}" read as '
                f'"{_snip(parsed[: parsed.find(":")], 40)}"'
            )
        name, params, value, group = _vobject_parse_line(parsed)
        name = name.upper()
        if name in _BINARY_NAMES and _is_binary(text[:colon], value):
            payload = value.partition(",")[2] if value[:5].lower() == "data:" else value
            size = _human(len(payload.replace(" ", "")) * 3 // 4)
            raw_lines.append(f"{text[:colon]}:[{size} binary dropped]")
            binary.append(f"{name}: {size} binary dropped")
            continue
        raw_lines.append(text)
        if name == "VERSION":
            version = value.strip()
        elif name == "X-ABLABEL" and group:
            labels[group.lower()] = (_clean_label(_unescape(value)), value)
            props.append((lineno, name, params, value, group))
        else:
            props.append((lineno, name, params, value, group))

    return version, props, labels, {"lines": raw_lines, "binary": binary}


def _card_to_record(source: str, card: _Card, file_codec: str) -> SourceRecord | Rejection:
    """Map a card's properties onto a SourceRecord, or reject a card with nothing to name it."""
    repairs = card.repairs
    version, props, labels, raw = _parse_lines(card)
    if version:
        fmt = f"vcard-{version}"
    else:
        fmt = "vcard-3.0"
        repairs.append("no VERSION line: read as vCard 3.0")
    v21 = version.startswith("2")
    text_of = _verbatim if v21 else _unescape  # 2.1 text has no escapes
    qp_default = "utf-8" if file_codec.startswith("utf") else file_codec

    full_name = ""
    n_parts: list[str] | None = None
    nicknames: list[str] = []
    orgs: list[Org] = []
    titles: list[str] = []
    roles: list[str] = []
    emails: list[Typed] = []
    phones: list[Typed] = []
    addresses: list[Typed] = []
    urls: list[Typed] = []
    related: list[Typed] = []
    notes: list[str] = []
    groups: list[str] = []
    members: list[str] = []
    extra: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    birthday = uid = rev = ""
    kind = "individual"
    company = False
    labelled: set[str] = set()

    for lineno, name, params, value, group in props:
        types: list[str] = []
        if params:
            charset = None
            qp = False
            for param in params:
                if len(param) == 1:
                    word = param[0].upper()
                    if word == "QUOTED-PRINTABLE":
                        qp = True
                    elif word not in _ENCODING_WORDS:
                        types.append(param[0].lower())
                    continue
                key = param[0].upper()
                if key == "TYPE":
                    for item in param[1:]:
                        types.extend(t.strip().lower() for t in item.split(",") if t.strip())
                elif key == "ENCODING":
                    qp = qp or param[1].upper() in ("QUOTED-PRINTABLE", "Q")
                elif key == "CHARSET":
                    charset = param[1] or None
                elif key == "PREF":
                    types.append("pref")
            if qp:
                value = _decode_qp(value, charset, qp_default, f"line {lineno}", repairs)
        field = _FIELDS.get(name)
        if field is None:
            if (name == "X-ABLABEL" and group) or not value.strip():
                continue  # labels: applied to their item's property; empty values: in raw only
            extra.setdefault(name, []).append(value)
            continue
        if field in _TYPED:
            if group:
                label = labels.get(group.lower())
                if label is not None:
                    labelled.add(group.lower())
                    types.insert(0, label[0])
            if types:
                types = list(dict.fromkeys(types))
            if field == _EMAIL:
                item = text_of(value).strip()
                if item[:7].lower() == "mailto:":
                    item = item[7:]
                if item:
                    emails.append(Typed(item, types))
            elif field == _TEL:
                item = text_of(value).strip()
                if item[:4].lower() == "tel:":
                    item = item[4:]
                if item:
                    phones.append(Typed(item, types))
            elif field == _ADR:
                parts = _components(value)
                item = ", ".join(p.replace("\n", ", ") for p in parts if p)
                if item:
                    addresses.append(Typed(item, types))
            elif field == _URL:
                item = text_of(value).strip()
                if item:
                    urls.append(Typed(item, types))
            else:  # relations
                item = _strip_urn(text_of(value).strip())
                meaning = _RELATIONS.get(name)
                if meaning and meaning not in types:
                    types.insert(0, meaning)
                if item:
                    related.append(Typed(item, types))
        elif field == _FN:
            if not full_name:
                full_name = " ".join(text_of(value).split())
        elif field == _N:
            if n_parts is None:
                parts = _split(value, ";")
                parts += [""] * (5 - len(parts))
                n_parts = [" ".join(_listed(p)) for p in parts[:5]]
        elif field == _NICKNAME:
            nicknames.extend(_listed(value))
        elif field == _ORG:
            parts = _components(value)
            if any(parts):
                orgs.append(Org(parts[0], [p for p in parts[1:] if p]))
        elif field == _TITLE:
            item = text_of(value).strip()
            if item:
                titles.append(item)
        elif field == _ROLE:
            item = text_of(value).strip()
            if item:
                roles.append(item)
        elif field == _BDAY:
            if not birthday:
                birthday = text_of(value).strip()
        elif field == _ANNIVERSARY:
            dates.setdefault("anniversary", text_of(value).strip())
        elif field == _NOTE:
            item = text_of(value).strip()
            if item:
                notes.append(item)
        elif field == _CATEGORIES:
            groups.extend(_listed(value))
        elif field == _UID:
            if not uid:
                uid = _strip_urn(value.strip())
        elif field == _REV:
            if not rev:
                rev = value.strip()
        elif field == _KIND:
            if value.strip().lower() == "group":
                kind = "group"
            else:
                extra.setdefault(name, []).append(value)
                company = company or value.strip().lower() == "org"
        elif field == _MEMBER:
            item = _strip_urn(value.strip())
            if item:
                members.append(item)
        elif field == _SHOWAS:
            extra.setdefault(name, []).append(value)
            company = company or value.strip().upper() == "COMPANY"
    for group, (_, label) in labels.items():
        if group not in labelled:
            extra.setdefault("X-ABLABEL", []).append(label)

    family = given = middle = prefix = suffix = ""
    if n_parts is not None:
        family, given, middle, prefix, suffix = n_parts
    if not full_name:
        from_n = " ".join(p for p in (prefix, given, middle, family, suffix) if p)
        if from_n:
            full_name = from_n
            if not v21:
                repairs.append("no FN: full name built from N")
        elif company and orgs:
            full_name = orgs[0].name
            repairs.append("name taken from ORG")
        elif nicknames:
            full_name = nicknames[0]
            repairs.append("name taken from NICKNAME")
        elif emails:
            full_name = emails[0].value
            repairs.append("name taken from EMAIL")
        elif phones:
            full_name = phones[0].value
            repairs.append("name taken from TEL")
        elif im := _first_im(extra):
            full_name = im[1]
            repairs.append(f"name taken from {im[0]}")
        elif orgs:
            full_name = orgs[0].name or orgs[0].units[0]
            repairs.append("name taken from ORG")
        elif kind == "group" and (members or uid):
            full_name = uid or members[0]
            repairs.append("group has no name: named by its UID" if uid else "group has no name")
        else:
            return Rejection(source, card.line, _NO_NAME)
    elif not (family or given) and kind == "individual" and not company and "@" not in full_name:
        given, middle, family, prefix, suffix = _split_full_name(full_name)

    return SourceRecord(
        source=source,
        line=card.line,
        format=fmt,
        full_name=full_name,
        given=given,
        family=family,
        middle=middle,
        prefix=prefix,
        suffix=suffix,
        nicknames=nicknames,
        organisations=orgs,
        titles=titles,
        roles=roles,
        emails=emails,
        phones=phones,
        addresses=addresses,
        urls=urls,
        birthday=birthday,
        notes=notes,
        groups=groups,
        uid=uid,
        rev=rev,
        related=related,
        dates=dates,
        kind=kind,
        members=members,
        extra=extra,
        raw=raw,
        repairs=repairs,
    )


def _first_im(extra: dict[str, list[str]]) -> tuple[str, str] | None:
    """The first instant-messaging handle among the unmapped properties, if any."""
    for key, values in extra.items():
        if key in _IM_NAMES or key.startswith("X-MESSAGING-"):
            for value in values:
                handle = _URI_SCHEME.sub("", _unescape(value).strip(), count=1)
                if handle:
                    return key, handle
    return None


def _repair_head(text: str, colon: int) -> str | None:
    """A line vobject cannot parse, with its name cleaned and empty parameters removed.

    ``X-GOOGLE TALK;TYPE=WORK:x`` becomes ``X-GOOGLE-TALK;TYPE=WORK:x`` and
    ``TEL;;TYPE=CELL;:1`` becomes ``TEL;TYPE=CELL:1``; ``None`` if that is not enough.

    Examples
    --------
    >>> _repair_head("X-messaging/xmpp-All:a@b.org", 20)
    'X-messaging-xmpp-All:a@b.org'
    >>> _repair_head("TEL;;TYPE=CELL;:1", 15)
    'TEL;TYPE=CELL:1'
    >>> _repair_head("***", 3) is None
    True
    """
    head = text[:colon]
    semi = head.find(";")
    name, params = (head, "") if semi < 0 else (head[:semi], head[semi:])
    name = _BAD_NAME_CHARS.sub("-", name.strip()).strip("-.")
    params = _EMPTY_PARAMS.sub("", params)
    fixed = f"{name}{params}{text[colon:]}"
    if not name or fixed == text or _SAFE_LINE.match(fixed) is None:
        return None
    return fixed


def _is_binary(head: str, value: str) -> bool:
    """Whether a PHOTO/LOGO/SOUND/KEY value is inline binary data rather than a URI or text."""
    params = head.upper()
    if "BASE64" in params or "ENCODING=B" in params:
        return True
    start = value.lstrip()[:12].lower()
    if start.startswith("data:"):
        return True
    return "VALUE=URI" not in params and len(value) > 256 and ":" not in start


def _skipped_line(
    lineno: int, head: str, size: int, raw_lines: list[str], binary: list[str], repairs: list[str]
) -> None:
    """Describe a logical line whose value was skipped while reading (binary or too long)."""
    colon = head.find(":")
    label = head[: colon if colon >= 0 else 80]
    match = _HEAD_NAME.match(head.encode("utf-8", errors="replace"))
    name = match.group(1).decode().upper() if match else "?"
    params = label.upper()
    if (
        name in _BINARY_NAMES
        or "BASE64" in params
        or "ENCODING=B" in params
        or head[colon + 1 : colon + 6].lower() == "data:"
    ):
        text = f"{_human(size * 3 // 4)} binary dropped"
        binary.append(f"{name}: {text}")
    else:
        text = f"{_human(size)} value dropped"
        repairs.append(f"dropped line {lineno}: its {name} value is {_human(size)}, over 1 MB")
    raw_lines.append(f"{label}:[{text}]")


_HUMAN_NAME = None


def _split_full_name(full_name: str) -> tuple[str, str, str, str, str]:
    """``(given, middle, family, prefix, suffix)`` of a full name, by nameparser."""
    global _HUMAN_NAME
    if _HUMAN_NAME is None:
        from nameparser import HumanName

        _HUMAN_NAME = HumanName
    name = _HUMAN_NAME(full_name)
    return name.first, name.middle, name.last, name.title, name.suffix
