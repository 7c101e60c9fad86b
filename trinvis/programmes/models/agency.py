"""An agency's (or region's) programme for municipalities, the SØM way (DOMAIN.md §4).

The agency writes the programme's mandate, principles and plan and names a working group;
selection rules over key figures and attributes give a ranked shortlist of municipalities
(Candidates), which the facilitators confirm, add to or remove from, with a note. Each
candidate municipality gets letters (to the chief executive, invitations) and one contact
person; a mapping conversation per municipality, tagged with the challenges it names, is
compiled across municipalities into a theme decision; a deep-mapping checklist on the
theme follows. Workshops (fagsamlinger) have a run sheet, participants per municipality,
homework, a quick evaluation, and each municipality's own plan as a toolkit run of the
seven-step model; follow-up conversations after each workshop record the status of what
was agreed, and an internal note sums them up for the next workshop.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trinvis.core.models import Versioned
from trinvis.indicators.models import Area
from trinvis.organisations.models import Organisation
from trinvis.outbox.models import OutboxMessage
from trinvis.toolkits.models import Run


class AgencyProgramme(Versioned):
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="agency_programmes",
    )
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True)
    principles = models.TextField(_("principles"), blank=True)
    plan = models.TextField(_("plan"), blank=True)
    # How a region adapts the shared programme (criteria, timing, partners).
    regional_adaptation = models.TextField(_("regional adaptation"), blank=True)
    working_group = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("working group"), blank=True, related_name="+"
    )
    # The surveys that measure the programme (the participant survey of the SØM way);
    # the dashboard and the report show their response rates and results.
    surveys = models.ManyToManyField(
        "surveys.Survey",
        verbose_name=_("surveys"),
        blank=True,
        related_name="agency_programmes",
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
        verbose_name = _("agency programme")
        verbose_name_plural = _("agency programmes")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.name


# --- selection ---------------------------------------------------------------------------


class SelectionRule(Versioned):
    """The programme's selection criteria: conditions over key figures and attributes
    (selection.py reads and evaluates them), for the municipalities of one country."""

    programme = models.OneToOneField(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="selection",
    )
    country = models.CharField(_("country"), max_length=2, choices=Organisation.Country.choices)
    # The conditions, either-or groups, size classes, exclusions and rank order; the
    # format is documented in trinvis/programmes/selection/__init__.py.
    criteria = models.JSONField(_("criteria"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("selection rule")
        verbose_name_plural = _("selection rules")

    def __str__(self) -> str:
        return str(self.programme)


class Candidate(Versioned):
    """A municipality on the programme's shortlist or in the programme."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested by the criteria")
        CONFIRMED = "confirmed", _("Confirmed")
        ADDED = "added", _("Added by hand")
        REMOVED = "removed", _("Removed")

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    # The municipality's organisation in Trinvis, once it takes part (letters, workshops,
    # its own plan need one).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_candidacies",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUGGESTED
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    # Why the criteria suggested it, in words as evaluated, in every language of the site
    # ({"da": [...], "nb": [...], "en": [...]}), so each reader gets them in their own;
    # `shown_reasons` picks them. A plain list (written before) reads as it is.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_role = models.CharField(_("contact's role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("municipality in the programme")
        verbose_name_plural = _("municipalities in the programme")
        ordering = ["programme", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "area"], name="unique_candidate")
        ]

    def __str__(self) -> str:
        return str(self.area)

    @property
    def shown_reasons(self) -> list[str]:
        """The reasons in the active language (else English, else any stored)."""
        if not isinstance(self.reasons, dict):
            return list(self.reasons or [])
        language = (get_language() or "").split("-")[0]
        for key in (language, "en", *self.reasons):
            if key in self.reasons:
                return list(self.reasons[key])
        return []

    @property
    def takes_part(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.ADDED)


# --- contact and anchoring -----------------------------------------------------------------


class LetterKind(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", _("Letter to the chief executive")
    INVITATION = "invitation", _("Invitation to a workshop")


class LetterTemplate(Versioned):
    """A letter's text with {placeholders}, per kind and language (letters.py fills it)."""

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "language"], name="unique_letter_template"
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Letter(models.Model):
    """A letter as sent: to whom, what it said, when and by whom; the log of contact.

    A letter goes out through the outbox: `message` is its e-mail there, and the message's
    status is the letter's (`state`). Letters sent before the outbox have no message and
    keep the outcome stored when they were sent; so does a letter whose message was erased.
    """

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")
        QUEUED = "queued", _("Waiting to be sent")

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="letters"
    )
    workshop = models.ForeignKey(
        "Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    to_email = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    error = models.TextField(_("error"), blank=True)
    message = models.OneToOneField(
        OutboxMessage,
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        # The outbox may delete a message (a person's data erased): the letter stays.
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The letter's e-mail in the outbox, which says whether it went out."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    # What the letters pages show; read with the message (select_related("message")).

    @property
    def state(self) -> str:
        """Sent, not sent (the outbox gave up, or the server refused it before the outbox),
        or queued: waiting to be sent, or to be tried again."""
        if self.message is None:
            return self.outcome
        if self.message.status == OutboxMessage.Status.SENT:
            return self.Outcome.SENT
        if self.message.status == OutboxMessage.Status.FAILED:
            return self.Outcome.FAILED
        return self.Outcome.QUEUED

    @property
    def state_label(self) -> str:
        if self.state == self.Outcome.QUEUED and self.problem:
            return str(_("Sending again later"))
        return str(self.Outcome(self.state).label)

    @property
    def problem(self) -> str:
        """The mail server's last word on a letter not (yet) sent."""
        if self.message is None:
            return self.error
        return "" if self.message.status == OutboxMessage.Status.SENT else self.message.last_error

    @property
    def may_send_again(self) -> bool:
        """Only a letter that did not go out, and will not by itself, is sent again."""
        return self.state == self.Outcome.FAILED


# --- mapping -----------------------------------------------------------------------------------


class ChallengeTag(models.Model):
    """A challenge municipalities name in the mapping conversations ("few employers
    involved", "long waits for language training"); counted across municipalities."""

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="challenge_tags",
    )
    name = models.CharField(_("challenge"), max_length=200)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_challenge_tag")
        ]

    def __str__(self) -> str:
        return self.name


class MappingConversation(Versioned):
    """The conversation guide, filled in with one municipality (all three units)."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="mapping",
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    participants = models.TextField(_("who took part"), blank=True)
    about_programme = models.TextField(_("the programme today"), blank=True)
    figures = models.TextField(_("figures and results"), blank=True)
    own_view = models.TextField(_("their own view of the results"), blank=True)
    causes = models.TextField(_("what drives the results"), blank=True)
    needs_ahead = models.TextField(_("needs ahead"), blank=True)
    notes = models.TextField(_("other notes"), blank=True)
    challenges = models.ManyToManyField(
        ChallengeTag, verbose_name=_("challenges named"), blank=True, related_name="mappings"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mapping conversation")
        verbose_name_plural = _("mapping conversations")

    def __str__(self) -> str:
        return str(self.candidate)


class ThemeDecision(Versioned):
    """The theme the programme works on, chosen from the compiled challenges, and why."""

    programme = models.OneToOneField(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="theme",
    )
    theme = models.CharField(_("theme"), max_length=200)
    reasoning = models.TextField(_("reasoning"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("theme decision")
        verbose_name_plural = _("theme decisions")

    def __str__(self) -> str:
        return self.theme


class DeepMappingItem(models.Model):
    """A point of the deep-mapping checklist on the chosen theme."""

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="deep_mapping_items",
    )
    position = models.PositiveIntegerField(_("position"))
    text = models.CharField(_("point"), max_length=300)

    class Meta:
        verbose_name = _("checklist point")
        verbose_name_plural = _("checklist points")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class DeepMappingAnswer(Versioned):
    class State(models.TextChoices):
        IN_PLACE = "in_place", _("In place")
        NEEDS_IMPROVEMENT = "needs_improvement", _("Needs improvement")
        UNKNOWN = "unknown", _("Not known yet")

    item = models.ForeignKey(
        DeepMappingItem, verbose_name=_("point"), on_delete=models.CASCADE, related_name="answers"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="deep_mapping",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["item", "candidate"], name="unique_deep_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.candidate}"


# --- workshops -------------------------------------------------------------------------------


class Workshop(Versioned):
    """A fagsamling: dates, place and what its invitation says."""

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="workshops",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    background = models.TextField(_("background"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    themes = models.TextField(_("themes"), blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_workshop_number")
        ]

    def __str__(self) -> str:
        return self.title


class RunSheetItem(Versioned):
    """A line of the run sheet (kjøreplan): what happens when, why, how, with what, by whom."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="run_sheet"
    )
    day = models.PositiveSmallIntegerField(_("day"), default=1)
    starts_at = models.TimeField(_("time"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    activity = models.CharField(_("activity"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    how = models.TextField(_("how"), blank=True)
    materials = models.TextField(_("materials"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("run sheet line")
        verbose_name_plural = _("run sheet lines")
        ordering = ["workshop", "day", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.activity


class WorkshopParticipant(models.Model):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="participants"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="workshop_participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in Trinvis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    unit_type = models.CharField(_("unit"), max_length=20, choices=Organisation.UnitType.choices)
    position = models.CharField(_("position"), max_length=200, blank=True)
    decision_authority = models.BooleanField(_("leader with decision authority"), default=False)

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        ordering = ["workshop", "candidate", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class HomeworkTask(Versioned):
    """A task for the municipalities before or between workshops."""

    programme = models.ForeignKey(
        AgencyProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="homework",
    )
    before_workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("before workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homework",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ["programme", "due", "pk"]

    def __str__(self) -> str:
        return self.title


class HomeworkSubmission(Versioned):
    task = models.ForeignKey(
        HomeworkTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="submissions"
    )
    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="homework_submissions",
    )
    text = models.TextField(_("answer"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("homework answer")
        verbose_name_plural = _("homework answers")
        constraints = [
            models.UniqueConstraint(fields=["task", "candidate"], name="unique_homework_answer")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.candidate}"


class WorkshopEvaluation(models.Model):
    """One note from the end-of-day evaluation: what was good, what could be better."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="evaluations"
    )
    day = models.PositiveSmallIntegerField(_("day"), default=1)
    good = models.TextField(_("what was good"), blank=True)
    better = models.TextField(_("what could be better"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation note")
        verbose_name_plural = _("evaluation notes")
        ordering = ["workshop", "day", "pk"]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.pk}"


class MunicipalityPlan(models.Model):
    """A municipality's own plan ("recipe") and goals: a run of the seven-step toolkit."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    run = models.OneToOneField(
        Run, verbose_name=_("toolkit run"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("municipality's plan")
        verbose_name_plural = _("municipalities' plans")

    def __str__(self) -> str:
        return str(self.run)


# --- follow-up -------------------------------------------------------------------------------


class FollowUpConversation(Versioned):
    """A conversation with a municipality after a workshop on the status of its agreed work."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    after_workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("after workshop"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up conversation")
        verbose_name_plural = _("follow-up conversations")
        ordering = ["after_workshop", "candidate", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "after_workshop"], name="unique_programme_follow_up"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.after_workshop}"


class AgreedItem(Versioned):
    """Something a municipality agreed to do, and how far it has come."""

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    conversation = models.ForeignKey(
        FollowUpConversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    text = models.CharField(_("agreed"), max_length=300)
    progress = models.CharField(
        _("status"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agreed item")
        verbose_name_plural = _("agreed items")
        ordering = ["conversation", "pk"]

    def __str__(self) -> str:
        return self.text


class InternalNote(Versioned):
    """The facilitators' summary of the follow-up conversations after a workshop, to adjust
    the next one."""

    after_workshop = models.OneToOneField(
        Workshop,
        verbose_name=_("after workshop"),
        on_delete=models.CASCADE,
        related_name="internal_note",
    )
    text = models.TextField(_("summary"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return str(self.after_workshop)
