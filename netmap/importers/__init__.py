"""Importers: one module per family of formats, each returning a FileParse."""

from __future__ import annotations

from pathlib import Path

from netmap.errors import FormatError, NotFoundError
from netmap.model import FileParse

__all__ = ["detect_kind", "read_file"]

_VCARD_SUFFIXES = {".vcf", ".vcard", ".vct"}
_CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
_BINARY_HINTS = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook?)",
    b"\xd0\xcf\x11\xe0": "an old Office file (.xls?)",
    b"%PDF": "a PDF",
    b"SQLite format 3": "an SQLite database",
}


def detect_kind(path: Path, head: bytes) -> str:
    """``"vcard"`` or ``"csv"`` from the first bytes of a file, else its suffix.

    Examples
    --------
    >>> detect_kind(Path("x.txt"), b"BEGIN:VCARD\\r\\nVERSION:3.0")
    'vcard'
    >>> detect_kind(Path("Connections.csv"), b"Notes:\\n")
    'csv'
    """
    from netmap.importers.vcard import looks_like_vcard

    if looks_like_vcard(head):
        return "vcard"
    for magic, what in _BINARY_HINTS.items():
        if head.startswith(magic):
            raise FormatError(
                f"this is {what}, not a contact export",
                file=str(path),
                hint="export your contacts as vCard (.vcf) or CSV and import that file",
            )
    suffix = path.suffix.lower()
    if suffix in _VCARD_SUFFIXES:
        return "vcard"
    if suffix in _CSV_SUFFIXES or not suffix:
        return "csv"
    raise FormatError(
        f"unknown file type {suffix!r}",
        file=str(path),
        hint="netmap reads vCard (.vcf) and CSV (.csv) exports",
    )


def read_file(
    path: str | Path,
    *,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    name: str | None = None,
) -> FileParse:
    """Read one contact export, vCard or CSV, recognised from its content.

    Parameters
    ----------
    path : str or Path
        The file.
    encoding : str, optional
        The text encoding, for files that are neither UTF-8 nor marked with a BOM.
    mapping : dict, optional
        CSV column -> netmap field, for CSV layouts netmap does not recognise.
    name : str, optional
        How the file is named in records and messages; default ``str(path)``.

    Raises
    ------
    NotFoundError
        The file does not exist.
    FormatError, EncodingError
        The file as a whole cannot be read.
    """
    path = Path(path)
    name = name or str(path)
    if not path.is_file():
        raise NotFoundError(
            "no such file" if not path.exists() else "not a file",
            file=name,
            hint="check the path",
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise NotFoundError(f"cannot read the file ({exc.strerror})", file=name) from None
    if not head.strip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n"):
        raise FormatError("the file is empty", file=name, hint="export your contacts again")
    try:
        kind = detect_kind(path, head)
    except FormatError as exc:
        exc.file = name  # the file as the caller names it, as in every other message
        raise
    if kind == "vcard":
        from netmap.importers.vcard import read_vcards

        parse = read_vcards(path, encoding=encoding, name=name)
    else:
        from netmap.importers.csvfile import read_csv

        parse = read_csv(path, encoding=encoding, mapping=mapping, name=name)
    if not parse.records:
        reason = (
            f"; {parse.rejected[0].reason} (line {parse.rejected[0].line})"
            if parse.rejected
            else ""
        )
        raise FormatError(
            f"no contact found in the file{reason}",
            file=name,
            hint="check that it is a contact export, or give --map / --encoding",
        )
    return parse
