"""The report as Markdown, its figures as SVG files beside it, linked relatively."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import quote

__all__ = ["md_escape", "render_markdown"]

# Every ASCII punctuation that Markdown (CommonMark, GFM tables, autolinks, maths) may read.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:\"=$^])")
_RTL = {"R", "AL", "RLE", "RLO", "LRE", "LRO", "RLI", "LRI", "FSI", "PDF", "PDI"}


def md_escape(text: Any) -> str:
    """Text that Markdown shows as it is: no markup, no HTML, no link, on one line.

    Markdown punctuation gets a backslash (CommonMark lets any ASCII punctuation be escaped,
    so ``<b>`` stays text and ``http://x`` no link); line breaks become spaces; text with
    right-to-left characters or direction controls is isolated (U+2068 ... U+2069) so that
    it cannot reorder the line around it.

    Examples
    --------
    >>> print(md_escape("<b>bold</b> *Ana* | =HYPERLINK(\\"http://x\\")"))
    \\<b\\>bold\\</b\\> \\*Ana\\* \\| \\=HYPERLINK\\(\\"http\\://x\\"\\)
    >>> md_escape("&amp;")
    '\\\\&amp;'
    """
    text = " ".join(str(text).split())
    text = _SPECIAL.sub(r"\\\1", text)
    if any(unicodedata.bidirectional(c) in _RTL for c in text):
        text = f"\u2068{text}\u2069"
    return text


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(md_escape(v) for v in value)
    return md_escape(value)


def _table(block: dict[str, Any]) -> list[str]:
    columns = block["columns"]
    rows = block["rows"]
    numeric = {k for k, _ in columns if rows and all(isinstance(r.get(k), int) for r in rows)}
    lines = [
        f"**{md_escape(block['caption'])}**",
        "",
        "| " + " | ".join(md_escape(h) for _, h in columns) + " |",
        "|" + "|".join("---:" if k in numeric else "---" for k, _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(_cell(r.get(k, "")) for k, _ in columns) + " |"
              for r in block["rows"]]  # fmt: skip
    if block.get("more"):
        lines += ["", f"And {block['more']} more, not listed."]
    return lines


def _file_name(name: str, used: set[str]) -> str:
    from netmap.report_safety import safe_filename

    return safe_filename(name.lower() or "figure", ".svg", used=used)


def render_markdown(page: dict[str, Any], files_dir: str = "report_files") -> tuple[str, dict]:
    """The page of :func:`netmap.report_page.report_page` as Markdown, and its figures.

    Returns
    -------
    (str, dict)
        The Markdown text, and ``{relative path: SVG text}`` for the figures, each in
        ``files_dir`` and linked from the text by that relative path.

    Examples
    --------
    >>> page = {"title": "Ana's network", "lead": "2 contacts.", "date": "2025-01-31",
    ...         "pseudonymised": False, "colours": {}, "sections": [
    ...     {"key": "network", "title": "Your network", "sentence": "", "explanation": "",
    ...      "blocks": [{"type": "figure", "name": "network", "caption": "Everyone.",
    ...                  "svg": "<svg></svg>"}]}]}
    >>> text, files = render_markdown(page)
    >>> print(text.splitlines()[-1]), list(files)
    ![Everyone\\.](report_files/network.svg)
    (None, ['report_files/network.svg'])
    """
    lines = [f"# {md_escape(page['title'])}", "", md_escape(page.get("lead", "")), ""]
    meta = f"Made with netmap on {page['date']} from contact exports."
    if page.get("pseudonymised"):
        meta += " Names are replaced by labels; organisations and contact details are left out."
    lines += [f"*{md_escape(meta)}*", ""]
    files: dict[str, str] = {}
    used: set[str] = set()
    for s in page["sections"]:
        lines += [f"## {md_escape(s['title'])}", ""]
        if s.get("sentence"):
            lines += [md_escape(s["sentence"]), ""]
        if s.get("explanation"):
            lines += [f"> {md_escape(s['explanation'])}", ""]
        for block in s["blocks"]:
            kind = block["type"]
            if kind == "paragraph":
                lines += [md_escape(block["text"])]
            elif kind == "heading":
                lines += [f"### {md_escape(block['text'])}"]
            elif kind == "table":
                lines += _table(block)
            elif kind == "figure":
                path = f"{files_dir}/{_file_name(block['name'], used)}"
                files[path] = block["svg"] + "\n"
                lines += [f"![{md_escape(block['caption'])}]({quote(path)})"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n", files
