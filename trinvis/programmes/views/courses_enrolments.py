"""Enrolling in a course programme and the leader's confirmation.

Anyone who works in a municipality enrols themself: where they work, their position and
experience, the purpose and one run of each module they choose; the enrolment then waits
for their nearest leader. A leader sees their people's waiting enrolments, with purpose
and modules, and confirms or declines with a note; a leader may also enrol one of their
people, which confirms it at once. An enrolment is seen by the participant, their leaders
and the provider; each of them may cancel it. A leader's note on declining is shown to the
participant and their leaders only: it is a word between them, not the provider's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning.access import is_leader_of, may_see_personal
from trinvis.learning.audit import audit_opened
from trinvis.programmes import services_course_enrolments as services
from trinvis.programmes.access import course_enrolment_get_for_user, course_get_for_user
from trinvis.programmes.forms_courses import DeclineForm, EnrolForm
from trinvis.programmes.models import CourseEnrolment
from trinvis.programmes.selectors_courses import (
    awaiting_confirmation,
    enrolment_with_choices,
    nearest_leaders_of,
    open_runs,
    own_enrolment,
    people_to_enrol,
    places_of,
)
from trinvis.programmes.services_courses import CourseConflict
from trinvis.programmes.views.courses import posted, posted_version

State = CourseEnrolment.State


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Enrol oneself, or (`person`) one of the people one leads."""
    course = course_get_for_user(user=request.user, pk=pk)
    people = people_to_enrol(user=request.user)
    chosen = request.POST.get("person") or request.GET.get("person") or str(request.user.pk)
    person = people.filter(pk=chosen).first() if chosen.isdigit() else None
    if person is None:
        raise Http404
    places = places_of(person)
    existing = own_enrolment(course=course, user=person)
    if existing is not None and existing.state == State.CANCELLED:
        existing = None
    form = EnrolForm(
        posted(request),
        places=places,
        runs=open_runs(course=course, today=timezone.localdate()),
    )
    if request.method == "POST" and places and existing is None and form.is_valid():
        try:
            enrolment = services.course_enrol(
                by=request.user, course=course, person=person, data=form.to_input()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if enrolment.state == State.CONFIRMED:
                messages.success(
                    request,
                    _("%(name)s is enrolled, and the enrolment is confirmed.")
                    % {"name": person.full_name},
                )
            else:
                messages.success(
                    request, _("You are enrolled. Your leader is asked to confirm it.")
                )
            return redirect("programmes:course_enrolment", pk=enrolment.pk)
    own = person.pk == request.user.pk
    context = {
        "course": course,
        "form": form,
        "person": person,
        "own": own,
        "people": people if people.count() > 1 else None,
        "places": places,
        "existing": existing,
        "leaders": nearest_leaders_of(person) if own else [],
    }
    return render(request, "programmes/courses/enrol.html", context)


@login_required
@require_GET
def enrolment_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = course_enrolment_get_for_user(user=request.user, pk=pk)
    _audit(request, enrolment)
    user = request.user
    personal = may_see_personal(user=user, person=enrolment.person)
    context = {
        "enrolment": enrolment,
        "course": enrolment.course,
        "choices": enrolment_with_choices(enrolment),
        "may_confirm": enrolment.state == State.AWAITING_LEADER
        and is_leader_of(user=user, person=enrolment.person),
        "may_cancel": enrolment.state in (State.AWAITING_LEADER, State.CONFIRMED),
        "goals_prompt": enrolment.state == State.CONFIRMED and personal,
        # Why the leader declined: for the participant and their leaders, not the provider.
        "leader_note": enrolment.leader_note if personal else "",
        "own": enrolment.person_id == user.pk,
        "leaders": nearest_leaders_of(enrolment.person)
        if enrolment.state == State.AWAITING_LEADER
        else [],
    }
    return render(request, "programmes/courses/enrolment.html", context)


def _audit(request: AuthenticatedRequest, enrolment: CourseEnrolment) -> None:
    """Someone other than the participant reads the enrolment's purpose, position and
    experience (and a leader the note): logged, so the participant can see who."""
    audit_opened(
        request,
        person=enrolment.person,
        record="course_enrolment",
        pk=enrolment.pk,
        organisation_id=enrolment.municipality_id,
    )


def _confirm_page(
    request: AuthenticatedRequest,
    enrolment: CourseEnrolment,
    decline: DeclineForm | None = None,
    conflict: bool = False,
) -> HttpResponse:
    context = {
        "enrolment": enrolment,
        "course": enrolment.course,
        "choices": enrolment_with_choices(enrolment),
        "decline": decline or DeclineForm(initial={"base_version": enrolment.version}),
        "conflict": conflict,
    }
    return render(request, "programmes/courses/confirm.html", context)


def _conflict(request: AuthenticatedRequest, error: CourseConflict) -> HttpResponse:
    if error.current is None:
        raise Http404
    messages.error(
        request, _("Someone acted on the enrolment meanwhile; nothing was changed. Look again.")
    )
    return redirect("programmes:course_enrolment", pk=error.current.pk)  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The leader's page: purpose and modules, to confirm or to decline with a note."""
    enrolment = course_enrolment_get_for_user(user=request.user, pk=pk, confirm=True)
    if request.method == "GET":
        _audit(request, enrolment)
        return _confirm_page(request, enrolment)
    try:
        services.course_enrolment_confirm(
            by=request.user, enrolment=enrolment, base_version=posted_version(request)
        )
    except CourseConflict as error:
        return _conflict(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The enrolment is confirmed. Agree on the learning goals for the modules now, "
                "so the reminders after each module can repeat them."
            ),
        )
    return redirect("programmes:course_enrolment", pk=enrolment.pk)


@login_required
@require_POST
def enrolment_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = course_enrolment_get_for_user(user=request.user, pk=pk, confirm=True)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.course_enrolment_decline(
                by=request.user,
                enrolment=enrolment,
                base_version=form.version,
                note=form.cleaned_data["note"],
            )
        except CourseConflict as error:
            return _conflict(request, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The enrolment is declined; %(name)s gets your note by e-mail.")
                % {"name": enrolment.person.full_name},
            )
            return redirect("programmes:course_confirmations")
    return _confirm_page(request, enrolment, decline=form)


@login_required
@require_POST
def enrolment_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = course_enrolment_get_for_user(user=request.user, pk=pk)
    try:
        services.course_enrolment_cancel(
            by=request.user, enrolment=enrolment, base_version=posted_version(request)
        )
    except CourseConflict as error:
        return _conflict(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The enrolment is cancelled."))
    return redirect("programmes:course_enrolment", pk=enrolment.pk)


@login_required
@require_GET
def confirmations(request: AuthenticatedRequest) -> HttpResponse:
    """The enrolments of the user's people that wait for them (nothing for most)."""
    context = {"enrolments": awaiting_confirmation(user=request.user)}
    return render(request, "programmes/courses/confirmations.html", context)
