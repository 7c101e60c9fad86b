"""Before and after a course: the participant's "before" page (what they receive and what
they prepare), and the activity's "after" page with the procedure's steps, the follow-up day
and its calendar file.

The "before" page is a personal record: the participant writes it, their leaders read it
(and that is written to the audit log), nobody else opens it. The "after" page is the
activity's, read by whoever reads the catalogue; the participants on it are only those the
reader is or leads. Its participants open it even when the activity belongs to an
organisation they cannot otherwise read.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.learning import ics, procedure
from trinvis.learning.access import enrolment_get_for_user, led_people, may_write_in
from trinvis.learning.audit import audit_opened
from trinvis.learning.forms_implementation import PreparationForm
from trinvis.learning.models import Activity, Enrolment, Reminder
from trinvis.learning.selectors_catalogue import activity_get_for_user
from trinvis.learning.services import enrolments as services


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_before(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for_user(user=request.user, pk=pk, write=request.method == "POST")
    own = enrolment.person_id == request.user.pk
    audit_opened(request, person=enrolment.person, record="enrolment", pk=enrolment.pk)
    facts = procedure.facts_for(enrolment.activity)
    participant = facts.participant(enrolment.person_id)
    alone = participant.alone if participant else False
    conflict = False
    form = None
    if own:
        initial = {
            "base_digest": services.preparation_digest(enrolment),
            "reflections": enrolment.reflections,
            "colleagues_input": enrolment.colleagues_input,
        }
        data = request.POST if request.method == "POST" else None
        form = PreparationForm(data, initial=initial, going_alone=alone)
        if data is not None and form.is_valid():
            try:
                services.enrolment_prepare(
                    by=request.user,
                    enrolment=enrolment,
                    base_digest=form.cleaned_data["base_digest"],
                    reflections=form.cleaned_data["reflections"],
                    colleagues_input=form.cleaned_data.get(
                        "colleagues_input", enrolment.colleagues_input
                    ),
                )
            except services.PreparationConflict as error:
                conflict = True
                changed = data.copy()
                changed["base_digest"] = services.preparation_digest(error.current)
                form = PreparationForm(changed, initial=initial, going_alone=alone)
                enrolment = error.current
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your preparation is saved."))
                return redirect("learning:enrolment_before", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "activity": enrolment.activity,
        "person": enrolment.person,
        "own": own,
        "alone": alone,
        "goals": participant.goals if participant else [],
        "form": form,
        "conflict": conflict,
    }
    return render(request, "learning/enrolments/before.html", context)


def _steps(activity: Any, sent: dict[tuple[str, int], dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "step": step,
            "label": Reminder.Kind(step.kind).label,
            **sent.get((step.kind, step.offset_days), {"count": 0, "last": None}),
        }
        for step in procedure.activity_schedule(activity)
    ]


def _activity(request: AuthenticatedRequest, pk: int) -> Activity:
    """The activity for its readers, and for its participants: someone enrolled from
    another organisation still opens the page their reminder mails link to."""
    try:
        return activity_get_for_user(user=request.user, pk=pk)
    except Http404:
        enrolment = (
            Enrolment.objects.filter(activity_id=pk, person=request.user)
            .select_related("activity__organisation", "activity__programme")
            .first()
        )
        if enrolment is None:
            raise
        return enrolment.activity


@login_required
@require_GET
def activity_after(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    facts = procedure.facts_for(activity)
    ids = [participant.person.pk for participant in facts.participants]
    led = set(led_people(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    may_write = may_write_in(user=request.user, organisation_id=activity.organisation_id)
    sent = {
        (row["kind"], row["offset_days"]): {"count": row["count"], "last": row["last"]}
        for row in Reminder.objects.filter(activity=activity)
        .values("kind", "offset_days")
        .annotate(count=Count("pk"), last=Max("sent_at"))
        .order_by()
    }
    context = {
        "activity": activity,
        "headings": [line.strip() for line in activity.headings.splitlines() if line.strip()],
        "own": facts.participant(request.user.pk),
        "led": [participant for participant in facts.participants if participant.person.pk in led],
        "steps": _steps(activity, sent),
        "may_write": may_write,
        "participant_count": len(facts.participants),
        "now": timezone.now(),
    }
    return render(request, "learning/enrolments/after.html", context)


@login_required
@require_GET
def activity_follow_up_ics(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The follow-up day as a calendar file; 404 while the activity has none."""
    activity = _activity(request, pk)
    if activity.follow_up_day_at is None:
        raise Http404
    body = ics.follow_up_day_calendar(activity, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="follow-up-day-{activity.pk}.ics"'
    return response
