"""Time every analysis command and function, each beside the same kernel in igraph.

Three parts, in one run (see benchmarks/README.md, "Analysis benchmark"):

1. each analysis command as a fresh process on SNAP ego-Facebook (``--graph
   facebook_combined.txt --ego 107``): wall time and peak memory;
2. each library function in-process, on ego-Facebook and on a generated graph of 100,000
   nodes and 1,000,000 edges, beside the nearest igraph kernel on the same graph;
3. reading the graph file: ``netmap.formats.read_graph`` beside ``igraph.Graph.Read_Edgelist``.

Medians over ``--repeat`` runs. igraph is needed by this benchmark only
(``pip install -r benchmarks/requirements.txt``), never by netmap::

    python benchmarks/bench_analysis.py --quick             # ego-Facebook only, 1 run
    python benchmarks/bench_analysis.py --workdir /tmp/nb --json bench-analysis.json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Case", "Timing", "circles_graph", "main", "run_cli", "time_call"]

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("../shared/data/snap-ego-facebook/facebook_combined.txt")
MIB = 2**20
#: Bump when the generated graph changes, so that a cached file is not reused.
GENERATOR_VERSION = 1


# --------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Timing:
    """The runs of one function (or command): seconds of each, and how it ended."""

    seconds: list[float] = field(default_factory=list)
    status: str = "ok"  # "ok", "timeout", "error", "skipped", "missing"
    note: str = ""
    peak_bytes: int | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def time_call(
    fn: Callable[[], Any], repeat: int, *, timeout: float, slow_after: float
) -> tuple[Timing, Any]:
    """Run ``fn`` up to ``repeat`` times in this process; its timing and last result.

    A run longer than ``slow_after`` seconds is not repeated. ``timeout`` stops a run with
    SIGALRM, which Python handles between bytecodes: a single long call into C overruns it.
    """
    timing, result = Timing(), None
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for _ in range(repeat):
            result = None
            gc.collect()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            start = time.perf_counter()
            try:
                result = fn()
            except _Timeout:
                timing.status, timing.note = "timeout", f"stopped after {timeout:g} s"
                timing.seconds = [time.perf_counter() - start]
                return timing, None
            except Exception as exc:
                timing.status = "error"
                timing.note = f"{type(exc).__name__}: {exc}"
                traceback.print_exc(file=sys.stderr)
                return timing, None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            timing.seconds.append(time.perf_counter() - start)
            if timing.seconds[-1] > slow_after:
                break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return timing, result


#: Runs a command and reports its wall time and peak memory. A small process of its own,
#: because on Linux a child's ``ru_maxrss`` counts the memory of the process it was forked
#: from: forked from this benchmark, which holds a million-edge graph, every command would
#: seem to take that much.
LAUNCHER = """\
import json, resource, subprocess, sys, time
timeout, cmd = float(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
try:
    err = proc.communicate(timeout=timeout)[1]
except subprocess.TimeoutExpired:
    proc.kill()
    err = proc.communicate()[1]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak = peak if sys.platform == "darwin" else peak * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "code": proc.returncode,
                  "stderr": err.decode("utf-8", "replace")[-2000:]}))
"""


def run_cli(
    cmd: list[str], timeout: float, env: dict[str, str]
) -> tuple[float, int | None, int, str]:
    """Run ``cmd`` as a fresh process: wall seconds, peak RSS bytes, exit code, stderr.

    The peak is the process's own ``ru_maxrss``; the process is killed after ``timeout``
    seconds (exit code -9). POSIX only.

    Examples
    --------
    >>> seconds, peak, code, err = run_cli([sys.executable, "-c", "pass"], 10, _env())
    >>> code, err, 0 < seconds < 10, peak > 1_000_000
    (0, '', True, True)
    """
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(timeout), *cmd],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    m = json.loads(out.stdout)
    return m["seconds"], m["peak"], m["code"], m["stderr"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.pop("NETMAP_DB", None)
    return env


# --------------------------------------------------------------------------------------------
# The generated graph


def circles_graph(n: int, edges: int, seed: int = 0) -> tuple[Any, Any]:
    """A seeded clustered graph with a heavy-tailed degree: ``(u, v)`` arrays, ``u < v``.

    People join 1 + Poisson(0.5) groups ("circles") whose sizes follow a power law
    (exponent 2.5) between 5 and 50; two members of a group are tied with probability 0.8.
    The rest of the ``edges`` join people chosen in proportion to a Pareto activity
    (exponent 2.7, a Chung-Lu graph): the hubs and the long ties between circles.
    Duplicates and self-loops are dropped, then random ties until exactly ``edges``, then
    one tie for each person left alone (so every id ``0 .. n-1`` is in the edge list).
    With 100,000 people and 1,000,000 ties: 87% of ties within circles, average local
    clustering 0.45 (ego-Facebook: 0.61), largest degree about 830.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    slots = np.repeat(np.arange(n), 1 + rng.poisson(0.5, n))
    rng.shuffle(slots)
    low, high, exponent = 5, 50, 2.5
    rows, cols, start = [], [], 0
    while start < len(slots):
        u = rng.random()
        size = int(low * (1 - u * (1 - (low / high) ** (exponent - 1))) ** (-1 / (exponent - 1)))
        members = slots[start : start + size]
        start += size
        i, j = np.triu_indices(len(members), 1)
        keep = rng.random(len(i)) < 0.8
        rows.append(members[i[keep]])
        cols.append(members[j[keep]])
    activity = rng.pareto(1.7, n) + 1
    p = activity / activity.sum()

    def keys(a, b):
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        return np.unique((lo.astype(np.int64) * n + hi)[lo != hi])

    found = keys(np.concatenate(rows), np.concatenate(cols))
    while len(found) < edges:
        need = int((edges - len(found)) * 1.05) + 10
        found = np.union1d(found, keys(rng.choice(n, need, p=p), rng.choice(n, need, p=p)))
    if len(found) > edges:
        found = np.sort(rng.choice(found, edges, replace=False))
    u, v = found // n, found % n
    alone = np.setdiff1d(np.arange(n), np.concatenate([u, v]))
    if len(alone):
        other = rng.choice(n, len(alone), p=p)
        other = np.where(other == alone, (other + 1) % n, other)
        u, v = np.r_[u, np.minimum(alone, other)], np.r_[v, np.maximum(alone, other)]
    return u, v


def generated_graph(work: Path, model: str, n: int, edges: int, seed: int, log) -> Path:
    """The generated edge list (``u v`` per line, ids ``0 .. n-1``), made once in ``work``."""
    path = work / f"{model}-{n}-{edges}-s{seed}-v{GENERATOR_VERSION}.txt"
    if path.exists():
        return path
    log(f"generating {path.name} ...")
    if model == "circles":
        u, v = circles_graph(n, edges, seed)
        pairs = zip(u.tolist(), v.tolist(), strict=True)
    else:
        import networkx as nx

        pairs = nx.powerlaw_cluster_graph(n, max(1, round(edges / n)), 0.1, seed=seed).edges()
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as f:
        f.writelines(f"{a} {b}\n" for a, b in pairs)
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------------------------
# The cases: a netmap function and the nearest igraph kernel, on one graph


@dataclass
class Case:
    """One row of the table: a netmap function and the nearest igraph kernel."""

    key: str
    netmap: str
    igraph: str
    netmap_fn: Callable[[], Any] | None
    igraph_fn: Callable[[], Any] | None
    skip_note: str = ""


@dataclass
class Graphs:
    """One graph as netmap and igraph read it, its ego and the intro target."""

    label: str
    path: Path
    G: Any
    g: Any
    ego: str
    target: str
    target_hops: int
    info: dict = field(default_factory=dict)

    def index(self, node: str) -> int:
        return int(node)  # edge lists of integer ids 0 .. n-1: igraph's vertex = the id


def _intro_target(G, ego: str, hops: int = 3) -> tuple[str, int]:
    """The person of highest degree exactly ``hops`` steps from the ego (else the farthest)."""
    import networkx as nx

    dist = nx.single_source_shortest_path_length(G, ego, cutoff=hops)
    far = max(d for v, d in dist.items())
    ring = [v for v, d in dist.items() if d == far]
    return min(ring, key=lambda v: (-G.degree(v), int(v))), far


def _ig_ego_betweenness(g, v: int) -> float:
    """Betweenness of ``v`` in its ego graph (igraph, unnormalised)."""
    members = sorted(g.neighborhood(v))
    return g.induced_subgraph(members).betweenness(members.index(v), directed=False)


def _ig_sources(g) -> list[int] | None:
    """The sources netmap's whole-graph betweenness uses (None: exact)."""
    import numpy as np

    from netmap.analysis.structural_holes import (
        EXACT_BETWEENNESS_WORK,
        SAMPLED_BETWEENNESS_WORK,
    )

    n, m = g.vcount(), g.ecount()
    if n * m <= EXACT_BETWEENNESS_WORK:
        return None
    k = max(20, math.ceil(SAMPLED_BETWEENNESS_WORK / m))
    return np.sort(np.random.default_rng(0).choice(n, size=k, replace=False)).tolist()


def _communities_module():
    try:
        from netmap.analysis import communities

        communities.compare_circles  # noqa: B018
        return communities, ""
    except (ImportError, AttributeError) as exc:
        return None, f"netmap.analysis.communities not importable ({exc})"


def cases(x: Graphs) -> list[Case]:
    """The rows measured on the graph ``x``."""
    from netmap.analysis import bridges, brokerage, introductions, reach, summary, weak_ties

    G, g, ego, e = x.G, x.g, x.ego, x.index(x.ego)
    ties = [(e, x.index(a)) for a in G[ego]]
    edges = g.get_edgelist()
    h = introductions.HOP_PROBABILITY
    cost = [
        -math.log(introductions.hop_probability_of(G.edges[str(a), str(b)].get("strength"), 1.0, h))
        for a, b in edges
    ]
    sources = _ig_sources(g)
    alters = g.neighbors(e)

    def ig_reach():
        return g.neighborhood(e, order=3)

    def ig_ties():
        return g.similarity_jaccard(pairs=ties), g.bridges()

    def ig_burt():
        return g.constraint([e]), _ig_ego_betweenness(g, e)

    def ig_burt_whole():
        return ig_burt(), g.betweenness(sources=sources, directed=False)

    def ig_all():
        return (
            g.constraint(),
            [_ig_ego_betweenness(g, v) for v in range(g.vcount())],
            g.betweenness(sources=sources, directed=False),
        )

    def ig_louvain():
        random.seed(0)
        return g.induced_subgraph(alters).community_multilevel()

    t = x.target
    rows = [
        Case("reach", "reach.reach_analysis(hops=3)", "neighborhood(order=3)",
             lambda: reach.reach_analysis(G, ego, hops=3), ig_reach),
        Case("reach_headline", "reach.headline", "neighborhood(order=3)",
             lambda: reach.headline(G, ego), ig_reach),
        Case("weak_ties", "weak_ties.weak_ties (ego's ties)",
             "similarity_jaccard(pairs=ego's ties) + bridges()",
             lambda: weak_ties.weak_ties(G, ego), ig_ties),
        Case("weak_ties_headline", "weak_ties.headline",
             "similarity_jaccard(pairs=ego's ties) + bridges()",
             lambda: weak_ties.headline(G, ego), ig_ties),
        Case("edge_structure", "bridges.edge_structure (every edge)",
             "similarity_jaccard(pairs=every edge) + bridges()",
             lambda: bridges.edge_structure(G),
             lambda: (g.similarity_jaccard(pairs=edges), g.bridges())),
        Case("intro", "introductions.introductions(the intro target)",
             "get_shortest_paths(weights=cost), one search",
             lambda: introductions.introductions(G, t, ego),
             lambda: g.get_shortest_paths(e, to=x.index(t), weights=cost, output="vpath")),
        Case("intro_headline", "introductions.headline", "neighborhood(order=2)",
             lambda: introductions.headline(G, ego), lambda: g.neighborhood(e, order=2)),
        Case("brokerage_ego", "brokerage.brokerage(with_betweenness=False)",
             "constraint([ego]) + betweenness of the ego graph",
             lambda: brokerage.brokerage(G, ego, with_betweenness=False), ig_burt),
        Case("brokerage", "brokerage.brokerage (+ whole-graph betweenness)",
             "the same + betweenness(sources=netmap's sources)",
             lambda: brokerage.brokerage(G, ego), ig_burt_whole),
        Case("brokerage_all", "brokerage.brokerage(all_nodes=True)",
             "constraint() + betweenness of each ego graph (Python loop) + betweenness(sources)",
             lambda: brokerage.brokerage(G, ego, all_nodes=True), ig_all),
        Case("brokerage_headline", "brokerage.headline",
             "constraint([ego]) + betweenness of the ego graph",
             lambda: brokerage.headline(G, ego), ig_burt),
    ]  # fmt: skip
    module, why = _communities_module()
    for key, label, call in (
        ("circles", "communities.compare_circles", lambda: module.compare_circles(G, ego)),
        ("circles_headline", "communities.headline", lambda: module.headline(G, ego)),
    ):
        if module is None:
            rows.append(Case(key, label, "", None, None, skip_note=why))
        else:
            rows.append(Case(key, label, "community_multilevel on the ego's contacts", call,
                             ig_louvain))  # fmt: skip
    rows.append(
        Case(
            "summary",
            "summary.summary",
            "(the headlines above)",
            lambda: summary.summary(G, ego),
            None,
        )
    )
    return rows


def snap_cases(folder: Path) -> tuple[list[Case], dict]:
    """Rows on SNAP's own ego networks (ego-Facebook only): all nodes of ego 0, circles of 107."""
    import igraph as ig

    from netmap.analysis import brokerage
    from netmap.formats import read_graph

    rows, info = [], {}
    if (folder / "0.edges").exists():
        G0 = read_graph(folder / "0")
        order = list(G0)
        g0 = ig.Graph(n=len(order), edges=[(order.index(a), order.index(b)) for a, b in G0.edges()])
        info["snap_0"] = {"nodes": G0.number_of_nodes(), "edges": G0.number_of_edges()}

        def ig_all():
            return g0.constraint(), [_ig_ego_betweenness(g0, v) for v in range(g0.vcount())]

        label = f"SNAP ego 0 ({G0.number_of_nodes():,} nodes, {G0.number_of_edges():,} edges)"
        rows.append(
            Case(
                "brokerage_all_snap0",
                f"brokerage.brokerage(all_nodes=True) on {label}",
                "constraint() + betweenness of each ego graph (Python loop)",
                lambda: brokerage.brokerage(G0, all_nodes=True),
                ig_all,
            )
        )
    module, why = _communities_module()
    if (folder / "107.circles").exists():
        label = "communities.compare_circles on SNAP ego 107 (its 9 circles)"
        if module is None:
            rows.append(Case("circles_snap107", label, "", None, None, skip_note=why))
        else:
            G7 = read_graph(folder / "107")
            order = list(G7)
            ego = G7.graph["ego"]
            where = {v: i for i, v in enumerate(order)}
            g7 = ig.Graph(n=len(order), edges=[(where[a], where[b]) for a, b in G7.edges()])
            alters = g7.neighbors(where[ego])

            def ig_louvain7():
                random.seed(0)
                return g7.induced_subgraph(alters).community_multilevel()

            rows.append(
                Case(
                    "circles_snap107",
                    label,
                    "community_multilevel on the ego's contacts",
                    lambda: module.compare_circles(G7, ego),
                    ig_louvain7,
                )
            )
    return rows, info


# --------------------------------------------------------------------------------------------
# Running


CLI_COMMANDS = [
    ("reach", ["reach"]),
    ("weak-ties", ["weak-ties"]),
    ("intro", ["intro", "{target}"]),
    ("brokerage", ["brokerage"]),
    ("circles compare", ["circles", "compare"]),
    ("summary", ["summary"]),
]


def bench_cli(data: Path, ego: str, target: str, repeat: int, timeout: float, log) -> list[dict]:
    """Each analysis command on ``data`` as a fresh process."""
    rows = []
    env = _env()
    for name, args in CLI_COMMANDS:
        args = [a.format(target=target) for a in args]
        cmd = [sys.executable, "-m", "netmap", *args, "--graph", str(data), "--ego", ego]
        shown = "netmap " + " ".join([*args, "--graph", data.name, "--ego", ego])
        timing = Timing()
        for _ in range(repeat):
            seconds, peak, code, err = run_cli(cmd, timeout, env)
            timing.peak_bytes = max(timing.peak_bytes or 0, peak or 0)
            if code == -9:
                timing.status, timing.note = "timeout", f"killed after {timeout:g} s"
                timing.seconds = [seconds]
                break
            if code == 2 and "No such command" in err:
                timing.status, timing.note = "missing", "no such command in this netmap"
                break
            if code:
                timing.status = "error"
                timing.note = f"exit {code}: " + " / ".join(err.strip().splitlines()[-2:])
                break
            timing.seconds.append(seconds)
        log(f"  {shown}: {_cell(timing)} s")
        rows.append({"command": shown, "name": name, **asdict(timing), "median": timing.median})
    return rows


def _load(path: Path, repeat: int, timeout: float, slow_after: float, log):
    """Read ``path`` with netmap and with igraph, timed; the two graphs and the timings."""
    import igraph as ig

    from netmap.formats import read_graph

    ours, G = time_call(lambda: read_graph(path), repeat, timeout=timeout, slow_after=slow_after)
    theirs, g = time_call(
        lambda: ig.Graph.Read_Edgelist(str(path), directed=False),
        repeat,
        timeout=timeout,
        slow_after=slow_after,
    )
    log(f"  read: netmap {_cell(ours)} s, igraph {_cell(theirs)} s")
    return G, g, ours, theirs


def _warm_up() -> None:
    """Run every case once on Zachary's karate club, untimed, so that imports and first
    calls (pandas, scipy, igraph) are paid before anything is timed."""
    import igraph as ig
    import networkx as nx

    from netmap.formats import read_graph

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "karate.txt"
        path.write_text("".join(f"{u} {v}\n" for u, v in nx.karate_club_graph().edges()))
        G, g = read_graph(path), ig.Graph.Read_Edgelist(str(path), directed=False)
        x = Graphs("warm-up", path, G, g, "0", *_intro_target(G, "0"))
        for case in cases(x):
            for fn in (case.netmap_fn, case.igraph_fn):
                try:
                    if fn is not None:
                        fn()
                except Exception:  # the timed run reports it
                    continue


def bench_graph(
    label: str, path: Path, ego: str | None, repeat: int, timeout: float, slow_after: float,
    log, extra: list[Case] = (),
) -> tuple[dict, Graphs | None]:  # fmt: skip
    """Every case on one graph file: ``{key: {netmap: Timing, igraph: Timing, ...}}``."""
    log(f"{label}: {path}")
    G, g, ours, theirs = _load(path, repeat, timeout, slow_after, log)
    results = {
        "load": {
            "netmap_label": "formats.read_graph",
            "igraph_label": "Graph.Read_Edgelist",
            "netmap": ours,
            "igraph": theirs,
        }
    }
    if G is None or g is None:
        return results, None
    if g.vcount() != G.number_of_nodes() or g.ecount() != G.number_of_edges():
        raise SystemExit(
            f"{path}: igraph read {g.vcount()} nodes / {g.ecount()} edges, netmap "
            f"{G.number_of_nodes()} / {G.number_of_edges()}: not the same graph"
        )
    if ego is None:  # the 1,000th largest degree, lowest id on ties
        ego = sorted(G, key=lambda v: (-G.degree(v), int(v)))[min(999, len(G) - 1)]
    target, hops = _intro_target(G, ego)
    x = Graphs(label, path, G, g, ego, target, hops)
    x.info = {
        "path": str(path),
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "ego": ego,
        "ego_degree": G.degree(ego),
        "ego_degree_rank": 1 + sum(1 for d in g.degree() if d > G.degree(ego)),
        "max_degree": g.maxdegree(),
        "average_clustering": g.transitivity_avglocal_undirected(mode="zero"),
        "transitivity": g.transitivity_undirected(),
        "betweenness_sources": "all" if _ig_sources(g) is None else len(_ig_sources(g)),
        "intro_target": target,
        "intro_target_hops": hops,
        "intro_target_degree": G.degree(target),
    }
    log(
        f"  ego {ego} (degree {G.degree(ego):,}); intro target {target} "
        f"({hops} steps, degree {G.degree(target):,})"
    )
    for case in [*cases(x), *extra]:
        row = {"netmap_label": case.netmap, "igraph_label": case.igraph}
        if case.netmap_fn is None:
            row["netmap"] = Timing(status="skipped", note=case.skip_note)
            row["igraph"] = Timing(status="skipped")
            log(f"  {case.netmap}: skipped ({case.skip_note})")
        else:
            row["netmap"], _ = time_call(
                case.netmap_fn, repeat, timeout=timeout, slow_after=slow_after
            )
            if case.igraph_fn is None:
                row["igraph"] = Timing(status="skipped")
            else:
                row["igraph"], _ = time_call(
                    case.igraph_fn, repeat, timeout=timeout, slow_after=slow_after
                )
            log(f"  {case.netmap}: netmap {_cell(row['netmap'])} s, "
                f"igraph {_cell(row['igraph'])} s")  # fmt: skip
        results[case.key] = row
    return results, x


# --------------------------------------------------------------------------------------------
# Reporting


def _seconds(value: float) -> str:
    if value < 0.01:
        return f"{value:.4f}"
    if value < 1:
        return f"{value:.3f}"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _cell(timing: Timing | None, repeat: int | None = None) -> str:
    if timing is None:
        return "—"
    if timing.status == "timeout":
        return f"> {_seconds(timing.seconds[0])} (timed out)"
    if timing.status in ("error", "missing"):
        return timing.status
    if timing.status == "skipped" or timing.median is None:
        return "—"
    text = _seconds(timing.median)
    if repeat is not None and len(timing.seconds) < repeat:
        text += f" ({len(timing.seconds)} run{'s' * (len(timing.seconds) > 1)})"
    return text


def _ratio(row: dict | None) -> str:
    if row is None:
        return "—"
    ours, theirs = row["netmap"], row["igraph"]
    if ours.status != "ok" or theirs.status != "ok" or not theirs.median:
        return "—"
    r = ours.median / theirs.median
    return f"{r:,.0f}" if r >= 10 else f"{r:.1f}"


def markdown(cli: list[dict], results: dict[str, dict], repeat: int) -> str:
    """The two Markdown tables: commands, then functions beside igraph."""
    lines = []
    if cli:
        lines += ["| command (ego-Facebook, fresh process) | runs | median s | peak MiB |",
                  "|---|---:|---:|---:|"]  # fmt: skip
        for row in cli:
            timing = Timing(row["seconds"], row["status"], row["note"], row["peak_bytes"])
            peak = f"{row['peak_bytes'] / MIB:.0f}" if row["peak_bytes"] else "—"
            lines.append(
                f"| `{row['command']}` | {len(row['seconds'])} | {_cell(timing)} | {peak} |"
            )
        lines.append("")
    graphs = [k for k in ("ego-Facebook", "generated") if k in results]
    if not graphs:
        return "\n".join(lines)
    head = "| netmap function | igraph kernel |"
    rule = "|---|---|"
    for name in graphs:
        head += f" {name} netmap s | igraph s | ratio |"
        rule += "---:|---:|---:|"
    lines += [head, rule]
    keys = list(dict.fromkeys(k for name in graphs for k in results[name]))
    for key in keys:
        first = next(results[name][key] for name in graphs if key in results[name])
        line = f"| {first['netmap_label']} | {first['igraph_label'] or '—'} |"
        for name in graphs:
            row = results[name].get(key)
            line += (
                f" {_cell(row and row['netmap'], repeat)} | {_cell(row and row['igraph'], repeat)}"
                f" | {_ratio(row)} |"
            )
        lines.append(line)
    notes = []
    for name in graphs:
        for row in results[name].values():
            for side in ("netmap", "igraph"):
                t = row[side]
                if t.note:
                    notes.append(f"- {name}, {row[f'{side}_label']}: {t.status}: {t.note}")
    notes += [
        f"- `{row['command']}`: {row['status']}: {row['note']}"
        for row in cli
        if row["status"] != "ok"
    ]
    if notes:
        lines += ["", *dict.fromkeys(notes)]
    return "\n".join(lines)


def _jsonable(results: dict) -> dict:
    out = {}
    for name, rows in results.items():
        out[name] = {}
        for key, row in rows.items():
            out[name][key] = {
                k: ({**asdict(v), "median": v.median} if isinstance(v, Timing) else v)
                for k, v in row.items()
            }
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line; see the module docstring and benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="SNAP facebook_combined.txt (relative paths from the repository root; "
        f"default {DEFAULT_DATA}); its folder facebook/ gives the SNAP ego networks",
    )
    parser.add_argument("--ego", default="107", help="the ego in --data (default 107)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--quick", action="store_true", help="ego-Facebook only, 1 run")
    parser.add_argument("--nodes", type=int, default=100_000, help="generated graph: nodes")
    parser.add_argument("--edges", type=int, default=1_000_000, help="generated graph: edges")
    parser.add_argument(
        "--model",
        choices=("circles", "holme-kim"),
        default="circles",
        help="generated graph: netmap's clustered model (default) or networkx's "
        "powerlaw_cluster_graph(n, edges/n, 0.1)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated graph")
    parser.add_argument("--workdir", type=Path, help="keep the generated graph here for reuse")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="stop a run after this many seconds"
    )
    parser.add_argument(
        "--slow-after", type=float, default=30.0, help="a run longer than this is not repeated"
    )
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        import igraph
    except ImportError:
        log("igraph is missing: pip install -r benchmarks/requirements.txt")
        return 2
    import netmap

    data = (args.data if args.data.is_absolute() else ROOT / args.data).resolve()
    started = time.perf_counter()
    _warm_up()
    cli_rows: list[dict] = []
    results: dict[str, dict] = {}
    graphs: dict[str, dict] = {}
    if data.exists():
        extra, snap_info = snap_cases(data.parent / "facebook")
        results["ego-Facebook"], x = bench_graph(
            "ego-Facebook", data, args.ego, repeat, args.timeout, args.slow_after, log, extra
        )
        if x is not None:
            graphs["ego-Facebook"] = {**x.info, **snap_info}
            cli_rows = bench_cli(data, args.ego, x.target, repeat, args.timeout, log)
        x = None  # frees the graphs
    else:
        skipped = f"{data} is absent: the ego-Facebook part is skipped (give --data PATH)"
        log(skipped)
        print(skipped)
    if not args.quick:
        work = args.workdir or Path(tempfile.mkdtemp(prefix="netmap-bench-analysis-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            path = generated_graph(work, args.model, args.nodes, args.edges, args.seed, log)
            results["generated"], x = bench_graph(
                "generated", path, None, repeat, args.timeout, args.slow_after, log
            )
            if x is not None:
                graphs["generated"] = {**x.info, "model": args.model, "seed": args.seed}
        finally:
            if args.workdir is None:
                for leftover in work.iterdir():
                    leftover.unlink()
                work.rmdir()
    total = time.perf_counter() - started
    for name, info in graphs.items():
        print(
            f"{name}: {info['nodes']:,} nodes, {info['edges']:,} edges, average clustering "
            f"{info['average_clustering']:.2f}; ego {info['ego']} (degree "
            f"{info['ego_degree']:,}, rank {info['ego_degree_rank']:,}); intro target "
            f"{info['intro_target']} ({info['intro_target_hops']} steps, degree "
            f"{info['intro_target_degree']:,}); whole-graph betweenness from "
            f"{info['betweenness_sources']} sources"
        )
    print()
    print(markdown(cli_rows, results, repeat))
    log(f"total {total:.0f} s")
    if args.json:
        payload = {
            "netmap": netmap.__version__,
            "igraph": igraph.__version__,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "repeat": repeat,
            "seconds": total,
            "graphs": graphs,
            "cli": cli_rows,
            "library": _jsonable(results),
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
        log(f"wrote {args.json}")
    failed = [r for r in cli_rows if r["status"] in ("error", "timeout")]
    failed += [
        row
        for rows in results.values()
        for row in rows.values()
        if row["netmap"].status in ("error", "timeout")
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
