"""Markdown is the one rich text Trinvis renders (`|markdown`, toolkit knowledge texts that a
municipality may adapt). Whatever is stored, no page shows a <script>, an event handler
attribute (on...=), a javascript: (or data:, vbscript:) URL, a style attribute or an iframe."""

from html.parser import HTMLParser
from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trinvis.toolkits.services import toolkit_create_version
from trinvis.toolkits.templatetags.toolkit_text import markdown
from trinvis.toolkits.tests.conftest import small_document, text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)">',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<iframe src=https://evil.example></iframe>",
    '[x](https://ok.example "title" onmouseover=alert(1))',
    "<a href='https://ok.example' onclick='alert(1)'>x</a>",
    "**bold** <b onmouseover=alert(1)>b</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[x](&#106;avascript:alert(1))",
]
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "style", "math", "form"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class _Tags(HTMLParser):
    """What a browser would see as markup: every tag and attribute, escaped text aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}=")
            url = "".join((value or "").split()).casefold()
            if name in ("href", "src", "action") and url.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"{tag} {name}={value}")


def assert_harmless(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert not parser.found, f"dangerous markup rendered: {parser.found} in {html!r}"


def test_known_payloads_render_harmless() -> None:
    for payload in PAYLOADS:
        assert_harmless(str(markdown({"en": payload, "da": payload, "nb": payload})))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PAYLOADS),
            st.sampled_from(["<", ">", "[", "](", ")", '"', "'", "=", "on", "javascript:", " "]),
            st.text(max_size=8),
        ),
        max_size=12,
    ).map("".join)
)
def test_any_text_renders_harmless(source: str) -> None:
    assert_harmless(str(markdown({"en": source, "da": source, "nb": source})))


def test_step_page_never_shows_stored_script(world: Any, client_of: Any) -> None:
    hostile = "\n\n".join(PAYLOADS)
    document = small_document(slug="hostile-kit")
    document["phases"][0]["steps"][0]["knowledge"] = text(hostile, hostile, hostile)
    toolkit = toolkit_create_version(document=document)

    response = client_of(world.bob).get(reverse("toolkits:step", args=[toolkit.pk, "read"]))

    assert response.status_code == 200
    page = response.content.decode()
    knowledge = page.split('class="trinvis-knowledge">', 1)[1].split("</div>", 1)[0]
    assert "<strong>bold</strong>" in knowledge
    assert_harmless(knowledge)
