"""Homework before and between the workshops: the overview of tasks × municipalities, the
task editors (those who run the programme) and a municipality's answer (its write roles, or
those who run the programme on its behalf)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import services_homework as services
from trinvis.programmes.access import (
    may_answer_for,
    programme_get_for_user,
    programme_part_check,
)
from trinvis.programmes.forms_workshops import AnswerForm, TaskForm
from trinvis.programmes.models import AgencyProgramme
from trinvis.programmes.selectors_homework import (
    homework_answer_of,
    homework_grid,
    task_get_for_user,
)
from trinvis.programmes.selectors_workshops import candidate_in_programme
from trinvis.programmes.views.workshops import number


def _task_form(programme: AgencyProgramme, data: QueryDict | None, **kwargs: object) -> TaskForm:
    return TaskForm(data, workshops=programme.workshops.order_by("number"), **kwargs)


@login_required
@require_GET
def homework(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    runs = programme_part_check(user=request.user, programme=programme)
    grid = homework_grid(
        programme=programme, user=request.user, runs=runs, today=timezone.localdate()
    )
    context = {"programme": programme, "grid": grid, "runs": runs}
    return render(request, "programmes/workshops/homework.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    workshop = request.GET.get("workshop", "")
    initial = {"before_workshop": int(workshop)} if workshop.isdigit() else {}
    form = _task_form(
        programme, request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(by=request.user, programme=programme, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The task is set."))
            return redirect("programmes:homework", pk=programme.pk)
    context = {"form": form, "programme": programme, "task": None}
    return render(request, "programmes/workshops/homework_task_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task, _runs = task_get_for_user(user=request.user, pk=pk, write=True)
    initial = TaskForm.initial_for(task)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = _task_form(task.programme, data, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.task_update(
                by=request.user,
                task=task,
                base_version=form.cleaned_data["base_version"] or 0,
                data=form.to_input(),
            )
        except services.HomeworkConflict as error:
            conflict = True
            data = data.copy()
            data["base_version"] = str(error.current.version if error.current else 0)
            form = _task_form(task.programme, data, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("programmes:homework", pk=task.programme_id)
    context = {"form": form, "programme": task.programme, "task": task, "conflict": conflict}
    return render(request, "programmes/workshops/homework_task_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task, _runs = task_get_for_user(user=request.user, pk=pk, write=True)
    conflict = False
    if request.method == "POST":
        try:
            services.task_delete(
                by=request.user, task=task, base_version=number(request.POST.get("base_version"))
            )
        except services.HomeworkConflict as error:
            conflict = True
            task = error.current  # type: ignore[assignment]
        else:
            messages.success(request, _("“%(title)s” is deleted.") % {"title": task.title})
            return redirect("programmes:homework", pk=task.programme_id)
    context = {
        "task": task,
        "programme": task.programme,
        "conflict": conflict,
        "answer_count": task.submissions.count(),
    }
    return render(request, "programmes/workshops/homework_task_delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedRequest, pk: int, candidate: int) -> HttpResponse:
    """The task and the municipality's answer: a form for those who may write it."""
    write = request.method == "POST"
    task, runs = task_get_for_user(user=request.user, pk=pk)
    found = candidate_in_programme(
        user=request.user, pk=candidate, programme=task.programme, write=write
    )
    current = homework_answer_of(task=task, candidate=found)
    initial = {
        "base_version": current.version if current else services.NEW,
        "text": current.text if current else "",
    }
    data: QueryDict | None = request.POST if write else None
    form = AnswerForm(data, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.answer_save(
                by=request.user,
                task=task,
                candidate=found,
                answer=form.cleaned_data["text"],
                base_version=form.cleaned_data["base_version"] or services.NEW,
            )
        except services.HomeworkConflict as error:
            conflict = True
            current = error.current  # type: ignore[assignment]
            data = data.copy()
            data["base_version"] = str(current.version if current else services.NEW)
            form = AnswerForm(data, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect("programmes:homework", pk=task.programme_id)
    context = {
        "task": task,
        "programme": task.programme,
        "candidate": found,
        "current": current,
        "form": form,
        "conflict": conflict,
        "may_write": runs or may_answer_for(user=request.user, candidate=found),
    }
    return render(request, "programmes/workshops/homework_answer.html", context)
