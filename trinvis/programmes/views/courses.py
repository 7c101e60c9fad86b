"""Course programmes: the list, creating one, its page, changing and deleting it, its
regional targets, and its modules.

The provider's write roles and facilitators run a programme and change all of it; the
people of the organisations it is offered to read it and enrol; anyone else gets 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning.access import led_people
from trinvis.programmes import services_courses as services
from trinvis.programmes.access import (
    course_get_for_user,
    course_module_get_for_user,
    courses_for_user,
    may_run_course,
)
from trinvis.programmes.forms_courses import CourseForm, ModuleForm, TargetsForm
from trinvis.programmes.models import CourseEnrolment, RegionTarget
from trinvis.programmes.selectors_course_progress import enrolled_counts
from trinvis.programmes.selectors_courses import (
    course_modules,
    own_enrolment,
    own_enrolments,
    places_of,
    regions_for,
)
from trinvis.programmes.selectors_programmes import owners_for_user


def posted(request: AuthenticatedRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def with_version(data: QueryDict, version: int) -> QueryDict:
    """The posted form again, on the newer version: saving once more overwrites."""
    copied = data.copy()
    copied["base_version"] = str(version)
    return copied


def posted_version(request: AuthenticatedRequest) -> int:
    """The posted version, or -1 (never a version) when it is missing."""
    text = request.POST.get("base_version", "")
    return int(text) if text.isdigit() else -1


@login_required
@require_GET
def course_index(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    context = {
        "courses": courses_for_user(user=user)
        .select_related("programme", "provider")
        .order_by("-starts_on", "pk"),
        "may_create": owners_for_user(user=user).exists(),
        "enrolments": own_enrolments(user=user),
        "awaiting": CourseEnrolment.objects.filter(
            state=CourseEnrolment.State.AWAITING_LEADER,
            person_id__in=led_people(user).values("pk"),
        ).count(),
        "in_municipality": bool(places_of(user)),
    }
    return render(request, "programmes/courses/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    providers = owners_for_user(user=request.user)
    if not providers.exists():
        raise PermissionDenied
    form = CourseForm(posted(request), providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                by=request.user, provider=form.cleaned_data["provider"], data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme is created. Add its modules next."))
            return redirect("programmes:course_detail", pk=course.pk)
    return render(request, "programmes/courses/form.html", {"form": form, "course": None})


@login_required
@require_GET
def course_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk)
    runs = may_run_course(user=request.user, course=course)
    context = {
        "course": course,
        "may_run": runs,
        "modules": course_modules(course=course),
        "own": own_enrolment(course=course, user=request.user),
        "may_enrol": bool(places_of(request.user)) or led_people(request.user).exists(),
        "counts": enrolled_counts(course) if runs else {},
        "today": timezone.localdate(),
    }
    return render(request, "programmes/courses/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk, write=True)
    data = posted(request)
    form = CourseForm(data, initial=CourseForm.initial_for(course))
    conflict = False
    if data is not None and form.is_valid():
        try:
            course = services.course_update(
                by=request.user, course=course, base_version=form.version, data=form.to_input()
            )
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:courses")
            conflict = True
            form = CourseForm(
                with_version(data, error.current.version),  # type: ignore[attr-defined]
                initial=CourseForm.initial_for(course),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("programmes:course_detail", pk=course.pk)
    context = {"form": form, "course": course, "conflict": conflict}
    return render(request, "programmes/courses/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk, write=True)
    conflict, problems = False, []
    if request.method == "POST":
        try:
            services.course_delete(
                by=request.user, course=course, base_version=posted_version(request)
            )
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:courses")
            conflict = True
            course.version = error.current.version  # type: ignore[attr-defined]
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("The programme “%(name)s” is deleted.") % {"name": course})
            return redirect("programmes:courses")
    context = {
        "course": course,
        "conflict": conflict,
        "problems": problems,
        "enrolled": course.enrolments.count(),
        "modules": course.modules.count(),
    }
    return render(request, "programmes/courses/delete.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_targets(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk, write=True)
    regions = list(regions_for(course=course))
    current = dict(
        RegionTarget.objects.filter(course=course).values_list("region_id", "target_participants")
    )
    data = posted(request)

    def form_for(values: QueryDict | None) -> TargetsForm:
        return TargetsForm(
            values, regions=regions, current=current, initial={"base_version": course.version}
        )

    form, conflict = form_for(data), False
    if data is not None and form.is_valid():
        try:
            services.targets_save(
                by=request.user, course=course, base_version=form.version, targets=form.targets()
            )
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:courses")
            conflict = True
            form = form_for(with_version(data, error.current.version))  # type: ignore[attr-defined]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The regional targets are saved."))
            return redirect("programmes:course_progress", pk=course.pk)
    context = {"form": form, "course": course, "conflict": conflict}
    return render(request, "programmes/courses/targets.html", context)


# --- modules ------------------------------------------------------------------------------------


def _module_page(request: AuthenticatedRequest, **context: Any) -> HttpResponse:
    return render(request, "programmes/courses/module_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk, write=True)
    last = course.modules.aggregate(last=Max("position"))["last"] or 0
    form = ModuleForm(posted(request), initial={"position": last + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.module_create(by=request.user, course=course, data=form.to_input())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The module is added. Plan its runs next."))
            return redirect("programmes:course_detail", pk=course.pk)
    return _module_page(request, form=form, course=course, module=None)


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    module = course_module_get_for_user(user=request.user, pk=pk, write=True)
    data = posted(request)
    form = ModuleForm(data, initial=ModuleForm.initial_for(module))
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.module_update(
                by=request.user, module=module, base_version=form.version, data=form.to_input()
            )
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:course_detail", pk=module.course_id)
            conflict = True
            form = ModuleForm(
                with_version(data, error.current.version),  # type: ignore[attr-defined]
                initial=ModuleForm.initial_for(module),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("programmes:course_detail", pk=module.course_id)
    return _module_page(request, form=form, course=module.course, module=module, conflict=conflict)


@login_required
@require_http_methods(["GET", "POST"])
def module_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    module = course_module_get_for_user(user=request.user, pk=pk, write=True)
    conflict, problems = False, []
    if request.method == "POST":
        try:
            services.module_delete(
                by=request.user, module=module, base_version=posted_version(request)
            )
        except services.CourseConflict as error:
            if error.current is None:
                return redirect("programmes:course_detail", pk=module.course_id)
            conflict = True
            module.version = error.current.version  # type: ignore[attr-defined]
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("“%(title)s” is deleted.") % {"title": module.title})
            return redirect("programmes:course_detail", pk=module.course_id)
    context = {
        "module": module,
        "course": module.course,
        "conflict": conflict,
        "problems": problems,
        "runs": module.runs.count(),
    }
    return render(request, "programmes/courses/module_delete.html", context)
