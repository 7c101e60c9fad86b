"""The runs of a module: planning one (its dates, place, region, places, teachers and
follow-up day), its participants grouped by level and role with who completed it, and the
participant list as CSV. All of it is the provider's: others get 404 on a run's page and
403 on its forms."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.models import User
from trinvis.core.forms import add_errors
from trinvis.programmes import services_course_enrolments as enrolment_services
from trinvis.programmes import services_courses as services
from trinvis.programmes.access import course_module_get_for_user, module_run_get_for_user
from trinvis.programmes.forms_courses import AttendanceForm, RunForm
from trinvis.programmes.models import CourseProgramme, ModuleRun
from trinvis.programmes.progress_courses import experience_band
from trinvis.programmes.selectors_course_progress import (
    BAND_LABELS,
    run_participants,
    unit_type_label,
)
from trinvis.programmes.selectors_courses import CONFIRMED, regions_for, run_label
from trinvis.programmes.selectors_programmes import working_group_choices
from trinvis.programmes.views.courses import posted, posted_version, with_version
from trinvis.surveys.exports import to_csv


def _teachers(course: CourseProgramme, run: ModuleRun | None) -> QuerySet[User]:
    """The provider's people (as for a working group), and whoever teaches the run now."""
    people = working_group_choices(owner=course.provider, programme=None)
    if run is not None:
        people = people | User.objects.filter(pk__in=run.teachers.values("pk")).distinct()
    return people.order_by("full_name", "email")


def _form(course: CourseProgramme, run: ModuleRun | None, data: Any, **kwargs: Any) -> RunForm:
    return RunForm(
        data, regions=regions_for(course=course), teachers=_teachers(course, run), **kwargs
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    module = course_module_get_for_user(user=request.user, pk=pk, write=True)
    course = module.course
    form = _form(course, None, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(by=request.user, module=module, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The run is planned; participants can choose it now."))
            return redirect("programmes:course_run", pk=run.pk)
    context = {"form": form, "course": course, "module": module, "run": None}
    return render(request, "programmes/courses/run_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = module_run_get_for_user(user=request.user, pk=pk, write=True)
    course = run.module.course
    data: QueryDict | None = posted(request)
    form = _form(course, run, data, initial=RunForm.initial_for(run))
    conflict = False
    if data is not None and form.is_valid():
        try:
            run = services.run_update(
                by=request.user, run=run, base_version=form.version, data=form.to_input()
            )
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:course_detail", pk=course.pk)
            conflict = True
            form = _form(
                course,
                run,
                with_version(data, error.current.version),  # type: ignore[attr-defined]
                initial=RunForm.initial_for(run),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The run is saved."))
            return redirect("programmes:course_run", pk=run.pk)
    context = {
        "form": form,
        "course": course,
        "module": run.module,
        "run": run,
        "conflict": conflict,
    }
    return render(request, "programmes/courses/run_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = module_run_get_for_user(user=request.user, pk=pk, write=True)
    conflict, problems = False, []
    if request.method == "POST":
        try:
            services.run_delete(by=request.user, run=run, base_version=posted_version(request))
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:course_detail", pk=run.module.course_id)
            conflict = True
            run.version = error.current.version  # type: ignore[attr-defined]
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("The run is deleted."))
            return redirect("programmes:course_detail", pk=run.module.course_id)
    context = {
        "run": run,
        "course": run.module.course,
        "label": run_label(run),
        "conflict": conflict,
        "problems": problems,
    }
    return render(request, "programmes/courses/run_delete.html", context)


def _attendance_form(run: ModuleRun, choices: list[Any], data: Any = None) -> AttendanceForm:
    confirmed = [choice for choice in choices if choice.enrolment.state in CONFIRMED]
    return AttendanceForm(data, choices=confirmed, initial={"base_version": run.version})


def _run_page(request: AuthenticatedRequest, run: ModuleRun, **extra: Any) -> HttpResponse:
    participants = run_participants(run=run)
    started = run.activity.starts_on is not None and run.activity.starts_on <= timezone.localdate()
    context = {
        "run": run,
        "course": run.module.course,
        "label": run_label(run),
        "participants": participants,
        "teachers": list(run.teachers.order_by("full_name", "email")),
        "started": started,
        "attendance": extra.pop("attendance", None) or _attendance_form(run, participants.choices),
        **extra,
    }
    return render(request, "programmes/courses/run_detail.html", context)


@login_required
@require_GET
def run_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = module_run_get_for_user(user=request.user, pk=pk, running_only=True)
    return _run_page(request, run)


@login_required
@require_POST
def run_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = module_run_get_for_user(user=request.user, pk=pk, write=True)
    form = _attendance_form(run, run_participants(run=run).choices, request.POST)
    if form.is_valid():
        try:
            count = enrolment_services.run_attendance_save(
                by=request.user, run=run, base_version=form.version, completed=form.completed_ids()
            )
        except services.CourseConflict as error:
            run.version = error.current.version  # type: ignore[attr-defined]
            messages.error(
                request,
                _("Someone recorded the run meanwhile; nothing was saved. Check and save again."),
            )
            return _run_page(request, run, attendance=form, conflict=True)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Saved: %(count)d completed the module.") % {"count": count}
            )
            return redirect("programmes:course_run", pk=run.pk)
    return _run_page(request, run, attendance=form)


@login_required
@require_GET
def run_participants_csv(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = module_run_get_for_user(user=request.user, pk=pk, running_only=True)
    headers = [
        _("Participant"),
        _("E-mail"),
        _("Municipality"),
        _("Unit"),
        _("Type of unit"),
        _("Position"),
        _("Years of experience"),
        _("Level"),
        _("Status"),
        _("Completed"),
    ]
    rows = [
        [
            enrolment.person.full_name,
            enrolment.person.email,
            enrolment.municipality.name,
            enrolment.unit.name if enrolment.unit else "",
            unit_type_label(enrolment.unit),
            enrolment.position,
            "" if enrolment.experience_years is None else enrolment.experience_years,
            BAND_LABELS[experience_band(enrolment.experience_years)],
            enrolment.get_state_display(),
            _("yes") if choice.completed else _("no"),
        ]
        for choice in run_participants(run=run).choices
        for enrolment in [choice.enrolment]
    ]
    response = HttpResponse(to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    name = slugify(run.module.title) or "module"
    response["Content-Disposition"] = f'attachment; filename="participants-{name}-{run.pk}.csv"'
    return response
