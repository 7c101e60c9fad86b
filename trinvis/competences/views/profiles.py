"""Competence profiles: the list, building one (blank or from the example), import, export."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.competences.access import profiles_for_user, rounds_for_user
from trinvis.competences.selectors import rounds_with_progress


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "profiles": profiles_for_user(user=request.user),
        "rounds": rounds_with_progress(rounds_for_user(user=request.user)),
    }
    return render(request, "competences/index.html", context)
