"""Rendering tables as text, CSV and JSON, and writing outputs atomically."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "frame_rows",
    "render_records",
    "rounded",
    "safe_cell",
    "text_table",
    "write_atomic",
]

#: Cells starting with these characters are read as formulas by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A CSV cell that no spreadsheet will run as a formula.

    Lists are joined with ``;``. A text starting with ``= + - @``, TAB or CR gets a leading
    ``'`` (OWASP's advice against CSV injection).

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
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
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _cell_text(value: Any, width: int) -> str:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text


def text_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int = 40) -> str:
    """A plain aligned text table, cells cut at ``width`` characters.

    Hand-written (a dozen lines) rather than a new dependency for terminal output.

    Examples
    --------
    >>> print(text_table([{"a": 1, "b": ["x", "y"]}], ["a", "b"]))
    a  b
    -  ----
    1  x; y
    """
    cells = [[_cell_text(r.get(c), width) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (set, tuple)):
        return list(value)
    return value


def render_records(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Render rows as ``table``, ``csv`` (injection-safe) or ``json`` (a list of objects)."""
    rows = list(rows)
    if fmt == "json":
        data = [{c: _jsonable(r.get(c)) for c in columns} for r in rows]
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([safe_cell(_jsonable(r.get(c))) for c in columns])
        return buffer.getvalue().rstrip("\n")
    return text_table(rows, columns)


def frame_rows(df) -> list[dict[str, Any]]:
    """A DataFrame's rows as plain dicts: numpy scalars as Python ones, NaN (undefined) as None.

    Examples
    --------
    >>> import pandas as pd
    >>> frame_rows(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", "y"]}))
    [{'a': 1.5, 'b': 'x'}, {'a': None, 'b': 'y'}]
    """
    rows = df.to_dict("records")
    for row in rows:
        for key, value in row.items():
            value = value.item() if hasattr(value, "item") else value
            row[key] = None if isinstance(value, float) and math.isnan(value) else value
    return rows


def rounded(rows: Iterable[dict[str, Any]], digits: int = 3) -> list[dict[str, Any]]:
    """Floats rounded to ``digits`` decimals, for text tables only.

    Examples
    --------
    >>> rounded([{"a": 0.123456, "b": 2}])
    [{'a': 0.123, 'b': 2}]
    """
    return [
        {k: round(v, digits) if isinstance(v, float) else v for k, v in row.items()} for row in rows
    ]


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, fsynced and renamed into place.

    An interrupted write leaves the previous file as it was and no partial file behind.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        # mkstemp makes the file 0600; give it the mode the file had, else the usual one.
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
