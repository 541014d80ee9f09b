"""Decoding vCard property values: escapes, lists, components and quoted-printable text."""

# Values are decoded here rather than by vobject's behaviours: vobject keeps only the text
# before the first unescaped comma of a text value (``NOTE:Hello, world`` reads ``Hello``),
# raises on an unknown quoted-printable CHARSET and builds heavy objects for each line.

from __future__ import annotations

import binascii
import codecs
import re

__all__ = [
    "clean_label",
    "components",
    "decode_qp",
    "listed",
    "split_escaped",
    "strip_urn",
    "unescape",
    "verbatim",
]

_ESCAPE = re.compile(r"\\(.)", re.S)
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_", re.S)


def unescape(value: str) -> str:
    r"""vCard 3.0/4.0 text unescaping: ``\n`` is a newline, ``\x`` is ``x``."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(_unescape_one, value)


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char


def verbatim(value: str) -> str:
    """``value`` as it is: vCard 2.1 text has no escapes."""
    return value


def split_escaped(value: str, sep: str) -> list[str]:
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


def components(value: str) -> list[str]:
    """The ``;``-separated components of N, ADR or ORG, unescaped and stripped.

    vCard 2.1 writers escape ``;`` (and ``\\``) inside components as 3.0 does, so both
    versions are read alike (as Android's importer does).
    """
    return [unescape(part).strip() for part in split_escaped(value, ";")]


def listed(value: str) -> list[str]:
    """The ``,``-separated items of NICKNAME or CATEGORIES, unescaped, empty ones dropped."""
    items = (unescape(part).strip() for part in split_escaped(value, ","))
    return [item for item in items if item]


def strip_urn(value: str) -> str:
    """``value`` without a leading ``urn:uuid:``, in any case."""
    return value[9:] if value[:9].lower() == "urn:uuid:" else value


def clean_label(label: str) -> str:
    """An Apple ``_$!<Mobile>!$_`` label as ``mobile``; any label lower-cased."""
    match = _APPLE_LABEL.fullmatch(label.strip())
    return (match.group(1) if match else label).strip().lower()


def decode_qp(value: str, charset: str | None, default: str, where: str, repairs: list[str]) -> str:
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
