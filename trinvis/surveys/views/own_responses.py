"""A respondent's own answers: the personal responses they gave, to read and to delete.

Only responses given through a personal link are tied to a person; an open link stores no
identity, so there is nothing to show or delete there.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.surveys.selectors import own_responses
from trinvis.surveys.services_responses import response_delete


@login_required
def my_responses(request: AuthenticatedRequest) -> HttpResponse:
    context = {"responses": own_responses(user=request.user, language=get_language() or "da")}
    return render(request, "surveys/own_responses.html", context)


@login_required
@require_POST
def my_response_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = request.user.survey_responses.filter(pk=pk).first()
    if response is None:
        raise Http404
    response_delete(by=request.user, response=response)
    messages.success(request, _("Your answers are deleted."))
    return redirect("surveys:my_responses")
