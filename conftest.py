"""Shared fixtures: a small organisation tree and the five personas of ARCHITECTURE.md.

alice: leader of municipality A (Danish) · bob: employee in a team of A ·
charlie: employee in municipality B (Norwegian) · fiona: facilitator at the agency above both ·
admin: platform administrator.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from trinvis.accounts.models import User
from trinvis.accounts.tests.factories_two_factor import session_verify
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import organisation_create

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
# Argon2 is the production hasher (a test in accounts checks it); tests hash many times.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

Kind = Organisation.Kind
Role = Membership.Role


@dataclass
class World:
    agency: Organisation
    region_dk: Organisation
    region_no: Organisation
    municipality_a: Organisation
    unit_a_refugee: Organisation
    unit_a_language: Organisation
    unit_a_job: Organisation
    team_a: Organisation
    municipality_b: Organisation
    unit_b_nav: Organisation
    alice: User
    bob: User
    charlie: User
    fiona: User
    admin: User


def make_user(email: str, full_name: str, **extra: object) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **extra)


def add_member(user: User, organisation: Organisation, role: str) -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


def _org(name: str, kind: str, parent: Organisation | None, **fields: object) -> Organisation:
    return organisation_create(by=None, parent=parent, name=name, kind=kind, **fields)


@pytest.fixture(scope="session")
def _import_directory(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One private folder per test process for response-import uploads, removed with the
    run's temporary files instead of piling up in the system's temporary directory."""
    return str(tmp_path_factory.mktemp("response-imports"))


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, _import_directory: str) -> None:
    settings.TRINVIS_IMPORT_DIR = _import_directory
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    # No test fetches static files through the test client (the live server serves them
    # itself); with DJANGO_DEBUG=true every new Client would scan all of them again.
    settings.WHITENOISE_USE_FINDERS = False
    # The hashed-name manifest exists only after collectstatic, which tests do not run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The organisation tree and the five personas (the `world` fixture; the access matrix
    builds it once per test process)."""
    agency = _org("Agency", Kind.AGENCY, None)
    region_dk = _org("Region DK", Kind.REGION, agency)
    region_no = _org("Region NO", Kind.REGION, agency)
    municipality_a = _org(
        "Municipality A",
        Kind.MUNICIPALITY,
        region_dk,
        country="DK",
        municipality_number="461",
        population=210_000,
    )
    unit_a_refugee = _org(
        "Refugee service A", Kind.UNIT, municipality_a, unit_type="refugee_service"
    )
    unit_a_language = _org(
        "Language centre A", Kind.UNIT, municipality_a, unit_type="adult_education"
    )
    unit_a_job = _org("Jobcentre A", Kind.UNIT, municipality_a, unit_type="employment")
    team_a = _org("Team A", Kind.TEAM, unit_a_job)
    municipality_b = _org(
        "Municipality B",
        Kind.MUNICIPALITY,
        region_no,
        country="NO",
        municipality_number="4601",
        population=4_000,
    )
    unit_b_nav = _org("NAV B", Kind.UNIT, municipality_b, unit_type="employment")

    alice = make_user("alice@example.org", "Alice Leader", language="en")
    bob = make_user("bob@example.org", "Bob Employee", language="en")
    charlie = make_user("charlie@example.org", "Charlie Employee", language="en")
    fiona = make_user("fiona@example.org", "Fiona Facilitator", language="en")
    admin = User.objects.create_superuser(
        email="admin@example.org", password=PASSWORD, full_name="Ada Admin", language="en"
    )
    add_member(alice, municipality_a, Role.LEADER)
    add_member(bob, team_a, Role.EMPLOYEE)
    add_member(charlie, unit_b_nav, Role.EMPLOYEE)
    add_member(fiona, agency, Role.FACILITATOR)
    add_member(admin, agency, Role.ADMINISTRATOR)
    return World(
        agency,
        region_dk,
        region_no,
        municipality_a,
        unit_a_refugee,
        unit_a_language,
        unit_a_job,
        team_a,
        municipality_b,
        unit_b_nav,
        alice,
        bob,
        charlie,
        fiona,
        admin,
    )


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    # Two-factor login: a platform administrator's session has given the code too.
    session_verify(client, user)
    return client


@pytest.fixture
def alice(world: World) -> User:
    return world.alice


@pytest.fixture
def bob(world: World) -> User:
    return world.bob


@pytest.fixture
def charlie(world: World) -> User:
    return world.charlie


@pytest.fixture
def fiona(world: World) -> User:
    return world.fiona


@pytest.fixture
def admin(world: World) -> User:
    return world.admin


@pytest.fixture
def client_of():
    """`client_of(user)`: a test client logged in as that user."""
    return _client_for
