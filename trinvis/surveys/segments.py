"""The respondent attributes results are broken down and filtered by, in one vocabulary for
the results page, the compare page, the downloads and the API: their labels, the order of
their values, and how a value is written in a URL (`segment_key`) and read back from one
(`parse_filters`).

A filter is `?<attribute>=<key>` for any attribute of BREAKDOWNS, combinable:
`?role=leader&size_class=small`. The key of an unknown value is "unknown"; of a contact
person "yes" or "no"; of a municipality its id. A value the attribute cannot have (a role
that is no role, a municipality id that is no number) is ignored rather than refused: the
page and the downloads state in words the filters they applied, and the API returns them,
so nobody reads figures under a filter that was not applied.

At most MAX_ATTRIBUTES attributes are combined in one view, the breakdown's and the
filters' together (a filter and a breakdown, or two filters): up to two, disclosure.py's
protection is exact (see there what it guarantees); a third would split a survey's
respondents into cells mostly below the minimum anyway. Filters past the limit are dropped
(the later ones in the order of BREAKDOWNS), and the page, the files and the API say which.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys import selectors
from trinvis.surveys.models import Response
from trinvis.surveys.selectors import Segment

# The attributes offered for breakdowns and filters on the results page, the API and the
# downloads.
BREAKDOWNS: dict[str, Any] = {
    "size_class": gettext_lazy("Municipality size"),
    "role": gettext_lazy("Role"),
    "unit_type": gettext_lazy("Unit type"),
    "contact_person": gettext_lazy("Contact person"),
    "country": gettext_lazy("Country"),
    "municipality": gettext_lazy("Municipality"),
}
COUNTRIES: dict[str, Any] = {
    "DK": gettext_lazy("Denmark"),
    "NO": gettext_lazy("Norway"),
    "SE": gettext_lazy("Sweden"),
    "FI": gettext_lazy("Finland"),
    "IS": gettext_lazy("Iceland"),
}
UNKNOWN_KEY = "unknown"
MAX_ATTRIBUTES = 2
# The attributes whose values have a fixed order (their choices).
FIXED_ORDER: dict[str, list[Any]] = {
    "size_class": list(Response.SizeClass.values),
    "role": list(Membership.Role.values),
    "unit_type": list(Organisation.UnitType.values),
    "contact_person": [True, False],
}


def parse_breakdown(value: str | None) -> str | None:
    return value if value in BREAKDOWNS else None


def segment_key(value: Segment) -> str:
    """A segment's key in URLs, downloads and the API."""
    if value is None or value == "":
        return UNKNOWN_KEY
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _parse_value(field: str, key: str) -> tuple[bool, Segment]:
    """(whether the key is a value the attribute can have, the value)."""
    if key == UNKNOWN_KEY:
        return True, None
    if field == "contact_person":
        return key in ("yes", "no"), key == "yes"
    if field == "country":
        return len(key) == 2 and key.isascii() and key.isalpha() and key.isupper(), key
    if field in selectors.ORGANISATION_FIELDS:
        valid = key.isascii() and key.isdigit() and len(key) <= 12
        return valid, int(key) if valid else None
    return key in FIXED_ORDER.get(field, ()), key


def parse_filters(query: Mapping[str, Any]) -> dict[str, Segment]:
    """The filters of a query string (a QueryDict or any mapping of strings), in the order
    of BREAKDOWNS; invalid values are left out (see the module docstring)."""
    where: dict[str, Segment] = {}
    for field in BREAKDOWNS:
        key = str(query.get(field) or "").strip()
        if key:
            valid, value = _parse_value(field, key)
            if valid:
                where[field] = value
    return where


def within_limit(
    where: Mapping[str, Segment], by: str | None
) -> tuple[dict[str, Segment], dict[str, Segment]]:
    """(the filters kept, the filters dropped) so that the breakdown and the filters use at
    most MAX_ATTRIBUTES attributes; a filter on the breakdown's own attribute adds none."""
    kept: dict[str, Segment] = {}
    dropped: dict[str, Segment] = {}
    for field, value in where.items():
        used = {*kept, field} | ({by} if by else set())
        (kept if len(used) <= MAX_ATTRIBUTES else dropped)[field] = value
    return kept, dropped


def checked_where(where: Mapping[str, Segment] | None) -> dict[str, Segment]:
    """A filter given in code, in the order of BREAKDOWNS, blank values as unknown (None).
    Raises ValueError for an attribute that is not offered."""
    where = dict(where or {})
    unknown = where.keys() - BREAKDOWNS.keys()
    if unknown:
        raise ValueError(f"cannot filter by {sorted(unknown)!r}")
    return {
        field: None if where[field] == "" else where[field]
        for field in BREAKDOWNS
        if field in where
    }


def segment_label(by: str, value: Segment, names: Mapping[int, str]) -> str:
    if value is None:
        return _("Not known")
    if by == "size_class":
        return str(Response.SizeClass(value).label) if value in Response.SizeClass else value
    if by == "role":
        return str(Membership.Role(value).label) if value in Membership.Role else value
    if by == "unit_type":
        unit_types = Organisation.UnitType
        return str(unit_types(value).label) if value in unit_types else value
    if by == "contact_person":
        return _("Contact person") if value else _("Not contact person")
    if by == "country":
        return str(COUNTRIES.get(value, value))
    if by in selectors.ORGANISATION_FIELDS:
        return names.get(value, _("Organisation no. %(pk)s") % {"pk": value})
    return str(value)


def rank(field: str, value: Segment) -> tuple[int, int, str]:
    """The order of an attribute's values that needs no names: the attribute's own order,
    then the rest by id or text, unknown last. Protection (disclosure.py) breaks its ties
    with it, so a cell is hidden the same way whatever page shows it."""
    if value is None:
        return (2, 0, "")
    order = FIXED_ORDER.get(field, [])
    if value in order:
        return (0, order.index(value), "")
    if isinstance(value, int) and not isinstance(value, bool):
        return (1, value, "")
    return (1, 0, str(value))


def order_segments(by: str, values: Iterable[Segment], names: Mapping[int, str]) -> list[Segment]:
    """Segments in a reading order: the attribute's own order, names alphabetically, unknown
    last."""

    def reading(value: Segment) -> tuple[int, int, str]:
        if value is None:
            return (2, 0, "")
        order = FIXED_ORDER.get(by, [])
        if value in order:
            return (0, order.index(value), "")
        return (1, 0, segment_label(by, value, names).casefold())

    return sorted(values, key=reading)


@dataclass(frozen=True)
class FilterLine:
    """One filter in force, as the page states it: "Role: Leader"."""

    field: str
    key: str
    attribute: str
    value: str

    def __str__(self) -> str:
        return _("%(attribute)s: %(value)s") % {"attribute": self.attribute, "value": self.value}


def filter_lines(where: Mapping[str, Segment], names: Mapping[int, str]) -> tuple[FilterLine, ...]:
    return tuple(
        FilterLine(
            field, segment_key(value), str(BREAKDOWNS[field]), segment_label(field, value, names)
        )
        for field, value in where.items()
    )


def describe(lines: Iterable[FilterLine]) -> str:
    """The filters in words, for the page and the files: "Only: Role: Leader · …"; empty
    without filters."""
    text = " · ".join(str(line) for line in lines)
    return _("Only: %(filters)s") % {"filters": text} if text else ""


@dataclass(frozen=True)
class FilterChoice:
    """One attribute's select in the filter form: its options as (key, label)."""

    field: str
    label: str
    options: tuple[tuple[str, str], ...]
    selected: str  # the key in force, "" for all


def filter_choices(
    where: Mapping[str, Segment], municipalities: Iterable[tuple[int, str]]
) -> list[FilterChoice]:
    """The filter form's selects, each with "not known" last; municipalities are those the
    respondents came from."""
    names = dict(municipalities)
    values: dict[str, list[Segment]] = {
        **FIXED_ORDER,
        "country": list(COUNTRIES),
        "municipality": list(names),
    }
    return [
        FilterChoice(
            field,
            str(label),
            tuple(
                (segment_key(value), segment_label(field, value, names))
                for value in [*values.get(field, []), None]
            ),
            segment_key(where[field]) if field in where else "",
        )
        for field, label in BREAKDOWNS.items()
    ]
