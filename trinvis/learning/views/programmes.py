"""Programmes and their paths: how a programme's modules combine.

The programme page shows the paths × modules grid; a path's page orders its modules with
plain POST buttons (add, remove, move up or down), each carrying the programme's version,
so a click on an old view of the path is refused instead of moving the wrong module.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning import selectors_catalogue as selectors
from trinvis.learning.forms_catalogue import PathForm, ProgrammeForm
from trinvis.learning.models import Activity, Path, Programme
from trinvis.learning.selectors_catalogue import (
    path_get_for_user,
    programme_get_for_user,
    programme_grid,
)
from trinvis.learning.services import catalogue as services
from trinvis.organisations.access import scope_for
from trinvis.toolkits.selectors import organisations_writable


def _data(request: AuthenticatedRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _with_version(data: QueryDict, version: int) -> QueryDict:
    """The user's input, now based on the newer version: saving again replaces it."""
    data = data.copy()
    data["base_version"] = str(version)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ProgrammeForm(_data(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.to_input(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme is created. Now add its modules."))
            return redirect("learning:programme_detail", pk=programme.pk)
    return render(
        request, "learning/catalogue/programme_form.html", {"form": form, "programme": None}
    )


@login_required
@require_GET
def programme_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    context = {
        "programme": programme,
        "grid": programme_grid(programme=programme),
        "may_write": scope_for(request.user).can_write(programme.organisation_id),
    }
    return render(request, "learning/catalogue/programme_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    form = ProgrammeForm(_data(request), initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_update(
                by=request.user,
                programme=programme,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.CatalogueConflict as error:
            conflict = True
            form = ProgrammeForm(_with_version(request.POST, error.current.version))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("learning:programme_detail", pk=programme.pk)
    context = {"form": form, "programme": programme, "conflict": conflict}
    return render(request, "learning/catalogue/programme_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    if request.method == "POST":
        services.programme_delete(by=request.user, programme=programme)
        messages.success(
            request,
            _(
                "The programme “%(name)s” and its paths are deleted; its modules stay in the "
                "catalogue."
            )
            % {"name": programme.name},
        )
        return redirect("learning:activity_list")
    context = {
        "programme": programme,
        "module_count": Activity.objects.filter(programme=programme).count(),
        "path_count": Path.objects.filter(programme=programme).count(),
    }
    return render(request, "learning/catalogue/programme_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def path_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    form = PathForm(_data(request), initial={"base_version": programme.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            path = services.path_create(
                by=request.user,
                programme=programme,
                base_version=form.cleaned_data["base_version"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except services.CatalogueConflict as error:
            conflict = True
            form = PathForm(_with_version(request.POST, error.current.version))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The path is created. Now put the modules in order."))
            return redirect("learning:path_detail", pk=path.pk)
    context = {"form": form, "programme": programme, "path": None, "conflict": conflict}
    return render(request, "learning/catalogue/path_form.html", context)


@login_required
@require_GET
def path_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    path = path_get_for_user(user=request.user, pk=pk)
    steps = selectors.path_steps(path=path)
    in_path = {step.activity_id for step in steps}
    addable = [
        module
        for module in programme_grid(programme=path.programme).modules
        if module.pk not in in_path
    ]
    context = {
        "path": path,
        "programme": path.programme,
        "steps": steps,
        "addable": addable,
        "may_write": scope_for(request.user).can_write(path.programme.organisation_id),
    }
    return render(request, "learning/catalogue/path_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def path_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    path = path_get_for_user(user=request.user, pk=pk, write=True)
    initial = {
        "base_version": path.programme.version,
        "name": path.name,
        "description": path.description,
    }
    form = PathForm(_data(request), initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.path_update(
                by=request.user,
                path=path,
                base_version=form.cleaned_data["base_version"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except services.CatalogueConflict as error:
            conflict = True
            form = PathForm(_with_version(request.POST, error.current.version))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The path is saved."))
            return redirect("learning:path_detail", pk=path.pk)
    context = {"form": form, "programme": path.programme, "path": path, "conflict": conflict}
    return render(request, "learning/catalogue/path_form.html", context)


def _version(request: AuthenticatedRequest) -> int:
    value = request.POST.get("base_version", "")
    return int(value) if value.isdigit() else -1


CONFLICT_MESSAGE = gettext_lazy(
    "Someone changed the programme or its paths after you opened the page, so nothing was "
    "changed. Check the path as it is now and try again."
)


@login_required
@require_http_methods(["GET", "POST"])
def path_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    path = path_get_for_user(user=request.user, pk=pk, write=True)
    programme: Programme = path.programme
    if request.method == "POST":
        try:
            services.path_delete(by=request.user, path=path, base_version=_version(request))
        except services.CatalogueConflict:
            messages.error(request, str(CONFLICT_MESSAGE))
            return redirect("learning:path_detail", pk=path.pk)
        messages.success(request, _("The path “%(name)s” is deleted.") % {"name": path.name})
        return redirect("learning:programme_detail", pk=programme.pk)
    context = {"path": path, "programme": programme}
    return render(request, "learning/catalogue/path_delete.html", context)


def _step_change(request: AuthenticatedRequest, path: Path) -> str:
    """Carry out the step button that was pressed; the message to show."""
    action = request.POST.get("action", "")
    base_version = _version(request)
    if action == "add":
        chosen = request.POST.get("activity", "")
        modules = Activity.objects.filter(programme_id=path.programme_id)
        module = modules.filter(pk=chosen).first() if chosen.isdigit() else None
        if module is None:
            raise ValidationError(_("Choose a module to add."))
        services.path_step_add(
            by=request.user, path=path, base_version=base_version, activity=module
        )
        return _("“%(title)s” is added last in the path.") % {"title": module.title}
    step = request.POST.get("step", "")
    if not step.isdigit() or action not in ("remove", "up", "down"):
        raise ValidationError(_("Nothing was changed: the button sent no known action."))
    if action == "remove":
        services.path_step_remove(
            by=request.user, path=path, base_version=base_version, step_id=int(step)
        )
        return _("The module is taken out of the path.")
    services.path_step_move(
        by=request.user, path=path, base_version=base_version, step_id=int(step), up=action == "up"
    )
    return _("The module is moved up.") if action == "up" else _("The module is moved down.")


@login_required
@require_POST
def path_steps(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    path = path_get_for_user(user=request.user, pk=pk, write=True)
    try:
        message = _step_change(request, path)
    except services.CatalogueConflict:
        messages.error(request, str(CONFLICT_MESSAGE))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    # Back to the list of steps, so a keyboard user goes on from where they were.
    return HttpResponseRedirect(reverse("learning:path_detail", args=[path.pk]) + "#steps")
