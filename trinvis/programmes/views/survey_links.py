"""Choosing the surveys of a programme: an agency programme's participant surveys, whose
response rates its dashboard shows, and a course programme's evaluations, whose results its
progress page shows.

Those who run the programme choose them (a municipality taking part, or the people a course
is offered to, get 403; anyone else 404), from the surveys they may read themselves. Links
to surveys they cannot read are not shown and stay as they are. The page lists the surveys
in one query, however many there are.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import services_survey_links as services
from trinvis.programmes.access import course_get_for_user, programme_get_for_user
from trinvis.programmes.forms_survey_links import SurveyLinksForm
from trinvis.programmes.models import AgencyProgramme, CourseProgramme
from trinvis.programmes.selectors_surveys import linkable_surveys
from trinvis.programmes.services_courses import CourseConflict
from trinvis.programmes.services_programmes import ProgrammeConflict


def _with_version(data: QueryDict, version: int) -> QueryDict:
    """The posted choice again, on the newer version: saving once more overwrites."""
    copied = data.copy()
    copied["base_version"] = str(version)
    return copied


def _links_page(
    request: AuthenticatedRequest,
    found: AgencyProgramme | CourseProgramme,
    *,
    save: Callable[..., object],
    done: str,
    gone: str,
    help_text: str,
    template_context: dict[str, Any],
) -> HttpResponse:
    """The shared page: the form, the save through `save(base_version=, survey_ids=)`, the
    page again with the user's choice on a conflict, and `gone` when the programme was
    deleted meanwhile."""
    surveys = linkable_surveys(user=request.user)
    readable = surveys.values("pk")
    linked = list(found.surveys.filter(pk__in=readable).values_list("pk", flat=True))
    hidden = found.surveys.exclude(pk__in=readable).count()
    data = request.POST if request.method == "POST" else None

    def form_for(values: QueryDict | None) -> SurveyLinksForm:
        return SurveyLinksForm(
            values, surveys=surveys, linked=linked, version=found.version, help_text=help_text
        )

    form, conflict = form_for(data), False
    if data is not None and form.is_valid():
        try:
            save(base_version=form.version, survey_ids=form.survey_ids())
        except (ProgrammeConflict, CourseConflict) as error:
            if error.current is None:
                messages.warning(request, _("Someone deleted the programme meanwhile."))
                return redirect(gone)
            conflict = True
            form = form_for(_with_version(data, error.current.version))  # type: ignore[attr-defined]
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The surveys of the programme are saved."))
            return redirect(done)
    context = {**template_context, "form": form, "conflict": conflict, "hidden": hidden}
    return render(request, "programmes/survey_links.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_surveys(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)

    def save(**kwargs: Any) -> None:
        services.programme_surveys_link(by=request.user, programme=programme, **kwargs)

    return _links_page(
        request,
        programme,
        save=save,
        done=reverse("programmes:dashboard", args=[programme.pk]) + "#surveys",
        gone=reverse("programmes:index"),
        help_text=_(
            "Tick the participant surveys that measure this programme; the dashboard shows "
            "their response rates and links to their results."
        ),
        template_context={"programme": programme, "course": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_surveys(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, pk=pk, write=True)

    def save(**kwargs: Any) -> None:
        services.course_surveys_link(by=request.user, course=course, **kwargs)

    return _links_page(
        request,
        course,
        save=save,
        done=reverse("programmes:course_progress", args=[course.pk]) + "#evaluations",
        gone=reverse("programmes:courses"),
        help_text=_(
            "Tick the course evaluations of this programme; the progress page shows their "
            "response rates and results."
        ),
        template_context={"programme": None, "course": course},
    )
