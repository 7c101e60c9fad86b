"""The download of one's own data (JSON and PDF, from "My profile"), the administrator's
erasure page (linked from a person's membership page and from the list of dormant accounts)
and that list."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.personal_data.access import eraser_check_access, person_get_for_eraser
from trinvis.accounts.personal_data.erase import erase_preview, erase_refusal, person_erase
from trinvis.accounts.personal_data.export import (
    personal_data,
    personal_data_json,
    personal_data_pdf,
)
from trinvis.accounts.personal_data.forms import EraseForm
from trinvis.accounts.personal_data.mentions import mentions_of_person, mentions_preview
from trinvis.accounts.personal_data.sources import erased_name
from trinvis.accounts.retention_rules import dormant_accounts_for_review
from trinvis.core.forms import add_errors
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record

DORMANT_PER_PAGE = 50
# ?from=dormant on the erasure page: it came from the list of dormant accounts, and returns there.
FROM_DORMANT = "dormant"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "pdf": "application/pdf"}
WRITERS = {"json": personal_data_json, "pdf": personal_data_pdf}


def _download(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    person, exported_at = request.user, timezone.now()
    sections = personal_data(person=person)
    content = WRITERS[fmt](
        person=person,
        sections=sections,
        exported_at=exported_at,
        mentions=mentions_of_person(person=person),
    )
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_EXPORTED,
        actor=person,
        request=request,
        target=person.email,
        details={"what": "own data", "format": fmt},
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"trinvis-my-data-{timezone.localdate(exported_at):%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def my_data_json(request: AuthenticatedRequest) -> HttpResponse:
    return _download(request, "json")


@login_required
@require_GET
def my_data_pdf(request: AuthenticatedRequest) -> HttpResponse:
    return _download(request, "pdf")


@login_required
@require_http_methods(["GET", "POST"])
def person_erase_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = person_get_for_eraser(user=request.user, pk=pk)
    from_dormant = request.GET.get("from") == FROM_DORMANT
    refusal = erase_refusal(by=request.user, person=person)
    # Bound on every POST: an empty POST (the box not ticked) must show the error.
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            person_erase(by=request.user, person=person, request=request)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The person is erased."))
            return redirect("accounts:dormant_accounts" if from_dormant else "organisations:list")
    preview = [] if refusal else erase_preview(person=person)
    mentions = [] if refusal else mentions_preview(person=person)
    if request.method == "GET" and (preview or mentions) and person.pk != request.user.pk:
        # The preview lists the person's data: who looked is in the log (issue 8).
        audit_record(
            action=AuditEvent.Action.ERASURE_PREVIEWED,
            actor=request.user,
            request=request,
            target=person.email,
            subject=person,
            details={"person": person.pk},
        )
    context = {
        "person": person,
        "refusal": refusal,
        "form": form,
        "preview": preview,
        "mentions": mentions,
        "replacement": erased_name(person),
        "from_dormant": from_dormant,
    }
    return render(request, "accounts/personal_data/erase.html", context)


@login_required
@require_GET
def dormant_accounts_view(request: AuthenticatedRequest) -> HttpResponse:
    """The accounts the retention rule flags, for the administrator to erase or keep."""
    eraser_check_access(user=request.user)
    accounts = dormant_accounts_for_review(now=timezone.now())
    page = Paginator(accounts, DORMANT_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "months": settings.TRINVIS_RETENTION_DORMANT_MONTHS,
        "erase_from": FROM_DORMANT,
    }
    return render(request, "accounts/personal_data/dormant.html", context)
