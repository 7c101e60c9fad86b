"""The platform administrator's list of dormant accounts (retention_rules.py): who is on it,
where it leads (the erasure page, and back), the home page's notice, and a query count that
does not grow with the list. Access per persona is in the URL table."""

import pytest
from django.urls import reverse

from conftest import World
from trinvis.accounts.models import User
from trinvis.accounts.tests.factories_personal_data import person_who_left

LIST = reverse("accounts:dormant_accounts")


@pytest.fixture
def dormant(world: World, settings) -> list[User]:
    settings.TRINVIS_RETENTION_DORMANT_MONTHS = 24
    person_who_left(world, "recent@example.org", "Recent Leaver", days_ago=300)  # too recent
    return [
        person_who_left(world, "older@example.org", "Older Leaver", days_ago=900),
        person_who_left(world, "old@example.org", "Old Leaver", days_ago=800),
    ]


def test_the_list_shows_the_dormant_the_longest_dormant_first(world, dormant, client_of):
    page = client_of(world.admin).get(LIST)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Older Leaver") < html.index("Old Leaver")
    assert "Recent Leaver" not in html
    assert world.team_a.name in html  # the last organisation
    assert "never" in html  # neither logged in
    erase = reverse("accounts:person_erase", args=[dormant[0].pk])
    assert f'href="{erase}?from=dormant"' in html


def test_without_dormant_accounts_the_page_says_so(world, client_of):
    html = client_of(world.admin).get(LIST).content.decode()
    assert "No dormant accounts" in html


def test_erasing_from_the_list_returns_to_it(world, dormant, client_of):
    admin = client_of(world.admin)
    url = reverse("accounts:person_erase", args=[dormant[0].pk]) + "?from=dormant"
    assert "Back to dormant accounts" in admin.get(url).content.decode()
    response = admin.post(url, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert "Older Leaver" not in admin.get(LIST).content.decode()


def test_the_erasure_page_opened_elsewhere_returns_to_the_organisations(world, dormant, client_of):
    url = reverse("accounts:person_erase", args=[dormant[1].pk])
    response = client_of(world.admin).post(url, {"confirm": "on"})
    assert response["Location"] == reverse("organisations:list")


def test_the_home_page_tells_only_administrators(world, dormant, client_of):
    notice = "2 dormant accounts to review"
    assert notice in client_of(world.admin).get("/").content.decode()
    assert notice not in client_of(world.alice).get("/").content.decode()


def test_query_count_does_not_grow_with_the_list(
    world, dormant, client_of, django_assert_max_num_queries
):
    admin = client_of(world.admin)
    admin.get(LIST)
    with django_assert_max_num_queries(8) as few:
        admin.get(LIST)
    for index in range(8):
        person_who_left(world, f"more{index}@example.org", f"More {index}", days_ago=1000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin.get(LIST).content.decode().count("?from=dormant") == 10
