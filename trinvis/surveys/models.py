"""Questionnaires, the surveys that send them out, invitations, responses and answers.

A questionnaire's definition is kept whole (the XLSForm model as JSON, `definition`) and,
for the answers to point at, as one `Question` row per answerable question (a matrix gives
one row per item). Answers are rows too — one per chosen option, number or text — so the
analysis counts in the database. A response freezes the respondent's attributes (country,
municipality size, unit type, role, contact person) when it is submitted.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trinvis.organisations.models import Organisation


class Questionnaire(models.Model):
    """A questionnaire: shipped in the library (no organisation) or an organisation's own."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    # The library's key for shipped questionnaires ("course-evaluation"); empty otherwise.
    slug = models.SlugField(_("key"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=200)
    default_language = models.CharField(_("default language"), max_length=10)
    languages = models.JSONField(_("languages"), default=list)
    definition = models.JSONField(_("definition"))
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
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
    # Raised on every edit in the builder; a save carrying an older version is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(organisation__isnull=True),
                name="unique_library_questionnaire",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One answerable question of a questionnaire (a matrix gives one row per item)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    # The XLSForm name; a matrix item's is "<matrix>/<item>".
    key = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20)
    position = models.PositiveIntegerField(_("position"))
    labels = models.JSONField(_("labels"), default=dict)
    # [{"name": …, "labels": {…}, "scale_value": 1…5 or None}] for the choice types.
    choices = models.JSONField(_("choices"), default=list)
    matrix = models.CharField(_("matrix"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="unique_question_key")
        ]

    def __str__(self) -> str:
        return self.key


class Survey(models.Model):
    """A questionnaire sent out once (a wave): to invited people, or by an open link."""

    class Mode(models.TextChoices):
        PERSONAL = "personal", _("Personal links to invited people")
        OPEN = "open", _("An open, anonymous link")

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    title = models.CharField(_("title"), max_length=200)
    wave = models.CharField(
        _("wave"), max_length=100, blank=True, help_text=_("For example “before the course”.")
    )
    mode = models.CharField(_("distribution"), max_length=10, choices=Mode.choices)
    # The open link's secret; empty for personal surveys.
    open_token = models.CharField(max_length=64, blank=True, editable=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    minimum_group = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        validators=[MinValueValidator(3)],
        help_text=_("Groups with fewer respondents are never shown on their own (at least 3)."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep answers for (days)"),
        null=True,
        blank=True,
        help_text=_("After this, only the figures remain. Empty: kept until deleted."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind (days before the deadline)"),
        null=True,
        blank=True,
        help_text=_(
            "Those who have not answered get a reminder this many days before the deadline. "
            "Empty: no automatic reminder."
        ),
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    purged_at = models.DateTimeField(_("answers deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_group__gte=3), name="survey_minimum_group_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Taking answers: not closed, and the deadline day (if any) not over. Housekeeping
        closes a survey after its deadline; until it runs, the deadline alone shuts it."""
        return self.closed_at is None and (
            self.deadline is None or self.deadline >= timezone.localdate()
        )


class Invitation(models.Model):
    """A person invited to a survey, with the hash of their single-use personal link."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="unique_survey_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.survey}"


class Response(models.Model):
    """One respondent's answers to a survey, with their attributes frozen at submission."""

    class Source(models.TextChoices):
        WEB = "web", _("Answered in Trinvis")
        IMPORT = "import", _("Imported")

    class SizeClass(models.TextChoices):
        SMALL = "small", _("Small municipality")
        MEDIUM = "medium", _("Medium-sized municipality")
        LARGE = "large", _("Large municipality")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    # One response per invitation: double clicks and retries find the same row.
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    # The respondent, for personal surveys only; never stored for an open link.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    # For an open link: the random key of the browser's answer form, so a retried submit
    # finds the same response.
    form_key = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default="web")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Attributes frozen at submission (or taken from an import's mapped columns).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    size_class = models.CharField(
        _("municipality size"), max_length=10, choices=SizeClass.choices, blank=True
    )
    unit_type = models.CharField(_("unit type"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=40, blank=True)
    contact_person = models.BooleanField(_("contact person"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "form_key"],
                condition=~models.Q(form_key=""),
                name="unique_open_response_form",
            )
        ]
        indexes = [
            models.Index(fields=["survey", "submitted_at"]),
            # A survey's submitted responses without reading them: results count them and
            # join their answers from this index alone (responses of one survey lie on as
            # many pages as there are of them).
            # With the submission time and municipality beside them, the results page's
            # fingerprint of the responses (tally.py) and its list of the respondents'
            # municipalities read the index alone too (PostgreSQL; SQLite ignores `include`).
            models.Index(
                fields=["survey", "id"],
                condition=models.Q(submitted_at__isnull=False),
                include=["submitted_at", "municipality"],
                name="response_submitted_covering",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class SurveyTally(models.Model):
    """A survey's figures without a breakdown or filter, kept so that its results page does
    not count every answer on every view (tally.py): what `selectors.aggregates` counted
    from the submitted responses described by `responses` (their number), `last_submitted`
    (the latest submission among them) and `ids_total` (the sum of their ids), and the
    municipalities they came from. Never shown as such; a stale row is counted again."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    responses = models.PositiveIntegerField()
    last_submitted = models.DateTimeField(null=True, blank=True)
    ids_total = models.BigIntegerField()
    # {"options": [[question id, {option: n}]], "respondents": [[question id, n]],
    #  "numbers": [[question id, count, "total"]], "municipalities": [[id, responses]]}
    data = models.JSONField()
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.responses}"


class Answer(models.Model):
    """One answer: a chosen option (one row per option of a multiple choice), a number or a
    text."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    choice = models.CharField(_("option"), max_length=200, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self) -> str:
        return f"{self.question}: {self.choice or self.number or self.text[:40]}"


class ColumnMapping(models.Model):
    """How the columns of a response file from another survey tool map onto a
    questionnaire's questions and the respondent attributes, remembered per organisation,
    questionnaire and set of column headings, so the next file of the same shape imports
    without asking again."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="column_mappings",
    )
    # SHA-256 of the file's normalised column headings, in order.
    headings_key = models.CharField(max_length=64)
    # {"<heading>": "question:<key>" | "attribute:<name>" | ""}
    columns = models.JSONField(_("columns"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "questionnaire", "headings_key"],
                name="unique_column_mapping",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.headings_key[:8]}"


class Report(models.Model):
    """A survey's report: the tables and charts chosen, in order, with notes."""

    survey = models.OneToOneField(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="report"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    breakdown = models.CharField(_("breakdown"), max_length=40, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    # Raised on every save; a save carrying an older version is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return self.title or str(self.survey)


class ReportItem(models.Model):
    """One table (a question's, the respondents', the comparison) in a report."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="items"
    )
    # A question's key, or a fixed key such as "respondents" or "comparison".
    key = models.CharField(_("table"), max_length=200)
    position = models.PositiveIntegerField(_("position"))
    show_chart = models.BooleanField(_("show the chart"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report table")
        verbose_name_plural = _("report tables")
        ordering = ["report", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="unique_report_item")]

    def __str__(self) -> str:
        return self.key


class Figure(models.Model):
    """What remains of a survey's answers after its retention period: counts per question,
    option and combination of respondent attributes (no respondent, no text).

    `question` empty: the number of respondents with these attributes. `choice` empty on a
    question: the number who answered it (and, for numbers, their total in `number_total`).
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="figures"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    choice = models.CharField(_("option"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("count"))
    number_total = models.DecimalField(
        _("sum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    size_class = models.CharField(_("municipality size"), max_length=10, blank=True)
    unit_type = models.CharField(_("unit type"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=40, blank=True)
    contact_person = models.BooleanField(_("contact person"), null=True, blank=True)

    class Meta:
        verbose_name = _("kept figure")
        verbose_name_plural = _("kept figures")
        indexes = [models.Index(fields=["survey", "question"])]

    def __str__(self) -> str:
        return f"{self.survey} · {self.question_id} · {self.choice}: {self.count}"
