"""Workspace commands: init, import, contacts, show, sources, forget."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from netmap.cli._base import EXIT_ERROR, cli, emit, open_store, output_options
from netmap.report_safety import terminal_text

__all__ = ["contacts_", "forget", "import_", "init", "show", "sources_"]


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
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:  # a full $TMPDIR: say so, leave nothing behind
        from netmap.report import output_error

        os.unlink(name)
        raise output_error(exc, f"{name} (a copy of stdin; set TMPDIR elsewhere)") from None
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
    for c in report.get("common", []):
        lines.append(
            f"Not used to match: {c['key']} {c['value']} is shared by {c['people']} or more "
            "people (a switchboard, a shared mailbox, a nickname): people are matched on "
            "their other details."
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
    store = open_store(ctx)
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
                click.echo(terminal_text(f"{r['file']}:{r['line']}: {r['reason']}"), err=True)
        raise
    finally:
        store.close()
        for p in temp:
            p.unlink(missing_ok=True)
    failed = [f for f in report["files"] if f["status"] == "failed"]
    if fmt == "json":
        emit(json.dumps(report, ensure_ascii=False, indent=2), output)
    else:
        emit(terminal_text(_import_text(report)), output)
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

    with open_store(ctx) as store:
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

    with open_store(ctx) as store:
        data = show_person(store, person)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(terminal_text(_show_text(data)))


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

    with open_store(ctx) as store:
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

    with open_store(ctx) as store:
        result = forget_source(store, source)
    click.echo(
        terminal_text(
            f"Forgot {result['source']}: {result['records']} records, "
            f"{result['people_removed']} people known only from it."
        )
    )
