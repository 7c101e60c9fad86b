"""Letters go through the outbox: with the mail server down the facilitator's sending still
succeeds, the letters are logged and shown waiting with the server's error, nothing is shown
as sent; when the server is back the outbox sends each letter once and the log says sent;
when the outbox gives up, the letter is offered to send again. The letters and their mails
are kept all or none."""

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from conftest import World
from trinvis.outbox.models import OutboxMessage
from trinvis.outbox.services import messages_retry
from trinvis.outbox.tasks import outbox_sweep
from trinvis.programmes import services_letters
from trinvis.programmes.models import Candidate, Letter
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.selectors_dashboard import dashboard_rows
from trinvis.programmes.selectors_letters import drafts_for
from trinvis.programmes.tests.factories_letters import (
    CONTACT_A,
    candidate_a_with_contact,
    make_template,
    taking_part,
    workshop_of,
)
from trinvis.programmes.tests.factories_programmes import programme_of

Status = OutboxMessage.Status
DOWN = "ConnectionRefusedError: the mail server is down"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SENT_CELL = "<td>Sent</td>"  # a letter's state in the log, when it went out


class DownBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def server_down(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    settings.TRINVIS_OUTBOX_RETRY_SECONDS = 60


def _two_municipalities(world: World) -> list[Candidate]:
    a = candidate_a_with_contact(world)
    town = taking_part(
        programme_of(world), country="NO", code="5001", name="Town", email="nina@n.example"
    )
    make_template(a.programme, language="da")
    make_template(a.programme, language="en")
    return [a, town]


def _send(world: World, candidates: list[Candidate], *, again: bool = False) -> list[Letter]:
    programme, workshop = candidates[0].programme, workshop_of(world)
    drafts = drafts_for(
        programme=programme,
        kind=LetterKind.INVITATION,
        workshop=workshop,
        candidates=candidates,
        sender=world.fiona,
    )
    return services_letters.letters_send(
        by=world.fiona,
        programme=programme,
        kind=LetterKind.INVITATION,
        workshop=workshop,
        drafts=drafts,
        addresses={draft.candidate.pk: draft.to_email for draft in drafts},
        again=again,
    )


def _letters() -> list[Letter]:
    return list(Letter.objects.select_related("message").order_by("pk"))


def _log(client: Client, programme_id: int) -> tuple[str, str]:
    """The programme's letters page: its html and its text."""
    response = client.get(reverse("programmes:letters", args=[programme_id]))
    assert response.status_code == 200
    html = response.content.decode()
    return html, " ".join(strip_tags(html).split())


def _sent_per_municipality(world: World, candidates: list[Candidate]) -> list[int]:
    """The programme dashboard's count of letters that reached each municipality."""
    rows = dashboard_rows(
        programme=candidates[0].programme, user=world.fiona, today=timezone.localdate()
    )
    sent = {row.candidate.pk: row.letters_sent for row in rows}
    return [sent[candidate.pk] for candidate in candidates]


def _resend_url(letter: Letter) -> str:
    return reverse("programmes:letter_resend", args=[letter.pk])


def _later(minutes: int) -> Any:
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes))


def test_with_the_server_down_the_letters_wait_and_go_once_when_it_is_back(
    world: World, client_of, server_down: None, settings: Any
) -> None:
    candidates = _two_municipalities(world)
    fiona = client_of(world.fiona)
    preview = fiona.get(
        reverse("programmes:letters_send", args=[candidates[0].programme_id]),
        {
            "step": "preview",
            "kind": LetterKind.INVITATION,
            "workshop": workshop_of(world).pk,
            "municipalities": [candidate.pk for candidate in candidates],
        },
    )
    response = fiona.post(
        preview.request["PATH_INFO"],
        {
            "kind": LetterKind.INVITATION,
            "workshop": workshop_of(world).pk,
            "municipalities": [candidate.pk for candidate in candidates],
            "fingerprint": preview.context["form"]["fingerprint"].value(),
        },
        follow=True,
    )
    assert response.status_code == 200  # the facilitator's sending succeeded
    assert "2 letters are queued and will be sent in a moment." in response.content.decode()
    letters = _letters()
    assert [letter.to_email for letter in letters] == [CONTACT_A, "nina@n.example"]
    for letter in letters:
        assert letter.message is not None
        assert (letter.message.status, letter.message.attempts) == (Status.PENDING, 1)
        assert letter.message.last_error == DOWN
        assert (letter.state, letter.problem, letter.may_send_again) == ("queued", DOWN, False)
        assert letter.message.attachments[0]["filename"] == "workshop-1.ics"
        assert letter.message.reply_to == ["fiona@example.org"]
    assert not mail.outbox
    html, text = _log(fiona, candidates[0].programme_id)
    assert text.count(f"Sending again later: {DOWN}") == 2
    assert "Waiting to be sent" not in text and "Not sent" not in text
    assert SENT_CELL not in html  # nothing shown as sent
    assert all(_resend_url(letter) not in html for letter in letters)
    detail = fiona.get(reverse("programmes:letter", args=[letters[0].pk])).content.decode()
    assert f"Sending again later: {DOWN}" in " ".join(strip_tags(detail).split())
    assert "Send again" not in detail
    # A letter still waiting is not sent again from the log, nor by the service.
    refused = fiona.post(_resend_url(letters[0]), {"to_email": CONTACT_A}, follow=True)
    assert "This letter is waiting to be sent" in refused.content.decode()
    with pytest.raises(ValidationError):
        services_letters.letter_resend(by=world.fiona, letter=letters[0], to_email=CONTACT_A)
    # A letter on its way counts as sent before: a second sending asks first.
    with pytest.raises(ValidationError) as duplicate:
        _send(world, candidates)
    assert "again" in duplicate.value.message_dict
    assert Letter.objects.count() == 2 and OutboxMessage.objects.count() == 2
    # Nothing counted as sent meanwhile.
    assert _sent_per_municipality(world, candidates) == [0, 0]

    settings.EMAIL_BACKEND = LOCMEM
    assert outbox_sweep.call(reschedule=False)["sent"] == 0  # not due yet
    with _later(2):
        assert outbox_sweep.call(reschedule=False)["sent"] == 2
    with _later(60 * 24):
        assert outbox_sweep.call(reschedule=False)["sent"] == 0
    assert sorted(message.to[0] for message in mail.outbox) == [CONTACT_A, "nina@n.example"]
    assert all(message.attachments for message in mail.outbox)
    letters = _letters()
    assert [(letter.state, letter.problem) for letter in letters] == [("sent", "")] * 2
    assert all(letter.message and letter.message.attempts == 2 for letter in letters)
    html, text = _log(fiona, candidates[0].programme_id)
    assert "Sending again later" not in text and "Not sent" not in text
    assert html.count(SENT_CELL) == 2
    assert all(_resend_url(letter) not in html for letter in letters)
    assert _sent_per_municipality(world, candidates) == [1, 1]


def test_after_the_outbox_gives_up_the_letter_is_sent_again(
    world: World, client_of, server_down: None, settings: Any
) -> None:
    settings.TRINVIS_OUTBOX_MAX_ATTEMPTS = 2
    a = _two_municipalities(world)[0]
    (letter,) = _send(world, [a])
    with _later(5):
        outbox_sweep.call(reschedule=False)
    letter = Letter.objects.select_related("message").get(pk=letter.pk)
    assert letter.message is not None and letter.message.status == Status.FAILED
    assert (letter.state, letter.problem, letter.may_send_again) == ("failed", DOWN, True)
    fiona = client_of(world.fiona)
    html, text = _log(fiona, a.programme_id)
    assert f"Not sent: {DOWN}" in text and _resend_url(letter) in html
    detail = fiona.get(reverse("programmes:letter", args=[letter.pk])).content.decode()
    assert _resend_url(letter) in detail

    settings.EMAIL_BACKEND = LOCMEM
    response = fiona.post(_resend_url(letter), {"to_email": CONTACT_A}, follow=True)
    assert response.status_code == 200
    assert "The letter is queued and will be sent in a moment." in response.content.decode()
    retry = Letter.objects.select_related("message").exclude(pk=letter.pk).get()
    assert (retry.state, retry.to_email, retry.body) == ("sent", CONTACT_A, letter.body)
    (sent,) = mail.outbox
    assert sent.attachments[0][0] == "workshop-1.ics" and sent.reply_to == ["fiona@example.org"]
    # The failed attempt stays in the log as not sent, and the outbox does not send it too.
    letter.refresh_from_db()
    assert letter.state == "failed"
    with _later(60 * 24):
        assert outbox_sweep.call(reschedule=False)["sent"] == 0
    assert len(mail.outbox) == 1
    # Sending it a third time asks first: the letter reached the municipality.
    with pytest.raises(ValidationError) as duplicate:
        services_letters.letter_resend(by=world.fiona, letter=letter, to_email=CONTACT_A)
    assert "again" in duplicate.value.message_dict


def test_an_administrator_retrying_the_outbox_sends_the_letter(
    world: World, server_down: None, settings: Any
) -> None:
    settings.TRINVIS_OUTBOX_MAX_ATTEMPTS = 1
    (letter,) = _send(world, [_two_municipalities(world)[0]])
    assert Letter.objects.select_related("message").get(pk=letter.pk).state == "failed"
    settings.EMAIL_BACKEND = LOCMEM
    assert messages_retry() == 1
    assert Letter.objects.select_related("message").get(pk=letter.pk).state == "sent"
    assert len(mail.outbox) == 1


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_sending_does_not_wait_for_the_mail_server(world: World, database_tasks: None) -> None:
    letters = _send(world, _two_municipalities(world))
    assert not mail.outbox  # a worker sends them
    assert [letter.state for letter in _letters()] == ["queued", "queued"]
    assert {letter.message.status for letter in letters if letter.message} == {Status.PENDING}


def test_the_letters_and_their_mails_are_kept_all_or_none(
    world: World, database_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_tasks_db.models import DBTaskResult

    queue = services_letters.message_queue
    calls: list[int] = []

    def breaks_on_the_second(**kwargs: Any) -> OutboxMessage:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return queue(**kwargs)

    monkeypatch.setattr(services_letters, "message_queue", breaks_on_the_second)
    with pytest.raises(OSError, match="No space left"):
        _send(world, _two_municipalities(world))
    assert len(calls) == 2
    assert not Letter.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not mail.outbox
