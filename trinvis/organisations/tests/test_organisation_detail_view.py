"""An organisation's page: facts, people by role and its parts; key figures only from afar."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.organisations.models import Membership
from trinvis.organisations.tests.helpers import add_people, add_units, page_text

AGGREGATE_NOTICE = "key figures only, no information about individual people"


def url(organisation) -> str:
    return reverse("organisations:detail", args=[organisation.pk])


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(world.municipality_a)), url(world.municipality_a))


def test_leader_sees_municipality_facts_and_may_manage_it(world, client_of):
    response = client_of(world.alice).get(url(world.municipality_a))

    text = page_text(response)
    assert response.status_code == 200
    assert "461" in text
    assert "210,000" in text
    assert "Large (20,000 inhabitants or more)" in text
    assert reverse("organisations:people", args=[world.municipality_a.pk]) in text
    assert reverse("organisations:edit", args=[world.municipality_a.pk]) in text
    assert AGGREGATE_NOTICE not in text


def test_page_lists_the_units_with_their_active_member_counts(world, client_of):
    add_people(world.unit_a_language, 3)
    Membership.objects.filter(user__email="extra0@example.org").update(is_active=False)

    response = client_of(world.alice).get(url(world.municipality_a))

    children = {child.name: child.active_members for child in response.context["children"]}
    assert children == {"Refugee service A": 0, "Language centre A": 2, "Jobcentre A": 0}


def test_people_by_role_count_everyone_active_in_the_subtree(world, client_of):
    response = client_of(world.alice).get(url(world.municipality_a))

    counts = response.context["people_count"]
    assert counts["Leader"] == 1
    assert counts["Employee"] == 1, "bob, two levels down"
    assert sum(counts.values()) == 2


def test_employee_sees_own_team_but_may_not_manage_it(world, client_of):
    text = page_text(client_of(world.bob).get(url(world.team_a)))

    assert reverse("organisations:people", args=[world.team_a.pk]) in text
    assert reverse("organisations:edit", args=[world.team_a.pk]) not in text


def test_facilitator_sees_a_municipality_as_key_figures_without_people(world, client_of):
    response = client_of(world.fiona).get(url(world.municipality_a))

    text = page_text(response)
    assert response.status_code == 200
    assert AGGREGATE_NOTICE in text
    assert reverse("organisations:people", args=[world.municipality_a.pk]) not in text
    assert "bob@example.org" not in text
    assert response.context["people_count"]["Employee"] == 1


def test_employee_sees_only_the_part_of_the_municipality_above_their_team(world, client_of):
    response = client_of(world.bob).get(url(world.municipality_a))

    assert response.status_code == 200
    assert [child.name for child in response.context["children"]] == ["Jobcentre A"]


def test_outsider_gets_404(world, client_of):
    assert client_of(world.charlie).get(url(world.municipality_a)).status_code == 404
    assert client_of(world.alice).get(url(world.unit_b_nav)).status_code == 404


def test_missing_organisation_is_404_even_for_platform_admin(world, client_of):
    response = client_of(world.admin).get(reverse("organisations:detail", args=[10**9]))

    assert response.status_code == 404


def test_query_count_does_not_grow_with_units_or_people(
    world, client_of, django_assert_max_num_queries
):
    browser = client_of(world.alice)
    browser.get(url(world.municipality_a))
    with django_assert_max_num_queries(9) as few:
        browser.get(url(world.municipality_a))

    add_units(world.municipality_a, 50)
    add_people(world.unit_a_job, 50)
    with django_assert_max_num_queries(9) as many:
        response = browser.get(url(world.municipality_a))

    assert len(response.context["children"]) == 53
    assert response.context["people_count"]["Employee"] == 51
    assert len(many.captured_queries) == len(few.captured_queries)
