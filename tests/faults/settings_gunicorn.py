"""The production settings for a gunicorn started by a fault test, with the one change the
test suite makes too (conftest.py): static files without the manifest `collectstatic`
writes, which a test run does not build."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
