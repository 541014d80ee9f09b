"""A fuzz run: many mutated inputs through the importers, summed up in a Summary."""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fuzz.harness import Bounds, Result, check_import, check_input
from fuzz.mutate import Mutator
from fuzz.seeds import Seed

__all__ = ["Finding", "Summary", "run_campaign", "signature"]

_BIG = 10_000  # inputs at least this long count for the per-100 KB time figure
_HUGE = 100_000  # and these for the memory ratio (below, the floor decides)
_KEEP = 3  # inputs saved per distinct finding


@dataclass
class Finding:
    """One input that found a bug (only the first few of each :func:`signature` are kept)."""

    index: int
    outcome: str
    kind: str
    size: int
    recipe: str
    detail: str
    saved: str = ""


@dataclass
class Summary:
    """The figures of a fuzz run (see :meth:`format`)."""

    seed: int
    seeds: int
    inputs: int = 0
    imports: int = 0
    seconds: float = 0.0
    outcomes: Counter = field(default_factory=Counter)
    import_outcomes: Counter = field(default_factory=Counter)
    worst_time: tuple[float, float, int, str] = (0.0, 0.0, 0, "")  # share of limit, s, size
    slowest: tuple[float, float, int, str] = (0.0, 0.0, 0, "")  # s per 100 KB, s, size
    worst_memory: tuple[float, int, int, str] = (0.0, 0, 0, "")  # share of limit, peak, size
    largest_ratio: tuple[float, int, int, int, str] = (
        0.0,
        0,
        0,
        0,
        "",
    )  # peak/size, peak, size, read
    largest_input: int = 0
    findings: list[Finding] = field(default_factory=list)
    signatures: Counter = field(default_factory=Counter)

    @property
    def found(self) -> int:
        """The number of inputs that found a bug."""
        return sum(self.signatures.values())

    def add(self, index: int, result: Result, bounds: Bounds, recipe: str) -> None:
        """Account for one input's :class:`~fuzz.harness.Result` of :func:`check_input`."""
        self.inputs += 1
        self.outcomes[result.outcome] += 1
        size = max(result.size, 1)
        self.largest_input = max(self.largest_input, result.size)
        share = result.seconds / bounds.time_limit(size)
        if share > self.worst_time[0]:
            self.worst_time = (share, result.seconds, result.size, recipe)
        if result.size >= _BIG and result.seconds / size * 100_000 > self.slowest[0]:
            self.slowest = (result.seconds / size * 100_000, result.seconds, result.size, recipe)
        share = result.peak / bounds.memory_limit(size, result.read, result.units)
        if share > self.worst_memory[0]:
            self.worst_memory = (share, result.peak, result.size, recipe)
        if result.size >= _HUGE and result.peak / size > self.largest_ratio[0]:
            ratio = result.peak / size
            self.largest_ratio = (ratio, result.peak, result.size, result.read, recipe)

    def format(self) -> str:
        """The summary as text, one figure a line, then the findings."""
        rate = self.inputs / self.seconds if self.seconds else 0.0
        lines = [
            f"seed {self.seed}: {self.inputs} inputs from {self.seeds} seed files "
            f"in {self.seconds:.0f} s ({rate:.1f} inputs/s), {self.imports} full imports",
            "outcomes: " + ", ".join(f"{k} {v}" for k, v in self.outcomes.most_common()),
        ]
        if self.imports:
            lines.append(
                "imports: " + ", ".join(f"{k} {v}" for k, v in self.import_outcomes.most_common())
            )
        share, s, size, recipe = self.worst_time
        lines.append(f"worst time vs limit: {share:.0%} ({s:.3f} s, {size} bytes: {recipe})")
        per, s, size, recipe = self.slowest
        if size:
            lines.append(
                f"slowest per 100 KB (inputs >= 10 KB): {per:.3f} s "
                f"({s:.3f} s, {size} bytes: {recipe})"
            )
        share, peak, size, recipe = self.worst_memory
        lines.append(
            f"worst memory vs limit: {share:.0%} ({peak / 2**20:.1f} MiB, {size} bytes: {recipe})"
        )
        ratio, peak, size, read, recipe = self.largest_ratio
        if size:
            lines.append(
                f"largest memory ratio (inputs >= 100 KB): {ratio:.1f}x "
                f"({peak / 2**20:.1f} MiB, {size} bytes, {read} records: {recipe})"
            )
        lines.append(f"largest input: {self.largest_input} bytes")
        lines.append(f"findings: {self.found} inputs, {len(self.signatures)} distinct")
        for f in self.findings:
            first = f.detail.strip().splitlines()[-1] if f.detail.strip() else ""
            where = f" -> {f.saved}" if f.saved else ""
            lines.append(f"  #{f.index} {f.outcome} ({f.kind}, {f.size} bytes){where}")
            lines.append(f"      {f.recipe}")
            lines.append(f"      {first[:300]}")
        return "\n".join(lines)


def signature(result: Result) -> str:
    """What tells two findings apart: the outcome and where or why it happened.

    Examples
    --------
    >>> signature(Result("slow", 10, detail="3.21 s for 123 bytes"))
    'slow'
    >>> tb = 'Traceback...\\n  File "/x/netmap/a.py", line 9, in f\\n    g()\\nKeyError: 3\\n'
    >>> signature(Result("crash", 10, detail=tb))
    'crash /x/netmap/a.py:9 KeyError'
    """
    if result.outcome in ("slow", "memory", "hang"):
        return result.outcome
    frames = re.findall(r'File "([^"]+)", line (\d+)', result.detail)
    netmap = [f for f in frames if "netmap" in f[0] and "fuzz" not in f[0]] or frames
    where = f" {netmap[-1][0]}:{netmap[-1][1]}" if netmap else ""
    last = result.detail.strip().splitlines()[-1] if result.detail.strip() else ""
    kind = re.split(r"[:(]", last, maxsplit=1)[0].strip()
    if not frames:  # no traceback: the reason, without its numbers
        kind = re.sub(r"\d+", "N", last)[:80]
    return f"{result.outcome}{where} {kind}".strip()


def run_campaign(
    seeds: Sequence[Seed],
    *,
    seed: int = 0,
    inputs: int | None = None,
    seconds: float | None = None,
    max_size: int = 1 << 20,
    import_every: int = 10,
    import_max_records: int | None = None,
    bounds: Bounds | None = None,
    save_dir: Path | None = None,
    workdir: Path | None = None,
    progress: Callable[[Summary], None] | None = None,
    progress_every: float = 60.0,
) -> Summary:
    """Run mutated inputs through the importers until ``inputs`` or ``seconds`` is reached.

    Every input goes through :func:`~fuzz.harness.check_input`; one in ``import_every`` is
    also imported into a fresh workspace with :func:`~fuzz.harness.check_import`.

    Parameters
    ----------
    seeds : sequence of Seed
        The seed files.
    seed : int
        The run's seed: the same seed, seeds and ``max_size`` give the same inputs.
    inputs : int, optional
        Stop after this many inputs.
    seconds : float, optional
        Stop after this long (at least one of ``inputs`` and ``seconds`` is needed).
    max_size : int
        The longest input, in bytes.
    import_every : int
        One input in this many is also imported whole; 0 never.
    import_max_records : int, optional
        Import only inputs of at most this many cards or rows (the short mode's limit, as
        matching is slower than reading); default no limit.
    bounds : Bounds, optional
        Time and memory limits.
    save_dir : Path, optional
        Where to save the inputs that find a bug (``<outcome>-<seed>-<index>.vcf|csv``, with a
        ``.txt`` beside it saying how it was made and what happened).
    workdir : Path, optional
        A folder for the input files; default a temporary folder.
    progress : callable, optional
        Called with the summary so far every ``progress_every`` seconds.
    progress_every : float
        See ``progress``.

    Returns
    -------
    Summary

    Examples
    --------
    >>> from fuzz.seeds import Seed
    >>> card = Seed("a.vcf", "vcard", b"BEGIN:VCARD\\r\\nFN:Ada\\r\\nEND:VCARD\\r\\n")
    >>> summary = run_campaign([card], seed=3, inputs=20, max_size=4096)
    >>> summary.inputs, summary.found
    (20, 0)
    """
    if inputs is None and seconds is None:
        raise ValueError("give inputs or seconds")
    bounds = bounds or Bounds()
    mutator = Mutator(seeds, seed=seed, max_size=max_size)
    summary = Summary(seed=seed, seeds=len(seeds))
    with tempfile.TemporaryDirectory(prefix="netmap-fuzz-") as tmp:
        work = Path(workdir) if workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        start = last = time.monotonic()
        i = 0
        while (inputs is None or i < inputs) and (
            seconds is None or time.monotonic() - start < seconds
        ):
            mutant = mutator.mutant(i)
            result = check_input(mutant.data, mutant.kind, work, bounds)
            summary.add(i, result, bounds, mutant.recipe)
            _note(summary, i, result, mutant.kind, mutant.recipe, mutant.data, save_dir, seed)
            if (
                import_every
                and i % import_every == 0
                and (import_max_records is None or result.read <= import_max_records)
            ):
                imported = check_import(mutant.data, mutant.kind, work, bounds)
                summary.imports += 1
                summary.import_outcomes[imported.outcome] += 1
                _note(summary, i, imported, mutant.kind, mutant.recipe, mutant.data, save_dir, seed)
            i += 1
            now = time.monotonic()
            if progress is not None and now - last >= progress_every:
                summary.seconds = now - start
                progress(summary)
                last = now
        summary.seconds = time.monotonic() - start
    return summary


def _note(
    summary: Summary,
    index: int,
    result: Result,
    kind: str,
    recipe: str,
    data: bytes,
    save_dir: Path | None,
    seed: int,
) -> None:
    """Count a finding, keeping (and saving) the first few of each signature."""
    if not result.finding:
        return
    sig = signature(result)
    summary.signatures[sig] += 1
    if summary.signatures[sig] > _KEEP:
        return
    finding = Finding(index, result.outcome, kind, result.size, recipe, result.detail)
    if save_dir is not None:
        save_dir = Path(save_dir)
        save_dir.mkdir(parents=True, exist_ok=True)
        path = save_dir / f"{result.outcome}-{seed}-{index}.{'vcf' if kind == 'vcard' else 'csv'}"
        path.write_bytes(data)
        path.with_suffix(".txt").write_text(
            f"seed {seed}, input {index}, {kind}, {result.size} bytes\n{recipe}\n"
            f"signature: {sig}\n\n{result.detail}\n",
            encoding="utf-8",
        )
        finding.saved = str(path)
    summary.findings.append(finding)
