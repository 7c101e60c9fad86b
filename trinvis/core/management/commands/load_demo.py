import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trinvis.core import demo


class Command(BaseCommand):
    help = "Load the demo organisations and personas (idempotent). Refused in production."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and os.environ.get("TRINVIS_ALLOW_DEMO") != "1":
            raise CommandError(
                "Demo data has a published password and is refused when DJANGO_DEBUG is off. "
                "Set TRINVIS_ALLOW_DEMO=1 to load it into a non-production database anyway."
            )
        with transaction.atomic():
            demo.load_all()
        self.stdout.write(
            f"Demo data ready. Log in with a demo e-mail and the password {demo.DEMO_PASSWORD}."
        )
