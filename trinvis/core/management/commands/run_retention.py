from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trinvis.core.retention import retention_run, rules, run_retention


class Command(BaseCommand):
    help = (
        "Retention (README, 'Retention'): remove the personal data whose period has run out, "
        "keeping every figure counted from it. Audit events older than "
        "TRINVIS_RETENTION_AUDIT_YEARS years; login records older than "
        "TRINVIS_RETENTION_LOGIN_RECORDS_DAYS days; the responses of personal surveys closed "
        "TRINVIS_RETENTION_SURVEY_LINKS_DAYS days ago cut loose from the people (the answers "
        "stay, anonymous); files of unfinished imports older than a day; and accounts "
        "without an active membership for TRINVIS_RETENTION_DORMANT_MONTHS months are counted "
        "and flagged for the administrator (never erased). Reports what each rule removed. "
        "Idempotent: run it from cron daily (`0 3 * * * manage.py run_retention`), or queue "
        "the task trinvis.core.retention.retention_run once with --enqueue: on the database "
        "task backend each run queues the next for 03:00 the following day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the daily task for the workers instead of running the rules here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = retention_run.enqueue()
            self.stdout.write(f"retention queued as task {result.id}")
            return
        done = run_retention()
        for rule in rules():
            self.stdout.write(f"{rule.key}: {done.get(rule.key, 0)} ({rule.description})")
