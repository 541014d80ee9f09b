"""The export command: the workspace or a research graph file to GraphML, GEXF, JSON, CSV..."""

from __future__ import annotations

import click

from netmap.cli._base import cli, open_store
from netmap.report_safety import terminal_text

__all__ = ["export"]

_WRITE = ("graphml", "gexf", "json", "csv", "edgelist", "snap")
_CONTACTS = ("vcard", "contacts-csv")
_READ = ("graphml", "gexf", "json", "edgelist", "snap")


def _pseudonymised_text(report: dict) -> str:
    labels = f"{report['first']}..{report['last']}" if report["labelled"] else "none"
    ego = " (the ego: EGO)" if report["nodes"] > report["labelled"] else ""
    return (
        f"Pseudonymised: {report['labelled']} nodes labelled {labels}{ego}; "
        f"dropped: {', '.join(report['dropped']) or 'nothing else'}; "
        f"replaced by keyed hashes (HMAC-SHA256, key not kept): "
        f"{', '.join(report['hashed']) or 'nothing'}.\n"
        f"{report['unique']} of {report['labelled']} nodes remain unique by degree and circles "
        f"(smallest group: {report['smallest_group']}): structure can still identify people."
    )


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_WRITE + _CONTACTS),
    help="Output format (default: from -o's suffix .graphml/.gexf/.json/.csv/.vcf, else "
    "graphml). vcard and contacts-csv export the contacts themselves.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Output file (written atomically); csv writes STEM.nodes.csv and STEM.edges.csv, "
    "snap writes PREFIX.edges, PREFIX.circles... Default: stdout.",
)
@click.option(
    "--pseudonymise",
    "--pseudonymize",
    "pseudonymise",
    is_flag=True,
    help="Labels instead of names, keyed hashes instead of emails/phones, no free text.",
)
@click.option("--declared-only", is_flag=True, help="Leave out inferred ties (declared ones only).")
@click.option(
    "--graph",
    "graph_path",
    type=click.Path(),
    help="Convert this graph file (GraphML, GEXF, JSON, edge list, SNAP prefix or file) "
    "instead of the workspace.",
)
@click.option("--ego", help="With --graph: the ego's node id.")
@click.option(
    "--input-format", type=click.Choice(_READ), help="With --graph: its format (default: guessed)."
)
@click.pass_context
def export(ctx, fmt, output, pseudonymise, declared_only, graph_path, ego, input_format) -> None:
    """Export the network for Gephi, notebooks or other tools, or the contacts themselves.

    GraphML and GEXF open in Gephi (circles as "family;studies" and one circle_NAME
    true/false column per circle, to filter on); JSON is node-link; CSV is a node table
    and an edge table; edgelist is source, target, strength. With --graph, a research
    file (GraphML, GEXF, JSON, edge list, SNAP ego network) is converted, no workspace
    needed. --pseudonymise replaces names and identifiers and says how many people the
    structure alone still singles out.

    vcard (vCard 4.0, also chosen by a .vcf name) and contacts-csv (Google Contacts CSV)
    write one card or row per contact: names, emails, phones, organisations, circles as
    categories or labels, and ties between contacts as relations, for a phone, an address
    book or another workspace (netmap imports both back). They are the contacts
    themselves, so --pseudonymise does not go with them.

    \b
    Examples:
        netmap export -o mynet.gexf
        netmap export -o contacts.vcf
        netmap export --format contacts-csv -o google.csv
        netmap export --format graphml -o mynet.graphml --pseudonymise
        netmap export --format csv -o mynet.csv --declared-only
        netmap export --graph facebook/0 --format gexf -o ego0.gexf
        netmap export --graph facebook_combined.txt --ego 0 -o fb.graphml
    """
    from netmap.formats import export_graph, format_for_path, read_graph

    if graph_path is None and (ego is not None or input_format is not None):
        raise click.UsageError("--ego and --input-format go with --graph PATH")
    if fmt is None and output != "-":
        from netmap.contact_export import contact_format_for_path

        fmt = contact_format_for_path(output) or format_for_path(output)
    fmt = fmt or "graphml"
    if fmt in _CONTACTS:
        _export_contacts(ctx, fmt, output, pseudonymise, declared_only, graph_path)
        return
    if fmt in ("csv", "snap") and output == "-":
        raise click.UsageError(f"--format {fmt} writes several files: name them with -o FILE")
    if graph_path is not None:
        G = read_graph(graph_path, ego=ego, format=input_format)
        if declared_only:
            inferred = [(u, v) for u, v, o in G.edges(data="origin") if o == "inferred"]
            G.remove_edges_from(inferred)
    else:
        from netmap.graph import build_graph

        store = open_store(ctx)
        try:
            G = build_graph(store, inferred=not declared_only)
        finally:
            store.close()
    for note in G.graph.get("read_notes") or []:
        click.echo(terminal_text(f"Note: {note}"), err=True)
    report = export_graph(G, output, fmt, pseudonymise=pseudonymise)
    if report["data"] is not None:
        click.echo(report["data"], nl=False)
    else:
        click.echo(
            f"Wrote {', '.join(report['files'])}: {report['nodes']} nodes, "
            f"{report['edges']} edges ({fmt}).",
            err=True,
        )
    for note in report["notes"]:
        click.echo(terminal_text(f"Note: {note}"), err=True)
    if report["pseudonymised"] is not None:
        click.echo(_pseudonymised_text(report["pseudonymised"]), err=True)


def _export_contacts(ctx, fmt, output, pseudonymise, declared_only, graph_path) -> None:
    """``export --format vcard|contacts-csv``: the workspace's contacts, not its graph."""
    for given, option in (
        (pseudonymise, "--pseudonymise"),
        (declared_only, "--declared-only"),
        (graph_path is not None, "--graph"),
    ):
        if given:
            raise click.UsageError(
                f"{option} goes with the graph formats, not with --format {fmt} "
                "(the contacts of the workspace, as they are)"
            )
    from netmap.contact_export import export_contacts

    store = open_store(ctx)
    try:
        report = export_contacts(store, output, fmt)
    finally:
        store.close()
    if report["data"] is not None:
        click.echo(report["data"], nl=False)
    else:
        click.echo(
            f"Wrote {output}: {report['people']} contacts, {report['relations']} relations "
            f"({fmt}).",
            err=True,
        )
