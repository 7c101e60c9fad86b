"""The criteria editor: the rule's settings (country, sizes, municipalities left out, rank
order) and one row per condition. Works without JavaScript: a row names its indicator,
breakdown, period, comparison and threshold, and whether it must hold on its own or
belongs to an either-or group; empty rows are ignored, and "More rows" adds blank ones.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trinvis.indicators import periods
from trinvis.indicators.forms import plain
from trinvis.indicators.library import breakdown_key as canonical_key
from trinvis.indicators.models import Indicator
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import SelectionRule
from trinvis.programmes.selection import (
    COMPARISONS,
    ORDERS,
    AnyOf,
    Condition,
    Criteria,
    Item,
    RankBy,
)

PREFIX = "conditions"
BLANK_ROWS = 2
MAX_ROWS = 20
MUST_HOLD = "all"
GROUPS = ("1", "2", "3")


def combine_choices() -> list[tuple[str, str]]:
    """How a condition counts, in the active language (built per form, not at import)."""
    return [
        (MUST_HOLD, gettext("Must hold")),
        *((group, gettext("Either-or group %(number)s") % {"number": group}) for group in GROUPS),
    ]


# Municipality areas by country: [(number, name), ...].
AreaNames = Mapping[str, Sequence[tuple[str, str]]]


def indicator_choices(indicators: Iterable[Indicator]) -> list[Any]:
    """The indicators by key, the shipped ones first, then each owner's own."""
    shipped: list[tuple[str, str]] = []
    own: dict[str, list[tuple[str, str]]] = {}
    for indicator in indicators:
        if indicator.is_shipped:
            shipped.append((indicator.key, indicator.label))
        else:
            own.setdefault(indicator.owner.name if indicator.owner else "", []).append(
                (indicator.key, indicator.label)
            )
    choices: list[Any] = [("", "–")]
    choices.append((_("Shipped key figures"), sorted(shipped, key=lambda c: c[1].lower())))
    choices += [(owner, sorted(keys, key=lambda c: c[1].lower())) for owner, keys in own.items()]
    return choices


def _clean_breakdown(text: str, indicator: Indicator | None) -> str:
    """ "gender=women; age_band=18-24" → its canonical key, checked against the indicator."""
    parts = [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]
    if any("=" not in part for part in parts):
        raise forms.ValidationError(
            _("Write the breakdown as dimension=category, e.g. gender=women.")
        )
    breakdown = {
        name.strip(): category.strip() for name, category in (part.split("=", 1) for part in parts)
    }
    if indicator is not None and not set(breakdown) <= set(indicator.breakdowns):
        raise forms.ValidationError(
            _("This indicator is broken down only by: %(dimensions)s.")
            % {"dimensions": ", ".join(indicator.breakdowns) or _("nothing")}
        )
    return canonical_key(breakdown)


def _clean_period(text: str) -> str:
    try:
        return periods.parse(text).text if text.strip() else ""
    except periods.PeriodError:
        raise forms.ValidationError(
            _("Write the period as a year (2024), a quarter (2024K3) or a month (2024M05).")
        ) from None


class ConditionForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Key figure"), required=False)
    breakdown = forms.CharField(
        label=_("Breakdown"),
        required=False,
        max_length=200,
        help_text=_("Empty: the total. Or e.g. gender=women."),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=12,
        help_text=_("Empty: each municipality's latest figure. Or e.g. 2024, 2024K3, 2024M05."),
    )
    compare = forms.ChoiceField(
        label=_("Comparison"), choices=list(COMPARISONS.items()), initial="below"
    )
    threshold = forms.DecimalField(
        label=_("Threshold"),
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    combine = forms.ChoiceField(
        label=_("How it counts"),
        initial=MUST_HOLD,
        help_text=_("In an either-or group, one of the group's conditions is enough."),
    )

    def __init__(self, *args: Any, indicators: Mapping[str, Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        cast(forms.ChoiceField, self.fields["indicator"]).choices = indicator_choices(
            indicators.values()
        )
        cast(forms.ChoiceField, self.fields["combine"]).choices = combine_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("indicator")
        if not key:
            return data
        if data.get("threshold") is None:
            self.add_error("threshold", _("Enter the threshold to compare with."))
        try:
            data["breakdown"] = _clean_breakdown(
                data.get("breakdown", ""), self.indicators.get(key)
            )
        except forms.ValidationError as error:
            self.add_error("breakdown", error)
        try:
            data["period"] = _clean_period(data.get("period", ""))
        except forms.ValidationError as error:
            self.add_error("period", error)
        return data

    def condition(self) -> Condition | None:
        """The row as a condition; None for an empty row."""
        data = self.cleaned_data
        if not data.get("indicator"):
            return None
        return Condition(
            indicator=data["indicator"],
            compare=data["compare"],
            threshold=plain(data["threshold"]),
            breakdown=data["breakdown"],
            period=data["period"],
        )


class _ConditionFormSet(forms.BaseFormSet):
    def items(self) -> list[Item]:
        """The rows as the rule's items: conditions that must hold in place, an either-or
        group where its first condition is; a group of one is a condition."""
        items: list[Item | list[Condition]] = []
        groups: dict[str, list[Condition]] = {}
        for form in self.forms:
            condition = form.condition()
            if condition is None:
                continue
            combine = form.cleaned_data["combine"]
            if combine == MUST_HOLD:
                items.append(condition)
            elif combine in groups:
                groups[combine].append(condition)
            else:
                groups[combine] = [condition]
                items.append(groups[combine])
        return [
            (AnyOf(tuple(item)) if len(item) > 1 else item[0]) if isinstance(item, list) else item
            for item in items
        ]


def condition_formset(
    data: Any = None, *, indicators: Mapping[str, Indicator], initial: Any = None, extra: int = 0
) -> _ConditionFormSet:
    formset_class = forms.formset_factory(
        ConditionForm,
        formset=_ConditionFormSet,
        extra=extra if data is None else 0,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )
    formset = formset_class(
        data, initial=initial, prefix=PREFIX, form_kwargs={"indicators": indicators}
    )
    return cast(_ConditionFormSet, formset)


def rows_of(criteria: Criteria) -> list[dict[str, Any]]:
    """The criteria as the editor's rows, the either-or groups numbered in order."""
    rows = []
    groups = 0
    for item in criteria.items:
        if isinstance(item, AnyOf):
            groups += 1
            rows += [_row(condition, str(groups)) for condition in item.conditions]
        else:
            rows.append(_row(item, MUST_HOLD))
    return rows


def _row(condition: Condition, combine: str) -> dict[str, Any]:
    return {
        "indicator": condition.indicator,
        "breakdown": condition.breakdown,
        "period": condition.period,
        "compare": condition.compare,
        "threshold": condition.threshold,
        "combine": combine,
    }


def raw_rows(formset: _ConditionFormSet) -> list[dict[str, Any]]:
    """What the user typed in each row, to show again unvalidated (after "More rows")."""
    return [{name: form[name].value() for name in form.fields} for form in formset.forms[:MAX_ROWS]]


class CriteriaForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    country = forms.ChoiceField(
        label=_("Country"),
        choices=Organisation.Country.choices,
        help_text=_("The municipalities of this country are judged."),
    )
    size_classes = forms.MultipleChoiceField(
        label=_("Municipality sizes"),
        required=False,
        choices=Organisation.SizeClass.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any size. The size comes from the latest population figure."),
    )
    exclude = forms.CharField(
        label=_("Municipalities left out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, by number or name. They are never suggested."),
    )
    exclude_note = forms.CharField(label=_("Why they are left out"), required=False, max_length=300)
    rank_indicator = forms.ChoiceField(
        label=_("Rank the matches by"),
        required=False,
        help_text=_("Empty: alphabetical order."),
    )
    rank_breakdown = forms.CharField(
        label=_("Breakdown for the rank order"),
        required=False,
        max_length=200,
        help_text=_("Empty: the total. Or e.g. gender=women."),
    )
    rank_order = forms.ChoiceField(
        label=_("Order"),
        choices=list(ORDERS.items()),
        initial="asc",
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        indicators: Mapping[str, Indicator],
        areas: AreaNames,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.areas = areas
        cast(forms.ChoiceField, self.fields["rank_indicator"]).choices = indicator_choices(
            indicators.values()
        )

    @staticmethod
    def initial_for(rule: SelectionRule | None, criteria: Criteria, areas: AreaNames) -> dict:
        if rule is None:
            return {"base_version": 0, "country": Organisation.Country.NORWAY}
        names = dict(areas.get(rule.country, ()))
        rank = criteria.rank_by
        return {
            "base_version": rule.version,
            "country": rule.country,
            "size_classes": list(criteria.size_classes),
            "exclude": "\n".join(
                f"{code} {names[code]}" if code in names else code for code in criteria.exclude
            ),
            "exclude_note": criteria.exclude_note,
            "rank_indicator": rank.indicator if rank else "",
            "rank_breakdown": rank.breakdown if rank else "",
            "rank_order": rank.order if rank else "asc",
        }

    def _excluded_codes(self, country: str, text: str) -> tuple[str, ...]:
        """The lines as municipality numbers: a line is a number, a name, or a number
        followed by the name."""
        known = self.areas.get(country, ())
        codes = {code for code, _name in known}
        by_name = {name.lower(): code for code, name in known}
        found, unknown = [], []
        for line in (line.strip() for line in text.splitlines()):
            if not line:
                continue
            first = line.split()[0]
            code = first if first in codes else by_name.get(line.lower())
            if code is None:
                unknown.append(line)
            else:
                found.append(code)
        if unknown:
            raise forms.ValidationError(
                _("No municipality in %(country)s by the number or name: %(lines)s.")
                % {"country": Organisation.Country(country).label, "lines": "; ".join(unknown)}
            )
        return tuple(dict.fromkeys(found))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country = data.get("country")
        if country:
            try:
                data["exclude"] = self._excluded_codes(country, data.get("exclude", ""))
            except forms.ValidationError as error:
                self.add_error("exclude", error)
        key = data.get("rank_indicator")
        if key:
            try:
                data["rank_breakdown"] = _clean_breakdown(
                    data.get("rank_breakdown", ""), self.indicators.get(key)
                )
            except forms.ValidationError as error:
                self.add_error("rank_breakdown", error)
        return data

    def criteria(self, items: list[Item]) -> Criteria:
        data = self.cleaned_data
        key = data["rank_indicator"]
        return Criteria(
            items=tuple(items),
            size_classes=tuple(data["size_classes"]),
            exclude=data["exclude"],
            exclude_note=data["exclude_note"].strip(),
            rank_by=RankBy(key, data["rank_breakdown"], data["rank_order"]) if key else None,
        )
