from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from trinvis.accounts.models import User
from trinvis.outbox.services import message_queue


@task()
def send_invitation(
    *, user_id: int, organisation_name: str, inviter_name: str, base_url: str
) -> None:
    """E-mail an invited person a one-time link to choose their password."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return
    path = reverse(
        "accounts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "organisation_name": organisation_name,
        "inviter_name": inviter_name,
        "link": base_url.rstrip("/") + path,
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organisations/email/invitation.txt", context)
    message_queue(message=EmailMessage(subject, body, None, [user.email]), recipient=user)
