"""Forms for a programme's letters: a template's text (with the version it was opened on),
the choice of what to send to whom, the sending itself (an address per municipality for
the letter to the chief executive, the confirmation to send a letter again) and sending
one again."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trinvis.programmes.models import Candidate, Workshop
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.selectors_letters import Draft

# What each placeholder is filled with, for the template editor.
PLACEHOLDER_HELP: dict[str, Promise] = {
    "municipality": _("the municipality's name"),
    "contact": _("the name of the municipality's contact person"),
    "programme": _("the programme's name"),
    "target_group": _("who the workshop is for"),
    "place": _("where the workshop is held"),
    "dates": _("the workshop's days"),
    "background": _("the background of the workshop"),
    "goal": _("the goal of the workshop"),
    "themes": _("the workshop's themes"),
    "cost": _("what taking part costs"),
    "deadline": _("the last day to sign up for the workshop"),
    "sender": _("your name and, below it, the programme's owner"),
}


class TemplateForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Placeholders in braces, such as {municipality}, are filled in per letter."),
    )


class _WorkshopField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number}. {obj.title}"


class _MunicipalitiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.contact_email:
            return f"{obj.area} ({obj.contact_email})"
        return _("%(name)s (no contact e-mail)") % {"name": obj.area}


class ChooseForm(forms.Form):
    """Which letter, about which workshop, to which municipalities: shown as a preview
    before anything is sent (a GET form, so the preview can be linked and reloaded)."""

    kind = forms.ChoiceField(
        label=_("Letter"), choices=LetterKind.choices, widget=forms.RadioSelect
    )
    workshop = _WorkshopField(
        label=_("Workshop"),
        queryset=Workshop.objects.none(),
        required=False,
        help_text=_(
            "The invitation is to this workshop. A letter to the chief executive takes the "
            "workshop's dates and place from it when you choose one."
        ),
    )
    municipalities = _MunicipalitiesField(
        label=_("Municipalities"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The municipalities taking part; those with a contact e-mail are ticked."),
    )

    def __init__(
        self,
        *args: Any,
        workshops: QuerySet[Workshop],
        candidates: QuerySet[Candidate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops  # type: ignore[attr-defined]
        self.fields["municipalities"].queryset = candidates  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(
        candidates: Sequence[Candidate], *, kind: str = "", workshop: str = ""
    ) -> dict[str, Any]:
        """The form before a choice: the municipalities with a contact e-mail ticked, and
        the letter and workshop a link may name (`?kind=invitation&workshop=3`)."""
        return {
            "kind": kind if kind in LetterKind.values else LetterKind.CHIEF_EXECUTIVE,
            "workshop": workshop if workshop.isdigit() else None,
            "municipalities": [candidate.pk for candidate in candidates if candidate.contact_email],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == LetterKind.INVITATION and not data.get("workshop"):
            self.add_error("workshop", _("Choose the workshop the invitation is for."))
        return data


def address_field_name(candidate: Candidate) -> str:
    return f"to_{candidate.pk}"


class SendForm(forms.Form):
    """Sending the previewed letters: the preview's fingerprint (to notice a change since),
    an address per municipality where the sender chooses it (`addressed`: the letter to the
    chief executive, whose address Trinvis does not keep), and the confirmation to send a
    letter again to those who got it before."""

    fingerprint = forms.CharField(widget=forms.HiddenInput)
    again = forms.BooleanField(
        label=_("Yes, send it again to the municipalities that got it before"), required=False
    )

    def __init__(self, *args: Any, drafts: Sequence[Draft], addressed: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.drafts = drafts
        self.addressed = addressed
        if addressed:
            for draft in drafts:
                self.fields[address_field_name(draft.candidate)] = forms.EmailField(
                    label=_("Address for %(name)s") % {"name": draft.candidate.area},
                    initial=draft.candidate.contact_email,
                    help_text=_("The chief executive's address; filled in with the contact's."),
                )

    def addresses(self) -> dict[int, str]:
        """Candidate id → the address its letter goes to."""
        if not self.addressed:
            return {draft.candidate.pk: draft.to_email for draft in self.drafts}
        return {
            draft.candidate.pk: self.cleaned_data[address_field_name(draft.candidate)]
            for draft in self.drafts
        }

    def previews(self) -> list[tuple[Draft, forms.BoundField | None]]:
        """Each draft with its address field, for the page."""
        return [
            (draft, self[address_field_name(draft.candidate)] if self.addressed else None)
            for draft in self.drafts
        ]


class ResendForm(forms.Form):
    to_email = forms.EmailField(
        label=_("Send to"), help_text=_("Correct the address if that was why it was refused.")
    )
    again = forms.BooleanField(
        label=_("Yes, send it again although the municipality got it since"), required=False
    )
