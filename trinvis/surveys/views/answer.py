"""The answer form behind the public links: /s/<token>/ (personal) and /s/o/<token>/ (open).

No login: the link is the key. A personal link answers as the invited person, whoever is
logged in (the page says whose link it is when that is someone else). An open link stores
no identity and no IP address; its partial answers are found again by the random form key
in the page's address, created when the form is first shown.

The form goes page by page (forms.AnswerPlan): "Next" checks the page's required
questions and saves; "Back" and "Save and continue later" save without the check; the last
page's "Submit" submits once. Language: ?lang= (the switch), else the person's language,
else the browser's, else the questionnaire's default — among the questionnaire's languages.

A link that is not known is a 404; a known link whose survey is closed, or whose answers
are already in, gets a page saying so with status 200.
"""

import re
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.models import User
from trinvis.surveys import services_responses as services
from trinvis.surveys.forms import AnswerPlan, AnswerValue, Item, Page, label_in
from trinvis.surveys.models import Invitation, Question, Response, Survey
from trinvis.surveys.tasks import new_token, token_hash
from trinvis.surveys.xlsform import QuestionType

_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
ACTIONS = ("next", "back", "save", "submit")


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/answer/thanks.html")


def _state(
    request: HttpRequest,
    state: str,
    *,
    status: int = 200,
    person: User | None = None,
    **context: Any,
) -> HttpResponse:
    """The page for a link that cannot be answered (unknown, closed, already answered), in
    the invited person's language where the link names one, else the browser's."""
    language = person.language if person is not None else ""
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        return render(
            request, "surveys/answer/state.html", {"state": state, **context}, status=status
        )


@require_http_methods(["GET", "POST"])
def answer_personal(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("survey__questionnaire", "survey__organisation", "user")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or not invitation.user.is_active:
        return _state(request, "unknown", status=404)
    survey = invitation.survey
    response = Response.objects.filter(invitation=invitation).first()
    if response is not None and response.submitted_at is not None:
        return _state(request, "answered", survey=survey, person=invitation.user)
    if not survey.is_open:
        return _state(request, "closed", survey=survey, person=invitation.user)
    return _answer(request, survey=survey, response=response, invitation=invitation)


@require_http_methods(["GET", "POST"])
def answer_open(request: HttpRequest, open_token: str) -> HttpResponse:
    survey = (
        Survey.objects.select_related("questionnaire", "organisation")
        .filter(mode=Survey.Mode.OPEN, open_token=open_token)
        .exclude(open_token="")
        .first()
    )
    if survey is None:
        return _state(request, "unknown", status=404)
    if not survey.is_open:
        return _state(request, "closed", survey=survey)
    form_key = request.POST.get("k") or request.GET.get("k", "")
    response = None
    if _FORM_KEY.fullmatch(form_key):
        response = Response.objects.filter(survey=survey, form_key=form_key).first()
    else:
        form_key = new_token()
    if response is not None and response.submitted_at is not None:
        return _state(request, "answered", survey=survey)
    return _answer(request, survey=survey, response=response, form_key=form_key)


def _language(request: HttpRequest, survey: Survey, person: User | None) -> str:
    questionnaire = survey.questionnaire
    languages = list(questionnaire.languages) or [questionnaire.default_language]
    wanted = request.POST.get("lang") or request.GET.get("lang", "")
    if wanted in languages:
        return wanted
    if person is not None and person.language in languages:
        return person.language
    browser = translation.get_language_from_request(request)
    if browser in languages:
        return browser
    return questionnaire.default_language


def _answer(
    request: HttpRequest,
    *,
    survey: Survey,
    response: Response | None,
    invitation: Invitation | None = None,
    form_key: str = "",
) -> HttpResponse:
    person = invitation.user if invitation else None
    viewer = request.user if request.user.is_authenticated else None
    language = _language(request, survey, person or viewer)
    ui_language = language if language in dict(settings.LANGUAGES) else translation.get_language()
    with translation.override(ui_language):
        plan = AnswerPlan(
            survey.questionnaire, Question.objects.filter(questionnaire=survey.questionnaire)
        )
        values = services.stored_values(response)
        context = {
            "survey": survey,
            "plan": plan,
            "language": language,
            "form_key": form_key,
            "person": person,
            "someone_else": person is not None and viewer is not None and viewer.pk != person.pk,
            "open": invitation is None,
        }
        if request.method == "POST":
            return _post(request, plan, values, context, invitation=invitation)
        page = _page(plan, values, request.GET.get("page"))
        context["saved"] = request.GET.get("saved") == "1"
        context["incomplete"] = request.GET.get("incomplete") == "1"
        return _render(request, plan, page, values, {}, {}, context)


def _page(plan: AnswerPlan, values: dict[str, AnswerValue], wanted: Any) -> Page | None:
    """The visible page with number `wanted`, else the next visible one, else the last."""
    pages = plan.visible_pages(values)
    if not pages:
        return None
    number = int(wanted) if str(wanted).isdigit() else 1
    return next((page for page in pages if page.number >= number), pages[-1])


def _address(request: HttpRequest, context: dict[str, Any], **params: Any) -> str:
    query = {"lang": context["language"], **params}
    if context["form_key"]:
        query["k"] = context["form_key"]
    return f"{request.path}?{urlencode(query)}"


def _post(
    request: HttpRequest,
    plan: AnswerPlan,
    values: dict[str, AnswerValue],
    context: dict[str, Any],
    *,
    invitation: Invitation | None,
) -> HttpResponse:
    survey: Survey = context["survey"]
    page = _page(plan, values, request.POST.get("page"))
    action = request.POST.get("action", "next")
    if page is None or action not in ACTIONS:
        return redirect(_address(request, context))
    require = action in ("next", "submit")
    read, errors = plan.read(
        page, request.POST, values, language=context["language"], require=require
    )
    if errors:
        return _render(request, plan, page, values, read, errors, context)
    merged = {**values, **{k: v for k, v in read.items() if v is not None}}
    for key, value in read.items():
        if value is None:
            merged.pop(key, None)
    pages = plan.visible_pages(merged)
    later = [p for p in pages if p.number > page.number]
    arguments = {
        "survey": survey,
        "plan": plan,
        "values": read,
        "keys": page.keys,
        "language": context["language"],
        "invitation": invitation,
        "form_key": context["form_key"] if invitation is None else "",
    }
    try:
        if action == "submit" and not later:
            services.response_submit(**arguments)
            return redirect("answer:thanks")
        services.response_save(**arguments)
    except services.ResponseIncomplete as incomplete:
        return redirect(_address(request, context, page=incomplete.page, incomplete=1))
    except services.ResponseAlreadySubmitted:
        return _state(request, "answered", survey=survey)
    except services.SurveyClosed:
        return _state(request, "closed", survey=survey)
    if action == "save":
        return redirect(_address(request, context, page=page.number, saved=1))
    if action == "back":
        earlier = [p for p in pages if p.number < page.number]
        return redirect(_address(request, context, page=(earlier or [page])[-1].number))
    return redirect(_address(request, context, page=(later or [page])[0].number))


def _render(
    request: HttpRequest,
    plan: AnswerPlan,
    page: Page | None,
    values: dict[str, AnswerValue],
    read: dict[str, AnswerValue | None],
    errors: dict[str, str],
    context: dict[str, Any],
) -> HttpResponse:
    language = context["language"]
    default = plan.definition.default_language
    shown = {**values, **read} if errors else values
    pages = plan.visible_pages(values)
    items = []
    if page is not None:
        items = [
            _item_view(item, shown, errors, language, default)
            for item in plan.visible_items(page, values)
        ]
    index = pages.index(page) + 1 if page in pages else 0
    context.update(
        {
            "page": page,
            "heading": label_in(page.heading, language, default) if page and page.heading else "",
            "items": items,
            "errors": [
                (row["id"], row["label"], row["error"])
                for item in items
                for row in item.get("rows", [item])
                if row.get("error")
            ],
            "index": index,
            "page_count": len(pages),
            "first": index <= 1,
            "last": index == len(pages),
            "languages": [
                {
                    "code": code,
                    "name": _language_name(code),
                    "current": code == language,
                    "url": _address(
                        request, {**context, "language": code}, page=page.number if page else 1
                    ),
                }
                for code in plan.questionnaire.languages
            ],
        }
    )
    return render(request, "surveys/answer/form.html", context)


def _language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_local"])
    except KeyError:
        return code


def _display(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    return value


def _options(
    row: Question, value: Any, language: str, default: str, base_id: str
) -> list[dict[str, Any]]:
    if row.kind == QuestionType.SCALE_0_10:
        choices = [(str(point), str(point)) for point in range(11)]
        value = str(int(value)) if isinstance(value, Decimal) else value
    else:
        choices = [(c["name"], label_in(c["labels"], language, default)) for c in row.choices]
    chosen = value if isinstance(value, list) else [value]
    return [
        {"value": name, "label": label, "checked": name in chosen, "id": f"{base_id}-{index}"}
        for index, (name, label) in enumerate(choices)
    ]


_WIDGETS = {
    QuestionType.SINGLE_CHOICE: "radio",
    QuestionType.LIKERT: "radio",
    QuestionType.SCALE_0_10: "radio",
    QuestionType.MULTIPLE_CHOICE: "checkbox",
    QuestionType.INTEGER: "number",
    QuestionType.DECIMAL: "number",
    QuestionType.SHORT_TEXT: "text",
    QuestionType.LONG_TEXT: "textarea",
}


def _item_view(
    item: Item, values: dict[str, Any], errors: dict[str, str], language: str, default: str
) -> dict[str, Any]:
    question = item.question
    view: dict[str, Any] = {
        "label": label_in(question.labels, language, default),
        "hint": label_in(question.hints, language, default) if question.hints else "",
    }
    if question.type is QuestionType.NOTE:
        return {**view, "kind": "note"}
    if question.type is QuestionType.MATRIX:
        first = item.rows[0]
        required = {f"{question.name}/{r.name}" for r in question.items if r.required}
        base = f"q{first.position}"
        return {
            **view,
            "kind": "matrix",
            "id": base,
            "columns": [
                {"id": f"{base}-c{index}", "label": label_in(c["labels"], language, default)}
                for index, c in enumerate(first.choices)
            ],
            "rows": [
                {
                    "id": f"q{row.position}",
                    "name": row.key,
                    "label": label_in(row.labels, language, default),
                    "required": row.key in required,
                    "error": errors.get(row.key, ""),
                    "options": [
                        {**option, "column": f"{base}-c{index}"}
                        for index, option in enumerate(
                            _options(
                                row, values.get(row.key), language, default, f"q{row.position}"
                            )
                        )
                    ],
                }
                for row in item.rows
            ],
        }
    row = item.rows[0]
    base = f"q{row.position}"
    value = values.get(row.key)
    widget = _WIDGETS[QuestionType(row.kind)]
    return {
        **view,
        "kind": widget,
        "id": base,
        "name": row.key,
        "required": question.required,
        "error": errors.get(row.key, ""),
        "value": "" if value is None else _display(value),
        "step": "any" if row.kind == QuestionType.DECIMAL else "1",
        "options": _options(row, value, language, default, base)
        if widget in ("radio", "checkbox")
        else [],
    }
