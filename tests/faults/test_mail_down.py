"""The mail server down (nothing listens on its port) and the disk full (the mail
connection's write fails with ENOSPC, from /dev/full): the person's action still succeeds,
the message waits in the outbox with its error, the administrators see it on the outbox
page and their home page, and once the server answers the sweep sends it exactly once."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from tests.faults.conftest import SmtpServer, smtp_settings
from trinvis.organisations.models import Membership
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.tasks import outbox_sweep
from trinvis.surveys.models import Invitation
from trinvis.surveys.services_responses import invitations_create
from trinvis.surveys.tests.factories_distribution import make_survey

pytestmark = pytest.mark.django_db


def _sweep_later() -> dict[str, int]:
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        return outbox_sweep.call(reschedule=False)


def _admin_sees(client_of: Any, world: World, *texts: str) -> None:
    admin = client_of(world.admin)
    page = admin.get(reverse("outbox:list")).content.decode()
    for text in texts:
        assert text in page
    assert "e-mail could not be sent" in admin.get(reverse("core:home")).content.decode()


def test_an_invitation_made_while_the_mail_server_is_down_goes_once_when_it_is_back(
    world: World,
    client_of: Any,
    smtp: SmtpServer,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    smtp_settings(settings, smtp.port)  # nothing listens there yet
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_of(world.alice).post(
            reverse("organisations:invite", args=[world.municipality_a.pk]),
            {
                "full_name": "Nina New",
                "email": "nina@example.org",
                "organisation": world.team_a.pk,
                "role": Membership.Role.EMPLOYEE,
            },
        )
    assert answer.status_code == 302  # the invitation is made
    assert Membership.objects.filter(user__email="nina@example.org").exists()
    row = OutboxMessage.objects.get(recipient__email="nina@example.org")
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error.startswith("ConnectionRefusedError")
    _admin_sees(client_of, world, "nina@example.org", "ConnectionRefusedError")

    smtp.start()
    assert _sweep_later()["sent"] == 1
    assert _sweep_later()["sent"] == 0
    assert len(smtp.mailbox.messages) == 1
    assert b"nina@example.org" in smtp.mailbox.messages[0]


def test_survey_invitations_sent_on_a_full_disk_go_once_when_there_is_room(
    world: World,
    client_of: Any,
    smtp: SmtpServer,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = "tests.faults.backends.FullDiskBackend"
    survey = make_survey(world.municipality_a)
    with django_capture_on_commit_callbacks(execute=True):
        created = invitations_create(by=world.alice, survey=survey, users=[world.bob])
    assert len(created) == 1
    assert Invitation.objects.get(pk=created[0].pk).sent_at is not None
    row = OutboxMessage.objects.get(recipient=world.bob)
    assert row.status == "pending"
    assert "[Errno 28] No space left on device" in row.last_error
    _admin_sees(client_of, world, "bob@example.org", "No space left on device")

    smtp_settings(settings, smtp.port)
    smtp.start()
    assert _sweep_later()["sent"] == 1
    assert _sweep_later()["sent"] == 0
    assert len(smtp.mailbox.messages) == 1
    assert b"/s/" in smtp.mailbox.messages[0]  # the personal link
