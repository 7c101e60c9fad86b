"""axe-core finds no WCAG 2.1 A/AA violation on any page, as any persona, in any language.

The pages come from the access matrix table (`tests/urls_table.py`): every GET that answers
a persona with an HTML page is checked as that persona — except that the platform
administrator skips the pages alice (a leader with write rights) opens too, which render
the same for both. Error states (forms with errors, a refused import, a locked login) are
checked separately because no plain GET shows them.

The walk checks the HTML the server renders, which no database changes, so it runs in the
SQLite pass of the suite only; each persona's pages are split in parts so the test workers
share them.
"""

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from playwright.sync_api import FilePayload, Locator, Page, expect

from conftest import PASSWORD, World
from tests.axe import assert_no_violations, axe_violations, describe
from tests.conftest import OpenAs
from tests.urls_table import PERSONAS, Answer, Case, all_cases

pytestmark = pytest.mark.browser


def error_summary(page: Page) -> Locator:
    return page.locator(".ds-error-summary")


def submit_and_wait(page: Page, button: Locator, shows: Locator) -> None:
    """Submit a form and wait until the answer page has loaded and shows `shows`."""
    button.click()
    expect(shows).to_be_visible()
    page.wait_for_load_state("load")


WALK_PARTS = 3


def _opens(case: Case, persona: str) -> bool:
    return case.get[persona] == Answer.OK or (
        case.get[persona] == Answer.REDIRECT and case.follow_redirect
    )


def pages_for(persona: str) -> list[tuple[str, Case]]:
    """The table's HTML pages this persona may open (for the administrator: those alice
    does not open)."""
    return [
        (name, case)
        for name, _route, case in all_cases()
        if case.html
        and _opens(case, persona)
        and not (persona == "admin" and _opens(case, "alice"))
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_has_pages_to_walk(persona: str) -> None:
    assert pages_for(persona), f"{persona} has no pages in the table"


@pytest.mark.parametrize("part", range(WALK_PARTS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_passes_axe(persona: str, part: int, world: World, open_as: OpenAs) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the page walk checks rendered HTML, the same on every database")
    page = open_as(None if persona == "anonymous" else getattr(world, persona))
    problems = []
    for name, case in pages_for(persona)[part::WALK_PARTS]:
        url = reverse(name, kwargs=case.kwargs(world))
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, f"{url} ({name}) as {persona}: status {response.status}"
        current = page.locator("nav.trinvis-nav [aria-current]").count()
        if current > 1:
            problems.append(f"{persona} GET {url}: {current} menu links say they are current")
        violations = axe_violations(page)
        if violations:
            problems.append(describe(violations, where=f"{persona} GET {url} ({case.label})"))
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_home_page_passes_axe_in_each_language(
    language: str, world: World, open_as: OpenAs
) -> None:
    world.alice.language = language
    world.alice.save(update_fields=["language"])
    page = open_as(world.alice)
    page.goto(reverse("core:home"))
    assert page.locator("html").get_attribute("lang") == language
    assert_no_violations(page, where=f"home page in {language}")


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_login_page_passes_axe_in_each_language(
    language: str, world: World, open_as: OpenAs
) -> None:
    page = open_as(None, language=language)
    page.goto(reverse("accounts:login"))
    assert page.locator("html").get_attribute("lang") == language
    assert_no_violations(page, where=f"login page in {language}")


def test_login_form_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(None)
    page.goto(reverse("accounts:login"))
    page.locator("#id_username").fill("alice@example.org")
    page.locator("#id_password").fill("not-her-password")
    submit_and_wait(page, page.locator("main form button[type=submit]"), error_summary(page))
    assert_no_violations(page, where="login form with errors")


def test_locked_out_page_passes_axe(world: World, open_as: OpenAs, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 1
    page = open_as(None)
    page.goto(reverse("accounts:login"))
    page.locator("#id_username").fill("alice@example.org")
    page.locator("#id_password").fill("not-her-password")
    heading = page.get_by_role("heading", level=1, name="Too many failed attempts")
    submit_and_wait(page, page.locator("main form button[type=submit]"), heading)
    assert_no_violations(page, where="locked-out page")


def test_invite_form_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice)
    page.goto(reverse("organisations:invite", kwargs={"pk": world.municipality_a.pk}))
    page.locator("#id_full_name").fill("")
    page.locator("#id_email").fill("not an address")
    submit_and_wait(page, page.locator("main form button[type=submit]"), error_summary(page))
    expect(page.locator("#id_email[aria-invalid=true]")).to_have_count(1)
    assert_no_violations(page, where="invite form with errors")


def test_import_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice)
    page.goto(reverse("organisations:import", kwargs={"pk": world.municipality_a.pk}))
    page.locator("#id_file").set_input_files(
        FilePayload(
            name="people.csv",
            mimeType="text/csv",
            buffer=(
                b"name,email,unit,role\n"
                b"Mette Hansen,not-an-address,Jobcentre A,employee\n"
                b",someone@example.org,No such unit,astronaut\n"
            ),
        )
    )
    submit_and_wait(page, page.locator("main form button[type=submit]"), error_summary(page))
    expect(page.locator(".ds-error-summary table tbody tr")).to_have_count(2)
    assert_no_violations(page, where="import with errors")


def test_pages_with_a_success_message_pass_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice)
    page.goto(reverse("accounts:profile"))
    page.locator("#id_full_name").fill("Alice Leader")
    button = page.locator("main form button[type=submit]").first
    submit_and_wait(page, button, page.locator(".trinvis-messages"))
    assert_no_violations(page, where="profile saved")


def test_password_change_with_errors_passes_axe(world: World, open_as: OpenAs) -> None:
    page = open_as(world.bob)
    page.goto(reverse("accounts:password_change"))
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("different")
    submit_and_wait(page, page.locator("main form button[type=submit]"), error_summary(page))
    assert_no_violations(page, where="password change with errors")


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "status"),
    [
        ("bob", "organisations:edit", lambda world: {"pk": world.team_a.pk}, 403),
        ("charlie", "organisations:people", lambda world: {"pk": world.municipality_a.pk}, 404),
    ],
    ids=["403", "404"],
)
def test_error_pages_pass_axe(
    persona: str, name: str, kwargs: Any, status: int, world: World, open_as: OpenAs
) -> None:
    page = open_as(getattr(world, persona))
    response = page.goto(reverse(name, kwargs=kwargs(world)))
    assert response is not None
    assert response.status == status
    assert_no_violations(page, where=f"{status} page")


# Swagger UI's own markup (third-party, rendered by its script) has low-contrast method badges
# and buttons nested in its operation headers; we cannot change it, so only these are allowed,
# and only inside the Swagger UI container.
SWAGGER_UI_VIOLATIONS = {"color-contrast", "nested-interactive"}


def test_api_docs_page_passes_axe_but_swagger_ui(world: World, open_as: OpenAs) -> None:
    page = open_as(world.alice)
    response = page.goto(reverse("api:openapi-view"))
    assert response is not None
    assert response.status == 200
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    violations = axe_violations(page)
    ours = [
        violation
        for violation in violations
        if violation["id"] not in SWAGGER_UI_VIOLATIONS
        or any(
            not page.locator(f"#swagger-ui {node['target']}").count() for node in violation["nodes"]
        )
    ]
    assert not ours, describe(ours, where="API docs page")
