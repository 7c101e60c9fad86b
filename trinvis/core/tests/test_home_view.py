"""The home page: what is mine to do, where I belong, and an explanation when empty."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login, make_person
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import membership_invite, organisation_create

URL = reverse("core:home")
AUDIT_LINK = reverse("organisations:audit_log")


def text_of(response) -> str:
    return response.content.decode()


def invite(world, email: str, organisation=None) -> None:
    membership_invite(
        organisation=organisation or world.team_a,
        email=email,
        full_name="Invited Person",
        role=Membership.Role.EMPLOYEE,
        by=world.alice,
        base_url="http://testserver/",
    )


def test_anonymous_visitor_is_sent_to_login(client):
    assert_redirects_to_login(client.get(URL), URL)


def test_person_sees_the_organisations_they_belong_to_with_their_role(world, client_of):
    response = client_of(world.bob).get(URL)

    items = response.context["sections"]["organisation"]
    assert response.status_code == 200
    assert [(item.title, item.meta, item.badges) for item in items] == [
        ("Team A", "Jobcentre A", ("Employee",))
    ]
    assert reverse("organisations:detail", args=[world.team_a.pk]) in text_of(response)


def test_leader_sees_invited_people_who_have_not_logged_in_yet(world, client_of):
    invite(world, "one@example.org")
    invite(world, "two@example.org", world.unit_a_language)

    text = text_of(client_of(world.alice).get(URL))

    assert "2 invited people have not logged in yet" in text


def test_leader_without_pending_invitations_sees_no_such_panel(world, client_of):
    text = text_of(client_of(world.alice).get(URL))

    assert "have not logged in yet" not in text
    assert "Nothing waits for you right now" in text


def test_employee_does_not_see_pending_invitations_of_their_team(world, client_of):
    invite(world, "one@example.org")

    text = text_of(client_of(world.bob).get(URL))

    assert "not logged in yet" not in text


def test_administrator_sees_the_audit_log_link_others_do_not(world, client_of):
    assert AUDIT_LINK in text_of(client_of(world.admin).get(URL))
    for persona in (world.alice, world.bob, world.fiona):
        assert AUDIT_LINK not in text_of(client_of(persona).get(URL)), persona


def test_organisation_administrator_sees_the_audit_log_link(world, client_of):
    it_admin = make_person("it@example.org")
    Membership.objects.create(
        user=it_admin, organisation=world.municipality_a, role=Membership.Role.ADMINISTRATOR
    )

    assert AUDIT_LINK in text_of(client_of(it_admin).get(URL))


def test_person_without_memberships_gets_the_explanatory_empty_state(world, client_of):
    response = client_of(make_person("new@example.org")).get(URL)

    text = text_of(response)
    assert response.status_code == 200
    assert "You are not part of an organisation yet" in text
    assert "Ask your leader or an administrator to add you." in text
    assert response.context["sections"]["organisation"] == []


# Measured with the organisations, toolkit, competence and learning panels (goals to confirm,
# follow-up talks due, implementation tasks) and a leader's municipality reports, the session
# and the scope included; what matters: it stays flat.
HOME_QUERIES = 13


def test_query_count_does_not_grow_with_memberships_or_invitations(
    world, client_of, django_assert_max_num_queries
):
    browser = client_of(world.alice)
    invite(world, "first@example.org")
    browser.get(URL)
    with django_assert_max_num_queries(HOME_QUERIES) as few:
        browser.get(URL)

    for number in range(50):
        unit = organisation_create(
            by=world.alice,
            parent=world.municipality_a,
            name=f"Unit {number}",
            kind=Organisation.Kind.UNIT,
        )
        Membership.objects.create(user=world.alice, organisation=unit, role="leader")
        invite(world, f"invited{number}@example.org", unit)
    with django_assert_max_num_queries(HOME_QUERIES) as many:
        response = browser.get(URL)

    # The 51 memberships, then the way to the reports on her municipality.
    assert len(response.context["sections"]["organisation"]) == 52
    assert "51 invited people have not logged in yet" in text_of(response)
    assert len(many.captured_queries) == len(few.captured_queries)
