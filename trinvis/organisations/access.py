"""Who may see and change what: the one scoping mechanism every app asks.

A user's scope is derived from their active memberships, down the organisation tree:
- a membership gives *detail* access to its organisation and everything below it, with the
  membership's role inherited downwards (a leader of a municipality leads its units);
- a facilitator's membership (agency staff) gives detail access to the organisation itself
  but only *aggregate* access below it: the municipalities in the agency's tree are seen as
  counts and figures, never as people. A municipality grants more by giving the facilitator
  a membership of its own;
- the organisations above a membership are visible as aggregates, for context;
- a platform administrator (superuser) has detail access everywhere.

Rules for views (ARCHITECTURE.md): an object outside the user's scope is a 404; a write by a
role that may only read is a 403 (`PermissionDenied`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from trinvis.organisations.models import Membership, Organisation

Role = Membership.Role

# Roles that may change shared content (toolkits, profiles, plans) in their organisations.
WRITE_ROLES = frozenset({Role.LEADER, Role.ADMINISTRATOR, Role.DEVELOPMENT_CONSULTANT})
# Roles that manage people (invite, deactivate, change role) and see personal data.
MANAGER_ROLES = frozenset({Role.LEADER, Role.ADMINISTRATOR})
# Roles whose membership reaches below their own organisation only as aggregates.
AGGREGATE_ONLY_ROLES = frozenset({Role.FACILITATOR})
# Roles a leader may hand out; administrator rights come only from an administrator.
ROLES_GRANTABLE_BY_LEADER = frozenset(Role) - {Role.ADMINISTRATOR}

_CACHE_ATTRIBUTE = "_trinvis_scope"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class OwnMembership:
    """One of the user's active memberships, as the scope read it (with the names the home
    page and the header show)."""

    organisation_id: int
    path: str
    role: str
    organisation_name: str
    parent_name: str | None


@dataclass(frozen=True)
class Scope:
    """What one user may see and change, computed once per request."""

    is_platform_admin: bool
    detail_roles: dict[int, frozenset[str]]
    aggregate_ids: frozenset[int]
    # The part of `aggregate_ids` a facilitator follows below their agency (their
    # municipalities), as opposed to the organisations above a membership, seen as context.
    followed_ids: frozenset[int] = frozenset()
    # The user's own active memberships in tree order, a platform administrator's too (the
    # shortcut above grants everything, but what they really lead or belong to is here).
    memberships: tuple[OwnMembership, ...] = ()

    @property
    def first_organisation_name(self) -> str:
        """The organisation of the first membership in tree order (the page header's)."""
        return self.memberships[0].organisation_name if self.memberships else ""

    @property
    def detail_ids(self) -> frozenset[int]:
        return frozenset(self.detail_roles)

    @property
    def visible_ids(self) -> frozenset[int]:
        return self.detail_ids | self.aggregate_ids

    def can_see(self, organisation_id: int) -> bool:
        return organisation_id in self.detail_roles or organisation_id in self.aggregate_ids

    def can_see_detail(self, organisation_id: int) -> bool:
        return organisation_id in self.detail_roles

    def roles_in(self, organisation_id: int) -> frozenset[str]:
        return self.detail_roles.get(organisation_id, frozenset())

    def can_write(self, organisation_id: int) -> bool:
        return bool(self.roles_in(organisation_id) & WRITE_ROLES)

    def can_manage_people(self, organisation_id: int) -> bool:
        return bool(self.roles_in(organisation_id) & MANAGER_ROLES)

    def is_administrator_of(self, organisation_id: int) -> bool:
        return Role.ADMINISTRATOR in self.roles_in(organisation_id)

    def grantable_roles(self, organisation_id: int) -> list[str]:
        if self.is_administrator_of(organisation_id):
            return list(Role)
        if self.can_manage_people(organisation_id):
            return [role for role in Role if role in ROLES_GRANTABLE_BY_LEADER]
        return []

    def can_see_personal_data_in(self, organisation_ids: Iterable[int]) -> bool:
        """True when the user leads (or administers) any of the organisations given.

        Pass the organisations where the person whose data it is holds a membership. The
        person themself is always allowed; check that before calling.
        """
        return any(self.can_manage_people(org_id) for org_id in organisation_ids)


_EMPTY = Scope(is_platform_admin=False, detail_roles={}, aggregate_ids=frozenset())


def scope_for(user: Any) -> Scope:
    """The user's scope; cached on the user object, which lives for one request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _EMPTY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _compute_scope(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def scope_forget(user: Any) -> None:
    """Drop the cached scope after the user's memberships changed within the request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _compute_scope(user: Any) -> Scope:
    memberships = tuple(
        OwnMembership(*row)
        for row in Membership.objects.filter(user=user, is_active=True)
        .order_by("organisation__path", "pk")
        .values_list(
            "organisation_id",
            "organisation__path",
            "role",
            "organisation__name",
            "organisation__parent__name",
        )
    )
    if user.is_superuser:
        all_ids = Organisation.objects.values_list("id", flat=True)
        everything = frozenset({Role.ADMINISTRATOR.value})
        return Scope(True, dict.fromkeys(all_ids, everything), frozenset(), memberships=memberships)
    if not memberships:
        return _EMPTY
    subtree = Q()
    for membership in memberships:
        subtree |= Q(path__startswith=membership.path)
    detail: dict[int, set[str]] = {}
    aggregate: set[int] = set()
    for org_id, path in Organisation.objects.filter(subtree).values_list("id", "path"):
        for membership in memberships:
            if not path.startswith(membership.path):
                continue
            if membership.role in AGGREGATE_ONLY_ROLES and org_id != membership.organisation_id:
                aggregate.add(org_id)
            else:
                detail.setdefault(org_id, set()).add(membership.role)
    # Members see the organisations above their own as context (name, structure, key figures).
    ancestors = {int(part) for item in memberships for part in item.path.strip("/").split("/")}
    return Scope(
        is_platform_admin=False,
        detail_roles={org_id: frozenset(roles) for org_id, roles in detail.items()},
        aggregate_ids=frozenset((aggregate | ancestors) - detail.keys()),
        followed_ids=frozenset(aggregate - detail.keys()),
        memberships=memberships,
    )


def filter_for_user(
    queryset: QuerySet[M], *, user: Any, field: str = "organisation"
) -> QuerySet[M]:
    """Restrict a queryset of tenant rows to those the user may see in detail."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return queryset
    return queryset.filter(**{f"{field}_id__in": scope.detail_ids})


def get_for_user(
    queryset: QuerySet[M],
    *,
    user: Any,
    pk: Any,
    write: bool = False,
    field: str = "organisation",
    manage_people: bool = False,
) -> M:
    """Fetch one tenant row for a view: 404 outside the scope, 403 on a write without rights."""
    obj = filter_for_user(queryset, user=user, field=field).filter(pk=pk).first()
    if obj is None:
        raise Http404
    organisation_id = getattr(obj, f"{field}_id")
    _check_write(scope_for(user), organisation_id, write=write, manage_people=manage_people)
    return obj


def _check_write(scope: Scope, organisation_id: int, *, write: bool, manage_people: bool) -> None:
    if manage_people and not scope.can_manage_people(organisation_id):
        raise PermissionDenied
    if write and not scope.can_write(organisation_id):
        raise PermissionDenied


def organisation_get_for_user(
    *,
    user: Any,
    pk: Any,
    write: bool = False,
    manage_people: bool = False,
    detail: bool = True,
) -> Organisation:
    """An organisation the user may see; `detail=False` also admits aggregate-only access."""
    scope = scope_for(user)
    try:
        organisation_id = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    allowed = scope.can_see_detail(organisation_id) or (
        not detail and organisation_id in scope.aggregate_ids
    )
    if not allowed:
        raise Http404
    _check_write(scope, organisation_id, write=write, manage_people=manage_people)
    return Organisation.objects.select_related("parent").get(pk=organisation_id)


def membership_get_for_user(*, user: Any, pk: Any, manage_people: bool = False) -> Membership:
    return get_for_user(
        Membership.objects.select_related("user", "organisation"),
        user=user,
        pk=pk,
        manage_people=manage_people,
    )
