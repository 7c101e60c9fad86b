"""Who may see and change key figures, on top of organisations.access.

Key figures are aggregates from public statistics, never personal data, so they are read
widely:
- a shipped definition and its values: every logged-in user;
- an organisation's own definition (and its values): the organisation, the organisations
  below it and the agencies and regions above it, i.e. every organisation in the user's
  scope, detail or aggregate; its write roles change it;
- a zero point and its targets: read like the organisation's other shared content (its
  members, the people of its units and those above it), written by its write roles.

Views answer 404 outside this and 403 for a write by a role that may only read.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trinvis.indicators.models import Baseline, Indicator, Target
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Organisation


def readable_organisation_ids(user: Any) -> frozenset[int] | None:
    """The organisations whose own definitions, zero points and targets the user reads;
    None: all of them (platform administrators)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    return scope.visible_ids


def may_write_in(*, user: Any, organisation_id: int) -> bool:
    return scope_for(user).can_write(organisation_id)


def organisations_writable(*, user: Any) -> QuerySet[Organisation]:
    """Where the user may define own key figures and fix zero points."""
    scope = scope_for(user)
    ids = [org_id for org_id in scope.detail_ids if scope.can_write(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("path")


def indicators_for_user(*, user: Any) -> QuerySet[Indicator]:
    """The definitions the user reads: the shipped ones and the own ones in reach."""
    if not getattr(user, "is_authenticated", False):
        return Indicator.objects.none()
    readable = readable_organisation_ids(user)
    indicators = Indicator.objects.select_related("owner")
    if readable is None:
        return indicators
    return indicators.filter(Q(owner__isnull=True) | Q(owner_id__in=readable))


def may_write_indicator(*, user: Any, indicator: Indicator) -> bool:
    """Shipped definitions are nobody's to change; own ones belong to the owner's write
    roles."""
    return indicator.owner_id is not None and may_write_in(
        user=user, organisation_id=indicator.owner_id
    )


def indicator_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Indicator:
    found = indicators_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    if write and not may_write_indicator(user=user, indicator=found):
        raise PermissionDenied
    return found


def baselines_for_user(*, user: Any) -> QuerySet[Baseline]:
    readable = readable_organisation_ids(user)
    baselines = Baseline.objects.select_related("organisation", "indicator")
    if readable is None:
        return baselines
    return baselines.filter(organisation_id__in=readable)


def baseline_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Baseline:
    found = baselines_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    if write and not may_write_in(user=user, organisation_id=found.organisation_id):
        raise PermissionDenied
    return found


def target_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Target:
    readable = readable_organisation_ids(user)
    targets = Target.objects.select_related(
        "baseline", "baseline__organisation", "baseline__indicator"
    )
    if readable is not None:
        targets = targets.filter(baseline__organisation_id__in=readable)
    found = targets.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    if write and not may_write_in(user=user, organisation_id=found.baseline.organisation_id):
        raise PermissionDenied
    return found


def organisation_for_baselines(*, user: Any, pk: Any, write: bool = False) -> Organisation:
    """A municipality whose zero points the user reads (404 otherwise: outside the scope,
    or not a municipality, which has no figures of its own); 403 for a write without a
    write role there."""
    readable = readable_organisation_ids(user)
    organisation = (
        Organisation.objects.filter(pk=pk, kind=Organisation.Kind.MUNICIPALITY).first()
        if str(pk).isdigit()
        else None
    )
    if organisation is None or (readable is not None and organisation.pk not in readable):
        raise Http404
    if write and not may_write_in(user=user, organisation_id=organisation.pk):
        raise PermissionDenied
    return organisation
