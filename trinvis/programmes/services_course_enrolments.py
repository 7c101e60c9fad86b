"""Write enrolments in a course programme: enrolling (oneself, or as leader one of one's
people), the leader's confirmation or refusal, cancelling, and who completed a run.

Purpose and modules are agreed between the participant and their leader (DOMAIN.md §5):
someone who enrols themself waits for their leader, who sees the purpose and the chosen
runs and confirms or declines with a note, which the enrolment keeps for the participant
and their leaders (never for the provider); a leader who enrols one of their people agrees
by doing so, and the enrolment is confirmed at once. On confirmation each chosen run gets a
learning Enrolment in its catalogue activity, so the learning module's procedure reminds
the participant and their leader before and after each module; cancelling takes the
participant off the runs that have not begun.

An enrolment carries a version: confirming, declining and cancelling send the version the
page showed, and `CourseConflict` says someone acted on it meanwhile.
"""

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.learning.access import is_leader_of
from trinvis.learning.models import Activity, Enrolment
from trinvis.learning.tasks import link, schedule_reminders
from trinvis.outbox.services import message_queue
from trinvis.programmes.models import CourseEnrolment, CourseProgramme, ModuleChoice, ModuleRun
from trinvis.programmes.selectors_courses import (
    CONFIRMED,
    HOLDING,
    Place,
    nearest_leaders_of,
    places_of,
)
from trinvis.programmes.services_courses import CourseConflict
from trinvis.programmes.services_programmes import clean_text

State = CourseEnrolment.State
MAX_EXPERIENCE = 60


@dataclass
class EnrolmentInput:
    place_key: str
    purpose: str
    runs: Sequence[ModuleRun]
    position: str = ""
    experience_years: int | None = None


def _place(person: User, key: str) -> Place:
    place = next((place for place in places_of(person) if place.key == key), None)
    if place is None:
        raise ValidationError(
            {"place": [_("Choose one of the places where the participant works.")]}
        )
    return place


def _check_runs(course: CourseProgramme, runs: Sequence[ModuleRun]) -> None:
    """At least one run, each of the programme, one per module, with a place free. The
    runs are locked first, so two people cannot take the last place at once."""
    problems = []
    if not runs:
        problems.append(_("Choose at least one module."))
    if any(run.module.course_id != course.pk for run in runs):
        problems.append(_("A run you chose is not part of this programme."))
    modules = [run.module_id for run in runs]
    if len(set(modules)) != len(modules):
        problems.append(_("Choose one run of each module."))
    ids = [
        run.pk
        for run in ModuleRun.objects.select_for_update().filter(pk__in=[run.pk for run in runs])
    ]
    full = (
        ModuleRun.objects.filter(pk__in=ids, capacity__isnull=False)
        .annotate(taken=Count("choices", filter=Q(choices__enrolment__state__in=HOLDING)))
        .filter(taken__gte=F("capacity"))
        .select_related("module")
    )
    for run in full:
        problems.append(_("“%(module)s” on this date is full.") % {"module": run.module.title})
    if problems:
        raise ValidationError({"runs": problems})


def _open_learning(enrolment: CourseEnrolment) -> None:
    """A learning Enrolment in each chosen run's activity (kept if the person is enrolled
    there already), and the runs' reminders queued after the commit."""
    activities: list[Activity] = []
    for choice in enrolment.choices.select_related("run__activity"):
        learning, _created = Enrolment.objects.get_or_create(
            activity=choice.run.activity, person=enrolment.person
        )
        choice.learning_enrolment = learning
        choice.save(update_fields=["learning_enrolment"])
        activities.append(choice.run.activity)
    for activity in activities:
        transaction.on_commit(functools.partial(schedule_reminders, activity))


def _close_learning(enrolment: CourseEnrolment, today: datetime.date) -> None:
    """Take the participant off the runs that have not begun; a run under way or behind
    keeps its enrolment, with what the participant wrote for it."""
    Enrolment.objects.filter(
        module_choice__enrolment=enrolment,
    ).filter(Q(activity__starts_on__gt=today) | Q(activity__starts_on__isnull=True)).delete()


@transaction.atomic
def course_enrol(
    *, by: User, course: CourseProgramme, person: User, data: EnrolmentInput
) -> CourseEnrolment:
    """Enrol the person. Enrolling oneself waits for one's leader; a leader enrolling one of
    their people confirms it at once. A cancelled enrolment is taken up again."""
    as_leader = by.pk != person.pk
    if as_leader and not is_leader_of(user=by, person=person):
        raise ValidationError(_("You may enrol yourself or the people you lead."))
    place = _place(person, data.place_key)
    purpose = clean_text(data.purpose)
    if not purpose:
        raise ValidationError({"purpose": [_("Write what the participant is to learn, and why.")]})
    if data.experience_years is not None and not 0 <= data.experience_years <= MAX_EXPERIENCE:
        raise ValidationError(
            {
                "experience_years": [
                    _("Give the years as a whole number from 0 to %(most)d.")
                    % {"most": MAX_EXPERIENCE}
                ]
            }
        )
    enrolment = (
        CourseEnrolment.objects.select_for_update().filter(course=course, person=person).first()
    )
    if enrolment is not None and enrolment.state != State.CANCELLED:
        raise ValidationError(_("%(name)s is enrolled already.") % {"name": person.full_name})
    _check_runs(course, data.runs)
    if enrolment is None:
        enrolment = CourseEnrolment(course=course, person=person)
    else:
        enrolment.version += 1
        enrolment.leader_note = ""  # a refusal belongs to the enrolment that was refused
        enrolment.choices.all().delete()
    enrolment.municipality = place.municipality
    enrolment.unit = place.unit
    enrolment.position = data.position.strip()
    enrolment.experience_years = data.experience_years
    enrolment.purpose = purpose
    leaders = [] if as_leader else nearest_leaders_of(person)
    if as_leader:
        enrolment.state = State.CONFIRMED
        enrolment.leader = by
        enrolment.leader_confirmed_at = timezone.now()
    else:
        enrolment.state = State.AWAITING_LEADER
        enrolment.leader = leaders[0] if leaders else None
        enrolment.leader_confirmed_at = None
    enrolment.full_clean()
    enrolment.save()
    ModuleChoice.objects.bulk_create(
        [ModuleChoice(enrolment=enrolment, run=run) for run in data.runs]
    )
    if as_leader:
        _open_learning(enrolment)
    for leader in leaders:
        _mail_on_commit(leader, "leader_asked", enrolment)
    return enrolment


def _locked(enrolment: CourseEnrolment, base_version: int) -> CourseEnrolment:
    current = (
        CourseEnrolment.objects.select_for_update(of=("self",))
        .select_related("person", "course")
        .filter(pk=enrolment.pk)
        .first()
    )
    if current is None or current.version != base_version:
        raise CourseConflict(current)
    return current


def _awaiting(current: CourseEnrolment, by: User) -> None:
    if current.state != State.AWAITING_LEADER:
        raise ValidationError(_("The enrolment does not wait for a leader any more."))
    if not is_leader_of(user=by, person=current.person):
        raise ValidationError(_("Only the participant's leader confirms the enrolment."))


@transaction.atomic
def course_enrolment_confirm(
    *, by: User, enrolment: CourseEnrolment, base_version: int
) -> CourseEnrolment:
    """The leader agrees on the purpose and the modules: the participant is enrolled in the
    runs' activities, and the procedure's reminders begin."""
    current = _locked(enrolment, base_version)
    _awaiting(current, by)
    current.state = State.CONFIRMED
    current.leader = by
    current.leader_confirmed_at = timezone.now()
    current.version = base_version + 1
    current.save(update_fields=["state", "leader", "leader_confirmed_at", "version"])
    _open_learning(current)
    return current


@transaction.atomic
def course_enrolment_decline(
    *, by: User, enrolment: CourseEnrolment, base_version: int, note: str
) -> CourseEnrolment:
    """The leader does not agree: the enrolment is cancelled, keeps the leader's note and the
    participant gets it by mail. The note is a word between the participant and their
    leaders: their pages show it, the provider's do not."""
    note = clean_text(note)
    if not note:
        raise ValidationError({"note": [_("Say why, so you can agree on something else.")]})
    current = _locked(enrolment, base_version)
    _awaiting(current, by)
    current.state = State.CANCELLED
    current.leader = by
    current.leader_note = note
    current.version = base_version + 1
    current.save(update_fields=["state", "leader", "leader_note", "version"])
    _mail_on_commit(current.person, "declined", current, note=note, leader=by)
    return current


@transaction.atomic
def course_enrolment_cancel(
    *, by: User, enrolment: CourseEnrolment, base_version: int
) -> CourseEnrolment:
    """Cancel an enrolment that is not completed; the participant leaves the runs that have
    not begun."""
    current = _locked(enrolment, base_version)
    if current.state in (State.CANCELLED, State.COMPLETED):
        raise ValidationError(_("A completed or cancelled enrolment cannot be cancelled."))
    current.state = State.CANCELLED
    current.version = base_version + 1
    current.save(update_fields=["state", "version"])
    _close_learning(current, timezone.localdate())
    return current


@transaction.atomic
def run_attendance_save(
    *, by: User, run: ModuleRun, base_version: int, completed: Sequence[int]
) -> int:
    """Record who completed the run (`completed`: module choice ids of its confirmed
    participants), in the learning enrolments too; an enrolment whose every module is
    completed is completed. Returns how many completed the run."""
    current = ModuleRun.objects.select_for_update().select_related("activity").get(pk=run.pk)
    if current.version != base_version:
        raise CourseConflict(current)
    if current.activity.starts_on is None or current.activity.starts_on > timezone.localdate():
        raise ValidationError(_("Record who completed the run once it has begun."))
    choices = list(ModuleChoice.objects.filter(run=current, enrolment__state__in=CONFIRMED))
    done = set(completed)
    for choice in choices:
        choice.completed = choice.pk in done
    ModuleChoice.objects.bulk_update(choices, ["completed"])
    for flag in (True, False):
        Enrolment.objects.filter(
            module_choice__in=[choice for choice in choices if choice.completed is flag]
        ).update(completed=flag)
    _settle_states([choice.enrolment_id for choice in choices])
    current.version = base_version + 1
    current.save(update_fields=["version"])
    return sum(1 for choice in choices if choice.completed)


def _settle_states(enrolment_ids: Sequence[int]) -> None:
    """Completed when every chosen module is completed, else confirmed."""
    counted = CourseEnrolment.objects.filter(pk__in=enrolment_ids, state__in=CONFIRMED).annotate(
        chosen=Count("choices"), done=Count("choices", filter=Q(choices__completed=True))
    )
    finished = counted.filter(chosen=F("done")).values("pk")
    unfinished = counted.exclude(chosen=F("done")).values("pk")
    CourseEnrolment.objects.filter(pk__in=finished, state=State.CONFIRMED).update(
        state=State.COMPLETED, version=F("version") + 1
    )
    CourseEnrolment.objects.filter(pk__in=unfinished, state=State.COMPLETED).update(
        state=State.CONFIRMED, version=F("version") + 1
    )


# --- mails --------------------------------------------------------------------------------------


def _mail_on_commit(
    recipient: User, template: str, enrolment: CourseEnrolment, **context: object
) -> None:
    """A mail about the enrolment, in the recipient's language, sent after the commit."""
    if not (recipient.is_active and recipient.email):
        return
    context.update(
        enrolment=enrolment,
        recipient=recipient,
        link=link("programmes:course_enrolment", enrolment.pk),
    )
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"programmes/courses/email/{template}_subject.txt", context)
        body = render_to_string(f"programmes/courses/email/{template}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [recipient.email])
    # The outbox keeps it in the enrolment's transaction and sends it after the commit; a
    # refused mail stays there and is tried again, while the enrolment is saved.
    message_queue(message=message, recipient=recipient)
