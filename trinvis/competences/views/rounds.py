"""Assessment rounds: open one, follow its progress, close or reopen it, and the rating form."""

import copy
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.accounts.models import User
from trinvis.competences import access, selectors
from trinvis.competences.forms import (
    AssessmentForm,
    OrganisationChoiceForm,
    ProfileChoiceForm,
    RoundCloseForm,
    RoundOpenForm,
)
from trinvis.competences.models import Assessment, Rating, Round
from trinvis.competences.services import rounds as services
from trinvis.core.forms import add_errors
from trinvis.organisations.models import Organisation
from trinvis.toolkits.selectors import organisation_members, organisations_writable

Kind = Assessment.Kind


# --- opening a round -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request: AuthenticatedRequest) -> HttpResponse:
    writable = list(organisations_writable(user=request.user))
    if not writable:
        raise PermissionDenied
    if not request.GET.get("profile"):
        return _choose_profile(request, writable)
    profile = access.profile_get_for_user(user=request.user, pk=request.GET["profile"])
    choices = [org for org in writable if org.path.startswith(profile.organisation.path)]
    if not choices:
        raise PermissionDenied
    organisation = _chosen_organisation(request, choices)
    if organisation is None:
        step = OrganisationChoiceForm(
            request.GET if "organisation" in request.GET else None,
            organisations=choices,
            top=profile.organisation,
            initial={"organisation": choices[0].pk},
        )
        step.is_valid()
        context = {"profile": profile, "step_form": step}
        return render(request, "competences/rounds/open_organisation.html", context)
    people = organisation_members(organisations=[organisation]).filter(is_active=True)
    members = list(people)
    form = RoundOpenForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={
            "title": profile.name,
            "people": [person.pk for person in members if person.pk != request.user.pk],
            "mode": ["self", "leader"],
            "deadline": timezone.localdate() + datetime.timedelta(days=21),
            "reminder_days": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_open(
                by=request.user,
                profile=profile,
                organisation=organisation,
                **form.service_arguments(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The round is open. Its people can now assess."))
            return redirect("competences:round_detail", pk=round.pk)
    context = {
        "profile": profile,
        "organisation": organisation,
        "may_change_organisation": len(choices) > 1,
        "has_people": bool(members),
        "form": form,
    }
    return render(request, "competences/rounds/open.html", context)


def _choose_profile(request: AuthenticatedRequest, writable: list[Organisation]) -> HttpResponse:
    """No profile given: the profiles the user may open a round for (one of their units)."""
    paths = [org.path for org in writable]
    profiles = [
        profile
        for profile in access.profiles_for_user(user=request.user)
        if any(path.startswith(profile.organisation.path) for path in paths)
    ]
    form = ProfileChoiceForm(profiles=profiles)
    return render(
        request, "competences/rounds/open_profile.html", {"form": form, "profiles": profiles}
    )


def _chosen_organisation(
    request: AuthenticatedRequest, choices: list[Organisation]
) -> Organisation | None:
    if len(choices) == 1:
        return choices[0]
    wanted = request.GET.get("organisation", "")
    return next((org for org in choices if str(org.pk) == wanted), None)


# --- a round's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    label: str
    submitted: int
    total: int


@dataclass(frozen=True)
class PersonStatus:
    person: User
    self_status: str
    leader_status: str


NOT_STARTED, DRAFT, SUBMITTED = "not_started", "draft", "submitted"


@login_required
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = access.round_get_for_user(user=request.user, pk=pk)
    close_form = RoundCloseForm(initial={"deadline": _suggested_deadline(round)})
    return _detail_page(request, round, close_form)


@login_required
@require_POST
def round_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = access.round_get_for_user(user=request.user, pk=pk, write=True)
    form = RoundCloseForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "close":
                services.round_close(by=request.user, round=round)
                messages.success(request, _("The round is closed. Its ratings stay as they are."))
            else:
                services.round_reopen(
                    by=request.user, round=round, deadline=form.cleaned_data["deadline"]
                )
                messages.success(request, _("The round is open again until the new deadline."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("competences:round_detail", pk=round.pk)
    return _detail_page(request, round, form)


def _suggested_deadline(round: Round) -> datetime.date:
    return max(round.deadline, timezone.localdate() + datetime.timedelta(days=14))


def _detail_page(
    request: AuthenticatedRequest, round: Round, close_form: RoundCloseForm
) -> HttpResponse:
    user = request.user
    participant = access.is_participant(user=user, round=round)
    leader = access.may_see_people(user=user, round=round)
    people_count = round.people.count()
    counts = _submitted_counts(round)
    progress = []
    if round.self_assessment:
        progress.append(Progress(_("Self-assessments"), counts.get(Kind.SELF, 0), people_count))
    if round.leader_assessment:
        progress.append(Progress(_("Leader assessments"), counts.get(Kind.LEADER, 0), people_count))
    if round.team_assessment:
        progress.append(Progress(_("Team assessment"), counts.get(Kind.TEAM, 0), 1))
    context: dict[str, Any] = {
        "round": round,
        "progress": progress,
        "people_count": people_count,
        "participant": participant,
        "leader": leader,
        "manager": access.may_manage_round(user=user, round=round),
        "close_form": close_form,
        "modes": [
            kind.label
            for kind, on in (
                (Kind.SELF, round.self_assessment),
                (Kind.LEADER, round.leader_assessment),
                (Kind.TEAM, round.team_assessment),
            )
            if on
        ],
    }
    if participant or leader:
        context["mine"] = _my_statuses(round, user)
    if leader:
        context["people"] = _people_statuses(round)
    return render(request, "competences/rounds/detail.html", context)


def _submitted_counts(round: Round) -> dict[str, int]:
    """Submitted assessments per kind, counting only people still in the round."""
    rows = (
        Assessment.objects.filter(round=round, submitted_at__isnull=False)
        .filter(Q(kind=Kind.TEAM) | Q(person__in=round.people.all()))
        .values("kind")
        .annotate(count=Count("pk"))
    )
    return {row["kind"]: row["count"] for row in rows}


def _status(assessment: Any) -> str:
    if assessment is None:
        return NOT_STARTED
    return SUBMITTED if assessment["submitted_at"] is not None else DRAFT


def _my_statuses(round: Round, user: User) -> dict[str, str]:
    found = {
        row["kind"]: row
        for row in Assessment.objects.filter(round=round)
        .filter(Q(person=user) | Q(kind=Kind.TEAM))
        .values("kind", "submitted_at")
    }
    return {kind: _status(found.get(kind)) for kind in Kind.values}


def _people_statuses(round: Round) -> list[PersonStatus]:
    found = {
        (row["kind"], row["person_id"]): row
        for row in Assessment.objects.filter(round=round, person__isnull=False).values(
            "kind", "person_id", "submitted_at"
        )
    }
    return [
        PersonStatus(
            person=person,
            self_status=_status(found.get((Kind.SELF.value, person.pk))),
            leader_status=_status(found.get((Kind.LEADER.value, person.pk))),
        )
        for person in selectors.round_people(round=round)
    ]


# --- the rating form -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: AuthenticatedRequest, pk: int, kind: str, person_pk: int) -> HttpResponse:
    round = access.round_get_for_user(user=request.user, pk=pk)
    if kind not in (Kind.SELF, Kind.LEADER):
        raise Http404
    # Someone else's ratings are personal data: a 404, never a 403, for those who may not.
    person = access.person_get_for_user(user=request.user, round=round, pk=person_pk)
    if not _fills(user=request.user, round=round, kind=kind, person=person):
        raise Http404
    return _assessment_page(request, round=round, kind=kind, person=person)


@login_required
@require_http_methods(["GET", "POST"])
def assess_team(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round = access.round_get_for_user(user=request.user, pk=pk)
    if not round.team_assessment:
        raise Http404
    if not _fills(user=request.user, round=round, kind=Kind.TEAM, person=None):
        raise PermissionDenied  # sees the round, but does not take part in it
    return _assessment_page(request, round=round, kind=Kind.TEAM, person=None)


def _fills(*, user: User, round: Round, kind: str, person: User | None) -> bool:
    """Whether the user fills this assessment; for a closed round, whether they did."""
    if not round.is_open:
        # Who fills a form does not change when the round closes; it only becomes read-only.
        round = copy.copy(round)
        round.closed_at = None
    return access.may_assess(user=user, round=round, kind=kind, person=person)


def _assessment_page(
    request: AuthenticatedRequest, *, round: Round, kind: str, person: User | None
) -> HttpResponse:
    competences = selectors.profile_competences(profile=round.profile)
    assessment = services.assessment_for(round=round, kind=kind, person=person)
    saved = _ratings_of(assessment)
    read_only = not round.is_open
    initial = AssessmentForm.initial_for(assessment.version if assessment else 0, saved)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, competences=competences, read_only=read_only, initial=initial)
    status, theirs, conflict = 200, None, None
    if request.method == "POST" and read_only:
        form.add_error(None, _("The round is closed; its ratings can no longer change."))
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                by=request.user,
                round=round,
                kind=kind,
                person=person,
                ratings=form.ratings(),
                base_version=form.cleaned_data["base_version"],
                submit=form.submitting,
            )
        except services.AssessmentConflict as error:
            conflict = error.assessment
            theirs = _ratings_of(conflict)
            # Keep the user's input; a second save goes against the version now stored.
            rebound = request.POST.copy()
            rebound["base_version"] = str(conflict.version)
            form = AssessmentForm(rebound, competences=competences, initial=initial)
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _saved(request, round=round, kind=kind, person=person, form=form)
    context = {
        "round": round,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "person": person,
        "assessment": conflict or assessment,
        "form": form,
        "sections": form.sections(theirs),
        "read_only": read_only,
        "conflict": conflict,
        "leader": access.may_see_people(user=request.user, round=round),
    }
    return render(request, "competences/rounds/assess.html", context, status=status)


def _ratings_of(assessment: Assessment | None) -> dict[int, Rating]:
    if assessment is None:
        return {}
    return {rating.competence_id: rating for rating in assessment.ratings.all()}


def _saved(
    request: AuthenticatedRequest,
    *,
    round: Round,
    kind: str,
    person: User | None,
    form: AssessmentForm,
) -> HttpResponse:
    if not form.submitting:
        messages.success(request, _("Your draft is saved. Only you and your leaders can see it."))
        return redirect(request.path)
    if kind == Kind.SELF:
        messages.success(request, _("Thank you. Your self-assessment is submitted."))
    elif kind == Kind.LEADER and person is not None:
        messages.success(
            request,
            _("Your assessment of %(name)s is submitted.") % {"name": person.full_name},
        )
    else:
        messages.success(request, _("The team’s assessment is submitted."))
    return redirect("competences:round_detail", pk=round.pk)
