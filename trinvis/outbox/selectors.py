from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet

from trinvis.outbox.models import OutboxMessage

Status = OutboxMessage.Status


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    retrying: int  # waiting, after at least one failed attempt
    failed: int
    sent: int
    oldest_pending: object  # datetime | None

    @property
    def troubled(self) -> int:
        return self.retrying + self.failed


def outbox_counts() -> OutboxCounts:
    """The outbox in figures, in one query."""
    figures = OutboxMessage.objects.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        retrying=Count("pk", filter=Q(status=Status.PENDING, attempts__gt=0)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        sent=Count("pk", filter=Q(status=Status.SENT)),
        oldest_pending=Min("created_at", filter=Q(status=Status.PENDING)),
    )
    return OutboxCounts(**figures)


def outbox_unsent() -> QuerySet[OutboxMessage]:
    """Messages not sent yet, failed first, then those waiting longest."""
    return (
        OutboxMessage.objects.filter(status__in=[Status.PENDING, Status.FAILED])
        .only(
            "pk",
            "created_at",
            "status",
            "subject",
            "to",
            "attempts",
            "next_attempt_at",
            "last_error",
            "last_attempt_at",
        )
        .order_by("-status", "created_at", "pk")
    )
