"""Forms of the matrix pages: a need's priority and the choice of two rounds to compare."""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from trinvis.competences.models import NeedPriority, Round


class NeedPriorityForm(forms.Form):
    horizon = forms.ChoiceField(
        label=_("Priority"), choices=NeedPriority.Horizon.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why, and what should happen next."),
    )


class CompareRoundsForm(forms.Form):
    before = forms.TypedChoiceField(label=_("Before"), coerce=int)
    after = forms.TypedChoiceField(label=_("After"), coerce=int)

    def __init__(self, *args: Any, rounds: list[Round], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.pk, f"{r.title} ({r.organisation.name}, {_opened(r)})") for r in rounds]
        for name in ("before", "after"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices


def _opened(round: Round) -> str:
    return date_format(localtime(round.opened_at), "SHORT_DATE_FORMAT")
