"""Settings for the servers and task workers of the load benchmark (bench/load.py): the
production settings (config.settings with DJANGO_DEBUG=false), with two changes:

- static files are collected into TRINVIS_BENCH_STATIC_ROOT (a temporary directory) with
  Django's manifest storage (bench/static_storage.py), served by whitenoise as in
  production, without compression and without rewriting JavaScript source-map
  references: `collectstatic` with the production storage stops at
  static_build/vendor/vega-interpreter.js, which names a vega-interpreter.js.map that
  scripts/copy_assets.py does not copy (reported; not ours to fix here);
- with TRINVIS_BENCH_EMAIL_DIR set, e-mail goes to files there (the task-worker benchmark).
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES

if os.environ.get("TRINVIS_BENCH_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["TRINVIS_BENCH_STATIC_ROOT"])
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "bench.static_storage.StaticStorage"},
    }

if os.environ.get("TRINVIS_BENCH_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["TRINVIS_BENCH_EMAIL_DIR"]
