"""The pages of retention and reminders: the reminder when a survey opens, the settings page,
deleting the answers with a confirmation, and what the survey's page says about them."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from conftest import World
from trinvis.surveys import retention
from trinvis.surveys.forms import settings_fingerprint
from trinvis.surveys.models import Figure, Invitation, Response, Survey
from trinvis.surveys.services_responses import invitations_create
from trinvis.surveys.tests.factories_distribution import make_questionnaire, make_survey
from trinvis.surveys.tests.factories_results import add_responses


def _days(count: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=count)


def _long(day: datetime.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world.municipality_a)


# --- opening a survey -----------------------------------------------------------------------


def _create(client: Any, questionnaire_pk: int, **data: Any) -> Any:
    url = reverse("surveys:survey_create") + f"?questionnaire={questionnaire_pk}"
    return client.post(url, {"organisation": data.pop("organisation"), "minimum_group": 5, **data})


def test_a_survey_opens_with_an_automatic_reminder(world: World, client_of: Any) -> None:
    questionnaire = make_questionnaire(world.municipality_a)
    done = _create(
        client_of(world.alice),
        questionnaire.pk,
        title="With reminder",
        organisation=world.municipality_a.pk,
        mode="personal",
        deadline=_days(14).isoformat(),
        remind_days_before=3,
        retention_days=365,
    )
    assert done.status_code == 302
    survey = Survey.objects.get(title="With reminder")
    assert (survey.remind_days_before, survey.retention_days) == (3, 365)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "personal"}, "An automatic reminder needs a deadline."),
        ({"mode": "open", "deadline": 14}, "an open link has nobody to remind"),
        ({"mode": "personal", "deadline": 2}, "That day has passed"),
    ],
)
def test_a_reminder_needs_a_deadline_personal_links_and_a_day_to_come(
    world: World, client_of: Any, data: dict[str, Any], message: str
) -> None:
    questionnaire = make_questionnaire(world.municipality_a)
    if "deadline" in data:
        data["deadline"] = _days(data["deadline"]).isoformat()
    page = _create(
        client_of(world.alice),
        questionnaire.pk,
        title="Refused",
        organisation=world.municipality_a.pk,
        remind_days_before=3,
        **data,
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert 'id="id_remind_days_before_error"' in html
    assert not Survey.objects.filter(title="Refused").exists()


# --- the settings page ----------------------------------------------------------------------


def _settings(survey: Survey, **changes: Any) -> dict[str, Any]:
    data = {
        "base": settings_fingerprint(survey),
        "deadline": survey.deadline.isoformat() if survey.deadline else "",
        "remind_days_before": survey.remind_days_before or "",
        "retention_days": survey.retention_days or "",
        "minimum_group": survey.minimum_group,
    }
    data.update(changes)
    return data


def test_the_owner_changes_the_dates_retention_and_smallest_group(
    survey: Survey, world: World, client_of: Any
) -> None:
    url = reverse("surveys:survey_settings", kwargs={"pk": survey.pk})
    client = client_of(world.alice)
    assert 'name="base"' in client.get(url).content.decode()
    done = client.post(
        url,
        _settings(
            survey,
            deadline=_days(20).isoformat(),
            remind_days_before=4,
            retention_days=180,
            minimum_group=7,
        ),
    )
    assert done.status_code == 302
    survey.refresh_from_db()
    assert (survey.deadline, survey.remind_days_before) == (_days(20), 4)
    assert (survey.retention_days, survey.minimum_group) == (180, 7)


def test_the_smallest_group_never_goes_below_three(
    survey: Survey, world: World, client_of: Any
) -> None:
    url = reverse("surveys:survey_settings", kwargs={"pk": survey.pk})
    page = client_of(world.alice).post(url, _settings(survey, minimum_group=2))
    assert page.status_code == 200
    assert 'id="id_minimum_group_error"' in page.content.decode()
    survey.refresh_from_db()
    assert survey.minimum_group == 5


def test_a_change_made_meanwhile_is_not_overwritten_unseen(
    survey: Survey, world: World, client_of: Any
) -> None:
    url = reverse("surveys:survey_settings", kwargs={"pk": survey.pk})
    stale = _settings(survey, retention_days=30)
    Survey.objects.filter(pk=survey.pk).update(retention_days=400)  # someone else's save
    client = client_of(world.alice)
    page = client.post(url, stale)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Someone else changed these settings" in html
    assert "400 days" in html  # what is stored now, beside the user's own value
    survey.refresh_from_db()
    assert survey.retention_days == 400
    # Saving again, on the form as it came back, replaces the stored value.
    again = client.post(url, _settings(survey, retention_days=30))
    assert again.status_code == 302
    survey.refresh_from_db()
    assert survey.retention_days == 30


def test_a_deadline_that_has_passed_may_stay_but_not_be_set(
    survey: Survey, world: World, client_of: Any
) -> None:
    Survey.objects.filter(pk=survey.pk).update(deadline=_days(-3), closed_at=timezone.now())
    survey.refresh_from_db()
    url = reverse("surveys:survey_settings", kwargs={"pk": survey.pk})
    client = client_of(world.alice)
    assert client.post(url, _settings(survey, retention_days=60)).status_code == 302
    survey.refresh_from_db()
    page = client.post(url, _settings(survey, deadline=_days(-1).isoformat()))
    assert "The deadline cannot be in the past." in page.content.decode()


def test_after_the_purge_only_the_smallest_group_changes(
    survey: Survey, world: World, client_of: Any
) -> None:
    Survey.objects.filter(pk=survey.pk).update(retention_days=30)
    retention.survey_purge(survey=survey, by=world.alice)
    survey.refresh_from_db()
    url = reverse("surveys:survey_settings", kwargs={"pk": survey.pk})
    done = client_of(world.alice).post(
        url, _settings(survey, retention_days=999, deadline=_days(9).isoformat(), minimum_group=8)
    )
    assert done.status_code == 302
    survey.refresh_from_db()
    assert (survey.retention_days, survey.deadline, survey.minimum_group) == (30, None, 8)


# --- deleting the answers -------------------------------------------------------------------


def test_deleting_the_answers_asks_for_a_confirmation(
    survey: Survey, world: World, client_of: Any
) -> None:
    add_responses(survey, [{"changes": "yes"}, {"changes": "no"}])
    url = reverse("surveys:survey_purge", kwargs={"pk": survey.pk})
    client = client_of(world.alice)
    page = client.get(url).content.decode()
    assert "2 submitted responses" in page
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Tick the box to delete the answers." in refused.content.decode()
    assert Response.objects.filter(survey=survey).count() == 2

    done = client.post(url, {"confirm": "on"})
    assert done["Location"] == reverse("surveys:survey_detail", kwargs={"pk": survey.pk})
    survey.refresh_from_db()
    assert survey.purged_at is not None
    assert not Response.objects.filter(survey=survey).exists()
    assert Figure.objects.filter(survey=survey).exists()
    # Once done, the page sends back to the survey.
    assert client.get(url).status_code == 302


def test_the_survey_page_says_until_when_answers_are_kept_and_when_reminded(
    survey: Survey, world: World, client_of: Any
) -> None:
    Survey.objects.filter(pk=survey.pk).update(
        deadline=_days(10), remind_days_before=3, retention_days=90
    )
    page = client_of(world.alice).get(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}))
    html = page.content.decode()
    assert f"Answers are kept until {_long(_days(100))}; after that only the figures remain" in html
    assert "to those invited who have not answered" in html
    assert reverse("surveys:survey_settings", kwargs={"pk": survey.pk}) in html
    assert reverse("surveys:survey_purge", kwargs={"pk": survey.pk}) in html


def test_the_survey_page_after_the_purge(
    survey: Survey, world: World, client_of: Any, django_assert_max_num_queries: Any
) -> None:
    invitations_create(by=world.alice, survey=survey, users=[world.bob, world.charlie])
    bobs = Invitation.objects.get(survey=survey, user=world.bob)
    Response.objects.create(
        survey=survey, invitation=bobs, user=world.bob, submitted_at=timezone.now()
    )
    retention.survey_purge(survey=survey, by=world.alice)
    survey.refresh_from_db()
    client = client_of(world.alice)
    url = reverse("surveys:survey_detail", kwargs={"pk": survey.pk})
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert f"Answers deleted on {_long(timezone.localdate(survey.purged_at))}; figures kept" in html
    assert "50 % (1 of 2 invited)" in html
    assert "Who answered is no longer known" in html
    assert "Bob Employee" not in html
    assert "Reopen the survey" not in html
    assert reverse("surveys:survey_purge", kwargs={"pk": survey.pk}) not in html
