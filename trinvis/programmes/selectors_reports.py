"""What the programme report of an agency programme holds, for those who run the programme:
its facts, the dashboard's figures per municipality with the totals, the compiled challenges
and the theme decision, the workshops with their participants counted per municipality, the
status of the agreed items after each workshop, the selection criteria's key figures of the
municipalities taking part, and the linked surveys' results.

Everything comes from the selectors the pages use (the dashboard, mapping, follow-up and
survey selectors), so the report says what the pages say. It holds counts and public
statistics only: no participant's name, no survey answer; survey results come protected
from `survey_summaries`.

A fixed number of queries however many municipalities take part; each linked survey adds
its own fixed cost (its results are computed by the survey module).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.text import Truncator

from trinvis.indicators.access import baselines_for_user, indicators_for_user
from trinvis.indicators.models import Baseline, Indicator, Value
from trinvis.indicators.progress import Observation
from trinvis.indicators.selectors import TargetProgress, targets_progress
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    SelectionRule,
    ThemeDecision,
    Workshop,
    WorkshopParticipant,
)
from trinvis.programmes.selection import CriteriaError, figure_label, parse
from trinvis.programmes.selectors_dashboard import DashboardRow, Totals, dashboard_rows, totals_of
from trinvis.programmes.selectors_follow_up import WorkshopFollowUp, follow_up_overview
from trinvis.programmes.selectors_mapping import Compilation, compilation_of, theme_of
from trinvis.programmes.selectors_surveys import (
    SurveySummary,
    programme_surveys,
    survey_lines,
    survey_summaries,
)

MANDATE_WORDS = 60  # the mandate "in short" on the title page


def mandate_in_short(text: str) -> str:
    return Truncator(" ".join(text.split())).words(MANDATE_WORDS, truncate=" …")


# --- workshops -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopLine:
    """A workshop with its participants counted, in all and per municipality (candidate
    id); the people themselves are not named."""

    workshop: Workshop
    per_municipality: dict[int, int]

    @property
    def participants(self) -> int:
        return sum(self.per_municipality.values())

    @property
    def municipalities(self) -> int:
        return sum(1 for count in self.per_municipality.values() if count)


def workshop_lines(
    *, programme: AgencyProgramme, candidate_ids: Iterable[int]
) -> list[WorkshopLine]:
    """The programme's workshops by number with their participants per municipality taking
    part; two queries."""
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        WorkshopParticipant.objects.filter(
            workshop__programme=programme, candidate__in=list(candidate_ids)
        )
        .values_list("workshop_id", "candidate_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for workshop_id, candidate_id, count in rows:
        counts[workshop_id][candidate_id] = count
    return [
        WorkshopLine(workshop, counts.get(workshop.pk, {}))
        for workshop in programme.workshops.order_by("number")
    ]


# --- key figures of the selection criteria ---------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """One figure the criteria read, for one municipality taking part: its latest value,
    and the municipality's zero point and targets on it when it has set them."""

    candidate: Candidate
    indicator: Indicator
    breakdown_key: str
    label: str
    latest: Observation | None
    baseline: Baseline | None
    targets: list[TargetProgress]


def _latest_values(
    indicators: Sequence[Indicator], area_ids: Sequence[int], breakdowns: set[str]
) -> dict[tuple[int, int, str], list[Observation]]:
    """The series of these indicators, areas and breakdowns; one query."""
    series: dict[tuple[int, int, str], list[Observation]] = defaultdict(list)
    if not indicators or not area_ids:
        return series
    rows = (
        Value.objects.filter(
            indicator__in=indicators, area_id__in=area_ids, breakdown_key__in=breakdowns
        )
        .order_by("period_start", "period")
        .values_list("indicator_id", "area_id", "breakdown_key", "period", "period_start", "value")
    )
    for indicator_id, area_id, breakdown, period, start, value in rows:
        series[(indicator_id, area_id, breakdown)].append(Observation(period, start, value))
    return series


def criteria_figures(
    *, programme: AgencyProgramme, user: Any, candidates: Sequence[Candidate]
) -> list[KeyFigure]:
    """The figures the programme's selection criteria read, for every municipality taking
    part, by municipality and then in the order of the criteria's indicators; at most five
    queries. Zero points and targets only where the user may read them (indicators.access)."""
    rule = SelectionRule.objects.filter(programme=programme).first()
    if rule is None or not candidates:
        return []
    try:
        criteria = parse(rule.criteria)
    except CriteriaError:
        return []
    sources = sorted({(key, breakdown) for key, breakdown, _period in criteria.sources})
    indicators = {
        indicator.key: indicator
        for indicator in indicators_for_user(user=user).filter(key__in={k for k, _ in sources})
    }
    sources = [(key, breakdown) for key, breakdown in sources if key in indicators]
    if not sources:
        return []
    breakdowns = {breakdown for _key, breakdown in sources}
    series = _latest_values(
        list(indicators.values()), [candidate.area_id for candidate in candidates], breakdowns
    )
    organisations = [c.organisation_id for c in candidates if c.organisation_id is not None]
    baselines: dict[tuple[int | None, int, str], Baseline] = {
        (baseline.organisation_id, baseline.indicator_id, baseline.breakdown_key): baseline
        for baseline in baselines_for_user(user=user)
        .filter(
            organisation_id__in=organisations,
            indicator__in=list(indicators.values()),
            breakdown_key__in=breakdowns,
        )
        .prefetch_related("targets")
    }
    figures = []
    for candidate in candidates:
        for key, breakdown in sources:
            indicator = indicators[key]
            values = series.get((indicator.pk, candidate.area_id, breakdown), [])
            baseline = baselines.get((candidate.organisation_id, indicator.pk, breakdown))
            figures.append(
                KeyFigure(
                    candidate=candidate,
                    indicator=indicator,
                    breakdown_key=breakdown,
                    label=figure_label(indicators, key, breakdown),
                    latest=values[-1] if values else None,
                    baseline=baseline,
                    targets=targets_progress(baseline, values, direction=indicator.direction)
                    if baseline is not None
                    else [],
                )
            )
    return figures


def next_target(
    targets: Sequence[TargetProgress], *, today: datetime.date
) -> TargetProgress | None:
    """The target a table shows: the first not yet due, else the last one."""
    if not targets:
        return None
    return next((item for item in targets if item.target.due >= today), targets[-1])


def figure_number(indicator: Indicator, value: Decimal | None) -> int | float | None:
    """A key figure as a number for a cell: rounded to the indicator's decimals."""
    if value is None:
        return None
    if indicator.decimals == 0:
        return round(value)
    return round(float(value), indicator.decimals)


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeReport:
    programme: AgencyProgramme
    made_at: datetime.datetime
    today: datetime.date
    rows: list[DashboardRow]
    totals: Totals
    compilation: Compilation
    theme: ThemeDecision | None
    workshops: list[WorkshopLine]
    follow_ups: list[WorkshopFollowUp]
    figures: list[KeyFigure]
    surveys: list[SurveySummary]

    @property
    def mandate(self) -> str:
        return mandate_in_short(self.programme.mandate)

    @property
    def candidates(self) -> list[Candidate]:
        return [row.candidate for row in self.rows]


def programme_report(
    *, programme: AgencyProgramme, user: Any, today: datetime.date
) -> ProgrammeReport:
    """The report of a programme the user runs (the view checks it)."""
    rows = dashboard_rows(programme=programme, user=user, today=today)
    candidates = [row.candidate for row in rows]
    lines = survey_lines(programme_surveys(programme=programme, user=user))
    return ProgrammeReport(
        programme=programme,
        made_at=timezone.now(),
        today=today,
        rows=rows,
        totals=totals_of(rows),
        compilation=compilation_of(programme),
        theme=theme_of(programme),
        workshops=workshop_lines(
            programme=programme, candidate_ids=[candidate.pk for candidate in candidates]
        ),
        follow_ups=follow_up_overview(programme=programme, user=user, runs=True, today=today),
        figures=criteria_figures(programme=programme, user=user, candidates=candidates),
        surveys=survey_summaries(lines),
    )
