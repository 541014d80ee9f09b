"""Rendering tables as text, CSV and JSON, and writing outputs atomically."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from netmap.errors import OutputError
from netmap.report_safety import FORMULA_PREFIXES, safe_cell, terminal_text

# safe_cell and FORMULA_PREFIXES live in netmap.report_safety, with the other guards of text
# that leaves netmap; they stay importable from here, where the CSV renderer uses them.

__all__ = [
    "FORMULA_PREFIXES",
    "atomic_file",
    "frame_rows",
    "output_error",
    "render_records",
    "rounded",
    "safe_cell",
    "text_table",
    "write_atomic",
    "write_atomic_many",
]


def _cell_text(value: Any, width: int) -> str:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    text = terminal_text(" ".join(text.split()))  # no escape sequence reaches the terminal
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text


def text_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], width: int = 40) -> str:
    """A plain aligned text table, cells cut at ``width`` characters.

    Line breaks in a cell become spaces and control characters (terminal escapes, bidi
    overrides...) U+FFFD (:func:`netmap.report_safety.terminal_text`): a name in a table
    cannot clear the screen or retitle the window. Hand-written (a dozen lines) rather than a
    new dependency for terminal output.

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


_FREE = "free some space and run the command again"
_ELSEWHERE = "write to a folder you own (-o PATH), or change its permissions"
_NO_FOLDER = ("no such folder for {path}", "create the folder first")
_ERRNO_TEXT = {
    errno.ENOSPC: ("disk full while writing {path}", _FREE),
    errno.EDQUOT: ("disk quota exceeded while writing {path}", _FREE),
    errno.EACCES: ("permission denied: cannot write {path}", _ELSEWHERE),
    errno.EPERM: ("permission denied: cannot write {path}", _ELSEWHERE),
    errno.EROFS: ("read-only file system: cannot write {path}", "write to another disk (-o PATH)"),
    errno.ENOENT: _NO_FOLDER,
    errno.ENOTDIR: _NO_FOLDER,
    errno.EISDIR: ("{path} is a folder", "give a file name"),
    errno.EIO: ("input/output error while writing {path}", "check the disk, then try again"),
}


def output_error(exc: OSError, path: str | Path) -> OutputError:
    """The :class:`~netmap.errors.OutputError` to raise for ``exc`` met writing ``path``.

    Examples
    --------
    >>> import errno
    >>> str(output_error(OSError(errno.ENOSPC, "No space left on device"), "out.csv"))
    'disk full while writing out.csv; free some space and run the command again'
    """
    message, hint = _ERRNO_TEXT.get(
        exc.errno or 0, ("cannot write {path}: " + (exc.strerror or str(exc)), "")
    )
    return OutputError(message.format(path=path), hint=hint or None)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temps(path: Path) -> None:
    """Delete the temporary files a killed netmap left for ``path`` (their process is gone).

    Temporary names carry the writer's process id: ``.NAME.PID.RANDOM.tmp``.
    """
    prefix = _temp_prefix(path)
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)
        except OSError:
            pass  # alive, under another user


def _remove_own_temps(path: Path) -> None:
    """Delete this process's temporary files for ``path``."""
    prefix = f"{_temp_prefix(path)}{os.getpid()}."
    with contextlib.suppress(OSError):
        for name in os.listdir(path.parent):
            if name.startswith(prefix) and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(path.parent / name)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse to fsync a folder: the rename is done all the same
    finally:
        os.close(fd)


def _open_temp(path: Path) -> tuple[Any, Path]:
    """A new temporary file beside ``path``, open for binary writing, and its path.

    Its name carries this process's id (:func:`_remove_stale_temps`); the caller deletes it
    on failure (:func:`_remove_own_temps`).
    """
    # mkstemp makes the file 0600; give it the mode the file had, else the usual one.
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, name = tempfile.mkstemp(
        prefix=f"{_temp_prefix(path)}{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    handle = os.fdopen(fd, "wb", buffering=1 << 20)
    try:
        os.fchmod(fd, mode)
    except BaseException:
        handle.close()
        raise
    return handle, Path(name)


def _write_temp(path: Path, payload: bytes) -> Path:
    """Write ``payload`` to a new fsynced temporary file beside ``path``; return its path."""
    handle, name = _open_temp(path)
    with handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    return name


@contextlib.contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` piece by piece, atomically, as :func:`write_atomic`.

    The pieces go to a temporary file beside ``path``; when the ``with`` block ends normally
    it is fsynced and renamed into place, and the folder fsynced. Any exception in the block,
    Ctrl-C included, deletes the temporary file and leaves the previous ``path`` as it was.

    Raises
    ------
    OutputError
        The file could not be written (disk full, permission denied, read-only disk...).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_file(path) as handle:
    ...     _ = handle.write(b"hello ")
    ...     _ = handle.write(b"world\\n")
    >>> path.read_text()
    'hello world\\n'
    """
    path = Path(path)
    try:
        _remove_stale_temps(path)
        handle, name = _open_temp(path)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException as exc:
        _remove_own_temps(path)
        if isinstance(exc, OSError):
            raise output_error(exc, path) from None
        raise
    _fsync_folder(path.parent)


def write_atomic_many(
    files: Mapping[str | Path, str | bytes], *, make_folders: bool = False
) -> None:
    """Write several files as one output: all to fsynced temporary files, then all renamed.

    Nothing is renamed until every file is written, so a full disk, a missing permission or
    Ctrl-C leaves every previous file as it was and no temporary file behind. The renames
    happen in the order given (put the file that refers to the others last), then each
    folder is fsynced so that the renames survive a power cut. A temporary file left by a
    process killed with ``kill -9`` is deleted by the next write of the same file.

    Parameters
    ----------
    files : mapping of path to str or bytes
        Text is written as UTF-8.
    make_folders : bool
        Create missing folders (removed again if the write fails).

    Raises
    ------
    OutputError
        A file could not be written (disk full, permission denied, read-only disk...).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic_many({folder / "a.csv": "a\\n", folder / "sub" / "b.csv": b"b\\n"},
    ...                   make_folders=True)
    >>> sorted(p.name for p in folder.rglob("*"))
    ['a.csv', 'b.csv', 'sub']
    """
    items = [(Path(p), d.encode("utf-8") if isinstance(d, str) else d) for p, d in files.items()]
    created: list[Path] = []
    temps: list[tuple[Path, Path]] = []
    current = items[0][0] if items else Path(".")
    try:
        for path, payload in items:
            current = path
            if make_folders and not path.parent.is_dir():
                missing = [f for f in [path.parent, *path.parent.parents] if not f.exists()]
                path.parent.mkdir(parents=True, exist_ok=True)
                created.extend(reversed(missing))
            _remove_stale_temps(path)
            temps.append((_write_temp(path, payload), path))
        for tmp, path in temps:
            current = path
            os.replace(tmp, path)
    except BaseException as exc:
        # By name, not from ``temps``: Ctrl-C can land between mkstemp and its return.
        for path, _ in items:
            _remove_own_temps(path)
        for folder in reversed(created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise output_error(exc, current) from None
        raise
    for folder in dict.fromkeys(path.parent for path, _ in items):
        _fsync_folder(folder)


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, fsynced and renamed into place.

    An interrupted or failed write leaves the previous file as it was and no partial file
    behind; the folder is fsynced after the rename. See :func:`write_atomic_many`.

    Raises
    ------
    OutputError
        The file could not be written (disk full, permission denied, read-only disk...).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(path, "hello\\n")
    >>> path.read_text()
    'hello\\n'
    """
    write_atomic_many({path: data})
