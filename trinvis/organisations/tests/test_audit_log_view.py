"""The audit log: for platform administrators all events, for others their organisations'."""

from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login, make_person
from trinvis.core.models import AuditEvent
from trinvis.core.services import audit_record
from trinvis.organisations.models import Membership
from trinvis.organisations.tests.helpers import join

URL = reverse("organisations:audit_log")
Action = AuditEvent.Action


def targets(response) -> set[str]:
    return {event.target for event in response.context["page"].object_list}


def record_events(world) -> None:
    audit_record(action=Action.PERSON_INVITED, organisation_id=world.team_a.pk, target="in A")
    audit_record(action=Action.ROLE_CHANGED, organisation_id=world.unit_b_nav.pk, target="in B")
    audit_record(action=Action.LOGIN_FAILED, actor_label="someone", target="no organisation")


def test_anonymous_visitor_is_sent_to_login(client):
    assert_redirects_to_login(client.get(URL), URL)


def test_platform_admin_sees_every_event(world, client_of):
    record_events(world)

    response = client_of(world.admin).get(URL)

    assert response.status_code == 200
    assert {"in A", "in B", "no organisation"} <= targets(response)


def test_organisation_administrator_sees_only_their_organisations_events(world, client_of):
    record_events(world)
    it_admin = join(
        make_person("it@example.org"), world.municipality_a, Membership.Role.ADMINISTRATOR
    )

    response = client_of(it_admin.user).get(URL)

    assert response.status_code == 200
    assert "in A" in targets(response)
    assert "in B" not in targets(response)
    assert "no organisation" not in targets(response)


def test_events_can_be_filtered_by_kind(world, client_of):
    record_events(world)

    response = client_of(world.admin).get(URL, {"action": Action.ROLE_CHANGED})

    assert targets(response) == {"in B"}


def test_unknown_filter_shows_all_events(world, client_of):
    record_events(world)

    response = client_of(world.admin).get(URL, {"action": "nonsense"})

    assert {"in A", "in B"} <= targets(response)


def test_leader_employee_and_facilitator_get_403(world, client_of):
    for persona in (world.alice, world.bob, world.fiona):
        assert client_of(persona).get(URL).status_code == 403, persona


def test_query_count_does_not_grow_with_the_number_of_events(
    world, client_of, django_assert_max_num_queries
):
    browser = client_of(world.admin)
    browser.get(URL)
    # +1 since two-factor login: django-otp loads the administrator's verified device.
    with django_assert_max_num_queries(7) as few:
        browser.get(URL)

    for number in range(50):
        audit_record(action=Action.LOGIN, actor=world.bob, target=f"event {number}")
    with django_assert_max_num_queries(7) as many:
        response = browser.get(URL)

    assert "event 49" in targets(response)
    assert len(many.captured_queries) == len(few.captured_queries)
