"""Two saves of the same report at the same moment: one is saved, the other is told of the
conflict, whether the report existed already (the row lock) or not yet (the one-to-one).

Needs PostgreSQL: SQLite serialises writers, so the race does not happen there. Run with
`DATABASE_URL=postgres://… pytest -p no:xdist --create-db` on this file.
"""

import threading
from typing import Any

import pytest
from django.db import connection

from conftest import World
from trinvis.surveys.models import Report, ReportItem
from trinvis.surveys.reports import ItemInput, ReportConflict, report_save
from trinvis.surveys.tests.factories_results import make_survey

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)


def _race(survey: Any, by: Any, version: int) -> list[str]:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(title: str) -> None:
        try:
            start.wait(timeout=10)
            report_save(
                by=by,
                survey=survey,
                version=version,
                title=title,
                breakdown="",
                introduction="",
                items=[ItemInput("useful", position=1, note=title)],
            )
            outcomes.append("saved")
        except ReportConflict:
            outcomes.append("conflict")
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
            raise
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(title,)) for title in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True])
def test_two_simultaneous_saves_keep_one(world: World, existing: bool) -> None:
    survey = make_survey(organisation=world.agency)
    if existing:
        report_save(
            by=world.fiona,
            survey=survey,
            version=0,
            title="Before",
            breakdown="",
            introduction="",
            items=[],
        )
    assert _race(survey, world.fiona, version=1 if existing else 0) == ["conflict", "saved"]
    report = Report.objects.get(survey=survey)
    assert report.version == (2 if existing else 1)
    notes = list(ReportItem.objects.filter(report=report).values_list("note", flat=True))
    assert notes == [report.title]
