"""Scope derivation and the access checks every view relies on (organisations/access.py)."""

from itertools import count

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import make_person
from trinvis.organisations.access import (
    filter_for_user,
    get_for_user,
    membership_get_for_user,
    organisation_get_for_user,
    scope_for,
)
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import membership_set_active, organisation_create
from trinvis.organisations.tests.helpers import join

Role = Membership.Role
ALL_ROLES = set(Role)


def fresh(user: User) -> User:
    """The same person as a new request would load them, without a cached scope."""
    return User.objects.get(pk=user.pk)


def municipality_a_subtree(world):
    return [
        world.municipality_a,
        world.unit_a_refugee,
        world.unit_a_language,
        world.unit_a_job,
        world.team_a,
    ]


# --- scope derivation ---------------------------------------------------------------------


def test_leader_of_municipality_leads_all_its_units_and_teams(world):
    scope = scope_for(world.alice)

    for organisation in municipality_a_subtree(world):
        assert scope.can_see_detail(organisation.pk), organisation
        assert scope.roles_in(organisation.pk) == {Role.LEADER}
        assert scope.can_manage_people(organisation.pk)
        assert scope.can_write(organisation.pk)


def test_leader_sees_region_and_agency_above_only_as_aggregates(world):
    scope = scope_for(world.alice)

    assert scope.aggregate_ids == {world.region_dk.pk, world.agency.pk}
    assert not scope.can_see_detail(world.region_dk.pk)
    assert not scope.can_manage_people(world.agency.pk)


def test_leader_cannot_see_another_municipality_at_all(world):
    scope = scope_for(world.alice)

    for organisation in (world.municipality_b, world.unit_b_nav, world.region_no):
        assert not scope.can_see(organisation.pk), organisation


def test_employee_sees_own_team_in_detail_and_its_ancestors_only_as_aggregates(world):
    scope = scope_for(world.bob)

    assert scope.detail_ids == {world.team_a.pk}
    assert scope.roles_in(world.team_a.pk) == {Role.EMPLOYEE}
    assert scope.aggregate_ids == {
        world.unit_a_job.pk,
        world.municipality_a.pk,
        world.region_dk.pk,
        world.agency.pk,
    }


def test_employee_may_neither_write_nor_manage_people_in_own_team(world):
    scope = scope_for(world.bob)

    assert not scope.can_write(world.team_a.pk)
    assert not scope.can_manage_people(world.team_a.pk)


def test_employee_does_not_see_sibling_units_of_own_unit(world):
    scope = scope_for(world.bob)

    assert not scope.can_see(world.unit_a_refugee.pk)
    assert not scope.can_see(world.unit_a_language.pk)


def test_facilitator_sees_agency_in_detail_and_everything_below_only_as_aggregate(world):
    scope = scope_for(world.fiona)
    below_agency = set(
        Organisation.objects.exclude(pk=world.agency.pk).values_list("pk", flat=True)
    )

    assert scope.detail_ids == {world.agency.pk}
    assert scope.roles_in(world.agency.pk) == {Role.FACILITATOR}
    assert scope.aggregate_ids == below_agency
    assert not scope.can_see_detail(world.municipality_a.pk)


def test_municipality_granting_facilitator_a_membership_gives_her_detail_there(world):
    join(world.fiona, world.municipality_b, Role.CONTACT_PERSON)

    scope = scope_for(fresh(world.fiona))

    assert scope.can_see_detail(world.municipality_b.pk)
    assert scope.can_see_detail(world.unit_b_nav.pk)
    assert scope.roles_in(world.unit_b_nav.pk) == {Role.CONTACT_PERSON}
    assert not scope.can_see_detail(world.municipality_a.pk), "other municipalities unchanged"
    assert world.municipality_a.pk in scope.aggregate_ids


def test_platform_admin_sees_every_organisation_in_detail_as_administrator(world):
    late = organisation_create(by=None, parent=None, name="Created later", kind="agency")

    scope = scope_for(fresh(world.admin))

    assert scope.is_platform_admin
    assert scope.detail_ids == set(Organisation.objects.values_list("pk", flat=True))
    assert scope.is_administrator_of(late.pk)
    assert scope.aggregate_ids == set()


def test_inactive_membership_gives_no_access(world):
    Membership.objects.filter(user=world.alice).update(is_active=False)

    scope = scope_for(fresh(world.alice))

    assert scope.visible_ids == set()


def test_inactive_user_gives_no_access_even_with_active_memberships(world):
    User.objects.filter(pk=world.alice.pk).update(is_active=False)

    scope = scope_for(fresh(world.alice))

    assert scope.visible_ids == set()


def test_anonymous_visitor_has_no_access(world):
    scope = scope_for(AnonymousUser())

    assert scope.visible_ids == set()
    assert not scope.is_platform_admin


def test_person_without_memberships_has_no_access(world):
    scope = scope_for(make_person("nobody@example.org"))

    assert scope.visible_ids == set()


def test_scope_is_computed_once_per_request_user(world, django_assert_num_queries):
    user = fresh(world.alice)
    with django_assert_num_queries(2):
        scope_for(user)
    with django_assert_num_queries(0):
        scope_for(user)


def test_deactivating_a_membership_takes_effect_on_the_next_request(world):
    membership = Membership.objects.get(user=world.bob)
    assert scope_for(fresh(world.bob)).can_see(world.team_a.pk)

    membership_set_active(membership=membership, active=False, by=world.alice)

    assert not scope_for(fresh(world.bob)).can_see(world.team_a.pk)


# --- scope derivation against an independent oracle, for random membership sets -----------

_emails = count()
ORGANISATION_NAMES = [
    "agency",
    "region_dk",
    "region_no",
    "municipality_a",
    "unit_a_refugee",
    "unit_a_language",
    "unit_a_job",
    "team_a",
    "municipality_b",
    "unit_b_nav",
]


def _expected_scope(memberships: list[tuple[Organisation, str, bool]]):
    """Straight from the rules in access.py's docstring, one organisation at a time."""
    detail: dict[int, set[str]] = {}
    seen: set[int] = set()
    everything = list(Organisation.objects.all())
    for organisation, role, active in memberships:
        if not active:
            continue
        for candidate in everything:
            inside = candidate.path.startswith(organisation.path)
            if inside and (role != Role.FACILITATOR or candidate.pk == organisation.pk):
                detail.setdefault(candidate.pk, set()).add(role)
            elif inside or candidate.pk in organisation.ancestor_ids:
                seen.add(candidate.pk)
    return detail, seen - detail.keys()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    grants=st.lists(
        st.tuples(st.sampled_from(ORGANISATION_NAMES), st.sampled_from(list(Role)), st.booleans()),
        max_size=4,
        unique_by=lambda grant: grant[0],
    )
)
def test_scope_matches_the_documented_rules_for_any_set_of_memberships(world, grants):
    person = make_person(f"random{next(_emails)}@example.org")
    memberships = []
    for name, role, active in grants:
        organisation = getattr(world, name)
        join(person, organisation, role, active=active)
        memberships.append((organisation, role, active))

    scope = scope_for(fresh(person))
    detail, aggregate = _expected_scope(memberships)

    assert {pk: set(roles) for pk, roles in scope.detail_roles.items()} == detail
    assert scope.aggregate_ids == aggregate
    assert not scope.detail_ids & scope.aggregate_ids


# --- get_for_user / organisation_get_for_user -----------------------------------------------


def test_get_for_user_returns_a_row_inside_the_scope(world):
    bobs = Membership.objects.get(user=world.bob)

    found = get_for_user(Membership.objects.all(), user=world.alice, pk=bobs.pk, write=True)

    assert found == bobs


def test_get_for_user_is_404_for_a_row_of_another_municipality(world):
    bobs = Membership.objects.get(user=world.bob)

    with pytest.raises(Http404):
        get_for_user(Membership.objects.all(), user=world.charlie, pk=bobs.pk)


def test_get_for_user_is_404_where_the_user_sees_only_aggregates(world):
    bobs = Membership.objects.get(user=world.bob)

    with pytest.raises(Http404):
        get_for_user(Membership.objects.all(), user=world.fiona, pk=bobs.pk)


def test_get_for_user_is_403_for_a_write_by_a_read_only_role(world):
    bobs = Membership.objects.get(user=world.bob)
    assert get_for_user(Membership.objects.all(), user=world.bob, pk=bobs.pk) == bobs

    with pytest.raises(PermissionDenied):
        get_for_user(Membership.objects.all(), user=world.bob, pk=bobs.pk, write=True)


def test_membership_get_for_user_is_403_when_an_employee_would_manage_people(world):
    bobs = Membership.objects.get(user=world.bob)

    with pytest.raises(PermissionDenied):
        membership_get_for_user(user=world.bob, pk=bobs.pk, manage_people=True)
    assert membership_get_for_user(user=world.alice, pk=bobs.pk, manage_people=True) == bobs


def test_filter_for_user_keeps_only_rows_the_user_sees_in_detail(world):
    visible = filter_for_user(Membership.objects.all(), user=world.alice)

    assert set(visible.values_list("user__email", flat=True)) == {
        "alice@example.org",
        "bob@example.org",
    }


def test_organisation_get_for_user_returns_organisation_in_scope(world):
    found = organisation_get_for_user(user=world.alice, pk=world.unit_a_job.pk, write=True)

    assert found == world.unit_a_job


def test_organisation_get_for_user_is_404_outside_the_scope(world):
    with pytest.raises(Http404):
        organisation_get_for_user(user=world.alice, pk=world.municipality_b.pk, detail=False)


def test_organisation_get_for_user_admits_aggregate_access_only_when_asked(world):
    found = organisation_get_for_user(user=world.fiona, pk=world.municipality_a.pk, detail=False)
    assert found == world.municipality_a

    with pytest.raises(Http404):
        organisation_get_for_user(user=world.fiona, pk=world.municipality_a.pk)


def test_organisation_get_for_user_is_403_for_a_write_by_a_read_only_role(world):
    with pytest.raises(PermissionDenied):
        organisation_get_for_user(user=world.bob, pk=world.team_a.pk, write=True)


def test_organisation_get_for_user_is_403_for_facilitator_managing_agency_people(world):
    with pytest.raises(PermissionDenied):
        organisation_get_for_user(user=world.fiona, pk=world.agency.pk, manage_people=True)


@pytest.mark.parametrize("pk", ["not-a-number", None, 10**9])
def test_organisation_get_for_user_is_404_for_nonsense_or_missing_ids(world, pk):
    with pytest.raises(Http404):
        organisation_get_for_user(user=world.admin, pk=pk)


# --- grantable roles ------------------------------------------------------------------------


def test_leader_may_grant_every_role_except_administrator(world):
    roles = scope_for(world.alice).grantable_roles(world.unit_a_job.pk)

    assert set(roles) == ALL_ROLES - {Role.ADMINISTRATOR}


def test_administrator_of_a_municipality_may_grant_every_role(world):
    municipal_admin = make_person("it@example.org")
    join(municipal_admin, world.municipality_a, Role.ADMINISTRATOR)

    roles = scope_for(municipal_admin).grantable_roles(world.team_a.pk)

    assert set(roles) == ALL_ROLES


def test_platform_admin_may_grant_every_role_anywhere(world):
    assert set(scope_for(world.admin).grantable_roles(world.unit_b_nav.pk)) == ALL_ROLES


@pytest.mark.parametrize(
    ("persona", "organisation"),
    [
        ("bob", "team_a"),
        ("alice", "municipality_b"),
        ("fiona", "municipality_a"),
        ("fiona", "agency"),
    ],
)
def test_roles_without_people_management_may_grant_nothing(world, persona, organisation):
    scope = scope_for(getattr(world, persona))

    assert scope.grantable_roles(getattr(world, organisation).pk) == []


def test_personal_data_is_for_leaders_of_the_persons_organisations_only(world):
    bobs_organisations = [world.team_a.pk]

    assert scope_for(world.alice).can_see_personal_data_in(bobs_organisations)
    assert not scope_for(world.bob).can_see_personal_data_in(bobs_organisations)
    assert not scope_for(world.charlie).can_see_personal_data_in(bobs_organisations)
    assert not scope_for(world.fiona).can_see_personal_data_in(bobs_organisations)
