from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record edited by people who may edit it at the same time: its version is raised
    on every save through a service, and a save carrying an older version is a conflict
    (the second of two people editing at once sees it; nothing is overwritten)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One security-relevant event: who did what, when, from where, to which record."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGIN_LOCKED = "login_locked", _("Login locked after repeated failures")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
        PASSWORD_CHANGED = "password_changed", _("Password set or changed")
        PERSON_INVITED = "person_invited", _("Person invited")
        ROLE_CHANGED = "role_changed", _("Role changed")
        MEMBERSHIP_DEACTIVATED = "membership_deactivated", _("Membership deactivated")
        MEMBERSHIP_REACTIVATED = "membership_reactivated", _("Membership reactivated")
        PEOPLE_IMPORTED = "people_imported", _("People imported")
        PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
        PERSON_ERASED = "person_erased", _("Person erased (personal data deleted or anonymised)")
        ORGANISATION_CHANGED = "organisation_changed", _("Organisation created or changed")
        COMPETENCE_PROFILE_CHANGED = (
            "competence_profile_changed",
            _("Competence profile created, imported or changed"),
        )
        ROUND_CHANGED = "round_changed", _("Assessment round opened, closed or reopened")
        ASSESSMENT_SUBMITTED = "assessment_submitted", _("Competence assessment submitted")
        RATINGS_VIEWED = "ratings_viewed", _("A person’s competence ratings opened")
        SURVEY_ANSWERS_DELETED = (
            "survey_answers_deleted",
            _("Survey answers deleted (only the figures kept)"),
        )
        SURVEY_SETTINGS_CHANGED = "survey_settings_changed", _("Survey settings changed")
        LEARNING_RECORDS_VIEWED = (
            "learning_records_viewed",
            _("A person’s learning records opened (goals, logbook, motivation checks)"),
        )
        # Two-factor login (accounts.two_factor).
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor login turned on")
        TWO_FACTOR_DISABLED = "two_factor_disabled", _("Two-factor login turned off")
        TWO_FACTOR_FAILED = "two_factor_failed", _("Wrong two-factor code")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        RECOVERY_CODES_REGENERATED = (
            "recovery_codes_regenerated",
            _("New recovery codes made (the old ones no longer work)"),
        )
        # Access audit (issue 8): an administrator listing a person's data before erasure.
        ERASURE_PREVIEWED = (
            "erasure_previewed",
            _("A person’s data listed before erasure"),
        )

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The e-mail is kept as text so the event still says who it was after the user is erased.
    actor_label = models.CharField(_("done by (e-mail at the time)"), max_length=254, blank=True)
    action = models.CharField(_("event"), max_length=40, choices=Action.choices, db_index=True)
    # A plain id rather than a foreign key: core sits below organisations and must not import it,
    # and an event must outlive the organisation it mentions.
    organisation_id = models.BigIntegerField(
        _("organisation"), null=True, blank=True, db_index=True
    )
    target = models.CharField(_("concerning"), max_length=254, blank=True)
    # Access audit (issue 8): whose individual data was opened, so the person can be shown
    # who viewed it (the profile page) with one indexed query.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose data"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # covered by the (subject, time) index below
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "-created_at"], name="audit_subject_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.actor_label}"
