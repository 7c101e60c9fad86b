"""Helpers for the organisations tests: memberships, bulk rows and CSV files."""

from django.http import HttpResponse

from trinvis.accounts.models import User
from trinvis.accounts.tests.helpers import make_person
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import organisation_create

Role = Membership.Role


def join(user: User, organisation: Organisation, role: str, *, active: bool = True) -> Membership:
    return Membership.objects.create(
        user=user, organisation=organisation, role=role, is_active=active
    )


def add_people(organisation: Organisation, count: int, *, prefix: str = "extra") -> list[User]:
    """`count` new employees of the organisation, each with a password."""
    people = []
    for number in range(count):
        person = make_person(f"{prefix}{number}@example.org", f"{prefix.title()} Person {number}")
        join(person, organisation, Role.EMPLOYEE)
        people.append(person)
    return people


def add_units(parent: Organisation, count: int, *, prefix: str = "Extra unit") -> None:
    for number in range(count):
        organisation_create(
            by=None,
            parent=parent,
            name=f"{prefix} {number}",
            kind=Organisation.Kind.UNIT,
            unit_type=Organisation.UnitType.OTHER,
        )


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    """A CSV upload as Excel writes it: CRLF line endings."""
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


def page_text(response: HttpResponse) -> str:
    """The response body as text, for checks on what a person would read."""
    return response.content.decode()
