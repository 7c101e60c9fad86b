"""A person's own settings page — which reminder mails they get, and their calendar
address — and the calendar feed that address serves without a login.

The calendar key is shown once, in the answer to the POST that made it: it never goes into
a redirect, a message or a log, and the page is not cached (the answer carries it). The
feed is found by the key's hash; an unknown, replaced or stopped key is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.learning.calendar_feed import person_calendar
from trinvis.learning.forms_preferences import RemindersForm
from trinvis.learning.services import preferences as services
from trinvis.learning.tasks import link

NEW_ADDRESS, STOP_ADDRESS = "calendar_new", "calendar_stop"


def _page(
    request: AuthenticatedRequest,
    *,
    form: RemindersForm | None = None,
    conflict: bool = False,
    address: str = "",
) -> HttpResponse:
    preferences = services.preferences_for(request.user)
    if form is None:
        form = RemindersForm(initial=RemindersForm.initial_for(preferences))
    context = {
        "form": form,
        "conflict": conflict,
        "has_address": preferences.calendar_token is not None,
        "address": address,
        # The same address for calendar programs that subscribe when a link is opened.
        "webcal": "webcal://" + address.split("://", 1)[-1] if address else "",
    }
    return render(request, "learning/personal/preferences.html", context)


def _save_reminders(request: AuthenticatedRequest) -> HttpResponse:
    form = RemindersForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form)
    try:
        services.reminders_set(
            person=request.user,
            base_version=form.cleaned_data["base_version"],
            off=form.switched_off(),
        )
    except services.PreferencesConflict as error:
        data = request.POST.copy()
        data["base_version"] = str(error.current.version)
        return _page(request, form=RemindersForm(data), conflict=True)
    messages.success(request, _("Your choice of reminder mails is saved."))
    return redirect("learning:preferences")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """My reminders and calendar: the reminder choices, and the calendar address made,
    replaced or stopped by the buttons of the page."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == NEW_ADDRESS:
        key = services.calendar_address_new(person=request.user)
        return _page(request, address=link("learning:calendar_feed", key))
    if action == STOP_ADDRESS:
        services.calendar_address_stop(person=request.user)
        messages.success(request, _("Your calendar address is stopped; it shows nothing more."))
        return redirect("learning:preferences")
    if request.method == "POST":
        return _save_reminders(request)
    return _page(request)


@require_safe
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """The person's dates as a calendar file, for a calendar program (no login: the
    secret address is the permission)."""
    preferences = services.preferences_by_calendar_key(key)
    if preferences is None:
        raise Http404
    body = person_calendar(preferences.person, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
