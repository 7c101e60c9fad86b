from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trinvis.learning.tasks import learning_reminders


class Command(BaseCommand):
    help = (
        "The procedure around each course: e-mail the reminders that are due. Four weeks "
        "before the start (from 08:00 local time) the participants' nearest leaders are "
        "reminded to revisit purpose and learning goals, and the participants get the "
        "course material with a request to write down reflections and questions; after the "
        "end the participants get the course headings and their goals (the activity's "
        "reminder days, by default 7 and 90), an invitation to the follow-up day as a "
        "calendar file, and their leaders a prompt to hold the internal follow-up. Each "
        "reminder is sent once; safe to run concurrently. Run it from cron, for example "
        "hourly (`0 * * * * manage.py run_learning_reminders`). The same work is the task "
        "trinvis.learning.tasks.learning_reminders; --enqueue queues it for the task "
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
            result = learning_reminders.enqueue()
            self.stdout.write(f"learning reminders queued as task {result.id}")
            return
        sent = learning_reminders.call()
        details = ", ".join(f"{count} {kind}" for kind, count in sent.items() if count)
        total = sum(sent.values())
        self.stdout.write(f"{total} reminder(s) sent" + (f" ({details})" if details else ""))
