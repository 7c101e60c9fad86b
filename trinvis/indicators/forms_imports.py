"""Forms of the key-figure import: the file and what it is for, which column is which, the
confirmation."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.core.imports.forms import TableFileField
from trinvis.core.imports.reading import normalise_heading
from trinvis.indicators.imports.cells import COMMA, POINT
from trinvis.indicators.imports.columns import AREA, NAME, PERIOD, VALUE, ColumnMapping
from trinvis.indicators.library import BREAKDOWNS
from trinvis.indicators.models import Indicator
from trinvis.organisations.models import Organisation

NONE = "none"
NOTATIONS = [
    (COMMA, gettext_lazy("Decimal comma: 1.234,5 (Danish and Norwegian files)")),
    (POINT, gettext_lazy("Decimal point: 1,234.5 (files exported in English)")),
]


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.owner_id is None:
            return obj.label
        return _("%(name)s (own figure of %(owner)s)") % {"name": obj.label, "owner": obj.owner}


class ValuesFileForm(forms.Form):
    """The file and what it holds: which indicator, for which organisation, the country of
    its municipality numbers and where the figures come from."""

    file = TableFileField(
        label=gettext_lazy("File with key figures"),
        help_text=gettext_lazy(
            "A CSV file or an Excel workbook (.xlsx) as the statistics banks export it: the "
            "column headings in the first row, then one row per municipality, period and "
            "breakdown. At most 50 MB."
        ),
    )
    indicator = IndicatorChoiceField(
        label=gettext_lazy("Key figure"), queryset=Indicator.objects.none()
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Import for"),
        help_text=gettext_lazy("The organisation the import is recorded for."),
        queryset=Organisation.objects.none(),
    )
    country = forms.ChoiceField(
        label=gettext_lazy("Country of the municipality numbers"),
        choices=Organisation.Country.choices,
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "Where the figures come from, e.g. the table's name in the statistics bank. "
            "Left empty, the key figure's own source is used. Every imported value keeps it."
        ),
    )

    def __init__(
        self,
        *args: Any,
        indicators: QuerySet[Indicator],
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        indicator_field = self.fields["indicator"]
        organisation_field = self.fields["organisation"]
        assert isinstance(indicator_field, forms.ModelChoiceField)
        assert isinstance(organisation_field, forms.ModelChoiceField)
        indicator_field.queryset = indicators
        organisation_field.queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicator, organisation = data.get("indicator"), data.get("organisation")
        if indicator and organisation and indicator.owner_id not in (None, organisation.pk):
            self.add_error(
                "organisation",
                _("“%(name)s” is an own key figure of %(owner)s: import it for %(owner)s.")
                % {"name": indicator.label, "owner": indicator.owner},
            )
        if indicator and not data.get("source"):
            data["source"] = indicator.source
        return data


class ColumnsForm(forms.Form):
    """Which column is the municipality number, the period, the value, the name and each
    breakdown of the indicator; the codes for the whole country; the number notation."""

    def __init__(
        self,
        *args: Any,
        headings: Sequence[str],
        breakdowns: Sequence[str],
        initial_mapping: dict[str, Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headings: dict[str, str] = {}  # choice value → heading as written
        seen: set[str] = set()
        for index, heading in enumerate(headings):
            normalised = normalise_heading(heading)
            if normalised and normalised not in seen:
                seen.add(normalised)
                self.headings[str(index)] = heading
        by_heading = {normalise_heading(h): value for value, h in self.headings.items()}
        columns = list(self.headings.items())
        self.breakdowns = list(breakdowns)
        required = [
            (AREA, _("Municipality number"), _("A number, or a number and name (101 København).")),
            (PERIOD, _("Period"), _("A year (2024), a quarter (2024K3) or a month (2024M05).")),
            (VALUE, _("Value"), _("The figure. Rows with “..”, “-” or nothing have no figure.")),
        ]
        for use, label, help_text in required:
            self.fields[use] = forms.ChoiceField(
                label=label,
                help_text=help_text,
                choices=[("", _("Choose a column")), *columns],
                initial=by_heading.get(normalise_heading(initial_mapping.get(use, ""))),
            )
        self.fields[NAME] = forms.ChoiceField(
            label=_("Name of the area"),
            help_text=_("Leave it to take the name from the number's column, if it has one."),
            choices=[(NONE, _("No column")), *columns],
            initial=by_heading.get(normalise_heading(initial_mapping.get(NAME, ""))) or NONE,
        )
        chosen_breakdowns = initial_mapping.get("breakdowns") or {}
        for dimension in self.breakdowns:
            heading = chosen_breakdowns.get(dimension) or initial_mapping.get(dimension, "")
            self.fields[f"breakdown_{dimension}"] = forms.ChoiceField(
                label=str(BREAKDOWNS.get(dimension, dimension)),
                choices=[(NONE, _("No column: the values are totals")), *columns],
                initial=by_heading.get(normalise_heading(heading)) or NONE,
            )
        self.fields["national"] = forms.CharField(
            label=_("Codes for the whole country"),
            help_text=_(
                "The numbers or words in the municipality column that mean the country as a "
                "whole, separated by commas; those rows become the national figure."
            ),
            required=False,
            max_length=300,
            initial=", ".join(initial_mapping.get("national") or []),
        )
        self.fields["notation"] = forms.ChoiceField(
            label=_("How the numbers are written"),
            choices=NOTATIONS,
            widget=forms.RadioSelect,
            initial=initial_mapping.get("notation") or COMMA,
            help_text=_("Numbers stored as numbers in a workbook are read as they are."),
        )

    def breakdown_fields(self) -> list[forms.BoundField]:
        return [self[f"breakdown_{dimension}"] for dimension in self.breakdowns]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        names = [AREA, PERIOD, VALUE, NAME, *(f"breakdown_{d}" for d in self.breakdowns)]
        for name in names:
            value = data.get(name)
            if not value or value == NONE:
                continue
            if value in used:
                self.add_error(
                    name,
                    _("The column is already chosen as “%(other)s”. Choose each column once.")
                    % {"other": self.fields[used[value]].label},
                )
            else:
                used[value] = name
        return data

    @property
    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data

        def heading(name: str) -> str:
            value = data.get(name) or NONE
            return "" if value == NONE else self.headings[value]

        return ColumnMapping(
            area=heading(AREA),
            period=heading(PERIOD),
            value=heading(VALUE),
            name=heading(NAME),
            breakdowns={
                dimension: heading(f"breakdown_{dimension}")
                for dimension in self.breakdowns
                if heading(f"breakdown_{dimension}")
            },
            national=tuple(
                part.strip() for part in data.get("national", "").split(",") if part.strip()
            ),
            notation=data.get("notation") or COMMA,
        )


class ImportConfirmForm(forms.Form):
    """The confirmation carries the fingerprint of the mapping the preview was made with,
    so a mapping changed meanwhile (in another tab) is never imported unseen."""

    mapping = forms.CharField(widget=forms.HiddenInput, max_length=64)
