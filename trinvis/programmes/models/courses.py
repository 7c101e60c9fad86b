"""A course provider's programme, the Bedre Integration way (DOMAIN.md §5): modules run
several times in different regions, participants from municipalities enrol (with their
unit, position and experience, so they can be grouped by level and role) with their
leader's confirmation of purpose and chosen modules, and progress is followed against a
target (say 800 participants over three years).

Each module run is also an activity of the learning module's catalogue (its programme the
provider's learning Programme), and each confirmed module choice is a learning Enrolment:
the procedure around a course (reminders before it, the headings and the participant's
goals after it, the follow-up day) then runs for the provider's modules as for any course.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinvis.core.models import Versioned
from trinvis.learning.models import Activity, Enrolment, Programme
from trinvis.organisations.models import Organisation


class CourseProgramme(Versioned):
    provider = models.ForeignKey(
        Organisation,
        verbose_name=_("course provider"),
        on_delete=models.PROTECT,
        related_name="course_programmes",
    )
    # The catalogue side: the learning module's programme the module runs belong to.
    programme = models.OneToOneField(
        Programme,
        verbose_name=_("catalogue programme"),
        on_delete=models.PROTECT,
        related_name="course_programme",
    )
    target_participants = models.PositiveIntegerField(_("target: participants"), default=0)
    # The course evaluations: the surveys whose results the progress page shows.
    surveys = models.ManyToManyField(
        "surveys.Survey",
        verbose_name=_("course evaluations"),
        blank=True,
        related_name="course_programmes",
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("course programme")
        verbose_name_plural = _("course programmes")
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return str(self.programme)


class RegionTarget(models.Model):
    course = models.ForeignKey(
        CourseProgramme,
        verbose_name=_("course programme"),
        on_delete=models.CASCADE,
        related_name="region_targets",
    )
    region = models.ForeignKey(
        Organisation, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    target_participants = models.PositiveIntegerField(_("target: participants"))

    class Meta:
        verbose_name = _("regional target")
        verbose_name_plural = _("regional targets")
        constraints = [
            models.UniqueConstraint(fields=["course", "region"], name="unique_region_target")
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.target_participants}"


class CourseModule(Versioned):
    course = models.ForeignKey(
        CourseProgramme,
        verbose_name=_("course programme"),
        on_delete=models.CASCADE,
        related_name="modules",
    )
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The module's headings, one per line: what the after-course mail reminds of.
    headings = models.TextField(_("headings"), blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ModuleRun(Versioned):
    """One run of a module: its dates and place are those of its catalogue activity."""

    module = models.ForeignKey(
        CourseModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="runs"
    )
    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="module_run"
    )
    region = models.ForeignKey(
        Organisation,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("teachers"), blank=True, related_name="+"
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        verbose_name = _("module run")
        verbose_name_plural = _("module runs")
        ordering = ["module", "pk"]

    def __str__(self) -> str:
        return str(self.activity)


class CourseEnrolment(Versioned):
    """A participant's enrolment in the programme: who, from where, why, which modules;
    confirmed by their leader before it counts."""

    class State(models.TextChoices):
        AWAITING_LEADER = "awaiting_leader", _("Awaiting the leader's confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        CourseProgramme,
        verbose_name=_("course programme"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Organisation, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    purpose = models.TextField(_("purpose"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leader_confirmed_at = models.DateTimeField(_("confirmed by the leader"), null=True, blank=True)
    # Why the leader declined: shown to the participant and their leaders, not the provider.
    leader_note = models.TextField(_("leader's note"), blank=True)
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.AWAITING_LEADER
    )
    created_at = models.DateTimeField(_("enrolled"), auto_now_add=True)

    class Meta:
        verbose_name = _("course enrolment")
        verbose_name_plural = _("course enrolments")
        ordering = ["course", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="unique_course_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class ModuleChoice(models.Model):
    """A module run the participant chose; once the leader confirms, a learning Enrolment
    in the run's activity carries the procedure's reminders."""

    enrolment = models.ForeignKey(
        CourseEnrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    run = models.ForeignKey(
        ModuleRun, verbose_name=_("module run"), on_delete=models.PROTECT, related_name="choices"
    )
    learning_enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("catalogue enrolment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="module_choice",
    )
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        verbose_name = _("module choice")
        verbose_name_plural = _("module choices")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "run"], name="unique_module_choice")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.run}"
