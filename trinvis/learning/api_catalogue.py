"""JSON API of the activity catalogue: activities, programmes with their paths, and an
organisation's principles; read only.

The pages' rules hold (trinvis/learning/access.py): shared content of the organisations the
user reads, 404 outside them. Changes go through the pages, which carry the version check.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from trinvis.learning.access import readable_organisation_ids
from trinvis.learning.models import Activity, Principle, Programme
from trinvis.learning.selectors_catalogue import (
    activities_for_user,
    activity_get_for_user,
    programme_get_for_user,
    programme_grid,
    programmes_for_user,
)
from trinvis.organisations.models import Organisation

router = Router(tags=["learning catalogue"])


class Message(Schema):
    detail: str


class ActivityOut(Schema):
    id: int
    organisation_id: int
    kind: str
    title: str
    description: str
    provider: str
    programme_id: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    place: str
    length_hours: Decimal | None
    cost: Decimal | None
    currency: str
    language: str
    competence_ids: list[int]
    programme_text: str
    preparation: str
    reminder_days: list[int]
    headings: list[str]
    follow_up_day_at: datetime.datetime | None
    follow_up_day_place: str
    version: int

    @staticmethod
    def resolve_competence_ids(activity: Activity) -> list[int]:
        return sorted(competence.pk for competence in activity.competences.all())

    @staticmethod
    def resolve_headings(activity: Activity) -> list[str]:
        return [line.strip() for line in activity.headings.splitlines() if line.strip()]


class PathOut(Schema):
    id: int
    name: str
    description: str
    # The path's modules (activity ids) in the order to take them.
    module_ids: list[int]


class ProgrammeOut(Schema):
    id: int
    organisation_id: int
    name: str
    description: str
    how_modules_combine: str
    version: int


class ProgrammeDetailOut(ProgrammeOut):
    module_ids: list[int]
    paths: list[PathOut]


class PrincipleOut(Schema):
    id: int
    topic: str
    title: str
    description: str
    position: int


@router.get("/learning/activities", response=list[ActivityOut], url_name="learning_activity_list")
def activity_list(request: HttpRequest) -> Any:
    return activities_for_user(user=request.user).prefetch_related("competences").order_by("pk")


@router.get(
    "/learning/activities/{int:activity_id}",
    response={200: ActivityOut, 404: Message},
    url_name="learning_activity_detail",
)
def activity_detail(request: HttpRequest, activity_id: int) -> Any:
    return activity_get_for_user(user=request.user, pk=activity_id)


@router.get("/learning/programmes", response=list[ProgrammeOut], url_name="learning_programme_list")
def programme_list(request: HttpRequest) -> Any:
    return programmes_for_user(user=request.user).order_by("pk")


@router.get(
    "/learning/programmes/{int:programme_id}",
    response={200: ProgrammeDetailOut, 404: Message},
    url_name="learning_programme_detail",
)
def programme_detail(request: HttpRequest, programme_id: int) -> Any:
    programme: Programme = programme_get_for_user(user=request.user, pk=programme_id)
    grid = programme_grid(programme=programme)
    return {
        "id": programme.pk,
        "organisation_id": programme.organisation_id,
        "name": programme.name,
        "description": programme.description,
        "how_modules_combine": programme.how_modules_combine,
        "version": programme.version,
        "module_ids": [module.pk for module in grid.modules],
        "paths": [
            {
                "id": path.pk,
                "name": path.name,
                "description": path.description,
                "module_ids": [module.pk for module in sequence],
            }
            for path, sequence in grid.paths_with_modules
        ],
    }


@router.get(
    "/learning/organisations/{int:organisation_id}/principles",
    response={200: list[PrincipleOut], 404: Message},
    url_name="learning_principle_list",
)
def principle_list(request: HttpRequest, organisation_id: int) -> Any:
    readable = readable_organisation_ids(request.user)
    allowed = readable is None or organisation_id in readable
    if not allowed or not Organisation.objects.filter(pk=organisation_id).exists():
        raise Http404
    return Principle.objects.filter(organisation_id=organisation_id).order_by("position", "pk")
