"""Text from the data made safe where it lands: spreadsheet cells, terminals and file names."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "RESERVED_NAMES",
    "safe_cell",
    "safe_filename",
    "terminal_text",
    "unquote_cell",
]

#: Cells starting with these characters are read as formulas by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: File names Windows keeps for devices, with or without a suffix (``nul.txt`` too).
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{i}" for d in ("COM", "LPT") for i in range(10)]
)

# What a terminal may act on rather than show: C0 controls but TAB and LF (CR returns to the
# start of the line, ESC starts a sequence), DEL, C1 controls (0x9B is an 8-bit CSI), the
# line and paragraph separators, bidirectional embeddings, overrides and isolates (they
# reorder what follows), and lone surrogates (which cannot even be encoded).
_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` (no leading quote) as a formula."""
    if text.startswith(FORMULA_PREFIXES):
        return True
    head = text.lstrip()[:2]  # a trimming import drops leading spaces; CJK ones fold ＝ to =
    return unicodedata.normalize("NFKC", head).startswith(FORMULA_PREFIXES[:4])


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet will run as a formula, reversibly.

    Lists are joined with ``;``. A text that starts with ``= + - @``, TAB or CR, also after
    leading spaces or as a fullwidth ``＝ ＋ － ＠`` (which CJK spreadsheets fold), gets a
    leading ``'`` (OWASP's advice against CSV injection). So that :func:`unquote_cell`
    can always undo it, a text that already starts with quotes before such a character
    gets one more. Numbers are written as numbers, never quoted.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell("\\uff1d1+1"), safe_cell(" @SUM(1)"), safe_cell("'=1"), safe_cell("'Tis")
    ("'＝1+1", "' @SUM(1)", "''=1", "'Tis")
    >>> safe_cell(["a", "b"])
    'a;b'
    >>> safe_cell(3)
    '3'
    >>> safe_cell(-0.5)
    '-0.5'
    >>> safe_cell("-0.5")
    "'-0.5"
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(float(value)) if isinstance(value, float) else str(int(value))  # not a formula
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return safe_cell(value.item())
    if isinstance(value, (list, tuple, set)):
        value = ";".join(str(v) for v in value)
    text = str(value)
    if _formula(text.lstrip("'")):
        return "'" + text
    return text


def unquote_cell(text: str) -> str:
    """The text :func:`safe_cell` was given, from the cell it wrote (for reading back).

    Examples
    --------
    >>> unquote_cell("'=1+1"), unquote_cell("''=1"), unquote_cell("'Tis"), unquote_cell("-0.5")
    ('=1+1', "'=1", "'Tis", '-0.5')
    """
    if text.startswith("'") and _formula(text.lstrip("'")):
        return text[1:]
    return text


def terminal_text(value: Any) -> str:
    """``value`` as text a terminal shows and does not act on: TAB and LF are kept, every
    other control character (ESC, CR, BEL, DEL, C1), line separator, bidirectional
    override or isolate and lone surrogate becomes U+FFFD.

    Examples
    --------
    >>> terminal_text("Ana\\x1b[2J\\x1b]0;title\\x07 \\u202eevil\\r")
    'Ana�[2J�]0;title� �evil�'
    """
    return _TERMINAL.sub("\ufffd", "" if value is None else str(value))


def safe_filename(
    text: Any, suffix: str = "", *, used: set[str] | None = None, limit: int = 64
) -> str:
    """A file name made from data that stays where it is put, on any system.

    ``text`` is folded to ASCII (:mod:`anyascii`), every run of characters other than
    ``A-Z a-z 0-9 . _ -`` becomes ``-``, and dots and dashes at either end are removed (no
    hidden file, no ``..``, no option, no trailing dot that Windows drops). A name Windows
    keeps for a device (``CON``, ``nul.txt``...) gets a leading ``_``; an empty one becomes
    ``file``. The stem is cut at ``limit`` characters. With ``used`` (a set, updated), a
    name already taken, ignoring case, gets ``-2``, ``-3``...; ``suffix`` (such as
    ``".svg"``) is appended.

    Examples
    --------
    >>> safe_filename("../../etc/passwd"), safe_filename("C:\\\\Windows\\\\x", ".svg")
    ('etc-passwd', 'C-Windows-x.svg')
    >>> safe_filename("CON"), safe_filename("nul.txt"), safe_filename("Zoé 👍"), safe_filename("")
    ('_CON', '_nul.txt', 'Zoe-thumbsup', 'file')
    >>> used = set()
    >>> [safe_filename(t, ".svg", used=used) for t in ["a/b", "a:b", "A b"]]
    ['a-b.svg', 'a-b-2.svg', 'A-b-3.svg']
    """
    from anyascii import anyascii

    ascii_text = anyascii(_TERMINAL.sub("", str(text)))
    stem = _NOT_IN_NAME.sub("-", ascii_text).strip(".-")
    stem = stem[:limit].rstrip(".-") or "file"
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = "_" + stem[: limit - 1]
    if used is None:
        return stem + suffix
    taken = {u.casefold() for u in used}
    name, number = stem + suffix, 1
    while name.casefold() in taken:
        number += 1
        tail = f"-{number}"
        name = stem[: limit - len(tail)] + tail + suffix
    used.add(name)
    return name
