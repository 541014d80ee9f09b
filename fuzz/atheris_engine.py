"""The optional long-mode engine: libFuzzer's coverage-guided mutator, through atheris."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from fuzz.harness import Bounds, check_import, check_input
from fuzz.seeds import Seed
from fuzz.tokens import COMMON_TOKENS, CSV_TOKENS, VCARD_TOKENS

__all__ = ["libfuzzer_dict", "run_atheris"]


def libfuzzer_dict(tokens: Sequence[bytes]) -> str:
    r"""The tokens as a libFuzzer ``-dict`` file: one ``"..."`` a line, bytes as ``\xNN``.

    Examples
    --------
    >>> print(libfuzzer_dict([b"BEGIN:VCARD\r\n", b'"']))
    "BEGIN:VCARD\x0D\x0A"
    "\x22"
    """
    out = []
    for token in tokens:
        text = "".join(
            chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02X}" for b in token
        )
        out.append(f'"{text}"')
    return "\n".join(out)


def run_atheris(seeds: Sequence[Seed], args: argparse.Namespace) -> int:
    """Fuzz with atheris until ``args.seconds``; print the summary; never returns normally.

    The instrumented code runs a few times slower, so the time limits are four times the
    builtin engine's. Every input that finds a bug is saved in ``args.save_crashes`` (or the
    work folder) and the run goes on; libFuzzer keeps the inputs that reach new code in
    ``<workdir>/corpus``.
    """
    import atheris  # optional: pip install atheris

    from fuzz.campaign import Summary, _note

    work = Path(args.workdir or tempfile.mkdtemp(prefix="netmap-atheris-"))
    (work / "in").mkdir(parents=True, exist_ok=True)
    corpus_out = work / "corpus"
    seed_dir = work / "seeds"
    for d in (corpus_out, seed_dir):
        d.mkdir(exist_ok=True)
    for n, seed in enumerate(seeds):
        (seed_dir / f"{n:04d}").write_bytes(seed.data)
    dict_path = work / "tokens.dict"
    dict_path.write_text(libfuzzer_dict([*VCARD_TOKENS, *CSV_TOKENS, *COMMON_TOKENS]) + "\n")
    save_dir = args.save_crashes or work / "findings"
    bounds = Bounds(seconds_per_100kb=4.0, time_floor=1.0)
    summary = Summary(seed=args.seed, seeds=len(seeds))
    seconds = args.seconds or 60.0
    start = last = time.monotonic()  # set again at the first input, after instrumenting
    count = [0]

    def finish() -> None:
        summary.seconds = time.monotonic() - start
        print(summary.format(), flush=True)
        os._exit(1 if summary.found else 0)

    def one_input(data: bytes) -> None:
        nonlocal last, start
        if not count[0]:
            start = last = time.monotonic()
        i = count[0]
        count[0] += 1
        kind = "vcard" if b"VCARD" in data[:4096].upper() else "csv"
        result = check_input(data, kind, work / "in", bounds)
        summary.add(i, result, bounds, "atheris")
        _note(summary, i, result, kind, "atheris", data, save_dir, args.seed)
        if args.import_every and i % args.import_every == 0:
            imported = check_import(data, kind, work / "in", bounds)
            summary.imports += 1
            summary.import_outcomes[imported.outcome] += 1
            _note(summary, i, imported, kind, "atheris", data, save_dir, args.seed)
        now = time.monotonic()
        if now - last >= 60:
            last = now
            print(f"{count[0]} inputs, {summary.found} findings", file=sys.stderr, flush=True)
        if now - start >= seconds:
            finish()

    atheris.instrument_all()
    argv = [
        sys.argv[0],
        str(corpus_out),
        str(seed_dir),
        f"-seed={args.seed or 1}",
        f"-max_len={args.max_size}",
        f"-dict={dict_path}",
        "-rss_limit_mb=4096",
        "-timeout=120",
        f"-max_total_time={int(seconds) + 600}",
    ]
    print(f"atheris: {' '.join(argv[1:])}", file=sys.stderr)
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    finish()
    return 0
