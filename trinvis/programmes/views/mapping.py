"""Mapping (DOMAIN.md §4, phases 1–3): the mapping conversation with each municipality, the
compilation of the challenges they name, the theme decision, and the deep-mapping
checklist on the theme.

Those who run the programme see and write all of it. A municipality taking part reads its
own conversation, sees the chosen theme, and answers its own checklist (its write roles, as
the agency sends the checklist for the municipality to fill in); the compilation and the
other municipalities' records are not for it (404).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import selectors_mapping as selectors
from trinvis.programmes import services_mapping as services
from trinvis.programmes.access import (
    candidate_get_for_user,
    candidates_in_reach,
    deep_mapping_point_get_for_user,
    may_answer_for,
    may_run,
    programme_get_for_user,
    programme_part_check,
)
from trinvis.programmes.charts_mapping import compilation_figure, csv_lines
from trinvis.programmes.forms_mapping import AnswersForm, ConversationForm, PointForm, ThemeForm
from trinvis.programmes.models import AgencyProgramme, Candidate
from trinvis.surveys.exports import to_csv

SHOWN_ON_INDEX = 5  # challenges on the index; the compilation has them all
SHOWN_BESIDE_THEME = 10


def _taking_part(
    request: AuthenticatedRequest, pk: int, *, write: bool = False, **kwargs: Any
) -> Candidate:
    """A municipality taking part: mapping is not done with those only suggested or removed."""
    candidate = candidate_get_for_user(user=request.user, pk=pk, write=write, **kwargs)
    if not candidate.takes_part:
        raise Http404
    return candidate


def _running(request: AuthenticatedRequest, pk: int) -> AgencyProgramme:
    """A programme whose running side's pages the user opens: 404 for a municipality."""
    programme = programme_get_for_user(user=request.user, pk=pk)
    programme_part_check(user=request.user, programme=programme, running_only=True)
    return programme


def _index(programme: AgencyProgramme, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('programmes:mapping', args=[programme.pk])}#{anchor}")


@login_required
@require_GET
def mapping_index(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    runs = may_run(user=request.user, programme=programme)
    candidates = candidates_in_reach(user=request.user, programme=programme, runs=runs)
    compilation = selectors.compilation_of(programme) if runs else None
    context = {
        "programme": programme,
        "runs": runs,
        "candidates": list(selectors.with_mapping_state(candidates)),
        "compilation": compilation,
        "leading": compilation.named[:SHOWN_ON_INDEX] if compilation else (),
        "theme": selectors.theme_of(programme),
        "point_count": programme.deep_mapping_items.count(),
    }
    return render(request, "programmes/mapping/index.html", context)


# --- the conversation ------------------------------------------------------------------------


def _conversation_form(candidate: Candidate, data: QueryDict | None) -> ConversationForm:
    return ConversationForm(
        data,
        initial=ConversationForm.initial_for(selectors.conversation_of(candidate)),
        challenges=candidate.programme.challenge_tags.all(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The conversation guide: a form for those who run the programme, the record for the
    municipality's own members."""
    candidate = _taking_part(request, pk, write=request.method == "POST")
    context: dict[str, Any] = {"candidate": candidate, "programme": candidate.programme}
    if not may_run(user=request.user, programme=candidate.programme):
        context["conversation"] = selectors.conversation_of(candidate)
        return render(request, "programmes/mapping/conversation.html", context)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = _conversation_form(candidate, data)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.conversation_save(
                by=request.user,
                candidate=candidate,
                base_version=form.cleaned_data["base_version"],
                data=form.to_input(),
            )
        except services.MappingConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.versions[None])
            form = _conversation_form(candidate, data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The conversation with %(name)s is saved.") % {"name": candidate}
            )
            return _index(candidate.programme, "municipalities")
    context.update({"form": form, "conflict": conflict})
    return render(request, "programmes/mapping/conversation_form.html", context)


# --- the compilation and the theme -----------------------------------------------------------


@login_required
@require_GET
def compilation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = _running(request, pk)
    compiled = selectors.compilation_of(programme)
    context = {
        "programme": programme,
        "compilation": compiled,
        "figure": compilation_figure(compiled, id="challenges-chart"),
        "theme": selectors.theme_of(programme),
    }
    return render(request, "programmes/mapping/compilation.html", context)


@login_required
@require_GET
def compilation_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = _running(request, pk)
    content = to_csv(*csv_lines(selectors.compilation_of(programme)))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = slugify(programme.name) or "programme"
    response["Content-Disposition"] = f'attachment; filename="challenges-{name}-{programme.pk}.csv"'
    return response


def _theme_form(programme: AgencyProgramme, data: QueryDict | None) -> ThemeForm:
    return ThemeForm(data, initial=ThemeForm.initial_for(selectors.theme_of(programme)))


@login_required
@require_http_methods(["GET", "POST"])
def theme(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The theme decision, with the current counts beside it as its basis."""
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = _theme_form(programme, data)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.theme_decide(
                by=request.user,
                programme=programme,
                base_version=form.cleaned_data["base_version"],
                theme=form.cleaned_data["theme"],
                reasoning=form.cleaned_data["reasoning"],
            )
        except services.MappingConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.versions[None])
            form = _theme_form(programme, data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The theme is saved."))
            return _index(programme, "theme")
    compiled = selectors.compilation_of(programme)
    context = {
        "programme": programme,
        "form": form,
        "conflict": conflict,
        "compilation": compiled,
        "leading": compiled.named[:SHOWN_BESIDE_THEME],
    }
    return render(request, "programmes/mapping/theme_form.html", context)


# --- the deep-mapping checklist --------------------------------------------------------------


@login_required
@require_GET
def checklist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The checklist's points, and the grid of all municipalities' answers."""
    programme = _running(request, pk)
    context = {
        "programme": programme,
        "grid": selectors.checklist_grid(programme),
        "theme": selectors.theme_of(programme),
    }
    return render(request, "programmes/mapping/checklist.html", context)


def _checklist(programme_pk: int) -> HttpResponse:
    return redirect(f"{reverse('programmes:mapping_checklist', args=[programme_pk])}#points")


@login_required
@require_http_methods(["GET", "POST"])
def point_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    form = PointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_add(by=request.user, programme=programme, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The point is added at the end of the checklist."))
            return _checklist(programme.pk)
    context = {"programme": programme, "form": form, "point": None}
    return render(request, "programmes/mapping/point_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    point = deep_mapping_point_get_for_user(user=request.user, pk=pk, write=True)
    form = PointForm(
        request.POST if request.method == "POST" else None, initial={"text": point.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.point_update(by=request.user, point=point, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The point is saved."))
            return _checklist(point.programme_id)
    context = {"programme": point.programme, "form": form, "point": point}
    return render(request, "programmes/mapping/point_form.html", context)


@login_required
@require_POST
def point_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    point = deep_mapping_point_get_for_user(user=request.user, pk=pk, write=True)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is not None:
        services.point_move(by=request.user, point=point, step=step)
    return _checklist(point.programme_id)


@login_required
@require_http_methods(["GET", "POST"])
def point_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    point = deep_mapping_point_get_for_user(user=request.user, pk=pk, write=True)
    if request.method == "POST":
        try:
            services.point_delete(by=request.user, point=point)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The point is deleted."))
        return _checklist(point.programme_id)
    context = {
        "programme": point.programme,
        "point": point,
        "answered": services.answered_count(point),
    }
    return render(request, "programmes/mapping/point_delete.html", context)


def _answers_form(candidate: Candidate, data: QueryDict | None) -> AnswersForm:
    return AnswersForm(
        data,
        points=selectors.points_of(candidate.programme),
        answers=selectors.answers_of(candidate),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A municipality's checklist: filled in by those who run the programme or by the
    municipality's write roles; read by its other members."""
    candidate = _taking_part(
        request, pk, write=request.method == "POST", municipality_may_write=True
    )
    programme = candidate.programme
    may_write = may_run(user=request.user, programme=programme) or may_answer_for(
        user=request.user, candidate=candidate
    )
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = _answers_form(candidate, data)
    changed: list[Any] = []
    if data is not None and form.is_valid():
        try:
            services.answers_save(by=request.user, candidate=candidate, answers=form.answers())
        except services.MappingConflict as error:
            data = data.copy()
            for point_pk, version in error.versions.items():
                data[f"version_{point_pk}"] = str(version)
            form = _answers_form(candidate, data)
            current = selectors.answers_of(candidate)
            changed = [
                (point, current.get(point.pk))
                for point in form.points
                if point.pk in error.versions
            ]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The checklist of %(name)s is saved.") % {"name": candidate}
            )
            return redirect("programmes:mapping_answers", pk=candidate.pk)
    context = {
        "candidate": candidate,
        "programme": programme,
        "form": form,
        "may_write": may_write,
        "changed": changed,
        "theme": selectors.theme_of(programme),
    }
    return render(request, "programmes/mapping/answers.html", context)
