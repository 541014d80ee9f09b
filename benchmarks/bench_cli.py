"""Time `netmap --help` and `netmap --version`: the command line must answer at once (< 0.3 s).

Each run is a fresh process (`python -m netmap --help`), so the figure includes starting
Python. Prints the median and the slowest of ``--repeat`` runs::

    python benchmarks/bench_cli.py --repeat 20
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

__all__ = ["main", "time_command"]

TARGET = 0.3


def time_command(args: list[str], repeat: int) -> list[float]:
    """Wall times of ``repeat`` fresh runs of ``python -m netmap ARGS``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "netmap", *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table; exit 1 when the median misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args(argv)
    ok = True
    print("| command | runs | median s | max s | target |")
    print("|---|---:|---:|---:|---|")
    for args in (["--help"], ["--version"], ["import", "--help"]):
        times = time_command(args, options.repeat)
        median = statistics.median(times)
        ok &= median < TARGET
        print(
            f"| netmap {' '.join(args)} | {len(times)} | {median:.3f} | {max(times):.3f} "
            f"| < {TARGET} s {'met' if median < TARGET else 'MISSED'} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
