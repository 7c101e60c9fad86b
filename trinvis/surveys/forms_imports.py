"""Forms of the response import: the file, the use of each column, the confirmation."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.core.imports.forms import TableFileField
from trinvis.core.imports.reading import normalise_heading

IGNORE = "ignore"


class ResponseFileForm(forms.Form):
    file = TableFileField(
        label=gettext_lazy("File with responses"),
        help_text=gettext_lazy(
            "A CSV file or an Excel workbook (.xlsx) with one row per respondent and the "
            "column headings in the first row. At most 50 MB."
        ),
    )


class ColumnMappingForm(forms.Form):
    """One select per column heading: a question, an option, an attribute, or ignore."""

    def __init__(
        self,
        *args: Any,
        headings: Sequence[str],
        examples: Sequence[Sequence[str]],
        choices: list[tuple[str, Any]],
        columns: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # "Ignore" is a choice like the others (so no select reads as optional); it is
        # stored as "" in a mapping.
        choices = [(value or IGNORE, label) for value, label in choices]
        allowed = {value for value, _label in _flat(choices)}
        self.headings: dict[str, str] = {}  # field name → heading as written
        seen: set[str] = set()
        for index, heading in enumerate(headings):
            normalised = normalise_heading(heading)
            if not normalised or normalised in seen:
                continue  # a column without a heading, or a repeated one, cannot be mapped
            seen.add(normalised)
            name = f"column_{index}"
            self.headings[name] = heading
            shown = dict.fromkeys(row[index] for row in examples if index < len(row) and row[index])
            initial = columns.get(normalised) or IGNORE
            self.fields[name] = forms.ChoiceField(
                label=heading,
                choices=choices,
                initial=initial if initial in allowed else IGNORE,
                help_text=_("For example: %(examples)s") % {"examples": " · ".join(shown)}
                if shown
                else _("No answers in the first rows."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for name, heading in self.headings.items():
            value = data.get(name) or IGNORE
            if value != IGNORE and value in used:
                self.add_error(
                    name,
                    _("“%(other)s” is already used for the same thing. Choose one column.")
                    % {"other": used[value]},
                )
            used.setdefault(value, heading)
        if not any(v.startswith(("question:", "option:")) for v in used):
            raise forms.ValidationError(_("Choose a question for at least one column."))
        return data

    @property
    def columns(self) -> dict[str, str]:
        """The chosen mapping: heading → target ("" to ignore)."""
        return {
            heading: "" if self.cleaned_data[name] == IGNORE else self.cleaned_data[name]
            for name, heading in self.headings.items()
        }


def _flat(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    flat: list[tuple[str, Any]] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((value, label))
    return flat


class ImportConfirmForm(forms.Form):
    """The confirmation carries the fingerprint of the mapping the preview was made with,
    so a mapping changed meanwhile (by someone else) is never imported unseen."""

    mapping = forms.CharField(widget=forms.HiddenInput, max_length=64)
