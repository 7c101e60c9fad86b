"""Production collects the static files with whitenoise's manifest storage, which rewrites
every reference inside CSS and JavaScript: one reference to a missing file stops a deploy."""

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_succeeds_with_the_production_storage(tmp_path: Path) -> None:
    production = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Changing STORAGES resets the storage objects (Django's setting_changed receivers).
    with override_settings(STORAGES=production, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/vega-interpreter.js" in manifest
    assert "vendor/htmx.min.js" in manifest
