"""Time netmap's import of large vCard and Google CSV files against a bare parser.

netmap is run black-box through its command line, each measurement in a fresh process and a
fresh workspace::

    python -m netmap --db DB init --me "Bench Ego"        (not timed)
    python -m netmap --db DB import FILE --format json    (timed)

Side by side, in the same run and also in fresh processes, a bare parse of the same file:
``vobject.readComponents`` for vCards, the standard ``csv`` module for CSV. The report gives the
median wall time over ``--repeat`` runs, contacts per second, the peak memory (maximum resident
set size) of each process, and the ratio of netmap's median to the bare parser's. See
benchmarks/README.md::

    python benchmarks/bench_import.py --quick
    python benchmarks/bench_import.py --sizes 10000,100000 --json bench.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Measure", "Row", "main", "markdown", "measure", "run_benchmark"]

ROOT = Path(__file__).resolve().parents[1]
MIB = 2**20

VOBJECT_BASELINE = """\
import sys, vobject
for c in vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()):
    pass
"""
CSV_BASELINE = """\
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.reader(f):
        pass
"""
TARGET_SECONDS = 60.0  # 100,000 vCards
TARGET_PEAK = 1024 * MIB
TARGET_RATIO = 1.5


def _load_generate():
    spec = importlib.util.spec_from_file_location(
        "netmap_bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Measure:
    """One run of one command in a fresh process."""

    seconds: float
    peak_bytes: int | None
    returncode: int
    stdout: str
    stderr: str


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run ``cmd`` in a child process; return its wall time and peak resident memory.

    The peak is the child's own ``ru_maxrss``, read with :func:`os.wait4` (POSIX); it is
    ``None`` where ``os.wait4`` does not exist.

    Examples
    --------
    >>> m = measure([sys.executable, "-c", "print('hi')"])
    >>> m.returncode, m.stdout, m.seconds > 0
    (0, 'hi\\n', True)
    >>> m.peak_bytes is None or m.peak_bytes > 1_000_000
    True
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # Linux reports KiB, macOS bytes.
            peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
        else:  # pragma: no cover - Windows
            proc.wait()
            seconds, peak = time.perf_counter() - start, None
        out.seek(0)
        err.seek(0)
        return Measure(
            seconds,
            peak,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


@dataclass
class Row:
    """The figures of one file."""

    file: str
    kind: str
    contacts: int
    runs: int = 0
    netmap_seconds: list[float] = field(default_factory=list)
    netmap_peak_bytes: int | None = None
    baseline: str = ""
    baseline_seconds: list[float] = field(default_factory=list)
    baseline_peak_bytes: int | None = None
    report: dict = field(default_factory=dict)
    error: str = ""

    @property
    def netmap_median(self) -> float | None:
        """Median wall time of the netmap import, in seconds."""
        return statistics.median(self.netmap_seconds) if self.netmap_seconds else None

    @property
    def baseline_median(self) -> float | None:
        """Median wall time of the bare parse, in seconds."""
        return statistics.median(self.baseline_seconds) if self.baseline_seconds else None

    @property
    def ratio(self) -> float | None:
        """netmap's median over the bare parser's."""
        if self.netmap_median is None or not self.baseline_median:
            return None
        return self.netmap_median / self.baseline_median

    def to_dict(self) -> dict:
        """JSON-ready figures."""
        data = asdict(self)
        data.update(
            netmap_median=self.netmap_median,
            baseline_median=self.baseline_median,
            ratio=self.ratio,
            contacts_per_second=self.contacts / self.netmap_median if self.netmap_median else None,
        )
        return data


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("NETMAP_DB", None)
    return env


def _netmap_once(python: str, file: Path, work: Path, n: int) -> tuple[Measure, dict, str]:
    db = work / f"bench-{n}.db"
    for leftover in work.glob(db.name + "*"):
        leftover.unlink()
    netmap = [python, "-m", "netmap", "--db", str(db)]
    init = subprocess.run(
        [*netmap, "init", "--me", "Bench Ego"], env=_env(), capture_output=True, text=True
    )
    if init.returncode != 0:
        return Measure(0.0, None, init.returncode, "", init.stderr), {}, _tail(init.stderr)
    m = measure([*netmap, "import", str(file), "--format", "json"], env=_env())
    for leftover in work.glob(db.name + "*"):
        leftover.unlink()
    if m.returncode != 0:
        return m, {}, _tail(m.stderr) or f"exit code {m.returncode}"
    try:
        report = json.loads(m.stdout)
    except json.JSONDecodeError:
        return m, {}, "the import did not print one JSON object: " + _tail(m.stdout)
    return m, report, ""


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def _count(value) -> int:
    return len(value) if isinstance(value, list) else int(value or 0)


def _summary(report: dict) -> dict:
    return {k: _count(report.get(k)) for k in ("read", "new", "merged", "repaired", "rejected")}


def _bench_file(
    row: Row, path: Path, work: Path, python: str, repeat: int, slow_after: float, log
) -> None:
    baseline = VOBJECT_BASELINE if row.kind == "vcard" else CSV_BASELINE
    for run in range(repeat):
        m, report, error = _netmap_once(python, path, work, row.contacts)
        if error:
            row.error = error
            log(f"  netmap failed on {path.name}: {error}")
            break
        row.netmap_seconds.append(m.seconds)
        if m.peak_bytes is not None:
            row.netmap_peak_bytes = max(row.netmap_peak_bytes or 0, m.peak_bytes)
        row.report = _summary(report)
        row.runs += 1
        log(f"  netmap run {run + 1}: {m.seconds:.2f} s, {row.report}")
        if row.report["read"] != row.contacts:
            row.error = f"netmap read {row.report['read']} records, the file has {row.contacts}"
            log("  " + row.error)
        if m.seconds > slow_after:
            log(f"  slower than {slow_after:.0f} s: one run only")
            break
    for run in range(max(row.runs, 1)):
        m = measure([python, "-c", baseline, str(path)])
        if m.returncode != 0:
            log(f"  baseline failed on {path.name}: {_tail(m.stderr)}")
            break
        row.baseline_seconds.append(m.seconds)
        if m.peak_bytes is not None:
            row.baseline_peak_bytes = max(row.baseline_peak_bytes or 0, m.peak_bytes)
        log(f"  {row.baseline} run {run + 1}: {m.seconds:.2f} s")


def run_benchmark(
    sizes: list[int],
    csv_sizes: list[int],
    *,
    work: Path,
    repeat: int = 3,
    seed: int = 0,
    slow_after: float = 60.0,
    python: str = sys.executable,
    log=lambda message: None,
) -> list[Row]:
    """Generate the files (unless already in ``work``) and measure each one.

    Parameters
    ----------
    sizes, csv_sizes : list of int
        Cards per vCard file, rows per Google CSV file.
    work : Path
        Folder for the generated files and the throw-away workspaces.
    repeat : int
        Runs per file; a file whose first netmap run takes longer than ``slow_after`` seconds
        is run once.
    seed : int
        Seed of the generated files.
    python : str
        The interpreter that runs netmap and the bare parsers.
    log : callable
        Receives one line of progress at a time.

    Returns
    -------
    list of Row
    """
    gen = _load_generate()
    rows = []
    tag = f"s{seed}-v{gen.VERSION}"
    plan = [("vcard", n, f"bench-{n}-{tag}.vcf") for n in sizes]
    plan += [("google", n, f"google-{n}-{tag}.csv") for n in csv_sizes]
    for kind, n, name in plan:
        path = work / name
        if not path.exists():
            log(f"generating {path} ...")
            start = time.perf_counter()
            write = gen.write_vcards if kind == "vcard" else gen.write_google_csv
            write(path.with_suffix(".part"), n, seed)
            path.with_suffix(".part").rename(path)
            log(f"  {path.stat().st_size / MIB:.1f} MiB in {time.perf_counter() - start:.1f} s")
        baseline = "vobject" if kind == "vcard" else "csv module"
        row = Row(name, kind, n, baseline=baseline)
        log(f"measuring {name} ({n:,} {'cards' if kind == 'vcard' else 'rows'})")
        _bench_file(row, path, work, python, repeat, slow_after, log)
        rows.append(row)
    return rows


def _fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "n/a" if value is None else format(value, spec) + unit


def _targets(rows: list[Row]) -> list[dict]:
    """The three targets, judged on the largest vCard file measured."""
    vcards = [r for r in rows if r.kind == "vcard" and r.netmap_median is not None]
    if not vcards:
        return []
    big = max(vcards, key=lambda r: r.contacts)
    scale = big.contacts / 100_000
    seconds = big.netmap_median
    peak = max((r.netmap_peak_bytes or 0) for r in rows) or None
    out = [
        {
            "target": "100,000 vCards imported in < 60 s",
            "measured": f"{seconds:.1f} s for {big.contacts:,} cards",
            "ok": seconds < TARGET_SECONDS * scale if scale >= 1 else None,
        },
        {
            "target": "peak memory < 1 GiB",
            "measured": _fmt(peak / MIB if peak else None, ".0f", " MiB"),
            "ok": None if peak is None else peak < TARGET_PEAK,
        },
        {
            "target": "netmap / bare vobject <= 1.5",
            "measured": _fmt(big.ratio, ".2f", f" on {big.contacts:,} cards"),
            "ok": None if big.ratio is None else big.ratio <= TARGET_RATIO,
        },
    ]
    if scale < 1:
        out[0]["ok"] = None
    return out


def markdown(rows: list[Row]) -> str:
    """The results as a Markdown table, then the targets.

    Examples
    --------
    >>> row = Row("bench-1000-s0.vcf", "vcard", 1000, runs=3, netmap_seconds=[1.0, 2.0, 1.2],
    ...           netmap_peak_bytes=80 * MIB, baseline="vobject", baseline_seconds=[1.0, 1.0])
    >>> print(markdown([row]).splitlines()[2])
    | bench-1000-s0.vcf | 1,000 | 3 | 1.20 | 833 | 80 | vobject | 1.00 | n/a | 1.20 |
    """
    lines = [
        "| file | contacts | runs | netmap median s | contacts/s | peak MiB "
        "| baseline | baseline median s | baseline peak MiB | ratio |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        rate = r.contacts / r.netmap_median if r.netmap_median else None
        peak = r.netmap_peak_bytes / MIB if r.netmap_peak_bytes else None
        base_peak = r.baseline_peak_bytes / MIB if r.baseline_peak_bytes else None
        lines.append(
            f"| {r.file} | {r.contacts:,} | {r.runs} | {_fmt(r.netmap_median, '.2f')} "
            f"| {_fmt(rate, ',.0f')} | {_fmt(peak, '.0f')} "
            f"| {r.baseline} | {_fmt(r.baseline_median, '.2f')} | {_fmt(base_peak, '.0f')} "
            f"| {_fmt(r.ratio, '.2f')} |"
        )
    targets = _targets(rows)
    if targets:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        for t in targets:
            met = {True: "yes", False: "**no**", None: "not measured"}[t["ok"]]
            lines.append(f"| {t['target']} | {t['measured']} | {met} |")
    errors = [f"- {r.file}: {r.error}" for r in rows if r.error]
    if errors:
        lines += ["", "Problems:", *errors]
    return "\n".join(lines)


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring and benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="vCard file sizes (cards)")
    parser.add_argument(
        "--csv-sizes", default="100000", help="Google CSV sizes (rows); '' for none"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per file (median reported)")
    parser.add_argument(
        "--slow-after",
        type=float,
        default=60.0,
        help="a file whose first run takes longer than this many seconds is run once",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 cards and rows only")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated files")
    parser.add_argument("--workdir", type=Path, help="keep and reuse generated files here")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs netmap")
    args = parser.parse_args(argv)
    sizes, csv_sizes = _sizes(args.sizes), _sizes(args.csv_sizes)
    if args.quick:
        sizes, csv_sizes = [1000], [1000]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="netmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = run_benchmark(
            sizes,
            csv_sizes,
            work=work,
            repeat=max(args.repeat, 1),
            seed=args.seed,
            slow_after=args.slow_after,
            python=args.python,
            log=log,
        )
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(markdown(rows))
    if args.json:
        version = subprocess.run(
            [args.python, "-m", "netmap", "--version"], env=_env(), capture_output=True, text=True
        ).stdout.strip()
        data = {
            "netmap": version,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "seed": args.seed,
            "repeat": args.repeat,
            "rows": [r.to_dict() for r in rows],
            "targets": _targets(rows),
        }
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        log(f"wrote {args.json}")
    return 1 if any(r.error for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
