"""The toolkit catalogue: browse, read, search, check barriers, copy and adapt."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.organisations.access import scope_for
from trinvis.toolkits import selectors, services
from trinvis.toolkits.access import toolkit_get_for_user
from trinvis.toolkits.forms_catalogue import AdaptForm, QuestionAddForm, StepAddForm, TitleForm
from trinvis.toolkits.models import Toolkit


def _language() -> str:
    return (get_language() or "da").split("-")[0]


def _step_of(toolkit: Toolkit, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        return selectors.toolkit_step_find(toolkit=toolkit, key=key)
    except KeyError:
        raise Http404 from None


def _posted(request: AuthenticatedRequest) -> Any:
    # An empty POST is still a submission: the form must show its errors.
    return request.POST if request.method == "POST" else None


def _may_edit(request: AuthenticatedRequest, toolkit: Toolkit) -> bool:
    organisation_id = toolkit.organisation_id
    return (
        organisation_id is not None
        and toolkit.is_latest
        and scope_for(request.user).can_write(organisation_id)
    )


@login_required
def toolkit_list(request: AuthenticatedRequest) -> HttpResponse:
    toolkits = list(selectors.toolkits_latest_for_user(user=request.user))
    context = {
        "shipped": [toolkit for toolkit in toolkits if toolkit.organisation_id is None],
        "adapted": [toolkit for toolkit in toolkits if toolkit.organisation_id is not None],
    }
    return render(request, "toolkits/catalogue/list.html", context)


@login_required
def toolkit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk)
    shipped = toolkit.organisation_id is None
    scope = scope_for(request.user)
    context = {
        "toolkit": toolkit,
        "phases": selectors.toolkit_outline(toolkit=toolkit),
        "may_adapt": shipped and any(scope.can_write(i) for i in scope.detail_ids),
        "may_edit": _may_edit(request, toolkit),
        "adaptations": selectors.toolkit_adaptations(toolkit=toolkit, user=request.user)
        if shipped
        else [],
    }
    return render(request, "toolkits/catalogue/detail.html", context)


@login_required
def toolkit_step(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk)
    phase, step = _step_of(toolkit, key)
    context = {
        "toolkit": toolkit,
        "phase": phase,
        "step": step,
        "may_edit": _may_edit(request, toolkit),
    }
    return render(request, "toolkits/catalogue/step.html", context)


@login_required
def toolkit_search(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    groups = selectors.toolkit_steps_search(user=request.user, query=query, language=_language())
    context = {"query": query, "groups": groups, "limit": selectors.SEARCH_LIMIT}
    template = (
        "toolkits/catalogue/partials/search_results.html"
        if request.htmx
        else "toolkits/catalogue/search.html"
    )
    return render(request, template, context)


@login_required
def toolkit_barriers(request: AuthenticatedRequest) -> HttpResponse:
    barriers = selectors.barriers_for_user(user=request.user, language=_language())
    ticked = set(request.GET.getlist("barrier"))
    context = {
        "barriers": barriers,
        "ticked": ticked,
        "chosen": [barrier for barrier in barriers if barrier.key in ticked],
        "submitted": "barrier" in request.GET or "check" in request.GET,
    }
    return render(request, "toolkits/catalogue/barriers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_adapt(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk)
    organisations = selectors.organisations_writable(user=request.user)
    if toolkit.organisation_id is not None:
        raise Http404
    if not organisations.exists():
        raise PermissionDenied
    form = AdaptForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.toolkit_adapt(toolkit=toolkit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The copy is made. Adapt it to your organisation."))
            return redirect("toolkits:detail", pk=copy.pk)
    return render(request, "toolkits/catalogue/adapt.html", {"toolkit": toolkit, "form": form})


def _edit_form(
    request: AuthenticatedRequest,
    toolkit: Toolkit,
    form: Any,
    save: Any,
    context: dict[str, Any],
) -> HttpResponse:
    """Shared by the edits of a copy: validate, save a new version, go to it."""
    if request.method == "POST" and form.is_valid():
        try:
            new = save(form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved as version %(version)d.") % {"version": new.version})
            return redirect("toolkits:detail", pk=new.pk)
    return render(
        request, "toolkits/catalogue/edit.html", {"toolkit": toolkit, "form": form, **context}
    )


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_rename(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk, write=True)
    initial = {f"title_{lang}": text for lang, text in toolkit.document["title"].items()}
    form = TitleForm(_posted(request), initial=initial)

    def save(form: TitleForm) -> Toolkit:
        return services.toolkit_rename(toolkit=toolkit, title=form.titles, by=request.user)

    return _edit_form(request, toolkit, form, save, {"heading": _("Rename the toolkit")})


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_step_rename(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk, write=True)
    _phase, step = _step_of(toolkit, key)
    initial = {f"title_{lang}": text for lang, text in step["title"].items()}
    form = TitleForm(_posted(request), initial=initial)

    def save(form: TitleForm) -> Toolkit:
        return services.toolkit_step_rename(
            toolkit=toolkit, key=key, title=form.titles, by=request.user
        )

    context = {"heading": _("Rename the step"), "step": step}
    return _edit_form(request, toolkit, form, save, context)


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_step_add(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk, write=True)
    _phase, step = _step_of(toolkit, key)
    form = StepAddForm(_posted(request))

    def save(form: StepAddForm) -> Toolkit:
        new, _key = services.toolkit_step_add(
            toolkit=toolkit, after=key, language=_language(), by=request.user, **form.cleaned_data
        )
        return new

    context = {"heading": _("Add a step after this one"), "step": step}
    return _edit_form(request, toolkit, form, save, context)


@login_required
@require_http_methods(["GET", "POST"])
def toolkit_question_add(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    toolkit = toolkit_get_for_user(user=request.user, pk=pk, write=True)
    _phase, step = _step_of(toolkit, key)
    form = QuestionAddForm(_posted(request))

    def save(form: QuestionAddForm) -> Toolkit:
        return services.toolkit_question_add(
            toolkit=toolkit, key=key, language=_language(), by=request.user, **form.cleaned_data
        )

    context = {"heading": _("Add a reflection question"), "step": step}
    return _edit_form(request, toolkit, form, save, context)
