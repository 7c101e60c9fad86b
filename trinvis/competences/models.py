"""Competence profiles, assessment rounds and the ratings people give in them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinvis.organisations.models import Organisation

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Category(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional competences")
    SOCIAL = "social", _("Social competences")
    ORGANISATIONAL = "organisational", _("Organisational competences")
    PERSONAL = "personal", _("Personal competences")


CATEGORY_ORDER = {category.value: index for index, category in enumerate(Category)}


class Profile(models.Model):
    """A competence profile: what a unit, team or job role needs to master, and how well."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="competence_profiles",
    )
    name = models.CharField(_("name"), max_length=200)
    applies_to = models.CharField(
        _("for whom"),
        max_length=200,
        blank=True,
        help_text=_("The unit, team or job role the profile describes."),
    )
    description = models.TextField(_("description"), blank=True)
    strategy_goal = models.TextField(
        _("strategy and goal"),
        blank=True,
        help_text=_("The strategy or goal the profile serves."),
    )
    # Moodle's framework "ID number": kept so an export can be imported back unchanged.
    id_number = models.CharField(_("ID number"), max_length=100)
    vulnerability_high_below = models.PositiveSmallIntegerField(
        _("high vulnerability below"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("Vulnerability is high when fewer people than this meet the expected level."),
    )
    vulnerability_medium_below = models.PositiveSmallIntegerField(
        _("medium vulnerability below"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("Vulnerability is medium when fewer people than this meet the expected level."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "id_number"], name="unique_profile_id_number"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    vulnerability_high_below__lte=models.F("vulnerability_medium_below")
                ),
                name="profile_vulnerability_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Competence(models.Model):
    """One competence of a profile, in one of the four categories, with its expected level."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="competences"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    expected_level = models.PositiveSmallIntegerField(
        _("expected level"), validators=LEVEL_VALIDATORS
    )
    goal = models.TextField(
        _("goal it serves"), blank=True, help_text=_("The strategy or goal this competence serves.")
    )
    id_number = models.CharField(_("ID number"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["profile", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "id_number"], name="unique_competence_id_number"
            ),
            models.CheckConstraint(
                condition=models.Q(expected_level__gte=1, expected_level__lte=5),
                name="competence_expected_level_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """An assessment round: a profile assessed for a group of people by a deadline."""

    profile = models.ForeignKey(
        Profile, verbose_name=_("profile"), on_delete=models.PROTECT, related_name="rounds"
    )
    # The unit or team whose people are assessed: the profile's organisation or one below it.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="competence_rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    self_assessment = models.BooleanField(_("self-assessment"), default=True)
    leader_assessment = models.BooleanField(_("leader assessment"), default=False)
    team_assessment = models.BooleanField(_("team assessment"), default=False)
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"), default=3
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people"), related_name="competence_rounds"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(self_assessment=True)
                | models.Q(leader_assessment=True)
                | models.Q(team_assessment=True),
                name="round_has_a_mode",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Assessment(models.Model):
    """One set of ratings in a round: a person's own, their leader's of them, or the team's."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        LEADER = "leader", _("Leader assessment")
        TEAM = "team", _("Team assessment")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The person assessed; empty for the team's shared assessment.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competence_assessments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["round", "kind", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "person"],
                condition=models.Q(person__isnull=False),
                name="unique_personal_assessment",
            ),
            models.UniqueConstraint(
                fields=["round", "kind"],
                condition=models.Q(person__isnull=True),
                name="unique_team_assessment",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="team") & models.Q(person__isnull=True))
                | (~models.Q(kind="team") & models.Q(person__isnull=False)),
                name="assessment_person_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Rating(models.Model):
    """One competence rated on the five-point scale in one assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="ratings"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.CASCADE, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("An example from practice that shows the level.")
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competence"], name="unique_rating"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="rating_level_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.level}"


class NeedPriority(models.Model):
    """A leader's decision on one competence need of a round: act on it soon or later."""

    class Horizon(models.TextChoices):
        SHORT = "short", _("Short-term priority")
        LONG = "long", _("Long-term priority")
        NONE = "none", _("Not a priority now")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="priorities"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.CASCADE, related_name="+"
    )
    horizon = models.CharField(_("priority"), max_length=10, choices=Horizon.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("need priority")
        verbose_name_plural = _("need priorities")
        constraints = [
            models.UniqueConstraint(fields=["round", "competence"], name="unique_need_priority")
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.get_horizon_display()}"
