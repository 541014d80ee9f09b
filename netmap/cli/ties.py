"""Tie commands: tie and untie two people; list, import, suggest, accept and reject ties."""

from __future__ import annotations

import json
import sys

import click

from netmap.cli._base import NetmapCommand, NetmapGroup, cli, emit, open_store, output_options
from netmap.report_safety import terminal_text

__all__ = ["tie", "ties", "untie"]


class _TiesGroup(NetmapCommand, NetmapGroup):
    """A group that runs on its own too (``netmap ties`` lists), with the commands' errors."""


@cli.command("tie")
@click.argument("person_a")
@click.argument("person_b")
@click.option(
    "--strength",
    type=click.FloatRange(1, 5),
    help="How strong the tie is, 1 (weak) to 5 (strong); without it the tie counts 0.5.",
)
@click.option("--kind", default="", help="What ties them: colleague, friend, cousin...")
@click.option("--since", default="", help="Since when: a year or date (2021, 2021-09-01).")
@click.pass_context
def tie(ctx, person_a, person_b, strength, kind, since) -> None:
    """Declare that two people know each other.

    Declaring the same pair again updates its strength, kind or since (the ones you
    give). Strengths on the 1–5 scale are kept as 0.2–1.0.

    \b
    Examples:
        netmap tie "Léa Martin" "Marc Petit" --strength 3 --kind colleague
        netmap tie "Léa Martin" "Hugo Durand" --kind cousin --since 2001
        netmap tie p-1a2b3c4d5e6f p-6f5e4d3c2b1a
    """
    from netmap.ties import declare_tie

    with open_store(ctx) as store:
        result = declare_tie(store, person_a, person_b, strength, kind, since)
    what = "Declared a tie" if result["new"] else "Updated the tie"
    parts = [kind, since and f"since {since}", strength and f"strength {strength:g}/5"]
    detail = ", ".join(p for p in parts if p)
    click.echo(
        terminal_text(
            f"{what} between {' and '.join(result['names'])}"
            + (f" ({detail})" if detail else "")
            + "."
        )
    )


@cli.command("untie")
@click.argument("person_a")
@click.argument("person_b")
@click.pass_context
def untie(ctx, person_a, person_b) -> None:
    """Say that two people are not tied.

    Removes the tie you declared, and keeps relations between their cards and shared
    affiliations from tying them again (`netmap tie` undoes it).

    \b
    Examples:
        netmap untie "Léa Martin" "Marc Petit"
    """
    from netmap.ties import remove_tie

    with open_store(ctx) as store:
        result = remove_tie(store, person_a, person_b)
    pair = " and ".join(result["names"])
    if result["removed"]:
        click.echo(
            terminal_text(f"Removed the tie between {pair}; it will not be suggested again.")
        )
    else:
        click.echo(
            terminal_text(
                f"No declared tie between {pair}; they will not be tied or suggested again."
            )
        )


@cli.group("ties", cls=_TiesGroup, invoke_without_command=True)
@click.option("--ego", is_flag=True, help="Also your own tie to each contact, and its basis.")
@output_options
@click.pass_context
def ties(ctx, ego, fmt, output) -> None:
    """List ties between your contacts, import them, review suggested ones.

    Without a command: the declared ties (`netmap tie`, `netmap ties import`, accepted
    suggestions) and those read from relations between cards (vCard RELATED,
    X-ABRELATEDNAMES, spouse, manager...). Strengths are in (0, 1].

    Your own tie to each contact gets its strength from the data, in this order: a
    closeness rating (`--map "Closeness=closeness"` at import: rating/5, or /10 on a
    0–10 scale), an interaction count (`Messages=interactions`: 1 - exp(-n/10)), a
    last-contact date (`Last seen=date:last_contact`) or LinkedIn connection date,
    halving every 12 months; else a default per circle (family 0.8, friends 0.6,
    internship 0.5, work 0.4, studies 0.4, other 0.3, none 0.2).

    \b
    Examples:
        netmap ties
        netmap ties --ego --format csv -o ties.csv
        netmap ties import ties.csv
        netmap ties suggest --top 20
        netmap ties accept "Léa Martin" "Marc Petit"
        netmap ties reject "Léa Martin" "Jon Petit"
    """
    if ctx.invoked_subcommand is not None:
        return
    from netmap.report import render_records
    from netmap.ties import TIE_COLUMNS, list_ties

    with open_store(ctx) as store:
        frame = list_ties(store, ego=ego)
    unresolved = frame.attrs["unresolved"]
    if frame.empty and fmt == "table":
        click.echo(
            "No ties yet: `netmap tie A B` declares one; `netmap ties suggest` proposes some.",
            err=True,
        )
    else:
        columns = TIE_COLUMNS if fmt != "table" else ["origin", "name_a", "name_b", "kind",
                                                      "strength", "evidence"]  # fmt: skip
        emit(render_records(frame.to_dict("records"), columns, fmt), output)
    if unresolved:
        click.echo(
            f"{len(unresolved)} relation(s) point at nobody (or at several people) in the "
            "workspace:",
            err=True,
        )
        for u in unresolved:
            click.echo(
                terminal_text(
                    f"  {u['where']}: {u['name']}'s {u['relation']} {u['value']!r} {u['reason']}"
                ),
                err=True,
            )


@ties.command("import")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")  # fmt: skip
@click.pass_context
def ties_import(ctx, file, fmt) -> None:
    """Declare the ties of a CSV file, in one transaction.

    Its header is person_a,person_b,strength,kind,since; only the first two are
    needed. People are names or ids; strength is 1–5 or empty. Every row is imported
    or rejected with its line and reason.

    \b
    Examples:
        netmap ties import ties.csv
        netmap ties import ties.csv --format json
        cat ties.csv | netmap ties import -
    """
    from netmap.ties import import_ties

    source = sys.stdin if file == "-" else file
    with open_store(ctx) as store:
        report = import_ties(store, source, name="<stdin>" if file == "-" else file)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{report['file']}: read {report['read']}, new {report['new']}, updated "
        f"{report['updated']}, rejected {len(report['rejected'])}"
    )
    for r in report["rejected"]:
        click.echo(terminal_text(f"  {r['file']}:{r['line']}: {r['reason']}"))


@ties.command("suggest")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many suggestions to show.")  # fmt: skip
@click.option("--all", "show_all", is_flag=True, help="Show every suggestion.")
@click.option(
    "--max-affiliation",
    type=click.IntRange(min=2),
    default=50,
    show_default=True,
    help="Larger organisations and groups suggest no pairs.",
)
@output_options
@click.pass_context
def ties_suggest(ctx, top, show_all, max_affiliation, fmt, output) -> None:
    """Ties inferred from shared organisations, schools, groups and families.

    Two people sharing an affiliation of n people get 1/(n-1) (Newman's weights),
    summed over what they share, at most 1. Affiliations of more than
    --max-affiliation people suggest no pairs (they are listed). Pairs already
    declared, related or rejected are left out. Accept or reject with the commands
    below: an accepted suggestion becomes a declared tie.

    \b
    Examples:
        netmap ties suggest
        netmap ties suggest --all --format csv -o suggestions.csv
        netmap ties accept "Léa Martin" "Marc Petit"
        netmap ties accept --top 10
        netmap ties reject "Léa Martin" "Jon Petit"
    """
    from netmap.report import render_records
    from netmap.ties import SUGGESTION_COLUMNS, suggestions

    with open_store(ctx) as store:
        frame = suggestions(store, max_affiliation=max_affiliation)
    large = frame.attrs["large"]
    total = len(frame)
    if not show_all:
        frame = frame.head(top)
    if total == 0 and fmt == "table":
        click.echo(
            "No suggestions: nobody shares an organisation, school, group or family.", err=True
        )
    else:
        columns = SUGGESTION_COLUMNS if fmt != "table" else [
            "rank", "name_a", "name_b", "strength", "confidence", "evidence"]  # fmt: skip
        emit(render_records(frame.to_dict("records"), columns, fmt), output)
        more = " (--top N or --all for more)" if len(frame) < total else ""
        click.echo(f"{len(frame)} of {total} suggestion(s){more}.", err=True)
    if large:
        listed = "; ".join(f"{label} ({n} people)" for label, n in large.items())
        click.echo(
            terminal_text(f"Too large to suggest pairs (over {max_affiliation}): {listed}"),
            err=True,
        )


@ties.command("accept")
@click.argument("people", nargs=-1)
@click.option("--top", type=click.IntRange(min=1), help="Accept the N best suggestions.")
@click.option("--all", "accept_all", is_flag=True, help="Accept every suggestion.")
@click.option(
    "--max-affiliation",
    type=click.IntRange(min=2),
    default=50,
    show_default=True,
    help="As given to `netmap ties suggest`.",
)
@click.pass_context
def ties_accept(ctx, people, top, accept_all, max_affiliation) -> None:
    """Accept suggested ties: they become declared ties, their evidence kept.

    \b
    Examples:
        netmap ties accept "Léa Martin" "Marc Petit"
        netmap ties accept --top 10
        netmap ties accept --all
    """
    from netmap.ties import accept_suggestion, accept_suggestions

    if bool(people) + bool(top) + accept_all != 1 or len(people) not in (0, 2):
        raise click.UsageError("give two people, or --top N, or --all")
    with open_store(ctx) as store:
        if people:
            result = accept_suggestion(store, *people, max_affiliation=max_affiliation)
            click.echo(
                terminal_text(
                    f"Accepted the tie between {' and '.join(result['names'])} "
                    f"(strength {result['strength']:.2f}: {result['evidence']})."
                )
            )
            return
        count = accept_suggestions(store, top, max_affiliation=max_affiliation)
    click.echo(f"Accepted {count} suggestion(s): they are declared ties now.")


@ties.command("reject")
@click.argument("person_a")
@click.argument("person_b")
@click.pass_context
def ties_reject(ctx, person_a, person_b) -> None:
    """Reject a suggested tie: the pair is never suggested again.

    \b
    Examples:
        netmap ties reject "Léa Martin" "Jon Petit"
    """
    from netmap.ties import reject_suggestion

    with open_store(ctx) as store:
        result = reject_suggestion(store, person_a, person_b)
    pair = " and ".join(result["names"])
    click.echo(terminal_text(f"Rejected: {pair} will not be suggested again."))
