"""Showing content texts ({da, nb, en} mappings) in the reader's language.

`{{ step.title|localized }}` renders the text in the active language; when that language is
missing it falls back (see localise.FALLBACK_ORDER) and marks the fallback visibly and with
a `lang` attribute, so screen readers pronounce it right. `|markdown` renders sanitised
Markdown (knowledge texts).
"""

from typing import Any

import nh3
from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from trinvis.toolkits.localise import pick

register = template.Library()
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
_ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "h3",
    "h4",
    "code",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def _fallback_note() -> SafeString:
    return format_html(
        ' <span class="trinvis-fallback">({})</span>',
        _("not yet translated"),
    )


@register.filter
def localized(texts: Any) -> SafeString:
    text, language = pick(texts, get_language() or "da")
    if language == (get_language() or "da").split("-")[0]:
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>{}', language, text, _fallback_note())


@register.filter
def localized_plain(texts: Any) -> str:
    """The text alone, for attributes and titles where markup cannot go."""
    return pick(texts, get_language() or "da")[0]


@register.filter
def markdown(texts: Any) -> SafeString:
    text, language = pick(texts, get_language() or "da")
    html = nh3.clean(
        _markdown.render(text),
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"https", "mailto"},
        link_rel="noopener noreferrer",
    )
    safe = mark_safe(html)  # noqa: S308  (sanitised by nh3 above)
    if language == (get_language() or "da").split("-")[0]:
        return safe
    return format_html('<div lang="{}">{}</div>{}', language, safe, _fallback_note())
