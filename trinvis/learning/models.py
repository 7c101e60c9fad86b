"""Learning and transfer: what people learn, and how it turns into changed practice.

The chain this module keeps (PRODUCT.md): a competence need (competences.NeedPriority) is
answered by a row of an education plan, which sends people to an activity from the
catalogue, with learning goals agreed before enrolment; before the course the procedure's
tasks run by themselves; during and after it the person keeps a logbook and takes
motivation checks, leader and person hold follow-up talks that review the goals; and an
implementation plan, with its follow-up meetings, anchors the new practice.

Personal records (goals, logbook entries, motivation checks, follow-up talks) are seen by
the person and their leaders only (access.py); a logbook entry is private until its author
shares it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trinvis.competences.models import Competence, NeedPriority
from trinvis.core.models import Versioned
from trinvis.organisations.models import Organisation

# --- the catalogue ---------------------------------------------------------------------------


class Programme(Versioned):
    """A longer programme whose modules participants combine (a course provider's offer)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    how_modules_combine = models.TextField(
        _("how the modules combine"),
        blank=True,
        help_text=_("Which modules build on which, and which can be taken on their own."),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Activity(Versioned):
    """An education activity in an organisation's catalogue."""

    class Kind(models.TextChoices):
        EXTERNAL_COURSE = "external_course", _("External course")
        INTERNAL_COURSE = "internal_course", _("Internal course")
        MODULE = "module", _("Module of a longer programme")
        SIDE_BY_SIDE = "side_by_side", _("Side-by-side training")
        MENTORING = "mentoring", _("Mentoring")
        WORKSHOP = "workshop", _("Workshop")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="modules",
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    length_hours = models.DecimalField(
        _("length (hours)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    cost = models.DecimalField(
        _("cost per participant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    competences = models.ManyToManyField(
        Competence,
        verbose_name=_("competences addressed"),
        blank=True,
        related_name="activities",
    )
    # What participants receive before the course (the before-course procedure).
    programme_text = models.TextField(_("programme"), blank=True)
    preparation = models.TextField(_("preparation material"), blank=True)
    # After the course: reminder mails this many days after the end (e.g. [7, 90]).
    reminder_days = models.JSONField(_("reminders after the end (days)"), default=list)
    headings = models.TextField(
        _("course headings"),
        blank=True,
        help_text=_("The course's main headings, one per line, repeated in the reminder mails."),
    )
    follow_up_day_at = models.DateTimeField(_("follow-up day"), null=True, blank=True)
    follow_up_day_place = models.CharField(_("follow-up day place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Path(models.Model):
    """A recommended combination of a programme's modules, in order."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="paths"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    modules = models.ManyToManyField(
        Activity, verbose_name=_("modules"), through="PathStep", related_name="paths"
    )

    class Meta:
        verbose_name = _("path")
        verbose_name_plural = _("paths")
        ordering = ["programme", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class PathStep(models.Model):
    path = models.ForeignKey(Path, on_delete=models.CASCADE, related_name="steps")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("path step")
        verbose_name_plural = _("path steps")
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "activity"], name="unique_path_step")
        ]

    def __str__(self) -> str:
        return f"{self.path} · {self.position}"


class Principle(Versioned):
    """An organisation's principle or criterion for choosing education activities."""

    class Topic(models.TextChoices):
        LEARNING_FORM = "learning_form", _("Learning form")
        LENGTH = "length", _("Long or short courses")
        FRAMES = "frames", _("Frames (workload, preparation time)")
        SELECTION = "selection", _("Selecting participants")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="learning_principles",
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("principle"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        ordering = ["organisation", "position", "pk"]

    def __str__(self) -> str:
        return self.title


# --- the education plan ----------------------------------------------------------------------


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class EducationPlan(Versioned):
    """An organisation's (unit's, team's) education plan for a period."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="education_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    period = models.CharField(_("period"), max_length=100, blank=True)
    # The competence round whose needs the plan answers (optional).
    round = models.ForeignKey(
        "competences.Round",
        verbose_name=_("competence round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="education_plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("education plan")
        verbose_name_plural = _("education plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PlanRow(Versioned):
    """One row of the nine-column plan: who, why, which activity, supported how, towards
    which goals, when, by whom, with what, and how far it has come; plus the needs it
    answers, the principle it follows and its effort before, during and after (30-30-40)."""

    plan = models.ForeignKey(
        EducationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveIntegerField(_("position"))
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("employees"), blank=True, related_name="plan_rows"
    )
    purpose = models.TextField(_("purpose"), blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("education activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_rows",
    )
    learning_support = models.TextField(_("learning-support activities"), blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resources = models.TextField(_("resources"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    needs = models.ManyToManyField(
        NeedPriority, verbose_name=_("needs answered"), blank=True, related_name="plan_rows"
    )
    principle = models.ForeignKey(
        Principle,
        verbose_name=_("principle followed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_rows",
    )
    # Planned effort per phase, in hours (or any one unit the plan uses throughout).
    effort_before = models.DecimalField(
        _("effort before"), max_digits=9, decimal_places=1, default=0
    )
    effort_during = models.DecimalField(
        _("effort during"), max_digits=9, decimal_places=1, default=0
    )
    effort_after = models.DecimalField(_("effort after"), max_digits=9, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position}"


class Enrolment(models.Model):
    """A person taking part in an activity, with what they bring to it beforehand."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    plan_row = models.ForeignKey(
        PlanRow,
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    # The before-course procedure: the participant's own reflections and questions, and,
    # for someone going alone, what colleagues said about their practice and challenges.
    reflections = models.TextField(_("reflections and questions from my practice"), blank=True)
    colleagues_input = models.TextField(_("my colleagues' practice and challenges"), blank=True)
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="unique_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.activity}"


class LearningGoal(Versioned):
    """A learning goal in the four-question form, organisational or personal.

    A personal goal is agreed between the person and their leader before enrolment: both
    confirm it (a change after either confirmation clears both). It is revisited at
    follow-up talks (GoalReview) and ends achieved, partly achieved or not achieved.
    """

    class Scope(models.TextChoices):
        ORGANISATIONAL = "organisational", _("Organisational goal")
        PERSONAL = "personal", _("Personal goal")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="learning_goals",
    )
    scope = models.CharField(_("kind"), max_length=20, choices=Scope.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="learning_goals",
    )
    plan_row = models.ForeignKey(
        PlanRow,
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="goals",
    )
    what_to_learn = models.TextField(_("which knowledge, skills and competences"))
    use_in_practice = models.TextField(_("how they are used in practice"), blank=True)
    results = models.TextField(_("which results"), blank=True)
    organisational_goals = models.TextField(
        _("which organisational goals they support"), blank=True
    )
    leader_support = models.TextField(_("support agreed with the nearest leader"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person_confirmed_at = models.DateTimeField(_("confirmed by the person"), null=True, blank=True)
    leader_confirmed_at = models.DateTimeField(_("confirmed by the leader"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="organisational") | models.Q(person__isnull=False),
                name="personal_goal_has_person",
            )
        ]

    def __str__(self) -> str:
        return self.what_to_learn[:60]

    @property
    def is_agreed(self) -> bool:
        return self.person_confirmed_at is not None and self.leader_confirmed_at is not None


# --- during and after ------------------------------------------------------------------------


class Sharing(models.TextChoices):
    PRIVATE = "private", _("Only me")
    LEADER = "leader", _("Me and my leaders")
    TEAM = "team", _("My team and my leaders")


class LogbookEntry(models.Model):
    """A page of a person's logbook; private unless the author shares it."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="logbook_entries",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("date"))
    what_happened = models.TextField(_("what happened"), blank=True)
    what_puzzled = models.TextField(_("what puzzled me"), blank=True)
    want_more = models.TextField(_("what I want to know or be able to do more of"), blank=True)
    other = models.TextField(_("other"), blank=True)
    sharing = models.CharField(
        _("shared with"), max_length=10, choices=Sharing.choices, default=Sharing.PRIVATE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["author", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.author} · {self.date}"


class MotivationQuestions(models.Model):
    """An organisation's own wording of the five motivation questions (else the shipped
    wording is used). `questions` maps each dimension to its text per language."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="motivation_questions",
    )
    questions = models.JSONField(_("questions"), default=dict)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("motivation questions")
        verbose_name_plural = _("motivation questions")

    def __str__(self) -> str:
        return str(self.organisation)


SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class MotivationCheck(models.Model):
    """The five-question check of a person's motivation (1–5 each), taken repeatedly."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="motivation_checks",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_on = models.DateField(_("date"))
    meaning = models.PositiveSmallIntegerField(_("meaning"), validators=SCORE)
    ability = models.PositiveSmallIntegerField(_("ability"), validators=SCORE)
    will = models.PositiveSmallIntegerField(_("will"), validators=SCORE)
    frame = models.PositiveSmallIntegerField(_("frame and permission"), validators=SCORE)
    benefit = models.PositiveSmallIntegerField(_("benefit"), validators=SCORE)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    DIMENSIONS = ("meaning", "ability", "will", "frame", "benefit")

    class Meta:
        verbose_name = _("motivation check")
        verbose_name_plural = _("motivation checks")
        ordering = ["person", "taken_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meaning__range=(1, 5))
                & models.Q(ability__range=(1, 5))
                & models.Q(will__range=(1, 5))
                & models.Q(frame__range=(1, 5))
                & models.Q(benefit__range=(1, 5)),
                name="motivation_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.taken_on}"


class FollowUp(Versioned):
    """A follow-up talk between a person and their leader, planned and then held."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_for = models.DateField(_("planned for"))
    held_on = models.DateField(_("held"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("agreed next steps"), blank=True)

    class Meta:
        verbose_name = _("follow-up talk")
        verbose_name_plural = _("follow-up talks")
        ordering = ["planned_for", "pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.planned_for}"


class GoalReview(models.Model):
    """A learning goal revisited at a follow-up: how far it has come, and the evidence."""

    goal = models.ForeignKey(
        LearningGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="reviews"
    )
    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("follow-up talk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=LearningGoal.Outcome.choices)
    evidence = models.TextField(_("evidence"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")
        ordering = ["goal", "reviewed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.goal} · {self.outcome}"


# --- implementation and anchoring ------------------------------------------------------------


class ImplementationPlan(Versioned):
    """How a new practice is implemented and anchored after an education effort."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="implementation_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    education_plan = models.ForeignKey(
        EducationPlan,
        verbose_name=_("education plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementation_plans",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementation_plans",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("implementation team"),
        blank=True,
        related_name="+",
    )
    # Anchoring: recurring theme days, ambassadors and training of new employees.
    theme_days = models.TextField(_("recurring theme days"), blank=True)
    ambassadors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("ambassadors"), blank=True, related_name="+"
    )
    new_employees = models.TextField(_("training of new employees"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ImplementationItem(Versioned):
    """One line of the implementation plan: an area with its activities, period,
    responsible, deadline and status; it shows as a task for the responsible person."""

    class Area(models.TextChoices):
        BACKGROUND = "background", _("Background")
        GOALS = "goals", _("Overall goals and success criteria")
        CONSEQUENCES = "consequences", _("Consequences")
        CHALLENGES = "challenges", _("Challenges")
        READINESS = "readiness", _("Readiness and motivation in the organisation")
        COMMUNICATION = "communication", _("Communication")
        PROCESS_SUPPORT = "process_support", _("Process support")
        QUALITY = "quality", _("Quality assurance")
        EVALUATION = "evaluation", _("Process evaluation and measuring results")
        RESPONSIBILITY = "responsibility", _("Responsibility for implementation")
        ANCHORING = "anchoring", _("Anchoring and operation")

    plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name=_("implementation plan"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.TextField(_("description"), blank=True)
    activities = models.TextField(_("concrete activities"), blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementation_items",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("implementation item")
        verbose_name_plural = _("implementation items")
        ordering = ["plan", "deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.get_area_display()} · {self.plan}"


class ProcessMeeting(models.Model):
    """A follow-up meeting recorded in the implementation process sheet."""

    plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name=_("implementation plan"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    held_on = models.DateField(_("date"))
    worries = models.TextField(_("worries"), blank=True)
    what_works = models.TextField(_("what works"), blank=True)
    signs_of_change = models.TextField(_("signs of change"), blank=True)
    agreements = models.TextField(_("agreements and next steps"), blank=True)
    blockers = models.TextField(_("conditions that block change"), blank=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence (0–10)"), validators=[MaxValueValidator(10)]
    )
    next_meeting_on = models.DateField(_("next follow-up"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("process meeting")
        verbose_name_plural = _("process meetings")
        ordering = ["plan", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__lte=10), name="process_confidence_0_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.held_on}"


# --- the procedure's reminders ---------------------------------------------------------------


class Reminder(models.Model):
    """A reminder the procedure sends once: before a course (leader: revisit purpose and
    goals; participants: material and reflections), after it (participants: headings and
    their goals; leader: hold the internal follow-up). Unique per activity, kind, person
    and day offset, so a retried or concurrent run sends it exactly once."""

    class Kind(models.TextChoices):
        LEADER_BEFORE = "leader_before", _("Leader: revisit purpose and goals")
        PARTICIPANT_BEFORE = "participant_before", _("Participant: material and reflections")
        PARTICIPANT_AFTER = "participant_after", _("Participant: headings and goals")
        LEADER_AFTER = "leader_after", _("Leader: hold the internal follow-up")
        FOLLOW_UP_DAY = "follow_up_day", _("Participant: invitation to the follow-up day")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    offset_days = models.IntegerField(_("days from the start or end"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "kind", "person", "offset_days"], name="unique_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"


class LearningPreferences(Versioned):
    """A person's own settings for this module: the kinds of reminder mail they have
    switched off, and the secret address of their calendar feed (the dates of their
    courses, follow-up days, follow-up talks and implementation deadlines), which a
    calendar program reads without logging in. The address's key is random and kept only
    as its SHA-256 hash, so it is shown once, when made; asking for a new one makes the
    old address stop working."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="learning_preferences",
    )
    # Reminder.Kind values the person does not want mailed.
    reminders_off = models.JSONField(_("reminders switched off"), default=list, blank=True)
    calendar_token = models.CharField(
        _("calendar address key (hash)"), max_length=64, unique=True, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("learning preferences")
        verbose_name_plural = _("learning preferences")

    def __str__(self) -> str:
        return str(self.person)

    def wants(self, kind: str) -> bool:
        return kind not in self.reminders_off
