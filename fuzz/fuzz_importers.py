"""Fuzz netmap's vCard and CSV importers from the real corpus and the repo's own files.

Short mode (CI runs the same through tests/test_fuzz.py)::

    python fuzz/fuzz_importers.py --inputs 400 --seed 1

Long mode, for a night (see fuzz/README.md)::

    nice -n 10 python fuzz/fuzz_importers.py --seconds 28800 --seed 2 --save-crashes crashes/

Prints a summary: inputs run, outcomes, the slowest input per 100 KB, the largest memory
ratio, and every finding with the path of its saved input. Exits 1 when something was found.
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description="Fuzz netmap.importers.read_file (and import_files) with mutated files.",
    )
    p.add_argument("--seconds", type=float, help="run this long")
    p.add_argument(
        "--inputs", type=int, help="run this many inputs (default 400 without --seconds)"
    )
    p.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    p.add_argument("--corpus", type=Path, help="seed folder (default ../shared/data if present)")
    p.add_argument("--no-corpus", action="store_true", help="only the repo's own seed files")
    p.add_argument("--save-crashes", type=Path, help="save the inputs that find a bug here")
    p.add_argument("--max-size", type=int, default=1 << 20, help="longest input in bytes")
    p.add_argument(
        "--import-every", type=int, default=10, help="also import 1 input in N whole (0: never)"
    )
    p.add_argument(
        "--import-max-records",
        type=int,
        help="import only inputs of at most N cards or rows (default: no limit)",
    )
    p.add_argument("--workdir", type=Path, help="folder for the input files (default: a temp one)")
    p.add_argument(
        "--engine",
        choices=("builtin", "atheris"),
        default="builtin",
        help="builtin: the seeded mutator; atheris: libFuzzer's coverage-guided one",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; return the exit code."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from fuzz.campaign import run_campaign
    from fuzz.harness import Bounds
    from fuzz.seeds import default_corpus, find_seeds

    args = _parser().parse_args(argv)
    corpus = None if args.no_corpus else (args.corpus or default_corpus())
    if corpus is not None and not Path(corpus).is_dir():
        print(f"error: corpus {corpus} is not a folder", file=sys.stderr)
        return 2
    seeds = find_seeds(corpus)
    print(
        f"{len(seeds)} seed files ({sum(s.kind == 'vcard' for s in seeds)} vCard, "
        f"{sum(s.kind == 'csv' for s in seeds)} CSV) from {corpus or 'the repo only'}",
        file=sys.stderr,
    )
    if args.engine == "atheris":
        from fuzz.atheris_engine import run_atheris

        return run_atheris(seeds, args)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="netmap-fuzz-"))
    print(
        f"inputs are written to {workdir} (the last one stays if the process dies)", file=sys.stderr
    )
    bounds = Bounds()
    # A hang in C code that no signal handler can stop: dump the stacks and exit.
    faulthandler.enable()
    inputs = args.inputs if args.inputs or args.seconds else 400

    def progress(summary) -> None:
        faulthandler.dump_traceback_later(600, exit=True)
        rate = summary.inputs / summary.seconds if summary.seconds else 0
        print(
            f"[{time.strftime('%H:%M:%S')}] {summary.inputs} inputs ({rate:.1f}/s), "
            f"{summary.found} findings",
            file=sys.stderr,
            flush=True,
        )

    faulthandler.dump_traceback_later(600, exit=True)
    summary = run_campaign(
        seeds,
        seed=args.seed,
        inputs=inputs,
        seconds=args.seconds,
        max_size=args.max_size,
        import_every=args.import_every,
        import_max_records=args.import_max_records,
        bounds=bounds,
        save_dir=args.save_crashes,
        workdir=workdir,
        progress=progress,
        progress_every=60.0,
    )
    faulthandler.cancel_dump_traceback_later()
    print(summary.format())
    if not args.workdir:
        for name in os.listdir(workdir):
            os.unlink(workdir / name)
        os.rmdir(workdir)
    return 1 if summary.found else 0


if __name__ == "__main__":
    sys.exit(main())
