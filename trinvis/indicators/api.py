"""JSON API of the key figures: the definitions a user reads, their values by place and
breakdown, and the zero points with targets of the user's organisations; read only.

The pages' rules hold (access.py): shipped definitions for every logged-in user, own ones
within the owner's reach, 404 outside. Values come a page at a time (`limit`, `offset`),
for one place (by default the user's municipality): a whole country's municipalities over
ten years of months would be millions.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from trinvis.indicators import periods
from trinvis.indicators.access import (
    baselines_for_user,
    indicator_get_for_user,
    indicators_for_user,
)
from trinvis.indicators.models import Baseline, Indicator, Target, Value
from trinvis.indicators.selectors import breakdown_labels, home_place, place_from_param

router = Router(tags=["key figures"])

MAX_VALUES = 1000  # per page
ALL_BREAKDOWNS = "all"


class Message(Schema):
    detail: str


class IndicatorOut(Schema):
    id: int
    key: str
    owner_id: int | None
    name: str  # in the user's language for a shipped definition
    description: str
    unit: str
    direction: str
    breakdowns: list[str]
    breakdown_labels: list[str]
    source: str
    decimals: int
    version: int

    @staticmethod
    def resolve_name(indicator: Indicator) -> str:
        return indicator.label

    @staticmethod
    def resolve_description(indicator: Indicator) -> str:
        return indicator.explanation

    @staticmethod
    def resolve_breakdown_labels(indicator: Indicator) -> list[str]:
        return breakdown_labels(indicator)


class ValueOut(Schema):
    period: str
    period_start: datetime.date
    breakdown: dict[str, str]
    breakdown_key: str
    value: float
    source: str
    imported_at: datetime.datetime


class ValueFilters(Schema):
    area: str = Field(
        "",
        description=(
            "The place: country and official number, `DK:461`; `DK:` for the country; "
            "empty: the user's municipality, as on the indicator page."
        ),
    )
    breakdown: str = Field(
        "",
        description=(
            "The breakdown's key (`gender=women`, dimensions in name order joined by `;`); "
            f"empty for the total, `{ALL_BREAKDOWNS}` for every breakdown."
        ),
    )
    period_from: str = Field("", alias="from", description="The first period, e.g. `2019`.")
    period_to: str = Field("", alias="to", description="The last period, e.g. `2023K4`.")


class TargetOut(Schema):
    id: int
    value: float
    due: datetime.date
    label: str
    version: int


class BaselineOut(Schema):
    id: int
    organisation_id: int
    breakdown_key: str
    period: str
    value: float
    note: str
    version: int
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(baseline: Baseline) -> list[Target]:
        return list(baseline.targets.all())


@router.get("/indicators", response=list[IndicatorOut], url_name="indicator_list")
def indicator_list(request: HttpRequest) -> Any:
    return indicators_for_user(user=request.user).order_by("pk")


@router.get(
    "/indicators/{int:indicator_id}",
    response={200: IndicatorOut, 404: Message},
    url_name="indicator_detail",
)
def indicator_detail(request: HttpRequest, indicator_id: int) -> Any:
    return indicator_get_for_user(user=request.user, pk=indicator_id)


def _period(text: str, name: str) -> periods.Period | None:
    if not text:
        return None
    try:
        return periods.parse(text)
    except periods.PeriodError:
        raise HttpError(422, f"`{name}` is not a period: write 2024, 2024K3 or 2024M05.") from None


@router.get(
    "/indicators/{int:indicator_id}/values",
    response={200: list[ValueOut], 404: Message},
    url_name="indicator_values",
)
@paginate(LimitOffsetPagination, max_limit=MAX_VALUES)
def indicator_values(
    request: HttpRequest, indicator_id: int, filters: Query[ValueFilters]
) -> QuerySet[Value]:
    indicator = indicator_get_for_user(user=request.user, pk=indicator_id)
    place = place_from_param(filters.area) if filters.area else home_place(user=request.user)
    first = _period(filters.period_from, "from")
    last = _period(filters.period_to, "to")
    if place.area is None:
        return Value.objects.none()
    values = Value.objects.filter(indicator=indicator, area=place.area)
    if filters.breakdown != ALL_BREAKDOWNS:
        values = values.filter(breakdown_key=filters.breakdown)
    if first is not None:
        values = values.filter(period_start__gte=first.start)
    if last is not None:
        values = values.filter(period_start__lte=periods.end(last))
    return values.order_by("period_start", "period", "breakdown_key")


@router.get(
    "/indicators/{int:indicator_id}/baselines",
    response={200: list[BaselineOut], 404: Message},
    url_name="indicator_baselines",
)
def indicator_baselines(request: HttpRequest, indicator_id: int) -> Any:
    """The zero points on this indicator of the organisations the user reads, with their
    targets."""
    indicator = indicator_get_for_user(user=request.user, pk=indicator_id)
    return (
        baselines_for_user(user=request.user)
        .filter(indicator=indicator)
        .prefetch_related("targets")
        .order_by("organisation__path", "breakdown_key")
    )
