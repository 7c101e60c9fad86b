"""Write education plans and their rows, and enrol a row's people in its activity.

Plans and rows carry a version number (optimistic locking). A row's edit form sends the
row's version: a save on top of a newer one raises `PlanConflict` and writes nothing, so
the form shows the user's input again. The order of the rows belongs to the plan: adding,
deleting and moving a row raise the plan's version, and a move sends the plan's version it
was shown at — "move up" on an old view of the plan would otherwise move another row than
the one the user saw. Deleting a row checks the row's version (the row the user confirmed).

A row's choices are checked against the plan, not only the form: its people belong to the
plan's organisation or the units below it, its needs to the plan's competence round, its
principle to the organisation or one above it, its activity to a catalogue the writer
reads. What a row already holds stays allowed, so a person who has since left the unit is
not dropped from the row by an unrelated edit.
"""

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.competences.models import NeedPriority, Round
from trinvis.learning.access import readable_organisation_ids
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Enrolment,
    PlanRow,
    Principle,
    Status,
)
from trinvis.learning.selectors_plans import (
    PRIORITISED,
    line_ids,
    responsible_candidates,
    round_fits,
)
from trinvis.learning.tasks import schedule_reminders
from trinvis.organisations.models import Membership, Organisation


class PlanConflict(Exception):
    """Someone saved the plan or the row after it was shown; nothing was written. `current`
    is the newer plan or row, for the form's next base version."""

    def __init__(self, current: EducationPlan | PlanRow) -> None:
        super().__init__("changed since it was shown")
        self.current = current


def _text(value: str) -> str:
    """One kind of line break in stored text, and no blank margins."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- plans ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    title: str
    period: str = ""
    round: Round | None = None


def _fill_plan(plan: EducationPlan, data: PlanInput) -> None:
    plan.title = data.title.strip()
    plan.period = data.period.strip()
    plan.round = data.round
    if data.round is not None and not round_fits(data.round, plan.organisation):
        raise ValidationError(
            {
                "round": [
                    _(
                        "Choose a round of %(organisation)s, of a unit below it or of an "
                        "organisation above it."
                    )
                    % {"organisation": plan.organisation.name}
                ]
            }
        )
    if not plan.title:
        raise ValidationError({"title": [_("Give the plan a title.")]})


@transaction.atomic
def plan_create(*, by: User, organisation: Organisation, data: PlanInput) -> EducationPlan:
    plan = EducationPlan(organisation=organisation, created_by=by)
    _fill_plan(plan, data)
    plan.full_clean()
    plan.save()
    return plan


def _locked_plan(plan_id: int, base_version: int | None = None) -> EducationPlan:
    current = (
        EducationPlan.objects.select_related("organisation").select_for_update().get(pk=plan_id)
    )
    if base_version is not None and current.version != base_version:
        raise PlanConflict(current)
    return current


def _raise_version(plan: EducationPlan) -> None:
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])


@transaction.atomic
def plan_update(
    *, by: User, plan: EducationPlan, base_version: int, data: PlanInput
) -> tuple[EducationPlan, int]:
    """Save the plan's title, period and round. Rows that answered needs of another round
    no longer answer them; returns how many such links were removed."""
    current = _locked_plan(plan.pk, base_version)
    _fill_plan(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    links = PlanRow.needs.through.objects.filter(planrow__plan=current)
    if current.round_id is not None:
        links = links.exclude(needpriority__round_id=current.round_id)
    removed, _details = links.delete()
    return current, removed


@transaction.atomic
def plan_delete(*, by: User, plan: EducationPlan, base_version: int) -> None:
    """Delete the plan and its rows. Enrolments and learning goals stay; they only lose
    their link to the row."""
    current = _locked_plan(plan.pk, base_version)
    current.delete()


# --- rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowInput:
    """A row's fields as the row editor gives them; `people` and `needs` are the whole new
    sets."""

    people: Collection[User] = ()
    purpose: str = ""
    activity: Activity | None = None
    learning_support: str = ""
    success_criteria: str = ""
    schedule: str = ""
    responsible: User | None = None
    resources: str = ""
    status: str = Status.PLANNED
    needs: Collection[NeedPriority] = ()
    principle: Principle | None = None
    effort_before: Decimal = Decimal(0)
    effort_during: Decimal = Decimal(0)
    effort_after: Decimal = Decimal(0)


def _ids(items: Collection[object]) -> set[int]:
    return {item.pk for item in items}  # type: ignore[attr-defined]


def _check_row(*, by: User, plan: EducationPlan, row: PlanRow | None, data: RowInput) -> None:
    """The rules the form's choices alone cannot promise; all problems at once."""
    problems: dict[str, list[str]] = {}
    organisation = plan.organisation
    had_people = set(row.people.values_list("pk", flat=True)) if row else set()
    members = set(
        Membership.objects.filter(
            is_active=True, organisation__path__startswith=organisation.path
        ).values_list("user_id", flat=True)
    )
    if _ids(data.people) - members - had_people:
        problems["people"] = [
            _("Choose people of %(organisation)s or of the units below it.")
            % {"organisation": organisation.name}
        ]
    if (
        data.responsible is not None
        and (row is None or data.responsible.pk != row.responsible_id)
        and not responsible_candidates(organisation=organisation)
        .filter(pk=data.responsible.pk)
        .exists()
    ):
        problems["responsible"] = [
            _("Choose someone of %(organisation)s, or a leader above it.")
            % {"organisation": organisation.name}
        ]
    activity = data.activity
    if activity is not None and (row is None or activity.pk != row.activity_id):
        readable = readable_organisation_ids(by)
        if readable is not None and activity.organisation_id not in readable:
            problems["activity"] = [_("Choose an activity from a catalogue you can read.")]
    had_needs = set(row.needs.values_list("pk", flat=True)) if row else set()
    for need in data.needs:
        if need.pk in had_needs:
            continue
        if need.round_id != plan.round_id:
            problems["needs"] = [_("Choose needs of the plan's competence round.")]
            break
        if need.horizon not in PRIORITISED:
            problems["needs"] = [
                _("“%(competence)s” is not prioritised; choose a short-term or long-term need.")
                % {"competence": need.competence.name}
            ]
            break
    principle = data.principle
    if (
        principle is not None
        and (row is None or principle.pk != row.principle_id)
        and principle.organisation_id not in line_ids(organisation)
    ):
        problems["principle"] = [
            _("Choose a principle of %(organisation)s or of an organisation above it.")
            % {"organisation": organisation.name}
        ]
    for name in ("effort_before", "effort_during", "effort_after"):
        if getattr(data, name) < 0:
            problems[name] = [_("The effort cannot be negative.")]
    if not data.purpose.strip() and activity is None:
        problems["purpose"] = [_("Give the row a purpose, an activity or both.")]
    if problems:
        raise ValidationError(problems)


def _fill_row(row: PlanRow, data: RowInput) -> None:
    row.purpose = _text(data.purpose)
    row.activity = data.activity
    row.learning_support = _text(data.learning_support)
    row.success_criteria = _text(data.success_criteria)
    row.schedule = data.schedule.strip()
    row.responsible = data.responsible
    row.resources = _text(data.resources)
    row.status = data.status
    row.principle = data.principle
    row.effort_before = data.effort_before
    row.effort_during = data.effort_during
    row.effort_after = data.effort_after


def _save_row(row: PlanRow, data: RowInput) -> PlanRow:
    row.full_clean(exclude=["plan"])
    row.save()
    row.people.set(sorted(_ids(data.people)))
    row.needs.set(sorted(_ids(data.needs)))
    return row


@transaction.atomic
def row_create(*, by: User, plan: EducationPlan, data: RowInput) -> PlanRow:
    """A new row, last in the plan."""
    current = _locked_plan(plan.pk)
    _check_row(by=by, plan=current, row=None, data=data)
    last = PlanRow.objects.filter(plan=current).aggregate(last=Max("position"))["last"] or 0
    row = PlanRow(plan=current, position=last + 1)
    _fill_row(row, data)
    _save_row(row, data)
    _raise_version(current)
    return row


@transaction.atomic
def row_update(*, by: User, row: PlanRow, base_version: int, data: RowInput) -> PlanRow:
    """Save a row's fields, people and needs; `PlanConflict` when someone saved it after
    `base_version`."""
    plan = _locked_plan(row.plan_id)
    current = PlanRow.objects.select_for_update().get(pk=row.pk)
    if current.version != base_version:
        raise PlanConflict(current)
    _check_row(by=by, plan=plan, row=current, data=data)
    _fill_row(current, data)
    current.version = base_version + 1
    _save_row(current, data)
    plan.save(update_fields=["updated_at"])
    return current


def _renumber(plan: EducationPlan) -> list[PlanRow]:
    """Positions 1, 2, 3 … in the present order, closing any gap."""
    rows = list(PlanRow.objects.filter(plan=plan).order_by("position", "pk"))
    for position, row in enumerate(rows, 1):
        row.position = position
    PlanRow.objects.bulk_update(rows, ["position"])
    return rows


@transaction.atomic
def row_delete(*, by: User, row: PlanRow, base_version: int) -> None:
    plan = _locked_plan(row.plan_id)
    current = PlanRow.objects.select_for_update().filter(pk=row.pk).first()
    if current is None:
        return
    if current.version != base_version:
        raise PlanConflict(current)
    current.delete()
    _renumber(plan)
    _raise_version(plan)


@transaction.atomic
def row_move(*, by: User, row: PlanRow, plan_version: int, up: bool) -> None:
    """Swap the row with the one before (`up`) or after it; at either end nothing moves.
    `PlanConflict` when the plan's rows changed after `plan_version`."""
    plan = _locked_plan(row.plan_id, plan_version)
    rows = _renumber(plan)
    index = next((i for i, other in enumerate(rows) if other.pk == row.pk), None)
    if index is None:
        raise ValidationError(_("The row is no longer part of the plan."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index].position, rows[other].position = rows[other].position, rows[index].position
        PlanRow.objects.bulk_update([rows[index], rows[other]], ["position"])
        _raise_version(plan)


@transaction.atomic
def row_enrol(*, by: User, row: PlanRow, base_version: int) -> int:
    """Enrol the row's people in its activity; those already enrolled stay as they are (an
    enrolment holds what the person wrote before the course). Returns how many were newly
    enrolled, and queues the reminder runs of the course's procedure after the commit.
    `PlanConflict` when the row changed after `base_version` (its people may no longer be
    those the user saw)."""
    current = (
        PlanRow.objects.select_related("activity").select_for_update(of=("self",)).get(pk=row.pk)
    )
    if current.version != base_version:
        raise PlanConflict(current)
    if current.activity is None:
        raise ValidationError(_("Choose an activity for the row before enrolling anyone."))
    if current.status == Status.CANCELLED:
        raise ValidationError(_("The row is cancelled; nobody is enrolled from it."))
    people = set(current.people.values_list("pk", flat=True))
    if not people:
        raise ValidationError(_("Choose the row's people before enrolling them."))
    already = set(
        Enrolment.objects.filter(activity=current.activity, person_id__in=people).values_list(
            "person_id", flat=True
        )
    )
    new = sorted(people - already)
    # A concurrent enrolment of the same person is skipped by the unique constraint.
    Enrolment.objects.bulk_create(
        [
            Enrolment(activity=current.activity, person_id=person_id, plan_row=current)
            for person_id in new
        ],
        ignore_conflicts=True,
    )
    if new:
        # The before- and after-course procedure now has more participants to remind.
        activity = current.activity
        transaction.on_commit(lambda: schedule_reminders(activity))
    return len(new)
