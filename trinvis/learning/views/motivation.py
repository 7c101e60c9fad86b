"""The motivation check: take it, see one's trend, open one check (the person and their
leaders); and an organisation's own wording of the five questions (its write roles)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.learning import motivation
from trinvis.learning.access import motivation_check_get_for_user
from trinvis.learning.audit import audit_opened
from trinvis.learning.forms_personal import MotivationCheckForm, MotivationQuestionsForm
from trinvis.learning.models import MotivationQuestions
from trinvis.learning.selectors_personal import (
    activities_for_goal,
    check_row,
    check_rows,
    person_checks,
    questions_for_person,
    wordings_for,
)
from trinvis.learning.services import motivation as services
from trinvis.organisations.access import organisation_get_for_user
from trinvis.toolkits.selectors import organisations_writable


def _language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in motivation.LANGUAGES else motivation.LANGUAGES[0]


@login_required
@require_GET
def motivation_page(request: AuthenticatedRequest) -> HttpResponse:
    rows = check_rows(person_checks(request.user))
    context = {
        "rows": list(reversed(rows)),
        "trend": motivation.trend_figure(rows) if rows else None,
        "questions": questions_for_person(request.user, _language()),
        "dimension_names": [motivation.DIMENSION_NAMES[d] for d in motivation.DIMENSIONS],
    }
    return render(request, "learning/personal/motivation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def motivation_create(request: AuthenticatedRequest) -> HttpResponse:
    form = MotivationCheckForm(
        request.POST or None,
        questions=questions_for_person(request.user, _language()),
        activities=activities_for_goal(person=request.user, user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            check = services.check_create(
                by=request.user,
                person=request.user,
                taken_on=form.cleaned_data["taken_on"],
                scores=form.scores(),
                note=form.cleaned_data["note"],
                activity=form.cleaned_data["activity"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect("learning:motivation_check", pk=check.pk)
    return render(request, "learning/personal/motivation_form.html", {"form": form})


@login_required
@require_GET
def motivation_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    check = motivation_check_get_for_user(user=request.user, pk=pk)
    audit_opened(request, person=check.person, record="motivation_check", pk=check.pk)
    row = check_row(check)
    questions = questions_for_person(check.person, _language())
    answers = [
        (
            question,
            row.scores[question.dimension],
            row.previous[question.dimension] if row.previous else None,
            question.dimension in row.drops,
        )
        for question in questions
    ]
    own = check.person_id == request.user.pk
    context = {
        "check": check,
        "row": row,
        "answers": answers,
        "own": own,
        "parent_url": reverse("learning:motivation")
        if own
        else reverse("learning:person", args=[check.person_id]),
        "parent_label": _("Motivation") if own else check.person.full_name,
    }
    return render(request, "learning/personal/motivation_check.html", context)


@login_required
@require_GET
def motivation_questions(request: AuthenticatedRequest) -> HttpResponse:
    """The organisations whose wording the user may change."""
    organisations = organisations_writable(user=request.user)
    if not organisations.exists():
        raise PermissionDenied
    worded = set(
        MotivationQuestions.objects.filter(organisation__in=organisations)
        .exclude(questions={})
        .values_list("organisation_id", flat=True)
    )
    context = {
        "organisations": [(org, org.pk in worded) for org in organisations],
        "shipped": motivation.questions_for(_language(), []),
    }
    return render(request, "learning/personal/motivation_questions.html", context)


def _fallbacks(organisation: Any) -> dict[str, str]:
    """What each empty field falls back to: the wording above the organisation, per
    language, else the shipped question in that language."""
    above = wordings_for(organisation.parent) if organisation.parent_id else []
    fallbacks = {}
    for language in motivation.LANGUAGES:
        with translation.override(language):
            for question in motivation.questions_for(language, above):
                fallbacks[MotivationQuestionsForm.key(question.dimension, language)] = question.text
    return fallbacks


@login_required
@require_http_methods(["GET", "POST"])
def motivation_questions_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = organisation_get_for_user(user=request.user, pk=pk, write=True)
    current = MotivationQuestions.objects.filter(organisation=organisation).first()
    language_names = {code: str(name) for code, name in settings.LANGUAGES}
    options: dict[str, Any] = {
        "language_names": language_names,
        "fallbacks": _fallbacks(organisation),
    }
    conflict = False
    if request.method != "POST":
        form = MotivationQuestionsForm(
            initial=MotivationQuestionsForm.initial_for(
                current.questions if current else {}, services.questions_token(current)
            ),
            **options,
        )
    else:
        form = MotivationQuestionsForm(request.POST, **options)
        if form.is_valid():
            try:
                services.questions_save(
                    by=request.user,
                    organisation=organisation,
                    base_token=form.cleaned_data["base_token"],
                    questions=form.questions(),
                )
            except services.QuestionsConflict as error:
                conflict = True
                data = request.POST.copy()
                data["base_token"] = services.questions_token(error.questions)
                form = MotivationQuestionsForm(data, **options)
            else:
                messages.success(request, _("The wording of the questions is saved."))
                return redirect("learning:motivation_questions")
    context = {"form": form, "organisation": organisation, "conflict": conflict}
    return render(request, "learning/personal/motivation_questions_edit.html", context)
