"""Agency programmes: the list, creating one, its page, changing and deleting it.

Those who run a programme (its owner's staff with a running role, its working group) read
and change all of it; a municipality taking part reads the programme's description and its
own entry, never the other municipalities; anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import services_programmes as services
from trinvis.programmes.access import may_run, programme_get_for_user, programmes_for_user
from trinvis.programmes.forms_programmes import ProgrammeForm
from trinvis.programmes.selectors_programmes import (
    delete_blockers,
    owners_for_user,
    programme_municipalities,
    working_group_choices,
)


def _data(request: AuthenticatedRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _version(request: AuthenticatedRequest) -> int:
    text = request.POST.get("base_version", "")
    return int(text) if text.isdigit() else 0


@login_required
@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    programmes = programmes_for_user(user=request.user).select_related("owner")
    context = {
        "programmes": programmes,
        "may_create": owners_for_user(user=request.user).exists(),
    }
    return render(request, "programmes/programme/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedRequest) -> HttpResponse:
    owners = owners_for_user(user=request.user)
    if not owners.exists():
        raise PermissionDenied
    form = ProgrammeForm(_data(request), owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                by=request.user, owner=form.cleaned_data["owner"], data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The programme is created. Name its working group and its criteria.")
            )
            return redirect("programmes:programme", pk=programme.pk)
    return render(request, "programmes/programme/form.html", {"form": form, "programme": None})


@login_required
@require_GET
def programme(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = programme_get_for_user(user=request.user, pk=pk)
    runs = may_run(user=request.user, programme=found)
    context = {
        "programme": found,
        "may_run": runs,
        "municipalities": programme_municipalities(user=request.user, programme=found, runs=runs),
        "working_group": list(found.working_group.order_by("full_name")) if runs else [],
    }
    return render(request, "programmes/programme/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = programme_get_for_user(user=request.user, pk=pk, write=True)
    people = working_group_choices(owner=found.owner, programme=found)
    data = _data(request)
    form = ProgrammeForm(data, people=people, initial=ProgrammeForm.initial_for(found))
    conflict = False
    if data is not None and form.is_valid():
        try:
            found = services.programme_update(
                by=request.user,
                programme=found,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.ProgrammeConflict as error:
            if error.current is None:
                messages.warning(request, _("Someone deleted the programme meanwhile."))
                return redirect("programmes:index")
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version)  # type: ignore[attr-defined]
            form = ProgrammeForm(data, people=people, initial=ProgrammeForm.initial_for(found))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("programmes:programme", pk=found.pk)
    context = {"form": form, "programme": found, "conflict": conflict}
    return render(request, "programmes/programme/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = programme_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.programme_delete(
                by=request.user, programme=found, base_version=_version(request)
            )
        except services.ProgrammeConflict as error:
            if error.current is None:
                return redirect("programmes:index")
            conflict, found = True, error.current  # type: ignore[assignment]
        except ValidationError:
            pass  # the page names the reasons, read afresh below
        else:
            messages.success(request, _("The programme “%(name)s” is deleted.") % {"name": found})
            return redirect("programmes:index")
    context = {"programme": found, "blockers": delete_blockers(found), "conflict": conflict}
    return render(request, "programmes/programme/delete.html", context)
