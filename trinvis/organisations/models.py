import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A node in the organisation tree: agency, region, municipality, unit or team."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency")
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")
        UNIT = "unit", _("Unit")
        TEAM = "team", _("Team")

    class Country(models.TextChoices):
        DENMARK = "DK", _("Denmark")
        NORWAY = "NO", _("Norway")

    class UnitType(models.TextChoices):
        REFUGEE_SERVICE = "refugee_service", _("Refugee service / integration")
        ADULT_EDUCATION = "adult_education", _("Adult education and language centre")
        EMPLOYMENT = "employment", _("Jobcentre / NAV")
        OTHER = "other", _("Other unit")

    class SizeClass(models.TextChoices):
        SMALL = "small", _("Small (under 5,000 inhabitants)")
        MEDIUM = "medium", _("Medium (5,000–19,999 inhabitants)")
        LARGE = "large", _("Large (20,000 inhabitants or more)")

    # Which kinds may sit directly under which: the tree runs agency → region → municipality →
    # unit → team, with a few shortcuts real organisations use (an agency's own units).
    ALLOWED_PARENTS: dict[str, set[str | None]] = {
        Kind.AGENCY: {None},
        Kind.REGION: {None, Kind.AGENCY},
        Kind.MUNICIPALITY: {None, Kind.AGENCY, Kind.REGION},
        Kind.UNIT: {Kind.AGENCY, Kind.REGION, Kind.MUNICIPALITY, Kind.UNIT},
        Kind.TEAM: {Kind.MUNICIPALITY, Kind.UNIT},
    }
    # ASCII digits only: \d would also accept look-alikes such as ٤٦١, which match no statistics.
    MUNICIPALITY_NUMBER_FORMAT: dict[str, str] = {"DK": r"[0-9]{3}", "NO": r"[0-9]{4}"}
    SMALL_BELOW = 5_000
    LARGE_FROM = 20_000

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/1/4/9/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        help_text=_("The official number: three digits in Denmark, four in Norway."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    unit_type = models.CharField(
        _("type of unit"), max_length=30, choices=UnitType.choices, blank=True
    )
    require_two_factor = models.BooleanField(
        _("require two-factor login"),
        default=False,
        help_text=_(
            "Everyone with an active role here or in an organisation below must log in with "
            "a code from an authenticator app as well as their password."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "municipality_number"],
                condition=~models.Q(municipality_number=""),
                name="unique_municipality_number_per_country",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def size_class(self) -> str | None:
        return size_class_for(self.population) if self.kind == self.Kind.MUNICIPALITY else None

    def get_size_class_display(self) -> str:
        size = self.size_class
        return str(self.SizeClass(size).label) if size else ""

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        parent_kind = self.parent.kind if self.parent else None
        if self.kind and parent_kind not in self.ALLOWED_PARENTS.get(self.kind, set()):
            errors.setdefault("parent", []).append(
                _("An organisation of the kind “%(kind)s” cannot be placed here.")
                % {"kind": self.Kind(self.kind).label}
            )
        if self.kind == self.Kind.MUNICIPALITY:
            self._clean_municipality(errors)
        else:
            for field in ("country", "municipality_number", "population"):
                if getattr(self, field) not in ("", None):
                    errors.setdefault(field, []).append(
                        _("Only a municipality has a country, number and population.")
                    )
        if self.unit_type and self.kind != self.Kind.UNIT:
            errors.setdefault("unit_type", []).append(_("Only a unit has a type of unit."))
        if errors:
            raise ValidationError(errors)

    def _clean_municipality(self, errors: dict[str, list[Any]]) -> None:
        if not self.country:
            errors.setdefault("country", []).append(_("Choose the municipality's country."))
        if self.population is None:
            errors.setdefault("population", []).append(_("Enter the number of inhabitants."))
        pattern = self.MUNICIPALITY_NUMBER_FORMAT.get(self.country)
        if pattern and not re.fullmatch(pattern, self.municipality_number or ""):
            errors.setdefault("municipality_number", []).append(
                _("A municipality number in %(country)s has %(digits)s digits.")
                % {
                    "country": self.Country(self.country).label,
                    "digits": 3 if self.country == self.Country.DENMARK else 4,
                }
            )
        elif (
            pattern
            and Organisation.objects.filter(
                country=self.country, municipality_number=self.municipality_number
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            # Checked here so the message is readable and sits at the field; the database
            # constraint stays as the last guard.
            errors.setdefault("municipality_number", []).append(
                _("Another municipality in %(country)s already has the number %(number)s.")
                % {"country": self.Country(self.country).label, "number": self.municipality_number}
            )


def size_class_for(population: int | None) -> str | None:
    """Size class by the Norwegian statistics convention used in the sources."""
    if population is None:
        return None
    if population < Organisation.SMALL_BELOW:
        return Organisation.SizeClass.SMALL
    if population < Organisation.LARGE_FROM:
        return Organisation.SizeClass.MEDIUM
    return Organisation.SizeClass.LARGE


class Membership(models.Model):
    """A person's role in one organisation; a person may have memberships in several."""

    class Role(models.TextChoices):
        EMPLOYEE = "employee", _("Employee")
        LEADER = "leader", _("Leader")
        DEVELOPMENT_CONSULTANT = "development_consultant", _("Development consultant")
        CONTACT_PERSON = "contact_person", _("Contact person")
        FACILITATOR = "facilitator", _("Facilitator")
        ADMINISTRATOR = "administrator", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__path", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
