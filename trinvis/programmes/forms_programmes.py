"""The programme's own form: owner (when it is created), name, texts and working group. It
carries the version it was opened on (`base_version`) for the conflict check."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import AgencyProgramme
from trinvis.programmes.services_programmes import ProgrammeInput


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class _PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


def _text(label: Any, help_text: Any = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ProgrammeForm(forms.Form):
    """The owner is chosen once, on creating; the working group is named afterwards, when
    the people of the owner are known."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner = _OrganisationField(
        label=_("Owner"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The agency or region that runs the programme."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    mandate = _text(
        _("Mandate"), _("What the programme is asked to achieve, by whom, and within which frame.")
    )
    principles = _text(
        _("Principles"),
        _(
            "How you work with the municipalities, for example: ask the municipality; the "
            "municipality in the driver's seat; anchoring in leadership."
        ),
    )
    plan = _text(_("Plan"), _("The phases and their timing, from selection to follow-up."), 6)
    regional_adaptation = _text(
        _("Regional adaptation"),
        _("How a region adapts the shared programme: its criteria, timing and partners."),
    )
    working_group = _PeopleField(
        label=_("Working group"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The people who run the programme with you; they read and change all of it. "
            "The people of the owner and of the organisations below it that are not "
            "municipalities can be chosen."
        ),
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Organisation] | None = None,
        people: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if people is None:
            del self.fields["working_group"]
        else:
            self.fields["working_group"].queryset = people  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(programme: AgencyProgramme) -> dict[str, Any]:
        return {
            "base_version": programme.version,
            "name": programme.name,
            "mandate": programme.mandate,
            "principles": programme.principles,
            "plan": programme.plan,
            "regional_adaptation": programme.regional_adaptation,
            "working_group": list(programme.working_group.all()),
        }

    def to_input(self) -> ProgrammeInput:
        data = self.cleaned_data
        return ProgrammeInput(
            name=data["name"],
            mandate=data["mandate"],
            principles=data["principles"],
            plan=data["plan"],
            regional_adaptation=data["regional_adaptation"],
            working_group=list(data.get("working_group") or []),
        )
