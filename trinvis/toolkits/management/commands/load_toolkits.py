from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trinvis.toolkits.content import ContentError
from trinvis.toolkits.services import toolkits_load


class Command(BaseCommand):
    help = (
        "Check the toolkit files in content/toolkits (or the files given) and load new "
        "versions. A broken file is reported with file, line and reason; nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = toolkits_load(paths=options["files"] or None)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from None
        for line in report.loaded:
            self.stdout.write(f"loaded {line}")
        for slug in report.unchanged:
            self.stdout.write(f"unchanged {slug}")
