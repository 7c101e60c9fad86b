"""Rows of the URL table (tests/urls_table.py) for the JSON API (config/api.py).

The API answers anonymous requests with 401, never a login redirect. Its runs are the runs
pages' runs (tests/urls_table_toolkits_runs.py): municipality A's, which bob sees only as an
aggregate (404), and team A's, which bob reads but may not change (403). Writes are PATCH
and PUT with JSON; their bodies change nothing (the step's current values at its first
version; an empty free worksheet on an unsaved one), so the access check decides the answer.
API answers are JSON, so the accessibility check skips them; so it does the docs page (see
its row), which has its own check.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Kwargs, Route, everyone, expect, logged_in
from tests.urls_table_indicators import SHIPPED_KEY, own_of_a
from tests.urls_table_surveys_results import results_survey
from tests.urls_table_toolkits_catalogue import adapted_toolkit
from tests.urls_table_toolkits_runs import _toolkit, run_of_municipality_a, run_of_team_a
from trinvis.competences.tests.factories import make_profile, rated_team_round
from trinvis.indicators.tests.factories import shipped
from trinvis.learning.models import Sharing
from trinvis.learning.tests.factories_catalogue import make_activity, make_principle, make_programme
from trinvis.learning.tests.factories_personal import (
    make_entry,
    make_follow_up,
    make_goal,
    make_org_goal,
)
from trinvis.learning.tests.factories_plans import plan_a
from trinvis.programmes.tests.factories_courses import course_of, other_course
from trinvis.programmes.tests.factories_workshops import add_line, programme_of, workshop_of

if TYPE_CHECKING:
    from conftest import World

# Through the enum: the table module imports this one, so its aliases are not typed yet.
OK, LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORIZED = (
    Answer.OK,
    Answer.LOGIN,
    Answer.FORBIDDEN,
    Answer.NOT_FOUND,
    Answer.UNAUTHORIZED,
)


def _api(answer: Answer) -> dict[str, Answer]:
    """Anonymous gets 401; every persona gets `answer`."""
    return {**everyone(answer), "anonymous": UNAUTHORIZED}


def _shipped_toolkit(world: "World") -> dict[str, Any]:
    return {"toolkit_id": _toolkit().pk}


def _run_a(world: "World") -> dict[str, Any]:
    return {"run_id": run_of_municipality_a(world).pk}


def _run_team(world: "World") -> dict[str, Any]:
    return {"run_id": run_of_team_a(world).pk}


def _step_a(world: "World") -> dict[str, Any]:
    return {**_run_a(world), "key": "read"}


def _step_team(world: "World") -> dict[str, Any]:
    return {**_run_team(world), "key": "plan"}


def _sheet_a(world: "World") -> dict[str, Any]:
    return {**_run_a(world), "template_key": "plan"}


def _sheet_team(world: "World") -> dict[str, Any]:
    return {**_run_team(world), "template_key": "plan"}


# As on the runs pages: municipality A's run only for alice and admin; team A's run read by
# bob too, but changed only by its write roles, responsible and participants.
_RUN_A = expect(UNAUTHORIZED, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_READ_TEAM = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
_WRITE_TEAM = expect(
    UNAUTHORIZED, alice=OK, bob=FORBIDDEN, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK
)
_UNCHANGED_STEP = {"version": 1, "status": "not_started"}
_UNCHANGED_SHEET = {"base_version": 0, "rows": []}


def _profile_a(world: "World") -> dict[str, Any]:
    return {"profile_id": make_profile(world.municipality_a).pk}


def _round_team(world: "World") -> dict[str, Any]:
    round = rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )
    return {"round_id": round.pk}


# Municipality A's profile: its people read it (bob from his team below), nobody outside.
_PROFILE_A = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# Team A's round: fiona follows municipality A as figures, so she reaches the round and its
# aggregated matrix (six people assessed), never ratings.
_ROUND_TEAM = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
_ROUND_TEAM_DETAIL = _ROUND_TEAM | {"fiona": NOT_FOUND}
# Only bob is assessed: the others may read their (empty) own ratings but not write them.
_MY_RATINGS_WRITE = expect(
    UNAUTHORIZED,
    alice=FORBIDDEN,
    bob=Answer.UNPROCESSABLE,
    charlie=NOT_FOUND,
    fiona=NOT_FOUND,
    admin=FORBIDDEN,
)

# The learning catalogue is shared content of municipality A, read as on its pages: bob from
# his team below it, not charlie (municipality B) nor fiona (who follows it as figures).
_CATALOGUE_A = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)


def _learning_activity_a(world: "World") -> dict[str, Any]:
    return {"activity_id": make_activity(world.municipality_a).pk}


def _learning_programme_a(world: "World") -> dict[str, Any]:
    return {"programme_id": make_programme(world.municipality_a).pk}


def _learning_principles_a(world: "World") -> dict[str, Any]:
    return {"organisation_id": make_principle(world.municipality_a).organisation_id}


def _learning_plan_a(world: "World") -> dict[str, Any]:
    return {"plan_id": plan_a(world).pk}


def _bob_goal(world: "World") -> dict[str, Any]:
    return {"goal_id": make_goal(world.bob, world.team_a).pk}


def _org_goal_a(world: "World") -> dict[str, Any]:
    return {"goal_id": make_org_goal(world.municipality_a, by=world.alice).pk}


def _bob_entry(sharing: str) -> Kwargs:
    def build(world: "World") -> dict[str, Any]:
        return {"entry_id": make_entry(world.bob, sharing=sharing).pk}

    build.__name__ = f"bob_entry_{sharing}"
    return build


def _bob_talk(world: "World") -> dict[str, Any]:
    return {"follow_up_id": make_follow_up(world.bob, world.alice).pk}


# Bob's personal records, as on their pages: bob and his leaders (alice, and the platform
# administrator), nobody else.
_BOB_PERSONAL = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=OK)
# The API's logbook is one's own: bob's entry is his alone, however he shared it.
_BOB_ONLY = expect(
    UNAUTHORIZED, alice=NOT_FOUND, bob=OK, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)


def _indicator(world: "World") -> dict[str, Any]:
    return {"indicator_id": shipped(SHIPPED_KEY).pk}


def _indicator_of_a(world: "World") -> dict[str, Any]:
    return {"indicator_id": own_of_a(world).pk}


# Key figures: shipped definitions and their figures for every logged-in persona; municipality
# A's own definition in its reach (bob below it, fiona following it), not for charlie.
_INDICATOR_OF_A = expect(UNAUTHORIZED, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)


API: dict[str, Route] = {
    # Logged-in users only: the docs page and the schema reveal no data, but nobody outside
    # needs them, so anonymous gets the login page as on every other non-public page.
    # html=False: axe finds contrast and nested-control violations in Swagger UI's own markup
    # (third-party, rendered by its script), which we cannot fix here. The page around it is
    # checked in tests/test_accessibility.py::test_api_docs_page_passes_axe_but_swagger_ui.
    "api:openapi-view": Route((Case("docs", get=logged_in(OK), html=False),)),
    "api:openapi-json": Route((Case("OpenAPI schema", get=logged_in(OK), html=False),)),
    # django-ninja's root: answers 404 to everyone (it only anchors the API's path).
    "api:api-root": Route((Case("root", get=everyone(NOT_FOUND), html=False),), public=True),
    # Any other path under /api/, such as an id that is no number: a JSON 404 for everyone
    # (config/api.py), never the HTML error page.
    "api:unknown_path": Route(
        (
            Case(
                "id that is no number",
                kwargs=lambda world: {"rest": "runs/1.5"},
                get=everyone(NOT_FOUND),
                html=False,
            ),
        ),
        public=True,
    ),
    "api:toolkit_list": Route((Case("toolkits", get=_api(OK), html=False),)),
    "api:toolkit_detail": Route(
        (
            Case("shipped toolkit", kwargs=_shipped_toolkit, get=_api(OK), html=False),
            # Municipality A's adapted copy: another organisation's object is a 404.
            Case(
                "copy of municipality A",
                kwargs=lambda world: {"toolkit_id": adapted_toolkit(world).pk},
                get=_api(NOT_FOUND) | {"alice": OK, "admin": OK},
                html=False,
            ),
            Case(
                "no such toolkit",
                kwargs=lambda world: {"toolkit_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "api:run_list": Route((Case("runs", get=_api(OK), html=False),)),
    "api:run_detail": Route(
        (
            Case("municipality A", kwargs=_run_a, get=_RUN_A, html=False),
            Case("team A", kwargs=_run_team, get=_READ_TEAM, html=False),
            Case(
                "no such run",
                kwargs=lambda world: {"run_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    # PATCH only: GET is 405 for everyone, before authentication.
    "api:run_step": Route(
        (
            Case(
                "municipality A",
                kwargs=_step_a,
                get=everyone(Answer.NOT_ALLOWED),
                post=_RUN_A,
                write_method="PATCH",
                post_data=_UNCHANGED_STEP,
                html=False,
            ),
            Case(
                "team A",
                kwargs=_step_team,
                get=everyone(Answer.NOT_ALLOWED),
                post=_WRITE_TEAM,
                write_method="PATCH",
                post_data=_UNCHANGED_STEP,
                html=False,
            ),
        )
    ),
    "api:worksheet": Route(
        (
            Case(
                "municipality A",
                kwargs=_sheet_a,
                get=_RUN_A,
                post=_RUN_A,
                write_method="PUT",
                post_data=_UNCHANGED_SHEET,
                html=False,
            ),
            Case(
                "team A",
                kwargs=_sheet_team,
                get=_READ_TEAM,
                post=_WRITE_TEAM,
                write_method="PUT",
                post_data=_UNCHANGED_SHEET,
                html=False,
            ),
            Case(
                "template not in the run's toolkit",
                kwargs=lambda world: {**_run_team(world), "template_key": "nope"},
                get=_READ_TEAM | {"alice": NOT_FOUND, "bob": NOT_FOUND, "admin": NOT_FOUND},
                html=False,
            ),
        )
    ),
    "api:competence_profile_list": Route((Case("profiles", get=_api(OK), html=False),)),
    "api:competence_profile_detail": Route(
        (
            Case("municipality A", kwargs=_profile_a, get=_PROFILE_A, html=False),
            Case(
                "no such profile",
                kwargs=lambda world: {"profile_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "api:competence_round_list": Route((Case("rounds", get=_api(OK), html=False),)),
    "api:competence_round_detail": Route(
        (Case("team A", kwargs=_round_team, get=_ROUND_TEAM, html=False),)
    ),
    "api:competence_round_matrix": Route(
        (Case("team A", kwargs=_round_team, get=_ROUND_TEAM, html=False),)
    ),
    # The body rates nothing and names a stale version: bob, the one assessed, gets 422 (the
    # content is refused after the access check), so nothing changes.
    "api:competence_my_ratings": Route(
        (
            Case(
                "team A",
                kwargs=_round_team,
                get=_ROUND_TEAM_DETAIL,
                post=_MY_RATINGS_WRITE,
                write_method="PUT",
                post_data={"base_version": 0, "submit": True, "ratings": []},
                html=False,
            ),
        )
    ),
    # --- surveys: results as figures, for everyone with detail access to the organisation.
    "api:survey_list": Route((Case("surveys", get=_api(OK), html=False),)),
    "api:survey_results": Route(
        (
            Case(
                "agency's survey",
                kwargs=lambda world: {"survey_id": results_survey(world.agency).pk},
                get=_api(NOT_FOUND) | {"fiona": OK, "admin": OK},
                html=False,
            ),
            Case(
                "municipality A's survey",
                kwargs=lambda world: {"survey_id": results_survey(world.municipality_a).pk},
                get=_api(NOT_FOUND) | {"alice": OK, "admin": OK},
                html=False,
            ),
        )
    ),
    # --- learning catalogue: read only; changes go through the pages.
    "api:learning_activity_list": Route((Case("activities", get=_api(OK), html=False),)),
    "api:learning_activity_detail": Route(
        (
            Case("municipality A", kwargs=_learning_activity_a, get=_CATALOGUE_A, html=False),
            Case(
                "no such activity",
                kwargs=lambda world: {"activity_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "api:learning_programme_list": Route((Case("programmes", get=_api(OK), html=False),)),
    "api:learning_programme_detail": Route(
        (Case("municipality A", kwargs=_learning_programme_a, get=_CATALOGUE_A, html=False),)
    ),
    "api:learning_principle_list": Route(
        (
            Case("municipality A", kwargs=_learning_principles_a, get=_CATALOGUE_A, html=False),
            Case(
                "no such organisation",
                kwargs=lambda world: {"organisation_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    # --- education plans and personal records: read only, but for a new entry in one's own
    # logbook. That POST has no write case here: the table posts a form, the API reads JSON
    # (so everyone logged in would get 400 before anything else is decided), and every
    # logged-in user may write in their own logbook; its login, CSRF and validation are
    # tested in trinvis/learning/tests/test_personal_api.py.
    "api:learning_plan_list": Route((Case("plans", get=_api(OK), html=False),)),
    "api:learning_plan_detail": Route(
        (
            Case("municipality A", kwargs=_learning_plan_a, get=_CATALOGUE_A, html=False),
            Case(
                "no such plan",
                kwargs=lambda world: {"plan_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "api:learning_goal_list": Route((Case("my goals", get=_api(OK), html=False),)),
    "api:learning_organisational_goal_list": Route(
        (Case("organisational goals", get=_api(OK), html=False),)
    ),
    "api:learning_goal_detail": Route(
        (
            Case("bob's goal", kwargs=_bob_goal, get=_BOB_PERSONAL, html=False),
            Case("municipality A's goal", kwargs=_org_goal_a, get=_CATALOGUE_A, html=False),
            Case(
                "no such goal",
                kwargs=lambda world: {"goal_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    "api:learning_logbook": Route((Case("my logbook", get=_api(OK), html=False),)),
    "api:learning_logbook_entry": Route(
        (
            Case(
                "bob's private entry",
                kwargs=_bob_entry(Sharing.PRIVATE),
                get=_BOB_ONLY,
                html=False,
            ),
            Case(
                "bob's entry for leaders",
                kwargs=_bob_entry(Sharing.LEADER),
                get=_BOB_ONLY,
                html=False,
            ),
            Case(
                "bob's entry for the team",
                kwargs=_bob_entry(Sharing.TEAM),
                get=_BOB_ONLY,
                html=False,
            ),
        )
    ),
    "api:learning_follow_up_list": Route((Case("my talks", get=_api(OK), html=False),)),
    "api:learning_follow_up_detail": Route(
        (
            Case("bob's talk", kwargs=_bob_talk, get=_BOB_PERSONAL, html=False),
            Case(
                "no such talk",
                kwargs=lambda world: {"follow_up_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    # --- key figures: read only; zero points and targets change on the pages.
    "api:indicator_list": Route((Case("key figures", get=_api(OK), html=False),)),
    "api:indicator_detail": Route(
        (
            Case("shipped", kwargs=_indicator, get=_api(OK), html=False),
            Case("own of municipality A", kwargs=_indicator_of_a, get=_INDICATOR_OF_A, html=False),
            Case(
                "no such indicator",
                kwargs=lambda world: {"indicator_id": 999_999},
                get=_api(NOT_FOUND),
                html=False,
            ),
        )
    ),
    # Without `area`: the persona's own municipality, as on the indicator page.
    "api:indicator_values": Route(
        (
            Case("shipped", kwargs=_indicator, get=_api(OK), html=False),
            Case("own of municipality A", kwargs=_indicator_of_a, get=_INDICATOR_OF_A, html=False),
        )
    ),
    "api:indicator_baselines": Route(
        (
            Case("shipped", kwargs=_indicator, get=_api(OK), html=False),
            Case("own of municipality A", kwargs=_indicator_of_a, get=_INDICATOR_OF_A, html=False),
        )
    ),
}


# --- course programmes: read only; enrolling and confirming go through the pages. The agency
# provides the programme, so every persona below it sees it; another provider's programme is
# the administrator's alone. The enrolment list holds what the reader may see (all of it for
# the provider, one's own and one's people's for the others), so it answers everyone.
def _course(world: "World") -> dict[str, Any]:
    return {"course_id": course_of(world).pk}


def _other_course(world: "World") -> dict[str, Any]:
    return {"course_id": other_course(world).pk}


_OTHER_COURSE = _api(NOT_FOUND) | {"admin": OK}

API.update(
    {
        "api:course_programme_list": Route((Case("course programmes", get=_api(OK), html=False),)),
        "api:course_programme_detail": Route(
            (
                Case("the agency's programme", kwargs=_course, get=_api(OK), html=False),
                Case(
                    "another provider's programme",
                    kwargs=_other_course,
                    get=_OTHER_COURSE,
                    html=False,
                ),
                Case(
                    "no such programme",
                    kwargs=lambda world: {"course_id": 999_999},
                    get=_api(NOT_FOUND),
                    html=False,
                ),
            )
        ),
        "api:course_enrolment_list": Route(
            (
                Case("the agency's programme", kwargs=_course, get=_api(OK), html=False),
                Case(
                    "another provider's programme",
                    kwargs=_other_course,
                    get=_OTHER_COURSE,
                    html=False,
                ),
            )
        ),
    }
)


# --- agency programmes: read only. Fiona and admin run the agency's programme; alice and
# bob are on the side of municipality A, which takes part: they read the programme (their
# own municipality only) and its workshops, not the dashboard; charlie is outside (404).
def _agency_programme(world: "World") -> dict[str, Any]:
    add_line(workshop_of(world))
    return {"programme_id": programme_of(world).pk}


_AGENCY_PROGRAMME = _api(OK) | {"charlie": NOT_FOUND}
_AGENCY_RUNNING = _api(NOT_FOUND) | {"fiona": OK, "admin": OK}
_NO_AGENCY_PROGRAMME = Case(
    "no such programme",
    kwargs=lambda world: {"programme_id": 999_999},
    get=_api(NOT_FOUND),
    html=False,
)

API.update(
    {
        "api:programme_list": Route((Case("agency programmes", get=_api(OK), html=False),)),
        "api:programme_detail": Route(
            (
                Case(
                    "the agency's programme",
                    kwargs=_agency_programme,
                    get=_AGENCY_PROGRAMME,
                    html=False,
                ),
                _NO_AGENCY_PROGRAMME,
            )
        ),
        "api:programme_workshops": Route(
            (
                Case(
                    "the agency's programme",
                    kwargs=_agency_programme,
                    get=_AGENCY_PROGRAMME,
                    html=False,
                ),
                _NO_AGENCY_PROGRAMME,
            )
        ),
        "api:programme_dashboard": Route(
            (
                Case(
                    "the agency's programme",
                    kwargs=_agency_programme,
                    get=_AGENCY_RUNNING,
                    html=False,
                ),
                _NO_AGENCY_PROGRAMME,
            )
        ),
    }
)
