"""Finding a file's text encoding: BOMs, a declared ``--encoding``, else strict UTF-8."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import BinaryIO

from netmap.errors import EncodingError

__all__ = ["encoding_error", "open_text", "sniff_encoding"]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def sniff_encoding(head: bytes, declared: str | None = None) -> tuple[str, int]:
    """Return ``(codec, bom_length)`` for a file starting with ``head``.

    A byte-order mark wins; then the ``declared`` encoding; then UTF-8. UTF-16 is never
    guessed without a BOM.

    Examples
    --------
    >>> sniff_encoding(b"\\xef\\xbb\\xbfBEGIN:VCARD")
    ('utf-8', 3)
    >>> sniff_encoding(b"\\xff\\xfeB\\x00")
    ('utf-16-le', 2)
    >>> sniff_encoding(b"BEGIN:VCARD", "cp1252")
    ('cp1252', 0)
    >>> sniff_encoding(b"BEGIN:VCARD")
    ('utf-8', 0)
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    if declared:
        try:
            return codecs.lookup(declared).name, 0
        except LookupError:
            raise EncodingError(
                f"unknown encoding {declared!r}",
                hint="give a Python codec name such as utf-8, cp1252, latin-1 or shift_jis",
            ) from None
    return "utf-8", 0


def _japanese(text: str) -> bool:
    return sum(1 for c in text if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff") >= 2


def _guess(sample: bytes) -> str | None:
    """Best guess of a legacy encoding, used only to word the error message.

    Contact files are short, and statistical detectors guess wrong on them (charset-normalizer
    calls a Shift_JIS address book cp949 and a Windows-1252 one cp775). So the two encodings
    that old exports really use are tried first: Shift_JIS when the text decodes to Japanese,
    then Windows-1252; charset-normalizer only decides for anything else.

    Examples
    --------
    >>> _guess("Müller;Jürgen".encode("cp1252"))
    'cp1252'
    >>> _guess("山田太郎".encode("shift_jis"))
    'shift_jis'
    """
    for codec, test in (("shift_jis", _japanese), ("cp1252", lambda _: True)):
        try:
            if test(sample.decode(codec)):
                return codec
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def encoding_error(file: str, line: int | None, sample: bytes, codec: str) -> EncodingError:
    """The error for a file that does not decode as ``codec``, with a suggested ``--encoding``."""
    guess = _guess(sample)
    if guess and codecs.lookup(guess).name != codecs.lookup(codec).name:
        hint = f"it looks like {guess}: rerun with --encoding {guess}"
    else:
        hint = "rerun with --encoding NAME (for example cp1252 or shift_jis)"
    return EncodingError(f"the file is not valid {codec}", file=file, line=line, hint=hint)


def open_text(
    source: str | Path | BinaryIO, declared: str | None = None, *, newline: str | None = ""
) -> tuple[io.TextIOWrapper, str]:
    """Open ``source`` as text with strict decoding, skipping any BOM.

    Returns the text stream and the codec name. Lines are not translated (``newline=""``)
    so that callers can count bare CR, CRLF and CRCRLF line ends themselves.
    """
    raw = open(source, "rb") if isinstance(source, (str, Path)) else source
    head = raw.peek(4)[:4] if hasattr(raw, "peek") else b""
    codec, bom = sniff_encoding(head, declared)
    if bom:
        raw.read(bom)
    stream = io.TextIOWrapper(raw, encoding=codec, errors="strict", newline=newline)
    return stream, codec
