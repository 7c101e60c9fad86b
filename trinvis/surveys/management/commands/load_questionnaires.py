from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trinvis.surveys.library import LibraryError, questionnaires_load


class Command(BaseCommand):
    help = (
        "Check the questionnaire files in content/surveys (or the files given) and load them "
        "into the survey library. A broken file is reported with its reasons; nothing is "
        "loaded. A changed file whose questionnaire a survey already uses is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = questionnaires_load(paths=options["files"] or None)
        except LibraryError as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from None
        for label, slugs in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            for slug in slugs:
                self.stdout.write(f"{label} {slug}")
        for message in report.refused:
            self.stderr.write(f"refused {message}")
