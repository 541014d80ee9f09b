"""The shareable report: circles, reach, weak ties and introductions on one page, as data.

:func:`report_page` gathers what the page says (sections made of paragraphs, tables and
figures as inline SVG) without deciding how it looks; :mod:`netmap.report_html` and
:mod:`netmap.report_markdown` render it, and :func:`report_files` gives the files to write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from netmap.graph import list_attribute as _labels

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPLANATIONS", "NO_CIRCLE", "clean_text", "report_files", "report_page"]

#: The row of the circle table for contacts in no circle.
NO_CIRCLE = "(no circle)"
#: Names listed per circle, weak ties listed per label, routes per target.
MAX_MEMBERS, MAX_TIES, MAX_ROUTES = 100, 8, 3

#: One paragraph per measure, in plain words: what it means and how to read it.
EXPLANATIONS = {
    "circles": (
        "A circle is a part of your life: family, studies, an internship, work, friends. "
        "Each person you know is placed in the circles their contact details point to, or "
        "that you gave them by hand; someone can be in several. Circles show where your "
        "network is thick and where it is thin."
    ),
    "reach": (
        "Reach counts the people you could get to in a few steps: your own contacts (1 "
        "step), the people they know (2 steps: one introduction away), and so on. Most "
        "opportunities come from 2 steps away, because the people you know directly mostly "
        "know what you already know."
    ),
    "weak_ties": (
        "A weak tie is someone you know a little, often from another part of your life. "
        "They hear of things your close friends do not, which is why sociologists found "
        "that jobs are often found through them (Granovetter, 1973). netmap rates each "
        "contact by how little of your network you share with them: 'ask now' means a "
        "valuable tie that is still warm, 'reconnect' a valuable tie you have not used for "
        "a while, worth a friendly message before you ask for anything."
    ),
    "introductions": (
        "To meet someone you do not know, ask a person who knows them. For each target, "
        "netmap finds the chains of people most likely to work, using how close each tie "
        "is, and gives each chain a rough chance: in a famous experiment about a third of "
        "the steps of such chains worked (Dodds, Muhamad & Watts, 2003), so shorter chains "
        "through close contacts are better. The chains share nobody, so you can try them "
        "all."
    ),
    "brokerage": (
        "You are a broker when you know people who do not know each other: you can pass on "
        "news and introductions between them. The more of your contacts are strangers to "
        "one another, the more 'independent' contacts you have (Burt, 1992)."
    ),
    "network": (
        "Each dot is a person, coloured by circle; a line joins two people who know each "
        "other, as far as your contact data says. You are left out, since you know everyone "
        "in it; people who know nobody else here ring the picture."
    ),
    "groups": (
        "Groups are found from who knows whom, without looking at your circles: people who "
        "know each other a lot form a group. When the groups match your circles, your "
        "circles describe your real social world well."
    ),
}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """A value as printable text: control characters, lone surrogates and noncharacters
    (U+FDD0-U+FDEF, U+FFFE, U+FFFF) become U+FFFD.

    Escaping for HTML or Markdown is the renderer's job; this only removes what no page
    should carry (a NUL, a terminal escape, half of an emoji, what HTML calls a
    noncharacter and XML forbids in the inline SVG).

    Examples
    --------
    >>> clean_text("Ana\\x00Bel\\x1b[31m")
    'Ana\\ufffdBel\\ufffd[31m'
    >>> clean_text(["a", "b"]), clean_text(None), clean_text(0.5)
    ('a, b', '', '0.5')
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(clean_text(v) for v in value)
    return _CONTROL.sub("\ufffd", str(value))


def _name(G: nx.Graph, node: Any) -> str:
    return clean_text(G.nodes[node].get("name") or node)


def _date(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _percent(p: float) -> str:
    return f"{p:.0%}" if p >= 0.095 else f"{p:.1%}"


# --------------------------------------------------------------------------------------------
# Figures


def _figure(name: str, caption: str, draw, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A figure block: ``draw(*args, **kwargs)`` as an inline SVG string, its figure closed."""
    from netmap import plot

    try:
        ax = getattr(plot, draw)(*args, **kwargs)
    except Exception as exc:  # a figure that cannot be drawn must not lose the page
        plot.close()
        return {"type": "paragraph", "text": f"Figure not available: {clean_text(exc)}"}
    try:
        svg = plot.figure_svg(ax)
    finally:
        plot.close(ax)
    return {
        "type": "figure",
        "name": name,
        "caption": caption,
        "svg": _inline_svg(svg, f"fig-{name}"),
    }


def _inline_svg(svg: str, prefix: str) -> str:
    """The ``<svg>`` element alone (no XML declaration, DOCTYPE or comment), its ids prefixed.

    Several figures share one page: their ids (clip paths, glyphs) must not collide, so
    each ``id`` and each reference to it (``url(#id)``, ``href="#id"``) gets ``prefix``.
    """
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S).strip()
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg

    def rename(match: re.Match) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    return re.sub(r'(\bid="|url\(#|href="#)([^")]+)', rename, svg)


# --------------------------------------------------------------------------------------------
# Sections


def _table(caption: str, columns: Sequence[tuple[str, str]], rows: list[dict], more: int = 0):
    return {"type": "table", "caption": caption, "columns": list(columns), "rows": rows,
            "more": more}  # fmt: skip


def _circles(G: nx.Graph, ego: Any, colours: dict[str, str], seed: int, pseudo: bool) -> list:
    contacts = [n for n in G[ego] if n != ego and G.nodes[n].get("kind") != "affiliation"]
    members: dict[str, list[str]] = {}
    for n in contacts:
        for circle in _labels(G.nodes[n].get("circles")) or [NO_CIRCLE]:
            members.setdefault(circle, []).append(_name(G, n))
    order = sorted(members, key=lambda c: (c == NO_CIRCLE, -len(members[c]), c))
    rows = []
    for circle in order:
        names = sorted(members[circle], key=str.casefold)
        shown = names[:MAX_MEMBERS]
        rest = len(names) - len(shown)
        rows.append({
            "circle": circle, "colour": colours.get(circle, ""), "people": len(names),
            "members": shown + ([f"and {rest} more"] if rest else []),
        })  # fmt: skip
    several = sum(1 for n in contacts if len(_labels(G.nodes[n].get("circles"))) > 1)
    blocks: list[dict] = [
        _table(
            "Who is in which circle",
            [("circle", "Circle"), ("people", "People"), ("members", "Who")],
            rows,
        )
    ]
    if several:
        blocks.append({"type": "paragraph",
                       "text": f"{several} of your contacts are in several circles: they are "
                               "listed in each."})  # fmt: skip
    blocks.append(
        _figure("circles", "You at the centre, one sector per circle; closer ties nearer "
                "the centre.", "plot_circles", G, ego, seed=seed, pseudonymise=pseudo)
    )  # fmt: skip
    return blocks


def _reach(G: nx.Graph, ego: Any, colours: dict[str, str]) -> list:
    from netmap.analysis.reach import reach

    total = reach(G, ego, hops=3)
    by = reach(G, ego, hops=3, by="circle")
    rows = []
    for group, part in [("everyone", total), *by.groupby("group", sort=False)]:
        counts = dict(zip(part["hops"], part["count"], strict=True))
        label = NO_CIRCLE if group == "(none)" else group
        rows.append({"circle": label, "colour": colours.get(label, ""), "one": counts.get(1, 0),
                     "two": counts.get(2, 0), "three": counts.get(3, 0)})  # fmt: skip
    columns = [("circle", "Circle"), ("one", "1 step"), ("two", "2 steps"), ("three", "3 steps")]
    return [
        _table("People you can reach, by their circle", columns, rows),
        _figure("reach", "People 1, 2 and 3 steps away, per circle.", "plot_reach", G, ego),
    ]


def _weak_ties(G: nx.Graph, ego: Any) -> list:
    from netmap.analysis.weak_ties import weak_ties

    df = weak_ties(G, ego)
    blocks = []
    labels = [
        ("ask now", "Ask now: valuable and still warm"),
        ("reconnect", "Reconnect first: valuable but quiet for a while"),
    ]
    for label, caption in labels:
        part = df[df["label"] == label]
        rows = [
            {"name": clean_text(r.name), "circle": _labels(r.circles),
             "why": clean_text(r.why), "last": _date(r.last_contact)}
            for r in part.head(MAX_TIES).itertuples()
        ]  # fmt: skip
        if not rows:
            blocks.append({"type": "paragraph", "text": f"{caption}: nobody."})
            continue
        columns = [("name", "Who"), ("circle", "Circles"), ("why", "Why"),
                   ("last", "Last contact")]  # fmt: skip
        blocks.append(_table(caption, columns, rows, more=len(part) - len(rows)))
    return blocks


def _introduction(
    G: nx.Graph, ego: Any, target: str, number: int, seed: int, pseudo: bool, warnings: list[str]
) -> list:
    from netmap.analysis.introductions import introductions
    from netmap.errors import NetmapError

    blocks: list[dict] = [{"type": "heading", "text": f"To reach {clean_text(target)}"}]
    try:
        df = introductions(G, target, ego, top=MAX_ROUTES)
    except NetmapError as exc:
        text = clean_text(exc)
        if pseudo:
            text += (" In a pseudonymised report names and organisations are hidden: give a "
                     "circle or a label such as P001.")  # fmt: skip
        warnings.append(f"--target {clean_text(target)!r}: {text}")
        return [*blocks, {"type": "paragraph", "text": text}]
    said = clean_text(f"{df.attrs['understood']} {df.attrs['message']}")
    blocks.append({"type": "paragraph", "text": said})
    if len(df):
        rows = [
            {"rank": int(r.rank), "via": clean_text(r.via), "chance": _percent(r.probability),
             "path": " → ".join(clean_text(p) for p in r.path), "reason": clean_text(r.reason)}
            for r in df.itertuples()
        ]  # fmt: skip
        columns = [("rank", "Rank"), ("via", "Ask"), ("chance", "Chance"), ("path", "Chain"),
                   ("reason", "Why")]  # fmt: skip
        blocks.append(_table(f"Whom to ask to reach {clean_text(target)}", columns, rows))
        blocks.append(
            _figure(f"intro-{number}", f"The chains to {clean_text(target)}.",
                    "plot_intro", G, target, ego, seed=seed, top=MAX_ROUTES,
                    pseudonymise=pseudo)
        )  # fmt: skip
    return blocks


def _section(key: str, title: str, sentence: str, blocks: Any = ()) -> dict[str, Any]:
    """A section; ``blocks`` is a list, or a callable giving one (its failure is reported)."""
    import networkx as nx

    from netmap.errors import NetmapError

    if callable(blocks):
        try:
            blocks = blocks()
        except (NetmapError, ValueError, KeyError, nx.NetworkXError) as exc:
            blocks = [{"type": "paragraph", "text": f"Not available: {clean_text(exc)}"}]
    return {"key": key, "title": title, "sentence": clean_text(sentence),
            "explanation": EXPLANATIONS.get(key, ""), "blocks": list(blocks)}  # fmt: skip


def report_page(
    G: nx.Graph,
    ego: Any = None,
    *,
    targets: Iterable[str] = (),
    pseudonymise: bool = False,
    seed: int = 0,
    today: date | None = None,
) -> dict[str, Any]:
    """What the shareable report says, as data: a title and sections of blocks.

    The sections: the network and its picture; who is in which circle (a table of members
    and the sectors-and-rings figure); reach (1, 2, 3 steps, per circle); the weak ties to
    use now or to reconnect first; whom to ask for each target; brokerage; the groups found
    from the ties. Each carries the analysis' headline sentence
    (:func:`netmap.analysis.summary.summary`) and a plain-words explanation
    (:data:`EXPLANATIONS`). A part that fails on this graph says so instead of stopping the
    page; a target that matches nobody says so in its part.

    Parameters
    ----------
    G : networkx.Graph
        A graph in netmap's schema (only its structure is required).
    ego : node, optional
        Default ``G.graph["ego"]``.
    targets : iterable of str
        Whom the student wants to meet (see :func:`netmap.analysis.introductions`).
    pseudonymise : bool
        Replace every name by a label first (:func:`netmap.pseudonymise.pseudonymise`);
        targets are then matched in the pseudonymised graph (circles, labels).
    seed : int
        Layout seed of the figures.
    today : date, optional
        The date printed on the page; default today.

    Returns
    -------
    dict
        ``title``, ``lead`` (one sentence), ``date``, ``pseudonymised``, ``colours``
        (circle -> colour) and ``sections``: dicts with ``key``, ``title``, ``sentence``,
        ``explanation`` and ``blocks``, each block a dict with ``type`` ``"paragraph"``
        (``text``), ``"heading"`` (``text``), ``"table"`` (``caption``, ``columns`` as
        ``(key, header)`` pairs, ``rows``, ``more``: rows left out) or ``"figure"``
        (``name``, ``caption``, ``svg``). Text is raw (unescaped) and free of control
        characters. ``warnings``: what the command line should say (a target matching
        nobody).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph(ego="me")
    >>> G.add_node("me", name="Camille")
    >>> G.add_node("a", name="Léa", circles=["studies"])
    >>> G.add_edge("me", "a")
    >>> page = report_page(G, today=date(2025, 1, 31))
    >>> page["title"], [s["key"] for s in page["sections"]]  # doctest: +NORMALIZE_WHITESPACE
    ("Camille's network",
     ['network', 'circles', 'reach', 'weak_ties', 'introductions', 'brokerage', 'groups'])
    >>> page["sections"][1]["blocks"][0]["rows"]
    [{'circle': 'studies', 'colour': '#0072B2', 'people': 1, 'members': ['Léa']}]
    """
    import networkx as nx

    from netmap.analysis.summary import summary
    from netmap.plot import circle_colours

    G = nx.Graph(G)  # a copy: undirected, simple, names printable (also in the figures)
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    for _, data in G.nodes(data=True):
        if data.get("name") is not None:
            data["name"] = clean_text(data["name"])
    if ego is not None:
        G.graph["ego"] = ego
    if pseudonymise:
        from netmap.pseudonymise import pseudonymise as hide

        G, _ = hide(G)
    ego = G.graph.get("ego")
    if ego is None or ego not in G:
        from netmap.errors import NetmapError

        raise NetmapError("the graph has no ego", hint="give --ego NODE")
    circles = sorted({c for _, v in G.nodes(data="circles") for c in _labels(v)})
    colours = dict(circle_colours([*circles, "(none)"]))  # "(none)": netmap.plot's grey
    colours[NO_CIRCLE] = colours.pop("(none)")
    heads = {row["section"]: row["sentence"] for row in summary(G, ego)}
    targets = list(dict.fromkeys(t for t in targets if str(t).strip()))
    warnings: list[str] = []
    intro_blocks = [
        b
        for i, t in enumerate(targets, 1)
        for b in _introduction(G, ego, t, i, seed, pseudonymise, warnings)
    ]
    if not targets:
        hint = 'No target was given: add --target "a person, an organisation or a circle".'
        intro_blocks = [{"type": "paragraph", "text": hint}]
    network_figure = _figure("network", "Everyone, coloured by circle.", "plot_network", G, ego,
                             seed=seed, pseudonymise=pseudonymise)  # fmt: skip
    sections = [
        _section("network", "Your network", "", [network_figure]),
        _section("circles", "Circles", "",
                 lambda: _circles(G, ego, colours, seed, pseudonymise)),
        _section("reach", "Reach", heads["reach"], lambda: _reach(G, ego, colours)),
        _section("weak_ties", "Weak ties worth reactivating", heads["weak_ties"],
                 lambda: _weak_ties(G, ego)),
        _section("introductions", "Whom to ask for an introduction", heads["introductions"],
                 intro_blocks),
        _section("brokerage", "Brokerage", heads["brokerage"]),
        _section("groups", "Groups found from who knows whom", heads["circles"]),
    ]  # fmt: skip
    name = _name(G, ego)
    return {
        "title": f"{name}'s network",
        "lead": clean_text(heads["network"]),
        "date": (today or date.today()).isoformat(),
        "pseudonymised": bool(pseudonymise),
        "colours": colours,
        "sections": sections,
        "warnings": warnings,
    }


def report_files(page: dict[str, Any], output: str) -> dict[str, str]:
    """The files of the report: ``{relative path: text}``, from the suffix of ``output``.

    ``page.html`` (or ``.htm``) gives one self-contained file; ``page.md`` gives the
    Markdown file and its figures in ``page_files/*.svg``, linked relatively.

    Raises
    ------
    NetmapError
        ``output`` ends with another suffix.
    """
    from pathlib import PurePath

    from netmap.errors import NetmapError

    path = PurePath(output)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        from netmap.report_html import render_html

        return {path.name: render_html(page)}
    if suffix in (".md", ".markdown"):
        from netmap.report_markdown import render_markdown

        text, figures = render_markdown(page, f"{path.stem}_files")
        return {path.name: text, **figures}
    raise NetmapError(
        f"cannot tell the report's format from {output!r}",
        hint="name the output report.html (one self-contained page) or report.md",
    )
