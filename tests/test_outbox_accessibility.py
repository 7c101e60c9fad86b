"""axe-core on the e-mail outbox with failing messages, after "retry now" (the empty state),
and on the administrator's home page with its notice; retrying works without JavaScript."""

from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from playwright.sync_api import expect

from conftest import World
from tests.axe import assert_no_violations
from tests.conftest import OpenAs
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.services import message_queue

pytestmark = pytest.mark.browser


def _two_refused(settings: Any) -> None:
    settings.EMAIL_BACKEND = "trinvis.outbox.tests.test_delivery.RefusingBackend"
    for n in range(2):
        message_queue(message=EmailMessage(f"Invitation {n}", "Text", None, [f"p{n}@example.org"]))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_outbox_with_failures_and_after_retry_passes_axe(
    world: World, open_as: OpenAs, settings: Any
) -> None:
    _two_refused(settings)
    admin = open_as(world.admin)
    admin.goto(reverse("core:home"))
    expect(admin.get_by_text("2 e-mails could not be sent")).to_be_visible()
    assert_no_violations(admin, where="home page with the outbox notice")
    admin.goto(reverse("outbox:list"))
    expect(admin.get_by_text("the mail server is down").first).to_be_visible()
    assert_no_violations(admin, where="outbox with failing messages")
    admin.get_by_role("button", name="Invitation 0").click()
    expect(admin.get_by_text("1 e-mail is being sent again.")).to_be_visible()
    assert_no_violations(admin, where="outbox after one retry")
    admin.get_by_role("button", name="Retry all now").click()
    expect(admin.get_by_text("All e-mail is sent")).to_be_visible()
    assert_no_violations(admin, where="outbox, all sent")


def test_retrying_works_without_javascript(world: World, open_as: OpenAs, settings: Any) -> None:
    _two_refused(settings)
    admin = open_as(world.admin, javascript=False)
    admin.goto(reverse("outbox:list"))
    admin.get_by_role("button", name="Retry all now").click()
    expect(admin.get_by_text("All e-mail is sent")).to_be_visible()
    assert not OutboxMessage.objects.exclude(status="sent").exists()
