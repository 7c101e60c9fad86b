"""Two housekeeping runs at the same moment remind each person once and purge once; a purge
and a respondent's submit at the same moment leave no answer behind.

Needs PostgreSQL: SQLite serialises writers, so the race does not happen there. Run with
`DATABASE_URL=postgres://… pytest -p no:xdist --create-db` on this file.
"""

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership
from trinvis.surveys import housekeeping, retention
from trinvis.surveys import services_responses as services
from trinvis.surveys.forms import AnswerPlan
from trinvis.surveys.models import Figure, Invitation, Question, Response, Survey
from trinvis.surveys.tests.factories_distribution import BOB_TOKEN, invite_with_token, make_survey
from trinvis.surveys.tests.factories_results import add_responses

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)


def _together(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs in threads released at the same moment; their results (or errors)."""
    start = threading.Barrier(len(jobs))
    outcomes: list[Any] = []

    def run(job: Callable[[], Any]) -> None:
        try:
            start.wait(timeout=10)
            outcomes.append(job())
        except Exception as error:  # reported by the assertions of the test
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_runs_send_each_reminder_once(world: World) -> None:
    survey = make_survey(world.municipality_a)
    people = [make_user(f"person{i}@example.org", f"Person {i}") for i in range(6)]
    for person in people:
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
    Invitation.objects.bulk_create(
        Invitation(
            survey=survey, user=person, token_hash=f"initial-{person.pk}", sent_at=timezone.now()
        )
        for person in people
    )
    Survey.objects.filter(pk=survey.pk).update(
        deadline=timezone.localdate() + datetime.timedelta(days=3), remind_days_before=3
    )
    survey.refresh_from_db()
    moment = housekeeping.reminder_moment(survey)
    assert moment is not None
    mail.outbox.clear()

    outcomes = _together(
        lambda: housekeeping.run_housekeeping(now=moment),
        lambda: housekeeping.run_housekeeping(now=moment),
    )

    assert sorted(outcome["reminded"] for outcome in outcomes) == [0, 6], outcomes
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    assert Invitation.objects.filter(survey=survey, reminded_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_runs_purge_once(world: World) -> None:
    survey = make_survey(world.municipality_a)
    add_responses(survey, [{"changes": "yes"}, {"changes": "no"}, {"changes": "yes"}])
    Survey.objects.filter(pk=survey.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=10), retention_days=1
    )

    outcomes = _together(housekeeping.run_housekeeping, housekeeping.run_housekeeping)

    assert sorted(outcome["purged"] for outcome in outcomes) == [0, 1], outcomes
    assert AuditEvent.objects.filter(target=f"survey {survey.pk}").count() == 1
    assert Figure.objects.filter(survey=survey, question__isnull=True).get().count == 3
    assert not Response.objects.filter(survey=survey).exists()


@pytest.mark.django_db(transaction=True)
def test_a_submit_during_the_purge_is_counted_or_refused_never_left_behind(
    world: World,
) -> None:
    survey = make_survey(world.municipality_a)
    invitation = invite_with_token(survey, world.bob, BOB_TOKEN)
    plan = AnswerPlan(
        survey.questionnaire, Question.objects.filter(questionnaire_id=survey.questionnaire_id)
    )
    services.response_save(
        survey=survey,
        plan=plan,
        values={"changes": "no"},
        keys=["changes"],
        language="en",
        invitation=invitation,
    )

    def submit() -> str:
        services.response_submit(
            survey=survey,
            plan=plan,
            values={"benefit/useful": "4", "age": Decimal(41)},
            keys=["benefit/useful", "benefit/relevant", "recommend", "age"],
            language="en",
            invitation=invitation,
        )
        return "submitted"

    def purge() -> str:
        retention.survey_purge(survey=survey)
        return "purged"

    outcomes = _together(submit, purge)

    assert "purged" in outcomes, outcomes
    assert not Response.objects.filter(survey=survey).exists()
    kept = Figure.objects.filter(survey=survey, question__isnull=True).first()
    if "submitted" in outcomes:
        assert kept is not None and kept.count == 1  # the submit came first: it counts
    else:
        [refused] = [o for o in outcomes if o != "purged"]
        assert isinstance(refused, services.SurveyClosed), outcomes
        assert kept is None
