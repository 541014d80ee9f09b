"""The exceptions netmap raises: each carries the file, the line and a hint."""

from __future__ import annotations

__all__ = [
    "EncodingError",
    "FormatError",
    "NetmapError",
    "NotFoundError",
    "OutputError",
    "StoreBusyError",
    "StoreError",
]


class NetmapError(Exception):
    """Base class of every error netmap reports to the user.

    Parameters
    ----------
    message : str
        What went wrong, in one line.
    file : str, optional
        The file concerned.
    line : int, optional
        The 1-based line in ``file``.
    hint : str, optional
        What the user can do next.

    Examples
    --------
    >>> str(NetmapError("no contact found", file="a.vcf", line=3, hint="check the file"))
    'a.vcf:3: no contact found; check the file'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line is not None else f"{self.file}: "
        tail = f"; {self.hint}" if self.hint else ""
        return f"{where}{self.message}{tail}"


class FormatError(NetmapError):
    """A file whose format netmap cannot recognise or read."""


class EncodingError(NetmapError):
    """A file whose text encoding is not declared and cannot be read as UTF-8."""


class StoreError(NetmapError):
    """A workspace (SQLite store) that is missing, damaged or from a newer netmap."""


class StoreBusyError(StoreError):
    """Another netmap command holds the workspace's write lock."""


class NotFoundError(NetmapError):
    """A person, source or file named by the user that does not exist."""


class OutputError(NetmapError):
    """An output file that cannot be written: disk full, no permission, read-only disk."""
