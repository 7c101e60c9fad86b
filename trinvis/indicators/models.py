"""Key figures: what a municipality measures to know where it starts and whether its work
moves anything (DOMAIN.md §2, the zero point; §4, the selection of municipalities).

An Indicator is a definition (name, unit, direction, the breakdowns its values may carry,
where the figures come from); the shipped ones (library.py) are the figures the sources
name, an organisation may define its own. Values come from files shaped like the public
statistics exports (imports/): one value per indicator, area, period and breakdown, with
its source and import time; importing the same period again updates the value in place.

An Area is where a figure is about: a country (the national figure), a region or a
municipality, by its official number. Areas come from the imported files, so the figures of
every municipality can be held (for comparison and for an agency's selection) whether or
not the municipality uses Trinvis; an area is linked to the municipality's organisation
when there is one.

A municipality fixes a Baseline (its zero point: the value of a chosen period) and Targets
(a value to reach by a date); a target reached is a milestone shown on the indicator page.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinvis.core.models import Versioned
from trinvis.indicators.library import BY_KEY
from trinvis.organisations.models import Organisation


class Indicator(Versioned):
    class Unit(models.TextChoices):
        COUNT = "count", _("Number")
        PERCENT = "percent", _("Per cent")
        DAYS = "days", _("Days")
        WEEKS = "weeks", _("Weeks")
        MONTHS = "months", _("Months")
        AMOUNT = "amount", _("Amount")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        NEUTRAL = "neutral", _("Neither: a figure to know")

    # Shipped definitions have a key from library.py and no owner; an organisation's own
    # definitions have an owner, and are seen by it and the organisations below it.
    key = models.SlugField(_("key"), max_length=80, unique=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    # The breakdown dimensions (library.BREAKDOWNS keys) its values may carry.
    breakdowns = models.JSONField(_("breakdowns"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    # Counts the changes to the indicator's values (services.values_changed): figures
    # derived from them are cached under it. Not `version`, which guards the definition's
    # edits: an import must not make someone's open edit of the wording a conflict.
    values_revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.owner_id is None

    @property
    def label(self) -> str:
        """The name in the active language: a shipped definition's translation, an own
        definition's name as written."""
        definition = BY_KEY.get(self.key) if self.is_shipped else None
        return str(definition.name) if definition else self.name

    @property
    def explanation(self) -> str:
        """The description in the active language, like `label`."""
        definition = BY_KEY.get(self.key) if self.is_shipped else None
        return str(definition.description) if definition else self.description


class Area(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")

    country = models.CharField(_("country"), max_length=2, choices=Organisation.Country.choices)
    # The official number (municipality or region); empty for the country as a whole.
    code = models.CharField(_("number"), max_length=10, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="area",
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["country", "code"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="unique_area")]

    def __str__(self) -> str:
        return self.name or f"{self.country} {self.code}".strip()


class ImportBatch(models.Model):
    """One imported file: who, when, from where, and what it did."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="imports"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("imported for"),
        on_delete=models.CASCADE,
        related_name="indicator_imports",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=255)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # The column mapping used: {"area": "KOMK", "period": "TID", "value": "INDHOLD",
    # "breakdowns": {"gender": "KØN"}, ...}; remembered for the next file of the same shape.
    mapping = models.JSONField(_("mapping"), default=dict)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new values"), default=0)
    updated = models.PositiveIntegerField(_("updated values"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Value(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="values"
    )
    # The period as the statistics write it, normalised: "2024", "2024K3" or "2024M05";
    # period_start is its first day, for ordering and charts.
    period = models.CharField(_("period"), max_length=8)
    period_start = models.DateField(_("period start"))
    # The breakdown as {dimension: category}; breakdown_key is its canonical text
    # ("age=18-24;gender=women"), empty for the total.
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    breakdown_key = models.CharField(_("breakdown"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="values",
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown_key"], name="unique_value"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "breakdown_key", "period_start"]),
            # One place's series in order: its latest value (the size class) is one entry,
            # and a size class's values are read for its members only.
            models.Index(
                fields=["indicator", "area", "breakdown_key", "period_start"], name="value_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.area} · {self.period}"


class ClassFigures(models.Model):
    """A size class's values of an indicator summed up per period, for the comparison on the
    indicator page (comparison.PeriodStats, kept as JSON: period → [count, sum, start,
    middle values]). Derived data: services_class_figures.py computes a row again when the
    indicator's values or the class's members have changed since (`values_revision`,
    `members_key`), and refreshes an indicator's rows after each import."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    breakdown_key = models.CharField(max_length=200, blank=True, default="")
    country = models.CharField(max_length=2, choices=Organisation.Country.choices)
    size_class = models.CharField(max_length=10, choices=Organisation.SizeClass.choices)
    values_revision = models.PositiveIntegerField()
    members_key = models.CharField(max_length=64)
    periods = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "breakdown_key", "country", "size_class"],
                name="unique_class_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.country} {self.size_class} · {self.breakdown_key}"


class Baseline(Versioned):
    """A municipality's zero point on an indicator (and breakdown): the value of a period."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="baselines",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    breakdown_key = models.CharField(_("breakdown"), max_length=200, blank=True, default="")
    period = models.CharField(_("period"), max_length=8)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("zero point")
        verbose_name_plural = _("zero points")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "breakdown_key"], name="unique_baseline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.period}"


class Target(Versioned):
    """A value to reach by a date; several make the milestones on the way."""

    baseline = models.ForeignKey(
        Baseline, verbose_name=_("zero point"), on_delete=models.CASCADE, related_name="targets"
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    due = models.DateField(_("by"))
    label = models.CharField(_("name"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.label or f"{self.value} · {self.due}"
