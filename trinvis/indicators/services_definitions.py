"""Write an organisation's own key-figure definitions (the shipped ones come from
library.py through services.indicators_load).

Definitions carry a version (optimistic locking): an edit form sends the version it was
opened on and a save on top of a newer one raises `DefinitionConflict`, writing nothing. A
definition with values or zero points is not deleted: the figures would go with it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.accounts.models import User
from trinvis.indicators.library import BREAKDOWNS
from trinvis.indicators.models import Baseline, Indicator, Value
from trinvis.organisations.models import Organisation


class DefinitionConflict(Exception):
    """Someone saved the definition after the form was opened; nothing was written."""

    def __init__(self, current: Indicator) -> None:
        super().__init__("changed since it was opened")
        self.current = current


@dataclass
class DefinitionInput:
    name: str
    unit: str
    direction: str
    description: str = ""
    breakdowns: list[str] = field(default_factory=list)
    source: str = ""
    decimals: int = 0


def _fill(indicator: Indicator, data: DefinitionInput) -> None:
    indicator.name = data.name.strip()
    indicator.description = data.description.replace("\r\n", "\n").strip()
    indicator.unit = data.unit
    indicator.direction = data.direction
    # In the vocabulary's order, so the same choice is always stored the same way.
    indicator.breakdowns = [key for key in BREAKDOWNS if key in set(data.breakdowns)]
    indicator.source = data.source.strip()
    indicator.decimals = data.decimals


def _free_key(name: str, owner: Organisation) -> str:
    """A key no definition has: the name as a slug, with the owner's id so that two
    organisations may name a figure alike."""
    stem = f"{slugify(name)[:60] or 'figure'}-{owner.pk}"
    taken = set(Indicator.objects.filter(key__startswith=stem).values_list("key", flat=True))
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}-{number}", number + 1
    return key


@transaction.atomic
def definition_create(*, by: User, owner: Organisation, data: DefinitionInput) -> Indicator:
    indicator = Indicator(owner=owner, key=_free_key(data.name, owner))
    _fill(indicator, data)
    indicator.full_clean()
    indicator.save()
    return indicator


def _dimensions_in_use(indicator: Indicator, kept: list[str]) -> list[str]:
    values = Value.objects.filter(indicator=indicator)
    return [
        key
        for key in indicator.breakdowns
        if key not in kept and values.filter(breakdown__has_key=key).exists()
    ]


def _current(indicator: Indicator, base_version: int) -> Indicator:
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if current.is_shipped:
        raise ValidationError(
            _("A shipped definition is the same for everyone: it cannot be changed.")
        )
    if current.version != base_version:
        raise DefinitionConflict(current)
    return current


@transaction.atomic
def definition_update(
    *, by: User, indicator: Indicator, base_version: int, data: DefinitionInput
) -> Indicator:
    """Save an own definition; a breakdown its values carry cannot be taken away."""
    current = _current(indicator, base_version)
    in_use = _dimensions_in_use(current, data.breakdowns)
    if in_use:
        raise ValidationError(
            {
                "breakdowns": [
                    _("Values are broken down by %(names)s: keep the breakdown.")
                    % {"names": ", ".join(str(BREAKDOWNS[key]) for key in in_use)}
                ]
            }
        )
    _fill(current, data)
    current.version = base_version + 1
    current.full_clean()
    current.save()
    return current


def definition_delete_blockers(*, indicator: Indicator) -> list[str]:
    """Why the definition cannot be deleted (empty: it can)."""
    blockers = []
    values = Value.objects.filter(indicator=indicator).count()
    if values:
        blockers.append(
            ngettext(
                "%(count)s value is imported for it; they would be lost with it.",
                "%(count)s values are imported for it; they would be lost with it.",
                values,
            )
            % {"count": values}
        )
    baselines = Baseline.objects.filter(indicator=indicator).count()
    if baselines:
        blockers.append(
            ngettext(
                "%(count)s zero point is fixed on it. Remove it first.",
                "%(count)s zero points are fixed on it. Remove them first.",
                baselines,
            )
            % {"count": baselines}
        )
    return blockers


@transaction.atomic
def definition_delete(*, by: User, indicator: Indicator, base_version: int) -> None:
    """Delete an own definition nothing depends on; a `ValidationError` says what does."""
    current = _current(indicator, base_version)
    blockers = definition_delete_blockers(indicator=current)
    if blockers:
        raise ValidationError(blockers)
    current.delete()
