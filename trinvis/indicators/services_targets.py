"""Write zero points and targets: where a municipality starts on an indicator, and the
values it means to reach by given dates.

A zero point is the value of one period: picked from the figures (the value is taken from
them) or typed in for a period without a figure. Zero points and targets carry a version
(optimistic locking): a form sends the version it was opened on, and a save on top of a
newer one raises `TargetsConflict` and writes nothing, so the form can show the user's
input again.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.indicators import periods
from trinvis.indicators.library import breakdown_key as canonical_key
from trinvis.indicators.links import breakdown_of
from trinvis.indicators.models import Baseline, Indicator, Target, Value
from trinvis.indicators.selectors import area_of_organisation
from trinvis.organisations.models import Organisation


class TargetsConflict(Exception):
    """Someone saved (or removed) the zero point or target after the form was opened;
    nothing was written. `current` is the newer row, None when it is gone."""

    def __init__(self, current: Baseline | Target | None) -> None:
        super().__init__("changed since it was opened")
        self.current = current


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _period(text: str) -> periods.Period:
    try:
        return periods.parse(text)
    except periods.PeriodError:
        raise ValidationError(
            {
                "period": [
                    _("Write the period as a year (2024), a quarter (2024K3) or a month (2024M05).")
                ]
            }
        ) from None


def _check_place(organisation: Organisation, indicator: Indicator, breakdown_key: str) -> None:
    """A zero point belongs to a municipality (only it has figures of its own), on an
    indicator it may use, for a breakdown the indicator has."""
    if organisation.kind != Organisation.Kind.MUNICIPALITY:
        raise ValidationError(_("Only a municipality has a zero point."))
    owner = indicator.owner
    if owner is not None and not organisation.path.startswith(owner.path):
        raise ValidationError(_("The indicator belongs to another organisation."))
    breakdown = breakdown_of(breakdown_key)
    if canonical_key(breakdown) != breakdown_key or not set(breakdown) <= set(indicator.breakdowns):
        raise ValidationError(_("The indicator has no such breakdown."))


def _value_for(
    *,
    organisation: Organisation,
    indicator: Indicator,
    breakdown_key: str,
    period: periods.Period,
    value: Decimal | None,
) -> Decimal:
    """The typed value, else the figure of the period; a `ValidationError` when neither."""
    if value is not None:
        return value
    area = area_of_organisation(organisation)
    found = (
        Value.objects.filter(
            indicator=indicator, area=area, breakdown_key=breakdown_key, period=period.text
        )
        .values_list("value", flat=True)
        .first()
        if area is not None
        else None
    )
    if found is None:
        raise ValidationError(
            {
                "value": [
                    _("There is no figure for %(period)s: type the value.")
                    % {"period": period.text}
                ]
            }
        )
    return found


def _check_targets_after(baseline: Baseline, period: periods.Period) -> None:
    early = [target for target in baseline.targets.all() if target.due <= periods.end(period)]
    if early:
        raise ValidationError(
            {
                "period": [
                    _(
                        "A target is due by %(due)s, before this period ends. Change or remove "
                        "the target first, or choose an earlier period."
                    )
                    % {"due": early[0].due.isoformat()}
                ]
            }
        )


@transaction.atomic
def baseline_create(
    *,
    by: User | None,
    organisation: Organisation,
    indicator: Indicator,
    breakdown_key: str = "",
    period: str,
    value: Decimal | None = None,
    note: str = "",
) -> Baseline:
    """Fix the municipality's zero point; `TargetsConflict` when someone fixed one (for the
    same indicator and breakdown) since the form was opened."""
    _check_place(organisation, indicator, breakdown_key)
    existing = (
        Baseline.objects.select_for_update()
        .filter(organisation=organisation, indicator=indicator, breakdown_key=breakdown_key)
        .first()
    )
    if existing is not None:
        raise TargetsConflict(existing)
    parsed = _period(period)
    baseline = Baseline(
        organisation=organisation,
        indicator=indicator,
        breakdown_key=breakdown_key,
        period=parsed.text,
        value=_value_for(
            organisation=organisation,
            indicator=indicator,
            breakdown_key=breakdown_key,
            period=parsed,
            value=value,
        ),
        note=_text(note),
        set_by=by,
    )
    baseline.full_clean()
    baseline.save()
    return baseline


def _current_baseline(baseline: Baseline, base_version: int) -> Baseline:
    current = Baseline.objects.select_for_update().filter(pk=baseline.pk).first()
    if current is None or current.version != base_version:
        raise TargetsConflict(current)
    return current


@transaction.atomic
def baseline_update(
    *,
    by: User | None,
    baseline: Baseline,
    base_version: int,
    period: str,
    value: Decimal | None = None,
    note: str = "",
) -> Baseline:
    """Move the zero point to another period or value; its targets stay, and must still
    lie after it."""
    current = _current_baseline(baseline, base_version)
    parsed = _period(period)
    _check_targets_after(current, parsed)
    current.period = parsed.text
    current.value = _value_for(
        organisation=current.organisation,
        indicator=current.indicator,
        breakdown_key=current.breakdown_key,
        period=parsed,
        value=value,
    )
    current.note = _text(note)
    current.set_by = by
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def baseline_delete(*, by: User | None, baseline: Baseline, base_version: int) -> None:
    """Remove the zero point and its targets."""
    _current_baseline(baseline, base_version).delete()


def _check_due(baseline: Baseline, due: datetime.date) -> None:
    period = periods.parse(baseline.period)
    if due <= periods.end(period):
        raise ValidationError(
            {
                "due": [
                    _("The date must come after the zero point's period, %(period)s.")
                    % {"period": period.text}
                ]
            }
        )


@transaction.atomic
def target_create(
    *, by: User | None, baseline: Baseline, value: Decimal, due: datetime.date, label: str = ""
) -> Target:
    _check_due(baseline, due)
    target = Target(baseline=baseline, value=value, due=due, label=label.strip())
    target.full_clean()
    target.save()
    return target


def _current_target(target: Target, base_version: int) -> Target:
    current = (
        Target.objects.select_for_update().select_related("baseline").filter(pk=target.pk).first()
    )
    if current is None or current.version != base_version:
        raise TargetsConflict(current)
    return current


@transaction.atomic
def target_update(
    *,
    by: User | None,
    target: Target,
    base_version: int,
    value: Decimal,
    due: datetime.date,
    label: str = "",
) -> Target:
    current = _current_target(target, base_version)
    _check_due(current.baseline, due)
    current.value = value
    current.due = due
    current.label = label.strip()
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def target_delete(*, by: User | None, target: Target, base_version: int) -> None:
    _current_target(target, base_version).delete()
