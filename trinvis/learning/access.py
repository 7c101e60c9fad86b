"""Who may see and change the learning module's records.

- Shared content of an organisation (the activity catalogue, programmes and paths,
  principles, education plans, implementation plans and their meetings) is read like the
  competence profiles: by everyone with detail access to the organisation and by the people
  of the units below it (the catalogue and plans that apply to me are no secret); the write
  roles (leader, administrator, development consultant) change it. A facilitator does not
  reach into the municipalities they follow.
- Personal records (learning goals, logbook entries, motivation checks, follow-up talks)
  belong to a person: the person and their leaders (those who manage people in an
  organisation where the person is a member, or above it) see them; nobody else does — not
  colleagues, not development consultants, not facilitators. A logbook entry is private to
  its author until shared: with "leader" their leaders see it, with "team" also the people
  of the organisations the author belongs to.

Views answer 404 outside this and 403 for a write by a role that may only read.
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from trinvis.accounts.models import User
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Membership

M = TypeVar("M", bound=Model)


def readable_organisation_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose shared learning content the user reads; None: all (platform
    administrators)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    return frozenset(scope.detail_ids | (scope.aggregate_ids - scope.followed_ids))


def shared_for_user(
    queryset: QuerySet[M], *, user: Any, field: str = "organisation_id"
) -> QuerySet[M]:
    """The rows of a shared-content queryset the user may read."""
    readable = readable_organisation_ids(user)
    if readable is None:
        return queryset
    return queryset.filter(**{f"{field}__in": readable})


def shared_get_for_user(
    queryset: QuerySet[M],
    *,
    user: Any,
    pk: Any,
    write: bool = False,
    field: str = "organisation_id",
) -> M:
    """One shared record for a view: 404 outside the user's reach, 403 for a write by a
    role that may only read."""
    found = (
        shared_for_user(queryset, user=user, field=field).filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    organisation_id: Any = found
    for part in field.split("__"):
        organisation_id = getattr(organisation_id, part)
    if write and not scope_for(user).can_write(organisation_id):
        raise PermissionDenied
    return found


def may_write_in(*, user: Any, organisation_id: int) -> bool:
    return scope_for(user).can_write(organisation_id)


def person_organisation_ids(person: User) -> list[int]:
    return list(
        Membership.objects.filter(user=person, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )


def is_leader_of(*, user: Any, person: User) -> bool:
    """The user leads (or administers) an organisation where the person is a member."""
    if not getattr(user, "is_authenticated", False) or user.pk == person.pk:
        return False
    return scope_for(user).can_see_personal_data_in(person_organisation_ids(person))


def may_see_personal(*, user: Any, person: User) -> bool:
    """The person themself, or one of their leaders."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk == person.pk or is_leader_of(user=user, person=person)


def person_get_for_user(*, user: Any, pk: Any) -> User:
    """A person whose personal learning records the user may open (404 otherwise)."""
    person = User.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if person is None or not may_see_personal(user=user, person=person):
        raise Http404
    return person


def are_colleagues(*, user: Any, person: User) -> bool:
    """Both are active members of one same organisation (the "team" a logbook entry may be
    shared with)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, is_active=True, organisation_id__in=person_organisation_ids(person)
    ).exists()
