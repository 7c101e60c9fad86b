"""Writes of distribution and answering: surveys, invitations, reminders and responses.

Personal links. An invitation's link carries a random token (`secrets.token_urlsafe`);
only its SHA-256 is stored. The token is made by the e-mail task itself, at the moment it
sends (tasks.py), so the raw token never sits in the database, not even in the task
queue's arguments. Because it cannot be read back, every e-mail carries a fresh token:
a reminder's link replaces the one sent before (the answers saved so far stay, they belong
to the invitation, not the link).

Responses. A personal response is one-to-one with its invitation and is written under a
lock on the invitation row; an open-link response is found by the random `form_key` the
form was first shown with (unique per survey). So double clicks, retries and concurrent
submits store exactly one response, and a submitted response never changes again.
"""

import datetime
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys import housekeeping, tasks
from trinvis.surveys.forms import AnswerPlan, AnswerValue, schedule_errors, settings_fingerprint
from trinvis.surveys.models import (
    Answer,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Survey,
    SurveyTally,
)
from trinvis.surveys.tasks import new_token, token_hash
from trinvis.surveys.xlsform import QuestionType

REMINDER_INTERVAL = datetime.timedelta(days=1)


class SurveyClosed(Exception):
    """The survey no longer takes answers."""


class ResponseAlreadySubmitted(Exception):
    """The response was submitted before; it does not change again."""


class ResponseIncomplete(Exception):
    """A required question that applies has no answer; `page` is the first such page."""

    def __init__(self, page: int) -> None:
        super().__init__(page)
        self.page = page


# --- surveys ---------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    by: Any,
    questionnaire: Questionnaire,
    organisation: Organisation,
    title: str,
    mode: str,
    wave: str = "",
    deadline: Any = None,
    minimum_group: int = 5,
    retention_days: int | None = None,
    remind_days_before: int | None = None,
) -> Survey:
    survey = Survey(
        questionnaire=questionnaire,
        organisation=organisation,
        title=title,
        wave=wave,
        mode=mode,
        open_token=new_token() if mode == Survey.Mode.OPEN else "",
        deadline=deadline,
        minimum_group=minimum_group,
        retention_days=retention_days,
        remind_days_before=remind_days_before,
        opened_by=by if getattr(by, "is_authenticated", False) else None,
    )
    survey.full_clean()
    survey.save()
    transaction.on_commit(lambda: housekeeping.schedule_housekeeping(survey))
    return survey


@transaction.atomic
def survey_close(*, by: Any, survey: Survey) -> Survey:
    if survey.closed_at is None:
        survey.closed_at = timezone.now()
        survey.save(update_fields=["closed_at"])
        # Its retention period now has an end: the housekeeping deletes the answers then.
        transaction.on_commit(lambda: housekeeping.schedule_housekeeping(survey))
    return survey


@transaction.atomic
def survey_reopen(*, by: Any, survey: Survey) -> Survey:
    if survey.purged_at is not None:
        raise ValidationError(_("The answers of this survey have been deleted; it stays closed."))
    if housekeeping.survey_unlinked(survey):
        # Nobody's answer is tied to them any more: reopened, everyone could answer again.
        raise ValidationError(
            _("The answers of this survey are no longer tied to people; it stays closed.")
        )
    if survey.deadline is not None and survey.deadline < timezone.localdate():
        # The housekeeping would close it again within the hour.
        raise ValidationError(
            _("The deadline has passed. Move it in the survey's settings to reopen the survey.")
        )
    if survey.closed_at is not None:
        survey.closed_at = None
        survey.save(update_fields=["closed_at"])
    return survey


class SettingsChanged(Exception):
    """Someone changed the survey's settings since the form was shown; `survey` has the
    values now stored."""

    def __init__(self, survey: Survey) -> None:
        super().__init__(survey.pk)
        self.survey = survey


@transaction.atomic
def survey_settings_update(
    *,
    by: Any,
    survey: Survey,
    base: str,
    deadline: datetime.date | None,
    remind_days_before: int | None,
    retention_days: int | None,
    minimum_group: int,
) -> Survey:
    """Change the dates, the retention and the smallest group shown. `base`: the settings
    the change was made on (forms.settings_fingerprint); other values stored meanwhile raise
    SettingsChanged and nothing is saved. Once the answers are deleted only the smallest
    group shown may change (never below 3, as always)."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if settings_fingerprint(locked) != base:
        raise SettingsChanged(locked)
    changes: dict[str, Any] = {
        "deadline": deadline,
        "remind_days_before": remind_days_before,
        "retention_days": retention_days,
        "minimum_group": minimum_group,
    }
    if locked.purged_at is not None and any(
        changes[name] != getattr(locked, name)
        for name in ("deadline", "remind_days_before", "retention_days")
    ):
        raise ValidationError(
            _("The answers are deleted: only the smallest group shown can still change.")
        )
    problems = schedule_errors(
        mode=locked.mode,
        deadline=deadline,
        remind_days_before=remind_days_before,
        was=locked,
    )
    if problems:
        raise ValidationError(problems)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=list(changes))
    transaction.on_commit(lambda: housekeeping.schedule_housekeeping(locked))
    return locked


# --- invitations and reminders ---------------------------------------------------------------


def users_by_email(emails: Iterable[str]) -> tuple[list[User], list[str]]:
    """The active users with these e-mail addresses, and the addresses nobody has."""
    wanted = {email.lower(): email for email in emails}
    if not wanted:
        return [], []
    query = Q()
    for email in wanted:
        query |= Q(email__iexact=email)
    users = list(User.objects.filter(query, is_active=True))
    known = {user.email.lower() for user in users}
    return users, [email for lower, email in wanted.items() if lower not in known]


@transaction.atomic
def invitations_create(
    *, by: Any, survey: Survey, users: Iterable[User], emails: Collection[str] = ()
) -> list[Invitation]:
    """Invite people (and the active users with the given e-mail addresses); returns the new
    invitations, whose e-mails go out after the commit. People already invited are skipped.
    An address with no active user refuses the whole request: nobody is invited."""
    if survey.mode != Survey.Mode.PERSONAL:
        raise ValidationError(_("An open survey has a link instead of invitations."))
    if not survey.is_open:
        raise ValidationError(_("The survey is closed. Reopen it to invite more people."))
    by_email, unknown = users_by_email(emails)
    if unknown:
        raise ValidationError(
            _("Nobody with an active account has these addresses: %(addresses)s"),
            params={"addresses": ", ".join(unknown)},
            code="unknown_emails",
        )
    people = {user.pk: user for user in [*users, *by_email] if user.is_active}
    already = set(
        Invitation.objects.filter(survey=survey, user_id__in=people).values_list(
            "user_id", flat=True
        )
    )
    invitations = [
        # Nobody ever learns this first token: the e-mail task makes the one it sends.
        Invitation(survey=survey, user=user, token_hash=token_hash(new_token()))
        for pk, user in people.items()
        if pk not in already
    ]
    Invitation.objects.bulk_create(invitations)
    created = list(
        Invitation.objects.filter(survey=survey, user_id__in=[i.user_id for i in invitations])
    )
    if created:
        audit_record(
            action=AuditEvent.Action.PERSON_INVITED,
            actor=by,
            organisation_id=survey.organisation_id,
            target=f"survey {survey.pk}",
            details={"survey": survey.pk, "invited": [i.user_id for i in created]},
        )
        ids = [invitation.pk for invitation in created]
        transaction.on_commit(
            lambda: [tasks.send_survey_link.enqueue(invitation_id=pk) for pk in ids]
        )
    return created


@transaction.atomic
def reminders_send(*, by: Any, survey: Survey) -> int:
    """Remind everyone invited who has not submitted, at most once a day per invitation;
    returns how many reminders go out."""
    if not survey.is_open:
        raise ValidationError(_("The survey is closed; nobody is reminded."))
    now = timezone.now()
    due = (
        Invitation.objects.filter(survey=survey)
        .exclude(response__submitted_at__isnull=False)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_INTERVAL))
    )
    ids = list(due.values_list("pk", flat=True))
    # A conditional update claims them, so two clicks at the same moment remind once.
    claimed = Invitation.objects.filter(pk__in=ids).filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_INTERVAL)
    )
    ids = list(claimed.select_for_update().values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(reminded_at=now)
    if ids:
        Survey.objects.filter(pk=survey.pk).update(reminded_at=now)
        transaction.on_commit(
            lambda: [tasks.send_survey_link.enqueue(invitation_id=pk, reminder=True) for pk in ids]
        )
    return len(ids)


# --- responses -------------------------------------------------------------------------------


def _locked_response(
    *, survey: Survey, invitation: Invitation | None, form_key: str, language: str
) -> Response:
    response = _response_row(
        survey=survey, invitation=invitation, form_key=form_key, language=language
    )
    # Checked with the response's row in hand: a purge (retention.py) either waits for this
    # transaction, or has finished and closed the survey, which is seen here.
    if not Survey.objects.filter(pk=survey.pk, closed_at__isnull=True).exists():
        raise SurveyClosed
    return response


def _response_row(
    *, survey: Survey, invitation: Invitation | None, form_key: str, language: str
) -> Response:
    if invitation is not None:
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        response = Response.objects.filter(invitation=invitation).first()
        if response is None:
            response = Response.objects.create(
                survey=survey, invitation=invitation, user_id=invitation.user_id, language=language
            )
        return response
    if not form_key:
        raise ValueError("an open-link response needs its form key")
    response = Response.objects.select_for_update().filter(survey=survey, form_key=form_key).first()
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    survey=survey, form_key=form_key, language=language
                )
        except IntegrityError:
            # Created by a concurrent request with the same form: use that one.
            response = Response.objects.select_for_update().get(survey=survey, form_key=form_key)
    return response


def stored_values(response: Response | None) -> dict[str, AnswerValue]:
    """A response's answers by question key (a multiple choice as a list)."""
    if response is None or response.pk is None:
        return {}
    values: dict[str, AnswerValue] = {}
    rows = Answer.objects.filter(response=response).values_list(
        "question__key", "question__kind", "choice", "number", "text"
    )
    for key, kind, choice, number, text in rows.order_by("pk"):
        if kind == QuestionType.MULTIPLE_CHOICE:
            chosen = values.setdefault(key, [])
            assert isinstance(chosen, list)
            chosen.append(choice)
        elif number is not None:
            values[key] = number
        else:
            values[key] = choice or text
    return values


def _replace_answers(
    response: Response,
    plan: AnswerPlan,
    values: Mapping[str, AnswerValue | None],
    keys: Collection[str],
) -> None:
    rows = {key: plan.rows[key] for key in keys}
    Answer.objects.filter(response=response, question__in=rows.values()).delete()
    answers = []
    for key, question in rows.items():
        value = values.get(key)
        if value is None or value == "" or value == []:
            continue
        answers.extend(_answer_rows(response, question, value))
    for answer in answers:
        answer.full_clean(exclude=["response", "question"])
    Answer.objects.bulk_create(answers)


def _answer_rows(response: Response, question: Question, value: AnswerValue) -> list[Answer]:
    if isinstance(value, list):
        return [Answer(response=response, question=question, choice=choice) for choice in value]
    if isinstance(value, Decimal):
        return [Answer(response=response, question=question, number=value)]
    if question.kind in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
        return [Answer(response=response, question=question, text=value)]
    return [Answer(response=response, question=question, choice=value)]


@transaction.atomic
def response_save(
    *,
    survey: Survey,
    plan: AnswerPlan,
    values: Mapping[str, AnswerValue | None],
    keys: Collection[str],
    language: str,
    invitation: Invitation | None = None,
    form_key: str = "",
) -> Response:
    """Save one page's answers (`keys`: the questions on it) to the unsubmitted response."""
    response = _locked_response(
        survey=survey, invitation=invitation, form_key=form_key, language=language
    )
    if response.submitted_at is not None:
        raise ResponseAlreadySubmitted
    _replace_answers(response, plan, values, keys)
    if response.language != language:
        response.language = language
        response.save(update_fields=["language"])
    return response


def response_submit(
    *,
    survey: Survey,
    plan: AnswerPlan,
    values: Mapping[str, AnswerValue | None],
    keys: Collection[str],
    language: str,
    invitation: Invitation | None = None,
    form_key: str = "",
) -> Response:
    """Save the last page and submit: answers to questions skip logic hides are dropped,
    the respondent's attributes frozen. Raises ResponseIncomplete when a required question
    that applies is unanswered: the page's answers stay saved, nothing is submitted."""
    outcome = _submit(
        survey=survey,
        plan=plan,
        values=values,
        keys=keys,
        language=language,
        invitation=invitation,
        form_key=form_key,
    )
    if isinstance(outcome, int):
        raise ResponseIncomplete(outcome)
    return outcome


@transaction.atomic
def _submit(
    *,
    survey: Survey,
    plan: AnswerPlan,
    values: Mapping[str, AnswerValue | None],
    keys: Collection[str],
    language: str,
    invitation: Invitation | None,
    form_key: str,
) -> Response | int:
    # One transaction from the lock to the submission: a concurrent submit waits on the
    # lock, then finds the response submitted.
    response = response_save(
        survey=survey,
        plan=plan,
        values=values,
        keys=keys,
        language=language,
        invitation=invitation,
        form_key=form_key,
    )
    stored = stored_values(response)
    incomplete = plan.first_incomplete_page(stored)
    if incomplete is not None:
        return incomplete.number
    hidden = plan.hidden_keys(stored)
    if hidden:
        Answer.objects.filter(response=response, question__key__in=hidden).delete()
    if invitation is not None:
        for name, value in respondent_attributes(user=invitation.user, survey=survey).items():
            setattr(response, name, value)
    response.submitted_at = timezone.now()
    response.full_clean()
    response.save()
    return response


def respondent_attributes(*, user: User, survey: Survey) -> dict[str, Any]:
    """The attributes a response freezes, from the person's active membership (the one in
    the survey's organisation tree first): organisation, municipality and its country and
    size class, the unit's type, the role, and whether they are a contact person there."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation")
        .order_by("organisation__path")
    )
    inside = [m for m in memberships if m.organisation.path.startswith(survey.organisation.path)]
    candidates = inside or memberships
    if not candidates:
        return {}
    # A contact person's membership says what they also are; their role is the other one.
    chosen = next(
        (m for m in candidates if m.role != Membership.Role.CONTACT_PERSON), candidates[0]
    )
    organisation = chosen.organisation
    ancestors = {
        org.pk: org
        for org in Organisation.objects.filter(pk__in=[*organisation.ancestor_ids, organisation.pk])
    }
    line = [
        ancestors[pk] for pk in [*organisation.ancestor_ids, organisation.pk] if pk in ancestors
    ]
    municipality = next(
        (org for org in reversed(line) if org.kind == Organisation.Kind.MUNICIPALITY), None
    )
    unit = next((org for org in reversed(line) if org.unit_type), None)
    contact_person = None
    if municipality is not None:
        contact_person = any(
            m.role == Membership.Role.CONTACT_PERSON
            and m.organisation.path.startswith(municipality.path)
            for m in memberships
        )
    return {
        "organisation": organisation,
        "municipality": municipality,
        "country": municipality.country if municipality else "",
        "size_class": (municipality.size_class or "") if municipality else "",
        "unit_type": unit.unit_type if unit else "",
        "role": chosen.role,
        "contact_person": contact_person,
    }


@transaction.atomic
def response_delete(*, by: User, response: Response) -> None:
    """A respondent deletes their own response: its answers leave the survey's figures too."""
    if response.user_id != by.pk:
        raise ValidationError(_("Only the person who answered can delete these answers."))
    # The survey's kept figures counted them: the next view of its results counts afresh.
    SurveyTally.objects.filter(survey_id=response.survey_id).delete()
    response.delete()
