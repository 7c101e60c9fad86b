"""Who may import key figures and see the imports, on top of access.py.

- Values of a shipped indicator are imported by the write roles (leader, administrator,
  development consultant) of any organisation, and by facilitators at their agency or
  region, who select municipalities by these figures; the import records which
  organisation it was for. Values of an organisation's own indicator are imported by the
  same roles of that organisation, for it.
- An import's record (who, when, which file, what it did) is read like the organisation's
  own key-figure definitions: by everyone whose scope reaches the organisation, in detail
  or as aggregates (access.readable_organisation_ids). It holds figures and the name of
  whoever imported, nothing more.

Views answer 404 outside this and 403 for a write by a role that may only read.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trinvis.indicators.access import readable_organisation_ids
from trinvis.indicators.models import ImportBatch, Indicator
from trinvis.organisations.access import WRITE_ROLES, scope_for
from trinvis.organisations.models import Membership, Organisation

IMPORT_ROLES = WRITE_ROLES | {Membership.Role.FACILITATOR}


def _may_import_for(user: Any, organisation_id: int) -> bool:
    return bool(scope_for(user).roles_in(organisation_id) & IMPORT_ROLES)


def organisations_for_imports(*, user: Any) -> QuerySet[Organisation]:
    """The organisations the user may import key figures for."""
    scope = scope_for(user)
    ids = [org_id for org_id in scope.detail_ids if _may_import_for(user, org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("path")


def may_import_anywhere(*, user: Any) -> bool:
    return organisations_for_imports(user=user).exists()


def indicators_importable(*, user: Any) -> QuerySet[Indicator]:
    """The shipped indicators, and the own ones of organisations the user may import for."""
    writable = organisations_for_imports(user=user).values("pk")
    return Indicator.objects.select_related("owner").filter(
        Q(owner__isnull=True) | Q(owner_id__in=writable)
    )


def may_import(*, user: Any, indicator: Indicator, organisation: Organisation) -> bool:
    """An own indicator only for its owner; any indicator only with a write role."""
    if indicator.owner_id is not None and indicator.owner_id != organisation.pk:
        return False
    return _may_import_for(user, organisation.pk)


def check_may_import(*, user: Any, indicator: Indicator, organisation: Organisation) -> None:
    """Raise PermissionDenied unless the user may import into the indicator for the
    organisation."""
    if not may_import(user=user, indicator=indicator, organisation=organisation):
        raise PermissionDenied


def batches_for_user(*, user: Any) -> QuerySet[ImportBatch]:
    """The imports the user may see, newest first."""
    batches = ImportBatch.objects.select_related("indicator", "organisation", "imported_by")
    readable = readable_organisation_ids(user)
    if readable is None:
        return batches
    return batches.filter(organisation_id__in=readable)


def batch_get_for_user(*, user: Any, pk: Any) -> ImportBatch:
    found = batches_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found
