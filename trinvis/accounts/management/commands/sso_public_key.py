"""Print the public half of Trinvis's single sign-on key as a JWK (JSON), to register at the
provider when TRINVIS_OIDC_TOKEN_AUTH is private_key_jwt (README "Single sign-on")."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trinvis.accounts.oidc.client_auth import public_jwk


class Command(BaseCommand):
    help = "Print the public key of TRINVIS_OIDC_PRIVATE_KEY_FILE as a JWK, for the provider."

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.TRINVIS_OIDC_PRIVATE_KEY_FILE
        if not path:
            raise CommandError("TRINVIS_OIDC_PRIVATE_KEY_FILE is not set.")
        try:
            jwk = public_jwk(key_path=path, key_id=settings.TRINVIS_OIDC_PRIVATE_KEY_ID)
        except (OSError, ValueError) as error:
            raise CommandError(f"No usable key in {path}: {error}") from error
        self.stdout.write(json.dumps(jwk, indent=2))
