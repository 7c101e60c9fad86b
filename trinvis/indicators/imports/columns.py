"""Which column of a statistics export holds what: the municipality number, the period, the
value, optionally the name, and a column per breakdown dimension of the indicator.

A mapping names columns by their heading as written; it is matched with case and spacing
aside (reading.normalise_heading), so the next download of the same table fits. It also
holds the codes that mean the whole country and the number notation (cells.py). A first
mapping is guessed from the headings the statistics banks use in Danish, Norwegian and
English; the mapping of the last import of a file with the same headings into the same
indicator for the same organisation is remembered (it is kept on its ImportBatch) and
offered instead.
"""

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from trinvis.core.imports.problems import Problem
from trinvis.core.imports.reading import headings_key, normalise_heading
from trinvis.indicators.imports.cells import COMMA, NATIONAL_DEFAULTS, POINT, fold
from trinvis.indicators.library import BREAKDOWNS
from trinvis.indicators.models import ImportBatch, Indicator
from trinvis.organisations.models import Organisation

AREA, PERIOD, VALUE, NAME = "area", "period", "value", "name"
# Headings the statistics banks (and people) give these columns, folded; a heading is
# recognised by itself or by one of its words.
HEADING_WORDS: dict[str, frozenset[str]] = {
    AREA: frozenset(
        {
            "område",
            "omrade",
            "komk",
            "kommune",
            "kommunenr",
            "kommunenummer",
            "kommunekode",
            "region",
            "municipality",
            "area",
            "knr",
        }
    ),
    PERIOD: frozenset(
        {"tid", "periode", "år", "aar", "kvartal", "måned", "maned", "period", "time", "year"}
    ),
    VALUE: frozenset(
        {
            "indhold",
            "værdi",
            "verdi",
            "value",
            "antal",
            "antall",
            "andel",
            "obs_value",
            "contents",
            # Statistics Norway names the value column by its variable and unit:
            # "Personer i arbeid eller utdanning (prosent)".
            "prosent",
            "procent",
        }
    ),
    NAME: frozenset({"kommunenavn", "navn", "name", "områdenavn", "municipality name"}),
    "gender": frozenset({"køn", "kjønn", "kjonn", "gender", "sex"}),
    "age_band": frozenset({"alder", "aldersgruppe", "age", "alderstrin", "age group"}),
    "origin_group": frozenset(
        {"herkomst", "landbakgrunn", "oprindelsesland", "origin", "verdensdel", "landegruppe"}
    ),
    "residence_basis": frozenset(
        {"opholdsgrundlag", "innvandringsgrunn", "residence", "opholdstilladelse"}
    ),
    "education": frozenset({"uddannelse", "utdanning", "utdanningsnivå", "education"}),
}
_WORD = re.compile(r"[^\W\d]+(?:_[^\W\d]+)*")


@dataclass(frozen=True)
class ColumnMapping:
    """The columns of one file shape (headings as written) and how to read them."""

    area: str
    period: str
    value: str
    name: str = ""
    breakdowns: dict[str, str] = field(default_factory=dict)  # dimension → heading
    national: tuple[str, ...] = ()
    notation: str = COMMA

    def as_json(self, headings: Sequence[str]) -> dict[str, Any]:
        """As kept on the ImportBatch, with the identity of the file's shape."""
        return {
            "headings_key": headings_key(headings),
            "area": self.area,
            "period": self.period,
            "value": self.value,
            "name": self.name,
            "breakdowns": dict(self.breakdowns),
            "national": list(self.national),
            "notation": self.notation,
        }

    @classmethod
    def from_json(cls, data: Any) -> "ColumnMapping | None":
        """The mapping kept in JSON; None for anything that is not one."""
        if not isinstance(data, Mapping):
            return None
        texts = [data.get(key) for key in (AREA, PERIOD, VALUE)]
        breakdowns = data.get("breakdowns") or {}
        national = data.get("national") or []
        if (
            not all(isinstance(text, str) and text for text in texts)
            or not isinstance(data.get(NAME, ""), str)
            or not isinstance(breakdowns, Mapping)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in breakdowns.items())
            or not isinstance(national, list)
            or not all(isinstance(code, str) for code in national)
            or data.get("notation", COMMA) not in (COMMA, POINT)
        ):
            return None
        return cls(
            area=str(texts[0]),
            period=str(texts[1]),
            value=str(texts[2]),
            name=str(data.get(NAME, "")),
            breakdowns={k: v for k, v in breakdowns.items() if v},
            national=tuple(national),
            notation=str(data.get("notation", COMMA)),
        )

    def digest(self) -> str:
        """A short fingerprint: a confirmation carries the one it was shown with."""
        content = json.dumps(self.as_json([]), sort_keys=True)
        return hashlib.sha256(content.encode()).hexdigest()[:20]

    def uses(self) -> list[tuple[str, str]]:
        """(use, heading) of every mapped column: "area", "period", "value", "name" or a
        breakdown dimension."""
        pairs = [(AREA, self.area), (PERIOD, self.period), (VALUE, self.value)]
        if self.name:
            pairs.append((NAME, self.name))
        pairs.extend(sorted(self.breakdowns.items()))
        return pairs


def guess_mapping(headings: Sequence[str], *, indicator: Indicator, country: str) -> dict[str, Any]:
    """A first choice of columns from the headings (use → heading), plus the country's
    codes for the whole country and its notation; a use no heading names is left out."""
    uses = [AREA, PERIOD, VALUE, NAME, *indicator.breakdowns]
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    # Whole headings first, then words in them: "kommunenavn" is the name, not the area. A
    # breakdown is only guessed from a whole heading ("kjønn"): a word in a longer heading
    # ("… arbeid eller utdanning (prosent)") names what is counted, not a breakdown.
    for whole in (True, False):
        for use in uses:
            if use in chosen or (not whole and use in indicator.breakdowns):
                continue
            for heading in headings:
                key = normalise_heading(heading)
                if key and key not in taken and _names(key, HEADING_WORDS.get(use), whole=whole):
                    chosen[use] = heading
                    taken.add(key)
                    break
    return {
        **chosen,
        "national": list(NATIONAL_DEFAULTS.get(country, ())),
        "notation": COMMA,
    }


def _names(heading: str, words: frozenset[str] | None, *, whole: bool) -> bool:
    if not words:
        return False
    if whole:
        return fold(heading) in words
    return any(word in words for word in _WORD.findall(heading.casefold()))


def resolve_columns(
    headings: Sequence[str], mapping: ColumnMapping, *, breakdowns: Sequence[str]
) -> tuple[dict[str, int], list[Problem]]:
    """The position of each mapped column (use → index) and what is wrong with the mapping:
    a heading the file lacks or has twice, a column used twice, a breakdown the indicator
    does not have."""
    positions: dict[str, list[int]] = {}
    for index, heading in enumerate(headings):
        positions.setdefault(normalise_heading(heading), []).append(index)
    resolved: dict[str, int] = {}
    problems: list[Problem] = []
    used: dict[int, str] = {}
    for use, heading in mapping.uses():
        found = positions.get(normalise_heading(heading), [])
        if use not in (AREA, PERIOD, VALUE, NAME) and use not in breakdowns:
            message = _("The indicator has no breakdown “%(name)s”.") % {"name": use}
            problems.append(Problem(None, heading, message))
        elif not found:
            problems.append(Problem(None, heading, _("The file has no column with this heading.")))
        elif len(found) > 1:
            problems.append(
                Problem(
                    None,
                    heading,
                    _("Several columns have this heading. Give each column its own heading."),
                )
            )
        elif found[0] in used:
            problems.append(
                Problem(
                    None,
                    heading,
                    _("The column is chosen twice (also as “%(other)s”). Choose it once.")
                    % {"other": use_label(used[found[0]])},
                )
            )
        else:
            used[found[0]] = use
            resolved[use] = found[0]
    return resolved, problems


def use_label(use: str) -> str:
    """What a column is used for, in words."""
    labels = {
        AREA: _("Municipality number"),
        PERIOD: _("Period"),
        VALUE: _("Value"),
        NAME: _("Name of the area"),
    }
    if use in labels:
        return labels[use]
    return str(BREAKDOWNS.get(use, use))


def remembered_mapping(
    *, organisation: Organisation, indicator: Indicator, headings: Sequence[str]
) -> ColumnMapping | None:
    """The mapping of the organisation's last import of a file with these headings into
    this indicator."""
    found = (
        ImportBatch.objects.filter(
            organisation=organisation,
            indicator=indicator,
            mapping__headings_key=headings_key(headings),
        )
        .order_by("-imported_at", "-pk")
        .values_list("mapping", flat=True)
        .first()
    )
    return ColumnMapping.from_json(found)
