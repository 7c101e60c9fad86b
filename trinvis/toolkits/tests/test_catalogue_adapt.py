"""Copying a shipped toolkit to an organisation and adapting the copy, version by version."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import add_member
from trinvis.accounts.tests.helpers import make_person
from trinvis.organisations.models import Membership
from trinvis.toolkits.content import check
from trinvis.toolkits.models import Toolkit, ToolkitStep
from trinvis.toolkits.services import (
    toolkit_adapt,
    toolkit_question_add,
    toolkit_rename,
    toolkit_step_add,
    toolkit_step_rename,
)


@pytest.fixture
def copy(world, toolkit) -> Toolkit:
    return toolkit_adapt(toolkit=toolkit, organisation=world.municipality_a, by=world.alice)


def steps_of(toolkit: Toolkit) -> list[str]:
    return [step["key"] for step in toolkit.steps]


def test_adapt_makes_version_1_of_the_organisations_copy(world, toolkit, copy):
    assert (copy.organisation, copy.based_on, copy.slug, copy.version) == (
        world.municipality_a,
        toolkit,
        toolkit.slug,
        1,
    )
    assert copy.document["phases"] == toolkit.document["phases"]
    assert ToolkitStep.objects.filter(toolkit=copy).count() == 3
    toolkit.refresh_from_db()
    assert toolkit.is_latest


def test_an_organisation_gets_one_copy_of_a_toolkit(world, toolkit, copy):
    with pytest.raises(ValidationError, match="already has its own copy"):
        toolkit_adapt(toolkit=toolkit, organisation=world.municipality_a, by=world.alice)


def test_a_copy_cannot_be_copied(world, copy):
    with pytest.raises(ValidationError):
        toolkit_adapt(toolkit=copy, organisation=world.municipality_b, by=world.admin)


def test_every_edit_is_a_new_version_and_the_original_stays(world, toolkit, copy):
    renamed = toolkit_rename(
        toolkit=copy, title={"da": "Vores", "nb": "", "en": "Ours"}, by=world.alice
    )
    with_step, key = toolkit_step_add(
        toolkit=renamed,
        after="read",
        title="Talk to the team",
        purpose="Agree",
        language="en",
        by=world.alice,
    )
    asked = toolkit_question_add(
        toolkit=with_step, key=key, question="Who joins?", language="en", by=world.alice
    )
    final = toolkit_step_rename(
        toolkit=asked, key="plan", title={"da": "", "nb": "", "en": "Our plan"}, by=world.alice
    )

    versions = Toolkit.objects.filter(organisation=world.municipality_a).order_by("version")
    assert [(t.version, t.is_latest) for t in versions] == [
        (1, False),
        (2, False),
        (3, False),
        (4, False),
        (5, True),
    ]
    assert final.title == {"da": "Vores", "en": "Ours"}
    assert steps_of(final) == ["read", "talk-to-the-team", "plan", "follow-up"]
    added = final.document["phases"][0]["steps"][1]
    assert added["reflection_questions"] == [{"en": "Who joins?"}]
    assert final.document["phases"][0]["steps"][2]["title"] == {"en": "Our plan"}
    assert final.based_on == toolkit
    assert check(final.document, {}, "copy") == []
    copy.refresh_from_db()
    assert steps_of(copy) == ["read", "plan", "follow-up"]
    toolkit.refresh_from_db()
    assert toolkit.document["title"]["en"] == "Small kit"


def test_an_added_step_gets_a_unique_key(world, copy):
    second, key = toolkit_step_add(
        toolkit=copy, after="read", title="Plan", purpose="Again", language="en", by=world.alice
    )

    assert key == "plan-2"
    assert steps_of(second) == ["read", "plan-2", "plan", "follow-up"]


def test_the_shipped_original_cannot_be_edited(world, toolkit):
    with pytest.raises(ValidationError):
        toolkit_rename(toolkit=toolkit, title={"en": "Mine"}, by=world.admin)


def test_an_old_version_cannot_be_edited(world, copy):
    toolkit_rename(toolkit=copy, title={"en": "New"}, by=world.alice)

    with pytest.raises(ValidationError, match="changed this toolkit meanwhile"):
        toolkit_rename(toolkit=copy, title={"en": "Newer"}, by=world.alice)


# --- views


def test_leader_copies_a_toolkit_to_her_municipality(world, toolkit, client_of):
    url = reverse("toolkits:adapt", args=[toolkit.pk])

    response = client_of(world.alice).post(url, {"organisation": world.municipality_a.pk})

    copy = Toolkit.objects.get(organisation=world.municipality_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("toolkits:detail", args=[copy.pk])


def test_adapt_form_offers_only_organisations_the_user_may_change(world, toolkit, client_of):
    response = client_of(world.alice).get(reverse("toolkits:adapt", args=[toolkit.pk]))

    choices = list(response.context["form"].fields["organisation"].queryset)
    assert world.municipality_a in choices
    assert world.municipality_b not in choices


def test_adapt_refuses_an_organisation_outside_the_users_scope(world, toolkit, client_of):
    url = reverse("toolkits:adapt", args=[toolkit.pk])

    response = client_of(world.alice).post(url, {"organisation": world.municipality_b.pk})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Toolkit.objects.filter(organisation__isnull=False).exists()


def test_adapt_shows_a_second_copy_as_a_form_error(world, toolkit, copy, client_of):
    url = reverse("toolkits:adapt", args=[toolkit.pk])

    response = client_of(world.alice).post(url, {"organisation": world.municipality_a.pk})

    assert "already has its own copy" in response.content.decode()


def test_employee_may_not_copy_a_toolkit(world, toolkit, client_of):
    url = reverse("toolkits:adapt", args=[toolkit.pk])

    assert client_of(world.bob).get(url).status_code == 403
    assert client_of(world.bob).post(url, {"organisation": world.team_a.pk}).status_code == 403
    assert not Toolkit.objects.filter(organisation__isnull=False).exists()


def test_employee_of_the_municipality_reads_the_copy_but_may_not_edit_it(world, copy, client_of):
    reader = make_person("erin@example.org", "Erin Employee")
    add_member(reader, world.municipality_a, Membership.Role.EMPLOYEE)
    browser = client_of(reader)

    assert browser.get(reverse("toolkits:detail", args=[copy.pk])).status_code == 200
    url = reverse("toolkits:rename", args=[copy.pk])
    assert browser.get(url).status_code == 403
    assert browser.post(url, {"title_en": "Mine"}).status_code == 403


def test_outsider_gets_404_on_the_copy(world, copy, client_of):
    for name, kwargs in [
        ("toolkits:detail", {"pk": copy.pk}),
        ("toolkits:rename", {"pk": copy.pk}),
        ("toolkits:step_add", {"pk": copy.pk, "key": "read"}),
    ]:
        assert client_of(world.charlie).get(reverse(name, kwargs=kwargs)).status_code == 404


def test_leader_renames_the_copy_from_the_form(world, copy, client_of):
    url = reverse("toolkits:rename", args=[copy.pk])

    response = client_of(world.alice).post(url, {"title_en": "Our kit", "title_da": "Vores"})

    latest = Toolkit.objects.get(organisation=world.municipality_a, is_latest=True)
    assert response["Location"] == reverse("toolkits:detail", args=[latest.pk])
    assert latest.title == {"da": "Vores", "en": "Our kit"}


def test_rename_without_any_title_is_an_error(world, copy, client_of):
    url = reverse("toolkits:rename", args=[copy.pk])

    response = client_of(world.alice).post(url, {"title_en": " "})

    assert response.status_code == 200
    assert "Write the title in at least one language." in response.content.decode()
    assert Toolkit.objects.filter(organisation=world.municipality_a).count() == 1


def test_leader_adds_a_step_and_a_question_from_the_forms(world, copy, client_of):
    browser = client_of(world.alice)

    browser.post(
        reverse("toolkits:step_add", args=[copy.pk, "plan"]),
        {"title": "Check in", "purpose": "See how it goes"},
    )
    second = Toolkit.objects.get(organisation=world.municipality_a, is_latest=True)
    browser.post(
        reverse("toolkits:question_add", args=[second.pk, "check-in"]), {"question": "How?"}
    )
    third = Toolkit.objects.get(organisation=world.municipality_a, is_latest=True)

    assert steps_of(third) == ["read", "plan", "check-in", "follow-up"]
    assert third.document["phases"][0]["steps"][2]["reflection_questions"] == [{"en": "How?"}]


def test_step_rename_form_shows_errors_for_an_empty_title(world, copy, client_of):
    url = reverse("toolkits:step_rename", args=[copy.pk, "plan"])

    response = client_of(world.alice).post(url, {})

    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_edits_of_the_shipped_original_are_forbidden(world, toolkit, client_of):
    url = reverse("toolkits:step_add", args=[toolkit.pk, "read"])

    assert client_of(world.admin).post(url, {"title": "X", "purpose": "Y"}).status_code == 403
    assert Toolkit.objects.count() == 1
