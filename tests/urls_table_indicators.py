"""Rows of the URL table (tests/urls_table.py) for the key-figure pages: the start page,
own definitions, the indicator page, zero points and targets.

Shipped definitions and their figures are public statistics: every logged-in persona reads
them, nobody changes them (403, even the administrator). Municipality A's own definition
is read in its reach: alice, bob from his team below it, fiona who follows it from the
agency, the administrator; charlie (municipality B) gets 404. Only alice and the
administrator change it. Municipality A's zero point and targets are read the same way and
written by alice and the administrator: bob and fiona get 403. The writes post nothing
valid (or a stale version), so they change nothing.
"""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Kwargs, Route, expect, logged_in
from trinvis.indicators.models import Baseline, Indicator, Target
from trinvis.indicators.tests.factories import make_indicator, shipped

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND

SHIPPED_KEY = "work-education-one-year-after"


def own_of_a(world: "World") -> Indicator:
    return Indicator.objects.filter(owner=world.municipality_a).first() or make_indicator(
        world.municipality_a
    )


def baseline_of_a(world: "World") -> Baseline:
    baseline, _created = Baseline.objects.get_or_create(
        organisation=world.municipality_a,
        indicator=shipped(SHIPPED_KEY),
        breakdown_key="",
        defaults={"period": "2018", "value": Decimal("40.5"), "set_by": world.alice},
    )
    return baseline


def target_of_a(world: "World") -> Target:
    baseline = baseline_of_a(world)
    target, _created = Target.objects.get_or_create(
        baseline=baseline, defaults={"value": Decimal(50), "due": datetime.date(2027, 12, 31)}
    )
    return target


def _shipped(world: "World") -> dict[str, Any]:
    return {"pk": shipped(SHIPPED_KEY).pk}


def _own_a(world: "World") -> dict[str, Any]:
    return {"pk": own_of_a(world).pk}


def _zero_point_in(attribute: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"pk": shipped(SHIPPED_KEY).pk, "org_pk": getattr(world, attribute).pk}

    build.__name__ = f"zero_point_in_{attribute}"
    return build


def _baseline_a(world: "World") -> dict[str, Any]:
    return {"pk": baseline_of_a(world).pk}


def _target_a(world: "World") -> dict[str, Any]:
    return {"pk": target_of_a(world).pk}


# Municipality A's own content: read in its reach, written by alice and the administrator.
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
_WRITE_A = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=FORBIDDEN, admin=OK)
# Defining a figure needs a write role somewhere: alice and the administrator have one.
_ANY_WRITE_ROLE = expect(
    LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK
)
# Municipality B's zero points: charlie reads them from his unit, fiona follows B.
_WRITE_B = expect(
    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=FORBIDDEN, fiona=FORBIDDEN, admin=OK
)

INDICATORS: dict[str, Route] = {
    "indicators:index": Route((Case("start page", get=logged_in(OK)),)),
    "indicators:definition_create": Route(
        (Case("own definition", get=_ANY_WRITE_ROLE, post=_ANY_WRITE_ROLE),)
    ),
    "indicators:indicator": Route(
        (
            Case("shipped", kwargs=_shipped, get=logged_in(OK)),
            Case("own of municipality A", kwargs=_own_a, get=_READ_A),
            Case(
                "no such indicator", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)
            ),
        )
    ),
    "indicators:definition_edit": Route(
        (
            Case(
                "own of municipality A",
                kwargs=_own_a,
                get=_WRITE_A,
                post=_WRITE_A,
                post_data={"name": ""},
            ),
            Case(
                "shipped",
                kwargs=_shipped,
                get=logged_in(FORBIDDEN),
                post=logged_in(FORBIDDEN),
                post_data={"name": ""},
            ),
        )
    ),
    # A post without the version is a conflict: nothing is deleted.
    "indicators:definition_delete": Route(
        (Case("own of municipality A", kwargs=_own_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "indicators:baseline_create": Route(
        (
            Case(
                "municipality A",
                kwargs=_zero_point_in("municipality_a"),
                get=_WRITE_A,
                post=_WRITE_A,
            ),
            Case(
                "municipality B",
                kwargs=_zero_point_in("municipality_b"),
                get=_WRITE_B,
                post=_WRITE_B,
            ),
            # Only a municipality has a zero point.
            Case(
                "team A",
                kwargs=_zero_point_in("team_a"),
                get=logged_in(NOT_FOUND),
                post=logged_in(NOT_FOUND),
            ),
        )
    ),
    "indicators:baseline_edit": Route(
        (Case("municipality A", kwargs=_baseline_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "indicators:baseline_delete": Route(
        (Case("municipality A", kwargs=_baseline_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "indicators:target_create": Route(
        (Case("municipality A", kwargs=_baseline_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "indicators:target_edit": Route(
        (Case("municipality A", kwargs=_target_a, get=_WRITE_A, post=_WRITE_A),)
    ),
    "indicators:target_delete": Route(
        (Case("municipality A", kwargs=_target_a, get=_WRITE_A, post=_WRITE_A),)
    ),
}
