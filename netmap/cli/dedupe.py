"""Identity commands: dedupe (and --apply), merge, split."""

from __future__ import annotations

import click

from netmap.cli._base import cli, emit, open_store
from netmap.report_safety import terminal_text

__all__ = ["dedupe", "merge", "split"]


@cli.command("dedupe")
@click.option(
    "--apply",
    "apply_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Apply the decisions of an edited review file.",
)
@click.option(
    "-o",
    "--output",
    default="review.csv",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where to write the review file.",
)
@click.pass_context
def dedupe(ctx, apply_path, output) -> None:
    """Review doubtful matches: who may be the same person.

    Writes a review CSV, one doubtful pair per row. Write `same` or `different` in
    its `decision` column (leave it empty to decide later), then apply it.

    \b
    Examples:
        netmap dedupe
        netmap dedupe -o review.csv
        netmap dedupe --apply review.csv
    """
    from netmap.dedupe import apply_review, doubtful_pairs

    with open_store(ctx) as store:
        if apply_path:
            result = apply_review(store, apply_path)
            click.echo(
                f"Applied {apply_path}: {result['merged']} merged, "
                f"{result['different']} kept apart, "
                f"{result['decisions']} decisions read."
            )
            return
        rows = doubtful_pairs(store)
    from netmap.identity import REVIEW_COLUMNS
    from netmap.report import render_records

    if not rows:
        click.echo("No doubtful matches: nothing to review.")
        return
    emit(render_records(rows, REVIEW_COLUMNS, "csv"), output)
    if output != "-":
        shown = [{k: r[k] for k in ("score", "reason", "name_a", "name_b")} for r in rows[:20]]
        click.echo(render_records(shown, ["score", "reason", "name_a", "name_b"], "table"))
        click.echo(
            f"{len(rows)} doubtful pair(s) written to {output}. Write same or different in "
            f"its decision column, then run: netmap dedupe --apply {output}"
        )


@cli.command("merge")
@click.argument("first")
@click.argument("second")
@click.pass_context
def merge(ctx, first, second) -> None:
    """Merge two people into one (the records of SECOND join FIRST).

    \b
    Examples:
        netmap merge "Léa Martin" "Lea Martin-Dupont"
        netmap merge p-1a2b3c4d5e6f p-6f5e4d3c2b1a
    """
    from netmap.dedupe import merge_people

    with open_store(ctx) as store:
        result = merge_people(store, first, second)
    click.echo(
        terminal_text(f"Merged {result['merged']} into {result['name']} ({result['kept']}).")
    )


@cli.command("split")
@click.argument("person")
@click.pass_context
def split(ctx, person) -> None:
    """Split a person back into one person per source record.

    \b
    Examples:
        netmap split "Léa Martin"
    """
    from netmap.dedupe import split_person

    with open_store(ctx) as store:
        people = split_person(store, person)
    click.echo(f"Split into {len(people)} people:")
    for p in people:
        click.echo(terminal_text(f"  {p['id']}  {p['name']}  ({p['source']}:{p['line']})"))
