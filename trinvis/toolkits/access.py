"""Who may see and change toolkits, runs and worksheets, on top of organisations.access.

- Shipped toolkits are readable by every logged-in user; an organisation's adapted copy by
  those who see the organisation in detail, and changed by its write roles.
- A run is readable by everyone who sees its organisation in detail, and by its responsible
  person and participants wherever they sit in the tree (a team member taking part in the
  municipality's run). It is changed by the organisation's write roles (leader, development
  consultant, administrator), the responsible person and the participants; everyone else who
  can read gets 403 on writes.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from trinvis.organisations.access import scope_for
from trinvis.toolkits.models import Run, Toolkit


def toolkits_visible(*, user: Any) -> QuerySet[Toolkit]:
    scope = scope_for(user)
    if scope.is_platform_admin:
        return Toolkit.objects.all()
    return Toolkit.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=scope.detail_ids)
    )


def toolkit_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Toolkit:
    toolkit = toolkits_visible(user=user).filter(pk=pk).first()
    if toolkit is None:
        raise Http404
    if write and (
        toolkit.organisation_id is None or not scope_for(user).can_write(toolkit.organisation_id)
    ):
        raise PermissionDenied
    return toolkit


def runs_visible(*, user: Any) -> QuerySet[Run]:
    scope = scope_for(user)
    if scope.is_platform_admin:
        return Run.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Run.objects.none()
    takes_part = Run.participants.through.objects.filter(run_id=OuterRef("pk"), user_id=user.pk)
    return Run.objects.filter(
        Q(organisation_id__in=scope.detail_ids) | Q(responsible_id=user.pk) | Exists(takes_part)
    )


def may_edit_run(*, user: Any, run: Run) -> bool:
    if scope_for(user).can_write(run.organisation_id) or run.responsible_id == user.pk:
        return True
    return run.participants.filter(pk=user.pk).exists()


def run_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Run:
    run = (
        runs_visible(user=user)
        .select_related("organisation", "toolkit", "responsible")
        .filter(pk=pk)
        .first()
    )
    if run is None:
        raise Http404
    if write and not may_edit_run(user=user, run=run):
        raise PermissionDenied
    return run
