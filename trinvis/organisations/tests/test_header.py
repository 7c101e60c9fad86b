"""The page header names the organisation of the user's first active membership, in tree
order; nothing for someone without one."""

from conftest import add_member
from trinvis.organisations.models import Membership

HEADER = '<p class="trinvis-header__org">'


def _header(client) -> str:
    html = client.get("/organisations/").content.decode()
    start = html.find(HEADER)
    return "" if start < 0 else html[start + len(HEADER) : html.index("</p>", start)]


def test_the_header_names_the_first_active_membership_in_tree_order(world, client_of):
    # Bob is an employee of team A; a membership of the municipality above comes first.
    assert _header(client_of(world.bob)) == world.team_a.name
    membership = add_member(world.bob, world.municipality_a, Membership.Role.EMPLOYEE)
    assert _header(client_of(world.bob)) == world.municipality_a.name
    membership.is_active = False
    membership.save()
    assert _header(client_of(world.bob)) == world.team_a.name


def test_without_an_active_membership_the_header_names_none(world, client_of):
    Membership.objects.filter(user=world.bob).update(is_active=False)
    assert _header(client_of(world.bob)) == ""


def test_a_platform_administrator_sees_their_own_membership(world, client_of):
    # Their scope grants every organisation; the header still names where they belong.
    assert _header(client_of(world.admin)) == world.agency.name
    Membership.objects.filter(user=world.admin).update(is_active=False)
    assert _header(client_of(world.admin)) == ""
