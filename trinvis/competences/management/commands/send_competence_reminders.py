from typing import Any

from django.core.management.base import BaseCommand

from trinvis.competences.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail the reminders of every open assessment round whose reminder day has come, "
        "to the people whose assessment is still missing. Each round reminds once; safe to "
        "run as often as you like (for example hourly from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
