"""The checks every browser test runs on a page: axe-core (WCAG 2.2 A and AA), the Nu
HTML Checker on the HTML as served, and reflow at 320 CSS pixels (WCAG 1.4.10).

Shared by the public pages' tests, the quarterly cycle's and the whole admin's, so that
all are held to one configuration."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NARROW = 320  # WCAG 1.4.10 Reflow: 320 CSS pixels wide, as 1280 at 400%


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (each with `id`, `impact`, `help`
    and `nodes`). A strict CSP blocks an added <script>, so the script is evaluated."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def run_axe(page) -> list[str]:
    """axe-core's violations, one line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in axe_violations(page)
    ]


def nu_messages(saved: list[str]) -> list[dict]:
    """The Nu HTML Checker's errors on the saved pages, in one run over them all (it
    refuses localhost URLs, and starting Java takes about 2 s)."""
    if not saved:
        return []
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *saved],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def nu_errors(saved: list[str]) -> list[tuple[str, str]]:
    """(file, "line: message") of each error the Nu HTML Checker finds."""
    return [
        (Path(m.get("url", "")).name, f"{m.get('lastLine')}: {m['message']}")
        for m in nu_messages(saved)
    ]


def settled(page) -> None:
    """Wait for running CSS transitions to finish (the admin's links fade to a colour)."""
    page.evaluate(
        """() => Promise.race([
          Promise.all(document.getAnimations()
            .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
            .map((a) => a.finished)),
          new Promise((resolve) => setTimeout(resolve, 2000)),
        ])"""
    )


def scrolls_sideways(page, width: int = NARROW) -> str:
    """At `width` CSS pixels, what pushes the page wider than the window ("" if nothing);
    a wide table may scroll inside its own region."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": size["height"] if size else 900})
    try:
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width <= width:
            return ""
        return f"{scroll_width}px: {widest(page)}"
    finally:
        if size:
            page.set_viewport_size(size)


def widest(page) -> list[str]:
    """The elements that stick out past the right edge, outermost first (for the report)."""
    return page.evaluate(
        """() => {
          const out = [];
          for (const el of document.body.querySelectorAll('*')) {
            if (el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                && !out.some((o) => o.contains(el))) out.push(el);
          }
          return out.slice(0, 5).map((el) =>
            el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (el.className && typeof el.className === 'string'
              ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
        }"""
    )
