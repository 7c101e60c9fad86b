"""Write a course provider's programme: the programme with its target, its modules, the
runs of each module and the regional targets.

The programme lives in the learning module's catalogue too: creating it creates a learning
Programme in the provider's catalogue, and each run is a catalogue activity of the kind
"module" with the run's dates and place and the module's headings. So the learning
module's procedure around a course — reminders before it, the headings and the
participant's goals after it, the invitation to the follow-up day — runs for each module as
for any course, and a module's new headings reach the runs' activities.

Programmes, modules and runs carry a version (optimistic locking): a form sends the version
it was opened on, and a save on top of a newer one raises `CourseConflict` and writes
nothing. The regional targets are part of the programme and raise its version.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.accounts.models import User
from trinvis.learning.models import Activity
from trinvis.learning.procedure import DEFAULT_AFTER_DAYS
from trinvis.learning.services import catalogue
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import (
    CourseModule,
    CourseProgramme,
    ModuleChoice,
    ModuleRun,
    RegionTarget,
)
from trinvis.programmes.selectors_courses import HOLDING
from trinvis.programmes.services_programmes import OWNER_KINDS, clean_text


class CourseConflict(Exception):
    """Someone saved the programme, module or run after the form was opened; nothing was
    written. `current` is the newer row, None when it is gone."""

    def __init__(self, current: object | None) -> None:
        super().__init__("changed since it was opened")
        self.current = current


Locked = TypeVar("Locked", CourseProgramme, CourseModule, ModuleRun)


def _locked(model: type[Locked], pk: int, base_version: int) -> Locked:
    current = model._default_manager.select_for_update().filter(pk=pk).first()
    if current is None or current.version != base_version:
        raise CourseConflict(current)
    return current


# --- the programme ------------------------------------------------------------------------------


@dataclass
class CourseInput:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    target_participants: int = 0
    description: str = ""
    how_modules_combine: str = ""


def _catalogue_input(data: CourseInput) -> catalogue.ProgrammeInput:
    return catalogue.ProgrammeInput(
        name=data.name, description=data.description, how_modules_combine=data.how_modules_combine
    )


def _fill_course(course: CourseProgramme, data: CourseInput) -> None:
    if data.ends_on <= data.starts_on:
        raise ValidationError({"ends_on": [_("The programme ends after it starts.")]})
    course.starts_on = data.starts_on
    course.ends_on = data.ends_on
    course.target_participants = data.target_participants


@transaction.atomic
def course_create(*, by: User, provider: Organisation, data: CourseInput) -> CourseProgramme:
    """A programme of the provider (an agency or a region; the caller checks the user runs
    programmes there), with its programme in the provider's catalogue."""
    if provider.kind not in OWNER_KINDS:
        raise ValidationError({"provider": [_("A course provider is an agency or a region.")]})
    course = CourseProgramme(provider=provider)
    _fill_course(course, data)
    course.programme = catalogue.programme_create(
        by=by, organisation=provider, data=_catalogue_input(data)
    )
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def course_update(
    *, by: User, course: CourseProgramme, base_version: int, data: CourseInput
) -> CourseProgramme:
    current = _locked(CourseProgramme, course.pk, base_version)
    _fill_course(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    programme = current.programme
    current.programme = catalogue.programme_update(
        by=by, programme=programme, base_version=programme.version, data=_catalogue_input(data)
    )
    return current


def _run_blockers(runs: Sequence[ModuleRun]) -> list[str]:
    """Why the runs cannot go: participants chose them, or the catalogue needs their
    activities (an education plan names one, someone is enrolled)."""
    chosen = ModuleChoice.objects.filter(run__in=runs).count()
    if chosen:
        return [
            ngettext("%(count)s participant chose it.", "%(count)s participants chose it.", chosen)
            % {"count": chosen}
        ]
    return [
        blocker
        for run in runs
        for blocker in catalogue.activity_delete_blockers(activity=run.activity)
    ]


def _delete_runs(by: User, runs: Sequence[ModuleRun]) -> None:
    activities = [run.activity for run in runs]
    for run in runs:
        run.delete()
    for activity in activities:
        catalogue.activity_delete(by=by, activity=activity)


@transaction.atomic
def course_delete(*, by: User, course: CourseProgramme, base_version: int) -> None:
    """Delete a programme nobody enrolled in, with its modules, runs and their catalogue
    activities, and its catalogue programme; a `ValidationError` says why not."""
    current = _locked(CourseProgramme, course.pk, base_version)
    enrolled = current.enrolments.count()
    if enrolled:
        raise ValidationError(
            ngettext("%(count)s person is enrolled.", "%(count)s people are enrolled.", enrolled)
            % {"count": enrolled}
        )
    runs = list(ModuleRun.objects.filter(module__course=current).select_related("activity"))
    blockers = _run_blockers(runs)
    if blockers:
        raise ValidationError(blockers)
    programme = current.programme
    _delete_runs(by, runs)
    current.delete()
    catalogue.programme_delete(by=by, programme=programme)


@transaction.atomic
def targets_save(
    *,
    by: User,
    course: CourseProgramme,
    base_version: int,
    targets: Mapping[Organisation, int | None],
) -> CourseProgramme:
    """Replace the regional targets: a region with a number keeps it, one without has none."""
    current = _locked(CourseProgramme, course.pk, base_version)
    if any(region.kind != Organisation.Kind.REGION for region in targets):
        raise ValidationError(_("Only a region has a regional target."))
    wanted = {region.pk: number for region, number in targets.items() if number}
    RegionTarget.objects.filter(course=current).exclude(region_id__in=wanted).delete()
    for region_id, number in wanted.items():
        RegionTarget.objects.update_or_create(
            course=current, region_id=region_id, defaults={"target_participants": number}
        )
    current.version = base_version + 1
    current.save(update_fields=["version"])
    return current


# --- modules ------------------------------------------------------------------------------------


@dataclass
class ModuleInput:
    title: str
    position: int | None = None
    description: str = ""
    headings: str = ""


def _fill_module(module: CourseModule, data: ModuleInput) -> None:
    module.title = data.title.strip()
    module.description = clean_text(data.description)
    module.headings = "\n".join(
        line.strip() for line in clean_text(data.headings).splitlines() if line.strip()
    )
    if data.position is not None:
        module.position = data.position


@transaction.atomic
def module_create(*, by: User, course: CourseProgramme, data: ModuleInput) -> CourseModule:
    """A module; without a position it comes last."""
    module = CourseModule(course=course)
    _fill_module(module, data)
    if data.position is None:
        last = course.modules.aggregate(last=Max("position"))["last"] or 0
        module.position = last + 1
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def module_update(
    *, by: User, module: CourseModule, base_version: int, data: ModuleInput
) -> CourseModule:
    """Save the module; its runs' catalogue activities take its title, description and
    headings, which the reminder mails after each run repeat."""
    current = _locked(CourseModule, module.pk, base_version)
    _fill_module(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    Activity.objects.filter(module_run__module=current).update(
        title=current.title,
        description=current.description,
        headings=current.headings,
        version=F("version") + 1,
    )
    return current


@transaction.atomic
def module_delete(*, by: User, module: CourseModule, base_version: int) -> None:
    current = _locked(CourseModule, module.pk, base_version)
    runs = list(current.runs.select_related("activity"))
    blockers = _run_blockers(runs)
    if blockers:
        raise ValidationError(blockers)
    _delete_runs(by, runs)
    current.delete()


# --- runs ---------------------------------------------------------------------------------------


@dataclass
class RunInput:
    starts_on: datetime.date
    ends_on: datetime.date | None = None
    place: str = ""
    region: Organisation | None = None
    capacity: int | None = None
    teachers: Sequence[User] = field(default_factory=list)
    follow_up_day_at: datetime.datetime | None = None
    follow_up_day_place: str = ""


def _activity_input(activity: Activity, **changes: object) -> catalogue.ActivityInput:
    """The activity's fields as the catalogue's input, with `changes` on top."""
    names = [item.name for item in fields(catalogue.ActivityInput) if item.name != "competence_ids"]
    data = catalogue.ActivityInput(**{name: getattr(activity, name) for name in names})
    data.competence_ids = frozenset(activity.competences.values_list("pk", flat=True))
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def _run_changes(data: RunInput) -> dict[str, object]:
    return {
        "starts_on": data.starts_on,
        "ends_on": data.ends_on or data.starts_on,
        "place": data.place,
        "follow_up_day_at": data.follow_up_day_at,
        "follow_up_day_place": data.follow_up_day_place,
    }


def _check_run(run: ModuleRun, data: RunInput) -> None:
    if data.region is not None and data.region.kind != Organisation.Kind.REGION:
        raise ValidationError({"region": [_("Choose a region.")]})
    if data.follow_up_day_at is not None and data.follow_up_day_at.date() <= (
        data.ends_on or data.starts_on
    ):
        raise ValidationError(
            {"follow_up_day_at": [_("The follow-up day comes after the module has ended.")]}
        )
    if run.pk is not None and data.capacity is not None:
        taken = run.choices.filter(enrolment__state__in=HOLDING).count()
        if data.capacity < taken:
            raise ValidationError(
                {
                    "capacity": [
                        ngettext(
                            "%(count)s place is taken already.",
                            "%(count)s places are taken already.",
                            taken,
                        )
                        % {"count": taken}
                    ]
                }
            )


def _save_run(run: ModuleRun, data: RunInput) -> ModuleRun:
    run.region = data.region
    run.capacity = data.capacity
    run.full_clean()
    run.save()
    run.teachers.set(data.teachers)
    return run


@transaction.atomic
def run_create(*, by: User, module: CourseModule, data: RunInput) -> ModuleRun:
    """A run of the module, with its activity in the provider's catalogue: the module's
    title, description and headings, the run's dates and place, the default reminder days
    after the end, and the follow-up day."""
    run = ModuleRun(module=module)
    _check_run(run, data)
    course = module.course
    activity_data = catalogue.ActivityInput(
        kind=Activity.Kind.MODULE,
        title=module.title,
        description=module.description,
        provider=course.provider.name,
        programme=course.programme,
        headings=module.headings,
        reminder_days=list(DEFAULT_AFTER_DAYS),
    )
    for name, value in _run_changes(data).items():
        setattr(activity_data, name, value)
    run.activity = catalogue.activity_create(
        by=by, organisation=course.provider, data=activity_data
    )
    return _save_run(run, data)


@transaction.atomic
def run_update(*, by: User, run: ModuleRun, base_version: int, data: RunInput) -> ModuleRun:
    """Save the run and its activity's dates, place and follow-up day; new dates move the
    reminders of those enrolled (catalogue.activity_update queues them)."""
    current = _locked(ModuleRun, run.pk, base_version)
    _check_run(current, data)
    activity = Activity.objects.select_for_update().get(pk=current.activity_id)
    catalogue.activity_update(
        by=by,
        activity=activity,
        base_version=activity.version,
        data=_activity_input(activity, **_run_changes(data)),
    )
    current.version = base_version + 1
    return _save_run(current, data)


@transaction.atomic
def run_delete(*, by: User, run: ModuleRun, base_version: int) -> None:
    current = _locked(ModuleRun, run.pk, base_version)
    blockers = _run_blockers([current])
    if blockers:
        raise ValidationError(blockers)
    _delete_runs(by, [current])
