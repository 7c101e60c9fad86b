"""Reads of the catalogue pages: activities, programmes with their paths, principles.

Every page's query count is fixed: lists prefetch what their rows show, and the programme
grid and a module's place in its paths are built from one query each.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from trinvis.competences.access import profiles_for_user
from trinvis.competences.models import Competence, Profile
from trinvis.learning.access import shared_for_user, shared_get_for_user
from trinvis.learning.models import Activity, Path, PathStep, Principle, Programme
from trinvis.organisations.models import Organisation

WHEN_UPCOMING, WHEN_PAST = "upcoming", "past"


# --- access -----------------------------------------------------------------------------------


def activities_for_user(*, user: Any) -> QuerySet[Activity]:
    return shared_for_user(Activity.objects.select_related("organisation", "programme"), user=user)


def activity_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Activity:
    return shared_get_for_user(
        Activity.objects.select_related("organisation", "programme"),
        user=user,
        pk=pk,
        write=write,
    )


def programmes_for_user(*, user: Any) -> QuerySet[Programme]:
    return shared_for_user(Programme.objects.select_related("organisation"), user=user)


def programme_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Programme:
    return shared_get_for_user(
        Programme.objects.select_related("organisation"), user=user, pk=pk, write=write
    )


def path_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Path:
    return shared_get_for_user(
        Path.objects.select_related("programme__organisation"),
        user=user,
        pk=pk,
        write=write,
        field="programme__organisation_id",
    )


def principle_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Principle:
    return shared_get_for_user(
        Principle.objects.select_related("organisation"), user=user, pk=pk, write=write
    )


# --- activities -------------------------------------------------------------------------------


def activity_search(
    *,
    user: Any,
    today: datetime.date,
    kind: str = "",
    competence_id: int | None = None,
    programme_id: int | None = None,
    when: str = "",
    query: str = "",
) -> QuerySet[Activity]:
    """The activities the user reads, filtered; dated ones first, by start."""
    activities = activities_for_user(user=user)
    if kind:
        activities = activities.filter(kind=kind)
    if competence_id is not None:
        activities = activities.filter(competences__id=competence_id)
    if programme_id is not None:
        activities = activities.filter(programme_id=programme_id)
    if when:
        # An activity without an end date is over when its start date is.
        activities = activities.annotate(last_day=Coalesce("ends_on", "starts_on"))
        if when == WHEN_UPCOMING:
            activities = activities.filter(last_day__gte=today)
        elif when == WHEN_PAST:
            activities = activities.filter(last_day__lt=today)
    if query.strip():
        words = query.strip()
        activities = activities.filter(Q(title__icontains=words) | Q(provider__icontains=words))
    return activities.prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("position", "pk"))
    ).order_by(F("starts_on").asc(nulls_last=True), "title", "pk")


def competence_groups(
    *, user: Any, extra_ids: Iterable[int] = ()
) -> list[tuple[Profile, list[Competence]]]:
    """The competences the user may link an activity to, grouped by profile: those of the
    profiles they read, plus `extra_ids` (already linked) so a form never drops them."""
    readable = profiles_for_user(user=user).values("pk")
    competences = (
        Competence.objects.filter(Q(profile__in=readable) | Q(pk__in=list(extra_ids)))
        .select_related("profile__organisation")
        .order_by("profile__name", "profile_id", "position", "pk")
    )
    groups: dict[int, tuple[Profile, list[Competence]]] = {}
    for competence in competences:
        groups.setdefault(competence.profile_id, (competence.profile, []))[1].append(competence)
    return list(groups.values())


@dataclass(frozen=True)
class PlaceInPath:
    """Where a module stands in one path: its position, and its neighbours."""

    path: Path
    position: int
    length: int
    before: Activity | None
    after: Activity | None


def activity_paths(*, activity: Activity) -> list[PlaceInPath]:
    """The paths the module is part of, with the module before and after it."""
    steps = list(
        PathStep.objects.filter(path__steps__activity=activity)
        .select_related("path", "activity")
        .order_by("path__name", "path_id", "position", "pk")
    )
    by_path: dict[int, list[PathStep]] = {}
    for step in steps:
        by_path.setdefault(step.path_id, []).append(step)
    places = []
    for path_steps in by_path.values():
        index = next(i for i, step in enumerate(path_steps) if step.activity_id == activity.pk)
        places.append(
            PlaceInPath(
                path=path_steps[index].path,
                position=index + 1,
                length=len(path_steps),
                before=path_steps[index - 1].activity if index > 0 else None,
                after=path_steps[index + 1].activity if index + 1 < len(path_steps) else None,
            )
        )
    return places


def activity_competences(*, activity: Activity) -> list[tuple[Profile, list[Competence]]]:
    competences = activity.competences.select_related("profile").order_by(
        "profile__name", "profile_id", "position", "pk"
    )
    groups: dict[int, tuple[Profile, list[Competence]]] = {}
    for competence in competences:
        groups.setdefault(competence.profile_id, (competence.profile, []))[1].append(competence)
    return list(groups.values())


# --- programmes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridRow:
    """One module of a programme and its position in each path (None: not in it)."""

    module: Activity
    positions: list[int | None]


@dataclass(frozen=True)
class ProgrammeGrid:
    modules: list[Activity]
    paths: list[Path]
    # Per path, its modules in order.
    sequences: list[list[Activity]]
    rows: list[GridRow]

    @property
    def paths_with_modules(self) -> list[tuple[Path, list[Activity]]]:
        return list(zip(self.paths, self.sequences, strict=True))


def programme_grid(*, programme: Programme) -> ProgrammeGrid:
    """The programme's modules × paths: which module is in which path, and where."""
    modules = list(
        Activity.objects.filter(programme=programme, kind=Activity.Kind.MODULE).order_by(
            F("starts_on").asc(nulls_last=True), "title", "pk"
        )
    )
    paths = list(
        Path.objects.filter(programme=programme).prefetch_related(
            Prefetch(
                "steps",
                queryset=PathStep.objects.select_related("activity").order_by("position", "pk"),
            )
        )
    )
    sequences = [[step.activity for step in path.steps.all()] for path in paths]
    positions = [
        {activity.pk: index for index, activity in enumerate(sequence, 1)} for sequence in sequences
    ]
    rows = [
        GridRow(module=module, positions=[where.get(module.pk) for where in positions])
        for module in modules
    ]
    return ProgrammeGrid(modules=modules, paths=paths, sequences=sequences, rows=rows)


def path_steps(*, path: Path) -> list[PathStep]:
    return list(
        PathStep.objects.filter(path=path).select_related("activity").order_by("position", "pk")
    )


# --- principles -------------------------------------------------------------------------------


def principles_by_topic(
    *, organisation: Organisation
) -> list[tuple[Principle.Topic, list[Principle]]]:
    """The organisation's principles under each topic, in their order; empty topics left out."""
    principles = Principle.objects.filter(organisation=organisation).annotate(
        plan_row_count=Count("plan_rows")
    )
    by_topic: dict[str, list[Principle]] = {}
    for principle in principles.order_by("position", "pk"):
        by_topic.setdefault(principle.topic, []).append(principle)
    return [(topic, by_topic[topic]) for topic in Principle.Topic if topic in by_topic]


def organisations_with_principles(*, user: Any) -> QuerySet[Organisation]:
    """The readable organisations that have recorded principles, with how many."""
    principles = shared_for_user(Principle.objects.all(), user=user)
    return (
        Organisation.objects.filter(pk__in=principles.values("organisation_id"))
        .annotate(principle_count=Count("learning_principles"))
        .order_by("path")
    )
