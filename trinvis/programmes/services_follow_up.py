"""Write the follow-up of an agency programme (DOMAIN.md §4, phases 7 and 9): the
conversation with each municipality after a workshop, with what it agreed to do and how far
each item has come, and the internal note that sums the conversations up for the next
workshop.

A conversation is created when it is first saved (planned, or recorded straight away). It
starts from the items agreed in the municipality's conversation after the workshop before,
copied with their text and status: the municipality's latest conversation therefore holds
its whole list, which the dashboard counts. Items added to the earlier conversation later
are not copied again; the earlier record stays as it was.

Conversations and internal notes carry a version: a save on top of a newer one raises
`FollowUpConflict` and writes nothing, so the form can show the user's input again. A
conversation's version covers its items too, as one form saves them together. The first
save of a conversation locks the candidacy row, and of a note the workshop row, so two first
saves cannot both create it.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.programmes.models import (
    AgreedItem,
    Candidate,
    FollowUpConversation,
    InternalNote,
    Workshop,
)
from trinvis.programmes.selectors_follow_up import previous_conversation
from trinvis.programmes.services_workshops import text

Progress = AgreedItem.Progress


class FollowUpConflict(Exception):
    """Someone saved the conversation or the note after the form was opened; nothing was
    written. `current` is the record as saved now (None: there is none, the form carried a
    version that never was), `version` the base version the form should carry next."""

    def __init__(self, current: FollowUpConversation | InternalNote | None) -> None:
        super().__init__("changed since it was opened")
        self.current = current
        self.version = current.version if current is not None else 0


# --- the conversation ------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemInput:
    """One agreed item as the form gives it: an existing one (`item`) or a new one (None);
    `remove` takes out an item entered by mistake."""

    text: str
    progress: str = Progress.NOT_STARTED
    note: str = ""
    item: AgreedItem | None = None
    remove: bool = False


@dataclass(frozen=True)
class ConversationInput:
    planned_for: datetime.date | None = None
    held_on: datetime.date | None = None
    notes: str = ""
    items: Sequence[ItemInput] = ()


def _check_dates(workshop: Workshop, data: ConversationInput, today: datetime.date) -> None:
    problems: dict[str, list[str]] = {}
    for name, value in (("planned_for", data.planned_for), ("held_on", data.held_on)):
        if value is not None and value < workshop.starts_on:
            problems[name] = [
                _("The conversation follows the workshop: choose a day from %(date)s on.")
                % {"date": date_format(workshop.starts_on, "DATE_FORMAT")}
            ]
    if data.held_on is not None and data.held_on > today and "held_on" not in problems:
        problems["held_on"] = [
            _("A conversation cannot be held in the future. Plan it for that day instead.")
        ]
    if problems:
        raise ValidationError(problems)


def _carry_over(conversation: FollowUpConversation) -> None:
    """Copy the items of the conversation before as the new one's starting list."""
    earlier = previous_conversation(
        candidate=conversation.candidate, workshop=conversation.after_workshop
    )
    if earlier is None:
        return
    AgreedItem.objects.bulk_create(
        AgreedItem(conversation=conversation, text=item.text, progress=item.progress)
        for item in earlier.items.all()
    )


def _save_items(conversation: FollowUpConversation, items: Sequence[ItemInput]) -> None:
    """Change, remove and add the items as the form gave them; an unchanged item keeps its
    version."""
    for entry in items:
        if entry.item is not None and entry.item.conversation_id != conversation.pk:
            raise ValidationError(_("Change only the items of this conversation."))
    for entry in items:
        wording = " ".join(entry.text.split())
        note = text(entry.note)
        row = entry.item
        if row is not None and entry.remove:
            row.delete()
            continue
        if row is None:
            if not wording:
                continue
            row = AgreedItem(conversation=conversation, version=0)
        elif not wording:
            raise ValidationError(
                _("Write what was agreed, or tick “remove” to take the item out.")
            )
        elif (row.text, row.progress, row.note) == (wording, entry.progress, note):
            continue
        row.text, row.progress, row.note = wording, entry.progress, note
        row.version += 1
        row.full_clean()
        row.save()


@transaction.atomic
def conversation_save(
    *,
    by: User,
    candidate: Candidate,
    workshop: Workshop,
    base_version: int,
    data: ConversationInput,
    today: datetime.date | None = None,
) -> FollowUpConversation:
    """Plan, record or change the municipality's conversation after the workshop.
    `base_version` is 0 for a first save, which starts the list from the conversation
    before; `FollowUpConflict` when someone saved after that version."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not locked.takes_part or workshop.programme_id != locked.programme_id:
        raise ValidationError(
            _("Follow-up conversations are held with the municipalities taking part.")
        )
    current = FollowUpConversation.objects.filter(candidate=locked, after_workshop=workshop).first()
    found_version = current.version if current is not None else 0
    if found_version != base_version:
        raise FollowUpConflict(current)
    _check_dates(workshop, data, today or timezone.localdate())
    conversation = current or FollowUpConversation(candidate=locked, after_workshop=workshop)
    conversation.planned_for = data.planned_for
    conversation.held_on = data.held_on
    conversation.notes = text(data.notes)
    conversation.recorded_by = by
    conversation.version = base_version + 1
    conversation.full_clean(validate_constraints=False)
    conversation.save()
    if current is None:
        _carry_over(conversation)
    _save_items(conversation, data.items)
    return conversation


# --- the internal note -----------------------------------------------------------------------


@transaction.atomic
def internal_note_save(
    *, by: User, workshop: Workshop, base_version: int, summary: str
) -> InternalNote:
    """Write or change the summary of the conversations after the workshop; `base_version`
    is 0 for the first one."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    current = InternalNote.objects.filter(after_workshop=workshop).first()
    found_version = current.version if current is not None else 0
    if found_version != base_version:
        raise FollowUpConflict(current)
    note = current or InternalNote(after_workshop=workshop)
    note.text = text(summary)
    if not note.text:
        raise ValidationError({"text": [_("Write the summary.")]})
    note.written_by = by
    note.version = base_version + 1
    note.full_clean()
    note.save()
    return note
