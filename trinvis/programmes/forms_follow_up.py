"""Forms of the follow-up: a conversation with a municipality after a workshop (when, what
was said, the agreed items with their status) and the internal note on them."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trinvis.programmes.models import AgreedItem, FollowUpConversation, InternalNote
from trinvis.programmes.services_follow_up import ConversationInput, ItemInput

NEW_ROWS = 3  # empty rows for new items; "save and add more" brings fresh ones
TEXT_LIMIT = AgreedItem._meta.get_field("text").max_length
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REMOVE_OR_WRITE = _("Write what was agreed, or tick “remove” to take the item out.")


@dataclass(frozen=True)
class ItemRow:
    """An item's fields for the template; `item` None and `remove` None for a new row."""

    number: int
    item: AgreedItem | None
    text: forms.BoundField
    progress: forms.BoundField
    note: forms.BoundField
    remove: forms.BoundField | None


class ConversationForm(forms.Form):
    """The conversation: when it is planned and was held, notes, and one row per agreed item
    (kept, changed or removed) with empty rows for new ones."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    planned_for = forms.DateField(
        label=_("Planned for"),
        required=False,
        widget=_DATE,
        help_text=_(
            "The day agreed with the municipality. Once it has passed without the "
            "conversation being held, it counts as overdue."
        ),
    )
    held_on = forms.DateField(
        label=_("Held on"),
        required=False,
        widget=_DATE,
        help_text=_("Leave it empty until the conversation has taken place."),
    )
    notes = forms.CharField(
        label=_("Notes from the conversation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Who took part, how the work is going, what gets in the way, what help "
            "the municipality asks for."
        ),
    )

    def __init__(self, *args: Any, items: list[AgreedItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items, start=1):
            self._add_row(f"item_{item.pk}", number, item)
        for number in range(1, NEW_ROWS + 1):
            self._add_row(f"new_{number}", number, None)

    def _add_row(self, prefix: str, number: int, item: AgreedItem | None) -> None:
        named = {"number": number}
        if item is None:
            labels = (
                _("New item %(number)s"),
                _("Status of new item %(number)s"),
                _("Note on new item %(number)s"),
            )
        else:
            labels = (
                _("Item %(number)s"),
                _("Status of item %(number)s"),
                _("Note on item %(number)s"),
            )
        self.fields[f"{prefix}_text"] = forms.CharField(
            label=labels[0] % named,
            # A kept item needs its wording; a new row left empty is simply not added.
            required=item is not None,
            max_length=TEXT_LIMIT,
            initial=item.text if item else "",
            error_messages={"required": REMOVE_OR_WRITE},
        )
        self.fields[f"{prefix}_progress"] = forms.ChoiceField(
            label=labels[1] % named,
            choices=AgreedItem.Progress.choices,
            initial=item.progress if item else AgreedItem.Progress.NOT_STARTED,
        )
        self.fields[f"{prefix}_note"] = forms.CharField(
            label=labels[2] % named,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial=item.note if item else "",
        )
        if item is not None:
            self.fields[f"{prefix}_remove"] = forms.BooleanField(
                label=_("Remove item %(number)s: it was entered by mistake") % named,
                required=False,
            )

    @staticmethod
    def initial_for(conversation: FollowUpConversation | None) -> dict[str, Any]:
        if conversation is None:
            return {"base_version": 0}
        return {
            "base_version": conversation.version,
            "planned_for": conversation.planned_for,
            "held_on": conversation.held_on,
            "notes": conversation.notes,
        }

    def rows(self) -> list[ItemRow]:
        """The saved items' rows, in the order they were agreed."""
        return [
            ItemRow(
                number,
                item,
                self[f"item_{item.pk}_text"],
                self[f"item_{item.pk}_progress"],
                self[f"item_{item.pk}_note"],
                self[f"item_{item.pk}_remove"],
            )
            for number, item in enumerate(self.items, start=1)
        ]

    def new_rows(self) -> list[ItemRow]:
        """The empty rows for new items."""
        return [
            ItemRow(
                number,
                None,
                self[f"new_{number}_text"],
                self[f"new_{number}_progress"],
                self[f"new_{number}_note"],
                None,
            )
            for number in range(1, NEW_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        """An item ticked for removal needs no wording."""
        data = super().clean() or {}
        for item in self.items:
            prefix = f"item_{item.pk}"
            if data.get(f"{prefix}_remove") and f"{prefix}_text" in self.errors:
                del self.errors[f"{prefix}_text"]
                data[f"{prefix}_text"] = item.text
        return data

    def to_input(self) -> ConversationInput:
        data = self.cleaned_data
        items = [
            ItemInput(
                text=data[f"item_{item.pk}_text"],
                progress=data[f"item_{item.pk}_progress"],
                note=data[f"item_{item.pk}_note"],
                item=item,
                remove=data[f"item_{item.pk}_remove"],
            )
            for item in self.items
        ]
        items += [
            ItemInput(
                text=data[f"new_{number}_text"],
                progress=data[f"new_{number}_progress"],
                note=data[f"new_{number}_note"],
            )
            for number in range(1, NEW_ROWS + 1)
        ]
        return ConversationInput(
            planned_for=data["planned_for"],
            held_on=data["held_on"],
            notes=data["notes"],
            items=items,
        )


class InternalNoteForm(forms.Form):
    """The summary of the conversations after a workshop, for adjusting the next one."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "What the conversations show across the municipalities: what is moving, what is "
            "stuck and why, and what the next workshop should change or add."
        ),
    )

    @staticmethod
    def initial_for(note: InternalNote | None) -> dict[str, Any]:
        if note is None:
            return {"base_version": 0}
        return {"base_version": note.version, "text": note.text}
