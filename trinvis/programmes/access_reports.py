"""Who may fetch the reports (additive to access.py, which the programme pages own).

- A programme report: those who run the programme (access.may_run); a municipality taking
  part gets 404, as on the dashboard, since the report sets the municipalities side by side.
- A course report: those who run the course programme (access.may_run_course); everyone
  else who sees the programme gets 404, as on its progress page.
- A municipality report: the municipality's leaders and administrators (a manager role in
  the municipality, which a leader of the region or agency above it also holds), and the
  platform administrator. Everyone else gets 404: the municipality's employees, a unit's
  leader, and those who run a programme the municipality takes part in. The last is a
  choice: the programme report already gives them every municipality's programme figures
  side by side, while the municipality report adds what is the municipality's own to share
  (its zero points and targets, its employees' course enrolments with every provider, its
  survey results), written for its leaders.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Organisation

MUNICIPALITY = Organisation.Kind.MUNICIPALITY


def may_fetch_municipality_report(*, user: Any, municipality: Organisation) -> bool:
    scope = scope_for(user)
    return municipality.kind == MUNICIPALITY and (
        scope.is_platform_admin or scope.can_manage_people(municipality.pk)
    )


def municipality_for_report(*, user: Any, pk: Any) -> Organisation:
    """A municipality whose report the user may fetch; 404 otherwise."""
    found = (
        Organisation.objects.filter(pk=pk, kind=MUNICIPALITY).first() if str(pk).isdigit() else None
    )
    if found is None or not may_fetch_municipality_report(user=user, municipality=found):
        raise Http404
    return found


def managed_ids(user: Any) -> list[int]:
    """The organisations where the user holds a manager role (from the request's scope,
    without a query)."""
    scope = scope_for(user)
    return [pk for pk in scope.detail_ids if scope.can_manage_people(pk)]


def municipalities_for_reports(*, user: Any) -> QuerySet[Organisation]:
    """The municipalities whose report the user may fetch, by name."""
    municipalities = Organisation.objects.filter(kind=MUNICIPALITY).order_by("name", "pk")
    if scope_for(user).is_platform_admin:
        return municipalities
    return municipalities.filter(pk__in=managed_ids(user))
