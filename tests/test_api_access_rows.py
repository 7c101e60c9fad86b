"""The JSON API in the access matrix (tests/urls_table_api.py): every endpoint has an answer
for every persona, and every endpoint that names an object by its id has a case where an
existing object of another organisation is a 404 for someone logged in, besides the
non-existent id. tests/test_access_matrix.py then checks those answers."""

from tests.urls_table import URLS, Answer, project_url_patterns

PERSONAS = {"anonymous", "alice", "bob", "charlie", "fiona", "admin"}
LOGGED_IN = PERSONAS - {"anonymous"}


def _api_routes() -> dict[str, str]:
    return {name: route for name, route in project_url_patterns() if name.startswith("api:")}


def test_every_api_case_answers_for_every_persona() -> None:
    incomplete = [
        f"{name} / {case.label}"
        for name in _api_routes()
        for case in URLS[name].cases
        if set(case.get) != PERSONAS or (case.post is not None and set(case.post) != PERSONAS)
    ]
    assert not incomplete, f"API cases without an answer for every persona: {incomplete}"


def test_every_api_object_is_a_404_from_another_organisation() -> None:
    missing = []
    for name, route in _api_routes().items():
        if "<int:" not in route:
            continue
        cases = [case for case in URLS[name].cases if not case.label.startswith("no such")]
        hidden = any(
            answers.get(persona) == Answer.NOT_FOUND
            for case in cases
            for answers in (case.get, case.post or {})
            for persona in LOGGED_IN
        )
        if not hidden:
            missing.append(name)
    assert not missing, (
        "API endpoints without a case where another organisation's object is a 404: "
        f"{missing} (add one to tests/urls_table_api.py)"
    )
