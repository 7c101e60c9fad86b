"""Reads for organisations and people; each returns in a fixed number of queries."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from trinvis.organisations.access import Scope, scope_for
from trinvis.organisations.models import Membership, Organisation
from trinvis.reports.spreadsheets import safe


@dataclass(frozen=True)
class TreeNode:
    organisation: Organisation
    level: int
    detail: bool
    children: list["TreeNode"]


def organisation_tree_for_user(*, user: Any) -> list[TreeNode]:
    """The organisations a user may see, as a forest; aggregate-only nodes are marked."""
    scope = scope_for(user)
    visible = (
        Organisation.objects.all()
        if scope.is_platform_admin
        else Organisation.objects.filter(id__in=scope.visible_ids)
    )
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for org in visible.order_by("path"):
        parent = nodes.get(org.parent_id) if org.parent_id else None
        node = TreeNode(org, parent.level + 1 if parent else 0, scope.can_see_detail(org.pk), [])
        nodes[org.pk] = node
        (parent.children if parent else roots).append(node)
    return roots


def organisation_breadcrumbs(*, organisation: Organisation, scope: Scope) -> list[Organisation]:
    """Ancestors the user may see, top first, then the organisation itself."""
    ancestors = Organisation.objects.filter(id__in=organisation.ancestor_ids).order_by("depth")
    return [org for org in ancestors if scope.can_see(org.pk)] + [organisation]


def organisation_children(*, organisation: Organisation) -> QuerySet[Organisation]:
    return organisation.children.annotate(
        active_members=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by("kind", "name")


def subtree_people_count(*, organisation: Organisation) -> dict[str, int]:
    """Active people below and in an organisation, by role: an aggregate anyone in scope sees."""
    rows = (
        Membership.objects.filter(organisation__path__startswith=organisation.path, is_active=True)
        .values("role")
        .annotate(n=Count("user_id", distinct=True))
    )
    counts = Counter({row["role"]: row["n"] for row in rows})
    return {str(label): counts[value] for value, label in Membership.Role.choices}


def memberships_in_subtree(
    *, organisation: Organisation, active: bool | None = True, search: str = ""
) -> QuerySet[Membership]:
    memberships = Membership.objects.filter(
        organisation__path__startswith=organisation.path
    ).select_related("user", "organisation")
    if active is not None:
        memberships = memberships.filter(is_active=active)
    if search:
        memberships = memberships.filter(
            Q(user__full_name__icontains=search) | Q(user__email__icontains=search)
        )
    return memberships.order_by("user__full_name", "organisation__path")


def organisations_for_select(*, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisation and everything below it, for choosing where a person belongs."""
    return Organisation.objects.filter(path__startswith=organisation.path).order_by("path")


def people_csv(*, organisation: Organisation) -> str:
    """The people of an organisation in the same columns the import reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "email", "unit", "role", "active"])
    for membership in memberships_in_subtree(organisation=organisation, active=None):
        writer.writerow(
            [
                # Formula-like text neutralised, as in every other download (issue 8).
                safe(membership.user.full_name),
                safe(membership.user.email),
                safe(membership.organisation.name),
                membership.role,
                "yes" if membership.is_active else "no",
            ]
        )
    return buffer.getvalue()
