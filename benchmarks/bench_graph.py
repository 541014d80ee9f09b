"""Time building the workspace graph (people, circles, ego/declared/related/inferred ties).

The workspace is made once, untimed, by importing a generated vCard file
(``benchmarks/generate.py``: 55% of people work in one of 25 organisations, about 2,200 people
each at 100,000 contacts, so every organisation is far above the projection cap). Then
``netmap.build_graph`` runs in fresh processes and the median wall time and peak resident
memory are reported::

    python benchmarks/bench_graph.py                 # 10,000 and 100,000 contacts
    python benchmarks/bench_graph.py --sizes 10000 --repeat 1

Target (issue 3): 100,000 contacts with a 2,000-person organisation in under a minute and
under 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import _env, _load_generate, measure

__all__ = ["main"]

BUILD = """\
import json, sys, time
import netmap
from netmap.graph import build_graph
store = netmap.Store(sys.argv[1])
start = time.perf_counter()
G = build_graph(store, inferred=True)
seconds = time.perf_counter() - start
origins = {}
for _, _, o in G.edges(data="origin"):
    origins[o] = origins.get(o, 0) + 1
print(json.dumps({"seconds": seconds, "nodes": G.number_of_nodes(),
                  "edges": G.number_of_edges(), "origins": origins,
                  "large_affiliations": len(G.graph["large_affiliations"])}))
"""
TARGET_SECONDS = 60.0
TARGET_PEAK = 2 * 1024**3


def _workspace(n: int, work: Path, seed: int) -> Path:
    generate = _load_generate()
    vcf = work / f"graph-{n}-s{seed}.vcf"
    if not vcf.exists():
        generate.write_vcards(vcf, n, seed=seed)
    db = work / f"graph-{n}-s{seed}.db"
    if not db.exists():
        env = _env()
        py = sys.executable
        subprocess.run(
            [py, "-m", "netmap", "--db", str(db), "init", "--me", "Bench Ego"],
            check=True,
            env=env,
            capture_output=True,
        )
        subprocess.run(
            [py, "-m", "netmap", "--db", str(db), "import", str(vcf)],
            check=True,
            env=env,
            capture_output=True,
        )
    return db


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a Markdown table; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path)
    options = parser.parse_args(argv)
    work = options.workdir or Path(tempfile.mkdtemp(prefix="netmap-bench-graph-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        "| contacts | runs | build median s | process median s | peak MiB | nodes | edges "
        "| edges by origin | large affiliations |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    ok = True
    for n in (int(s) for s in options.sizes.split(",") if s):
        print(f"preparing a workspace of {n:,} contacts ...", file=sys.stderr)
        db = _workspace(n, work, options.seed)
        runs = []
        for i in range(options.repeat):
            m = measure([sys.executable, "-c", BUILD, str(db)], env=_env())
            if m.returncode:
                print(m.stderr, file=sys.stderr)
                return 1
            runs.append((m, json.loads(m.stdout)))
            print(f"  run {i + 1}: {runs[-1][1]['seconds']:.2f} s", file=sys.stderr)
        build = statistics.median(r["seconds"] for _, r in runs)
        total = statistics.median(m.seconds for m, _ in runs)
        peak = max(m.peak_bytes or 0 for m, _ in runs)
        info = runs[0][1]
        origins = ", ".join(f"{k} {v:,}" for k, v in sorted(info["origins"].items()))
        print(
            f"| {n:,} | {len(runs)} | {build:.2f} | {total:.2f} | {peak / 2**20:.0f} "
            f"| {info['nodes']:,} | {info['edges']:,} | {origins} | "
            f"{info['large_affiliations']} |"
        )
        if n >= 100_000:
            ok &= total < TARGET_SECONDS and peak < TARGET_PEAK
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
