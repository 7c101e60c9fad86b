from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One e-mail Trinvis composed, kept until it is delivered (and, without its text, after)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The account the message is addressed to, when it goes to one."),
    )
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("body"), blank=True)
    from_email = models.CharField(_("from"), max_length=320, blank=True)
    to = models.JSONField(_("to"), default=list, blank=True)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # [{"content": str, "mimetype": str}]: an HTML version, say.
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    # [{"filename": str, "content": base64 str, "mimetype": str, "text": bool}]; `text` says
    # the attachment was given as a str and is rebuilt as one.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    purged_at = models.DateTimeField(_("text removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "sent_at"], name="outbox_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
