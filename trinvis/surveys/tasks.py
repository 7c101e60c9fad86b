"""E-mails with personal survey links: the invitation and the reminders.

The task makes the link's token itself, stores only its hash and sends it, so the raw
token is never in the database (the task queue keeps only the invitation's id). Each
e-mail carries a new token; the link sent before stops working.
"""

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from trinvis.outbox.services import message_queue
from trinvis.surveys.models import Invitation, Response


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@task()
def send_survey_link(*, invitation_id: int, reminder: bool = False) -> bool:
    """E-mail the invited person their link; False when there is nothing to send (already
    sent, answered, the survey closed, or the person gone)."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("survey", "survey__questionnaire", "user")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.survey.is_open or not invitation.user.is_active:
            return False
        if not reminder and invitation.sent_at is not None:
            return False  # a retried task sends the invitation once
        if (
            reminder
            and Response.objects.filter(invitation=invitation, submitted_at__isnull=False).exists()
        ):
            return False
        token = new_token()
        invitation.token_hash = token_hash(token)
        fields = ["token_hash"]
        if invitation.sent_at is None:
            invitation.sent_at = timezone.now()
            fields.append("sent_at")
        invitation.save(update_fields=fields)
        # Into the outbox with the token's hash: the link sent is the one stored.
        _send(invitation=invitation, token=token, reminder=reminder)
    return True


def _send(*, invitation: Invitation, token: str, reminder: bool) -> None:
    user = invitation.user
    context: dict[str, Any] = {
        "survey": invitation.survey,
        "person": user,
        "reminder": reminder,
        "link": settings.TRINVIS_BASE_URL.rstrip("/")
        + reverse("answer:personal", kwargs={"token": token}),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("surveys/email/invitation_subject.txt", context)
        body = render_to_string("surveys/email/invitation.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [user.email])
    message_queue(message=message, recipient=user)
