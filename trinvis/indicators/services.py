"""Write key figures: the shipped definitions. (Imports: imports/; zero points and targets:
services_targets.py.)"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation

from trinvis.indicators.library import LIBRARY
from trinvis.indicators.models import Indicator


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
