"""Storing imported values chunk by chunk: a fixed number of queries per chunk, none per row.

Areas come first: the codes of a chunk not met before are looked up at once; the missing
ones are created (a concurrent import creating the same area is no conflict), names brought
up to date from the file, and a municipality area is linked to the municipality
organisation of the same country and number when there is one and it has no area yet.
Values are then written with one upsert per chunk (`bulk_create(update_conflicts=True)` on
the unique indicator × area × period × breakdown, which SQLite and PostgreSQL both do), so
importing a period again updates its values in place. Which of them already existed is
asked first, in one query, to count new and updated values.
"""

import datetime
from collections.abc import Iterable, Sequence

from trinvis.indicators.imports.cells import AreaCell
from trinvis.indicators.imports.rows import ParsedValue
from trinvis.indicators.models import Area, ImportBatch, Indicator, Value
from trinvis.organisations.models import Organisation

VALUE_FIELDS = ["period_start", "breakdown", "value", "source", "batch", "imported_at"]


class Areas:
    """The ids of a country's areas by code, looked up (and with `create`, created or
    brought up to date) a chunk at a time and remembered for the rest of the file."""

    def __init__(self, country: str, *, create: bool) -> None:
        self.country = country
        self.create = create
        self.ids: dict[str, int] = {}
        self.new: set[str] = set()  # the codes of areas the file brings (or would bring) in

    def resolve(self, cells: Iterable[AreaCell]) -> None:
        wanted: dict[str, AreaCell] = {}
        for cell in cells:
            if cell.code not in self.ids and cell.code not in self.new:
                wanted[cell.code] = cell
        if not wanted:
            return
        existing = {
            area.code: area
            for area in Area.objects.filter(country=self.country, code__in=wanted.keys())
        }
        self.ids.update({code: area.pk for code, area in existing.items()})
        self.new.update(code for code in wanted if code not in existing)
        if not self.create:
            return
        organisations = self._municipalities(
            code
            for code, cell in wanted.items()
            if cell.kind == Area.Kind.MUNICIPALITY
            and (code not in existing or existing[code].organisation_id is None)
        )
        self._bring_up_to_date(existing, wanted, organisations)
        missing = [cell for code, cell in wanted.items() if code not in existing]
        if missing:
            Area.objects.bulk_create(
                [
                    Area(
                        country=self.country,
                        code=cell.code,
                        kind=cell.kind,
                        name=cell.name,
                        organisation_id=organisations.get(cell.code),
                    )
                    for cell in missing
                ],
                ignore_conflicts=True,
            )
            self.ids.update(
                Area.objects.filter(
                    country=self.country, code__in=[cell.code for cell in missing]
                ).values_list("code", "pk")
            )

    def _municipalities(self, codes: Iterable[str]) -> dict[str, int]:
        """Municipality organisation by number, for the codes given, if not linked yet."""
        wanted = list(codes)
        if not wanted:
            return {}
        return dict(
            Organisation.objects.filter(
                kind=Organisation.Kind.MUNICIPALITY,
                country=self.country,
                municipality_number__in=wanted,
                area__isnull=True,
            ).values_list("municipality_number", "pk")
        )

    @staticmethod
    def _bring_up_to_date(
        existing: dict[str, Area], wanted: dict[str, AreaCell], organisations: dict[str, int]
    ) -> None:
        changed = []
        for code, area in existing.items():
            name = wanted[code].name
            organisation_id = area.organisation_id or organisations.get(code)
            if (name and name != area.name) or organisation_id != area.organisation_id:
                area.name = name or area.name
                area.organisation_id = organisation_id
                changed.append(area)
        if changed:
            Area.objects.bulk_update(changed, ["name", "organisation"])


def existing_keys(
    indicator: Indicator, areas: Areas, chunk: Sequence[ParsedValue]
) -> set[tuple[int, str, str]]:
    """(area id, period, breakdown key) of the chunk's values already stored."""
    area_ids = {areas.ids[v.area.code] for v in chunk if v.area.code in areas.ids}
    if not area_ids:
        return set()
    found = Value.objects.filter(
        indicator=indicator, area_id__in=area_ids, period__in={v.period.text for v in chunk}
    ).values_list("area_id", "period", "breakdown_key")
    return set(found)


def count_new(indicator: Indicator, areas: Areas, chunk: Sequence[ParsedValue]) -> int:
    """How many of the chunk's values are not stored yet."""
    existing = existing_keys(indicator, areas, chunk)
    return sum(
        1
        for v in chunk
        if v.area.code not in areas.ids
        or (areas.ids[v.area.code], v.period.text, v.key) not in existing
    )


def store_chunk(
    *,
    indicator: Indicator,
    batch: ImportBatch,
    areas: Areas,
    chunk: Sequence[ParsedValue],
    now: datetime.datetime,
) -> int:
    """Create or update the chunk's values; returns how many were new."""
    areas.resolve(v.area for v in chunk)
    new = count_new(indicator, areas, chunk)
    # Fields are checked cell by cell before; a full_clean() per row would cost more than
    # the insert itself.
    Value.objects.bulk_create(
        [
            Value(
                indicator=indicator,
                area_id=areas.ids[v.area.code],
                period=v.period.text,
                period_start=v.period.start,
                breakdown=v.breakdown,
                breakdown_key=v.key,
                value=v.value,
                source=batch.source,
                batch=batch,
                imported_at=now,
            )
            for v in chunk
        ],
        update_conflicts=True,
        unique_fields=["indicator", "area", "period", "breakdown_key"],
        update_fields=VALUE_FIELDS,
    )
    return new
