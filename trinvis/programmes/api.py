"""JSON API of the agency programmes: the programmes the user runs or takes part in, one
programme with its municipalities and its linked surveys, its workshops with their run
sheets, and its dashboard; read only.

The pages' rules hold (access.py): those who run a programme see all of it, with each
municipality's contact person; a municipality taking part sees the programme, its own
municipality and the workshops, never the other municipalities or the dashboard (404);
anyone else gets 404, and anonymous requests 401. A linked survey is listed only for those
who may read it anyway (selectors_surveys): a link never widens what someone may read.
"""

import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from trinvis.organisations.access import scope_for
from trinvis.programmes import selectors_dashboard as dashboard_selectors
from trinvis.programmes.access import (
    RUNNING_ROLES,
    candidates_in_reach,
    may_run,
    programme_get_for_user,
    programme_part_check,
    programmes_for_user,
)
from trinvis.programmes.models import AgencyProgramme, Candidate
from trinvis.programmes.selectors_surveys import programme_surveys

router = Router(tags=["programmes"])


class Message(Schema):
    detail: str


class AgencyProgrammeOut(Schema):
    id: int
    name: str
    owner_id: int
    owner_name: str
    runs: bool  # the user runs the programme; false on a municipality's side
    version: int


class MunicipalityAreaOut(Schema):
    country: str
    code: str  # the official municipality number
    name: str


class ContactPersonOut(Schema):
    name: str
    email: str
    phone: str
    role: str


class ProgrammeMunicipalityOut(Schema):
    id: int
    area: MunicipalityAreaOut
    status: str
    organisation_id: int | None
    contact: ContactPersonOut | None  # only for those who run the programme


class AgencyProgrammeDetailOut(AgencyProgrammeOut):
    mandate: str
    principles: str
    plan: str
    regional_adaptation: str
    municipalities: list[ProgrammeMunicipalityOut]
    # The surveys linked to the programme that the user may read
    # (their results: /api/surveys/{id}/results).
    survey_ids: list[int]


class RunSheetLineOut(Schema):
    id: int
    day: int
    starts_at: datetime.time
    minutes: int
    activity: str
    purpose: str
    how: str
    materials: str
    responsible: str
    version: int


class ProgrammeWorkshopOut(Schema):
    id: int
    number: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    target_group: str
    background: str
    goal: str
    themes: str
    cost: str
    registration_deadline: datetime.date | None
    version: int
    run_sheet: list[RunSheetLineOut]


class DashboardMunicipalityOut(Schema):
    municipality_id: int  # the programme's municipality (as in the programme's detail)
    name: str
    plan_run_id: int | None  # the plan's toolkit run; None before the plan is started
    steps_done: int | None  # done or skipped
    steps_total: int | None
    next_step: str
    goals_set: int
    goals_worked_on: int
    follow_ups_held: int
    follow_ups_overdue: int
    homework_submitted: int
    homework_total: int
    letters_sent: int


class DashboardTotalsOut(Schema):
    municipalities: int
    plans: int
    steps_done: int
    steps_total: int
    goals_set: int
    goals_worked_on: int
    follow_ups_held: int
    follow_ups_overdue: int
    homework_submitted: int
    homework_total: int
    letters_sent: int


class ProgrammeSurveyOut(Schema):
    id: int
    title: str
    wave: str
    opened_at: datetime.datetime
    responses: int
    invited: int
    response_rate: float | None  # percent; None for an open link (nobody invited)


class ProgrammeDashboardOut(Schema):
    # Where goals set and worked on come from: the follow-up conversations' agreed items.
    goals_source: str
    goals_source_note: str
    municipalities: list[DashboardMunicipalityOut]
    totals: DashboardTotalsOut
    # The surveys linked to the programme that the user may read, newest first.
    surveys: list[ProgrammeSurveyOut]


def _run_by(user: Any, programmes: list[AgencyProgramme]) -> set[int]:
    """Which of the programmes the user runs (access.may_run, for a whole list in one
    query): staff of the owner with a running role, or the working group."""
    ids = [programme.pk for programme in programmes]
    scope = scope_for(user)
    if scope.is_platform_admin:
        return set(ids)
    running = [org_id for org_id, roles in scope.detail_roles.items() if roles & RUNNING_ROLES]
    return set(
        AgencyProgramme.objects.filter(pk__in=ids)
        .filter(Q(owner_id__in=running) | Q(working_group=user))
        .values_list("pk", flat=True)
    )


def _programme(programme: AgencyProgramme, runs: bool) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "name": programme.name,
        "owner_id": programme.owner_id,
        "owner_name": programme.owner.name,
        "runs": runs,
        "version": programme.version,
    }


def _municipality(candidate: Candidate, runs: bool) -> dict[str, Any]:
    contact = {
        "name": candidate.contact_name,
        "email": candidate.contact_email,
        "phone": candidate.contact_phone,
        "role": candidate.contact_role,
    }
    return {
        "id": candidate.pk,
        "area": candidate.area,
        "status": candidate.status,
        "organisation_id": candidate.organisation_id,
        "contact": contact if runs else None,
    }


@router.get("/programmes", response=list[AgencyProgrammeOut], url_name="programme_list")
def programme_list(request: HttpRequest) -> Any:
    programmes = list(programmes_for_user(user=request.user).select_related("owner").order_by("pk"))
    running = _run_by(request.user, programmes)
    return [_programme(programme, programme.pk in running) for programme in programmes]


@router.get(
    "/programmes/{int:programme_id}",
    response={200: AgencyProgrammeDetailOut, 404: Message},
    url_name="programme_detail",
)
def programme_detail(request: HttpRequest, programme_id: int) -> Any:
    """The programme with the municipalities taking part: all of them for those who run it,
    the user's own for a municipality."""
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    runs = may_run(user=request.user, programme=programme)
    candidates = (
        candidates_in_reach(user=request.user, programme=programme, runs=runs)
        .select_related("area")
        .order_by("area__name", "pk")
    )
    return {
        **_programme(programme, runs),
        "mandate": programme.mandate,
        "principles": programme.principles,
        "plan": programme.plan,
        "regional_adaptation": programme.regional_adaptation,
        "municipalities": [_municipality(candidate, runs) for candidate in candidates],
        "survey_ids": sorted(
            programme_surveys(programme=programme, user=request.user).values_list("pk", flat=True)
        ),
    }


@router.get(
    "/programmes/{int:programme_id}/workshops",
    response={200: list[ProgrammeWorkshopOut], 404: Message},
    url_name="programme_workshops",
)
def programme_workshops(request: HttpRequest, programme_id: int) -> Any:
    """The workshops in order, each with its run sheet in time order."""
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    return programme.workshops.order_by("number").prefetch_related("run_sheet")


@router.get(
    "/programmes/{int:programme_id}/dashboard",
    response={200: ProgrammeDashboardOut, 404: Message},
    url_name="programme_dashboard",
)
def programme_dashboard(request: HttpRequest, programme_id: int) -> Any:
    """The dashboard's rows by municipality name, its totals and the linked surveys: for
    those who run the programme."""
    programme = programme_get_for_user(user=request.user, pk=programme_id)
    programme_part_check(user=request.user, programme=programme, running_only=True)
    found = dashboard_selectors.dashboard_of(
        programme=programme, user=request.user, today=timezone.localdate()
    )
    totals = found.totals
    return {
        "goals_source": dashboard_selectors.GOALS_SOURCE,
        "goals_source_note": dashboard_selectors.goals_source_text(),
        "municipalities": [
            {
                "municipality_id": row.candidate.pk,
                "name": row.name,
                "plan_run_id": row.plan.plan.run_id if row.plan else None,
                "steps_done": row.plan.steps_settled if row.plan else None,
                "steps_total": row.plan.steps_total if row.plan else None,
                "next_step": row.next_step,
                "goals_set": row.goals.total,
                "goals_worked_on": row.goals.worked_on,
                "follow_ups_held": row.follow_ups_held,
                "follow_ups_overdue": row.follow_ups_overdue,
                "homework_submitted": row.homework_submitted,
                "homework_total": row.homework_total,
                "letters_sent": row.letters_sent,
            }
            for row in found.rows
        ],
        "totals": {
            "municipalities": totals.municipalities,
            "plans": totals.plans,
            "steps_done": totals.steps_settled,
            "steps_total": totals.steps_total,
            "goals_set": totals.goals_set,
            "goals_worked_on": totals.goals_worked_on,
            "follow_ups_held": totals.follow_ups_held,
            "follow_ups_overdue": totals.follow_ups_overdue,
            "homework_submitted": totals.homework_submitted,
            "homework_total": totals.homework_total,
            "letters_sent": totals.letters_sent,
        },
        "surveys": [
            {
                "id": line.survey.pk,
                "title": line.survey.title,
                "wave": line.survey.wave,
                "opened_at": line.survey.opened_at,
                "responses": line.responses,
                "invited": line.invited,
                "response_rate": line.rate,
            }
            for line in found.surveys
        ],
    }
