"""Write workshops, their run sheets and evaluation notes (a municipality's participants
and plan: services_workshop_participants.py).

Workshops and run sheet lines carry a version number (optimistic locking): an edit or a
delete sends the version it was shown at, and a save on top of a newer one raises
`WorkshopConflict` and writes nothing. Moving a line swaps it with its neighbour as the
user saw both (ids and versions), so a move on an old view never swaps the wrong pair.
Evaluation notes are short records typed by one person; they carry no version.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.programmes import agenda
from trinvis.programmes.models import (
    AgencyProgramme,
    RunSheetItem,
    Workshop,
    WorkshopEvaluation,
)
from trinvis.programmes.selectors_workshops import (
    workshop_days,
)

MAX_DAYS = 14


class WorkshopConflict(Exception):
    """Someone saved the workshop or the line after it was shown; nothing was written.
    `current` is the newer record, for the form's next base version."""

    def __init__(self, current: Workshop | RunSheetItem) -> None:
        super().__init__("changed since it was shown")
        self.current = current


def text(value: str) -> str:
    """One kind of line break in stored text, and no blank margins."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_version(current: Any, base_version: int) -> None:
    if current.version != base_version:
        raise WorkshopConflict(current)


# --- workshops ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkshopInput:
    number: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str = ""
    target_group: str = ""
    background: str = ""
    goal: str = ""
    themes: str = ""
    cost: str = ""
    registration_deadline: datetime.date | None = None


def _fill_workshop(workshop: Workshop, data: WorkshopInput) -> None:
    """Copy the input after checking it; all problems at once."""
    problems: dict[str, list[str]] = {}
    if data.number < 1:
        problems["number"] = [_("Number the workshops from 1.")]
    elif (
        Workshop.objects.filter(programme_id=workshop.programme_id, number=data.number)
        .exclude(pk=workshop.pk)
        .exists()
    ):
        problems["number"] = [
            _("The programme already has a workshop %(number)s.") % {"number": data.number}
        ]
    if not data.title.strip():
        problems["title"] = [_("Give the workshop a title.")]
    if data.ends_on < data.starts_on:
        problems["ends_on"] = [_("The last day cannot be before the first day.")]
    elif (data.ends_on - data.starts_on).days >= MAX_DAYS:
        problems["ends_on"] = [_("A workshop lasts at most %(days)s days.") % {"days": MAX_DAYS}]
    elif workshop.pk is not None:
        days = (data.ends_on - data.starts_on).days + 1
        later = workshop.run_sheet.filter(day__gt=days).order_by("day").first()
        if later is not None:
            problems["ends_on"] = [
                _(
                    "The run sheet has lines on day %(day)s. Move or delete them before "
                    "making the workshop shorter."
                )
                % {"day": later.day}
            ]
    if data.registration_deadline and data.registration_deadline > data.starts_on:
        problems["registration_deadline"] = [
            _("The registration deadline cannot be after the first day.")
        ]
    if problems:
        raise ValidationError(problems)
    workshop.number = data.number
    workshop.title = data.title.strip()
    workshop.starts_on = data.starts_on
    workshop.ends_on = data.ends_on
    workshop.place = data.place.strip()
    workshop.target_group = text(data.target_group)
    workshop.background = text(data.background)
    workshop.goal = text(data.goal)
    workshop.themes = text(data.themes)
    workshop.cost = data.cost.strip()
    workshop.registration_deadline = data.registration_deadline


@transaction.atomic
def workshop_create(*, by: User, programme: AgencyProgramme, data: WorkshopInput) -> Workshop:
    workshop = Workshop(programme=programme)
    _fill_workshop(workshop, data)
    workshop.full_clean()
    workshop.save()
    return workshop


def _locked_workshop(workshop_id: int) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop_id)


@transaction.atomic
def workshop_update(
    *, by: User, workshop: Workshop, base_version: int, data: WorkshopInput
) -> Workshop:
    current = _locked_workshop(workshop.pk)
    _check_version(current, base_version)
    _fill_workshop(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def workshop_delete(*, by: User, workshop: Workshop, base_version: int) -> None:
    """Delete the workshop with its run sheet, participants, evaluation notes and follow-up
    conversations; homework set before it stays, no longer tied to a workshop."""
    current = Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    if current is None:
        return
    _check_version(current, base_version)
    current.delete()


# --- run sheet ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineInput:
    day: int
    starts_at: datetime.time
    minutes: int
    activity: str
    purpose: str = ""
    how: str = ""
    materials: str = ""
    responsible: str = ""


def _fill_line(line: RunSheetItem, workshop: Workshop, data: LineInput) -> None:
    problems: dict[str, list[str]] = {}
    days = workshop_days(workshop)
    if not 1 <= data.day <= days:
        problems["day"] = [
            _("Choose a day from 1 to %(days)s: the workshop lasts %(days)s days.") % {"days": days}
            if days > 1
            else _("The workshop lasts one day; choose day 1.")
        ]
    if data.minutes < 1:
        problems["minutes"] = [_("Give the line a length of at least one minute.")]
    elif not agenda.ends_within_day(data.starts_at, data.minutes):
        problems["minutes"] = [_("The line would end after midnight; shorten it.")]
    if not data.activity.strip():
        problems["activity"] = [_("Say what happens.")]
    if problems:
        raise ValidationError(problems)
    line.day = data.day
    line.starts_at = data.starts_at.replace(second=0, microsecond=0)
    line.minutes = data.minutes
    line.activity = data.activity.strip()
    line.purpose = text(data.purpose)
    line.how = text(data.how)
    line.materials = text(data.materials)
    line.responsible = data.responsible.strip()


@transaction.atomic
def line_create(*, by: User, workshop: Workshop, data: LineInput) -> RunSheetItem:
    line = RunSheetItem(workshop=workshop)
    _fill_line(line, workshop, data)
    line.full_clean()
    line.save()
    return line


def _locked_line(line_id: int) -> RunSheetItem:
    return (
        RunSheetItem.objects.select_related("workshop")
        .select_for_update(of=("self",))
        .get(pk=line_id)
    )


@transaction.atomic
def line_update(
    *, by: User, line: RunSheetItem, base_version: int, data: LineInput
) -> RunSheetItem:
    current = _locked_line(line.pk)
    _check_version(current, base_version)
    _fill_line(current, current.workshop, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def line_delete(*, by: User, line: RunSheetItem, base_version: int) -> None:
    current = RunSheetItem.objects.select_for_update().filter(pk=line.pk).first()
    if current is None:
        return
    _check_version(current, base_version)
    current.delete()


def _slot(line: RunSheetItem) -> agenda.Slot:
    return agenda.Slot(id=line.pk, day=line.day, starts_at=line.starts_at, minutes=line.minutes)


@transaction.atomic
def line_move(
    *,
    by: User,
    line: RunSheetItem,
    base_version: int,
    other_id: int,
    other_version: int,
    earlier: bool,
) -> None:
    """Swap the line with its neighbour before (`earlier`) or after it on the same day, in
    the time the two took together (agenda.swapped). `WorkshopConflict` when either line
    changed since it was shown, or the neighbour is no longer the one shown."""
    lines = list(RunSheetItem.objects.select_for_update().filter(workshop_id=line.workshop_id))
    by_id = {item.pk: item for item in lines}
    current = by_id.get(line.pk)
    if current is None:
        raise ValidationError(_("The line is no longer on the run sheet."))
    _check_version(current, base_version)
    neighbour = agenda.neighbour([_slot(item) for item in lines], line.pk, earlier=earlier)
    if neighbour is None or neighbour.id != other_id:
        raise WorkshopConflict(current)
    other = by_id[other_id]
    _check_version(other, other_version)
    first, second = (other, current) if earlier else (current, other)
    second.starts_at, first.starts_at = agenda.swapped(_slot(first), _slot(second))
    for item in (first, second):
        item.version += 1
    RunSheetItem.objects.bulk_update([first, second], ["starts_at", "version"])


# --- evaluation notes -----------------------------------------------------------------------


@transaction.atomic
def evaluation_add(
    *, by: User, workshop: Workshop, day: int, good: str, better: str
) -> WorkshopEvaluation:
    """One participant's note, as typed from paper: what was good, what could be better."""
    days = workshop_days(workshop)
    problems: dict[str, list[str]] = {}
    if not 1 <= day <= days:
        problems["day"] = [_("Choose a day of the workshop.")]
    if not text(good) and not text(better):
        problems["good"] = [_("Write what was good, what could be better, or both.")]
    if problems:
        raise ValidationError(problems)
    note = WorkshopEvaluation(workshop=workshop, day=day, good=text(good), better=text(better))
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def evaluation_delete(*, by: User, note: WorkshopEvaluation) -> None:
    WorkshopEvaluation.objects.filter(pk=note.pk).delete()
