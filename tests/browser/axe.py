"""Run axe-core in a page and fail on serious or critical WCAG 2.1 A/AA violations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    targets: v.nodes.map(n => n.target.join(' ')),
    summaries: v.nodes.map(n => n.failureSummary || ''),
  }));
}"""


@dataclass
class Violation:
    url: str
    id: str
    impact: str
    help: str
    targets: list[str]
    summaries: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"  [{self.impact}] {self.id}: {self.help}"]
        for target, summary in zip(self.targets, self.summaries, strict=False):
            detail = " ".join(summary.split())[:300]
            lines.append(f"      at {target}" + (f" — {detail}" if detail else ""))
        return "\n".join(lines)


# Every violation seen in the session, blocking or not, for the terminal summary.
SEEN: list[Violation] = []


def _inject(page: Page) -> None:
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    # The site's Content-Security-Policy (script-src 'self') blocks the inline <script> that
    # page.add_script_tag(path=...) creates, and we do not want to bypass CSP for the whole test
    # (the browser leg also proves the pages work under it). Script evaluated through the
    # DevTools protocol is not subject to the page's CSP, so evaluate axe's source instead.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0;")


def axe_check(page: Page) -> list[Violation]:
    """Run axe on the current page; fail on serious or critical violations, return all of them."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (or `npm install --no-save axe-core@4`)")
    page.wait_for_load_state("load")
    _inject(page)
    raw: list[dict[str, Any]] = page.evaluate(_RUN, WCAG_TAGS)
    violations = [Violation(url=page.url, id=v["id"], impact=v["impact"] or "unknown", help=v["help"],
                            targets=v["targets"], summaries=v["summaries"]) for v in raw]
    SEEN.extend(violations)
    checked = getattr(page, "_trousse_axe_checked", None)
    if checked is not None:
        checked.add(page.url)
    blocking = [v for v in violations if v.impact in BLOCKING]
    if blocking:
        report = "\n".join(v.describe() for v in blocking)
        pytest.fail(f"axe found {len(blocking)} serious/critical WCAG 2.1 A/AA violation(s) on {page.url}:\n"
                    f"{report}", pytrace=False)
    return violations
