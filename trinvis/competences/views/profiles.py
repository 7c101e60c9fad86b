"""Competence profiles: the module's start page, building a profile (blank or from the
example), changing it with its competences, import and export."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.competences import interchange, scale
from trinvis.competences.access import profile_get_for_user, profiles_for_user, rounds_for_user
from trinvis.competences.example import load_example, localised
from trinvis.competences.forms_profiles import (
    CompetenceFormSet,
    ProfileCreateForm,
    ProfileForm,
    ProfileImportForm,
    competence_initial,
    profile_data,
    raw_values,
)
from trinvis.competences.models import Category
from trinvis.competences.selectors import (
    competences_by_category,
    profile_competences,
    profile_rounds,
    rounds_with_progress,
)
from trinvis.competences.services import profiles as services
from trinvis.competences.services.profiles import ProfileConflict
from trinvis.core.forms import add_errors
from trinvis.organisations.access import scope_for
from trinvis.toolkits.selectors import organisations_writable


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    profiles = profiles_for_user(user=request.user).annotate(competence_count=Count("competences"))
    rounds = rounds_with_progress(rounds_for_user(user=request.user)).order_by("-opened_at", "-pk")
    context = {
        "profiles": profiles.order_by("name", "pk"),
        "rounds": rounds,
        "may_create": organisations_writable(user=request.user).exists(),
    }
    return render(request, "competences/index.html", context)


def _writable_or_403(request: AuthenticatedRequest) -> Any:
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


def _example_preview() -> list[tuple[Category, list[Any]]]:
    data = localised(load_example(), get_language() or "en")
    return [
        (category, [c for c in data.competences if c.category == category.value])
        for category in Category
    ]


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = _writable_or_403(request)
    form = ProfileCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        from_example = values["start"] == ProfileCreateForm.START_EXAMPLE
        if from_example:
            data = localised(load_example(), get_language() or "en")
        else:
            data = interchange.ProfileData(name="")
        for key in ("name", "applies_to"):
            if values[key].strip():
                setattr(data, key, values[key].strip())
        profile = services.profile_create(
            by=request.user,
            organisation=values["organisation"],
            data=data,
            source="example" if from_example else "form",
        )
        if from_example:
            messages.success(request, _("The profile is created from the example. Adapt it."))
            return redirect("competences:profile_detail", pk=profile.pk)
        messages.success(request, _("The profile is created. Now add its competences."))
        return redirect("competences:profile_edit", pk=profile.pk)
    context = {"form": form, "example": _example_preview()}
    return render(request, "competences/profiles/create.html", context)


@login_required
@require_GET
def profile_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = profile_get_for_user(user=request.user, pk=pk)
    competences = profile_competences(profile=profile)
    for competence in competences:
        competence.level_label = scale.label(competence.expected_level)  # type: ignore[attr-defined]
    context = {
        "profile": profile,
        "groups": competences_by_category(competences),
        "competence_count": len(competences),
        "rounds": profile_rounds(profile=profile),
        "may_write": scope_for(request.user).can_write(profile.organisation_id),
    }
    return render(request, "competences/profiles/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = profile_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method != "POST":
        form = ProfileForm(initial=ProfileForm.initial_for(profile))
        formset = CompetenceFormSet(
            initial=competence_initial(profile_competences(profile=profile)), prefix="c"
        )
    else:
        form, formset = ProfileForm(request.POST), CompetenceFormSet(request.POST, prefix="c")
        if "add" in request.POST:
            form, formset = _with_another_row(form, formset)
        elif form.is_valid() and formset.is_valid():
            try:
                profile = services.profile_update(
                    by=request.user,
                    profile=profile,
                    base_version=form.cleaned_data["base_version"],
                    data=profile_data(form, formset),
                )
            except ProfileConflict as error:
                conflict = True
                form, formset = _on_newer_version(request.POST, error.profile.version)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The profile is saved."))
                return redirect("competences:profile_detail", pk=profile.pk)
    context = {"profile": profile, "form": form, "formset": formset, "conflict": conflict}
    return render(request, "competences/profiles/edit.html", context)


def _with_another_row(form: ProfileForm, formset: Any) -> tuple[ProfileForm, Any]:
    """The same input as unbound forms (no errors shown yet) with one empty row added."""
    rows = [raw_values(row) for row in formset.forms]
    return (
        ProfileForm(initial=raw_values(form)),
        CompetenceFormSet(initial=[*rows, {}], prefix="c"),
    )


def _on_newer_version(data: QueryDict, version: int) -> tuple[ProfileForm, Any]:
    """The user's input, now based on the newer version: saving again replaces it."""
    data = data.copy()
    data["base_version"] = str(version)
    return ProfileForm(data), CompetenceFormSet(data, prefix="c")


@login_required
@require_http_methods(["GET", "POST"])
def profile_import_view(request: AuthenticatedRequest) -> HttpResponse:
    organisations = _writable_or_403(request)
    form = ProfileImportForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    problems: list[interchange.RowProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            _fmt, data = interchange.parse_upload(form.cleaned_data["file"].read())
            profile = services.profile_import(
                by=request.user, organisation=form.cleaned_data["organisation"], data=data
            )
        except interchange.InterchangeError as error:
            problems = error.problems
        except ValidationError as error:
            problems = [interchange.RowProblem(None, message) for message in error.messages]
        else:
            messages.success(request, _("The profile is imported."))
            return redirect("competences:profile_detail", pk=profile.pk)
    return render(request, "competences/profiles/import.html", {"form": form, "problems": problems})


@login_required
@require_GET
def profile_export(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in interchange.FORMATS:
        raise Http404
    profile = profile_get_for_user(user=request.user, pk=pk)
    data = interchange.profile_data(profile, profile_competences(profile=profile))
    content, content_type, extension = interchange.export(data, fmt)
    name = slugify(profile.id_number or profile.name) or f"profile-{profile.pk}"
    suffix = "-moodle" if fmt == "moodle" else ""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.{extension}"'
    return response
