"""The report as one self-contained HTML page: inline CSS and SVG, no script, phone-readable."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from netmap import __version__

__all__ = ["CSP", "json_for_html", "render_html"]

#: The page's Content-Security-Policy: nothing is loaded and no script runs, whatever the
#: page holds; inline styles (and images inside the SVG figures, as data: URLs) only.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "font-src 'none'; connect-src 'none'; object-src 'none'; frame-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)

_CSS = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 52rem; margin: 0 auto; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0.5rem 0; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; padding-top: 0.5rem;
  border-top: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; overflow-wrap: anywhere; }
p { margin: 0.5rem 0; overflow-wrap: anywhere; }
.lead { font-size: 1.1rem; }
.meta, .explain, figcaption, .more { color: var(--muted); }
.explain { font-size: 0.95rem; border-left: 3px solid var(--line); padding-left: 0.75rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.5rem 0;
  border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem;
  border-top: 1px solid var(--line); min-width: 4rem; }
td.num, th.num { text-align: right; min-width: 3rem; white-space: nowrap; }
td.wide { min-width: 12rem; }
.chip { display: inline-block; white-space: nowrap; margin: 0 0.25rem 0.15rem 0; }
.dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%;
  margin-right: 0.3em; vertical-align: -0.05em; border: 1px solid rgba(0,0,0,.25); }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; max-width: 40rem; height: auto; margin: 0 auto; }
nav ol { padding-left: 1.25rem; margin: 0.25rem 0; }
footer { margin-top: 2rem; font-size: 0.85rem; color: var(--muted); }
details summary { cursor: pointer; color: var(--muted); }
@media (max-width: 30rem) { body { padding: 0.75rem; } h1 { font-size: 1.35rem; } }
@media (max-width: 40rem) {
  table.cards thead { position: absolute; left: -9999px; }
  table.cards tr { display: block; border-top: 1px solid var(--line); padding: 0.4rem 0; }
  table.cards td { display: block; border: 0; padding: 0.1rem 0.5rem; min-width: 0;
    text-align: left; }
  table.cards td:empty { display: none; }
  table.cards td::before { content: attr(data-label) ": "; font-weight: 600;
    color: var(--muted); }
}
@media print { .scroll { overflow: visible; border: 0; } h2 { break-after: avoid; } }
"""
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Names shown in a table cell before the rest folds away.
SHOWN = 12
#: Columns of long sentences: a table holding one becomes a list of cards on a phone.
WIDE = ("why", "reason", "path")


def json_for_html(value: Any) -> str:
    """JSON safe inside an HTML page: ``<``, ``>`` and ``&`` written as ``\\u003c`` etc.

    Neither ``</script>`` nor ``<!--`` nor an entity can then end or change the element the
    JSON sits in; U+2028 and U+2029 (line ends in older JavaScript) and lone surrogates
    (which UTF-8 cannot hold) are escaped too, so ``json.loads`` gives ``value`` back. (The
    report itself embeds no JSON and no script.)

    Examples
    --------
    >>> print(json_for_html({"name": "</script><b>&amp;"}))
    {"name": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;"}
    """
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # else not UTF-8


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _bdi(text: Any) -> str:
    """Escaped text isolated from its neighbours' direction (a right-to-left name stays whole)."""
    return f"<bdi>{_esc(text)}</bdi>"


def _chip(circle: str, colours: dict[str, str]) -> str:
    colour = colours.get(circle, "")
    dot = (f'<span class="dot" style="background:{colour}"></span>'
           if _COLOUR.fullmatch(colour or "") else "")  # fmt: skip
    return f'<span class="chip">{dot}{_bdi(circle)}</span>'


def _names(values: list) -> str:
    """A list of names; past :data:`SHOWN` of them the rest folds away (``<details>``)."""
    if len(values) <= SHOWN + 2:
        return ", ".join(_bdi(v) for v in values)
    first = ", ".join(_bdi(v) for v in values[:SHOWN])
    rest = ", ".join(_bdi(v) for v in values[SHOWN:])
    return f"{first}, <details><summary>and {len(values) - SHOWN} more</summary>{rest}</details>"


def _cell(key: str, header: str, value: Any, colours: dict[str, str]) -> str:
    label = f' data-label="{_esc(header)}"'
    if key == "circle":
        values = value if isinstance(value, list) else [value]
        chips = " ".join(_chip(str(v), colours) for v in values if v != "")
        return f"<td{label}>{chips}</td>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num"{label}>{_esc(value)}</td>'
    if isinstance(value, list):
        return f'<td class="wide"{label}>{_names(value)}</td>'
    if value == "":
        return f"<td{label}></td>"
    wide = ' class="wide"' if key in WIDE else ""
    return f"<td{wide}{label}>{_bdi(value)}</td>"


def _table(block: dict[str, Any], colours: dict[str, str]) -> str:
    rows = block["rows"]
    numeric = {
        k for k, _ in block["columns"] if rows and all(isinstance(r.get(k), int) for r in rows)
    }
    head = "".join(
        f'<th scope="col"{" class=num" if k in numeric else ""}>{_esc(h)}</th>'
        for k, h in block["columns"]
    )
    body = "\n".join(
        "<tr>"
        + "".join(_cell(k, h, row.get(k, ""), colours) for k, h in block["columns"])
        + "</tr>"
        for row in block["rows"]
    )
    more = (f'\n<p class="more">And {block["more"]} more, not listed.</p>'
            if block.get("more") else "")  # fmt: skip
    cards = ' class="cards"' if any(k in WIDE for k, _ in block["columns"]) else ""
    return (
        f'<div class="scroll"><table{cards}>\n<caption>{_esc(block["caption"])}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>{more}"
    )


def _block(block: dict[str, Any], colours: dict[str, str]) -> str:
    kind = block["type"]
    if kind == "paragraph":
        return f"<p>{_bdi(block['text'])}</p>"
    if kind == "heading":
        return f"<h3>{_bdi(block['text'])}</h3>"
    if kind == "table":
        return _table(block, colours)
    if kind == "figure":
        return (f'<figure id="fig-{_esc(block["name"])}">\n{block["svg"]}\n'
                f"<figcaption>{_esc(block['caption'])}</figcaption></figure>")  # fmt: skip
    raise ValueError(f"unknown block type {kind!r}")


def render_html(page: dict[str, Any]) -> str:
    """The page of :func:`netmap.report_page.report_page` as one self-contained HTML file.

    Everything is inside the file: CSS in a ``<style>`` element, figures as inline ``<svg>``.
    It loads nothing and runs nothing: no script, no external reference, and a
    Content-Security-Policy (:data:`CSP`) that would block both anyway. Every text from the
    data is escaped (``html.escape``) and wrapped in ``<bdi>`` so that right-to-left names
    do not reorder the sentence around them. Tables scroll sideways on a narrow screen.

    Examples
    --------
    >>> page = {"title": "<b>Ana</b>'s network", "lead": "", "date": "2025-01-31",
    ...         "pseudonymised": False, "colours": {}, "sections": []}
    >>> "<title>&lt;b&gt;Ana&lt;/b&gt;&#x27;s network</title>" in render_html(page)
    True
    """
    colours = page.get("colours", {})
    nav = "".join(
        f'<li><a href="#{_esc(s["key"])}">{_esc(s["title"])}</a></li>' for s in page["sections"]
    )
    parts = []
    for s in page["sections"]:
        parts.append(f'<section id="{_esc(s["key"])}">\n<h2>{_esc(s["title"])}</h2>')
        if s.get("sentence"):
            parts.append(f"<p>{_bdi(s['sentence'])}</p>")
        if s.get("explanation"):
            parts.append(f'<p class="explain">{_esc(s["explanation"])}</p>')
        parts.extend(_block(b, colours) for b in s["blocks"])
        parts.append("</section>")
    hidden = (" Names are replaced by labels (P001...); organisations and contact details "
              "are left out." if page.get("pseudonymised") else "")  # fmt: skip
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="netmap {_esc(__version__)}">
<title>{_esc(page["title"])}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<header>
<h1>{_bdi(page["title"])}</h1>
<p class="lead">{_bdi(page.get("lead", ""))}</p>
<p class="meta">Made with netmap on {_esc(page["date"])} from contact exports.{hidden}</p>
<nav aria-label="Contents"><ol>{nav}</ol></nav>
</header>
{body}
<footer><p>This page is self-contained: it loads nothing from the Internet and runs no
script. The chances and ratings are rough guides computed from your own data, not
predictions.</p></footer>
</main>
</body>
</html>
"""
