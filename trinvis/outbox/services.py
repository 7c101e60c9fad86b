"""Putting e-mail in the outbox, and sending it again on an administrator's word.

`message_queue` stores a composed message in the caller's transaction and queues its
delivery with it (`_when_committed`): a message is never sent for work that was rolled back
(except on the immediate task backend, which runs everything at once), and
one whose sending fails (the mail server down, a full disk) stays in the outbox with its
error while the person's action succeeds. The periodic sweep (tasks.outbox_sweep) sends
whatever a delivery left behind.
"""

import base64
from collections.abc import Callable, Iterable
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.outbox.models import OutboxMessage

Status = OutboxMessage.Status


def _when_committed(func: Callable[[], object]) -> None:
    """Queue delivery so that it happens only for a committed message.

    The database task backend writes its task row in the caller's transaction, so the
    message and its delivery commit (or roll back) together: enqueued now, no worker sees it
    before the commit. Any other deferring backend (a separate queue) gets it on commit. A
    backend that runs tasks at once (the immediate backend of tests and of a set-up without
    workers) sends at once, as it runs every task, and the outbox still keeps the message
    while it fails."""
    from trinvis.outbox.tasks import outbox_deliver

    backend = outbox_deliver.get_backend()
    if backend.supports_defer and not _is_database_backend(backend):
        transaction.on_commit(func, robust=True)
    else:
        func()


def _is_database_backend(backend: object) -> bool:
    try:
        from django_tasks_db import DatabaseBackend
    except ImportError:
        return False
    return isinstance(backend, DatabaseBackend)


def _attachment(item: MIMEBase | tuple[str | None, str | bytes, str | None]) -> dict[str, object]:
    if isinstance(item, MIMEBase):
        payload = item.get_payload(decode=True)
        return {
            "filename": item.get_filename() or "attachment",
            "content": base64.b64encode(payload if isinstance(payload, bytes) else b"").decode(),
            "mimetype": item.get_content_type(),
            "text": False,
        }
    filename, content, mimetype = item
    return {
        "filename": filename or "attachment",
        "content": base64.b64encode(
            content.encode() if isinstance(content, str) else content
        ).decode(),
        "mimetype": mimetype or "application/octet-stream",
        "text": isinstance(content, str),
    }


def _alternatives(message: EmailMessage) -> list[dict[str, str]]:
    found: Iterable[tuple[object, str]] = getattr(message, "alternatives", None) or []
    return [
        {
            "content": content.decode() if isinstance(content, bytes) else str(content),
            "mimetype": mimetype,
        }
        for content, mimetype in found
    ]


@transaction.atomic
def message_queue(*, message: EmailMessage, recipient: User | None = None) -> OutboxMessage:
    """Keep `message` for sending, and send it after the caller's transaction commits.
    `recipient`: the account it is addressed to (found by the address when it has one)."""
    if recipient is None and len(message.to) == 1:
        recipient = User.objects.filter(email__iexact=message.to[0]).first()
    row = OutboxMessage(
        recipient=recipient,
        subject=str(message.subject),
        body=str(message.body),
        from_email=str(message.from_email or ""),
        to=[str(address) for address in message.to],
        cc=[str(address) for address in message.cc],
        bcc=[str(address) for address in message.bcc],
        reply_to=[str(address) for address in message.reply_to],
        headers={str(key): str(value) for key, value in message.extra_headers.items()},
        alternatives=_alternatives(message),
        attachments=[_attachment(item) for item in message.attachments],
    )
    row.full_clean(exclude=["recipient"])
    row.save()
    _when_committed(lambda: _deliver_later(row.pk))
    return row


def _deliver_later(message_id: int) -> None:
    from trinvis.outbox.tasks import outbox_deliver, sweep_schedule

    outbox_deliver.enqueue(message_id=message_id)
    sweep_schedule()


@transaction.atomic
def messages_retry(*, ids: Iterable[int] | None = None) -> int:
    """Make failed and waiting messages due now (`ids`, else all of them), and send them;
    returns how many. A failed message gets one more attempt before it is failed again."""
    rows = OutboxMessage.objects.filter(status__in=[Status.PENDING, Status.FAILED])
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    count = rows.update(status=Status.PENDING, next_attempt_at=timezone.now())
    if count:
        _when_committed(_deliver_all_later)
    return count


def _deliver_all_later() -> None:
    from trinvis.outbox.tasks import outbox_sweep

    outbox_sweep.enqueue(reschedule=False)
