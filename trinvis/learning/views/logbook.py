"""My logbook: write, change, share, delete and print one's entries; read what others
shared with one (as their leader, or as a member of the same team or unit).

A private entry is seen by its author only: not by their leaders, not by an administrator
of the organisation, not by a platform administrator. A logbook is a place to think aloud,
and it is only used that way if private means private.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning.access import logbook_entries_shared_with, logbook_entry_get_for_user
from trinvis.learning.audit import audit_opened, audit_opened_list
from trinvis.learning.forms_personal import SHARING_EXPLAINED, LogbookEntryForm
from trinvis.learning.models import LogbookEntry
from trinvis.learning.selectors_personal import activities_for_goal, person_logbook
from trinvis.learning.services import logbook as services

ENTRIES_PER_PAGE = 20


def _form(
    request: AuthenticatedRequest, data: Any = None, initial: dict[str, Any] | None = None
) -> LogbookEntryForm:
    return LogbookEntryForm(
        data,
        initial=initial,
        activities=activities_for_goal(person=request.user, user=request.user),
    )


@login_required
@require_GET
def logbook(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(person_logbook(request.user), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "learning/personal/logbook.html",
        {"page": page, "sharing_explained": SHARING_EXPLAINED},
    )


@login_required
@require_GET
def logbook_print(request: AuthenticatedRequest) -> HttpResponse:
    """The whole logbook on one page, to print or save as PDF from the browser."""
    context = {
        "entries": person_logbook(request.user),
        "printed_at": timezone.now(),
    }
    return render(request, "learning/personal/logbook_print.html", context)


@login_required
@require_GET
def logbook_shared(request: AuthenticatedRequest) -> HttpResponse:
    """Entries others shared with the user: as their leader, or with their team."""
    entries = (
        logbook_entries_shared_with(request.user)
        .select_related("author", "activity")
        .order_by("-date", "-pk")
    )
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    audit_opened_list(
        request, people=[entry.author for entry in page.object_list], record="logbook_shared"
    )
    return render(request, "learning/personal/logbook_shared.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def logbook_create(request: AuthenticatedRequest) -> HttpResponse:
    form = _form(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_create(by=request.user, data=form.entry_data())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The entry is saved in your logbook."))
            return redirect("learning:logbook")
    return render(request, "learning/personal/logbook_form.html", {"form": form, "entry": None})


@login_required
@require_GET
def logbook_entry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = logbook_entry_get_for_user(user=request.user, pk=pk)
    audit_opened(request, person=entry.author, record="logbook_entry", pk=entry.pk)
    context = {
        "entry": entry,
        "own": entry.author_id == request.user.pk,
        "sharing_explained": SHARING_EXPLAINED[entry.sharing],
    }
    return render(request, "learning/personal/logbook_entry.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def logbook_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = logbook_entry_get_for_user(user=request.user, pk=pk, write=True)
    conflict: LogbookEntry | None = None
    if request.method != "POST":
        form = _form(request, initial=_initial(entry))
    else:
        form = _form(request, data=request.POST)
        if form.is_valid():
            try:
                services.entry_update(
                    by=request.user,
                    entry=entry,
                    base_token=form.cleaned_data["base_token"],
                    data=form.entry_data(),
                )
            except services.EntryConflict as error:
                conflict = error.entry
                data = request.POST.copy()
                data["base_token"] = services.version_token(error.entry)
                form = _form(request, data=data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The entry is saved."))
                return redirect("learning:logbook_entry", pk=entry.pk)
    context = {"form": form, "entry": entry, "conflict": conflict}
    return render(request, "learning/personal/logbook_form.html", context)


def _initial(entry: LogbookEntry) -> dict[str, Any]:
    return {
        "base_token": services.version_token(entry),
        "date": entry.date,
        "what_happened": entry.what_happened,
        "what_puzzled": entry.what_puzzled,
        "want_more": entry.want_more,
        "other": entry.other,
        "activity": entry.activity_id,
        "sharing": entry.sharing,
    }


@login_required
@require_POST
def logbook_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = logbook_entry_get_for_user(user=request.user, pk=pk, write=True)
    services.entry_delete(by=request.user, entry=entry)
    messages.success(request, _("The entry is deleted."))
    return redirect("learning:logbook")
