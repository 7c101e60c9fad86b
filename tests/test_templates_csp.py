"""The site's Content Security Policy (script-src 'self', style-src 'self'; see
tests/test_security_headers.py) forbids inline code, so no page template may hold one: no
<script> without src (a JSON data block, type="application/json", is data and allowed), no
event handler attribute (onclick=...), no style attribute, no <style> element and no
javascript: URL. A template that breaks the rule would work in no browser that enforces the
policy, so the scan finds it before a person does.

PDF templates (*_pdf.html and the PDF base) are rendered by WeasyPrint, never served to a
browser, so they may carry their own <style>.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "trinvis"
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def _templates() -> list[Path]:
    found = sorted(ROOT.glob("**/templates/**/*.html"))
    assert len(found) > 100, "the scan found too few templates: is the path right?"
    return found


def _is_pdf(path: Path) -> bool:
    return path.stem.endswith("_pdf") or path.stem == "_pdf_base"


def test_no_template_has_inline_script_handler_or_style() -> None:
    problems = []
    for path in _templates():
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT.parent)
        for script in SCRIPT.finditer(source):
            attributes = script.group(1)
            if "src=" not in attributes and "application/json" not in attributes:
                problems.append(f"{where}: inline script {script.group(0)!r}")
        for tag in TAG.findall(source):
            if HANDLER.search(tag):
                problems.append(f"{where}: event handler in {tag[:80]!r}")
            if STYLE_ATTRIBUTE.search(tag):
                problems.append(f"{where}: style attribute in {tag[:80]!r}")
        if STYLE_ELEMENT.search(source) and not _is_pdf(path):
            problems.append(f"{where}: <style> element")
        if JAVASCRIPT_URL.search(source):
            problems.append(f"{where}: javascript: URL")
    assert not problems, "Templates the CSP would break:\n  " + "\n  ".join(problems)


def test_the_scan_finds_what_it_looks_for() -> None:
    """The patterns themselves: each bad snippet is caught, the allowed ones are not."""
    bad = [
        "<script>alert(1)</script>",
        '<button onclick="go()">Go</button>',
        '<div style="color:red">x</div>',
        '<a href="javascript:go()">x</a>',
    ]
    good = [
        '<script src="/static/x.js"></script>',
        '<script type="application/json" id="data">{}</script>',
        '<input name="online">',
        '<p class="style">x</p>',
    ]
    assert SCRIPT.search(bad[0]) and "src=" not in SCRIPT.search(bad[0]).group(1)  # type: ignore[union-attr]
    assert HANDLER.search(TAG.findall(bad[1])[0])
    assert STYLE_ATTRIBUTE.search(TAG.findall(bad[2])[0])
    assert JAVASCRIPT_URL.search(bad[3])
    for snippet in good:
        for tag in TAG.findall(snippet):
            assert not HANDLER.search(tag) and not STYLE_ATTRIBUTE.search(tag), snippet
