"""The people page: who belongs to an organisation and its units, searchable and paged."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login
from trinvis.organisations.models import Membership
from trinvis.organisations.services import membership_invite, membership_set_active
from trinvis.organisations.tests.helpers import add_people, page_text


def url(organisation, **query: str) -> str:
    path = reverse("organisations:people", args=[organisation.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def names(response) -> list[str]:
    return [m.user.full_name for m in response.context["page"].object_list]


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(world.municipality_a)), url(world.municipality_a))


def test_leader_sees_everyone_in_the_municipality_and_may_manage_them(world, client_of):
    response = client_of(world.alice).get(url(world.municipality_a))

    text = page_text(response)
    bobs = Membership.objects.get(user=world.bob)
    assert response.status_code == 200
    assert names(response) == ["Alice Leader", "Bob Employee"]
    assert "bob@example.org" in text
    assert reverse("organisations:membership", args=[bobs.pk]) in text
    assert reverse("organisations:invite", args=[world.municipality_a.pk]) in text


def test_employee_sees_the_team_but_no_management_links(world, client_of):
    response = client_of(world.bob).get(url(world.team_a))

    text = page_text(response)
    assert names(response) == ["Bob Employee"]
    assert reverse("organisations:invite", args=[world.team_a.pk]) not in text
    assert reverse("organisations:export", args=[world.team_a.pk]) not in text
    assert "/organisations/memberships/" not in text


def test_facilitator_cannot_see_people_of_a_municipality(world, client_of):
    assert client_of(world.fiona).get(url(world.municipality_a)).status_code == 404


def test_outsider_gets_404(world, client_of):
    assert client_of(world.charlie).get(url(world.municipality_a)).status_code == 404
    assert client_of(world.bob).get(url(world.municipality_a)).status_code == 404


def test_search_finds_people_by_name_or_e_mail(world, client_of):
    browser = client_of(world.alice)

    assert names(browser.get(url(world.municipality_a, q="bob"))) == ["Bob Employee"]
    assert names(browser.get(url(world.municipality_a, q="ALICE@EXAMPLE"))) == ["Alice Leader"]
    assert "No one matches your search" in page_text(browser.get(url(world.municipality_a, q="zz")))


def test_deactivated_people_are_listed_only_when_asked_for(world, client_of):
    membership_set_active(
        membership=Membership.objects.get(user=world.bob), active=False, by=world.alice
    )
    browser = client_of(world.alice)

    assert names(browser.get(url(world.municipality_a))) == ["Alice Leader"]
    assert names(browser.get(url(world.municipality_a, show="inactive"))) == ["Bob Employee"]
    assert names(browser.get(url(world.municipality_a, show="all"))) == [
        "Alice Leader",
        "Bob Employee",
    ]


def test_invited_person_who_has_not_chosen_a_password_is_marked_invited(world, client_of):
    membership_invite(
        organisation=world.team_a,
        email="new@example.org",
        full_name="Nina New",
        role="employee",
        by=world.alice,
        base_url="http://testserver/",
    )

    text = page_text(client_of(world.alice).get(url(world.team_a)))

    assert "Invited" in text


def test_htmx_request_gets_only_the_table(world, client_of):
    response = client_of(world.alice).get(url(world.municipality_a), HTTP_HX_REQUEST="true")

    text = page_text(response)
    assert "Bob Employee" in text
    assert "<html" not in text


def test_long_lists_are_paged_by_fifty(world, client_of):
    add_people(world.team_a, 60)
    browser = client_of(world.alice)

    first = browser.get(url(world.municipality_a))
    second = browser.get(url(world.municipality_a, page="2"))

    assert len(names(first)) == 50
    assert len(names(second)) == 12
    assert "Page 2 of 2" in page_text(second)


def test_query_count_does_not_grow_with_the_number_of_people(
    world, client_of, django_assert_max_num_queries
):
    browser = client_of(world.alice)
    browser.get(url(world.municipality_a))
    with django_assert_max_num_queries(8) as few:
        browser.get(url(world.municipality_a))

    add_people(world.unit_a_job, 50)
    with django_assert_max_num_queries(8) as many:
        response = browser.get(url(world.municipality_a))

    assert len(names(response)) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_page_links_keep_the_search_and_filter(world, client_of):
    add_people(world.team_a, 60, prefix="paged")

    response = client_of(world.alice).get(url(world.municipality_a, q="paged", show="all"))

    text = page_text(response)
    assert len(names(response)) == 50
    assert "?q=paged&amp;show=all&amp;page=2" in text
    second = client_of(world.alice).get(url(world.municipality_a, q="paged", show="all", page="2"))
    assert len(names(second)) == 10
    assert "?q=paged&amp;show=all&amp;page=1" in page_text(second)
