"""Letters from templates: the placeholders a letter template may use, how a template is
filled in for one municipality, what is wrong with a template, and which language a
municipality is written to in.

A placeholder is a name in braces, `{municipality}`. Filling never fails: a placeholder
this module does not know is left in the text as it was typed, so a bad template can at
worst send its braces, never break the sending. Saving a template is where mistakes are
caught (`problems`): an unknown name, with the known one it most likely means, and a brace
left open. Plain functions over strings, without Django, so the rules are tested on their
own.
"""

import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

# Every placeholder, in the order the template editor explains them.
PLACEHOLDERS = (
    "municipality",
    "contact",
    "programme",
    "target_group",
    "place",
    "dates",
    "background",
    "goal",
    "themes",
    "cost",
    "deadline",
    "sender",
)
# Those filled from the workshop the letter is about (empty without one).
WORKSHOP_PLACEHOLDERS = frozenset(
    {"target_group", "place", "dates", "background", "goal", "themes", "cost", "deadline"}
)

# The language a municipality is written to in, by its country; any other country, and a
# language without a template, falls back to English.
LANGUAGE_OF_COUNTRY = {"DK": "da", "NO": "nb"}
FALLBACK_LANGUAGE = "en"

# A pair of braces with no brace or line break inside: what could be meant as a placeholder.
_BRACED = re.compile(r"\{([^{}\n]*)\}")
_CONTEXT = 20  # characters of a stray brace's surroundings shown in its error


@dataclass(frozen=True)
class Problem:
    """A mistake in a template: `token` as it stands in the text; `suggestion` the
    placeholder it probably means ("" when none is close); `unclosed` for a brace that
    opens or closes nothing."""

    token: str
    suggestion: str = ""
    unclosed: bool = False


def _normalised(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _suggestion(name: str) -> str:
    normalised = _normalised(name)
    if normalised in PLACEHOLDERS:
        return normalised
    close = difflib.get_close_matches(normalised, PLACEHOLDERS, n=1, cutoff=0.6)
    return close[0] if close else ""


def problems(text: str) -> list[Problem]:
    """Every mistake in `text`, each once, in the order they appear."""
    found: dict[str, Problem] = {}
    for match in _BRACED.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDERS and match.group(0) not in found:
            found[match.group(0)] = Problem(match.group(0), _suggestion(name))
    # What is left once the pairs are taken out: braces that open or close nothing.
    rest = _BRACED.sub(lambda match: " " * len(match.group(0)), text)
    for position, character in enumerate(rest):
        if character not in "{}":
            continue
        if character == "{":
            token = text[position : position + _CONTEXT].split("\n")[0]
        else:
            token = text[max(0, position - _CONTEXT + 1) : position + 1].split("\n")[-1]
        if token not in found:
            found[token] = Problem(token, unclosed=True)
    return list(found.values())


def used(text: str) -> set[str]:
    """The known placeholders `text` uses."""
    return {name for name in _BRACED.findall(text) if name in PLACEHOLDERS}


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with every known placeholder replaced by its value ("" when `values` has
    none); anything else in braces stays as typed."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return values.get(name, "") if name in PLACEHOLDERS else match.group(0)

    return _BRACED.sub(replace, text)


def without_value(texts: Iterable[str], values: Mapping[str, str]) -> list[str]:
    """The placeholders the texts use that would be filled with nothing, in the editor's
    order: the preview warns about them before anything is sent."""
    named = set().union(*(used(text) for text in texts))
    return [name for name in PLACEHOLDERS if name in named and not values.get(name, "").strip()]


def language_for(country: str) -> str:
    return LANGUAGE_OF_COUNTRY.get(country, FALLBACK_LANGUAGE)


def choose_language(wanted: str, available: Collection[str]) -> str | None:
    """The language to write in: `wanted` when a template exists in it, else English when
    that exists, else None (nothing to send)."""
    if wanted in available:
        return wanted
    if FALLBACK_LANGUAGE in available:
        return FALLBACK_LANGUAGE
    return None
