"""What the organisations app puts on the home page and in the main menu."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trinvis.core import home, navigation
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Membership


def _may_read_audit(request: HttpRequest) -> bool:
    scope = scope_for(request.user)
    return scope.is_platform_admin or any(scope.is_administrator_of(i) for i in scope.detail_ids)


navigation.register(_("Home"), "core:home", order=0)
navigation.register(_("Organisations"), "organisations:list", order=10)
navigation.register(_("My profile"), "accounts:profile", order=90)
navigation.register(_("Audit log"), "organisations:audit_log", order=95, visible=_may_read_audit)


@home.register("organisation")
def my_memberships(request: HttpRequest) -> list[home.HomeItem]:
    """Where I belong, in tree order, as the request's scope read it (no query of its own)."""
    return [
        home.HomeItem(
            title=membership.organisation_name,
            url=reverse("organisations:detail", args=[membership.organisation_id]),
            meta=membership.parent_name or "",
            badges=(Membership.Role(membership.role).label,),
        )
        for membership in scope_for(request.user).memberships
    ]


@home.register("todo")
def pending_invitations(request: HttpRequest) -> list[home.HomeItem]:
    """Leaders see people they invited who have not yet chosen a password."""
    scope = scope_for(request.user)
    managed = [org_id for org_id in scope.detail_ids if scope.can_manage_people(org_id)]
    if not managed or scope.is_platform_admin:
        return []
    waiting = (
        Membership.objects.filter(
            organisation_id__in=managed,
            is_active=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("organisation")
        .order_by("organisation__path")
    )
    first = waiting.first()
    count = waiting.count() if first else 0
    if not count:
        return []
    assert first is not None
    return [
        home.HomeItem(
            title=ngettext(
                "%(count)d invited person has not logged in yet",
                "%(count)d invited people have not logged in yet",
                count,
            )
            % {"count": count},
            url=reverse("organisations:people", args=[first.organisation_id]),
            description=_("Remind them, or check that the e-mail addresses are right."),
        )
    ]


@home.register("todo")
def audit_for_administrators(request: HttpRequest) -> list[home.HomeItem]:
    if not _may_read_audit(request):
        return []
    return [
        home.HomeItem(
            title=_("Review the audit log"),
            url=reverse("organisations:audit_log"),
            description=_("Logins, failed logins, role changes and exports of personal data."),
        )
    ]
