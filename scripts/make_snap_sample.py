"""Write a small fictitious sample in SNAP's ego-network format into data/samples/snap/.

Three made-up egos (``0``, ``100`` and ``200``) each have a few clusters of alters (family,
school, work, climbing...) that are dense inside and sparse between, circles that follow the
clusters loosely and overlap, a few alters with no tie to other alters (they appear only in
``N.feat``, as in SNAP's files) and a handful of readable made-up features. Ego ``100`` is
also an alter of ego ``0``, and a few alters are shared, as ego networks overlap in SNAP's
Facebook data. Each ego gets SNAP's five files; ``combined.txt`` is the union of every edge,
ego ties included, one ``a b`` per line like ``facebook_combined.txt``. Only the standard
library, a seeded :class:`random.Random`: the same seed writes the same bytes::

    python scripts/make_snap_sample.py                       # data/samples/snap/
    python scripts/make_snap_sample.py --seed 7 --out /tmp/snap
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

__all__ = ["DEFAULT_SEED", "EGOS", "build_egos", "main", "render", "write_sample"]

DEFAULT_SEED = 2024
ROOT = Path(__file__).resolve().parents[1]

#: Each ego: its id, its alters' first id, and its clusters as (circle name, size, features).
EGOS = (
    (
        "0",
        1,
        (
            ("family", 8, ("hometown;Lyon",)),
            ("school", 14, ("school;ESIV", "hometown;Lyon")),
            ("internship", 10, ("employer;Acme Industries",)),
            ("climbing", 9, ("sport;climbing", "hometown;Grenoble")),
        ),
    ),
    (
        "100",
        101,
        (
            ("family", 6, ("hometown;Nantes",)),
            ("work", 16, ("employer;Studio Lumen", "hometown;Nantes")),
            ("choir", 8, ("music;choir",)),
        ),
    ),
    (
        "200",
        201,
        (
            ("family", 5, ("hometown;Lille",)),
            ("school", 12, ("school;Lycée Ampère", "hometown;Lille")),
            ("work", 9, ("employer;Acme Industries",)),
            ("neighbours", 4, ("hometown;Lille",)),
        ),
    ),
)
#: Alters an ego shares with another ego, with the index of the cluster they join: ego 100
#: climbs with ego 0, and knows three of ego 0's alters from the choir.
SHARED = {"0": {"100": 3}, "100": {"1": 2, "2": 2, "15": 2}}
EXTRA_FEATURES = ("gender;female", "gender;male", "gender;other")


def build_egos(seed: int = DEFAULT_SEED) -> dict[str, dict]:
    """Every ego's alters, alter-alter edges, circles and features, drawn from ``seed``."""
    rng = random.Random(seed)
    egos: dict[str, dict] = {}
    for ego, first, clusters in EGOS:
        alters: list[str] = []
        cluster_of: dict[str, int] = {}
        next_id = first
        for index, (_, size, _) in enumerate(clusters):
            for _ in range(size):
                alters.append(str(next_id))
                cluster_of[str(next_id)] = index
                next_id += 1
        for shared, index in SHARED.get(ego, {}).items():
            alters.append(shared)
            cluster_of[shared] = index
        isolated = set(rng.sample(alters, 3))
        edges = set()
        for i, a in enumerate(alters):
            for b in alters[i + 1 :]:
                if a in isolated or b in isolated:
                    continue
                p = 0.55 if cluster_of[a] == cluster_of[b] else 0.03
                if rng.random() < p:
                    edges.add((a, b))
        circles: dict[str, list[str]] = {}
        for index, (name, _, _) in enumerate(clusters):
            members = [a for a in alters if cluster_of[a] == index and rng.random() < 0.8]
            others = [a for a in alters if cluster_of[a] != index]
            members += rng.sample(others, 2)  # circles overlap
            circles[name] = sorted(set(members), key=int)
        circles["best friends"] = sorted(rng.sample(alters, 4), key=int)
        circles["old roommate"] = [rng.choice(alters)]  # a circle of one, as in SNAP's data
        featnames = list(EXTRA_FEATURES)
        for _, _, features in clusters:
            featnames += [f for f in features if f not in featnames]
        features = {}
        for alter in [ego, *alters]:
            on = {rng.choice(EXTRA_FEATURES)}
            if alter in cluster_of:
                cluster = clusters[cluster_of[alter]]
                on.update(f for f in cluster[2] if rng.random() < 0.7)
            if rng.random() < 0.15:
                on.add(rng.choice(featnames))
            features[alter] = on
        egos[ego] = {
            "alters": alters,
            "edges": sorted(edges, key=lambda e: (int(e[0]), int(e[1]))),
            "circles": circles,
            "featnames": featnames,
            "features": features,
        }
    return egos


def render(egos: dict[str, dict]) -> dict[str, str]:
    """The sample's files: name -> text."""
    files: dict[str, str] = {}
    combined: set[tuple[int, int]] = set()
    for ego, data in egos.items():
        names = data["featnames"]

        def bits(node: str, names: list[str] = names, data: dict = data) -> str:
            return " ".join("1" if f in data["features"][node] else "0" for f in names)

        lines = []
        for a, b in data["edges"]:
            lines += [f"{a} {b}", f"{b} {a}"]  # SNAP lists every undirected edge twice
            combined.add((min(int(a), int(b)), max(int(a), int(b))))
        for alter in data["alters"]:
            combined.add((min(int(ego), int(alter)), max(int(ego), int(alter))))
        files[f"{ego}.edges"] = "".join(line + "\n" for line in lines)
        files[f"{ego}.circles"] = "".join(
            "\t".join([name, *members]) + "\n" for name, members in data["circles"].items()
        )
        files[f"{ego}.feat"] = "".join(f"{a} {bits(a)}\n" for a in data["alters"])
        files[f"{ego}.egofeat"] = bits(ego) + "\n"
        files[f"{ego}.featnames"] = "".join(f"{i} {name}\n" for i, name in enumerate(names))
    files["combined.txt"] = "".join(f"{a} {b}\n" for a, b in sorted(combined))
    return files


def write_sample(out: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write the sample into ``out``; return each file's size in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, text in render(build_egos(seed)).items():
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        sizes[name] = len(data)
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python scripts/make_snap_sample.py [--seed N] [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "data" / "samples" / "snap", help="output folder"
    )
    args = parser.parse_args(argv)
    for name, size in write_sample(args.out, args.seed).items():
        print(f"wrote {args.out / name} ({size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
