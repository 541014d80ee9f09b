"""Every netmap command at load: 100,000 contacts and 1,000,000 ties, time and peak memory.

Two parts, each command a fresh process (see benchmarks/README.md, "Load"):

1. **workspace**: a generated vCard file and a Google CSV of the same people (overlapping, so
   that they merge), then a generated CSV of ties between the contacts, imported into one
   workspace; then every command that reads a workspace, and the commands that change one
   (on a copy);
2. **graph**: a generated clustered graph (bench_analysis.py's ``circles_graph``) through
   every command that takes ``--graph FILE --ego N``, ``export --graph`` to every format,
   and ``batch``.

Each command's wall time, CPU time and peak resident memory (its own ``ru_maxrss``, read with
``os.wait4`` by a small launcher process, so that the benchmark's own memory never counts)
are checked against the targets. ``--scaling`` runs the same at a quarter of the size and
gives the time ratio of each command (4x the data should cost 4-5x the time)::

    python benchmarks/bench_load.py --quick
    python benchmarks/bench_load.py --workdir /tmp/nbl --repeat 3 --scaling --json load.json
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import circles_graph, generated_graph
from bench_graph import BUILD
from bench_import import _env, _load_generate

__all__ = ["FULL", "QUICK", "Result", "Size", "main", "markdown", "plan", "run_command"]

ROOT = Path(__file__).resolve().parents[1]
MIB = 2**20
GIB_4 = 4 * 1024
#: Bump when the generated ties or rules change, so that kept files are not reused.
VERSION = 1

#: Runs ``cmd`` and prints its wall time, CPU time and peak memory as JSON. A small process
#: of its own: on Linux a child's ``ru_maxrss`` starts from the peak of the process it was
#: forked from (subprocess uses vfork), so measured from this benchmark, which holds
#: generated graphs, every command would seem to take that much.
LAUNCHER = """\
import json, os, resource, subprocess, sys, threading, time
timeout, limit, out, cmd = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
def cap():
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
with open(out, "wb") as so, open(out + ".err", "wb+") as se:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=so, stderr=se, preexec_fn=cap)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    _, status, ru = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    timer.cancel()
    se.seek(0)
    err = se.read().decode("utf-8", "replace")
peak = ru.ru_maxrss if sys.platform == "darwin" else ru.ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "cpu": ru.ru_utime + ru.ru_stime, "peak": peak,
                  "code": os.waitstatus_to_exitcode(status), "stderr": err[-3000:],
                  "timed_out": seconds >= timeout}))
"""

READ_GRAPH = """\
import json, sys, time
from netmap.formats import read_graph
start = time.perf_counter()
G = read_graph(sys.argv[1], ego=sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start, "nodes": G.number_of_nodes(),
                  "edges": G.number_of_edges()}))
"""

RULES = """\
[aliases]
"VIP" = "friends"
"Sport" = "friends"

[[rule]]
circle = "work"
organisation = ["Acme Industries", "Globex France", "Initech Lyon"]

[[rule]]
circle = "work"
email_domain = "acmeindustries.example"

[[rule]]
circle = "studies"
title_keyword = ["stagiaire", "alternant"]

[[rule]]
circle = "friends"
source = "{google}"
"""


@dataclass(frozen=True)
class Size:
    """How large the generated data is."""

    contacts: int  # vCards
    csv_rows: int  # Google CSV rows: the first people of the vCard file again
    ws_ties: int  # declared ties between contacts in the workspace
    nodes: int  # generated graph
    edges: int

    def quarter(self) -> Size:
        """The same at a quarter of the size (for ``--scaling``)."""
        return Size(*(max(1, v // 4) for v in asdict(self).values()))


FULL = Size(100_000, 20_000, 1_000_000, 100_000, 1_000_000)
QUICK = Size(2_000, 400, 20_000, 2_000, 20_000)

# Targets: (seconds, MiB).
T_IMPORT = (60.0, 1024.0)
T_BUILD = (60.0, GIB_4)
T_WS = (60.0, GIB_4)
T_GRAPH = (120.0, GIB_4)
T_OUT = (60.0, GIB_4)


@dataclass
class Step:
    """One command of the plan."""

    key: str  # what --only matches: "import", "export graphml", "reach" ...
    part: str  # "workspace" or "graph"
    phase: str  # "build" (timed, rebuilds the workspace), "read", "mutate" (once, on a copy)
    args: list[str]  # netmap's arguments, or ["-c", SCRIPT, ...] for a library call
    target: tuple[float, float]
    check: bool = False  # read the JSON report: every row read, none rejected


@dataclass
class Result:
    """The runs of one step at one size."""

    key: str
    part: str
    command: str
    input: str
    target: tuple[float, float]
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_bytes: int = 0
    status: str = "ok"  # ok, error, timeout
    note: str = ""
    info: dict = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        """Median wall time in seconds."""
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def met(self) -> bool | None:
        """Whether the median and the peak are within the target."""
        if self.status != "ok" or self.median is None:
            return False if self.status in ("error", "timeout") else None
        return self.median < self.target[0] and self.peak_bytes / MIB < self.target[1]

    def to_dict(self) -> dict:
        """JSON-ready figures."""
        return {**asdict(self), "median": self.median, "met": self.met}


def run_command(
    cmd: list[str], out: Path, timeout: float, env: dict, cwd: Path, limit: int = 0
) -> dict:
    """Run ``cmd`` under the launcher: seconds, cpu, peak (bytes), code, stderr, timed_out.

    Its stdout goes to ``out`` (its stderr to ``out.err``); it is killed after ``timeout``
    seconds, and its address space is capped at ``limit`` bytes (0: no cap). Interrupting
    the benchmark kills it too.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> m = run_command([sys.executable, "-c", "print(1)"], d / "o", 10, _env(), d)
    >>> m["code"], (d / "o").read_text(), m["peak"] > 1_000_000, m["timed_out"]
    (0, '1\\n', True, False)
    """
    launcher = [sys.executable, "-c", LAUNCHER, str(timeout), str(limit), str(out), *cmd]
    proc = subprocess.Popen(launcher, env=env, cwd=cwd, stdout=subprocess.PIPE,
                            text=True, start_new_session=True)  # fmt: skip
    try:
        stdout, _ = proc.communicate()
    except BaseException:
        os.killpg(proc.pid, 9)
        proc.wait()
        raise
    return json.loads(stdout)


# --------------------------------------------------------------------------------------------
# Data


def _atomic(path: Path, write) -> Path:
    if not path.exists():
        tmp = path.with_name(path.name + ".part")
        write(tmp)
        tmp.replace(path)
    return path


def _graph_info(path: Path, nodes: int, log) -> dict:
    """The ego (the node of rank nodes/100 by degree, lowest id on ties) and the intro target
    (highest degree exactly 3 steps away, else the farthest), kept beside the graph."""
    side = path.with_suffix(".load.json")
    if side.exists():
        return json.loads(side.read_text())
    import numpy as np
    import scipy.sparse as sp

    log(f"choosing the ego of {path.name} ...")
    u, v = np.loadtxt(path, dtype=np.int64, unpack=True)
    n = int(max(u.max(), v.max())) + 1
    A = sp.coo_matrix((np.ones(len(u), np.int8), (u, v)), shape=(n, n)).tocsr()
    A = (A + A.T).tocsr()
    degree = np.diff(A.indptr)
    order = np.lexsort((np.arange(n), -degree))
    ego = int(order[min(max(nodes // 100, 1), n) - 1])
    dist = np.full(n, -1)
    dist[ego], frontier, far = 0, np.array([ego]), 0
    for d in (1, 2, 3):
        nxt = np.unique(A[frontier].indices)
        nxt = nxt[dist[nxt] < 0]
        if not len(nxt):
            break
        dist[nxt], frontier, far = d, nxt, d
    ring = np.flatnonzero(dist == far)
    target = int(ring[np.lexsort((ring, -degree[ring]))[0]])
    info = {
        "nodes": n,
        "edges": len(u),
        "ego": str(ego),
        "ego_degree": int(degree[ego]),
        "target": str(target),
        "target_hops": far,
        "target_degree": int(degree[target]),
        "max_degree": int(degree.max()),
    }
    side.write_text(json.dumps(info))
    path.with_suffix(".ego").write_text(f"{ego}\n")  # for `netmap batch`
    return info


def prepare(size: Size, work: Path, seed: int, parts: set[str], log) -> dict:
    """Generate (or reuse) the files of one size; their paths and facts."""
    gen = _load_generate()
    tag = f"s{seed}-v{gen.VERSION}"
    data: dict = {}
    if "workspace" in parts:
        for kind, n, name, write in (
            ("vcf", size.contacts, f"load-{size.contacts}-{tag}.vcf", gen.write_vcards),
            ("csv", size.csv_rows, f"load-google-{size.csv_rows}-{tag}.csv", gen.write_google_csv),
        ):
            path = work / name
            if not path.exists():
                log(f"generating {name} ...")
            data[kind] = _atomic(path, lambda p, n=n, write=write: write(p, n, seed))
        data["rules"] = work / f"load-rules-v{VERSION}.toml"
        data["rules"].write_text(RULES.format(google=data["csv"].name), "utf-8")
        data["db"] = work / f"load-ws-{size.contacts}-{size.csv_rows}-{size.ws_ties}-{tag}.db"
    if "graph" in parts:
        data["graph"] = generated_graph(work, "circles", size.nodes, size.edges, seed, log)
        data["graph_info"] = _graph_info(data["graph"], size.nodes, log)
    return data


def _ties_file(db: Path, ties: int, seed: int, work: Path, log) -> Path:
    """A CSV of ``ties`` ties between the workspace's contacts: circles_graph over them."""
    with closing(sqlite3.connect(db)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM persons WHERE is_ego = 0 ORDER BY id")]
    digest = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:10]
    path = work / f"load-ties-{ties}-s{seed}-{digest}-v{VERSION}.csv"
    if path.exists():
        return path
    log(f"generating {path.name} ({ties:,} ties between {len(ids):,} people) ...")

    def write(tmp: Path) -> None:
        u, v = circles_graph(len(ids), ties, seed)
        with tmp.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(["person_a", "person_b", "strength"])
            for i, (a, b) in enumerate(zip(u.tolist(), v.tolist(), strict=True)):
                out.writerow([ids[a], ids[b], 1 + i % 5])

    return _atomic(path, write)


def _workspace_facts(db: Path) -> dict:
    """Ids and names the commands are given: a person with most records, two others, the
    largest organisation."""
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT person_id, COUNT(*) c FROM records GROUP BY person_id ORDER BY c DESC, "
            "person_id LIMIT 3"
        ).fetchall()
        people = conn.execute("SELECT COUNT(*) FROM persons WHERE is_ego = 0").fetchone()[0]
    return {
        "person": rows[0][0],
        "other": rows[1][0],
        "third": rows[2][0],
        "org": "Acme Industries",
        "people": people,
    }


# --------------------------------------------------------------------------------------------
# The plan

#: (key, netmap arguments, target); ``{name}`` is filled in at run time.
WORKSPACE_BUILD = [
    ("import vcard", ["import", "{vcf}", "--format", "json"], T_IMPORT),
    ("import csv", ["import", "{csv}", "--format", "json"], T_IMPORT),
    ("ties import", ["ties", "import", "{ties}", "--format", "json"], T_IMPORT),
    ("rules load", ["rules", "load", "{rules}"], T_WS),
]
WORKSPACE_READ = [
    ("build_graph", ["-c", BUILD, "{db}"], T_BUILD),
    ("contacts", ["contacts"], T_WS),
    ("contacts --search", ["contacts", "--search", "acme"], T_WS),
    ("show", ["show", "{person}"], T_WS),
    ("sources", ["sources"], T_WS),
    ("dedupe", ["dedupe", "-o", "review.csv"], T_WS),
    ("circles", ["circles"], T_WS),
    ("circles --members", ["circles", "--members", "work"], T_WS),
    ("rules apply", ["rules", "apply"], T_WS),
    ("ties", ["ties", "--format", "csv", "-o", "ties.csv"], T_WS),
    ("ties suggest", ["ties", "suggest"], T_WS),
    ("reach", ["reach"], T_WS),
    ("weak-ties", ["weak-ties"], T_WS),
    ("weak-ties --between-circles", ["weak-ties", "--between-circles"], T_WS),
    ("intro", ["intro", "{org}"], T_WS),
    ("brokerage", ["brokerage"], T_WS),
    ("circles compare", ["circles", "compare"], T_WS),
    ("summary", ["summary"], T_WS),
    *[(f"export {f}", ["export", "--format", f, "-o", f"ws.{f}"], T_OUT)
      for f in ("graphml", "gexf", "json", "csv", "edgelist")],
    ("report", ["report", "-o", "ws.html"], T_OUT),
    *[(f"plot {k}", ["plot", k, *x, "-o", f"ws-{k}.png"], T_OUT)
      for k, x in (("circles", []), ("network", []), ("intro", ["{org}"]), ("reach", []))],
]  # fmt: skip
WORKSPACE_MUTATE = [  # once each, in this order, on a copy of the workspace
    ("tag", ["tag", "{person}", "family"], T_WS),
    ("untag", ["untag", "{person}", "family"], T_WS),
    ("tie", ["tie", "{person}", "{other}", "--strength", "4"], T_WS),
    ("untie", ["untie", "{person}", "{other}"], T_WS),
    ("merge", ["merge", "{other}", "{third}"], T_WS),
    ("split", ["split", "{other}"], T_WS),
    ("forget", ["forget", "{csv_name}"], T_WS),
]
GRAPH_READ = [  # each also gets --graph FILE --ego N, except the first and the last
    ("read_graph", ["-c", READ_GRAPH, "{graph}", "{ego}"], T_BUILD),
    ("reach", ["reach"], T_GRAPH),
    ("weak-ties", ["weak-ties"], T_GRAPH),
    ("weak-ties --all-edges", ["weak-ties", "--all-edges"], T_GRAPH),
    ("intro", ["intro", "{target}"], T_GRAPH),
    ("brokerage", ["brokerage"], T_GRAPH),
    ("brokerage --all", ["brokerage", "--all", "--format", "csv", "-o", "b-all.csv"], T_GRAPH),
    ("circles compare", ["circles", "compare"], T_GRAPH),
    ("summary", ["summary"], T_GRAPH),
    ("report", ["report", "-o", "g.html"], T_OUT),
    *[(f"plot {k}", ["plot", k, *x, "-o", f"g-{k}.png"], T_OUT)
      for k, x in (("circles", []), ("network", []), ("intro", ["{target}"]), ("reach", []))],
    *[(f"export {f}", ["export", "--format", f, "-o", "g-snap/g" if f == "snap" else f"g.{f}"],
       T_OUT) for f in ("graphml", "gexf", "json", "csv", "edgelist", "snap")],
    ("batch", ["batch", "{graph}", "--format", "edgelist", "--jobs", "1", "-o", "batch.csv"],
     T_GRAPH),
]  # fmt: skip


def plan(parts: set[str]) -> list[Step]:
    """Every step of the parts asked for, in order."""
    steps = []
    if "workspace" in parts:
        for phase, rows in (("build", WORKSPACE_BUILD), ("read", WORKSPACE_READ),
                            ("mutate", WORKSPACE_MUTATE)):  # fmt: skip
            steps += [Step(k, "workspace", phase, a, t, phase == "build" and k != "rules load")
                      for k, a, t in rows]  # fmt: skip
    if "graph" in parts:
        for k, a, t in GRAPH_READ:
            extra = [] if a[0] == "-c" or k == "batch" else ["--graph", "{graph}", "--ego", "{ego}"]
            steps.append(Step(k, "graph", "read", [*a, *extra], t))
    return steps


def _selected(step: Step, only: list[str] | None) -> bool:
    return not only or any(step.key == o or step.key.startswith(o + " ") for o in only)


# --------------------------------------------------------------------------------------------
# Running


class _BuildFailed(Exception):
    pass


def _copy_db(src: Path, dst: Path) -> None:
    """Copy a closed workspace (its WAL checkpointed first)."""
    for stale in dst.parent.glob(dst.name + "*"):
        stale.unlink()
    with closing(sqlite3.connect(src)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(src, dst)


class Runner:
    """Runs the steps of one size: builds the workspace, then every selected command."""

    def __init__(self, size: Size, data: dict, out: Path, options: argparse.Namespace, log):
        self.size, self.data, self.out, self.o, self.log = size, data, out, options, log
        self.env = {**_env(), "MPLBACKEND": "Agg", "NO_COLOR": "1"}
        self.values = {k: str(v) for k, v in data.items() if isinstance(v, Path)}
        self.values.update(vcf_n=str(size.contacts), csv_n=str(size.csv_rows),
                           ties_n=str(size.ws_ties))  # fmt: skip
        if "graph_info" in data:
            g = data["graph_info"]
            self.values.update(ego=g["ego"], target=g["target"])
        if "csv" in data:
            self.values["csv_name"] = data["csv"].name
        (out / "g-snap").mkdir(parents=True, exist_ok=True)

    def _args(self, step: Step, shown: bool = False) -> list[str]:
        values = self.values
        if shown:  # files by their name only
            values = {k: (Path(v).name if k in self.data else v) for k, v in values.items()}
        # ["-c", SCRIPT, args...]: the script is left alone
        return [a if step.args[0] == "-c" and i == 1 else a.format_map(values)
                for i, a in enumerate(step.args)]  # fmt: skip

    def _new(self, step: Step) -> Result:
        if step.args[0] == "-c":
            command = f"{step.key} (library, {Path(self._args(step, True)[2]).name})"
        else:
            command = "netmap " + " ".join(self._args(step, True))
        what = {"import vcard": f"{self.size.contacts:,} vCards",
                "import csv": f"{self.size.csv_rows:,} Google CSV rows (all merge)",
                "ties import": f"{self.size.ws_ties:,} ties"}.get(step.key, step.part)  # fmt: skip
        return Result(step.key, step.part, command, what, step.target)

    def once(self, step: Step, result: Result, db: Path | None) -> bool:
        """One run; False when it failed (the result says why)."""
        args = self._args(step)
        cmd = [sys.executable, *args] if args[0] == "-c" else [
            sys.executable, "-m", "netmap", "--db", str(db), *args]  # fmt: skip
        limit = int(self.o.memory_limit * 2**30)
        m = run_command(cmd, self.out / "stdout.txt", self.o.timeout, self.env, self.out, limit)
        result.peak_bytes = max(result.peak_bytes, m["peak"])
        if m["timed_out"] or m["code"] == -9:
            result.status, result.note = "timeout", f"killed after {self.o.timeout:g} s"
            result.seconds = [m["seconds"]]
            return False
        if m["code"]:
            tail = " | ".join(m["stderr"].strip().splitlines()[-2:])
            if "MemoryError" in m["stderr"]:
                tail = f"over the {self.o.memory_limit:g} GiB cap (MemoryError) | " + tail
            result.status, result.note = "error", f"exit {m['code']}: {tail}"
            return False
        result.seconds.append(m["seconds"])
        result.cpu.append(m["cpu"])
        if step.check or args[0] == "-c":
            report = json.loads((self.out / "stdout.txt").read_text("utf-8"))
            keep = ("read", "new", "merged", "updated", "rejected", "nodes", "edges", "origins")
            result.info = {k: (len(v) if isinstance(v, list) else v)
                           for k, v in report.items() if k in keep}  # fmt: skip
        if step.check:
            want = self.values[{"import vcard": "vcf_n", "import csv": "csv_n"}.get(
                step.key, "ties_n")]  # fmt: skip
            if str(result.info.get("read")) != want or result.info.get("rejected"):
                result.status = "error"
                result.note = f"read {result.info.get('read')} of {want}, rejected " + str(
                    result.info.get("rejected"))  # fmt: skip
                return False
        return True

    def build(self, steps: list[Step], timed: bool) -> dict[str, Result]:
        """Build the workspace from scratch ``repeat`` times (once, if ``timed`` is False)."""
        db, results = self.data["db"], {}
        for _ in range(self.o.repeat if timed else 1):
            tmp = db.with_name(db.stem + ".building.db")
            for leftover in db.parent.glob(tmp.name + "*"):
                leftover.unlink()
            subprocess.run(
                [sys.executable, "-m", "netmap", "--db", str(tmp), "init", "--me", "Bench Ego"],
                env=self.env,
                capture_output=True,
                check=True,
            )
            for step in steps:
                if step.key == "ties import":
                    ties = _ties_file(tmp, self.size.ws_ties, self.o.seed, db.parent, self.log)
                    self.values["ties"] = str(ties)
                    with ties.open("rb") as f:  # circles_graph adds a tie per lone person
                        self.values["ties_n"] = str(sum(1 for _ in f) - 1)
                    self.data["ties"] = ties
                result = results.setdefault(step.key, self._new(step))
                ok = self.once(step, result, tmp)
                self.log(
                    f"  workspace {step.key}: "
                    f"{_seconds(result.seconds[-1]) if ok else result.status} s, "
                    f"{result.peak_bytes / MIB:.0f} MiB {result.info or result.note}"
                )
                if not ok:
                    raise _BuildFailed(results)
            for leftover in db.parent.glob(db.name + "*"):
                leftover.unlink()
            tmp.replace(db)
            for suffix in ("-wal", "-shm"):
                Path(str(tmp) + suffix).unlink(missing_ok=True)
        return results

    def run(self, only: list[str] | None) -> dict[tuple[str, str], Result]:
        """Every selected step: ``{(part, key): Result}``."""
        steps = plan(set(self.o.parts))
        chosen = [s for s in steps if _selected(s, only)]
        results: dict[tuple[str, str], Result] = {}
        db = self.data.get("db")
        ws = [s for s in chosen if s.part == "workspace"]
        if ws:
            timed = any(s.phase == "build" for s in ws)
            if timed or not db.exists():
                if not timed:
                    self.log(f"building the workspace {db.name} (untimed) ...")
                try:
                    built = self.build([s for s in steps if s.phase == "build"], timed)
                except _BuildFailed as exc:
                    built, ws = exc.args[0], []
                    timed = True  # report the failure
                if timed:
                    results.update({("workspace", k): r for k, r in built.items()})
            if ws:
                self.data["facts"] = _workspace_facts(db)
                self.values.update({k: str(v) for k, v in self.data["facts"].items()})
        copied = False
        for step in chosen:
            if step.phase == "build" or (step.part == "workspace" and not ws):
                continue
            result = results[(step.part, step.key)] = self._new(step)
            target = db
            if step.phase == "mutate":
                target = db.with_name(db.stem + ".mutate.db")
                if not copied:
                    _copy_db(db, target)
                    copied = True
            for _ in range(1 if step.phase == "mutate" else self.o.repeat):
                if not self.once(step, result, target):
                    break
            self.log(f"  {step.part} {step.key}: {_seconds(result.median)} s, "
                     f"{result.peak_bytes / MIB:.0f} MiB {result.status} "
                     f"{result.note or result.info or ''}")  # fmt: skip
        return results


# --------------------------------------------------------------------------------------------
# Reporting


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 1:
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _target(t: tuple[float, float]) -> str:
    mem = "4 GiB" if t[1] >= GIB_4 else f"{t[1] / 1024:g} GiB"
    return f"< {t[0]:g} s, < {mem}"


def markdown(results: dict, quarter: dict | None = None) -> str:
    """The table: one row per command, with the x1/4 ratio when ``quarter`` is given.

    Examples
    --------
    >>> r = Result("reach", "graph", "netmap reach", "g", (120.0, 4096.0), [2.0, 3.0],
    ...            [2.0, 2.5], 300 * MIB)
    >>> q = Result("reach", "graph", "netmap reach", "g", (120.0, 4096.0), [0.5], [0.5], 0)
    >>> print(markdown({("graph", "reach"): r}, {("graph", "reach"): q}).splitlines()[-1])
    | `netmap reach` | g | 2 | 2.5 | 2.2 | 300 | < 120 s, < 4 GiB | yes | 0.50 | 5.0 | 4.5 |
    """
    head = "| command | input | runs | median s | CPU s | peak MiB | target | met |"
    rule = "|---|---|---:|---:|---:|---:|---|---|"
    if quarter is not None:
        head += " x1/4 median s | ratio | CPU ratio |"
        rule += "---:|---:|---:|"
    lines = [head, rule]
    for key, r in results.items():
        cpu = statistics.median(r.cpu) if r.cpu else None
        med = _seconds(r.median) if r.status == "ok" else f"{r.status} ({_seconds(r.median)})"
        met = {True: "yes", False: "**no**", None: "—"}[r.met]
        line = (
            f"| `{r.command}` | {r.input} | {len(r.seconds)} | {med} | "
            f"{_seconds(cpu)} | {r.peak_bytes / MIB:.0f} | {_target(r.target)} | {met} |"
        )
        if quarter is not None:
            q = quarter.get(key)
            ratios = []
            for full, part in ((r.seconds, q and q.seconds), (r.cpu, q and q.cpu)):
                ratio = statistics.median(full) / statistics.median(part) if full and part else None
                flag = "" if ratio is None or ratio <= 8 else "**"  # x4 data, over x8 time
                ratios.append("—" if ratio is None else f"{flag}{ratio:.1f}{flag}")
            line += f" {_seconds(q.median if q else None)} | {' | '.join(ratios)} |"
        lines.append(line)
    notes = [f"- {r.part} `{r.command}`: {r.status}: {r.note}"
             for r in results.values() if r.status != "ok"]  # fmt: skip
    return "\n".join(lines + (["", *notes] if notes else []))


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring and benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small sizes (QUICK)")
    for name, default in asdict(FULL).items():
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=int,
            help=f"default {default:,} ({getattr(QUICK, name):,} with --quick)",
        )
    parser.add_argument("--parts", default="workspace,graph", help="workspace, graph or both")
    parser.add_argument("--only", help="comma-separated commands (e.g. import,reach,export)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (median)")
    parser.add_argument("--scaling", action="store_true",
                        help="first the same at 1/4 of the size; give the time ratios")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=600.0, help="kill a run after this")
    parser.add_argument("--memory-limit", type=float, default=8.0,
                        help="address-space cap of each command, GiB (0: none)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="keep and reuse generated data here")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    o = parser.parse_args(argv)
    base = QUICK if o.quick else FULL
    size = replace(base, **{k: v for k, v in vars(o).items() if k in asdict(base) and v})
    o.parts = [p.strip() for p in o.parts.split(",") if p.strip()]
    o.repeat = max(1, o.repeat)
    only = [x.strip() for x in o.only.split(",") if x.strip()] if o.only else None

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # kill the running command too
    started = time.perf_counter()
    work = (o.workdir or Path(tempfile.mkdtemp(prefix="netmap-bench-load-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    runs: dict[str, tuple[Size, dict, dict]] = {}
    try:
        for label, s in [*([("quarter", size.quarter())] if o.scaling else []), ("full", size)]:
            log(f"{label}: {s}")
            data = prepare(s, work, o.seed, set(o.parts), log)
            runner = Runner(s, data, work / f"out-{label}", o, log)
            runs[label] = (s, data, runner.run(only))
    finally:
        if o.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    s, data, results = runs["full"]
    quarter = runs["quarter"][2] if "quarter" in runs else None
    if "graph_info" in data:
        g = data["graph_info"]
        print(
            f"graph: {g['nodes']:,} nodes, {g['edges']:,} edges, largest degree "
            f"{g['max_degree']:,}; ego {g['ego']} (degree {g['ego_degree']:,}); intro target "
            f"{g['target']} ({g['target_hops']} steps, degree {g['target_degree']:,})"
        )
    if "facts" in data:
        print(
            f"workspace: {s.contacts:,} vCards then {s.csv_rows:,} Google CSV rows of the "
            f"same people, {data['facts']['people']:,} people, {s.ws_ties:,} declared ties"
        )
    build = results.get(("workspace", "build_graph"))
    if build is not None and build.info:
        print(f"workspace graph: {build.info['nodes']:,} nodes, {build.info['edges']:,} edges "
              f"({build.info.get('origins')})")  # fmt: skip
    print()
    print(markdown(results, quarter))
    total = time.perf_counter() - started
    log(f"total {total:.0f} s")
    if o.json:
        payload = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "repeat": o.repeat,
            "seconds": total,
            "sizes": {k: asdict(v[0]) for k, v in runs.items()},
            "graph": {k: v[1].get("graph_info") for k, v in runs.items()},
            "results": {k: [r.to_dict() for r in v[2].values()] for k, v in runs.items()},
        }
        o.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
        log(f"wrote {o.json}")
    failed = [r for v in runs.values() for r in v[2].values() if r.status in ("error", "timeout")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
