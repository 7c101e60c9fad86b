"""Write a programme's letters: save a letter template, send a letter to the municipalities
by e-mail, and send again one that did not go out.

Templates carry a version (optimistic locking): a save sends the version the editor was
opened on (0 for a template not written yet), and a save on top of a newer one raises
`LetterConflict` and writes nothing. A template whose placeholders are unknown, or whose
braces do not close, is refused with the reasons (letters.problems).

Sending checks everything first — a template for every municipality, an address for each,
and that none got the same letter before unless the sender confirms it — and then hands
the mails to the outbox (trinvis/outbox): one e-mail per municipality, each logged as a
Letter with its exact text and linked to its outbox message. The letters and their messages
are written in one transaction, all or none, and nothing waits for the mail server: when
it is down or refuses a mail, the sending still succeeds, the outbox tries again later
with a growing wait, and its page shows administrators what is stuck. The letter shows
its message's state (Letter.state): waiting, sent, or not sent once the outbox has given
up; only then can it be sent again, as a letter of its own.
"""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.outbox.services import message_queue
from trinvis.programmes import letters
from trinvis.programmes.models import AgencyProgramme, Letter, LetterTemplate, Workshop
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.selectors_letters import Draft, last_sent
from trinvis.programmes.workshop_calendar import attachment_name, workshop_calendar

# Letter's foreign keys are the objects the caller already holds; checking that they exist
# would cost a query each per letter.
_RELATIONS = ["programme", "candidate", "workshop", "sent_by"]


class LetterConflict(Exception):
    """Someone saved the template after the editor was opened; nothing was written.
    `current` is their version, None when there is none."""

    def __init__(self, current: LetterTemplate | None) -> None:
        super().__init__("changed since it was opened")
        self.current = current


def _text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def problem_messages(text: str) -> list[str]:
    """What is wrong with a template's text, in words."""
    messages = []
    for problem in letters.problems(text):
        if problem.unclosed:
            messages.append(
                _("A brace opens or closes nothing here: “%(text)s”. Write placeholders as {name}.")
                % {"text": problem.token}
            )
        elif problem.suggestion:
            messages.append(
                _("%(token)s is not a placeholder. Did you mean {%(name)s}?")
                % {"token": problem.token, "name": problem.suggestion}
            )
        else:
            messages.append(
                _("%(token)s is not a placeholder. The list below the form shows those there are.")
                % {"token": problem.token}
            )
    return messages


@transaction.atomic
def template_save(
    *,
    by: User,
    programme: AgencyProgramme,
    kind: str,
    language: str,
    base_version: int,
    subject: str,
    body: str,
) -> LetterTemplate:
    """Write the programme's template of this kind in this language, new (base_version 0)
    or over the version the editor showed."""
    current = (
        LetterTemplate.objects.select_for_update()
        .filter(programme=programme, kind=kind, language=language)
        .first()
    )
    if (current.version if current else 0) != base_version:
        raise LetterConflict(current)
    subject, body = " ".join(subject.split()), _text(body)
    problems = {
        name: messages
        for name, value in (("subject", subject), ("body", body))
        if (messages := problem_messages(value))
    }
    if problems:
        raise ValidationError(problems)
    template = current or LetterTemplate(programme=programme, kind=kind, language=language)
    template.subject, template.body = subject, body
    template.version = base_version + 1
    template.full_clean(exclude=["programme"])
    template.save()
    return template


# --- sending ------------------------------------------------------------------------------------


def _calendar_of(kind: str, workshop: Workshop | None) -> str | None:
    """An invitation carries the workshop's days as a calendar file."""
    if kind != LetterKind.INVITATION or workshop is None:
        return None
    return workshop_calendar(workshop, stamp=timezone.now())


def _queue(letter: Letter, *, calendar: str | None, reply_to: str) -> Letter:
    """Put the letter's mail in the outbox and log the letter with it."""
    message = EmailMessage(
        letter.subject,
        letter.body,
        None,
        [letter.to_email],
        reply_to=[reply_to] if reply_to else None,
    )
    if calendar is not None and letter.workshop is not None:
        message.attach(attachment_name(letter.workshop), calendar, "text/calendar")
    letter.outcome = Letter.Outcome.QUEUED
    letter.message = message_queue(message=message)
    letter.save()
    return letter


@transaction.atomic
def _queue_all(pending: Sequence[Letter], *, calendar: str | None, by: User) -> list[Letter]:
    """All the letters and their mails are kept, or none: a letter is never logged without
    its mail, nor a mail queued for a letter that is not in the log."""
    return [_queue(letter, calendar=calendar, reply_to=by.email) for letter in pending]


def _duplicate_error(sent: Mapping[int, Letter], names: Mapping[int, str]) -> ValidationError:
    when = "; ".join(
        _("%(name)s on %(date)s")
        % {
            "name": names[candidate_id],
            "date": date_format(timezone.localtime(letter.sent_at), "DATETIME_FORMAT"),
        }
        for candidate_id, letter in sent.items()
    )
    return ValidationError(
        {
            "again": [
                _(
                    "This letter was sent before to %(when)s. Nothing is sent yet: tick the box "
                    "to send it again, or leave those municipalities out."
                )
                % {"when": when}
            ]
        },
        code="duplicate",
    )


def _address(value: str, *, field: str, name: str) -> str:
    address = value.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            {field: [_("Give an e-mail address for %(name)s.") % {"name": name}]}
        ) from None
    return address


def letters_send(
    *,
    by: User,
    programme: AgencyProgramme,
    kind: str,
    workshop: Workshop | None,
    drafts: Sequence[Draft],
    addresses: Mapping[int, str],
    again: bool = False,
) -> list[Letter]:
    """Queue each draft for its address (`addresses`: candidate id → e-mail) and log it;
    returns the letters as logged, their mails in the outbox. Nothing is queued when
    anything is missing (a `ValidationError` says what), nor when a municipality got this
    letter before, or has it on its way (the drafts' `sent_before`,
    selectors_letters.drafts_for), and `again` is not set."""
    if kind not in LetterKind.values:
        raise ValidationError({"kind": [_("Choose which letter to send.")]})
    if workshop is not None and workshop.programme_id != programme.pk:
        raise ValidationError({"workshop": [_("Choose a workshop of this programme.")]})
    if kind == LetterKind.INVITATION and workshop is None:
        raise ValidationError({"workshop": [_("Choose the workshop the invitation is for.")]})
    if not drafts:
        raise ValidationError({"municipalities": [_("Choose at least one municipality.")]})
    names = {draft.candidate.pk: str(draft.candidate.area) for draft in drafts}
    pending = []
    for draft in drafts:
        candidate = draft.candidate
        if candidate.programme_id != programme.pk or not candidate.takes_part:
            raise ValidationError(_("Letters go to municipalities taking part in the programme."))
        if draft.language is None:
            raise ValidationError(
                _("%(name)s has no template to be written from: write one first.")
                % {"name": names[candidate.pk]}
            )
        to_email = _address(
            addresses.get(candidate.pk, ""), field=f"to_{candidate.pk}", name=names[candidate.pk]
        )
        letter = Letter(
            programme=programme,
            candidate=candidate,
            workshop=workshop,
            kind=kind,
            language=draft.language,
            to_email=to_email,
            subject=draft.subject,
            body=draft.body,
            outcome=Letter.Outcome.QUEUED,
            sent_by=by,
        )
        letter.full_clean(exclude=_RELATIONS)
        pending.append(letter)
    # The drafts were read in this request with the letters sent before: no second query.
    sent = {draft.candidate.pk: draft.sent_before for draft in drafts if draft.sent_before}
    if sent and not again:
        raise _duplicate_error(sent, names)
    return _queue_all(pending, calendar=_calendar_of(kind, workshop), by=by)


def letter_resend(*, by: User, letter: Letter, to_email: str, again: bool = False) -> Letter:
    """Queue a letter that was not sent (Letter.may_send_again) again, with the same text,
    to `to_email` (the same address or a corrected one); logged as a letter of its own.
    Like a first sending, it asks for `again` when the same letter reached the municipality
    meanwhile, or is on its way there."""
    if not letter.may_send_again:
        if letter.state == Letter.Outcome.QUEUED:
            raise ValidationError(
                _("This letter is waiting to be sent; it is tried again by itself.")
            )
        raise ValidationError(_("This letter was sent; send it again from the letters page."))
    candidate = letter.candidate
    if not candidate.takes_part:
        raise ValidationError(_("Letters go to municipalities taking part in the programme."))
    name = str(candidate.area)
    address = _address(to_email, field="to_email", name=name)
    if not again:
        sent = last_sent(candidate_ids=[candidate.pk], kind=letter.kind, workshop=letter.workshop)
        if sent:
            raise _duplicate_error(sent, {candidate.pk: name})
    retry = Letter(
        programme_id=letter.programme_id,
        candidate=candidate,
        workshop=letter.workshop,
        kind=letter.kind,
        language=letter.language,
        to_email=address,
        subject=letter.subject,
        body=letter.body,
        outcome=Letter.Outcome.QUEUED,
        sent_by=by,
    )
    retry.full_clean(exclude=_RELATIONS)
    return _queue_all([retry], calendar=_calendar_of(letter.kind, letter.workshop), by=by)[0]
