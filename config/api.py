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
from django.urls import register_converter
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
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

# Answers the API-wide handlers below give to any operation, whatever its own `response=`
# says: documented in the schema so a client (and tests/test_api_schema_fuzz.py) knows them.
_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_INVALID = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "errors": {"type": "array"}},
    "required": ["detail"],
}
_UNSAFE = {"post", "put", "patch", "delete"}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class TrinvisAPI(NinjaAPI):
    """NinjaAPI whose schema also documents the API-wide answers: 401 for anonymous on every
    operation, 404 where a path names an object (another organisation's, none, or a path
    value that is no number), 403 on writes (a read-only role, or no CSRF token), 400 where
    a body may not be JSON and 422 where a parameter or body can fail validation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                answers = operation.setdefault("responses", {})
                parameters = operation.get("parameters", [])
                extra = {401: _answer("Not logged in", _DETAIL)}
                if any(p["in"] == "path" for p in parameters):
                    extra[404] = _answer("Not found", _DETAIL)
                if method in _UNSAFE:
                    extra[403] = _answer("Forbidden", _DETAIL)
                if "requestBody" in operation:
                    extra[400] = _answer("Body is not valid JSON", _DETAIL)
                if parameters or "requestBody" in operation:
                    extra[422] = _answer("Request does not fit the schema", _INVALID)
                for status, answer in extra.items():
                    own = answers.setdefault(status, answer)
                    body = own.get("content", {}).get("application/json")
                    if own is not answer and body is not None:
                        # The operation's own answer, or the API-wide one (a body that is
                        # no JSON, a request that does not fit the schema).
                        ours = answer["content"]["application/json"]["schema"]
                        body["schema"] = {"anyOf": [body["schema"], ours]}
        _naive_times(schema.get("components", {}))
        return schema


def _naive_times(node: Any) -> None:
    """Times of day are local and naive ("09:00:00"): RFC 3339's partial-time, not the "time"
    format pydantic names, which requires an offset ("09:00:00Z")."""
    if isinstance(node, dict):
        if node.get("format") == "time":
            node["format"] = "partial-time"
        for value in node.values():
            _naive_times(value)
    elif isinstance(node, list):
        for value in node:
            _naive_times(value)


api = TrinvisAPI(
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


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals, in the reader's language: a body that is no JSON (400)
    and a write without a valid CSRF token (403). Others keep their message."""
    message = str(exc.message)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("The request body is not valid JSON.")
    elif exc.status_code == 403 and message == "CSRF check Failed":
        message = _("The request has no valid CSRF token.")
    return _detail(request, message, exc.status_code)


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


# Last, so every real operation matches first: any other path under /api/ (an unknown
# path, or an id that is no number where the path wants one) is a JSON 404 like the rest
# of the API, not the HTML error page.
class _AnyPath:
    """Django's `path` converter stops at a line break; an unknown path may hold one."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_AnyPath, "anypath")
_unknown = Router()


@_unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{anypath:rest}",
    auth=None,
    include_in_schema=False,
    url_name="unknown_path",
)
def _unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    return _detail(request, _("Not found."), 404)


api.add_router("/", _unknown)
