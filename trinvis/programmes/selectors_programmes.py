"""Reads for the programme pages: who may create a programme and for which organisation,
who may sit in its working group, what the programme page shows to whom, and why a
programme cannot be deleted."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import ngettext

from trinvis.accounts.models import User
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Organisation
from trinvis.programmes.access import (
    RUNNING_ROLES,
    TAKING_PART,
    belonging_ids,
)
from trinvis.programmes.models import AgencyProgramme, Candidate

Kind = Organisation.Kind
OWNER_KINDS = (Kind.AGENCY, Kind.REGION)


def owners_for_user(*, user: Any) -> QuerySet[Organisation]:
    """The agencies and regions where the user runs programmes, i.e. may create one."""
    owners = Organisation.objects.filter(kind__in=OWNER_KINDS).order_by("path")
    scope = scope_for(user)
    if scope.is_platform_admin:
        return owners
    running = [org_id for org_id, roles in scope.detail_roles.items() if roles & RUNNING_ROLES]
    return owners.filter(pk__in=running)


def may_see_programmes(*, user: Any) -> bool:
    """Whether the main menu shows "Programmes": for those who may run or create one and
    for the leaders and consultants of municipalities that may take part — anyone with a
    running role somewhere. It reads only the request's scope, so the menu costs no query
    on any page; an employee reaches their municipality's part through its links."""
    scope = scope_for(user)
    return scope.is_platform_admin or any(
        roles & RUNNING_ROLES for roles in scope.detail_roles.values()
    )


def working_group_choices(*, owner: Organisation, programme: AgencyProgramme | None) -> Any:
    """Who may sit in the working group: the people of the owner and of the organisations
    below it that are not municipalities (regions, the agency's own units), and whoever
    sits in it already."""
    subtree = list(
        Organisation.objects.filter(path__startswith=owner.path).values_list("pk", "path", "kind")
    )
    municipal = {pk for pk, _path, kind in subtree if kind == Kind.MUNICIPALITY}
    allowed = [
        pk
        for pk, path, _kind in subtree
        if not municipal & {int(part) for part in path.strip("/").split("/")}
    ]
    chosen = Q(memberships__organisation_id__in=allowed, memberships__is_active=True)
    if programme is not None:
        chosen |= Q(pk__in=programme.working_group.values("pk"))
    return User.objects.filter(chosen).distinct().order_by("full_name", "email")


def delete_blockers(programme: AgencyProgramme) -> list[str]:
    """Why the programme cannot be deleted (empty: it can): letters sent, workshops
    planned, municipalities taking part."""
    blockers = []
    letters = programme.letters.count()
    if letters:
        blockers.append(
            ngettext(
                "%(count)s letter was sent to a municipality.",
                "%(count)s letters were sent to municipalities.",
                letters,
            )
            % {"count": letters}
        )
    workshops = programme.workshops.count()
    if workshops:
        blockers.append(
            ngettext(
                "%(count)s workshop is planned.", "%(count)s workshops are planned.", workshops
            )
            % {"count": workshops}
        )
    taking_part = programme.candidates.filter(status__in=TAKING_PART).count()
    if taking_part:
        blockers.append(
            ngettext(
                "%(count)s municipality takes part.",
                "%(count)s municipalities take part.",
                taking_part,
            )
            % {"count": taking_part}
        )
    return blockers


@dataclass(frozen=True)
class ProgrammeMunicipalities:
    """The municipalities on the programme page: those taking part (for a municipality's
    member: only their own) and, for those running it, how many are suggested or
    removed."""

    taking_part: list[Candidate]
    counts: Counter[str]


def programme_municipalities(
    *, user: Any, programme: AgencyProgramme, runs: bool
) -> ProgrammeMunicipalities:
    candidates = programme.candidates.select_related("area", "organisation").order_by(
        "area__name", "pk"
    )
    if not runs:
        own = candidates.filter(status__in=TAKING_PART, organisation_id__in=belonging_ids(user))
        return ProgrammeMunicipalities(list(own), Counter())
    every = list(candidates)
    return ProgrammeMunicipalities(
        [candidate for candidate in every if candidate.takes_part],
        Counter(candidate.status for candidate in every),
    )
