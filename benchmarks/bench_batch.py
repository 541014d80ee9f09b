"""Egos per second of ``netmap.batch.run_batch``: serial, a process pool and a Dask cluster.

One run generates (or reuses) ``--egos`` clustered ego networks of 50 to 1,500 alters, then
analyses them side by side (see benchmarks/README.md, "Batch benchmark"):

1. serially (``executor=None``);
2. with ``concurrent.futures.ProcessPoolExecutor(--workers)``;
3. with a Dask ``LocalCluster(n_workers=--workers, threads_per_worker=1, processes=True)``
   on loopback, through ``distributed.Client.get_executor()``;

and, through each executor, a trivial task per ego (the dispatch overhead). Medians over
``--repeat`` runs; every parallel table is checked equal to the serial one::

    python benchmarks/bench_batch.py --quick              # 50 egos, 3 runs each
    python benchmarks/bench_batch.py --workdir /tmp/nbb --json bench-batch.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

__all__ = [
    "Measure",
    "ceiling",
    "describe",
    "ego_network",
    "generate",
    "main",
    "measure",
    "sizes",
    "start",
    "table",
    "targets",
]

#: Bump when the generated networks change, so that cached files are not reused.
GENERATOR_VERSION = 2
MIN_ALTERS, MAX_ALTERS = 50, 1500
#: Acceptance (issue 6): speed-up over serial with 2 workers.
TARGETS = {"processes": 1.7, "dask": 1.5}


# --------------------------------------------------------------------------------------------
# The generated ego networks


def _rng(seed: int, index: int):
    import numpy as np

    return np.random.default_rng([seed, index])


def sizes(count: int, seed: int = 0) -> list[int]:
    """The number of alters of each of ``count`` egos: log-normal, clipped to 50 .. 1,500.

    Median 200 (between Dunbar's 150 and the median Facebook friend count), sigma 0.8:
    with seed 0, the 1,000 egos have a mean of 268 alters, 5% of them 53 or fewer (47 at
    the floor of 50), 5% 725 or more (3 at the cap of 1,500). Ego ``i``'s size depends only
    on ``(seed, i)``, so the first 50 egos of ``--quick`` are the first 50 of the full run.

    Examples
    --------
    >>> sizes(3)
    [221, 217, 124]
    """
    import numpy as np

    out = []
    for i in range(count):
        n = _rng(seed, i).lognormal(np.log(200), 0.8)
        out.append(int(np.clip(round(n), MIN_ALTERS, MAX_ALTERS)))
    return out


def ego_network(alters: int, seed: int = 0, index: int = 0) -> tuple[Any, Any]:
    """The ties among ``alters`` alters (ids ``1 .. alters``): ``(u, v)`` arrays, ``u < v``.

    The alters fall into ``k = max(3, alters / U(20, 50))`` groups (family, classes, teams,
    workplaces...) whose shares are Dirichlet(1.5); each alter is in one group plus
    Poisson(0.3) others (overlaps). Two members of a group are tied with a probability drawn
    per group in U(0.3, 0.7) (dense inside); then ``alters * U(0.5, 2)`` ties join alters
    drawn uniformly (sparse across). The ego (id 0) is tied to every alter; those ties are
    not returned. At 1,000 alters this gives about 21,000 ties among them and an average
    clustering of 0.40, the ego included (SNAP ego-Facebook's ego 107: 1,045 alters, 27,000
    ties, 0.61).

    Examples
    --------
    >>> u, v = ego_network(50, seed=0, index=0)
    >>> len(u), bool((u < v).all()), int(u.min()) >= 1, int(v.max()) <= 50
    (465, True, True, True)
    """
    import numpy as np

    rng = _rng(seed, index + 1_000_000_007)
    k = max(3, round(alters / rng.uniform(20, 50)))
    members: list[set[int]] = [set() for _ in range(k)]
    for a, g in enumerate(rng.choice(k, alters, p=rng.dirichlet(np.full(k, 1.5)))):
        members[g].add(a)
    extra = rng.poisson(0.3, alters)
    for a in np.nonzero(extra)[0].tolist():
        for g in rng.choice(k, min(int(extra[a]), k), replace=False).tolist():
            members[g].add(a)
    keys = []
    for group in members:
        m = np.array(sorted(group), dtype=np.int64)
        if len(m) < 2:
            continue
        i, j = np.triu_indices(len(m), 1)
        keep = rng.random(len(i)) < rng.uniform(0.3, 0.7)
        keys.append(m[i[keep]] * alters + m[j[keep]])
    across = int(alters * rng.uniform(0.5, 2.0))
    a, b = rng.integers(0, alters, across), rng.integers(0, alters, across)
    keys.append(np.minimum(a, b) * alters + np.maximum(a, b))
    found = np.unique(np.concatenate(keys))
    u, v = found // alters, found % alters
    keep = u != v
    return u[keep] + 1, v[keep] + 1


def generate(work: Path, count: int, seed: int, log: Callable[[str], None]) -> list[Path]:
    """The first ``count`` ego networks as edge lists in ``work``, written once and reused.

    One file per ego, ``egos-s{seed}-v{version}/ego-{index:04d}.txt``: a ``# ego: 0``
    comment (how ``netmap.formats.read_graph`` finds the ego), then ``u v`` per line, the
    ego's ties first.
    """
    folder = work / f"egos-s{seed}-v{GENERATOR_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    paths, made, start = [], 0, time.perf_counter()
    for index, alters in enumerate(sizes(count, seed)):
        path = folder / f"ego-{index:04d}.txt"
        paths.append(path)
        if path.exists():
            continue
        u, v = ego_network(alters, seed, index)
        lines = ["# ego: 0\n"]
        lines += [f"0 {a}\n" for a in range(1, alters + 1)]
        lines += [f"{a} {b}\n" for a, b in zip(u.tolist(), v.tolist(), strict=True)]
        tmp = path.with_suffix(".part")
        tmp.write_text("".join(lines), encoding="utf-8")
        tmp.replace(path)
        made += 1
    if made:
        log(f"generated {made} ego networks in {folder} ({time.perf_counter() - start:.1f} s)")
    return paths


# --------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Measure:
    """The runs of one executor: its start-up, each batch's time, each trivial pass."""

    executor: str  # "serial", "processes", "dask"
    workers: int
    startup: float | None = None  # start the executor and warm every worker (imports)
    seconds: list[float] = field(default_factory=list)  # each run_batch of every ego
    cpu: list[float] = field(default_factory=list)  # this process's CPU seconds in each
    worker_cpu: list[float] = field(default_factory=list)  # its child processes' CPU seconds
    trivial: list[float] = field(default_factory=list)  # each pass of a trivial task per ego
    ego_seconds: list[float] = field(default_factory=list)  # serial only: each ego's time
    same: bool | None = None  # the table equals the serial one
    errors: int = 0  # egos whose row has an error
    status: str = "ok"  # "ok" or "error"
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def trivial_median(self) -> float | None:
        return statistics.median(self.trivial) if self.trivial else None


def _trivial_pass(items: list, executor) -> float:
    """Seconds to send every ego through ``executor`` and back, doing nothing with it.

    The same pattern as ``run_batch`` (one ``submit`` per ego, then ``as_completed``), with
    ``getattr(item, "id")`` as the task: what dispatching costs, without the analyses.
    """
    from concurrent.futures import as_completed

    start = time.perf_counter()
    if executor is None:
        for item in items:
            getattr(item, "id")  # noqa: B009 -- the same call as the executors' task
    else:
        futures = [executor.submit(getattr, item, "id") for item in items]
        for future in as_completed(futures):
            future.result()
    return time.perf_counter() - start


def _children_cpu() -> float | None:
    """CPU seconds used so far by this process's children (pool, Dask nannies and workers).

    Needs psutil (a dependency of distributed); None without it.
    """
    try:
        import psutil
    except ImportError:
        return None
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _same(a, b) -> bool:
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    except AssertionError:
        return False
    return True


def start(name: str, workers: int, stack) -> Any:
    """Start executor ``name`` (``serial`` is None); its closing goes on ``stack``."""
    if name == "serial":
        return None
    if name == "processes":
        from concurrent.futures import ProcessPoolExecutor

        return stack.enter_context(ProcessPoolExecutor(workers))
    import logging
    import warnings

    from distributed import Client, LocalCluster

    with warnings.catch_warnings():
        # The scheduler's HTTP routes fall back to another port when 8787 is taken.
        warnings.filterwarnings("ignore", "Port .* is already in use", UserWarning)
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        )
    return stack.enter_context(Client(cluster)).get_executor()


def ceiling(workers: int, tasks: int = 8, n: int = 20_000_000) -> float:
    """The speed-up the machine gives right now: ``tasks`` CPU-bound sums, serial / pool.

    ``sum(range(n))`` holds the GIL and touches no memory; the pool is started and warmed
    before the clock starts. About 2 on a quiet 2-core machine; lower when other programs
    take CPU time, which then bounds every executor's speed-up in the same run.
    """
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(tasks):
        sum(range(n))
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(sum, [range(1)] * workers))
        start = time.perf_counter()
        list(pool.map(sum, [range(n)] * tasks))
        parallel = time.perf_counter() - start
    return serial / parallel


def measure(
    names: list[str],
    items: list,
    repeat: int,
    workers: int,
    analyses: tuple[str, ...],
    log: Callable[[str], None],
) -> list[Measure]:
    """Start every executor and warm it up, then ``repeat`` rounds of each, interleaved.

    In each round every executor runs the whole batch, then a trivial task per ego, in
    turn, so that other programs slowing the machine down weigh on all of them alike. The
    tables of the processes and of Dask are compared with the serial one of the same round.
    """
    from contextlib import ExitStack

    from netmap.batch import run_batch

    measures = {n: Measure(n, 1 if n == "serial" else workers) for n in names}
    executors: dict[str, Any] = {}
    stamps: list[float] = []  # when each ego of the first serial run finished

    def stamp(item, rows) -> None:
        stamps.append(time.perf_counter())

    with ExitStack() as stack:
        for name, m in measures.items():
            try:
                begun = time.perf_counter()
                executors[name] = start(name, workers, stack)
                # Warm-up: every worker imports netmap, pandas, networkx and scipy.
                warm = items[: 2 * m.workers]
                run_batch(warm, analyses=analyses, executor=executors[name])
                m.startup = time.perf_counter() - begun
                log(f"{name}: started and warmed in {m.startup:.2f} s")
            except Exception as exc:  # reported in the table; the other executors run
                m.status, m.note = "error", f"{type(exc).__name__}: {exc}"
                log(f"{name}: {m.note}")
        for run in range(repeat):
            reference = None
            for name, executor in executors.items():
                m = measures[name]
                if m.status != "ok":
                    continue
                progress = stamp if name == "serial" and run == 0 else None
                try:
                    cpu, kids = time.process_time(), _children_cpu()
                    begun = time.perf_counter()
                    result = run_batch(
                        items, analyses=analyses, executor=executor, progress=progress
                    )
                    m.seconds.append(time.perf_counter() - begun)
                    m.cpu.append(time.process_time() - cpu)
                    if kids is not None and name != "serial":
                        m.worker_cpu.append((_children_cpu() or 0.0) - kids)
                    if progress:
                        m.ego_seconds = [b - a for a, b in pairwise([begun, *stamps])]
                    m.trivial.append(_trivial_pass(items, executor))
                except Exception as exc:  # reported in the table; the others go on
                    m.status, m.note = "error", f"{type(exc).__name__}: {exc}"
                    log(f"{name}: {m.note}")
                    continue
                m.errors = max(m.errors, int(result["error"].notna().sum()))
                if name == "serial":
                    reference = result
                elif reference is not None:
                    m.same = _same(reference, result) and m.same is not False
                log(f"round {run + 1}/{repeat}: {name} {m.seconds[-1]:.2f} s")
    return list(measures.values())


# --------------------------------------------------------------------------------------------
# Reporting


def _fmt(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "—"
    if x == 0:
        return "0"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.{max(0, digits - 1 - int(_log10(abs(x))))}f}"


def _log10(x: float) -> float:
    import math

    return math.floor(math.log10(x)) if x > 0 else 0


def _efficiency(serial: Measure | None, m: Measure) -> float | None:
    """Serial CPU seconds / CPU seconds of the whole run (this process and its children).

    1.0 when going parallel costs no extra work; ``workers * efficiency`` is the speed-up
    the run would have had with a free core per worker and perfect balance.
    """
    if not serial or not serial.cpu or not m.cpu:
        return None
    total = statistics.median(m.cpu) + (statistics.median(m.worker_cpu) if m.worker_cpu else 0)
    return statistics.median(serial.cpu) / total if total else None


def table(measures: list[Measure], count: int) -> list[str]:
    """The Markdown table of the executors, side by side."""
    serial = next((m for m in measures if m.executor == "serial" and m.median), None)
    lines = [
        "| executor | workers | start-up s | runs | median s | egos/s | speed-up | "
        "trivial task ms/ego | overhead ms/ego | main CPU s | worker CPU s | cores busy | "
        "CPU efficiency | same table | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for m in measures:
        if m.status != "ok":
            lines.append(f"| {m.executor} | {m.workers} | {m.note} |" + " |" * 12)
            continue
        speed = serial.median / m.median if serial and m.median else None
        # Worker-seconds spent beyond the serial compute, per ego.
        overhead = (
            (m.median * m.workers - serial.median) / count * 1000
            if serial and m.median and m is not serial
            else None
        )
        same = "—" if m.same is None else ("yes" if m.same else "**no**")
        main_cpu = statistics.median(m.cpu) if m.cpu else None
        worker_cpu = statistics.median(m.worker_cpu) if m.worker_cpu else None
        busy = ((main_cpu or 0) + (worker_cpu or 0)) / m.median if m.median else None
        efficiency = _efficiency(serial, m)
        lines.append(
            f"| {m.executor} | {m.workers} | {_fmt(m.startup)} | {len(m.seconds)} | "
            f"{_fmt(m.median)} | {_fmt(count / m.median if m.median else None)} | "
            f"{_fmt(speed)} | {_fmt((m.trivial_median or 0) / count * 1000)} | "
            f"{_fmt(overhead)} | {_fmt(main_cpu)} | {_fmt(worker_cpu)} | {_fmt(busy)} | "
            f"{_fmt(efficiency)} | "
            f"{same} | {m.errors} |"
        )
    return lines


def targets(measures: list[Measure]) -> tuple[list[str], bool]:
    """The acceptance table and whether every target was met."""
    by = {m.executor: m for m in measures}
    serial = by.get("serial")
    lines = ["| target | measured | met |", "|---|---|---|"]
    ok = True
    for name, label in (("processes", "2 processes"), ("dask", "Dask, 2 workers")):
        m = by.get(name)
        goal = TARGETS[name]
        if not m or not m.median or not serial or not serial.median:
            lines.append(f"| {label}: at least {goal}x serial | not measured | no |")
            ok = False
            continue
        speed = serial.median / m.median
        met = speed >= goal and m.same is not False
        ok &= met
        efficiency = _efficiency(serial, m)
        projected = f"; {m.workers * efficiency:.2f}x projected from CPU time" if efficiency else ""
        lines.append(
            f"| {label}: at least {goal}x serial | {speed:.2f}x "
            f"({serial.median:.1f} s / {m.median:.1f} s{projected}) | "
            f"{'yes' if met else '**no**'} |"
        )
    return lines, ok


def describe(paths: list[Path], alters: list[int], seconds: list[float]) -> str:
    """One line about the generated egos (and, when measured, each ego's serial time)."""
    text = (
        f"{len(paths):,} egos: alters median {statistics.median(alters):,.0f}, "
        f"mean {statistics.mean(alters):,.0f}, min {min(alters):,}, max {max(alters):,}; "
        f"{sum(p.stat().st_size for p in paths) / 2**20:,.1f} MiB of edge lists"
    )
    if seconds:
        text += (
            f"; serial time per ego median {statistics.median(seconds) * 1000:,.0f} ms, "
            f"mean {statistics.mean(seconds) * 1000:,.0f} ms, largest {max(seconds):.2f} s"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring and benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--egos", type=int, default=1000, help="egos to generate (1000)")
    parser.add_argument("--quick", action="store_true", help="50 egos, 3 runs each")
    parser.add_argument(
        "--repeat", type=int, help="runs per executor, median reported (1; 3 with --quick)"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes and Dask workers (2)")
    parser.add_argument(
        "--executors",
        default="serial,processes,dask",
        help="which to run, comma-separated (serial is the reference; default all three)",
    )
    parser.add_argument(
        "--analyses",
        default="reach,weak-ties,brokerage,circles",
        help="netmap batch --analyses (default reach,weak-ties,brokerage,circles)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated egos (0)")
    parser.add_argument("--workdir", type=Path, help="keep the generated egos here for reuse")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    args = parser.parse_args(argv)
    count = 50 if args.quick else args.egos
    repeat = args.repeat or (3 if args.quick else 1)
    chosen = [e.strip() for e in args.executors.split(",") if e.strip()]
    analyses = tuple(a.strip() for a in args.analyses.split(",") if a.strip())

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    began = time.perf_counter()
    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="netmap-bench-batch-")
        work = Path(tmp.name)
    else:
        work = args.workdir
    try:
        paths = generate(work, count, args.seed, log)
        alters = sizes(count, args.seed)

        from netmap.batch import discover

        items = discover([str(p) for p in paths], format="edgelist")
        if len(items) != count:
            log(f"discover found {len(items)} egos, expected {count}")
            return 1
        names = ["serial", *dict.fromkeys(e for e in chosen if e != "serial")]
        for name in names:
            if name not in ("serial", "processes", "dask"):
                parser.error(f"unknown executor {name!r}")
        before = ceiling(args.workers)
        log(f"machine: {args.workers} processes give {before:.2f}x on a CPU-bound loop")
        measures = measure(names, items, repeat, args.workers, analyses, log)
        after = ceiling(args.workers)
        log(f"machine: {args.workers} processes give {after:.2f}x on a CPU-bound loop")
        serial_ego = measures[0].ego_seconds
        out = [
            describe(paths, alters, serial_ego),
            f"analyses {','.join(analyses)}; {repeat} run(s) per executor; "
            f"{os.cpu_count()} CPUs, load average at the end "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"{args.workers} processes on a CPU-bound loop (the machine's ceiling): "
            f"{before:.2f}x before, {after:.2f}x after",
            "",
            *table(measures, count),
            "",
        ]
        lines, ok = targets(measures)
        out += lines
        print("\n".join(out))
        failed = any(m.status != "ok" or m.errors or m.same is False for m in measures)
        log(f"done in {time.perf_counter() - began:.0f} s")
        if args.json:
            import networkx as nx

            import netmap

            args.json.write_text(
                json.dumps(
                    {
                        "egos": count,
                        "repeat": repeat,
                        "workers": args.workers,
                        "analyses": list(analyses),
                        "seed": args.seed,
                        "generator_version": GENERATOR_VERSION,
                        "alters": alters,
                        "measures": [asdict(m) for m in measures],
                        "targets": TARGETS,
                        "met": ok,
                        "ceiling": {"before": before, "after": after},
                        "machine": {
                            "python": platform.python_version(),
                            "platform": platform.platform(),
                            "cpus": os.cpu_count(),
                            "netmap": netmap.__version__,
                            "networkx": nx.__version__,
                            "loadavg_end": os.getloadavg(),
                        },
                    },
                    indent=1,
                ),
                encoding="utf-8",
            )
        return 1 if failed else 0
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
