"""Forms for deciding on a programme's municipalities and for their contact person; each
carries the version it was opened on (`base_version`) for the conflict check."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.indicators.models import Area
from trinvis.programmes.models import Candidate

CONFIRM = "confirm"
REMOVE = "remove"


class DecisionForm(forms.Form):
    """Confirm (a note is optional) or remove (a note says why); the page shows one form
    per decision, told apart by their prefix."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, decision: str, **kwargs: Any) -> None:
        kwargs["prefix"] = decision
        super().__init__(*args, **kwargs)
        self.decision = decision
        if decision == REMOVE:
            self.fields["note"].required = True
            self.fields["note"].label = _("Why it is removed")
        else:
            self.fields["note"].help_text = _("For example what the decision rests on.")


class _AreaField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.code})"


class AddForm(forms.Form):
    area = _AreaField(label=_("Municipality"), queryset=Area.objects.none())
    note = forms.CharField(
        label=_("Why it is added"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The criteria did not suggest it: say what makes it fit the programme."),
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    role = forms.CharField(
        label=_("Role"),
        required=False,
        max_length=200,
        help_text=_("For example head of the refugee service."),
    )

    @staticmethod
    def initial_for(candidate: Candidate) -> dict[str, Any]:
        return {
            "base_version": candidate.version,
            "name": candidate.contact_name,
            "email": candidate.contact_email,
            "phone": candidate.contact_phone,
            "role": candidate.contact_role,
        }
