"""The letters of an agency programme: templates per kind and language with their defaults,
unknown placeholders refused and conflicts caught; the preview in each municipality's
language with the fallback to English; sending one e-mail per municipality with the
workshop's calendar file through the outbox, logged with its exact text; a refused mail
tried again by the outbox and, once it gave up, sent again from the log; a second sending
confirmed first; what the municipality's members read; and the sending's query count.
The mail server down is in test_letters_outbox.py."""

import smtplib
from collections.abc import Sequence
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from conftest import World
from trinvis.learning.ics import unfold
from trinvis.outbox.models import OutboxMessage
from trinvis.programmes.letter_defaults import default_for
from trinvis.programmes.models import Candidate, Letter, LetterTemplate, Workshop
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.tests.factories_letters import (
    CONTACT_A,
    candidate_a_with_contact,
    failed_letter_of,
    letter_of,
    letter_to_suggested_of,
    make_letter,
    make_template,
    taking_part,
    workshop_of,
)
from trinvis.programmes.tests.factories_programmes import programme_of
from trinvis.programmes.tests.factories_workshops import add_line
from trinvis.programmes.workshop_calendar import workshop_calendar

INVITATION = LetterKind.INVITATION
CHIEF_EXECUTIVE = LetterKind.CHIEF_EXECUTIVE


class RefusingBackend(locmem.EmailBackend):
    """The test outbox, except that the server refuses every address with "refuse" in it."""

    def send_messages(self, messages: Sequence[Any]) -> int:
        for message in messages:
            if any("refuse" in address for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"


@pytest.fixture
def database_tasks(settings: Any) -> None:
    """Tasks queued in the database for a worker, as in production: nothing is sent in the
    request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _html(client: Client, url: str, params: dict[str, Any] | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _send_url(candidate_or_programme: Any) -> str:
    programme_id = getattr(candidate_or_programme, "programme_id", candidate_or_programme.pk)
    return reverse("programmes:letters_send", args=[programme_id])


def _choice(
    kind: str, candidates: Sequence[Candidate], workshop: Workshop | None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "workshop": workshop.pk if workshop else "",
        "municipalities": [candidate.pk for candidate in candidates],
    }


def _preview(
    client: Client, kind: str, candidates: Sequence[Candidate], workshop: Workshop | None = None
) -> Any:
    response = client.get(
        _send_url(candidates[0]), {"step": "preview", **_choice(kind, candidates, workshop)}
    )
    assert response.status_code == 200
    return response


def _send(
    client: Client,
    kind: str,
    candidates: Sequence[Candidate],
    workshop: Workshop | None = None,
    extra: dict[str, str] | None = None,
) -> Any:
    """Preview, then send what was previewed (with `extra` in the form)."""
    preview = _preview(client, kind, candidates, workshop)
    fingerprint = preview.context["form"]["fingerprint"].value()
    data = {**_choice(kind, candidates, workshop), "fingerprint": fingerprint, **(extra or {})}
    return client.post(_send_url(candidates[0]), data)


def _norwegian(world: World, code: str = "5001", email: str = "nina@n.example") -> Candidate:
    return taking_part(
        programme_of(world),
        country="NO",
        code=code,
        name=f"Town {code}",
        email=email,
        contact="Nina",
    )


# --- the letters page and the templates ---------------------------------------------------------


def test_the_page_offers_every_template_and_the_default_where_missing(
    world: World, client_of
) -> None:
    programme = programme_of(world)
    make_template(programme, kind=INVITATION, language="da", subject="Kom til workshop")
    html = _html(client_of(world.fiona), reverse("programmes:letters", args=[programme.pk]))
    assert "Kom til workshop" in html
    assert html.count("Start from the default") == 5
    assert reverse("programmes:letters_send", args=[programme.pk]) in html


def test_the_editor_starts_from_the_default_and_saves(world: World, client_of) -> None:
    programme = programme_of(world)
    fiona = client_of(world.fiona)
    url = reverse("programmes:letter_template", args=[programme.pk, INVITATION, "nb"])
    empty = fiona.get(url)
    assert empty.context["form"]["body"].value() is None
    assert "Start from the default" in empty.content.decode()
    started = fiona.get(url, {"start": "default"})
    default = default_for(INVITATION, "nb")
    assert started.context["form"]["body"].value() == default.body
    response = fiona.post(
        url, {"base_version": "0", "subject": default.subject, "body": default.body + "\r\n"}
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get(programme=programme, kind=INVITATION, language="nb")
    assert (template.version, template.body) == (1, default.body)
    fiona.post(url, {"base_version": "1", "subject": "Ny {programme}", "body": "Hei {contact}"})
    template.refresh_from_db()
    assert (template.version, template.subject) == (2, "Ny {programme}")


def test_unknown_placeholders_are_refused_with_a_suggestion(world: World, client_of) -> None:
    programme = programme_of(world)
    url = reverse("programmes:letter_template", args=[programme.pk, CHIEF_EXECUTIVE, "en"])
    response = client_of(world.fiona).post(
        url, {"base_version": "0", "subject": "About {programme", "body": "Dear {Contact}, {x}"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "A brace opens or closes nothing" in errors["subject"][0]
    assert errors["body"] == [
        "{Contact} is not a placeholder. Did you mean {contact}?",
        "{x} is not a placeholder. The list below the form shows those there are.",
    ]
    assert not LetterTemplate.objects.exists()


def test_a_template_saved_meanwhile_is_a_conflict(world: World, client_of) -> None:
    programme = programme_of(world)
    url = reverse("programmes:letter_template", args=[programme.pk, INVITATION, "en"])
    make_template(programme, subject="Theirs")
    response = client_of(world.fiona).post(
        url, {"base_version": "0", "subject": "Mine", "body": "Hello {contact}"}
    )
    assert response.status_code == 200
    assert "Someone else saved the template" in response.content.decode()
    assert response.context["form"]["base_version"].value() == "1"
    assert LetterTemplate.objects.get().subject == "Theirs"


def test_unknown_kinds_and_languages_are_not_found(world: World, client_of) -> None:
    programme = programme_of(world)
    fiona = client_of(world.fiona)
    for kind, language in (("memo", "da"), (INVITATION, "sv")):
        url = reverse("programmes:letter_template", args=[programme.pk, kind, language])
        assert fiona.get(url).status_code == 404


# --- the preview ---------------------------------------------------------------------------------


def test_each_municipality_reads_its_letter_in_its_language(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    town = _norwegian(world)
    workshop = workshop_of(world)
    make_template(a.programme, language="da")
    make_template(a.programme, language="en")
    response = _preview(client_of(world.fiona), INVITATION, [a, town], workshop)
    drafts = {draft.candidate.pk: draft for draft, _address in response.context["previews"]}
    danish, english = drafts[a.pk], drafts[town.pk]
    assert (danish.language, danish.fallback) == ("da", False)
    assert "Kære Carla Contact" in danish.body
    assert "10. marts 2027 – 11. marts 2027" in danish.body
    assert "20. februar 2027" in danish.body
    assert danish.subject == "Invitation: Qualification first, 10. marts 2027 – 11. marts 2027"
    assert (english.language, english.fallback) == ("en", True)
    assert "Dear Nina," in english.body and "March 10, 2027" in english.body
    assert "Fiona Facilitator\nAgency" in english.body
    html = response.content.decode()
    assert "Written in English: the programme has no template of this letter in Norwegian" in html
    assert "workshop-1.ics" in html
    assert danish.empty == english.empty == ()


def test_the_preview_names_placeholders_left_empty(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    make_template(a.programme, kind=CHIEF_EXECUTIVE, language="da")
    response = _preview(client_of(world.fiona), CHIEF_EXECUTIVE, [a])
    ((draft, address),) = response.context["previews"]
    assert draft.empty == ("place", "dates")
    assert address.value() == CONTACT_A
    assert "Filled in with nothing:" in response.content.decode()


def test_without_a_template_nothing_can_be_sent(world: World, client_of) -> None:
    town = _norwegian(world)
    make_template(town.programme, language="da")
    response = _preview(client_of(world.fiona), INVITATION, [town], workshop_of(world))
    html = response.content.decode()
    assert "Nothing to send: the programme has this letter neither in Norwegian" in html
    assert not response.context["ready"]
    assert "Send 1 letter" not in html


def test_an_invitation_needs_a_workshop(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    response = _preview(client_of(world.fiona), INVITATION, [a])
    assert response.context["choose"].errors["workshop"] == [
        "Choose the workshop the invitation is for."
    ]
    assert "form" not in response.context


def test_first_visit_ticks_the_municipalities_with_a_contact_e_mail(
    world: World, client_of
) -> None:
    a = candidate_a_with_contact(world)
    town = _norwegian(world, email="")
    response = client_of(world.fiona).get(_send_url(a), {"kind": INVITATION})
    choose = response.context["choose"]
    assert choose.initial["municipalities"] == [a.pk]
    assert choose.initial["kind"] == INVITATION
    assert f"{town.area} (no contact e-mail)" in response.content.decode()


# --- sending --------------------------------------------------------------------------------------


def test_an_invitation_goes_to_each_contact_with_the_calendar_file(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    town = _norwegian(world)
    workshop = workshop_of(world)
    add_line(workshop, at="09:00", minutes=60)
    add_line(workshop, activity="Close", at="15:00", minutes=30)
    make_template(a.programme, language="da")
    make_template(a.programme, language="en")
    fiona = client_of(world.fiona)
    response = _send(fiona, INVITATION, [a, town], workshop)
    assert response.status_code == 302
    assert response["Location"].endswith("#log")
    page = _html(fiona, response["Location"])
    assert "2 letters are queued and will be sent in a moment." in page
    # The test settings run the outbox's delivery at once.
    assert [message.to for message in mail.outbox] == [[CONTACT_A], ["nina@n.example"]]
    danish = mail.outbox[0]
    assert danish.reply_to == ["fiona@example.org"]
    assert danish.subject.startswith("Invitation: Qualification first, 10. marts 2027")
    ((name, content, mimetype),) = danish.attachments
    assert (name, mimetype) == ("workshop-1.ics", "text/calendar")
    lines = unfold(content)
    assert "DTSTART:20270310T080000Z" in lines  # 09:00 in Copenhagen
    assert "DTEND:20270310T143000Z" in lines  # 15:30
    assert "DTSTART;VALUE=DATE:20270311" in lines  # day 2 has no run sheet yet
    letter = Letter.objects.select_related("message").get(candidate=a)
    assert letter.message is not None and letter.message.status == OutboxMessage.Status.SENT
    assert (letter.state, letter.language, letter.workshop, letter.sent_by) == (
        Letter.Outcome.SENT,
        "da",
        workshop,
        world.fiona,
    )
    assert (letter.subject, letter.body, letter.to_email) == (
        danish.subject,
        danish.body,
        CONTACT_A,
    )
    assert Letter.objects.get(candidate=town).language == "en"


def test_the_chief_executive_letter_goes_to_the_address_typed(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    make_template(a.programme, kind=CHIEF_EXECUTIVE, language="da")
    fiona = client_of(world.fiona)
    empty = _send(fiona, CHIEF_EXECUTIVE, [a], extra={f"to_{a.pk}": ""})
    assert empty.status_code == 200 and not mail.outbox
    response = _send(fiona, CHIEF_EXECUTIVE, [a], extra={f"to_{a.pk}": "chief@a.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["chief@a.example"] and not message.attachments
    assert message.body.startswith("Kære kommunaldirektør")
    assert Letter.objects.get().to_email == "chief@a.example"


def test_an_invitation_without_a_contact_e_mail_is_not_sent(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    town = _norwegian(world, email="")
    make_template(a.programme, language="en")
    response = _send(client_of(world.fiona), INVITATION, [a, town], workshop_of(world))
    assert response.status_code == 200
    assert not response.context["ready"]
    assert "No contact e-mail." in response.content.decode()
    assert not mail.outbox and not Letter.objects.exists()


def test_a_refused_mail_waits_in_the_outbox_and_the_others_still_go(
    world: World, client_of, refusing: None
) -> None:
    a = candidate_a_with_contact(world)
    town = _norwegian(world, email="refuse@n.example")
    make_template(a.programme, language="en")
    response = _send(client_of(world.fiona), INVITATION, [a, town], workshop_of(world))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[CONTACT_A]]
    refused = Letter.objects.select_related("message").get(candidate=town)
    assert refused.state == Letter.Outcome.QUEUED and not refused.may_send_again
    assert refused.message is not None and "mailbox unavailable" in refused.message.last_error
    assert refused.body.startswith("Dear Nina,")
    log = _html(client_of(world.fiona), reverse("programmes:letters", args=[a.programme_id]))
    assert "Sending again later: SMTPRecipientsRefused" in strip_tags(log)
    assert reverse("programmes:letter_resend", args=[refused.pk]) not in log


def test_a_mail_the_outbox_gave_up_on_is_offered_to_send_again(
    world: World, client_of, refusing: None, settings: Any
) -> None:
    settings.TRINVIS_OUTBOX_MAX_ATTEMPTS = 1
    a = candidate_a_with_contact(world)
    town = _norwegian(world, email="refuse@n.example")
    make_template(a.programme, language="en")
    _send(client_of(world.fiona), INVITATION, [a, town], workshop_of(world))
    failed = Letter.objects.select_related("message").get(candidate=town)
    assert failed.state == Letter.Outcome.FAILED and failed.may_send_again
    assert Letter.objects.select_related("message").get(candidate=a).state == "sent"
    log = _html(client_of(world.fiona), reverse("programmes:letters", args=[a.programme_id]))
    assert "Not sent: SMTPRecipientsRefused" in strip_tags(log)
    assert reverse("programmes:letter_resend", args=[failed.pk]) in log


def test_a_refused_letter_is_sent_again_to_a_corrected_address(
    world: World, client_of, refusing: None, settings: Any
) -> None:
    settings.TRINVIS_OUTBOX_MAX_ATTEMPTS = 1  # the outbox gives up at the first refusal
    # A letter logged as not sent before letters went through the outbox: no message.
    failed = make_letter(
        _norwegian(world), outcome=Letter.Outcome.FAILED, to_email="refuse@n.example"
    )
    fiona = client_of(world.fiona)
    url = reverse("programmes:letter_resend", args=[failed.pk])
    assert fiona.get(url).context["form"]["to_email"].value() == "refuse@n.example"
    again = fiona.post(url, {"to_email": "refuse@n.example"})
    assert again.status_code == 302
    refused_again = Letter.objects.select_related("message").exclude(pk=failed.pk).get()
    assert refused_again.state == Letter.Outcome.FAILED and refused_again.may_send_again
    response = fiona.post(url, {"to_email": "nina@n.example"})
    retry = Letter.objects.get(message__status=OutboxMessage.Status.SENT)
    assert response["Location"] == reverse("programmes:letter", args=[retry.pk])
    assert "The letter is queued and will be sent in a moment." in _html(
        fiona, response["Location"]
    )
    assert (retry.body, retry.subject, retry.to_email) == (
        failed.body,
        failed.subject,
        "nina@n.example",
    )
    (message,) = mail.outbox
    assert message.body == failed.body
    # The letter reached the municipality: no second sending without a confirmation.
    refused = fiona.post(url, {"to_email": "nina@n.example"})
    assert refused.status_code == 200
    assert "This letter was sent before" in refused.content.decode()
    assert len(mail.outbox) == 1


def test_a_sent_letter_has_nothing_to_send_again(world: World, client_of) -> None:
    letter = letter_of(world)
    response = client_of(world.fiona).post(
        reverse("programmes:letter_resend", args=[letter.pk]), {"to_email": CONTACT_A}
    )
    assert response["Location"] == reverse("programmes:letter", args=[letter.pk])
    assert not mail.outbox


def test_sending_the_same_letter_again_asks_first(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    workshop = workshop_of(world)
    make_template(a.programme, language="da")
    fiona = client_of(world.fiona)
    _send(fiona, INVITATION, [a], workshop)
    preview = _preview(fiona, INVITATION, [a], workshop)
    assert "Sent before:" in preview.content.decode()
    response = _send(fiona, INVITATION, [a], workshop)
    assert response.status_code == 200
    error = response.context["form"].errors["again"][0]
    assert error.startswith("This letter was sent before to Municipality A on ")
    assert len(mail.outbox) == 1
    confirmed = _send(fiona, INVITATION, [a], workshop, extra={"again": "on"})
    assert confirmed.status_code == 302
    assert len(mail.outbox) == 2
    # Another kind of letter is not the same letter.
    make_template(a.programme, kind=CHIEF_EXECUTIVE, language="da")
    other = _send(fiona, CHIEF_EXECUTIVE, [a], workshop, {f"to_{a.pk}": "chief@a.example"})
    assert other.status_code == 302


def test_a_change_after_the_preview_is_shown_before_sending(world: World, client_of) -> None:
    a = candidate_a_with_contact(world)
    workshop = workshop_of(world)
    template = make_template(a.programme, language="da")
    fiona = client_of(world.fiona)
    preview = _preview(fiona, INVITATION, [a], workshop)
    fingerprint = preview.context["form"]["fingerprint"].value()
    LetterTemplate.objects.filter(pk=template.pk).update(body="Ny tekst til {contact}")
    data = {**_choice(INVITATION, [a], workshop), "fingerprint": fingerprint}
    response = fiona.post(_send_url(a), data)
    assert response.status_code == 200
    assert "The letters changed since you read them" in response.content.decode()
    assert not mail.outbox
    ((draft, _address),) = response.context["previews"]
    assert draft.body == "Ny tekst til Carla Contact"
    data["fingerprint"] = response.context["form"]["fingerprint"].value()
    assert fiona.post(_send_url(a), data).status_code == 302
    assert mail.outbox[0].body == "Ny tekst til Carla Contact"


def test_letters_go_only_to_municipalities_taking_part(world: World, client_of) -> None:
    programme = programme_of(world)
    suggested = Candidate.objects.get(programme=programme, status=Candidate.Status.SUGGESTED)
    make_template(programme, kind=CHIEF_EXECUTIVE, language="da")
    data = {
        **_choice(CHIEF_EXECUTIVE, [suggested], None),
        "fingerprint": "x",
        f"to_{suggested.pk}": "c@c.dk",
    }
    response = client_of(world.fiona).post(_send_url(suggested), data)
    assert response.status_code == 200
    assert "municipalities" in response.context["choose"].errors
    assert not mail.outbox


# The queries one more letter costs, with the database task backend (the delivery runs
# in a worker): the letter's insert, and the outbox's work for its mail: the lookup of the
# addressee's account, the message's insert, its delivery task's insert, the check for a
# waiting sweep, and the savepoint around them.
PER_LETTER = 7


def _send_queries(client: Client, candidates: Sequence[Candidate], workshop: Workshop) -> int:
    preview = _preview(client, INVITATION, candidates, workshop)
    data = {
        **_choice(INVITATION, candidates, workshop),
        "fingerprint": preview.context["form"]["fingerprint"].value(),
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_send_url(candidates[0]), data)
    assert response.status_code == 302
    return len(queries)


def test_sending_takes_a_fixed_number_of_queries_and_a_few_per_letter(
    world: World, client_of, database_tasks: None
) -> None:
    a = candidate_a_with_contact(world)
    workshop = workshop_of(world)
    make_template(a.programme, language="da")
    make_template(a.programme, language="en")
    fiona = client_of(world.fiona)
    one = _send_queries(fiona, [a], workshop)
    many = [_norwegian(world, code=str(5001 + n), email=f"n{n}@n.example") for n in range(5)]
    five = _send_queries(fiona, many, workshop)
    assert five - one <= 4 * PER_LETTER, (one, five)
    # The session, the access checks, the choice, the templates, the letters sent before,
    # the run sheet; the transaction's savepoint, the one letter, and the outbox's sweep.
    assert one <= 13 + PER_LETTER, one
    assert Letter.objects.count() == 6


# --- reading --------------------------------------------------------------------------------------


def test_the_municipality_reads_its_own_letters_only(world: World, client_of) -> None:
    letter = letter_of(world)
    failed = failed_letter_of(world)
    other = letter_to_suggested_of(world)
    alice = client_of(world.alice)
    html = _html(alice, reverse("programmes:letters", args=[letter.programme_id]))
    assert "Letters to your municipality" in html
    assert reverse("programmes:letter", args=[letter.pk]) in html
    assert reverse("programmes:letter", args=[other.pk]) not in html
    assert "Start from the default" not in html
    assert reverse("programmes:letter_resend", args=[failed.pk]) not in html
    page = _html(alice, reverse("programmes:letter", args=[failed.pk]))
    assert "You are invited." in page
    assert "550 mailbox unavailable" not in page and "Send again" not in page
    assert alice.get(reverse("programmes:letter", args=[other.pk])).status_code == 404
    assert alice.get(_send_url(letter.programme)).status_code == 403
    assert alice.post(reverse("programmes:letter_resend", args=[failed.pk]), {}).status_code == 403


def test_the_municipality_log_lists_date_kind_outcome_and_text(world: World, client_of) -> None:
    letter = letter_of(world)
    failed = failed_letter_of(world)
    url = reverse("programmes:candidate_letters", args=[letter.candidate_id])
    html = _html(client_of(world.fiona), url)
    assert "Invitation to a workshop: Workshop 1" in html
    assert "Letter to the chief executive" in html
    assert "Not sent" in html and "Sent" in html
    assert reverse("programmes:letter", args=[letter.pk]) in html
    assert reverse("programmes:letter_resend", args=[failed.pk]) in html
    page = _html(client_of(world.fiona), reverse("programmes:letter", args=[failed.pk]))
    assert "550 mailbox unavailable" in page


def test_the_log_takes_a_fixed_number_of_queries(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    letter = letter_of(world)
    fiona = client_of(world.fiona)
    url = reverse("programmes:letters", args=[letter.programme_id])
    with CaptureQueriesContext(connection) as few:
        fiona.get(url)
    one = len(few)  # a request resets the log of queries `few` reads from
    make_template(letter.programme, language="en")
    towns = [_norwegian(world, code=str(5001 + n), email=f"n{n}@n.example") for n in range(5)]
    _send(fiona, INVITATION, towns, letter.workshop)  # letters with their outbox messages
    assert Letter.objects.filter(message__isnull=False).count() == 5
    with django_assert_max_num_queries(one):
        html = _html(fiona, url)
    assert html.count("n0@n.example") == 1


# --- the calendar file ----------------------------------------------------------------------------


def test_the_calendar_has_a_timed_event_per_planned_day(world: World) -> None:
    workshop = workshop_of(world)
    add_line(workshop, day=2, at="10:00", minutes=90)
    lines = unfold(workshop_calendar(workshop, stamp=timezone.now()))
    assert lines.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20270310" in lines
    assert "DTSTART:20270311T090000Z" in lines and "DTEND:20270311T103000Z" in lines
    assert f"UID:programme-workshop-{workshop.pk}-day-2@127.0.0.1" in lines
    assert "SUMMARY:Workshop 1 – Qualification first (2/2)" in lines
    assert "LOCATION:Town hall" in lines
