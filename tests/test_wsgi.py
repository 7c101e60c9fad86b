"""The WSGI entry point gunicorn loads: the application answers, and everything loaded at
start (Django, the apps, the views) is frozen out of the garbage collector's sight, so a
full collection during a request does not scan it (config/wsgi.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import gc, sys
import config.wsgi
sys.modules["trinvis.indicators.views.indicator"]  # a view module, loaded with the URLs
print(gc.get_freeze_count(), callable(config.wsgi.application))
"""


def test_the_wsgi_module_loads_the_views_and_freezes_what_it_loaded() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "wsgi-test-only-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    frozen, callable_app = done.stdout.split()
    assert int(frozen) > 50_000
    assert callable_app == "True"
