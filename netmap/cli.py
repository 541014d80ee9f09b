"""The netmap command line: parse, call one library function, render."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from netmap import __version__

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "cli", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class NetmapCommand(click.Command):
    """A command whose library errors become one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from netmap.errors import NetmapError

        try:
            return super().invoke(ctx)
        except NetmapError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted: the workspace is as it was before this command.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_OK)


class NetmapGroup(click.Group):
    command_class = NetmapCommand


def _store(ctx: click.Context):
    from netmap.store import Store

    return Store(ctx.obj["db"])


def output_options(func):
    """``--format table|csv|json`` and ``-o/--output`` (default stdout), shared by commands."""

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="Output format.",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, allow_dash=True),
        default="-",
        help="Write to this file instead of stdout (written atomically).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def emit(text: str, output: str = "-") -> None:
    """Write a command's data to stdout or, atomically, to a file."""
    if output == "-":
        click.echo(text)
        return
    from netmap.report import write_atomic

    write_atomic(output, text + "\n")
    click.echo(f"Wrote {output}", err=True)


@click.group(cls=NetmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="netmap")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="NETMAP_DB",
    default="netmap.db",
    show_default=True,
    help="The workspace file (also $NETMAP_DB).",
)
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """netmap: turn your contact exports into a network you can reason about.

    Exit codes: 0 ok, 1 error (a one-line message on stderr), 2 wrong usage,
    130 interrupted.

    \b
    Quick start:
        netmap init --me "Camille Durand"
        netmap import data/samples/*.vcf data/samples/*.csv
        netmap contacts
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


@cli.command()
@click.option("--me", required=True, help="Your name: the ego of the network.")
@click.option(
    "--region",
    default="FR",
    show_default=True,
    help="Country code used to read phone numbers written without +CC.",
)
@click.pass_context
def init(ctx: click.Context, me: str, region: str) -> None:
    """Create a workspace (an SQLite file) whose ego is you.

    \b
    Examples:
        netmap init --me "Camille Durand"
        netmap --db ~/contacts.db init --me "Camille Durand" --region DE
    """
    from netmap.people import init_workspace

    store = init_workspace(ctx.obj["db"], me, region=region)
    store.close()
    click.echo(
        f"Created workspace {ctx.obj['db']} for {me.strip()} (phone region {region.upper()})."
    )


def _stdin_to_file() -> Path:
    import tempfile

    data = sys.stdin.buffer.read()
    fd, name = tempfile.mkstemp(prefix="netmap-stdin-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(name)


def _import_text(report: dict[str, Any], limit: int = 20) -> str:
    lines = []
    for f in report["files"]:
        if f["status"] == "imported":
            lines.append(
                f"{f['file']}: {f['format']}, read {f['read']}, new {f['new']}, "
                f"merged {f['merged']}, repaired {f['repaired']}, rejected {f['rejected']}"
            )
        elif f["status"] == "unchanged":
            lines.append(
                f"{f['file']}: unchanged since it was imported (as {f['same_as']}), skipped"
            )
        elif f["status"] == "duplicate":
            lines.append(f"{f['file']}: same content as another file of this import, skipped")
        else:
            lines.append(f"{f['file']}: not imported: {f['error']}")
    lines.append(
        f"Read {report['read']} records: {report['new']} new, {report['merged']} merged into "
        f"existing people, {report['repaired']} repaired, {len(report['rejected'])} rejected."
    )
    if report["merges"]:
        lines.append("Merged:")
        for m in report["merges"][:limit]:
            lines.append(f"  {m['file']}:{m['line']}: {m['name']} -> {m['into']} ({m['reason']})")
        if len(report["merges"]) > limit:
            more = len(report["merges"]) - limit
            lines.append(f"  ... and {more} more (--format json lists all)")
    if report["repairs"]:
        lines.append("Repaired:")
        for r in report["repairs"][:limit]:
            lines.append(f"  {r['file']}:{r['line']}: {'; '.join(r['repairs'])}")
        if len(report["repairs"]) > limit:
            lines.append(
                f"  ... and {len(report['repairs']) - limit} more (--format json lists all)"
            )
    if report["rejected"]:
        lines.append("Rejected:")
        for r in report["rejected"]:
            lines.append(f"  {r['file']}:{r['line']}: {r['reason']}")
    if report["doubtful"]:
        lines.append(
            f"{report['doubtful']} doubtful match(es) were not merged: "
            "run `netmap dedupe` to review them."
        )
    return "\n".join(lines)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--encoding", help="Text encoding of files without BOM that are not UTF-8.")
@click.option(
    "--map",
    "mapping",
    help='CSV column mapping for unknown layouts: "Full Name=name,Company=org,E-mail=email".',
)
@click.option("--region", help="Phone region for this import (default: the workspace's).")
@click.option("--strict", is_flag=True, help="Import nothing and exit 1 if any record is rejected.")
@click.option(
    "--skip-bad-files",
    is_flag=True,
    help="Report files that cannot be read at all and import the others.",
)
@output_options
@click.pass_context
def import_(ctx, files, encoding, mapping, region, strict, skip_bad_files, fmt, output) -> None:
    """Import vCard and CSV exports: phone, Google, Outlook, LinkedIn, Thunderbird...

    The same person met in several files becomes one person; doubtful matches are never
    merged silently (see `netmap dedupe`). Everything happens in one transaction.

    \b
    Examples:
        netmap import phone.vcf google.csv Connections.csv outlook.csv
        netmap import old-phone.vcf --encoding cp1252
        netmap import people.csv --map "Full Name=name,Company=org,Mail=email"
        netmap import contacts.vcf --format json
        cat contacts.vcf | netmap import -
    """
    from netmap.importing import StrictImportError, import_files

    parsed_map = None
    if mapping:
        from netmap.importers.csvfile import parse_mapping

        parsed_map = parse_mapping(mapping)
    paths: list[str | Path] = []
    temp: list[Path] = []
    for f in files:
        if f == "-":
            p = _stdin_to_file()
            temp.append(p)
            paths.append(p)
        else:
            paths.append(f)
    store = _store(ctx)
    try:
        report = import_files(
            store,
            paths,
            encoding=encoding,
            mapping=parsed_map,
            region=region,
            strict=strict,
            skip_bad_files=skip_bad_files,
        ).to_dict()
    except StrictImportError as exc:
        data = exc.report.to_dict()
        if fmt == "json":
            emit(json.dumps(data, ensure_ascii=False, indent=2), output)
        else:
            for r in data["rejected"]:
                click.echo(f"{r['file']}:{r['line']}: {r['reason']}", err=True)
        raise
    finally:
        store.close()
        for p in temp:
            p.unlink(missing_ok=True)
    failed = [f for f in report["files"] if f["status"] == "failed"]
    if fmt == "json":
        emit(json.dumps(report, ensure_ascii=False, indent=2), output)
    else:
        emit(_import_text(report), output)
    if failed:
        ctx.exit(EXIT_ERROR)


@cli.command("contacts")
@click.option(
    "--search", help="Only people whose name, email, phone, organisation or group has TEXT."
)
@click.option("--source", help="Only people with a record from this imported file.")
@click.option("--ego", is_flag=True, help="Include yourself.")
@output_options
@click.pass_context
def contacts_(ctx, search, source, ego, fmt, output) -> None:
    """List the people of the workspace.

    \b
    Examples:
        netmap contacts
        netmap contacts --search acme --format csv -o acme.csv
        netmap contacts --source Connections.csv --format json
    """
    from netmap.people import CONTACT_COLUMNS, contacts
    from netmap.report import render_records

    with _store(ctx) as store:
        df = contacts(store, search=search, source=source, ego=ego)
    emit(render_records(df.to_dict("records"), CONTACT_COLUMNS, fmt), output)


def _show_text(p: dict[str, Any]) -> str:
    lines = [f"{p['name']}  ({p['id']}{', you' if p['ego'] else ''})"]
    for label, key in (
        ("Also named", "names"),
        ("Nicknames", "nicknames"),
        ("Emails", "emails"),
        ("Phones", "phones"),
        ("Organisations", "organisations"),
        ("Titles", "titles"),
        ("Roles", "roles"),
        ("Groups", "groups"),
        ("Addresses", "addresses"),
        ("URLs", "urls"),
        ("Notes", "notes"),
    ):
        values = [v for v in p[key] if not (key == "names" and v == p["name"])]
        if values:
            lines.append(f"{label}: {'; '.join(' '.join(str(v).split()) for v in values)}")
    if p["birthday"]:
        lines.append(f"Birthday: {p['birthday']}")
    for r in p["related"]:
        lines.append(f"Related: {r['name']} ({', '.join(r['types']) or 'related'})")
    lines.append(f"Source records ({len(p['source_records'])}):")
    for r in p["source_records"]:
        lines.append(f"  {r['source']}:{r['line']} [{r['format']}]")
        for repair in r["repairs"]:
            lines.append(f"    repaired: {repair}")
        for key, value in r["raw"].items():
            values = value if isinstance(value, list) else [value]
            for v in values:
                text = " ".join(str(v).split())[:120]
                # vCard cards keep their property lines as they were; CSV rows their cells.
                lines.append(f"    {text}" if key == "lines" else f"    {key}: {text}")
    return "\n".join(lines)


@cli.command("show")
@click.argument("person")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.pass_context
def show(ctx, person, fmt) -> None:
    """Show one person: every field, and every source record it came from.

    PERSON is an id, a name, or part of a name.

    \b
    Examples:
        netmap show "Léa Martin"
        netmap show p-1a2b3c4d5e6f --format json
    """
    from netmap.people import show_person

    with _store(ctx) as store:
        data = show_person(store, person)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_show_text(data))


@cli.command("sources")
@output_options
@click.pass_context
def sources_(ctx, fmt, output) -> None:
    """List the imported files with their counts.

    \b
    Examples:
        netmap sources
        netmap sources --format json
    """
    from netmap.report import render_records
    from netmap.sources import SOURCE_COLUMNS, list_sources

    with _store(ctx) as store:
        df = list_sources(store)
    emit(render_records(df.to_dict("records"), SOURCE_COLUMNS, fmt), output)


@cli.command("forget")
@click.argument("source")
@click.pass_context
def forget(ctx, source) -> None:
    """Forget an imported file: its records, and people known only from it.

    SOURCE is the file name, path or id shown by `netmap sources`.

    \b
    Examples:
        netmap forget Connections.csv
        netmap forget 3
    """
    from netmap.sources import forget_source

    with _store(ctx) as store:
        result = forget_source(store, source)
    click.echo(
        f"Forgot {result['source']}: {result['records']} records, "
        f"{result['people_removed']} people known only from it."
    )


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

    with _store(ctx) as store:
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

    with _store(ctx) as store:
        result = merge_people(store, first, second)
    click.echo(f"Merged {result['merged']} into {result['name']} ({result['kept']}).")


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

    with _store(ctx) as store:
        people = split_person(store, person)
    click.echo(f"Split into {len(people)} people:")
    for p in people:
        click.echo(f"  {p['id']}  {p['name']}  ({p['source']}:{p['line']})")


def main() -> None:
    """Entry point of the ``netmap`` console script."""
    cli(prog_name="netmap")
