"""Contact and anchoring (DOMAIN.md §4, phases 1 and 5): the letter to each municipality's
chief executive and the invitation to a workshop, written from the programme's templates in
the municipality's language, sent by e-mail through the outbox and logged.

Those who run the programme write the templates, send (the letters are queued, and the
log shows each one waiting, sent or not sent), and send again what the outbox gave up on.
A municipality taking part reads the letters sent to it (the programme's letters page
shows it only those); its members get 403 on the writes, anyone else 404.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import selectors_letters as selectors
from trinvis.programmes import services_letters as services
from trinvis.programmes.access import candidate_get_for_user, may_run, programme_get_for_user
from trinvis.programmes.forms_letters import (
    PLACEHOLDER_HELP,
    ChooseForm,
    ResendForm,
    SendForm,
    TemplateForm,
)
from trinvis.programmes.letter_defaults import default_for
from trinvis.programmes.models import AgencyProgramme, Letter, LetterKind, LetterTemplate, Workshop
from trinvis.programmes.workshop_calendar import attachment_name

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _log_url(programme_id: int) -> str:
    return reverse("programmes:letters", args=[programme_id]) + "#log"


@login_required
@require_GET
def letters(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    runs = may_run(user=request.user, programme=programme)
    context = {
        "programme": programme,
        "runs": runs,
        "log": selectors.letters_of_programme(programme=programme, user=request.user, runs=runs),
        "templates": selectors.template_rows(programme) if runs else [],
    }
    return render(request, "programmes/letters/index.html", context)


# --- templates ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthenticatedRequest, pk: int, kind: str, language: str) -> HttpResponse:
    """A template's editor. A template not written yet starts empty, or from the shipped
    default with `?start=default` (which also resets one written before, until saved)."""
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    if kind not in LetterKind.values or language not in LANGUAGE_NAMES:
        raise Http404
    current = selectors.template_of(programme, kind, language)
    from_default = request.GET.get("start") == "default"
    initial = _template_initial(current, kind, language, from_default=from_default)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = TemplateForm(data, initial=initial)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.template_save(
                by=request.user,
                programme=programme,
                kind=kind,
                language=language,
                base_version=form.cleaned_data["base_version"] or 0,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except services.LetterConflict as error:
            conflict, current = True, error.current
            data = data.copy()
            data["base_version"] = str(current.version if current else 0)
            form = TemplateForm(data, initial=initial)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect(reverse("programmes:letters", args=[programme.pk]) + "#templates")
    context = {
        "programme": programme,
        "form": form,
        "template": current,
        "kind": kind,
        "language": language,
        "kind_label": LetterKind(kind).label,
        "language_label": LANGUAGE_NAMES[language],
        "from_default": from_default,
        "conflict": conflict,
        "placeholders": PLACEHOLDER_HELP.items(),
    }
    return render(request, "programmes/letters/template_form.html", context)


def _template_initial(
    current: LetterTemplate | None, kind: str, language: str, *, from_default: bool
) -> dict[str, Any]:
    initial: dict[str, Any] = {"base_version": current.version if current else 0}
    if from_default:
        default = default_for(kind, language)
        initial.update(subject=default.subject, body=default.body)
    elif current is not None:
        initial.update(subject=current.subject, body=current.body)
    return initial


# --- sending ------------------------------------------------------------------------------------


def _choose_form(request: AuthenticatedRequest, programme: AgencyProgramme) -> ChooseForm:
    """The choice, from the send form's POST, the preview's GET, or a first visit."""
    candidates = selectors.sendable_candidates(programme)
    workshops = programme.workshops.order_by("number")
    if request.method == "POST" or request.GET.get("step") == "preview":
        data = request.POST if request.method == "POST" else request.GET
        return ChooseForm(data, workshops=workshops, candidates=candidates)
    initial = ChooseForm.initial_for(
        list(candidates), kind=request.GET.get("kind", ""), workshop=request.GET.get("workshop", "")
    )
    return ChooseForm(initial=initial, workshops=workshops, candidates=candidates)


@login_required
@require_http_methods(["GET", "POST"])
def send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Choose the letter and the municipalities, read each letter as it will go, send."""
    programme = programme_get_for_user(user=request.user, pk=pk, write=True)
    choose = _choose_form(request, programme)
    context: dict[str, Any] = {
        "programme": programme,
        "choose": choose,
        # Called by the template only when the page is shown, not before a redirect.
        "has_municipalities": selectors.sendable_candidates(programme).exists,
        "changed": False,
    }
    if not choose.is_bound or not choose.is_valid():
        return render(request, "programmes/letters/send.html", context)
    kind, workshop = choose.cleaned_data["kind"], choose.cleaned_data["workshop"]
    drafts = selectors.drafts_for(
        programme=programme,
        kind=kind,
        workshop=workshop,
        candidates=list(choose.cleaned_data["municipalities"]),
        sender=request.user,
    )
    addressed = kind == LetterKind.CHIEF_EXECUTIVE
    digest = selectors.fingerprint(kind=kind, workshop=workshop, drafts=drafts)
    if request.method == "GET":
        form = SendForm(initial={"fingerprint": digest}, drafts=drafts, addressed=addressed)
    else:
        form = SendForm(request.POST, drafts=drafts, addressed=addressed)
        if form.is_valid() and form.cleaned_data["fingerprint"] != digest:
            # What would go out is not what was read: show it before sending anything.
            context["changed"] = True
            data = request.POST.copy()
            data["fingerprint"] = digest
            form = SendForm(data, drafts=drafts, addressed=addressed)
        elif form.is_valid():
            sent = _send(request, programme, form, kind=kind, workshop=workshop)
            if sent:
                return redirect(_log_url(programme.pk))
    context.update(
        form=form,
        kind=kind,
        workshop=workshop,
        previews=form.previews(),
        attachment=attachment_name(workshop) if workshop and not addressed else "",
        sent_before=any(draft.sent_before for draft in drafts),
        ready=all(draft.ready and (addressed or draft.to_email) for draft in drafts),
    )
    return render(request, "programmes/letters/send.html", context)


def _send(
    request: AuthenticatedRequest,
    programme: AgencyProgramme,
    form: SendForm,
    *,
    kind: str,
    workshop: Workshop | None,
) -> bool:
    """Send the letters of a valid form and say how it went; False with the reasons on the
    form when nothing was sent."""
    try:
        sent = services.letters_send(
            by=request.user,
            programme=programme,
            kind=kind,
            workshop=workshop,
            drafts=form.drafts,
            addresses=form.addresses(),
            again=form.cleaned_data["again"],
        )
    except ValidationError as error:
        add_errors(form, error)
        return False
    _report(request, sent)
    return True


def _report(request: AuthenticatedRequest, sent: list[Letter]) -> None:
    # The outbox sends them: the log shows each letter's state as it goes out.
    messages.success(
        request,
        ngettext(
            "%(count)s letter is queued and will be sent in a moment.",
            "%(count)s letters are queued and will be sent in a moment.",
            len(sent),
        )
        % {"count": len(sent)},
    )


# --- the log ------------------------------------------------------------------------------------


@login_required
@require_GET
def candidate_letters(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidate = candidate_get_for_user(user=request.user, pk=pk)
    context = {
        "candidate": candidate,
        "programme": candidate.programme,
        "runs": may_run(user=request.user, programme=candidate.programme),
        "log": selectors.letters_of_candidate(candidate),
    }
    return render(request, "programmes/letters/candidate.html", context)


@login_required
@require_GET
def letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = selectors.letter_get_for_user(user=request.user, pk=pk)
    runs = may_run(user=request.user, programme=found.programme)
    context = {
        "letter": found,
        "programme": found.programme,
        "candidate": found.candidate,
        "runs": runs,
        "sent_since": _sent_since(found) if runs else None,
    }
    return render(request, "programmes/letters/letter.html", context)


def _sent_since(letter: Letter) -> Letter | None:
    """For a letter that was not sent: the same letter as it reached the municipality later
    (or is on its way there)."""
    if not letter.may_send_again:
        return None
    sent = selectors.last_sent(
        candidate_ids=[letter.candidate_id], kind=letter.kind, workshop=letter.workshop
    ).get(letter.candidate_id)
    return sent if sent is not None and sent.sent_at >= letter.sent_at else None


@login_required
@require_http_methods(["GET", "POST"])
def letter_resend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = selectors.letter_get_for_user(user=request.user, pk=pk, write=True)
    if not found.may_send_again:
        if found.state == Letter.Outcome.QUEUED:
            messages.info(
                request, _("This letter is waiting to be sent; it is tried again by itself.")
            )
        else:
            messages.info(request, _("This letter was sent; there is nothing to send again."))
        return redirect("programmes:letter", pk=found.pk)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = ResendForm(data, initial={"to_email": found.to_email})
    if data is not None and form.is_valid():
        try:
            retry = services.letter_resend(
                by=request.user,
                letter=found,
                to_email=form.cleaned_data["to_email"],
                again=form.cleaned_data["again"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The letter is queued and will be sent in a moment."))
            return redirect("programmes:letter", pk=retry.pk)
    context = {
        "letter": found,
        "programme": found.programme,
        "candidate": found.candidate,
        "form": form,
        "sent_since": selectors.last_sent(
            candidate_ids=[found.candidate_id], kind=found.kind, workshop=found.workshop
        ).get(found.candidate_id),
    }
    return render(request, "programmes/letters/resend.html", context)
