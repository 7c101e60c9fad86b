"""The surveys' housekeeping: what happens by the calendar, without anyone clicking.

1. A survey whose deadline has passed (the deadline day is over, local time) is closed.
2. The automatic reminder: `remind_days_before` days before the deadline, at 08:00 local
   time, everyone invited who has not answered is reminded (services_responses.
   reminders_send, which e-mails each person a fresh link through tasks.send_survey_link).
   Once per survey and deadline: the reminder is due while `Survey.reminded_at` is older
   than its moment, so a deadline moved later brings a new one, and a manual reminder sent
   after the moment counts as it.
3. A closed survey whose retention has run out is purged (retention.py): its answers are
   deleted, its figures kept.

4. (The retention, issue 8: `unlink_due`, run daily by core/retention.py through
   retention_rules.py.) A personal survey closed for TRINVIS_RETENTION_SURVEY_LINKS_DAYS
   days has its responses cut loose from the people who gave them.

`run_housekeeping` does the first three; it is idempotent and safe to run concurrently. Each
survey is handled in its own transaction, so one failure stops nothing else: closing takes
the survey's row with SKIP LOCKED on PostgreSQL (two runs never wait on each other), the
reminders are claimed per invitation under row locks (reminders_send), and the purge
re-checks under its locks that it is still due. The task `surveys_housekeeping` runs it: the
command `manage.py run_survey_housekeeping` from cron (hourly, say), and, on a task backend
that can defer (the database backend), `schedule_housekeeping` queues a run for each coming
moment of a survey when it is opened, closed or its settings change.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django_tasks import task

from trinvis.surveys import retention, services_responses
from trinvis.surveys.models import Invitation, Response, Survey

logger = logging.getLogger(__name__)

REMINDER_TIME = datetime.time(8, 0)


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def reminder_moment(survey: Survey) -> datetime.datetime | None:
    """When the automatic reminder goes out; None when the survey has none."""
    if (
        survey.mode != Survey.Mode.PERSONAL
        or survey.deadline is None
        or survey.remind_days_before is None
    ):
        return None
    day = survey.deadline - datetime.timedelta(days=survey.remind_days_before)
    return _local(day, REMINDER_TIME)


def closing_moment(survey: Survey) -> datetime.datetime | None:
    """The end of the deadline day, local time."""
    if survey.deadline is None:
        return None
    return _local(survey.deadline + datetime.timedelta(days=1), datetime.time(0, 0))


def purge_moment(survey: Survey) -> datetime.datetime | None:
    """The start of the day after the last day the answers are kept."""
    last = retention.keep_until(survey)
    if last is None:
        return None
    return _local(last + datetime.timedelta(days=1), datetime.time(0, 0))


def reminder_due(survey: Survey, *, now: datetime.datetime) -> bool:
    moment = reminder_moment(survey)
    return (
        moment is not None
        and survey.deadline is not None
        and survey.is_open
        and survey.purged_at is None
        and moment <= now
        and timezone.localdate(now) <= survey.deadline
        and (survey.reminded_at is None or survey.reminded_at < moment)
    )


def reminder_sent(survey: Survey) -> bool:
    """The automatic reminder of the current deadline has gone out."""
    moment = reminder_moment(survey)
    return moment is not None and survey.reminded_at is not None and survey.reminded_at >= moment


# --- the three jobs --------------------------------------------------------------------------


def _each(ids: list[int], job: Callable[[int], int], what: str) -> int:
    """Run `job` for each survey in its own transaction and add up what it returns; a
    database error (a deadlock, say) is logged and the others go on: the next run retries."""
    done = 0
    for pk in ids:
        try:
            with transaction.atomic():
                done += job(pk)
        except DatabaseError:
            logger.exception("survey housekeeping: the %s of survey %s failed", what, pk)
    return done


def close_due(*, now: datetime.datetime) -> int:
    """Close the open surveys whose deadline day is over; returns how many."""
    today = timezone.localdate(now)
    ids = list(
        Survey.objects.filter(closed_at__isnull=True, deadline__lt=today).values_list(
            "pk", flat=True
        )
    )

    def close(pk: int) -> int:
        # SKIP LOCKED: a survey another run (or its owner) is busy with is left to them.
        survey = Survey.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if survey is None or survey.closed_at is not None or not survey.deadline:
            return 0
        if survey.deadline >= today:
            return 0
        services_responses.survey_close(by=None, survey=survey)
        return 1

    return _each(ids, close, "closing")


def remind_due(*, now: datetime.datetime) -> int:
    """Send the automatic reminders that are due; returns how many people are reminded."""
    candidates = Survey.objects.filter(
        mode=Survey.Mode.PERSONAL,
        closed_at__isnull=True,
        purged_at__isnull=True,
        remind_days_before__isnull=False,
        deadline__gte=timezone.localdate(now),
    )
    ids = [survey.pk for survey in candidates if reminder_due(survey, now=now)]

    def remind(pk: int) -> int:
        # Not locked here: reminders_send locks the invitations, then writes the survey,
        # the order a respondent's submit takes them in too (no deadlock between them).
        # It claims each invitation under its lock, so two runs remind each person once.
        survey = Survey.objects.filter(pk=pk).first()
        if survey is None or not reminder_due(survey, now=now):
            return 0
        reminded = services_responses.reminders_send(by=None, survey=survey)
        # Marked even when nobody was left to remind, so later runs do not look again.
        Survey.objects.filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=reminder_moment(survey)), pk=pk
        ).update(reminded_at=now)
        return reminded

    return _each(ids, remind, "reminder")


def purge_due(*, now: datetime.datetime) -> int:
    """Purge the closed surveys whose retention has run out; returns how many."""
    today = timezone.localdate(now)
    candidates = Survey.objects.filter(
        purged_at__isnull=True, closed_at__isnull=False, retention_days__isnull=False
    ).only("pk", "deadline", "closed_at", "retention_days", "purged_at")
    ids = [survey.pk for survey in candidates if retention.purge_due(survey, today=today)]

    def purge(pk: int) -> int:
        return int(retention.survey_purge_if_due(survey_id=pk, today=today))

    return _each(ids, purge, "purge")


# --- the retention's job (core/retention.py runs it daily, through retention_rules.py) -----

# Replaces an invitation's link hash once its survey is cut loose from the people: not
# hexadecimal, so no token's SHA-256 ever equals it (as retention.PURGED_LINK).
UNLINKED_LINK = "unlinked-"
# Link hashes already replaced: by this job, the purge, or a person's erasure.
_REPLACED_LINKS = (UNLINKED_LINK, retention.PURGED_LINK, "erased-")


def _live_links() -> Q:
    condition = Q()
    for prefix in _REPLACED_LINKS:
        condition &= ~Q(token_hash__startswith=prefix)
    return condition


def unlink_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.TRINVIS_RETENTION_SURVEY_LINKS_DAYS)


def unlink_due(*, now: datetime.datetime) -> int:
    """TRINVIS_RETENTION_SURVEY_LINKS_DAYS days after a personal survey closed, cut its
    responses loose from the people who gave them, as an erasure does for one person
    (accounts/personal_data/sources.py): each response loses its respondent and invitation,
    unsent drafts go, and every link stops working. The answers stay, anonymous, so every
    figure and the response rate (responses ÷ invitations) stay the same; a survey cut
    loose is not reopened (services_responses.survey_reopen). Returns how many responses
    were cut loose."""
    cutoff = unlink_cutoff(now)
    ids = list(
        Survey.objects.filter(
            mode=Survey.Mode.PERSONAL,
            closed_at__lt=cutoff,
            purged_at__isnull=True,
            pk__in=Invitation.objects.filter(_live_links()).values("survey_id"),
        ).values_list("pk", flat=True)
    )

    def unlink(pk: int) -> int:
        # The purge's lock order: invitations, then the survey.
        invitations = Invitation.objects.select_for_update().filter(survey_id=pk)
        list(invitations.values_list("pk", flat=True))
        survey = Survey.objects.select_for_update().filter(pk=pk).first()
        if survey is None or survey.closed_at is None or survey.closed_at >= cutoff:
            return 0  # reopened (or gone) meanwhile
        responses = Response.objects.filter(survey=survey)
        responses.filter(submitted_at__isnull=True).delete()
        cut = responses.filter(Q(user__isnull=False) | Q(invitation__isnull=False)).update(
            user=None, invitation=None
        )
        invitations.filter(_live_links()).update(
            token_hash=Concat(Value(UNLINKED_LINK), Cast("pk", output_field=CharField()))
        )
        return cut

    return _each(ids, unlink, "unlinking")


def survey_unlinked(survey: Survey) -> bool:
    """The retention has cut the survey's responses loose from the people."""
    return survey.invitations.filter(token_hash__startswith=UNLINKED_LINK).exists()


def run_housekeeping(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Close, remind, purge: in this order, so a survey closed now is not reminded, and one
    whose retention was zero days is purged in the same run."""
    now = now or timezone.now()
    return {
        "closed": close_due(now=now),
        "reminded": remind_due(now=now),
        "purged": purge_due(now=now),
    }


@task()
def surveys_housekeeping() -> dict[str, int]:
    """Close the surveys past their deadline, send the automatic reminders that are due and
    purge the surveys whose retention has run out; returns how many of each."""
    return run_housekeeping()


def schedule_housekeeping(survey: Survey) -> None:
    """Queue a housekeeping run at each coming moment of the survey (its reminder, its
    closing, the end of its retention), on a task backend that can defer. A backend that
    cannot (the immediate one) gets nothing: cron runs the command instead. A run at a
    moment that no longer applies (the deadline moved) does nothing."""
    if not surveys_housekeeping.get_backend().supports_defer:
        return
    now = timezone.now()
    moments = {reminder_moment(survey), closing_moment(survey), purge_moment(survey)}
    for moment in sorted(m for m in moments if m is not None and m > now):
        surveys_housekeeping.using(run_after=moment).enqueue()
