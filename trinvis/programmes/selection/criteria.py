"""The selection criteria as data: the conditions, either-or groups, sizes, municipalities
left out and rank order that `SelectionRule.criteria` stores (the JSON is described in the
package's docstring), read and written, and told in words. Pure: no queries."""

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.indicators import periods
from trinvis.indicators.library import breakdown_key as canonical_key
from trinvis.indicators.links import breakdown_of
from trinvis.indicators.models import Indicator
from trinvis.indicators.presentation import value_text
from trinvis.indicators.selectors import breakdown_label
from trinvis.organisations.models import Organisation

COMPARISONS = {
    "below": gettext_lazy("below"),
    "at_most": gettext_lazy("at most"),
    "above": gettext_lazy("above"),
    "at_least": gettext_lazy("at least"),
}
ORDERS = {
    "asc": gettext_lazy("lowest first"),
    "desc": gettext_lazy("highest first"),
}
SIZE_CLASSES = tuple(Organisation.SizeClass.values)
LATEST = ""  # the period of a condition that takes each municipality's latest figure


class CriteriaError(ValueError):
    """The stored criteria are not in the shape the module docstring describes."""


# --- the criteria ----------------------------------------------------------------------------

# What a condition reads: (indicator key, breakdown key, period or LATEST).
Source = tuple[str, str, str]


@dataclass(frozen=True)
class Condition:
    indicator: str
    compare: str
    threshold: Decimal
    breakdown: str = ""
    period: str = LATEST

    @property
    def source(self) -> Source:
        return (self.indicator, self.breakdown, self.period)

    def holds_for(self, value: Decimal) -> bool:
        if self.compare == "below":
            return value < self.threshold
        if self.compare == "at_most":
            return value <= self.threshold
        if self.compare == "above":
            return value > self.threshold
        return value >= self.threshold


@dataclass(frozen=True)
class AnyOf:
    """An either-or group: one of its conditions must hold."""

    conditions: tuple[Condition, ...]


Item = Condition | AnyOf


@dataclass(frozen=True)
class RankBy:
    indicator: str
    breakdown: str = ""
    order: str = "asc"

    @property
    def source(self) -> Source:
        return (self.indicator, self.breakdown, LATEST)


@dataclass(frozen=True)
class Criteria:
    items: tuple[Item, ...] = ()
    size_classes: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_note: str = ""
    rank_by: RankBy | None = None

    @property
    def conditions(self) -> list[Condition]:
        """Every condition, those in groups too, in the order written."""
        found: list[Condition] = []
        for item in self.items:
            found.extend(item.conditions if isinstance(item, AnyOf) else (item,))
        return found

    @property
    def sources(self) -> set[Source]:
        """The figures the evaluation reads, the rank order's too."""
        needed = {condition.source for condition in self.conditions}
        if self.rank_by is not None:
            needed.add(self.rank_by.source)
        return needed

    @property
    def is_empty(self) -> bool:
        """Nothing to select by: every municipality would match."""
        return not self.items and not self.size_classes


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise CriteriaError(f"{name} must be text")
    return value.strip()


def _breakdown(data: Mapping[str, Any]) -> str:
    key = _text(data, "breakdown")
    if canonical_key(breakdown_of(key)) != key:
        raise CriteriaError(f"breakdown {key!r} is not a canonical key")
    return key


def _condition(data: Any) -> Condition:
    if not isinstance(data, Mapping):
        raise CriteriaError("a condition must be an object")
    indicator = _text(data, "indicator")
    compare = _text(data, "compare")
    if not indicator:
        raise CriteriaError("a condition needs an indicator")
    if compare not in COMPARISONS:
        raise CriteriaError(f"unknown comparison {compare!r}")
    try:
        threshold = Decimal(str(data.get("threshold")))
    except InvalidOperation:
        raise CriteriaError("the threshold must be a number") from None
    if not threshold.is_finite():
        raise CriteriaError("the threshold must be a number")
    period = _text(data, "period")
    if period:
        try:
            period = periods.parse(period).text
        except periods.PeriodError:
            raise CriteriaError(f"unknown period {period!r}") from None
    return Condition(indicator, compare, threshold, _breakdown(data), period)


def _item(data: Any) -> Item:
    if isinstance(data, Mapping) and "any" in data:
        members = data["any"]
        if not isinstance(members, list) or not members:
            raise CriteriaError("an either-or group needs conditions")
        return AnyOf(tuple(_condition(member) for member in members))
    return _condition(data)


def _codes(data: Any, name: str) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(value, str) for value in data):
        raise CriteriaError(f"{name} must be a list of texts")
    return tuple(dict.fromkeys(value.strip() for value in data if value.strip()))


def parse(data: Mapping[str, Any] | None) -> Criteria:
    """The criteria stored as JSON; `CriteriaError` when they are not in shape. Empty data
    (a rule not written yet) are empty criteria."""
    if not data:
        return Criteria()
    if not isinstance(data, Mapping):
        raise CriteriaError("the criteria must be an object")
    items = data.get("all", [])
    if not isinstance(items, list):
        raise CriteriaError("all must be a list")
    size_classes = _codes(data.get("size_classes", []), "size_classes")
    if not set(size_classes) <= set(SIZE_CLASSES):
        raise CriteriaError(f"unknown size class in {size_classes!r}")
    rank_by = None
    if data.get("rank_by"):
        rank = data["rank_by"]
        if not isinstance(rank, Mapping) or not _text(rank, "indicator"):
            raise CriteriaError("rank_by needs an indicator")
        order = _text(rank, "order") or "asc"
        if order not in ORDERS:
            raise CriteriaError(f"unknown order {order!r}")
        rank_by = RankBy(_text(rank, "indicator"), _breakdown(rank), order)
    return Criteria(
        items=tuple(_item(item) for item in items),
        size_classes=tuple(size for size in SIZE_CLASSES if size in size_classes),
        exclude=_codes(data.get("exclude", []), "exclude"),
        exclude_note=_text(data, "exclude_note"),
        rank_by=rank_by,
    )


def _condition_json(condition: Condition) -> dict[str, str]:
    return {
        "indicator": condition.indicator,
        "breakdown": condition.breakdown,
        "period": condition.period,
        "compare": condition.compare,
        "threshold": str(condition.threshold),
    }


def to_json(criteria: Criteria) -> dict[str, Any]:
    """The criteria as stored; `parse(to_json(c)) == c`."""
    rank = criteria.rank_by
    return {
        "all": [
            {"any": [_condition_json(member) for member in item.conditions]}
            if isinstance(item, AnyOf)
            else _condition_json(item)
            for item in criteria.items
        ],
        "size_classes": list(criteria.size_classes),
        "exclude": list(criteria.exclude),
        "exclude_note": criteria.exclude_note,
        "rank_by": (
            {"indicator": rank.indicator, "breakdown": rank.breakdown, "order": rank.order}
            if rank
            else None
        ),
    }


# --- in words --------------------------------------------------------------------------------


def figure_label(indicators: Mapping[str, Indicator], key: str, breakdown: str = "") -> str:
    """The indicator's name in the reader's language, with its breakdown if any; the key
    itself for an indicator that is gone."""
    indicator = indicators.get(key)
    label = indicator.label if indicator is not None else key
    if breakdown:
        return f"{label} ({breakdown_label(breakdown)})"
    return label


def threshold_text(indicator: Indicator | None, threshold: Decimal) -> str:
    """The threshold as written, with the indicator's unit: "55 %", not "55.0 %"."""
    exponent = threshold.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if indicator is None:
        return number_format(threshold, decimal_pos=places, use_l10n=True)
    shaped = copy.copy(indicator)
    shaped.decimals = places
    return value_text(shaped, threshold)


def comparison_text(condition: Condition, indicator: Indicator | None, *, negated: bool) -> str:
    threshold = threshold_text(indicator, condition.threshold)
    if not negated:
        return f"{COMPARISONS[condition.compare]} {threshold}"
    texts = {
        "below": _("not below %(threshold)s"),
        "at_most": _("more than %(threshold)s"),
        "above": _("not above %(threshold)s"),
        "at_least": _("less than %(threshold)s"),
    }
    return texts[condition.compare] % {"threshold": threshold}


def describe(condition: Condition, indicators: Mapping[str, Indicator]) -> str:
    """The condition in words: "In work or education right after the programme below 55 %
    (latest figure)"."""
    facts = {
        "figure": figure_label(indicators, condition.indicator, condition.breakdown),
        "comparison": comparison_text(
            condition, indicators.get(condition.indicator), negated=False
        ),
        "period": condition.period,
    }
    if condition.period:
        return _("%(figure)s %(comparison)s in %(period)s") % facts
    return _("%(figure)s %(comparison)s (latest figure)") % facts


def items_in_words(
    criteria: Criteria, indicators: Mapping[str, Indicator]
) -> list[tuple[str, list[str]]]:
    """Each item of the criteria as (text, members): a condition is its description with no
    members; an either-or group is "One of:" with its conditions as members."""
    return [
        (_("One of:"), [describe(member, indicators) for member in item.conditions])
        if isinstance(item, AnyOf)
        else (describe(item, indicators), [])
        for item in criteria.items
    ]


def size_classes_text(size_classes: Iterable[str]) -> str:
    return ", ".join(str(Organisation.SizeClass(size).label) for size in size_classes)


def rank_text(rank_by: RankBy | None, indicators: Mapping[str, Indicator]) -> str:
    """How the matches are ordered, in words."""
    if rank_by is None:
        return _("In alphabetical order.")
    return _("%(figure)s, %(order)s (latest figure).") % {
        "figure": figure_label(indicators, rank_by.indicator, rank_by.breakdown),
        "order": ORDERS[rank_by.order],
    }
