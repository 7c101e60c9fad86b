"""Demo organisations and people: invented names, no real persons."""

from typing import Any

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.organisations.models import Membership, Organisation
from trinvis.organisations.services import organisation_create

Kind = Organisation.Kind
Role = Membership.Role
UnitType = Organisation.UnitType

DANISH_TEAM = [
    "Mette Kjær",
    "Rasmus Vestergaard",
    "Sofie Lindholm",
    "Jonas Bech",
    "Camilla Thygesen",
    "Anders Kragh",
    "Louise Damgaard",
    "Mikkel Holst",
    "Ida Sørensen",
    "Nikolaj Brandt",
    "Amalie Frost",
]
NORWEGIAN_TEAM = [
    "Ingrid Haugland",
    "Sindre Bakken",
    "Marte Solheim",
    "Eirik Aasen",
    "Silje Nordvik",
    "Henrik Tveit",
    "Ragnhild Strand",
    "Ola Myklebust",
    "Tone Fjeldstad",
    "Kristian Helle",
    "Ane Vik",
]


def _organisation(name: str, kind: str, parent: Organisation | None, **fields: Any) -> Organisation:
    existing = Organisation.objects.filter(name=name, parent=parent).first()
    if existing is not None:
        return existing
    return organisation_create(by=None, parent=parent, name=name, kind=kind, **fields)


def _person(email: str, full_name: str, language: str = "", **flags: Any) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name = full_name
    user.language = user.language or language
    for flag, value in flags.items():
        setattr(user, flag, value)
    user.set_password(demo.DEMO_PASSWORD)
    user.save()
    return user


def _member(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "is_active": True}
    )


def _email(name: str, domain: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "Æ": "Ae", "Ø": "O", "Å": "Aa"})
    return f"{name.translate(table).lower().replace(' ', '.')}@{domain}"


def _municipality(
    region: Organisation, name: str, number: str, population: int, country: str, units: list[str]
) -> tuple[Organisation, Organisation]:
    municipality = _organisation(
        name,
        Kind.MUNICIPALITY,
        region,
        country=country,
        municipality_number=number,
        population=population,
    )
    for unit_name, unit_type in zip(
        units,
        [UnitType.REFUGEE_SERVICE, UnitType.ADULT_EDUCATION, UnitType.EMPLOYMENT],
        strict=True,
    ):
        _organisation(unit_name, Kind.UNIT, municipality, unit_type=unit_type)
    team_name = "Team Integration og Job" if country == "DK" else "Team Introduksjon og arbeid"
    team = _organisation(team_name, Kind.TEAM, municipality)
    return municipality, team


@demo.register(order=10)
def load() -> None:
    agency = _organisation("Nordisk Integrationsnetværk (demo)", Kind.AGENCY, None)
    region_dk = _organisation("Region Syddanmark", Kind.REGION, agency)
    region_no = _organisation("Vestland", Kind.REGION, agency)
    odense, team_dk = _municipality(
        region_dk,
        "Odense Kommune",
        "461",
        210_803,
        "DK",
        ["Integrationsafdelingen", "Sprogcenter Odense", "Jobcenter Odense"],
    )
    bergen, team_no = _municipality(
        region_no,
        "Bergen kommune",
        "4601",
        291_940,
        "NO",
        ["Flyktningtjenesten", "Bergen voksenopplæring", "NAV Bergen"],
    )

    alice = _person("alice@example.org", "Alice Nørgaard", "da")
    _member(alice, odense, Role.LEADER)
    _member(_person("bob@example.org", "Bo Bjerregaard", "da"), team_dk, Role.EMPLOYEE)
    _member(_person("charlie@example.org", "Charlotte Lie", "nb"), team_no, Role.EMPLOYEE)
    _member(_person("fiona@example.org", "Fiona Mikkelsen", "da"), agency, Role.FACILITATOR)
    admin = _person(
        "admin@example.org", "Ada Administrator", "en", is_staff=True, is_superuser=True
    )
    _member(admin, agency, Role.ADMINISTRATOR)

    _member(
        _person(_email("Henrik Møller", "odense.example.dk"), "Henrik Møller"), team_dk, Role.LEADER
    )
    _member(_person(_email("Kari Nilsen", "bergen.example.no"), "Kari Nilsen"), bergen, Role.LEADER)
    _member(
        _person(_email("Torstein Lunde", "bergen.example.no"), "Torstein Lunde"),
        team_no,
        Role.LEADER,
    )
    for names, team, domain, language in (
        (DANISH_TEAM, team_dk, "odense.example.dk", "da"),
        (NORWEGIAN_TEAM, team_no, "bergen.example.no", "nb"),
    ):
        for name in names:
            _member(_person(_email(name, domain), name, language), team, Role.EMPLOYEE)
    contact = _person(_email("Magnus Brekke", "bergen.example.no"), "Magnus Brekke", "nb")
    _member(contact, bergen, Role.CONTACT_PERSON)
    consultant = _person(_email("Lars Kristensen", "odense.example.dk"), "Lars Kristensen", "da")
    _member(consultant, odense, Role.DEVELOPMENT_CONSULTANT)
