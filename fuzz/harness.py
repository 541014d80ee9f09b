"""Running one fuzz input through the importers, with its time and memory bounds checked."""

from __future__ import annotations

import json
import signal
import sqlite3
import sys
import threading
import time
import traceback
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from netmap.errors import NetmapError
from netmap.importers import read_file
from netmap.importing import import_files
from netmap.model import FileParse
from netmap.store import Store

__all__ = [
    "FINDINGS",
    "Bounds",
    "InputHang",
    "Result",
    "check_import",
    "check_input",
    "units",
]

# The outcomes that are findings; every other outcome ("ok", "NetmapError subclass") is fine.
FINDINGS = frozenset(
    {"crash", "hang", "slow", "memory", "card-exception", "bad-record", "import-crash"}
)


@dataclass(frozen=True)
class Bounds:
    """The limits every input must keep.

    Time: ``max(time_floor, size / 100 KB * seconds_per_100kb)`` seconds. Memory: a
    ``tracemalloc`` peak of at most ``max(memory_floor, memory_ratio * size)`` bytes, plus
    ``per_record`` bytes for each card or row read (record or rejection) and ``per_unit``
    bytes for each line end and separator (``,`` ``;`` ``:`` tab) of the input. An input
    still running after ``hang_factor`` times its time limit plus ``hang_grace`` is stopped
    and reported as a hang.

    The 4 MiB floor covers costs that do not grow with the input: the vCard reader reads its
    file in 1 MiB blocks (one block is allocated whole, whatever the file's size); the
    encoding guessed for an :class:`~netmap.errors.EncodingError`'s hint runs
    charset_normalizer over a sample of at most 80 KB (up to 1.6 MiB measured); a phone
    number from a new country loads that country's metadata once. The allowances cover
    Python's object sizes: a record is 1.4 to 3.5 KB of objects whatever the size of its
    card or row, a property line or a cell some 250 to 600 bytes, so that a file of tiny
    cards, rows, properties or cells takes up to 60 to 240 times its size without any
    bug. They are linear, so anything quadratic or any copy per line of a long value is
    still caught.

    Examples
    --------
    >>> b = Bounds()
    >>> b.time_limit(1_000), b.time_limit(1_000_000)
    (0.25, 10.0)
    >>> b.memory_limit(1_000) == 4 << 20, b.memory_limit(1_000_000)
    (True, 20000000)
    >>> b.memory_limit(1_000_000, records=1_000, units=10_000)
    32288000
    """

    seconds_per_100kb: float = 1.0
    time_floor: float = 0.25
    memory_ratio: float = 20.0
    memory_floor: int = 4 << 20
    per_record: int = 2048
    per_unit: int = 1024
    hang_factor: float = 3.0
    hang_grace: float = 1.0
    trace_slowdown: float = 6.0  # tracemalloc makes allocations 3 to 6 times slower
    retries: int = 3

    def time_limit(self, size: int) -> float:
        """Seconds allowed for an input of ``size`` bytes."""
        return max(self.time_floor, size / 100_000 * self.seconds_per_100kb)

    def memory_limit(self, size: int, records: int = 0, units: int = 0) -> int:
        """Peak bytes allowed for ``size`` bytes of ``units`` separators giving ``records``."""
        floor = max(self.memory_floor, int(self.memory_ratio * size))
        return floor + self.per_record * records + self.per_unit * units

    def hang_limit(self, size: int) -> float:
        """Seconds after which an input is stopped."""
        return self.hang_factor * self.time_limit(size) + self.hang_grace


@dataclass
class Result:
    """What one input did: its outcome, time, traced memory peak and, for a finding, why.

    ``outcome`` is ``"ok"``, the name of the :class:`~netmap.errors.NetmapError` subclass
    raised, or one of :data:`FINDINGS`.
    """

    outcome: str
    size: int
    seconds: float = 0.0
    peak: int = 0
    detail: str = ""
    records: int = 0  # records read (or stored, for check_import)
    read: int = 0  # cards or rows read: records and rejections
    units: int = 0  # line ends and separators (see units())

    @property
    def finding(self) -> bool:
        """Whether this input found a bug."""
        return self.outcome in FINDINGS


class InputHang(BaseException):  # not an Exception, so that no except clause eats it
    """Raised in the main thread when an input runs past its hang limit."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`InputHang` in the body after ``seconds`` (main thread only, else no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]

    def fire(signum: int, frame: object) -> None:
        if armed[0]:
            raise InputHang(f"still running after {seconds:.1f} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _parse(path: Path, limit: float, traced: bool) -> tuple[FileParse | BaseException, float, int]:
    """Read ``path``; return the parse or the exception, the seconds taken and the peak."""
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        with _deadline(limit):
            outcome: FileParse | BaseException = read_file(path, name=path.name)
    except (Exception, InputHang) as exc:
        outcome = exc
    seconds = time.perf_counter() - start
    peak = 0
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, seconds, peak


def _line_ends(data: bytes) -> int:
    """An upper bound of the lines in ``data``, in any encoding: each ends with CR or LF."""
    return data.count(b"\n") + data.count(b"\r")


def units(data: bytes) -> int:
    """Line ends and separators in ``data``, for :meth:`Bounds.memory_limit`.

    Examples
    --------
    >>> units(b"a,b;c\\r\\nd:e\\tf")
    5
    """
    ends = max(data.count(b"\n"), data.count(b"\r"))
    return ends + sum(data.count(c) for c in (b",", b";", b":", b"\t"))


def _cards_bound(data: bytes, kind: str) -> int:
    """An upper bound of the records an importer may build from ``data`` before an error."""
    if kind == "csv":
        return _line_ends(data) + 1
    return data.replace(b"\x00", b"").upper().count(b"BEGIN:VCARD")


def _check_parse(parse: FileParse, data: bytes) -> str:
    """Why a parse breaks the importers' promises, or ``""``."""
    most = _line_ends(data) + 1
    for item in [*parse.records, *parse.rejected]:
        if not 1 <= item.line <= most:
            return f"line {item.line} is outside the file (at most {most} lines)"
    for rej in parse.rejected:
        if rej.reason.startswith("unreadable card ("):
            return "card-exception: " + rej.reason
    for record in parse.records:
        try:
            json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            return f"record at line {record.line} cannot be stored: {exc!r:.300}"
    return ""


def check_input(data: bytes, kind: str, workdir: Path, bounds: Bounds | None = None) -> Result:
    """Run ``netmap.importers.read_file`` on one input and check what it did.

    The input is written to ``workdir/input.vcf`` or ``input.csv`` and read once with
    ``tracemalloc`` on (for the memory peak). Only a
    :class:`~netmap.errors.NetmapError` may escape; any other exception is a ``crash``. An
    input over its time limit is read again without ``tracemalloc`` (which slows Python's
    allocations down), and is ``slow`` only if it is still over. A parse is also checked:
    every line number inside the file, no card lost to an unexpected exception, every record
    storable (JSON and UTF-8, so no lone surrogate).

    Parameters
    ----------
    data : bytes
        The input.
    kind : str
        ``"vcard"`` or ``"csv"``: the suffix the file gets.
    workdir : Path
        A folder for the input file.
    bounds : Bounds, optional
        The limits; default :class:`Bounds()`.

    Returns
    -------
    Result

    Examples
    --------
    >>> import tempfile
    >>> card = b"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nFN:Ada\\r\\nEND:VCARD\\r\\n"
    >>> check_input(card, "vcard", Path(tempfile.mkdtemp())).outcome
    'ok'
    >>> check_input(b"no contacts here\\n", "csv", Path(tempfile.mkdtemp())).outcome
    'FormatError'
    """
    bounds = bounds or Bounds()
    size = len(data)
    path = Path(workdir) / ("input.vcf" if kind == "vcard" else "input.csv")
    path.write_bytes(data)
    limit = bounds.time_limit(size)
    traced_limit = bounds.trace_slowdown * limit + bounds.hang_grace
    modules = len(sys.modules)
    outcome, seconds, peak = _parse(path, traced_limit, traced=True)
    if len(sys.modules) != modules and not isinstance(outcome, InputHang):
        # The parse imported a module (a codec, charset_normalizer, phone metadata): a cost
        # paid once per process, not by this input. Measure again, warm.
        outcome, seconds, peak = _parse(path, traced_limit, traced=True)
    if isinstance(outcome, InputHang) or seconds > limit:
        # tracemalloc makes allocations 3 to 6 times slower, and the machine may be busy:
        # the input's time is the fastest of a few plain runs. The first may run to the hang
        # limit; the others only need to show whether the input can keep its limit.
        deadline = bounds.hang_limit(size)
        seconds = float("inf")
        for _ in range(max(bounds.retries, 1)):
            again, took, _ = _parse(path, deadline, traced=False)
            if isinstance(again, InputHang):
                if seconds == float("inf"):
                    outcome, seconds = again, took
                break
            if took < seconds:
                outcome, seconds = again, took
            if seconds <= limit:
                break
            deadline = limit + bounds.hang_grace
    result = Result("ok", size, seconds, peak)
    read = _cards_bound(data, kind)  # for an error: the records built before it was raised
    if isinstance(outcome, InputHang):
        result.outcome, result.detail = "hang", str(outcome)
    elif isinstance(outcome, NetmapError):
        result.outcome = type(outcome).__name__
        try:
            result.detail = str(outcome)
        except Exception:  # the message itself must be printable
            result.outcome, result.detail = "crash", traceback.format_exc()
    elif isinstance(outcome, BaseException):
        result.outcome = "crash"
        result.detail = "".join(traceback.format_exception(outcome))
    else:
        result.records, result.read = len(outcome.records), outcome.read
        read = outcome.read
        why = _check_parse(outcome, data)
        if why:
            result.outcome = "card-exception" if why.startswith("card-exception") else "bad-record"
            result.detail = why
    if result.finding:
        return result
    result.units = units(data)
    result.read = read
    limit = bounds.memory_limit(size, read, result.units)
    if seconds > bounds.time_limit(size):
        result.outcome = "slow"
        result.detail = f"{seconds:.2f} s for {size} bytes (limit {bounds.time_limit(size):.2f})"
    elif peak > limit:
        result.outcome = "memory"
        result.detail = (
            f"peak {peak} bytes for {size} bytes, {read} records, {result.units} units "
            f"({peak / max(size, 1):.1f}x; limit {limit})"
        )
    return result


def check_import(data: bytes, kind: str, workdir: Path, bounds: Bounds | None = None) -> Result:
    """Import one input into a new workspace with ``import_files``, and check the workspace.

    Only a :class:`~netmap.errors.NetmapError` may escape. After an import, the report must
    add up (``read == new + merged + rejected``), the workspace must hold exactly
    ``new + merged`` records, and ``PRAGMA integrity_check`` must answer ``ok``.

    Parameters
    ----------
    data, kind, workdir, bounds
        As for :func:`check_input`.

    Returns
    -------
    Result
        ``outcome`` is ``"ok"``, a NetmapError subclass name, ``"import-crash"`` or ``"hang"``.

    Examples
    --------
    >>> import tempfile
    >>> card = b"BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nFN:Ada\\r\\nEND:VCARD\\r\\n"
    >>> result = check_import(card, "vcard", Path(tempfile.mkdtemp()))
    >>> result.outcome, result.records
    ('ok', 1)
    """
    bounds = bounds or Bounds()
    workdir = Path(workdir)
    path = workdir / ("import.vcf" if kind == "vcard" else "import.csv")
    path.write_bytes(data)
    db = workdir / "fuzz.db"
    for leftover in (db, workdir / "fuzz.db-wal", workdir / "fuzz.db-shm"):
        leftover.unlink(missing_ok=True)
    result = Result("ok", len(data))
    start = time.perf_counter()
    try:
        with _deadline(bounds.hang_limit(len(data)) + 2.0), Store(db, create=True) as store:
            report = import_files(store, [path])
            stored = store.conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
            check = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
        result.records = stored
        if report.read != report.new + report.merged + len(report.rejected):
            result.outcome = "import-crash"
            result.detail = f"report does not add up: {report.to_dict()!r:.500}"
        elif stored != report.new + report.merged:
            result.outcome = "import-crash"
            result.detail = f"{stored} records stored, report says {report.new + report.merged}"
        elif check != "ok":
            result.outcome, result.detail = "import-crash", f"integrity_check: {check}"
    except InputHang as exc:
        result.outcome, result.detail = "hang", f"import {exc}"
    except NetmapError as exc:
        result.outcome, result.detail = type(exc).__name__, str(exc)
    except (Exception, sqlite3.Error):
        result.outcome, result.detail = "import-crash", traceback.format_exc()
    result.seconds = time.perf_counter() - start
    return result
