"""The evaluation of selection criteria over the figures of each municipality: which
municipalities the criteria suggest and why, which lack a figure, which fail, and which are
left out by name. Pure: the figures come in as arguments (selectors_selection.py fetches
them), nothing here queries the database."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trinvis.indicators.models import Indicator
from trinvis.indicators.presentation import value_text
from trinvis.indicators.progress import Observation
from trinvis.organisations.models import Organisation
from trinvis.programmes.selection.criteria import (
    Condition,
    Criteria,
    Item,
    RankBy,
    Source,
    comparison_text,
    figure_label,
)

# --- the figures of a municipality ---------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """A municipality's size class and the population it comes from; `period` is None when
    the population is the one recorded for its organisation rather than a figure."""

    size_class: str | None
    population: Decimal | int | None = None
    period: str | None = None


@dataclass(frozen=True)
class Municipality:
    area_id: int
    code: str
    name: str
    # The figures the criteria read, by source; a source without a figure is left out.
    figures: Mapping[Source, Observation] = field(default_factory=dict)
    size: Size | None = None


# --- evaluation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One condition (or the size) for one municipality: True holds, False fails, None
    undecided for want of a figure; `text` says which figure decided it, or what is
    missing."""

    holds: bool | None
    text: str


@dataclass(frozen=True)
class Match:
    municipality: Municipality
    rank: int
    reasons: list[str]
    rank_figure: Observation | None = None


@dataclass(frozen=True)
class Undecided:
    """A municipality the criteria cannot judge: `missing` names the figures it lacks,
    `reasons` the conditions it meets so far."""

    municipality: Municipality
    missing: list[str]
    reasons: list[str]


@dataclass(frozen=True)
class Miss:
    municipality: Municipality
    failed: list[str]


@dataclass(frozen=True)
class Evaluation:
    matches: list[Match]
    undecided: list[Undecided]
    misses: list[Miss]
    excluded: list[Municipality]


def _condition_outcome(
    condition: Condition, municipality: Municipality, indicators: Mapping[str, Indicator]
) -> Outcome:
    indicator = indicators.get(condition.indicator)
    label = figure_label(indicators, condition.indicator, condition.breakdown)
    observation = municipality.figures.get(condition.source)
    if observation is None or indicator is None:
        if condition.period:
            text = _("%(figure)s: no figure for %(period)s") % {
                "figure": label,
                "period": condition.period,
            }
        else:
            text = _("%(figure)s: no figure") % {"figure": label}
        return Outcome(None, text)
    holds = condition.holds_for(observation.value)
    text = _("%(figure)s: %(value)s in %(period)s (%(comparison)s)") % {
        "figure": label,
        "value": value_text(indicator, observation.value),
        "period": observation.period,
        "comparison": comparison_text(condition, indicator, negated=not holds),
    }
    return Outcome(holds, text)


def _size_outcome(size_classes: Sequence[str], size: Size | None) -> Outcome:
    if size is None or size.size_class is None:
        return Outcome(None, _("Size: no population figure"))
    facts = {
        "size": Organisation.SizeClass(size.size_class).label,
        "population": number_format(
            Decimal(str(size.population)), decimal_pos=0, use_l10n=True, force_grouping=True
        ),
        "period": size.period,
    }
    if size.period:
        text = _("Size: %(size)s, %(population)s inhabitants in %(period)s") % facts
    else:
        text = _("Size: %(size)s, %(population)s inhabitants as recorded") % facts
    if size.size_class not in size_classes:
        text = _("%(size)s – not a size chosen") % {"size": text}
        return Outcome(False, text)
    return Outcome(True, text)


def _item_outcomes(
    item: Item, municipality: Municipality, indicators: Mapping[str, Indicator]
) -> tuple[bool | None, list[Outcome]]:
    """Whether the item holds, with the outcomes that tell why: for a group, the
    conditions that hold when it holds, else all of them."""
    if isinstance(item, Condition):
        outcome = _condition_outcome(item, municipality, indicators)
        return outcome.holds, [outcome]
    outcomes = [_condition_outcome(member, municipality, indicators) for member in item.conditions]
    if any(outcome.holds for outcome in outcomes):
        return True, [outcome for outcome in outcomes if outcome.holds]
    if all(outcome.holds is False for outcome in outcomes):
        return False, outcomes
    return None, outcomes


@dataclass
class _Judgement:
    holds: bool | None = True
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def add(self, holds: bool | None, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            if outcome.holds:
                self.reasons.append(outcome.text)
            elif outcome.holds is None:
                self.missing.append(outcome.text)
            else:
                self.failed.append(outcome.text)
        if holds is False:
            self.holds = False
        elif holds is None and self.holds is not False:
            self.holds = None


def _judge(
    criteria: Criteria, municipality: Municipality, indicators: Mapping[str, Indicator]
) -> _Judgement:
    judgement = _Judgement()
    for item in criteria.items:
        holds, outcomes = _item_outcomes(item, municipality, indicators)
        if holds is not None:
            # A decided group's undecided members do not make the municipality undecided.
            outcomes = [outcome for outcome in outcomes if outcome.holds is not None]
        judgement.add(holds, outcomes)
    if criteria.size_classes:
        outcome = _size_outcome(criteria.size_classes, municipality.size)
        judgement.add(outcome.holds, [outcome])
    return judgement


def _ranked(found: list[tuple[Municipality, list[str]]], rank_by: RankBy | None) -> list[Match]:
    """The matches in rank order: by the rank figure (those without one last), then by
    name; equal figures share a rank ("1, 2, 2, 4")."""
    if rank_by is None:
        ordered = sorted(found, key=lambda pair: (pair[0].name.lower(), pair[0].code))
        return [
            Match(municipality, position, reasons)
            for position, (municipality, reasons) in enumerate(ordered, 1)
        ]
    sign = 1 if rank_by.order == "asc" else -1

    def key(pair: tuple[Municipality, list[str]]) -> tuple[bool, Decimal, str, str]:
        figure = pair[0].figures.get(rank_by.source)
        value = sign * figure.value if figure is not None else Decimal(0)
        return (figure is None, value, pair[0].name.lower(), pair[0].code)

    matches: list[Match] = []
    previous: tuple[bool, Decimal] | None = None
    rank = 0
    for position, (municipality, reasons) in enumerate(sorted(found, key=key), 1):
        figure = municipality.figures.get(rank_by.source)
        value = (figure is None, figure.value if figure is not None else Decimal(0))
        if value != previous:
            rank, previous = position, value
        matches.append(Match(municipality, rank, reasons, figure))
    return matches


def evaluate(
    criteria: Criteria,
    municipalities: Iterable[Municipality],
    indicators: Mapping[str, Indicator],
) -> Evaluation:
    """Judge every municipality against the criteria: the ranked matches with their
    reasons, those lacking figures, those that fail, and those left out by name."""
    found: list[tuple[Municipality, list[str]]] = []
    undecided: list[Undecided] = []
    misses: list[Miss] = []
    excluded: list[Municipality] = []
    left_out = set(criteria.exclude)
    for municipality in sorted(municipalities, key=lambda m: (m.name.lower(), m.code)):
        if municipality.code in left_out:
            excluded.append(municipality)
            continue
        judgement = _judge(criteria, municipality, indicators)
        if judgement.holds:
            found.append((municipality, judgement.reasons))
        elif judgement.holds is None:
            undecided.append(Undecided(municipality, judgement.missing, judgement.reasons))
        else:
            misses.append(Miss(municipality, judgement.failed))
    return Evaluation(_ranked(found, criteria.rank_by), undecided, misses, excluded)
