"""The outbox page and the home-page notice: platform administrators only; the page lists
what is waiting or failed with its error, and "retry now" sends it."""

from typing import Any

from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from conftest import World
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.services import message_queue
from trinvis.outbox.tests.test_delivery import RefusingBackend

Status = OutboxMessage.Status
REFUSING = f"{RefusingBackend.__module__}.RefusingBackend"


def _refused(count: int, settings: Any) -> list[OutboxMessage]:
    settings.EMAIL_BACKEND = REFUSING
    rows = [
        message_queue(message=EmailMessage(f"Invitation {n}", "Text", None, [f"p{n}@example.org"]))
        for n in range(count)
    ]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return rows


def test_administrator_sees_failing_messages_with_errors(
    world: World, client_of: Any, settings: Any
) -> None:
    _refused(2, settings)
    page = client_of(world.admin).get(reverse("outbox:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Invitation 1" in html and "p1@example.org" in html
    assert "ConnectionRefusedError: the mail server is down" in html
    assert page.context["counts"].retrying == 2


def test_others_are_refused(world: World, client_of: Any) -> None:
    for person in (world.alice, world.bob, world.fiona):
        assert client_of(person).get(reverse("outbox:list")).status_code == 403
        assert client_of(person).post(reverse("outbox:retry")).status_code == 403


def test_retry_now_sends_one_or_all(world: World, client_of: Any, settings: Any) -> None:
    first, *_others = _refused(3, settings)
    admin = client_of(world.admin)
    answer = admin.post(reverse("outbox:retry"), {"message": str(first.pk)})
    assert answer.status_code == 302
    assert [message.subject for message in mail.outbox] == ["Invitation 0"]
    admin.post(reverse("outbox:retry"))
    assert sorted(message.subject for message in mail.outbox) == [
        "Invitation 0",
        "Invitation 1",
        "Invitation 2",
    ]
    assert not OutboxMessage.objects.exclude(status=Status.SENT).exists()
    assert "All e-mail is sent" in admin.get(reverse("outbox:list")).content.decode()


def test_page_query_count_does_not_grow(
    world: World, client_of: Any, settings: Any, django_assert_max_num_queries: Any
) -> None:
    admin = client_of(world.admin)
    _refused(1, settings)
    admin.get(reverse("outbox:list"))
    with django_assert_max_num_queries(12) as few:
        admin.get(reverse("outbox:list"))
    _refused(30, settings)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin.get(reverse("outbox:list"))


def test_home_page_warns_administrators_only(world: World, client_of: Any, settings: Any) -> None:
    home = reverse("core:home")
    assert "could not be sent" not in client_of(world.admin).get(home).content.decode()
    _refused(2, settings)
    assert "2 e-mails could not be sent" in client_of(world.admin).get(home).content.decode()
    assert "could not be sent" not in client_of(world.alice).get(home).content.decode()
