"""Render the README's figures from the bundled sample data into docs/images/ (deterministic).

Run from the repository root: ``python scripts/make_figures.py``. It builds the sample
workspace in a temporary directory (the fictitious student Camille Durand), loads the sample
circle rules, and writes ``docs/images/circles.png`` and ``docs/images/network.png`` with
seed 0. Running it twice gives the same figures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
OUT = ROOT / "docs" / "images"
EXPORTS = ["phone.vcf", "google.csv", "Connections.csv", "outlook.csv"]


def main() -> int:
    import matplotlib.pyplot as plt
    from click.testing import CliRunner

    from netmap.cli import cli
    from netmap.graph import build_graph
    from netmap.plot import plot_circles, plot_network, save
    from netmap.store import Store

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "netmap.db")
        runner = CliRunner()
        for args in (
            ["init", "--me", "Camille Durand"],
            ["import", *(str(SAMPLES / name) for name in EXPORTS)],
            ["rules", "load", str(SAMPLES / "circles.toml")],
        ):
            result = runner.invoke(cli, ["--db", db, *args])
            if result.exit_code != 0:
                print(result.output, file=sys.stderr)
                return 1
        G = build_graph(Store(db))
    for name, draw in (("circles", plot_circles), ("network", plot_network)):
        ax = draw(G, seed=0)
        path = save(ax, OUT / f"{name}.png", dpi=110)
        plt.close(ax.figure)
        print(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
