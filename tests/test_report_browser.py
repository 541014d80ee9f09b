"""The hostile report in a real headless browser: no script runs, and the page is not blank.

Needs Debian's chromium (``/usr/bin/chromium``, or ``$NETMAP_CHROMIUM``); skipped without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NETMAP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--mute-audio"]  # fmt: skip

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"no chromium at {CHROMIUM}")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


@pytest.fixture
def page(tmp_path) -> Path:
    """The report of the hostile graph of test_report_page, as a file."""
    import networkx as nx
    from test_report_page import HOSTILE, SCRIPT_NAME

    from netmap.report_html import render_html
    from netmap.report_page import report_page

    G = nx.Graph(ego="me")
    G.add_node("me", name="Camille Durand", circles=[])
    for i, (key, name) in enumerate(HOSTILE.items()):
        G.add_node(key, name=name, circles=["studies" if i % 2 else "work"])
        G.add_edge("me", key, strength=0.5)
    G.add_edge("script", "bold", strength=0.5)
    G.add_node("far", name=SCRIPT_NAME + " 2", organisations=["Target"])
    G.add_edge("bold", "far", strength=0.5)
    html = render_html(report_page(G, targets=["Target"], today=date(2025, 1, 31)))
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_no_script_runs_and_hostile_names_are_text(tmp_path, page):
    dom = _chromium(tmp_path, "--virtual-time-budget=2000", "--dump-dom", page.as_uri()).stdout
    parsed = _Elements()
    parsed.feed(dom)
    tags = {t for t, _ in parsed.tags}
    assert "main" in tags and "svg" in tags  # the page did render
    assert not {"img", "script", "iframe", "object", "embed"} & tags
    assert not [(t, a) for t, a in parsed.tags for k in a if k.startswith("on")]
    text = "".join(parsed.text)
    assert "</script><img src=x onerror=alert(1)>" in text
    assert '=HYPERLINK("http://x")' in text and "<b>bold</b>" in text and "&amp;" in text


def test_phone_screenshot_is_not_blank(tmp_path, page):
    import matplotlib.image

    shot = tmp_path / "phone.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=412,915",
              "--hide-scrollbars", page.as_uri())  # fmt: skip
    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (915, 412)
    inked = (pixels < 0.9).any(axis=-1).mean()
    assert 0.02 < inked < 0.6, inked  # text and a figure, not an empty or a black page
    assert pixels.std() > 0.05
