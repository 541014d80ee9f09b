"""Parsing a card's logical lines into properties with vobject, behind linear-time guards."""

# Each logical line is parsed with vobject's own content-line parser (``parseLine``), after
# a linear-time check with the same grammar: vobject's regex backtracks exponentially on a
# line it cannot match (a colon-less line with 26 parameters takes 15 s). A line that fails
# is dropped with a repair note and kept in ``raw``; the rest of the card is still read.
# This is khard's "drop the invalid property and retry", done one property at a time.

from __future__ import annotations

import re

from vobject.base import parseLine as _vobject_parse_line

from netmap.importers.vcard_lines import BINARY_NAMES, HEAD_NAME, Card
from netmap.importers.vcard_values import clean_label, unescape

__all__ = ["Prop", "parse_card"]

_MAX_PARAMS = 32  # more parameters than this: the line is dropped before vobject sees it
_NAME = r"[A-Za-z0-9_-]+"
# vobject's content-line grammar up to the colon, with atomic groups: linear time, and it
# accepts exactly the lines vobject's own regex accepts, so parseLine never backtracks long.
_SAFE_LINE = re.compile(rf'(?:{_NAME}\.)?{_NAME};?(?>;{_NAME}(?>[=,](?>"[^"]*"|[^";:,]*))*)*:')
_BAD_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")
_EMPTY_PARAMS = re.compile(r";[;\s]*(?=;|$)")

Prop = tuple[int, str, list[list[str]], str, str | None]  # line, NAME, params, value, group


def parse_card(card: Card) -> tuple[str, list[Prop], dict[str, tuple[str, str]], dict]:
    """Parse a card's logical lines with vobject, after the guards; repairs go to the card.

    A line with no colon, with more than 32 parameters, or that vobject cannot parse even
    after :func:`_repair_head` is dropped with a repair; inline binary values are dropped and
    described.

    Parameters
    ----------
    card : Card
        The card, as split by :class:`~netmap.importers.vcard_lines.CardSplitter`.

    Returns
    -------
    version : str
        The VERSION value, stripped; ``""`` without a VERSION line.
    props : list of Prop
        Every other property read, as ``(line, NAME, params, value, group)``, with ``NAME``
        upper-cased and ``value`` still encoded (escapes, quoted-printable).
    labels : dict
        The ``X-ABLABEL`` of each item group: lower-cased group -> ``(clean, raw)``.
    raw : dict
        ``{"lines": [...], "binary": [...]}``: every line as text, binary values replaced by
        a description, and the binary values dropped.
    """
    repairs = card.repairs
    raw_lines: list[str] = []
    binary: list[str] = []
    props: list[Prop] = []
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
        if name in BINARY_NAMES and _is_binary(text[:colon], value):
            payload = value.partition(",")[2] if value[:5].lower() == "data:" else value
            size = _human(len(payload.replace(" ", "")) * 3 // 4)
            raw_lines.append(f"{text[:colon]}:[{size} binary dropped]")
            binary.append(f"{name}: {size} binary dropped")
            continue
        raw_lines.append(text)
        if name == "VERSION":
            version = value.strip()
            continue
        if name == "X-ABLABEL" and group:
            labels[group.lower()] = (clean_label(unescape(value)), value)
        props.append((lineno, name, params, value, group))
    return version, props, labels, {"lines": raw_lines, "binary": binary}


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
    match = HEAD_NAME.match(head.encode("utf-8", errors="replace"))
    name = match.group(1).decode().upper() if match else "?"
    params = label.upper()
    if (
        name in BINARY_NAMES
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
