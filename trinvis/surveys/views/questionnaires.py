"""The survey module's start page and the questionnaire pages: preview, XLSForm import and
export, and copying a questionnaire (the library's or another) into an organisation."""

import dataclasses
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.organisations.models import Organisation
from trinvis.surveys import services
from trinvis.surveys.access import (
    may_manage_surveys_in,
    organisations_for_surveys,
    questionnaire_get_for_user,
    questionnaires_for_user,
    surveys_for_user,
)
from trinvis.surveys.definition import from_json
from trinvis.surveys.forms_questionnaires import QuestionnaireCopyForm, QuestionnaireImportForm
from trinvis.surveys.models import Invitation, Questionnaire, Response
from trinvis.surveys.preview import preview
from trinvis.surveys.xlsform import Problem, XLSFormError, export_xlsform, parse_xlsform

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """A per-survey count as a subquery, so the list stays one query without join fan-out."""
    counted = (
        queryset.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def _organisations_or_403(user: Any) -> QuerySet[Organisation]:
    organisations = organisations_for_surveys(user=user)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


@login_required
@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    surveys = surveys_for_user(user=request.user).annotate(
        response_count=_count(Response.objects.filter(submitted_at__isnull=False)),
        invited_count=_count(Invitation.objects.all()),
    )
    questionnaires = (
        questionnaires_for_user(user=request.user)
        .annotate(question_count=Count("questions"))
        .order_by(F("organisation").asc(nulls_first=True), "title", "pk")
    )
    context = {
        "surveys": surveys,
        "questionnaires": questionnaires,
        "may_create": organisations_for_surveys(user=request.user).exists(),
    }
    return render(request, "surveys/index.html", context)


def _detail_context(request: AuthenticatedRequest, questionnaire: Questionnaire) -> dict[str, Any]:
    organisations = organisations_for_surveys(user=request.user)
    may_start = organisations.exists() and (
        questionnaire.organisation_id is None
        or may_manage_surveys_in(user=request.user, organisation_id=questionnaire.organisation_id)
    )
    start_url = reverse("surveys:survey_create") + f"?questionnaire={questionnaire.pk}"
    return {
        "questionnaire": questionnaire,
        "entries": preview(from_json(questionnaire.definition), get_language() or "en"),
        "copy_form": QuestionnaireCopyForm(organisations=organisations),
        "may_copy": organisations.exists(),
        "start_url": start_url if may_start else "",
    }


@login_required
@require_GET
def questionnaire_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = questionnaire_get_for_user(user=request.user, pk=pk)
    context = _detail_context(request, questionnaire)
    return render(request, "surveys/questionnaires/detail.html", context)


@login_required
@require_GET
def questionnaire_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = questionnaire_get_for_user(user=request.user, pk=pk)
    content = export_xlsform(from_json(questionnaire.definition))
    name = slugify(questionnaire.slug or questionnaire.title) or f"questionnaire-{pk}"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_import(request: AuthenticatedRequest) -> HttpResponse:
    organisations = _organisations_or_403(request.user)
    form = QuestionnaireImportForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        initial={"language": get_language()},
    )
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            definition = parse_xlsform(
                upload.read(), fallback_language=form.cleaned_data["language"]
            )
            if not definition.title.strip():
                definition = dataclasses.replace(definition, title=Path(upload.name).stem)
            questionnaire = services.questionnaire_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                definition=definition,
            )
        except XLSFormError as error:
            problems = error.problems
        except ValidationError as error:
            problems = [Problem("", None, message) for message in error.messages]
        else:
            messages.success(request, _("The questionnaire is imported."))
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    context = {"form": form, "problems": problems}
    return render(request, "surveys/questionnaires/import.html", context)


@login_required
@require_POST
def questionnaire_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    questionnaire = questionnaire_get_for_user(user=request.user, pk=pk)
    organisations = _organisations_or_403(request.user)
    form = QuestionnaireCopyForm(request.POST, organisations=organisations)
    if form.is_valid():
        copy = services.questionnaire_create(
            by=request.user,
            organisation=form.cleaned_data["organisation"],
            definition=from_json(questionnaire.definition),
            based_on=questionnaire,
        )
        messages.success(
            request,
            _("The questionnaire is copied to %(organisation)s.")
            % {"organisation": copy.organisation.name if copy.organisation else ""},
        )
        return redirect("surveys:questionnaire_detail", pk=copy.pk)
    context = {**_detail_context(request, questionnaire), "copy_form": form}
    return render(request, "surveys/questionnaires/detail.html", context)
