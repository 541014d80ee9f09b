"""Circle commands: circles, tag, untag, and rules (show, edit, load, apply)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from netmap.cli._base import NetmapGroup, cli, emit, open_store, output_options
from netmap.report_safety import terminal_text

__all__ = ["circles_", "rules", "rules_apply", "rules_edit", "rules_load", "rules_show", "tag_"]


def _render(rows: list[dict], columns: list[str], fmt: str, width: int = 60) -> str:
    """Like :func:`netmap.report.render_records`, with wider table cells for evidence."""
    from netmap.report import render_records, text_table

    if fmt == "table":
        return text_table(rows, columns, width=width)
    return render_records(rows, columns, fmt)


def _person_text(detail: dict) -> str:
    lines = [f"{detail['name']}  ({detail['id']})"]
    width = max((len(c) for c in detail["circles"]), default=0)
    for circle, evidence in detail["circles"].items():
        for n, text in enumerate(evidence):
            lines.append(f"{(circle if n == 0 else '').ljust(width)}  {text}")
    if not detail["circles"]:
        lines.append("in no circle")
    if detail["excluded"]:
        lines.append(
            "untagged by hand (labels and rules never add them back): "
            + ", ".join(detail["excluded"])
        )
    return "\n".join(lines)


_DUNBAR_NOTE = (
    "Dunbar's layers (5 / 15 / 50 / 150) are reference bands from the literature "
    "(Dunbar 1998; Zhou et al. 2005), not a norm."
)


@cli.group("circles", cls=NetmapGroup, invoke_without_command=True)
@click.option("--person", help="One person's circles, with the evidence for each.")
@click.option("--members", metavar="CIRCLE", help="The people in one circle, with why.")
@output_options
@click.pass_context
def circles_(ctx, person, members, fmt, output) -> None:
    """Show your circles: their sizes, and how many people are in none.

    A person may be in several circles: from their labels (vCard CATEGORIES, Google labels,
    Outlook categories, Apple groups), from the rules (`netmap rules`), or tagged by hand
    (`netmap tag`). Each size is shown next to Dunbar's layers (5 / 15 / 50 / 150), which are
    reference bands from the literature (Dunbar 1998; Zhou et al. 2005), not a norm.

    \b
    Examples:
        netmap circles
        netmap circles --person "Léa Martin"
        netmap circles --members internship --format csv -o internship.csv
        netmap circles compare
    """
    if ctx.invoked_subcommand is not None:
        return
    with open_store(ctx) as store:
        if person:
            from netmap.circles import person_circle_detail

            detail = person_circle_detail(store, person)
        elif members:
            from netmap.circles import circle_members

            df = circle_members(store, members)
        else:
            from netmap.circles import CIRCLE_COLUMNS, circle_table

            df = circle_table(store)
    if person:
        if fmt == "json":
            emit(json.dumps(detail, ensure_ascii=False, indent=2), output)
        elif fmt == "csv":
            rows = [
                {"circle": circle, "evidence": text}
                for circle, evidence in detail["circles"].items()
                for text in evidence
            ]
            emit(_render(rows, ["circle", "evidence"], fmt), output)
        else:
            emit(terminal_text(_person_text(detail)), output)
        return
    if members:
        emit(_render(df.to_dict("records"), ["id", "name", "evidence"], fmt, 80), output)
        return
    emit(_render(df.to_dict("records"), CIRCLE_COLUMNS, fmt), output)
    if fmt == "table":
        click.echo(_DUNBAR_NOTE, err=True)


def _parse_circles(names: tuple[str, ...]) -> list[str]:
    from netmap.circle_rules import circle_slug

    return list(dict.fromkeys(circle_slug(n) for n in names))


@cli.command("tag")
@click.argument("person")
@click.argument("circle", nargs=-1, required=True)
@click.pass_context
def tag_(ctx, person, circle) -> None:
    """Put a person in one or more circles by hand.

    CIRCLE is family, studies, internship, work, friends, other, one of their aliases
    (famille, études, stage, travail, amis...) or a name of your own (climbing). A hand tag
    stays whatever the labels and rules say, and lifts an earlier `netmap untag`.

    \b
    Examples:
        netmap tag "Léa Martin" internship
        netmap tag "Léa Martin" friends climbing
    """
    from netmap.circles import tag

    circles = _parse_circles(circle)
    with open_store(ctx) as store:
        for name in circles:
            result = tag(store, person, name)
            if result["changed"]:
                click.echo(
                    terminal_text(f"{result['name']} is in {result['circle']} (tagged by hand).")
                )
            else:
                click.echo(
                    terminal_text(
                        f"{result['name']} was already tagged {result['circle']} by hand."
                    )
                )


@cli.command("untag")
@click.argument("person")
@click.argument("circle", nargs=-1, required=True)
@click.pass_context
def untag_(ctx, person, circle) -> None:
    """Take a person out of one or more circles by hand.

    When a label or a rule put them there, netmap remembers: no label or rule puts them back,
    even after a new import, until `netmap tag` does.

    \b
    Examples:
        netmap untag "Thomas Bonnet" work
        netmap untag "Léa Martin" studies friends
    """
    from netmap.circles import untag

    circles = _parse_circles(circle)
    with open_store(ctx) as store:
        for name in circles:
            result = untag(store, person, name)
            if result["excluded"]:
                click.echo(
                    terminal_text(
                        f"{result['name']} is out of {result['circle']}: labels and rules "
                        "will not put them back."
                    )
                )
            else:
                click.echo(terminal_text(f"{result['name']} is out of {result['circle']}."))


@cli.group("rules", cls=NetmapGroup)
def rules() -> None:
    """The circle rules: a TOML file kept in the workspace.

    Rules map organisations, schools, email domains, title keywords, groups and import
    sources to circles; [aliases] map labels. They apply at once and after every import,
    and never undo a hand tag or untag. The format is in `netmap rules edit`'s template.

    \b
    Examples:
        netmap rules load data/samples/circles.toml
        netmap rules show
        netmap rules edit
        netmap rules apply
    """


@rules.command("show")
@click.pass_context
def rules_show(ctx) -> None:
    """Print the workspace's rules file.

    \b
    Examples:
        netmap rules show
        netmap rules show > circles.toml
    """
    from netmap.circle_rules import rules_text

    with open_store(ctx) as store:
        text = rules_text(store)
    if text is None:
        click.echo(
            "No circle rules yet: `netmap rules edit` or `netmap rules load FILE`.", err=True
        )
        return
    click.echo(text, nl=not text.endswith("\n"))


def _summary(parsed) -> str:
    n, a = len(parsed.rules), len(parsed.aliases)
    return f"{n} rule{'s' * (n != 1)}, {a} alias{'es' * (a != 1)}"


@rules.command("edit")
@click.pass_context
def rules_edit(ctx) -> None:
    """Edit the rules in your editor, checked before saving.

    The editor is $VISUAL or $EDITOR; with no rules yet, you start from a template that
    documents the format. An invalid file is refused with the line of the error, and your
    edit is kept in a file whose name is given, to fix and `netmap rules load`.

    \b
    Examples:
        netmap rules edit
        EDITOR=nano netmap rules edit
    """
    import tempfile

    from netmap.circle_rules import RULES_TEMPLATE, rules_text, save_rules
    from netmap.errors import FormatError

    with open_store(ctx) as store:
        before = rules_text(store) or RULES_TEMPLATE
        fd, name = tempfile.mkstemp(prefix="netmap-rules-", suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(before)
        click.edit(filename=name)
        after = Path(name).read_text(encoding="utf-8")
        if after == before:
            os.unlink(name)
            click.echo("No change.", err=True)
            return
        try:
            parsed = save_rules(store, after, name)
        except FormatError as exc:
            raise FormatError(
                exc.message,
                file=exc.file,
                line=exc.line,
                hint=(f"{exc.hint}; " if exc.hint else "")
                + f"nothing was saved: your edit is kept in {name}; fix it there, then run "
                f"`netmap rules load {name}`",
            ) from None
    os.unlink(name)
    click.echo(f"Saved the rules: {_summary(parsed)}. See what they match: netmap rules apply")


def _read_rules_file(path: str) -> str:
    from netmap.errors import FormatError

    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text", file=path, hint="save it as UTF-8") from None


@rules.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.pass_context
def rules_load(ctx, file) -> None:
    """Check a rules file and store it, replacing the previous rules.

    \b
    Examples:
        netmap rules load circles.toml
        netmap rules show > circles.toml && netmap rules load circles.toml
    """
    from netmap.circle_rules import save_rules

    text = _read_rules_file(file)
    with open_store(ctx) as store:
        parsed = save_rules(store, text, file)
    click.echo(f"Loaded {file}: {_summary(parsed)}. See what they match: netmap rules apply")


@rules.command("apply")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@output_options
@click.pass_context
def rules_apply(ctx, file, fmt, output) -> None:
    """Report what each rule and alias matches now.

    One row per rule or alias: its circle, how many people it matches, how many are in the
    circle by the rules file alone, and how many were untagged from it by hand.

    Rules are applied whenever circles are shown, so this only reports. With FILE, report
    what that file's rules would match, without storing them.

    \b
    Examples:
        netmap rules apply
        netmap rules apply new-rules.toml --format json
    """
    from netmap.circle_rules import parse_rules
    from netmap.circles import REPORT_COLUMNS, rule_report

    rules_given = parse_rules(_read_rules_file(file), file) if file else None
    with open_store(ctx) as store:
        df = rule_report(store, rules_given)
    if df.empty and fmt == "table":
        click.echo(
            "No rules or aliases: `netmap rules edit` or `netmap rules load FILE`.", err=True
        )
        return
    emit(_render(df.to_dict("records"), REPORT_COLUMNS, fmt), output)


def _attach_compare() -> None:
    """`netmap circles compare` lives in its own module; attach it under `netmap circles`."""
    from netmap.cli.compare import compare

    circles_.add_command(compare)


_attach_compare()
