from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trinvis.surveys.housekeeping import surveys_housekeeping


class Command(BaseCommand):
    help = (
        "The surveys' housekeeping: close every survey whose deadline day is over; e-mail the "
        "automatic reminder, remind_days_before days before the deadline (from 08:00 local "
        "time), to the invited people who have not answered, once per survey; and delete the "
        "answers of every closed survey whose retention has run out, keeping its figures. "
        "Idempotent and safe to run concurrently: run it from cron, for example hourly "
        "(`0 * * * * manage.py run_survey_housekeeping`). The same work is the task "
        "trinvis.surveys.housekeeping.surveys_housekeeping, which a database task backend "
        "also runs at each survey's coming moments; --enqueue queues it for the task "
        "workers instead of running it here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the task for the workers instead of running it in this process.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = surveys_housekeeping.enqueue()
            self.stdout.write(f"housekeeping queued as task {result.id}")
            return
        done = surveys_housekeeping.call()
        self.stdout.write(
            f"{done['closed']} survey(s) closed, {done['reminded']} reminder(s) sent, "
            f"{done['purged']} survey(s) purged"
        )
