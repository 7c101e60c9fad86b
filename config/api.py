"""The JSON API: one NinjaAPI, mounted at /api/, with the routers of the apps.

Authentication is the browser session (`django_auth`): the same login, the same access rules
as the pages, and CSRF checked on every unsafe method. Anonymous requests get 401, never a
login redirect.

The OpenAPI docs (/api/docs) and schema (/api/openapi.json) are for logged-in users only:
they reveal no data, but nobody outside needs them, and a login redirect is what every other
non-public page answers. The docs page is django-ninja's Swagger UI. With "ninja" in
INSTALLED_APPS it renders `ninja/swagger.html` (overridden in trinvis/core/templates to add
the page language), which loads the Swagger UI bundle from ninja's own static files and
starts it from a static script that reads its settings from a JSON data block. So nothing
comes from a CDN and nothing runs inline: the site-wide CSP (script-src 'self', style-src
'self') holds for the docs page as well, and no view needs a relaxed policy.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import django_auth

from trinvis.competences.api import router as competences_router
from trinvis.indicators.api import router as indicators_router
from trinvis.learning.api_catalogue import router as learning_catalogue_router
from trinvis.learning.api_personal import router as learning_personal_router
from trinvis.learning.api_plans import router as learning_plans_router
from trinvis.programmes.api import router as programmes_router
from trinvis.programmes.api_courses import router as programmes_courses_router
from trinvis.surveys.api import router as surveys_router
from trinvis.toolkits.api import router as toolkits_router

api = NinjaAPI(
    title="Trinvis API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_decorator=login_required,
)


def _detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
    return _detail(request, _("Log in to use the API."), 401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return _detail(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
    return _detail(request, _("You may read this, but not change it."), 403)


@api.exception_handler(RequestInvalid)
def _invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    """A body, path or query that does not fit the schema: a translated summary, and the
    schema's own list of what is wrong where (field path and type), for the developer."""
    return api.create_response(
        request,
        {"detail": _("The request does not fit the API's description."), "errors": exc.errors},
        status=422,
    )


api.add_router("/", toolkits_router)
api.add_router("/", competences_router)
api.add_router("/", learning_catalogue_router)
api.add_router("/", learning_plans_router)
api.add_router("/", learning_personal_router)
api.add_router("/", surveys_router)
api.add_router("/", indicators_router)
api.add_router("/", programmes_router)
api.add_router("/", programmes_courses_router)
