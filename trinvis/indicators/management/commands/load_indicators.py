from typing import Any

from django.core.management.base import BaseCommand

from trinvis.indicators.services import indicators_load


class Command(BaseCommand):
    help = "Create or update the shipped key-figure definitions; running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        report = indicators_load()
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged"
        )
