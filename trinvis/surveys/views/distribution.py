"""Opening a survey, following its response rate, inviting, reminding, closing.

Those who manage a survey (access.SURVEY_ROLES in its organisation) see who was invited
and whether each person has answered, never what they answered; everyone else with detail
access to the organisation sees the figures only.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Membership, Organisation
from trinvis.surveys import access, housekeeping, retention
from trinvis.surveys import services_responses as services
from trinvis.surveys.analysis import response_rate
from trinvis.surveys.forms import (
    CloseForm,
    InviteForm,
    PurgeForm,
    SurveyCreateForm,
    SurveySettingsForm,
    settings_fingerprint,
)
from trinvis.surveys.models import Invitation, Response, Survey


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = access.organisations_for_surveys(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    if not request.GET.get("questionnaire"):
        questionnaires = access.questionnaires_for_user(user=request.user).only(
            "pk", "title", "organisation__name"
        )
        return render(
            request,
            "surveys/distribution/choose_questionnaire.html",
            {"questionnaires": questionnaires},
        )
    questionnaire = access.questionnaire_get_for_user(
        user=request.user, pk=request.GET["questionnaire"]
    )
    form = SurveyCreateForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"title": questionnaire.title, "mode": Survey.Mode.PERSONAL, "minimum_group": 5},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                by=request.user, questionnaire=questionnaire, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey is open."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    return render(
        request,
        "surveys/distribution/create.html",
        {"form": form, "questionnaire": questionnaire},
    )


def _response_figures(survey: Survey) -> dict[str, Any]:
    """The counts of the survey's page; after the purge, from the kept figures (who was
    invited and who answered is no longer linked, so every response counts as invited)."""
    if survey.purged_at is not None:
        responses, invited = retention.figures_response_counts(survey=survey)
        counts = {"submitted": responses, "invited_submitted": responses, "started": 0}
    else:
        counts = Response.objects.filter(survey=survey).aggregate(
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            invited_submitted=Count(
                "pk", filter=Q(submitted_at__isnull=False, invitation__isnull=False)
            ),
            started=Count("pk", filter=Q(submitted_at__isnull=True)),
        )
        invited = Invitation.objects.filter(survey=survey).count()
    return {
        "counts": counts,
        "invited": invited,
        "rate": response_rate(responses=counts["invited_submitted"], invited=invited),
        "imported": counts["submitted"] - counts["invited_submitted"],
    }


@login_required
def survey_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = access.survey_get_for_user(user=request.user, pk=pk)
    manager = access.may_manage_survey(user=request.user, survey=survey)
    context: dict[str, Any] = {
        "survey": survey,
        "manager": manager,
        **_response_figures(survey),
        "keep_until": retention.keep_until(survey),
        "reminder_moment": housekeeping.reminder_moment(survey),
        "reminder_sent": housekeeping.reminder_sent(survey),
    }
    if manager and survey.mode == Survey.Mode.PERSONAL and survey.purged_at is None:
        answered = Response.objects.filter(invitation=OuterRef("pk"), submitted_at__isnull=False)
        context["invitations"] = (
            Invitation.objects.filter(survey=survey)
            .select_related("user")
            .annotate(answered=Exists(answered))
            .order_by("user__full_name", "user__email")
        )
    if manager and survey.mode == Survey.Mode.OPEN:
        context["open_link"] = request.build_absolute_uri(
            reverse("answer:open", kwargs={"open_token": survey.open_token})
        )
    return render(request, "surveys/distribution/detail.html", context)


def _invite_choices(
    request: AuthenticatedRequest, survey: Survey
) -> tuple[list[Organisation], list[tuple[Organisation, list[Membership]]]]:
    """The organisations of the survey's tree the user sees in detail, with their members."""
    scope = scope_for(request.user)
    organisations = Organisation.objects.filter(path__startswith=survey.organisation.path)
    if not scope.is_platform_admin:
        organisations = organisations.filter(pk__in=scope.detail_ids)
    visible = list(organisations.order_by("path"))
    memberships = (
        Membership.objects.filter(organisation__in=visible, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    by_org: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_org.setdefault(membership.organisation_id, []).append(membership)
    return visible, [(org, by_org[org.pk]) for org in visible if org.pk in by_org]


@login_required
@require_http_methods(["GET", "POST"])
def survey_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = access.survey_get_for_user(user=request.user, pk=pk, write=True)
    if survey.mode != Survey.Mode.PERSONAL:
        raise Http404
    organisations, groups = _invite_choices(request, survey)
    people = {m.user_id: m.user for _org, members in groups for m in members}
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        people=[(pk, str(user.full_name or user.email)) for pk, user in people.items()],
        organisations=[org for org, _members in groups],
    )
    if request.method == "POST" and form.is_valid():
        chosen = [people[pk] for pk in form.cleaned_data["people"]]
        everyone_in = form.cleaned_data["everyone_in"]
        chosen += [m.user for org, members in groups if org.pk == everyone_in for m in members]
        try:
            created = services.invitations_create(
                by=request.user, survey=survey, users=chosen, emails=form.cleaned_data["emails"]
            )
        except ValidationError as error:
            field = "emails" if error.code == "unknown_emails" else None
            form.add_error(field, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s person invited.", "%(count)s people invited.", len(created))
                % {"count": len(created)},
            )
            return redirect("surveys:survey_detail", pk=survey.pk)
    invited = set(Invitation.objects.filter(survey=survey).values_list("user_id", flat=True))
    chosen_ids = {str(value) for value in form["people"].value() or []}
    return render(
        request,
        "surveys/distribution/invite.html",
        {
            "survey": survey,
            "form": form,
            "groups": groups,
            "invited": invited,
            "chosen": chosen_ids,
            "has_organisations": bool(organisations),
        },
    )


@login_required
@require_POST
def survey_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = access.survey_get_for_user(user=request.user, pk=pk, write=True)
    if survey.mode != Survey.Mode.PERSONAL:
        raise Http404
    try:
        count = services.reminders_send(by=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "A reminder goes to %(count)s person.",
                    "Reminders go to %(count)s people.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(
                request,
                _("Nobody to remind: everyone has answered or was reminded in the last day."),
            )
    return redirect("surveys:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = access.survey_get_for_user(user=request.user, pk=pk, write=True)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "close":
                services.survey_close(by=request.user, survey=survey)
                messages.success(request, _("The survey is closed. No more answers come in."))
            else:
                services.survey_reopen(by=request.user, survey=survey)
                messages.success(request, _("The survey is open again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("surveys:survey_detail", pk=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def survey_settings(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = access.survey_get_for_user(user=request.user, pk=pk, write=True)
    form = SurveySettingsForm(request.POST if request.method == "POST" else None, survey=survey)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_settings_update(
                by=request.user,
                survey=survey,
                base=data["base"],
                # A field the form leaves out (a purged survey's dates, an open survey's
                # reminder) keeps its value.
                deadline=data.get("deadline", survey.deadline),
                remind_days_before=data.get("remind_days_before", survey.remind_days_before),
                retention_days=data.get("retention_days", survey.retention_days),
                minimum_group=data["minimum_group"],
            )
        except services.SettingsChanged as changed:
            # The user's values stay in the form, now based on the stored ones (shown
            # beside them): saving again replaces those.
            conflict = changed.survey
            data = request.POST.copy()
            data["base"] = settings_fingerprint(conflict)
            form = SurveySettingsForm(data, survey=conflict)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("surveys:survey_detail", pk=survey.pk)
    context = {"survey": survey, "form": form, "conflict": conflict}
    return render(request, "surveys/distribution/settings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_purge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    survey = access.survey_get_for_user(user=request.user, pk=pk, write=True)
    if survey.purged_at is not None:
        messages.info(request, _("The answers of this survey are already deleted."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    form = PurgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        retention.survey_purge(survey=survey, by=request.user)
        messages.success(request, _("The answers are deleted; the figures are kept."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    context = {"survey": survey, "form": form, **_response_figures(survey)}
    return render(request, "surveys/distribution/purge.html", context)
