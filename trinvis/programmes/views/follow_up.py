"""Follow-up after the workshops (DOMAIN.md §4, phases 7 and 9): the conversations with
each municipality on how its agreed work is going, and the internal note that sums them up
for adjusting the next workshop.

Those who run the programme plan, record and change the conversations and write the note.
A municipality taking part reads its own conversations (403 on a write); the note and the
other municipalities' records are not for it (404).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trinvis.accounts.http import AuthenticatedRequest
from trinvis.core.forms import add_errors
from trinvis.programmes import selectors_follow_up as selectors
from trinvis.programmes import services_follow_up as services
from trinvis.programmes.access import may_run, programme_get_for_user
from trinvis.programmes.forms_follow_up import ConversationForm, InternalNoteForm
from trinvis.programmes.models import AgreedItem, Candidate, FollowUpConversation, Workshop
from trinvis.programmes.selectors_workshops import workshop_get_for_user


@login_required
@require_GET
def follow_up(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    programme = programme_get_for_user(user=request.user, pk=pk)
    runs = may_run(user=request.user, programme=programme)
    context = {
        "programme": programme,
        "runs": runs,
        "workshops": selectors.follow_up_overview(
            programme=programme, user=request.user, runs=runs, today=timezone.localdate()
        ),
    }
    return render(request, "programmes/follow_up/index.html", context)


# --- a conversation --------------------------------------------------------------------------


def _items(conversation: FollowUpConversation | None) -> list[AgreedItem]:
    return list(conversation.items.all()) if conversation is not None else []


def _with_items_of(data: QueryDict, items: list[AgreedItem]) -> QueryDict:
    """The user's input, and the saved values of the items someone else added after the
    form was opened: the form has rows for them now, and they are theirs to keep (the save
    is then a conflict, which shows them)."""
    merged = data.copy()
    for item in items:
        prefix = f"item_{item.pk}"
        if f"{prefix}_text" not in merged:
            merged[f"{prefix}_text"] = item.text
            merged[f"{prefix}_progress"] = item.progress
            merged[f"{prefix}_note"] = item.note
    return merged


def _back(workshop: Workshop, candidate: Candidate, *, more: bool) -> HttpResponse:
    if more:
        url = reverse("programmes:follow_up_conversation", args=[workshop.pk, candidate.pk])
        return redirect(f"{url}#new-items")
    url = reverse("programmes:follow_up", args=[workshop.programme_id])
    return redirect(f"{url}#workshop-{workshop.number}")


def _conversation_context(
    workshop: Workshop, candidate: Candidate, current: FollowUpConversation | None
) -> dict[str, Any]:
    return {
        "workshop": workshop,
        "programme": workshop.programme,
        "candidate": candidate,
        "conversation": current,
        "overdue": selectors.is_overdue(current, today=timezone.localdate()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: AuthenticatedRequest, pk: int, candidate: int) -> HttpResponse:
    """A municipality's conversation after a workshop: a form for those who run the
    programme (the first save creates it, starting from the items agreed after the workshop
    before), the record for the municipality's own members."""
    workshop, municipality, runs = selectors.conversation_target_for_user(
        user=request.user, workshop_pk=pk, candidate_pk=candidate, write=request.method == "POST"
    )
    current = selectors.conversation_of(candidate=municipality, workshop=workshop)
    if not runs:
        context = _conversation_context(workshop, municipality, current)
        return render(request, "programmes/follow_up/conversation.html", context)
    items = _items(current)
    data = _with_items_of(request.POST, items) if request.method == "POST" else None
    form = ConversationForm(data, initial=ConversationForm.initial_for(current), items=items)
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.conversation_save(
                by=request.user,
                candidate=municipality,
                workshop=workshop,
                base_version=form.cleaned_data["base_version"],
                data=form.to_input(),
            )
        except services.FollowUpConflict as error:
            conflict = True
            current = selectors.conversation_of(candidate=municipality, workshop=workshop)
            items = _items(current)
            data = _with_items_of(data, items)
            data["base_version"] = str(error.version)
            form = ConversationForm(data, items=items)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The conversation with %(name)s is saved.") % {"name": municipality.area},
            )
            return _back(workshop, municipality, more="more" in data)
    context = _conversation_context(workshop, municipality, current)
    context.update(
        {
            "form": form,
            "conflict": conflict,
            "saved": current if conflict else None,
            "earlier": None
            if current is not None
            else selectors.previous_conversation(candidate=municipality, workshop=workshop),
        }
    )
    return render(request, "programmes/follow_up/conversation_form.html", context)


# --- the internal note -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def internal_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The summary of the conversations after a workshop, with their items counted beside
    it: for those who run the programme only."""
    workshop, _runs = workshop_get_for_user(
        user=request.user, pk=pk, write=request.method == "POST", running_only=True
    )
    current = selectors.internal_note_of(workshop)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = InternalNoteForm(data, initial=InternalNoteForm.initial_for(current))
    conflict = False
    if data is not None and form.is_valid():
        try:
            services.internal_note_save(
                by=request.user,
                workshop=workshop,
                base_version=form.cleaned_data["base_version"],
                summary=form.cleaned_data["text"],
            )
        except services.FollowUpConflict as error:
            conflict = True
            current = selectors.internal_note_of(workshop)
            data = data.copy()
            data["base_version"] = str(error.version)
            form = InternalNoteForm(data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The internal note is saved."))
            url = reverse("programmes:follow_up", args=[workshop.programme_id])
            return redirect(f"{url}#workshop-{workshop.number}")
    context = {
        "workshop": workshop,
        "programme": workshop.programme,
        "form": form,
        "conflict": conflict,
        "note": current,
        "follow_up": selectors.follow_up_after(
            workshop=workshop, user=request.user, today=timezone.localdate()
        ),
        "next_workshop": workshop.programme.workshops.filter(number__gt=workshop.number)
        .order_by("number")
        .first(),
    }
    return render(request, "programmes/follow_up/internal_note.html", context)
