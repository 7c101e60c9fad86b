"""The report's edit form: its fields, and one row per table the report may show (include it,
show its chart, a note, a position), with move up/down buttons that work without JavaScript
by posting the form back unsaved with one row moved."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trinvis.surveys.models import Report, ReportItem
from trinvis.surveys.reports import (
    INTRODUCTION_MAX,
    MAX_TABLES,
    NOTE_MAX,
    TITLE_MAX,
    Available,
    ItemInput,
)
from trinvis.surveys.results import BREAKDOWNS

PREFIX = "t"


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Empty: the survey's title."),
    )
    breakdown = forms.ChoiceField(
        label=_("Show each table per"),
        required=False,
        choices=[],
        help_text=_("The same breakdown for every table, with small groups hidden."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=INTRODUCTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("No breakdown: all respondents"))]
        choices += list(BREAKDOWNS.items())
        self.fields["breakdown"].choices = choices  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(report: Report) -> dict[str, Any]:
        return {
            "version": report.version,
            "title": report.title,
            "breakdown": report.breakdown,
            "introduction": report.introduction,
        }


class TableForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=500)
    include = forms.BooleanField(label=_("Include in the report"), required=False)
    show_chart = forms.BooleanField(label=_("Show the chart"), required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown under the table; plain text."),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        max_value=MAX_TABLES,
        required=False,
    )


TableFormSet = forms.formset_factory(
    TableForm, extra=0, max_num=MAX_TABLES, absolute_max=MAX_TABLES, validate_max=True
)


def table_initial(items: Sequence[ReportItem], tables: Sequence[Available]) -> list[dict[str, Any]]:
    """One row per available table: the report's tables first in their order, then the
    others in the questionnaire's order, numbered on from there."""
    chosen = {item.key: item for item in items}
    keys = [item.key for item in items if item.key in {t.key for t in tables}]
    keys += [t.key for t in tables if t.key not in chosen]
    rows = []
    for position, key in enumerate(keys, 1):
        item = chosen.get(key)
        rows.append(
            {
                "key": key,
                "include": item is not None,
                "show_chart": item.show_chart if item is not None else True,
                "note": item.note if item is not None else "",
                "position": position,
            }
        )
    return rows


def forms_for(
    report: Report, items: Sequence[ReportItem], tables: Sequence[Available]
) -> tuple[ReportForm, Any]:
    return (
        ReportForm(initial=ReportForm.initial_for(report)),
        TableFormSet(initial=table_initial(items, tables), prefix=PREFIX),
    )


def bound_forms(data: QueryDict) -> tuple[ReportForm, Any]:
    return ReportForm(data), TableFormSet(data, prefix=PREFIX)


def on_newer_version(data: QueryDict, version: int) -> tuple[ReportForm, Any]:
    """The user's input, now based on the newer version: saving again replaces it."""
    data = data.copy()
    data["version"] = str(version)
    return bound_forms(data)


def _raw(form: forms.Form) -> dict[str, Any]:
    """What the user typed, unvalidated."""
    return {name: form[name].value() for name in form.fields}


def _position(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return MAX_TABLES + 1


def moved(form: ReportForm, formset: Any, move: str) -> tuple[ReportForm, Any]:
    """The same input as unbound forms (no errors shown yet), rows in the order of their
    positions, with the row named by `move` ("up:<key>" or "down:<key>") swapped with its
    neighbour, and the positions numbered again from 1."""
    rows = sorted(
        (_raw(row) for row in formset.forms[:MAX_TABLES]),
        key=lambda row: _position(row["position"]),  # stable: ties keep the page's order
    )
    direction, _colon, key = move.partition(":")
    index = next((i for i, row in enumerate(rows) if row["key"] == key), None)
    if index is not None:
        other = index - 1 if direction == "up" else index + 1
        if direction in ("up", "down") and 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, 1):
        row["position"] = position
    return ReportForm(initial=_raw(form)), TableFormSet(initial=rows, prefix=PREFIX)


def chosen_items(formset: Any) -> list[ItemInput]:
    """The included rows of a valid formset, for `reports.report_save`."""
    return [
        ItemInput(
            key=row.cleaned_data["key"],
            position=row.cleaned_data["position"] or MAX_TABLES,
            show_chart=row.cleaned_data["show_chart"],
            note=row.cleaned_data["note"],
        )
        for row in formset.forms
        if row.cleaned_data.get("include")
    ]
