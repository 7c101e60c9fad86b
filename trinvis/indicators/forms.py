"""Forms of the key-figure pages: own definitions, zero points and targets. Each carries the
version it was opened on (`base_version`) for the services' conflict check."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trinvis.indicators.library import BREAKDOWNS
from trinvis.indicators.models import Baseline, Indicator, Target
from trinvis.indicators.services_definitions import DefinitionInput
from trinvis.organisations.models import Organisation

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_DECIMALS = 4  # as many as a value is stored with


class _OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class DefinitionForm(forms.Form):
    """An own definition; the owner is chosen once, when it is created."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner = _OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Whose figure it is; the organisations below it read it too."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("What it measures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Indicator.Unit.choices)
    direction = forms.ChoiceField(
        label=_("Which way is better"),
        choices=Indicator.Direction.choices,
        widget=forms.RadioSelect,
        help_text=_("Decides when a target counts as reached and how the distance is told."),
    )
    breakdowns = forms.MultipleChoiceField(
        label=_("Breakdowns"),
        required=False,
        choices=[(key, label) for key, label in BREAKDOWNS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The dimensions the imported values may be broken down by."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the figures come from, e.g. a register or a statistics table."),
    )
    decimals = forms.IntegerField(
        label=_("Decimals shown"), min_value=0, max_value=MAX_DECIMALS, initial=0
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        return {
            "base_version": indicator.version,
            "name": indicator.name,
            "description": indicator.description,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "breakdowns": list(indicator.breakdowns),
            "source": indicator.source,
            "decimals": indicator.decimals,
        }

    def to_input(self) -> DefinitionInput:
        data = self.cleaned_data
        return DefinitionInput(
            name=data["name"],
            description=data["description"],
            unit=data["unit"],
            direction=data["direction"],
            breakdowns=list(data["breakdowns"]),
            source=data["source"],
            decimals=data["decimals"],
        )


def _value_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=18,
        decimal_places=MAX_DECIMALS,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


def plain(value: Decimal) -> Decimal:
    """A stored value without the trailing zeros of its four places: 45.5000 → 45.5."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class BaselineForm(forms.Form):
    """A zero point: a period with a figure (its value is taken), or another period with
    a typed value."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    period_choice = forms.ChoiceField(
        label=_("Period"),
        required=False,
        help_text=_("A period with a figure: its value becomes the zero point."),
    )
    other_period = forms.CharField(
        label=_("Or another period"),
        required=False,
        max_length=8,
        help_text=_("A year (2024), a quarter (2024K3) or a month (2024M05); type its value."),
    )
    value = _value_field(
        _("Value"),
        required=False,
        help_text=_("Leave it empty to take the figure of the chosen period."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this period, and anything to know when reading the figure."),
    )

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_choice"].choices = [  # type: ignore[attr-defined]
            ("", _("Another period (type it below)")),
            *choices,
        ]

    @staticmethod
    def initial_for(baseline: Baseline, periods_with_values: set[str]) -> dict[str, Any]:
        has_figure = baseline.period in periods_with_values
        return {
            "base_version": baseline.version,
            "period_choice": baseline.period if has_figure else "",
            "other_period": "" if has_figure else baseline.period,
            "value": None if has_figure else plain(baseline.value),
            "note": baseline.note,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        other = (data.get("other_period") or "").strip()
        data["period"] = other or data.get("period_choice") or ""
        if not data["period"] and "period_choice" not in self.errors:
            self.add_error("period_choice", _("Choose a period, or write another one."))
        return data


class TargetForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    value = _value_field(_("Target value"), required=True)
    due = forms.DateField(
        label=_("By"), widget=_DATE, help_text=_("The day the value should be reached by.")
    )
    label = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("For example “Halfway there” or the goal of the political strategy."),
    )

    @staticmethod
    def initial_for(target: Target) -> dict[str, Any]:
        return {
            "base_version": target.version,
            "value": plain(target.value),
            "due": target.due,
            "label": target.label,
        }
