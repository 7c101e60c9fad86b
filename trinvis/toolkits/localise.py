"""Choosing the text of a content mapping ({da, nb, en}) for the reader's language."""

from typing import Any

from trinvis.toolkits.content import LANGUAGES

# When the reader's language is missing, try these in order; the page marks the fallback.
FALLBACK_ORDER = {"da": ("nb", "en"), "nb": ("da", "en"), "en": ("da", "nb")}


def pick(texts: Any, language: str) -> tuple[str, str]:
    """(text, language it is in). Empty text for an empty mapping."""
    if not isinstance(texts, dict):
        return "", language
    base = language.split("-")[0]
    if texts.get(base):
        return texts[base], base
    for other in FALLBACK_ORDER.get(base, LANGUAGES):
        if texts.get(other):
            return texts[other], other
    return "", base


def searchable(document: dict[str, Any], step: dict[str, Any], language: str) -> str:
    """All of a step's text in one language, lower-cased, for plain substring search."""
    parts = [pick(step.get(field), language)[0] for field in ("title", "purpose", "knowledge")]
    for field in ("reflection_questions", "tips"):
        parts.extend(pick(item, language)[0] for item in step.get(field, []))
    for key in step.get("worksheets", []):
        parts.append(pick(document["worksheets"][key].get("title"), language)[0])
    return "\n".join(part for part in parts if part).casefold()
