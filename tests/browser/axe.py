"""axe-core in the page: the WCAG 2.1 A and AA rules, and an assertion that none is violated.

axe-core is vendored (vendor/axe-core-*/, from npm); it is injected into the page under test, so the
pages themselves never load it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_VERSION = "4.14.1"
AXE_SCRIPT = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
#: The WCAG 2.1 level A and AA rule set.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
    .then(result => result.violations)"""


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations of the WCAG 2.1 AA rules on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    found: list[dict[str, Any]] = page.evaluate(_RUN, WCAG_21_AA)
    return found


def describe(url: str, found: list[dict[str, Any]], nodes: int = 3) -> str:
    """One line per rule (id, impact, help) and its first few elements, with what is wrong there."""
    lines = [f"axe-core {AXE_VERSION}: {len(found)} WCAG 2.1 AA rule(s) violated on {url}"]
    for rule in found:
        lines.append(f"- {rule['id']} ({rule.get('impact')}): {rule['help']} [{len(rule['nodes'])} element(s)]")
        for node in rule["nodes"][:nodes]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Zero violations of the WCAG 2.1 AA rules on the page, or a message naming each rule and element."""
    found = violations(page)
    assert not found, describe(page.url, found)
