"""Splitting a vCard byte stream into cards of logical lines, with their true line numbers."""

# vobject reads a file as one stream and stops at the first error, losing every later card.
# Here the file is split into cards by a streaming reader that knows the true line numbers
# (bare CR, CRLF, LF and the iOS CR CR LF all end one line), unfolds continuation lines and
# vCard 2.1 quoted-printable soft line breaks, and never holds more than a bounded prefix of
# a long line: binary values (PHOTO, LOGO, SOUND, KEY) are skipped chunk by chunk. A card
# opened inside another (a vCard 2.1 AGENT) is read as a card of its own.

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from netmap.errors import EncodingError, FormatError, NotFoundError
from netmap.importers._text import encoding_error, sniff_encoding

__all__ = ["BEGIN_END", "BINARY_NAMES", "HEAD_NAME", "LINE_END", "Card", "CardSplitter"]

_CHUNK = 1 << 20  # bytes read at a time
_SOFT_CAP = 64 * 1024  # past this, a PHOTO/LOGO/SOUND/KEY or base64 value is skipped, not kept
_LINE_CAP = 1 << 20  # past this, any other value is skipped and the line dropped
_HEAD = 2048  # bytes kept of a skipped line: its name, parameters and the start of its value

LINE_END = re.compile(rb"\r\r\n|\r\n|\r|\n")
BEGIN_END = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*$", re.I)
BINARY_NAMES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
HEAD_NAME = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)")
_CHARSET_PARAM = re.compile(rb';[ \t]*CHARSET[ \t]*=[ \t]*"?([A-Za-z0-9_.:-]+)', re.I)


class Card:
    """A card being read: where it starts, its logical lines and its repairs so far.

    Each of ``lines`` is ``(line, text, skipped)``: the line number where the logical line
    starts, its text, and the number of bytes of its value skipped while reading (0 when
    the whole line is kept; otherwise ``text`` holds only its head).
    """

    __slots__ = ("line", "lines", "repairs")

    def __init__(self, line: int) -> None:
        self.line = line
        self.lines: list[tuple[int, str, int]] = []  # (line, text, bytes skipped or 0)
        self.repairs: list[str] = []


class CardSplitter:
    """The streaming splitter: bytes -> physical lines -> logical lines -> cards.

    Parameters
    ----------
    name : str
        How the file is named in errors.
    declared : str or None
        The encoding given by the user, if any (a byte-order mark wins over it).
    on_card : callable
        Called with each :class:`Card` and :attr:`codec` once the card is complete: at its
        ``END:VCARD`` line, or at the end of the file (with a ``missing END:VCARD`` repair).
        Cards are handed over in the order they close, so a nested card comes before the one
        around it.

    Attributes
    ----------
    codec : str
        The codec of the bytes the splitter reads (``utf-8`` for UTF-16/32 files, which are
        re-encoded); valid once :meth:`read` has started.
    nested : bool
        Whether a card was opened inside another, so cards did not close in file order.
    stray : list of (int, bytes)
        The first lines read outside any card since the last :meth:`take_stray_note`.
    """

    def __init__(
        self, name: str, declared: str | None, on_card: Callable[[Card, str], None]
    ) -> None:
        self.name = name
        self.declared = declared
        self.on_card = on_card
        self.codec = "utf-8"  # the codec of the bytes the splitter sees
        self.lineno = 0
        self.pend: list[bytes] | None = None  # parts of the logical line being read
        self.start = 0  # its first line
        self.size = 0  # its length in bytes
        self.limit = _SOFT_CAP  # its size that calls for a look; 0: only its head is kept
        self.in_fragment = False  # the last bytes fed ended inside a physical line
        self.stack: list[Card] = []
        self.opened = False  # whether any card was opened
        self.stray: list[tuple[int, bytes]] = []  # lines outside any card, not yet reported
        self.stray_total = 0
        self.chunk = b""
        self.nested = False

    # ----------------------------------------------------------------- reading bytes

    def read(self, stream: BinaryIO) -> str:
        """Read the whole stream, handing each card to ``on_card``; return the file's codec.

        Raises
        ------
        EncodingError
            A line is not valid in the file's encoding and declares no ``CHARSET`` that
            reads it, or the file looks like UTF-16 without a byte-order mark.
        FormatError
            The file is empty or holds no ``BEGIN:VCARD`` line.
        NotFoundError
            The stream cannot be read.
        """
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
            chunks = _raw_chunks(stream, first)
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
        return codec

    def _transcode(self, stream: BinaryIO, first: bytes, codec: str) -> Iterator[bytes]:
        """UTF-16/32 text re-encoded as UTF-8, so that line ends are single bytes."""
        decoder = codecs.getincrementaldecoder(codec)("strict")
        chunk = first
        while True:
            final = not chunk
            try:
                text = decoder.decode(chunk, final)
            except UnicodeDecodeError as exc:
                done = chunk[: exc.start].decode(codec, errors="ignore")
                line = self.lineno + len(LINE_END.findall(done.encode("utf-8"))) + 1
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
                    and not BEGIN_END.match(s)
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
                match = BEGIN_END.match(s)
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
        match = HEAD_NAME.match(head)
        colon = head.find(b":")
        params = head[:colon].upper() if colon >= 0 else head.upper()
        binary = (
            (match is not None and match.group(1).upper().decode() in BINARY_NAMES)
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
        card = Card(line)
        self.opened = True
        if self.stack:
            self.nested = True
        if self.stray:
            card.repairs.append(self.take_stray_note())
        self.stack.append(card)

    def _close(self, line: int, data: bytes) -> None:
        if not self.stack:
            self._stray(line, data)
            return
        self.on_card(self.stack.pop(), self.codec)

    def _stray(self, line: int, data: bytes) -> None:
        self.stray_total += 1
        if len(self.stray) < 3:
            self.stray.append((line, data[:60]))

    def take_stray_note(self) -> str:
        """The repair note on the lines read outside any card since the last note."""
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
            self.on_card(card, self.codec)
        if not self.opened:
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


def _raw_chunks(stream: BinaryIO, first: bytes) -> Iterator[bytes]:
    chunk = first
    while chunk:
        yield chunk
        chunk = stream.read(_CHUNK)


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
    return LINE_END.split(data)


def _is_quoted_printable(first: bytes) -> bool:
    colon = first.find(b":")
    return b"QUOTED-PRINTABLE" in (first[:colon] if colon >= 0 else first).upper()
