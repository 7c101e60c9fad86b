"""axe-core in a Playwright page: run the WCAG 2.1 A/AA rules and describe what fails."""

from functools import cache
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_PATH = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"

_RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise RuntimeError(f"{AXE_PATH} is missing: run `npm ci` (make install does).")
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations on the page as it is now.

    The page's own CSP forbids inline scripts, so the browser context must be opened with
    `bypass_csp=True` for the injection to work.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, AXE_TAGS)
    return violations


def describe(violations: list[dict[str, Any]], *, where: str) -> str:
    """One readable block per violation: rule, impact, what to do, and the elements."""
    lines = [f"{where}: {len(violations)} WCAG violation(s)"]
    for violation in violations:
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n    {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    - {node['target']}\n      {node['html'][:160]}\n      {summary}")
    return "\n".join(lines)


def assert_no_violations(page: Page, *, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations, where=where or page.url)
