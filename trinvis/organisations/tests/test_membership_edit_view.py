"""A person's membership page (change role) and its status form (deactivate, reactivate)."""

from django.test import Client
from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login, log_in, make_person
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership
from trinvis.organisations.tests.helpers import join, page_text

Role = Membership.Role


def url(membership) -> str:
    return reverse("organisations:membership", args=[membership.pk])


def status_url(membership) -> str:
    return reverse("organisations:membership_status", args=[membership.pk])


def bobs() -> Membership:
    return Membership.objects.get(user__email="bob@example.org")


def test_anonymous_visitor_is_sent_to_login(world, client):
    assert_redirects_to_login(client.get(url(bobs())), url(bobs()))


def test_leader_sees_the_membership(world, client_of):
    response = client_of(world.alice).get(url(bobs()))

    assert response.status_code == 200
    assert "bob@example.org" in page_text(response)


def test_leader_changes_a_role(world, client_of):
    response = client_of(world.alice).post(url(bobs()), {"role": Role.LEADER})

    assert response.status_code == 302
    assert response["Location"] == url(bobs())
    assert bobs().role == Role.LEADER
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_leader_cannot_give_the_administrator_role(world, client_of):
    response = client_of(world.alice).post(url(bobs()), {"role": Role.ADMINISTRATOR})

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert bobs().role == Role.EMPLOYEE


def test_leader_deactivates_and_reactivates_a_person(world, client_of):
    browser = client_of(world.alice)

    assert browser.post(status_url(bobs()), {"action": "deactivate"}).status_code == 302
    assert not bobs().is_active
    assert log_in(Client(), "bob@example.org").status_code == 200, "refused"

    assert browser.post(status_url(bobs()), {"action": "reactivate"}).status_code == 302
    assert bobs().is_active
    assert log_in(Client(), "bob@example.org").status_code == 302


def test_refused_change_of_own_role_is_explained_on_the_page(world, client_of):
    own = Membership.objects.get(user=world.alice)

    response = client_of(world.alice).post(url(own), {"role": Role.EMPLOYEE})

    assert response.status_code == 200
    assert "You cannot change your own role. Ask another leader." in page_text(response)
    own.refresh_from_db()
    assert own.role == Role.LEADER


def test_refused_deactivation_of_an_administrator_is_explained_on_the_page(world, client_of):
    it_admin = join(make_person("it@example.org"), world.municipality_a, Role.ADMINISTRATOR)

    response = client_of(world.alice).post(
        status_url(it_admin), {"action": "deactivate"}, follow=True
    )

    assert response.status_code == 200
    assert '<div class="ds-alert" data-color="danger">' in page_text(response)
    it_admin.refresh_from_db()
    assert it_admin.is_active


def test_refused_deactivation_of_oneself_is_explained_on_the_page(world, client_of):
    own = Membership.objects.get(user=world.alice)

    response = client_of(world.alice).post(status_url(own), {"action": "deactivate"}, follow=True)

    assert response.status_code == 200
    assert "You cannot deactivate yourself. Ask another leader." in page_text(response)
    own.refresh_from_db()
    assert own.is_active


def test_employee_gets_403_even_for_their_own_membership(world, client_of):
    browser = client_of(world.bob)

    assert browser.get(url(bobs())).status_code == 403
    assert browser.post(url(bobs()), {"role": Role.LEADER}).status_code == 403
    assert bobs().role == Role.EMPLOYEE


def test_outsider_gets_404(world, client_of):
    response = client_of(world.charlie).post(status_url(bobs()), {"action": "deactivate"})

    assert response.status_code == 404
    assert client_of(world.fiona).get(url(bobs())).status_code == 404
    assert bobs().is_active
