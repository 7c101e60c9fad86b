"""Sending what is in the outbox.

Each message is sent in its own transaction, which holds its row (SELECT … FOR UPDATE SKIP
LOCKED on PostgreSQL, so two workers never take the same message) and marks it sent before
it commits. A worker killed during the send leaves the row as it was, still due, and the
next run sends it; a worker killed after the mail server accepted the message but before
the commit would send it a second time: the one window where a message can go twice, and
the only alternative (marking it sent first) would lose it instead. A send that fails is
counted, its error kept and tried again later, each time waiting twice as long; after
`TRINVIS_OUTBOX_MAX_ATTEMPTS` attempts it is marked failed and waits for an administrator
("retry now" on the outbox page).
"""

import base64
import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from trinvis.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status
# The longest wait between two attempts, whatever the count.
MAX_BACKOFF = datetime.timedelta(hours=6)
ERROR_LENGTH = 2000


def max_attempts() -> int:
    return int(getattr(settings, "TRINVIS_OUTBOX_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: the base, doubled each time."""
    base = datetime.timedelta(seconds=int(getattr(settings, "TRINVIS_OUTBOX_RETRY_SECONDS", 60)))
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def rebuild(row: OutboxMessage, *, connection: BaseEmailBackend | None = None) -> EmailMessage:
    """The stored message as Django's e-mail object again, ready to send."""
    message: EmailMessage
    kwargs: dict[str, Any] = {
        "subject": row.subject,
        "body": row.body,
        "from_email": row.from_email or None,
        "to": list(row.to),
        "cc": list(row.cc),
        "bcc": list(row.bcc),
        "reply_to": list(row.reply_to),
        "headers": dict(row.headers) or None,
        "connection": connection,
    }
    if row.alternatives:
        message = EmailMultiAlternatives(**kwargs)
        for alternative in row.alternatives:
            message.attach_alternative(alternative["content"], alternative["mimetype"])
    else:
        message = EmailMessage(**kwargs)
    for attachment in row.attachments:
        data = base64.b64decode(attachment["content"])
        content: str | bytes = data.decode() if attachment.get("text") else data
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _due(now: datetime.datetime, message_id: int | None) -> OutboxMessage | None:
    rows = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
        status=Status.PENDING, next_attempt_at__lte=now
    )
    if message_id is not None:
        rows = rows.filter(pk=message_id)
    return rows.order_by("next_attempt_at", "pk").first()


def _record_failure(row: OutboxMessage, error: BaseException, now: datetime.datetime) -> None:
    row.attempts += 1
    row.last_attempt_at = now
    row.last_error = (f"{error.__class__.__name__}: {error}")[:ERROR_LENGTH]
    if row.attempts >= max_attempts():
        row.status = Status.FAILED
    else:
        row.next_attempt_at = now + backoff(row.attempts)
    row.save(
        update_fields=["attempts", "last_attempt_at", "last_error", "status", "next_attempt_at"]
    )


def deliver(*, message_id: int | None = None, limit: int = 200) -> tuple[int, list[OutboxMessage]]:
    """Send the due messages (only `message_id`, when given), at most `limit`; returns how
    many were sent and the ones that failed this time (to try again when they are due)."""
    sent, failed = 0, []
    connection: BaseEmailBackend | None = None
    try:
        for _ in range(limit):
            now = timezone.now()
            with transaction.atomic():
                row = _due(now, message_id)
                if row is None:
                    break
                if connection is None:
                    connection = get_connection()
                try:
                    rebuild(row, connection=connection).send()
                except Exception as error:  # any backend's failure: counted and retried
                    logger.warning(
                        "e-mail %s not sent (attempt %s): %s", row.pk, row.attempts + 1, error
                    )
                    _record_failure(row, error, now)
                    failed.append(row)
                    _close(connection)
                    connection = None
                else:
                    row.status, row.sent_at, row.last_attempt_at = Status.SENT, now, now
                    row.attempts += 1
                    row.save(update_fields=["status", "sent_at", "last_attempt_at", "attempts"])
                    sent += 1
            if message_id is not None:
                break
    finally:
        if connection is not None:
            _close(connection)
    return sent, failed


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # a connection that broke cannot always be closed cleanly
        logger.debug("mail connection not closed cleanly", exc_info=True)


def purge_sent(*, now: datetime.datetime | None = None) -> int:
    """Remove the text, addresses' copies and attachments of messages sent longer ago than
    `TRINVIS_OUTBOX_RETENTION_DAYS`; the row stays as a record that something was sent."""
    now = now or timezone.now()
    days = int(getattr(settings, "TRINVIS_OUTBOX_RETENTION_DAYS", 30))
    return OutboxMessage.objects.filter(
        status=Status.SENT, sent_at__lt=now - datetime.timedelta(days=days), purged_at__isnull=True
    ).update(
        body="",
        subject="",
        to=[],
        cc=[],
        bcc=[],
        reply_to=[],
        headers={},
        alternatives=[],
        attachments=[],
        recipient=None,
        purged_at=now,
    )
