"""Write key figures: the shipped definitions, and the mark that an indicator's values
changed. (Imports: imports/; zero points and targets: services_targets.py.)"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import translation

from trinvis.indicators.library import LIBRARY
from trinvis.indicators.models import Indicator
from trinvis.indicators.services_class_figures import class_figures_refresh
from trinvis.indicators.sizes import POPULATION


def values_changed(indicator_ids: Iterable[int]) -> None:
    """Every writer of Value rows calls this (in its transaction): the size classes' figures
    kept from the indicators' values are no longer current, and are computed again by a task
    (every indicator's when the population figures changed: they decide the classes)."""
    changed = set(indicator_ids)
    if not changed:
        return
    Indicator.objects.filter(pk__in=changed).update(values_revision=F("values_revision") + 1)
    if Indicator.objects.filter(pk__in=changed, key=POPULATION, owner=None).exists():
        changed = set(Indicator.objects.values_list("pk", flat=True))
    class_figures_refresh.enqueue(indicator_ids=sorted(changed))


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@transaction.atomic
def indicators_load() -> LoadReport:
    """Create or bring up to date the shipped definitions (by key); idempotent. The English
    name is stored; pages show the translation (Indicator.label)."""
    report = LoadReport()
    with translation.override("en"):
        return _load(report)


def _load(report: LoadReport) -> LoadReport:
    existing = {indicator.key: indicator for indicator in Indicator.objects.filter(owner=None)}
    for definition in LIBRARY:
        fields = {
            "name": str(definition.name),
            "description": str(definition.description),
            "unit": definition.unit,
            "direction": definition.direction,
            "breakdowns": list(definition.breakdowns),
            "source": definition.source,
            "decimals": definition.decimals,
        }
        indicator = existing.get(definition.key)
        if indicator is None:
            Indicator.objects.create(key=definition.key, **fields)
            report.created.append(definition.key)
        elif any(getattr(indicator, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(indicator, name, value)
            indicator.version += 1
            indicator.save()
            report.updated.append(definition.key)
        else:
            report.unchanged.append(definition.key)
    return report
