import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Django, the apps and every view module (loaded with the URLs here, not at the first
# request) live as long as the process. Frozen, they are out of the garbage collector's
# sight: a full collection, which a request making many objects sets off, then scans what
# requests made instead of some 200,000 objects that never become garbage (about 100 ms
# each time before, measured; see bench/RESULTS.md).
get_resolver().url_patterns  # noqa: B018 (imports the views)
gc.freeze()
