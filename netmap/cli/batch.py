"""`netmap batch`: the analyses of many ego networks in one run, in one tidy table."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from netmap.cli._base import EXIT_ERROR, EXIT_INTERRUPTED, cli

__all__ = ["batch"]


def _analyses(ctx, param, value: str) -> tuple[str, ...]:
    from netmap.batch import _check
    from netmap.errors import NetmapError

    try:
        return _check(value.split(","))
    except NetmapError as exc:
        raise click.BadParameter(str(exc)) from None


@contextlib.contextmanager
def _executor(jobs: int | None, scheduler: str | None, n: int):
    """None (serial), a process pool, or a Dask cluster's executor; closed on the way out."""
    from netmap.errors import NetmapError

    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise NetmapError(
                "--scheduler needs Dask's distributed",
                hint="pip install 'netmap[dist]' (on this machine and on the workers)",
            ) from None
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise NetmapError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                hint="check the address (tcp://HOST:8786) and that the scheduler runs",
            ) from None
        try:
            yield client.get_executor()
        finally:
            client.close()
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or n <= 1:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, n)) as pool:
        yield pool


def _bar(total: int):
    """A progress bar on stderr when it is a terminal, else nothing."""
    if total and sys.stderr.isatty():
        return click.progressbar(length=total, label="Egos", file=sys.stderr)
    return contextlib.nullcontext(None)


@cli.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "input_format",
    type=click.Choice(["snap", "graphml", "gexf", "edgelist"]),
    help="Only inputs of this format (default: every ego network found).",
)
@click.option(
    "--per-ego",
    type=click.Choice(["contacts"]),
    help="contacts: each sub-folder of INPUTS holds one person's contact exports.",
)
@click.option(
    "--analyses",
    default="reach,weak-ties,brokerage,circles",
    show_default=True,
    callback=_analyses,
    help="Comma-separated, among reach, weak-ties, brokerage, circles, summary.",
)
@click.option("--per-alter", is_flag=True, help="Also one row per ego-alter pair.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Processes to run egos in (default: one per core; 1 runs them here, one by one).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on this Dask cluster (tcp://HOST:8786) instead of local processes; needs "
    "the [dist] extra, and netmap installed on the workers.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the egos already in the output file (failed ones are run again).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Louvain's seed (circles).")
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Rewrite the output file after every this many egos.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The table to write: .csv, .parquet (the [parquet] extra) or .jsonl.",
)
def batch(
    inputs,
    input_format,
    per_ego,
    analyses,
    per_alter,
    jobs,
    scheduler,
    resume,
    seed,
    chunk_size,
    output,
) -> None:
    """Run the analyses on many ego networks and write one tidy table.

    INPUTS are folders, globs or files of ego networks: SNAP ego networks (N.edges with
    N.circles... beside it), GraphML, GEXF, edge lists (the ego named in a sidecar NAME.ego
    file, in the file, or by the file's name); with --per-ego contacts, folders holding one
    sub-folder of contact exports per person, each imported into a temporary workspace
    (never into yours).

    One row per ego (and per ego-alter pair with --per-alter): the input's path and size,
    the measures of each analysis (reach_..., weak_ties_..., brokerage_..., circles_...,
    with the 1 - BER and F1 of the groups found against the ego's circles when it has
    some), the netmap version, the parameters, and an error column. A failing ego becomes
    a row with its error; the exit code is then 1. The rows are in input order and the
    same whether the egos run here, in --jobs processes or on a Dask --scheduler.

    The output file is rewritten whole, atomically, after every --chunk-size egos, so an
    interrupted batch keeps what it finished: rerun it with --resume to do the rest.

    \b
    Examples:
        netmap batch data/samples/snap -o results.csv
        netmap batch facebook/ --format snap --jobs 2 -o fb.csv
        netmap batch egos/*.graphml --scheduler tcp://10.0.0.5:8786 -o results.parquet
        netmap batch class/ --per-ego contacts --analyses reach,summary -o class.jsonl
        netmap batch facebook/ --format snap -o fb.csv --resume
    """
    import pandas as pd

    from netmap.batch import discover, read_results, run_batch, write_results
    from netmap.errors import NetmapError

    items = discover(list(inputs), format=input_format, per_ego=per_ego)
    if not items:
        raise NetmapError("no ego network found in the inputs", hint="check the paths and --format")
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise NetmapError(
            f"several inputs are called {', '.join(duplicates[:5])}",
            hint="give each ego network its own name: ids must be unique to resume",
        )
    done_frames: list[pd.DataFrame] = []
    done: set[str] = set()
    if resume and os.path.exists(output):
        previous = read_results(output)
        ok = previous["error"].isna() | (previous["error"].astype(str) == "")
        done = {str(i) for i in previous.loc[ok, "id"]} & set(ids)
        done_frames.append(previous[previous["id"].astype(str).isin(done)])
    else:
        from netmap.batch import _output_format

        _output_format(output)
    todo = [item for item in items if item.id not in done]
    if done:
        click.echo(f"Resuming: {len(done)} ego(s) already done, {len(todo)} to run.", err=True)
    frames = list(done_frames)
    written = False
    try:
        with _executor(jobs, scheduler, len(todo)) as executor, _bar(len(todo)) as bar:

            def tick(item, rows) -> None:
                if bar is not None:
                    bar.update(1)

            for start in range(0, len(todo), chunk_size):
                chunk = todo[start : start + chunk_size]
                frames.append(
                    run_batch(
                        chunk,
                        analyses=analyses,
                        executor=executor,
                        params={"seed": seed},
                        per_alter=per_alter,
                        progress=tick,
                    )
                )
                write_results(_ordered(frames, ids), output)
                written = True
    except KeyboardInterrupt:
        saved = "what was finished is in " + output if written else "nothing was written"
        click.echo(f"Interrupted: {saved}; rerun with --resume to do the rest.", err=True)
        click.get_current_context().exit(EXIT_INTERRUPTED)
    table = _ordered(frames, ids)
    if not written:
        write_results(table, output)
    egos = table[table["alter"].isna() | (table["alter"].astype(str) == "")]
    failed = egos["error"].notna() & (egos["error"].astype(str) != "")
    click.echo(f"{len(egos)} ego(s), {len(table)} row(s) written to {output}.", err=True)
    if failed.any():
        click.echo(
            f"{int(failed.sum())} of {len(egos)} ego(s) failed: see the error column.", err=True
        )
        click.get_current_context().exit(EXIT_ERROR)


def _ordered(frames: list, ids: list[str]):
    """The frames as one table, egos in input order (rows of one ego kept in their order)."""
    import pandas as pd

    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["id", "alter", "error"])
    table = pd.concat(frames, ignore_index=True)
    rank = {ego: n for n, ego in enumerate(ids)}
    order = table["id"].astype(str).map(rank).fillna(len(ids))
    return table.iloc[order.argsort(kind="stable")].reset_index(drop=True)
