"""Surveys, invitations with hashed tokens, reminders once a day, closing and reopening."""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.core.models import AuditEvent
from trinvis.surveys.models import Invitation, Response, Survey
from trinvis.surveys.services_responses import (
    invitations_create,
    reminders_send,
    survey_close,
    survey_create,
    survey_reopen,
)
from trinvis.surveys.tasks import token_hash
from trinvis.surveys.tests.factories_distribution import make_questionnaire, make_survey

LINK = re.compile(r"https?://\S+/s/([A-Za-z0-9_-]+)/")


def tokens_in_mail() -> list[str]:
    found = [LINK.search(str(message.body)) for message in mail.outbox]
    return [match.group(1) for match in found if match]


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world.municipality_a)


def test_invited_people_get_a_link_whose_token_only_the_hash_of_is_stored(
    survey: Survey, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = invitations_create(by=world.alice, survey=survey, users=[world.bob])
    assert len(created) == 1
    [token] = tokens_in_mail()
    invitation = Invitation.objects.get(survey=survey, user=world.bob)
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash
    assert invitation.sent_at is not None
    assert mail.outbox[0].to == ["bob@example.org"]
    assert Client().get(reverse("answer:personal", kwargs={"token": token})).status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_INVITED)
    assert event.details == {"survey": survey.pk, "invited": [world.bob.pk]}


def test_tokens_are_random_and_distinct(
    survey: Survey, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(by=world.alice, survey=survey, users=[world.bob, world.charlie])
    first, second = tokens_in_mail()
    assert first != second
    assert len(first) >= 32


def test_the_email_is_in_the_persons_language(
    survey: Survey, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(by=world.alice, survey=survey, users=[world.bob])
    assert mail.outbox[0].subject  # rendered under the person's language
    assert survey.title in mail.outbox[0].subject


def test_unknown_email_refuses_the_whole_invitation(survey: Survey, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        invitations_create(
            by=world.fiona,
            survey=survey,
            users=[world.bob],
            emails=["charlie@example.org", "nobody@example.org"],
        )
    assert "nobody@example.org" in str(refused.value)
    assert not Invitation.objects.filter(survey=survey).exists()


def test_invite_by_email_matches_active_users_case_insensitively(
    survey: Survey, world: World
) -> None:
    created = invitations_create(
        by=world.fiona, survey=survey, users=[], emails=["Charlie@Example.org"]
    )
    assert [i.user for i in created] == [world.charlie]


def test_an_inactive_user_is_not_found_by_email(survey: Survey, world: World) -> None:
    world.charlie.is_active = False
    world.charlie.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        invitations_create(by=world.alice, survey=survey, users=[], emails=["charlie@example.org"])


def test_inviting_again_skips_those_already_invited(survey: Survey, world: World) -> None:
    invitations_create(by=world.alice, survey=survey, users=[world.bob])
    again = invitations_create(by=world.alice, survey=survey, users=[world.bob, world.charlie])
    assert [i.user for i in again] == [world.charlie]
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_an_open_survey_has_a_link_and_no_invitations(world: World) -> None:
    survey = make_survey(world.municipality_a, mode="open")
    assert len(survey.open_token) >= 32
    with pytest.raises(ValidationError):
        invitations_create(by=world.alice, survey=survey, users=[world.bob])


def test_reminders_go_once_a_day_to_those_who_have_not_answered(
    survey: Survey, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(by=world.alice, survey=survey, users=[world.bob, world.charlie])
    [bobs_invitation] = Invitation.objects.filter(user=world.bob)
    Response.objects.create(survey=survey, invitation=bobs_invitation, submitted_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(by=world.alice, survey=survey) == 1
    assert [m.to for m in mail.outbox] == [["charlie@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(by=world.alice, survey=survey) == 0  # the same day
    assert len(mail.outbox) == 1
    Invitation.objects.update(reminded_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(by=world.alice, survey=survey) == 1
    survey.refresh_from_db()
    assert survey.reminded_at is not None


def test_a_reminder_carries_a_new_link_that_replaces_the_old(
    survey: Survey, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(by=world.alice, survey=survey, users=[world.bob])
        reminders_send(by=world.alice, survey=survey)
    old, new = tokens_in_mail()
    assert old != new
    assert "replaces the one in earlier e-mails" in mail.outbox[1].body
    assert Client().get(reverse("answer:personal", kwargs={"token": old})).status_code == 404
    assert Client().get(reverse("answer:personal", kwargs={"token": new})).status_code == 200


def test_a_retried_invitation_task_sends_once(
    survey: Survey, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from trinvis.surveys.tasks import send_survey_link

    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = invitations_create(by=world.alice, survey=survey, users=[world.bob])
    assert send_survey_link.call(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_a_closed_survey_invites_and_reminds_nobody(survey: Survey, world: World) -> None:
    survey_close(by=world.alice, survey=survey)
    with pytest.raises(ValidationError):
        invitations_create(by=world.alice, survey=survey, users=[world.bob])
    with pytest.raises(ValidationError):
        reminders_send(by=world.alice, survey=survey)
    survey_reopen(by=world.alice, survey=survey)
    survey.refresh_from_db()
    assert survey.is_open


def test_the_smallest_group_is_at_least_three(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        survey_create(
            by=world.alice,
            questionnaire=make_questionnaire(world.municipality_a),
            organisation=world.municipality_a,
            title="Too small",
            mode=Survey.Mode.PERSONAL,
            minimum_group=2,
        )
    assert "minimum_group" in refused.value.message_dict
