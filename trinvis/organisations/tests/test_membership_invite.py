"""membership_invite: adding a person to an organisation, by e-mail invitation if new."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import (
    PASSWORD,
    choose_password,
    is_logged_in,
    link_path_in_last_mail,
    log_in,
)
from trinvis.core.models import AuditEvent
from trinvis.organisations.models import Membership
from trinvis.organisations.services import membership_invite, membership_set_active

Role = Membership.Role
BASE_URL = "http://testserver/"


def invite(world, *, email="new.person@example.org", role=Role.EMPLOYEE, by=None, **extra):
    return membership_invite(
        organisation=extra.pop("organisation", world.unit_a_job),
        email=email,
        full_name=extra.pop("full_name", "  New Person "),
        role=role,
        by=by or world.alice,
        base_url=BASE_URL,
    )


def test_new_person_gets_an_account_without_a_usable_password(world):
    membership = invite(world)

    user = membership.user
    assert user.email == "new.person@example.org"
    assert user.full_name == "New Person"
    assert not user.has_usable_password()
    assert user.is_active
    assert (membership.organisation, membership.role) == (world.unit_a_job, Role.EMPLOYEE)
    assert membership.invited_by == world.alice


def test_invited_person_gets_the_inviters_language(world):
    world.alice.language = "nb"
    world.alice.save()

    membership = invite(world)

    assert membership.user.language == "nb"


def test_e_mail_address_is_stored_in_lower_case(world):
    membership = invite(world, email="New.Person@Example.ORG")

    assert membership.user.email == "new.person@example.org"


def test_invitation_e_mail_is_sent_only_after_the_invitation_commits(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(world)
        assert mail.outbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Jobcentre A" in message.body
    assert "Alice Leader" in message.body
    assert "http://testserver/accounts/invitation/" in message.body


def test_invitation_link_lets_the_person_choose_a_password_and_logs_them_in(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(world)
    browser = Client()

    response = choose_password(browser, link_path_in_last_mail(), "a-new-long-passphrase-42")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert is_logged_in(browser)
    assert User.objects.get(email="new.person@example.org").check_password(
        "a-new-long-passphrase-42"
    )


def test_invitation_link_works_only_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(world)
    link = link_path_in_last_mail()
    choose_password(Client(), link, "a-new-long-passphrase-42")

    second_try = Client().get(link, follow=True)

    assert not is_logged_in(second_try.client)
    assert b'name="new_password1"' not in second_try.content


def test_inviting_an_active_member_again_is_refused(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        invite(world, email="BOB@example.org", organisation=world.team_a)

    assert "email" in error.value.message_dict
    assert "already a member" in error.value.message_dict["email"][0]
    assert Membership.objects.filter(user=world.bob).count() == 1
    assert mail.outbox == []


def test_inviting_a_deactivated_member_reactivates_them_with_the_new_role(
    world, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=world.bob)
    membership_set_active(membership=membership, active=False, by=world.alice)
    assert log_in(Client(), "bob@example.org").status_code == 200, "refused while deactivated"

    with django_capture_on_commit_callbacks(execute=True):
        again = invite(world, email="bob@example.org", organisation=world.team_a, role=Role.LEADER)

    assert again.pk == membership.pk
    assert (again.is_active, again.role) == (True, Role.LEADER)
    assert log_in(Client(), "bob@example.org", PASSWORD).status_code == 302
    assert mail.outbox == [], "bob already has a password"


def test_person_with_an_account_is_added_without_an_invitation_e_mail(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = invite(world, email="charlie@example.org")

    assert membership.user == world.charlie
    assert User.objects.filter(email="charlie@example.org").count() == 1
    assert mail.outbox == []


def test_invitation_is_audited(world):
    invite(world)

    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_INVITED)
    assert event.actor == world.alice
    assert event.organisation_id == world.unit_a_job.pk
    assert event.target == "new.person@example.org"
    assert event.details == {"role": Role.EMPLOYEE, "new_account": True}


def test_leader_cannot_invite_an_administrator(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        invite(world, role=Role.ADMINISTRATOR)

    assert "role" in error.value.message_dict
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert mail.outbox == []


def test_nobody_can_invite_into_an_organisation_outside_their_scope(world):
    with pytest.raises(ValidationError):
        invite(world, organisation=world.unit_b_nav)

    assert not Membership.objects.filter(organisation=world.unit_b_nav, user__email__contains="new")


def test_employee_cannot_invite_anybody(world):
    with pytest.raises(ValidationError):
        invite(world, organisation=world.team_a, by=world.bob)

    assert not User.objects.filter(email="new.person@example.org").exists()
