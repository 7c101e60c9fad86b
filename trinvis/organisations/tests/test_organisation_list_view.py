"""The organisations page: the tree of organisations a person may see."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login, make_person
from trinvis.organisations.tests.helpers import add_units, page_text

URL = reverse("organisations:list")


def test_anonymous_visitor_is_sent_to_login(client):
    assert_redirects_to_login(client.get(URL), URL)


def test_employee_sees_own_team_and_the_organisations_above_marked_as_key_figures_only(
    world, client_of
):
    response = client_of(world.bob).get(URL)

    text = page_text(response)
    assert response.status_code == 200
    for name in ("Agency", "Region DK", "Municipality A", "Jobcentre A", "Team A"):
        assert name in text
    for hidden in ("Municipality B", "NAV B", "Refugee service A"):
        assert hidden not in text
    assert text.count("key figures only") == 4


def test_leader_sees_own_municipality_in_detail(world, client_of):
    text = page_text(client_of(world.alice).get(URL))

    assert "Refugee service A" in text
    assert text.count("key figures only") == 2, "only the region and the agency above"
    assert "Municipality B" not in text


def test_facilitator_sees_both_municipalities_as_key_figures_only(world, client_of):
    text = page_text(client_of(world.fiona).get(URL))

    assert "Municipality A" in text and "Municipality B" in text
    assert text.count("key figures only") == 9


def test_person_without_memberships_is_told_how_to_get_access(world, client_of):
    text = page_text(client_of(make_person("new@example.org")).get(URL))

    assert "You do not have access to any organisation" in text
    assert "Agency" not in text


def test_only_platform_admin_is_offered_a_new_top_level_organisation(world, client_of):
    new_root = reverse("organisations:create_root")

    assert new_root in page_text(client_of(world.admin).get(URL))
    assert new_root not in page_text(client_of(world.alice).get(URL))


def test_query_count_does_not_grow_with_the_number_of_organisations(
    world, client_of, django_assert_max_num_queries
):
    browser = client_of(world.admin)
    browser.get(URL)
    # +1 since two-factor login: django-otp loads the administrator's verified device.
    with django_assert_max_num_queries(6) as few:
        browser.get(URL)

    add_units(world.municipality_a, 50)
    with django_assert_max_num_queries(6) as many:
        response = browser.get(URL)

    assert "Extra unit 49" in page_text(response)
    assert len(many.captured_queries) == len(few.captured_queries)
