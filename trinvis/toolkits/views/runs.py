"""Runs (forløb): start one, list them, follow a run step by step and change a step."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.toolkits import selectors, services
from trinvis.toolkits.access import may_edit_run, run_get_for_user
from trinvis.toolkits.forms import RunStartForm, RunStepForm
from trinvis.toolkits.localise import pick
from trinvis.toolkits.models import RunStep, RunStepChange
from trinvis.toolkits.selectors import RunOverview


@login_required
def run_list(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "runs": selectors.runs_for_user(user=request.user),
        "may_start": selectors.organisations_writable(user=request.user).exists(),
    }
    return render(request, "toolkits/runs/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_start(request: AuthenticatedRequest) -> HttpResponse:
    organisations = selectors.organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    initial = {"start_date": timezone.localdate(), "toolkit": request.GET.get("toolkit")}
    form = RunStartForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        toolkits=selectors.toolkits_latest_for_user(user=request.user),
        people=selectors.organisation_members(organisations=organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The run is started. Here is its first step."))
            return redirect("toolkits:run_detail", pk=run.pk)
    return render(request, "toolkits/runs/start.html", {"form": form})


@login_required
def run_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = run_get_for_user(user=request.user, pk=pk)
    overview = selectors.run_overview(run=run)
    context = {
        "run": run,
        "overview": overview,
        "indicator": _indicator(overview),
        "may_edit": may_edit_run(user=request.user, run=run),
    }
    return render(request, "toolkits/runs/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_step(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    run = run_get_for_user(user=request.user, pk=pk, write=request.method == "POST")
    overview = selectors.run_overview(run=run)
    view = overview.find(key)
    if view is None:
        raise Http404
    form = _step_form(request, run=run, view=view)
    conflict: RunStep | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.run_step_update(
                step=view.run_step,
                by=request.user,
                reflection_answers=form.reflection_answers(),
                **{k: v for k, v in form.cleaned_data.items() if not k.startswith("answer_")},
            )
        except services.RunStepConflict as error:
            conflict = error.current
            form = _step_form(request, run=run, view=view, version=conflict.version)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The step is saved."))
            return redirect("toolkits:run_step", pk=run.pk, key=key)
    questions = view.content.get("reflection_questions", [])
    context = {
        "run": run,
        "overview": overview,
        "indicator": _indicator(overview),
        "view": view,
        "step": view.content,
        "toolkit": run.toolkit,
        "worksheets": [
            {
                "title": run.toolkit.worksheet_template(sheet)["title"],
                "url": reverse("toolkits:worksheet", args=[run.pk, sheet]),
            }
            for sheet in view.content.get("worksheets", [])
        ],
        "neighbours": overview.neighbours(view),
        "form": form,
        "conflict": conflict,
        "conflict_answers": _answers(questions, conflict) if conflict else [],
        "saved_answers": _answers(questions, view.run_step),
        "may_edit": may_edit_run(user=request.user, run=run),
        "history": [
            {"at": change.at, "by": change.by, "rows": _change_rows(change)}
            for change in selectors.run_step_history(run_step=view.run_step)
        ],
    }
    return render(request, "toolkits/runs/step.html", context, status=409 if conflict else 200)


def _step_form(
    request: AuthenticatedRequest, *, run: Any, view: Any, version: int | None = None
) -> RunStepForm:
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and version is not None:
        # The second writer re-submits against the version now saved.
        data["version"] = str(version)
    return RunStepForm(
        data,
        initial=RunStepForm.initial_for(view.run_step),
        people=selectors.run_people(run=run),
        questions=view.content.get("reflection_questions", []),
    )


def _indicator(overview: RunOverview) -> list[dict[str, str]]:
    language = get_language() or "da"
    return [
        {
            "label": pick(view.content["title"], language)[0],
            "status": view.indicator,
            "url": reverse("toolkits:run_step", args=[overview.run.pk, view.content["key"]]),
        }
        for view in overview.steps
    ]


def _answers(questions: list[dict[str, str]], run_step: RunStep) -> list[tuple[str, str]]:
    language = get_language() or "da"
    answers = run_step.reflection_answers or {}
    return [
        (pick(question, language)[0], answers.get(str(index), ""))
        for index, question in enumerate(questions)
        if answers.get(str(index))
    ]


def _shown(name: str, value: Any) -> str:
    if value in (None, "", {}):
        return "–"
    if name == "status" and value in RunStep.Status.values:
        return str(RunStep.Status(value).label)
    if name == "reflection_answers" and isinstance(value, dict):
        return " / ".join(str(text) for text in value.values())
    return str(value)


def _change_rows(change: RunStepChange) -> list[tuple[str, str, str]]:
    rows = []
    for name, values in change.changes.items():
        try:
            label = str(getattr(RunStep._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:  # a field renamed since: show its stored name
            label = name
        rows.append(
            (label.capitalize(), _shown(name, values.get("from")), _shown(name, values.get("to")))
        )
    return rows
