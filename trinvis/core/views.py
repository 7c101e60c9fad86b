import sys

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trinvis.core import home as home_registry
from trinvis.core.selectors import task_queue_state


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"sections": home_registry.collect(request)})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        tasks = task_queue_state()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "tasks": tasks})


# Seconds a visitor (or a proxy) is asked to wait when the database does not answer.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. An error because the database does not answer (a restart, a
    failover, a dropped connection) is temporary: 503 with Retry-After and a page saying so;
    anything else is Django's 500 page. Neither template reads the database."""
    if isinstance(sys.exc_info()[1], InterfaceError | OperationalError):
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
