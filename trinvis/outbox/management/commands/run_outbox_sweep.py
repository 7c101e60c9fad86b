from typing import Any

from django.core.management.base import BaseCommand

from trinvis.outbox.tasks import outbox_sweep


class Command(BaseCommand):
    help = "Send the outbox's due e-mail and remove the text of old sent messages (for cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = outbox_sweep.call(reschedule=False)
        self.stdout.write(
            f"sent {counts['sent']}, failed {counts['failed']}, texts removed {counts['purged']}"
        )
