"""Every URL of the project, with what each persona gets: the one table the access matrix,
the accessibility check and anyone adding a view read.

A new URL pattern fails `tests/test_access_matrix.py` until it has a row here. A row is keyed
by the URL name and holds one or more cases: which object the URL points at (a kwargs
builder from the `world` fixture) and the answer each persona gets for GET and, for views
that write, for POST.

Answers: `OK` 200 · `LOGIN` redirect to the login page · `FORBIDDEN` 403 (a read-only role
tries to write) · `NOT_FOUND` 404 (another organisation's object, or a people page seen only
as key figures) · `REDIRECT` any other redirect · `NOT_ALLOWED` 405 · `UNAUTHORIZED` 401
without a redirect (the JSON API, to anonymous requests) · `UNPROCESSABLE` 422 (the JSON API
refused a write's content after the access check passed).
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from trinvis.accounts.models import User

if TYPE_CHECKING:
    from conftest import World


class Answer(Enum):
    OK = "200"
    LOGIN = "login redirect"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    REDIRECT = "redirect"
    NOT_ALLOWED = "405"
    UNAUTHORIZED = "401"
    UNPROCESSABLE = "422"


# Spelled out rather than unpacked so mypy can type them in the modules that import them back.
OK: Answer = Answer.OK
LOGIN: Answer = Answer.LOGIN
FORBIDDEN: Answer = Answer.FORBIDDEN
NOT_FOUND: Answer = Answer.NOT_FOUND
REDIRECT: Answer = Answer.REDIRECT
NOT_ALLOWED: Answer = Answer.NOT_ALLOWED
UNAUTHORIZED: Answer = Answer.UNAUTHORIZED

PERSONAS = ("anonymous", "alice", "bob", "charlie", "fiona", "admin")

Kwargs = Callable[["World"], dict[str, Any]]
Expect = Mapping[str, Answer]


def expect(
    anonymous: Answer,
    *,
    alice: Answer,
    bob: Answer,
    charlie: Answer,
    fiona: Answer,
    admin: Answer,
) -> dict[str, Answer]:
    """Keyword-only so every row names all six personas."""
    return {
        "anonymous": anonymous,
        "alice": alice,
        "bob": bob,
        "charlie": charlie,
        "fiona": fiona,
        "admin": admin,
    }


def everyone(answer: Answer) -> dict[str, Answer]:
    return dict.fromkeys(PERSONAS, answer)


def logged_in(answer: Answer) -> dict[str, Answer]:
    """Anonymous goes to the login page; every persona gets `answer`."""
    return {**everyone(answer), "anonymous": LOGIN}


def only_admin() -> dict[str, Answer]:
    return {**logged_in(FORBIDDEN), "admin": OK}


@dataclass(frozen=True)
class Case:
    """One URL pointed at one object, with the answers per persona."""

    label: str
    get: Expect
    # The answers to the write (`write_method`); None: the view does not write, not checked.
    post: Expect | None = None
    kwargs: Kwargs = field(default=lambda world: {})
    # Form data for the write check. It is deliberately invalid (or harmless), so the access
    # check is what decides the answer and nothing is changed for the next persona.
    post_data: dict[str, Any] = field(default_factory=dict)
    # POST sends `post_data` as a form; PUT and PATCH (the JSON API) send it as JSON.
    write_method: str = "POST"
    # False for answers that are not HTML pages (CSV, JSON): the accessibility check skips them.
    html: bool = True
    # The accessibility check follows a REDIRECT only where the landing page is this case's
    # own page (a password link redirects to its form); other redirects land on pages that
    # have their own row.
    follow_redirect: bool = False


@dataclass(frozen=True)
class Route:
    cases: tuple[Case, ...]
    # Public: reachable without logging in (no login redirect for anonymous).
    public: bool = False


def _org(attribute: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"pk": getattr(world, attribute).pk}

    build.__name__ = f"pk_of_{attribute}"
    return build


def _parent(attribute: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"parent_pk": getattr(world, attribute).pk}

    build.__name__ = f"parent_pk_of_{attribute}"
    return build


def _membership_of(persona: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        user: User = getattr(world, persona)
        return {"pk": user.memberships.get().pk}

    build.__name__ = f"membership_of_{persona}"
    return build


def invited_person(world: "World") -> User:
    """A person who was invited and has not chosen a password yet."""
    user, created = User.objects.get_or_create(
        email="invited@example.org", defaults={"full_name": "Ivy Invited", "language": "en"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _password_link(world: "World") -> dict[str, Any]:
    user = invited_person(world)
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _used_password_link(world: "World") -> dict[str, Any]:
    return {**_password_link(world), "token": "used-1234567890abcdef"}


MUNICIPALITY_A = _org("municipality_a")
MUNICIPALITY_B = _org("municipality_b")
TEAM_A = _org("team_a")

# Reading or managing the people of municipality A: only its leader and the platform admin.
_MANAGE_MUNICIPALITY_A = expect(
    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)
# Managing team A: bob sees his team in detail but an employee may not write (403).
_MANAGE_TEAM_A = expect(
    LOGIN, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)

URLS: dict[str, Route] = {
    # --- core
    "core:home": Route((Case("home", get=logged_in(OK)),)),
    "core:healthz": Route((Case("health", get=everyone(OK), html=False),), public=True),
    # --- accounts
    "accounts:login": Route(
        (
            Case(
                "login form",
                get={**everyone(REDIRECT), "anonymous": OK},
                post={**everyone(REDIRECT), "anonymous": OK},
            ),
        ),
        public=True,
    ),
    "accounts:logout": Route(
        (Case("log out", get=everyone(NOT_ALLOWED), post=everyone(REDIRECT)),), public=True
    ),
    "accounts:set_language": Route(
        (
            Case(
                "header language form",
                get=everyone(NOT_ALLOWED),
                post=everyone(REDIRECT),
                post_data={"language": "en", "next": "/"},
            ),
        ),
        public=True,
    ),
    "accounts:profile": Route(
        (Case("own profile", get=logged_in(OK), post=logged_in(OK), post_data={"full_name": ""}),)
    ),
    "accounts:password_change": Route(
        (Case("own password", get=logged_in(OK), post=logged_in(OK)),)
    ),
    "accounts:password_reset": Route(
        (Case("ask for a link", get=everyone(OK), post=everyone(OK)),), public=True
    ),
    "accounts:password_reset_done": Route((Case("link sent", get=everyone(OK)),), public=True),
    "accounts:password_reset_confirm": Route(
        (
            Case(
                "valid link",
                kwargs=_password_link,
                get=everyone(REDIRECT),
                post=everyone(REDIRECT),
                follow_redirect=True,
            ),
            Case("used link", kwargs=_used_password_link, get=everyone(OK), post=everyone(OK)),
        ),
        public=True,
    ),
    "accounts:password_reset_complete": Route(
        (Case("password saved", get=everyone(OK)),), public=True
    ),
    "accounts:invitation_accept": Route(
        (
            Case(
                "valid link",
                kwargs=_password_link,
                get=everyone(REDIRECT),
                post=everyone(REDIRECT),
                follow_redirect=True,
            ),
            Case("used link", kwargs=_used_password_link, get=everyone(OK), post=everyone(OK)),
        ),
        public=True,
    ),
    # --- organisations
    "organisations:list": Route((Case("tree", get=logged_in(OK)),)),
    "organisations:create_root": Route(
        (Case("top-level organisation", get=only_admin(), post=only_admin()),)
    ),
    "organisations:detail": Route(
        (
            # Fiona sees the municipalities below her agency as key figures; bob sees the
            # organisations above his team the same way.
            Case(
                "municipality A",
                kwargs=MUNICIPALITY_A,
                get=expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK),
            ),
            Case(
                "team A",
                kwargs=TEAM_A,
                get=expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK),
            ),
            Case(
                "municipality B",
                kwargs=MUNICIPALITY_B,
                get=expect(LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=OK, fiona=OK, admin=OK),
            ),
            Case(
                "no such organisation",
                kwargs=lambda world: {"pk": 999_999},
                get=logged_in(NOT_FOUND),
            ),
        )
    ),
    "organisations:create": Route(
        (
            Case(
                "unit in municipality A",
                kwargs=_parent("municipality_a"),
                get=_MANAGE_MUNICIPALITY_A,
                post=_MANAGE_MUNICIPALITY_A,
            ),
            Case(
                "team in team A", kwargs=_parent("team_a"), get=_MANAGE_TEAM_A, post=_MANAGE_TEAM_A
            ),
        )
    ),
    "organisations:edit": Route(
        (
            Case(
                "municipality A",
                kwargs=MUNICIPALITY_A,
                get=_MANAGE_MUNICIPALITY_A,
                post=_MANAGE_MUNICIPALITY_A,
                post_data={"name": ""},
            ),
            Case(
                "team A",
                kwargs=TEAM_A,
                get=_MANAGE_TEAM_A,
                post=_MANAGE_TEAM_A,
                post_data={"name": ""},
            ),
        )
    ),
    "organisations:people": Route(
        (
            # Key figures only for fiona: the people pages of the municipalities are 404.
            Case("municipality A", kwargs=MUNICIPALITY_A, get=_MANAGE_MUNICIPALITY_A),
            Case(
                "team A",
                kwargs=TEAM_A,
                get=expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK),
            ),
            Case(
                "municipality B",
                kwargs=MUNICIPALITY_B,
                get=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=OK,
                ),
            ),
            Case(
                "agency",
                kwargs=_org("agency"),
                get=expect(
                    LOGIN, alice=NOT_FOUND, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=OK, admin=OK
                ),
            ),
        )
    ),
    "organisations:invite": Route(
        (
            Case(
                "municipality A",
                kwargs=MUNICIPALITY_A,
                get=_MANAGE_MUNICIPALITY_A,
                post=_MANAGE_MUNICIPALITY_A,
            ),
            Case("team A", kwargs=TEAM_A, get=_MANAGE_TEAM_A, post=_MANAGE_TEAM_A),
        )
    ),
    "organisations:import": Route(
        (
            Case(
                "municipality A",
                kwargs=MUNICIPALITY_A,
                get=_MANAGE_MUNICIPALITY_A,
                post=_MANAGE_MUNICIPALITY_A,
            ),
            Case("team A", kwargs=TEAM_A, get=_MANAGE_TEAM_A, post=_MANAGE_TEAM_A),
        )
    ),
    "organisations:export": Route(
        (
            Case("municipality A", kwargs=MUNICIPALITY_A, get=_MANAGE_MUNICIPALITY_A, html=False),
            Case("team A", kwargs=TEAM_A, get=_MANAGE_TEAM_A, html=False),
        )
    ),
    "organisations:membership": Route(
        (
            Case(
                "bob in team A",
                kwargs=_membership_of("bob"),
                get=_MANAGE_TEAM_A,
                post=_MANAGE_TEAM_A,
                post_data={"role": ""},
            ),
            Case(
                "charlie in NAV B",
                kwargs=_membership_of("charlie"),
                get=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=FORBIDDEN,
                    fiona=NOT_FOUND,
                    admin=OK,
                ),
                post=expect(
                    LOGIN,
                    alice=NOT_FOUND,
                    bob=NOT_FOUND,
                    charlie=FORBIDDEN,
                    fiona=NOT_FOUND,
                    admin=OK,
                ),
                post_data={"role": ""},
            ),
        )
    ),
    # POST only; an unknown action changes nothing and returns to the membership page.
    "organisations:membership_status": Route(
        (
            Case(
                "bob in team A",
                kwargs=_membership_of("bob"),
                get=logged_in(NOT_ALLOWED),
                post=expect(
                    LOGIN,
                    alice=REDIRECT,
                    bob=FORBIDDEN,
                    charlie=NOT_FOUND,
                    fiona=NOT_FOUND,
                    admin=REDIRECT,
                ),
                post_data={"action": ""},
            ),
        )
    ),
    # Only administrators read the audit log.
    "organisations:audit_log": Route((Case("audit log", get=only_admin()),)),
}

# The toolkit engine's rows live beside this table, one module per area.
from tests.urls_table_accounts_personal_data import ACCOUNTS_PERSONAL_DATA  # noqa: E402
from tests.urls_table_accounts_sso import ACCOUNTS_SSO  # noqa: E402
from tests.urls_table_accounts_two_factor import ACCOUNTS_TWO_FACTOR  # noqa: E402
from tests.urls_table_api import API  # noqa: E402
from tests.urls_table_competences_matrix import COMPETENCES_MATRIX  # noqa: E402
from tests.urls_table_competences_profiles import COMPETENCES_PROFILES  # noqa: E402
from tests.urls_table_competences_rounds import COMPETENCES_ROUNDS  # noqa: E402
from tests.urls_table_indicators import INDICATORS  # noqa: E402
from tests.urls_table_indicators_imports import INDICATORS_IMPORTS  # noqa: E402
from tests.urls_table_learning_catalogue import LEARNING_CATALOGUE  # noqa: E402
from tests.urls_table_learning_implementation import LEARNING_IMPLEMENTATION  # noqa: E402
from tests.urls_table_learning_personal import LEARNING_PERSONAL  # noqa: E402
from tests.urls_table_learning_plans import LEARNING_PLANS  # noqa: E402
from tests.urls_table_learning_preferences import LEARNING_PREFERENCES  # noqa: E402
from tests.urls_table_outbox import OUTBOX  # noqa: E402  (e-mail outbox)
from tests.urls_table_programmes import PROGRAMMES  # noqa: E402
from tests.urls_table_programmes_courses import PROGRAMMES_COURSES  # noqa: E402
from tests.urls_table_programmes_follow_up import PROGRAMMES_FOLLOW_UP  # noqa: E402
from tests.urls_table_programmes_letters import PROGRAMMES_LETTERS  # noqa: E402
from tests.urls_table_programmes_mapping import PROGRAMMES_MAPPING  # noqa: E402
from tests.urls_table_programmes_reports import PROGRAMMES_REPORTS  # noqa: E402
from tests.urls_table_programmes_surveys import PROGRAMMES_SURVEYS  # noqa: E402
from tests.urls_table_programmes_workshops import PROGRAMMES_WORKSHOPS  # noqa: E402
from tests.urls_table_surveys_builder import SURVEYS_BUILDER  # noqa: E402
from tests.urls_table_surveys_compare import SURVEYS_COMPARE  # noqa: E402
from tests.urls_table_surveys_distribution import SURVEYS_DISTRIBUTION  # noqa: E402
from tests.urls_table_surveys_imports import SURVEYS_IMPORTS  # noqa: E402
from tests.urls_table_surveys_questionnaires import SURVEYS_QUESTIONNAIRES  # noqa: E402
from tests.urls_table_surveys_report import SURVEYS_REPORT  # noqa: E402
from tests.urls_table_surveys_results import SURVEYS_RESULTS  # noqa: E402
from tests.urls_table_toolkits_catalogue import CATALOGUE  # noqa: E402
from tests.urls_table_toolkits_runs import RUNS  # noqa: E402
from tests.urls_table_toolkits_worksheets import WORKSHEETS  # noqa: E402

URLS.update(ACCOUNTS_PERSONAL_DATA)
URLS.update(OUTBOX)  # e-mail outbox
URLS.update(ACCOUNTS_SSO)
URLS.update(ACCOUNTS_TWO_FACTOR)
URLS.update(CATALOGUE)
URLS.update(RUNS)
URLS.update(WORKSHEETS)
URLS.update(API)
URLS.update(COMPETENCES_PROFILES)
URLS.update(COMPETENCES_ROUNDS)
URLS.update(COMPETENCES_MATRIX)
URLS.update(LEARNING_CATALOGUE)
URLS.update(LEARNING_PERSONAL)
URLS.update(LEARNING_PLANS)
URLS.update(LEARNING_IMPLEMENTATION)
URLS.update(LEARNING_PREFERENCES)
URLS.update(SURVEYS_QUESTIONNAIRES)
URLS.update(SURVEYS_DISTRIBUTION)
URLS.update(SURVEYS_IMPORTS)
URLS.update(SURVEYS_RESULTS)
URLS.update(SURVEYS_COMPARE)
URLS.update(SURVEYS_REPORT)
URLS.update(SURVEYS_BUILDER)
URLS.update(PROGRAMMES)
URLS.update(PROGRAMMES_MAPPING)
URLS.update(PROGRAMMES_FOLLOW_UP)
URLS.update(PROGRAMMES_LETTERS)
URLS.update(PROGRAMMES_WORKSHOPS)
URLS.update(PROGRAMMES_COURSES)
URLS.update(PROGRAMMES_SURVEYS)
URLS.update(PROGRAMMES_REPORTS)
URLS.update(INDICATORS)
URLS.update(INDICATORS_IMPORTS)

# URL prefixes that belong to Django or third parties rather than to Trinvis.
SKIPPED_PREFIXES = ("django-admin/", settings.STATIC_URL.lstrip("/"))


def project_url_patterns() -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern of the project's own apps, names namespaced."""

    def walk(
        patterns: list[URLPattern | URLResolver], prefix: str, namespaces: list[str]
    ) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                yield from walk(pattern.url_patterns, route, inner)
            elif pattern.name:
                yield ":".join([*namespaces, pattern.name]), route
            else:
                yield f"<unnamed pattern {route!r}>", route

    yield from walk(get_resolver().url_patterns, "", [])


def all_cases() -> Iterator[tuple[str, Route, Case]]:
    for name, route in URLS.items():
        for case in route.cases:
            yield name, route, case
