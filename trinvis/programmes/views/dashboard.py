"""The programme dashboard: every municipality taking part with how far it has come, and the
surveys linked to the programme with their response rates, for those who run the programme
(municipalities: 404). Sorted by following the column headings' links, so it needs no
JavaScript; the municipalities' table downloaded as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.programmes import selectors_dashboard as selectors
from trinvis.programmes.access import programme_get_for_user, programme_part_check
from trinvis.programmes.models import AgencyProgramme
from trinvis.surveys.exports import to_csv


def _running(request: AuthenticatedRequest, pk: int) -> AgencyProgramme:
    programme = programme_get_for_user(user=request.user, pk=pk)
    programme_part_check(user=request.user, programme=programme, running_only=True)
    return programme


@login_required
@require_GET
def dashboard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = _running(request, pk)
    found = selectors.dashboard_of(
        programme=programme, user=request.user, today=timezone.localdate()
    )
    key, descending = selectors.parse_sort(request.GET.get("sort"))
    context = {
        "programme": programme,
        "dashboard": found,
        "rows": selectors.sorted_rows(found.rows, key, descending),
        "sort": key,
        "sort_direction": "descending" if descending else "ascending",
        "descending": descending,
        "goals_source": selectors.goals_source_text(),
    }
    return render(request, "programmes/dashboard.html", context)


@login_required
@require_GET
def dashboard_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = _running(request, pk)
    found = selectors.dashboard_of(
        programme=programme, user=request.user, today=timezone.localdate(), with_surveys=False
    )
    response = HttpResponse(
        to_csv(*selectors.csv_table(found)), content_type="text/csv; charset=utf-8"
    )
    name = slugify(programme.name) or "programme"
    response["Content-Disposition"] = f'attachment; filename="dashboard-{name}-{programme.pk}.csv"'
    return response
