"""The indicator page for a place (page.py assembles what it shows)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.indicators.access import indicator_get_for_user
from trinvis.indicators.page import page_context


@login_required
@require_GET
def indicator_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    indicator = indicator_get_for_user(user=request.user, pk=pk)
    context = page_context(user=request.user, indicator=indicator, query=request.GET)
    return render(request, "indicators/indicator.html", context)
