"""Write the catalogue: activities, and programmes with the paths that combine their modules.

Activities and programmes carry a version number (optimistic locking): an edit form sends
the version it was opened on, and a save on top of a newer version raises a conflict and
writes nothing, so the form can show the user's input again. A programme and its paths are
one document (how the modules combine), so every change to a path or its steps checks and
raises the programme's version too: moving a step "up" on an old view of the path would
otherwise move something else than the user saw.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.accounts.models import User
from trinvis.competences.models import Competence
from trinvis.learning.models import Activity, Enrolment, Path, PathStep, PlanRow, Programme
from trinvis.learning.procedure import MAX_REMINDER_DAY, activity_schedule
from trinvis.learning.tasks import schedule_reminders
from trinvis.organisations.models import Organisation


class CatalogueConflict(Exception):
    """Someone saved the activity or programme after the form was opened; nothing was
    written. `current` is the newer row, for the form's next base version."""

    def __init__(self, current: Activity | Programme) -> None:
        super().__init__("changed since it was opened")
        self.current = current


def _text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- activities -------------------------------------------------------------------------------


@dataclass
class ActivityInput:
    """An activity's fields as a form gives them; `competence_ids` is the whole new set."""

    kind: str
    title: str
    description: str = ""
    provider: str = ""
    programme: Programme | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    place: str = ""
    length_hours: Decimal | None = None
    cost: Decimal | None = None
    currency: str = ""
    language: str = ""
    competence_ids: Collection[int] = field(default_factory=frozenset)
    programme_text: str = ""
    preparation: str = ""
    reminder_days: list[int] = field(default_factory=list)
    headings: str = ""
    follow_up_day_at: datetime.datetime | None = None
    follow_up_day_place: str = ""


def _fill_activity(activity: Activity, data: ActivityInput) -> None:
    activity.kind = data.kind
    activity.title = data.title.strip()
    activity.description = _text(data.description)
    activity.provider = data.provider.strip()
    activity.programme = data.programme
    activity.starts_on = data.starts_on
    activity.ends_on = data.ends_on
    activity.place = data.place.strip()
    activity.length_hours = data.length_hours
    activity.cost = data.cost
    activity.currency = data.currency.strip().upper()
    activity.language = data.language.strip()
    activity.programme_text = _text(data.programme_text)
    activity.preparation = _text(data.preparation)
    activity.reminder_days = sorted(set(data.reminder_days))
    activity.headings = _text(data.headings)
    activity.follow_up_day_at = data.follow_up_day_at
    activity.follow_up_day_place = data.follow_up_day_place.strip()


def _check_activity(activity: Activity, data: ActivityInput) -> None:
    """The rules a form field alone cannot check; all problems at once."""
    problems: dict[str, list[str]] = {}
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        problems["ends_on"] = [_("The end date is before the start date.")]
    if activity.programme is not None:
        if activity.kind != Activity.Kind.MODULE:
            problems.setdefault("programme", []).append(
                _(
                    "Only a module belongs to a programme. Choose the kind “%(kind)s” or no "
                    "programme."
                )
                % {"kind": Activity.Kind.MODULE.label}
            )
        if activity.programme.organisation_id != activity.organisation_id:
            problems.setdefault("programme", []).append(
                _("The programme belongs to another organisation than the activity.")
            )
    currency = activity.currency
    if (activity.cost is not None or currency) and not (len(currency) == 3 and currency.isalpha()):
        problems["currency"] = [_("Give the currency as three letters, e.g. DKK, NOK or EUR.")]
    if any(day < 1 or day > MAX_REMINDER_DAY for day in activity.reminder_days):
        problems["reminder_days"] = [
            _("Give the days after the end as whole numbers from 1 to %(max)s.")
            % {"max": MAX_REMINDER_DAY}
        ]
    wanted = set(data.competence_ids)
    if len(wanted) != Competence.objects.filter(pk__in=wanted).count():
        problems["competences"] = [
            _("A competence you chose no longer exists. Open the form again and choose again.")
        ]
    if problems:
        raise ValidationError(problems)


def _check_paths_kept(activity: Activity) -> None:
    """A module in a path must stay a module of the path's programme: refuse to move it out
    rather than quietly take it out of the paths that recommend it."""
    if activity.pk is None:
        return
    steps = PathStep.objects.filter(activity=activity).select_related("path__programme")
    if activity.kind == Activity.Kind.MODULE and activity.programme_id is not None:
        steps = steps.exclude(path__programme_id=activity.programme_id)
    names = sorted({f"“{step.path.name}” ({step.path.programme.name})" for step in steps})
    if names:
        raise ValidationError(
            {
                "programme": [
                    ngettext(
                        "The module is part of the path %(paths)s. Take it out of the path "
                        "first, then change its programme or kind.",
                        "The module is part of the paths %(paths)s. Take it out of the paths "
                        "first, then change its programme or kind.",
                        len(names),
                    )
                    % {"paths": ", ".join(names)}
                ]
            }
        )


def _save_activity(activity: Activity, data: ActivityInput) -> Activity:
    _check_activity(activity, data)
    _check_paths_kept(activity)
    # reminder_days may be empty (no reminder mails), which full_clean calls "blank".
    activity.full_clean(exclude=["reminder_days"])
    activity.save()
    activity.competences.set(sorted(set(data.competence_ids)))
    return activity


@transaction.atomic
def activity_create(*, by: User, organisation: Organisation, data: ActivityInput) -> Activity:
    """A new activity in the organisation's catalogue."""
    activity = Activity(organisation=organisation)
    _fill_activity(activity, data)
    return _save_activity(activity, data)


@transaction.atomic
def activity_update(
    *, by: User, activity: Activity, base_version: int, data: ActivityInput
) -> Activity:
    """Save an activity's fields and competences; `CatalogueConflict` when someone saved it
    after `base_version`."""
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    if current.version != base_version:
        raise CatalogueConflict(current)
    before = activity_schedule(current)
    _fill_activity(current, data)
    current.version = base_version + 1
    saved = _save_activity(current, data)
    if activity_schedule(saved) != before and saved.enrolments.exists():
        # New dates move the procedure's moments: queue runs at the new ones. Runs queued
        # for the old moments find nothing due and send nothing.
        transaction.on_commit(lambda: schedule_reminders(saved))
    return saved


def activity_delete_blockers(*, activity: Activity) -> list[str]:
    """Why the activity cannot be deleted (empty: it can). Plan rows point at it, and
    enrolments hold what participants wrote before the course."""
    blockers = []
    rows = PlanRow.objects.filter(activity=activity).count()
    if rows:
        blockers.append(
            ngettext(
                "%(count)s row of an education plan uses it. Choose another activity in "
                "that row first.",
                "%(count)s rows of education plans use it. Choose another activity in those "
                "rows first.",
                rows,
            )
            % {"count": rows}
        )
    enrolled = Enrolment.objects.filter(activity=activity).count()
    if enrolled:
        blockers.append(
            ngettext(
                "%(count)s person is enrolled, with what they prepared for the course.",
                "%(count)s people are enrolled, with what they prepared for the course.",
                enrolled,
            )
            % {"count": enrolled}
        )
    return blockers


@transaction.atomic
def activity_delete(*, by: User, activity: Activity) -> None:
    """Delete an activity nothing depends on; a `ValidationError` says what still does."""
    current = Activity.objects.select_for_update().get(pk=activity.pk)
    blockers = activity_delete_blockers(activity=current)
    if blockers:
        raise ValidationError(blockers)
    try:
        with transaction.atomic():
            current.delete()
    except ProtectedError:
        # A plan row chose the activity after the check above.
        raise ValidationError(activity_delete_blockers(activity=current)) from None


# --- programmes and paths ---------------------------------------------------------------------


@dataclass
class ProgrammeInput:
    name: str
    description: str = ""
    how_modules_combine: str = ""


def _fill_programme(programme: Programme, data: ProgrammeInput) -> None:
    programme.name = data.name.strip()
    programme.description = _text(data.description)
    programme.how_modules_combine = _text(data.how_modules_combine)


@transaction.atomic
def programme_create(*, by: User, organisation: Organisation, data: ProgrammeInput) -> Programme:
    programme = Programme(organisation=organisation)
    _fill_programme(programme, data)
    programme.full_clean()
    programme.save()
    return programme


def _locked_programme(programme_id: int, base_version: int) -> Programme:
    current = Programme.objects.select_for_update().get(pk=programme_id)
    if current.version != base_version:
        raise CatalogueConflict(current)
    return current


def _raise_version(programme: Programme) -> None:
    programme.version += 1
    programme.save(update_fields=["version"])


@transaction.atomic
def programme_update(
    *, by: User, programme: Programme, base_version: int, data: ProgrammeInput
) -> Programme:
    current = _locked_programme(programme.pk, base_version)
    _fill_programme(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def programme_delete(*, by: User, programme: Programme) -> int:
    """Delete a programme and its paths; its modules stay in the catalogue on their own.
    Returns how many modules were left without a programme."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    modules = Activity.objects.filter(programme=current).update(programme=None)
    current.delete()
    return modules


@transaction.atomic
def path_create(
    *, by: User, programme: Programme, base_version: int, name: str, description: str = ""
) -> Path:
    current = _locked_programme(programme.pk, base_version)
    path = Path(programme=current, name=name.strip(), description=_text(description))
    path.full_clean()
    path.save()
    _raise_version(current)
    return path


@transaction.atomic
def path_update(
    *, by: User, path: Path, base_version: int, name: str, description: str = ""
) -> Path:
    programme = _locked_programme(path.programme_id, base_version)
    path.name = name.strip()
    path.description = _text(description)
    path.full_clean()
    path.save(update_fields=["name", "description"])
    _raise_version(programme)
    return path


@transaction.atomic
def path_delete(*, by: User, path: Path, base_version: int) -> None:
    programme = _locked_programme(path.programme_id, base_version)
    path.delete()
    _raise_version(programme)


def _renumber(steps: list[PathStep]) -> None:
    """Positions 1, 2, 3 … in the given order, closing the gap a removed step leaves."""
    for position, step in enumerate(steps, 1):
        step.position = position
    PathStep.objects.bulk_update(steps, ["position"])


def _ordered_steps(path: Path) -> list[PathStep]:
    return list(PathStep.objects.filter(path=path).order_by("position", "pk"))


@transaction.atomic
def path_step_add(*, by: User, path: Path, base_version: int, activity: Activity) -> PathStep:
    """Put one of the programme's modules last in the path."""
    programme = _locked_programme(path.programme_id, base_version)
    if activity.programme_id != programme.pk or activity.kind != Activity.Kind.MODULE:
        raise ValidationError(
            {"activity": [_("Only the programme’s own modules can be part of its paths.")]}
        )
    if PathStep.objects.filter(path=path, activity=activity).exists():
        raise ValidationError({"activity": [_("The module is already part of this path.")]})
    last = PathStep.objects.filter(path=path).aggregate(last=Max("position"))["last"] or 0
    step = PathStep.objects.create(path=path, activity=activity, position=last + 1)
    _raise_version(programme)
    return step


def _step_of(steps: list[PathStep], step_id: int) -> int:
    index = next((i for i, step in enumerate(steps) if step.pk == step_id), None)
    if index is None:
        raise ValidationError(_("That step is no longer part of the path."))
    return index


@transaction.atomic
def path_step_remove(*, by: User, path: Path, base_version: int, step_id: int) -> None:
    programme = _locked_programme(path.programme_id, base_version)
    steps = _ordered_steps(path)
    removed = steps.pop(_step_of(steps, step_id))
    removed.delete()
    _renumber(steps)
    _raise_version(programme)


@transaction.atomic
def path_step_move(*, by: User, path: Path, base_version: int, step_id: int, up: bool) -> None:
    """Swap a step with the one before (`up`) or after it; at either end nothing moves."""
    programme = _locked_programme(path.programme_id, base_version)
    steps = _ordered_steps(path)
    index = _step_of(steps, step_id)
    other = index - 1 if up else index + 1
    if 0 <= other < len(steps):
        steps[index], steps[other] = steps[other], steps[index]
        _renumber(steps)
        _raise_version(programme)
