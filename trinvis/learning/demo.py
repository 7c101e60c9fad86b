"""Demo: the activity catalogues of Odense Kommune and Bergen kommune.

Odense has external and internal courses, a course provider's programme on employer-oriented
integration work (four modules combined into two paths), mentoring, side-by-side training
and a theme day, linked to the competences of the demo competence profile (competences/
demo.py), and has adopted the starter principles. Bergen has a smaller catalogue and the
principles in Norwegian. Dates are set relative to the day of loading, so the courses lie
ahead (the before-course procedure has something to do) and one lies behind. Loading twice
changes nothing: what exists is found by its title and left alone.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from trinvis.accounts.models import User
from trinvis.competences.models import Competence, Profile
from trinvis.core import demo
from trinvis.learning.models import Activity, Path, Principle, Programme
from trinvis.learning.services import catalogue, principles
from trinvis.organisations.models import Organisation

Kind = Activity.Kind
PROVIDER_DK = "Kursushuset Fyn (demo)"
PROGRAMME_DK = "Virksomhedsrettet integration – moduluddannelse"


def _days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _at(offset: int, hour: int) -> datetime.datetime:
    day = _days(offset)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _activity(
    by: User,
    organisation: Organisation,
    competences: dict[str, int],
    *,
    title: str,
    kind: str,
    uses: tuple[str, ...] = (),
    **fields: Any,
) -> Activity:
    found = Activity.objects.filter(organisation=organisation, title=title).first()
    if found is not None:
        return found
    data = catalogue.ActivityInput(
        kind=kind,
        title=title,
        competence_ids=frozenset(competences[key] for key in uses if key in competences),
        **fields,
    )
    return catalogue.activity_create(by=by, organisation=organisation, data=data)


def _programme(by: User, organisation: Organisation, competences: dict[str, int]) -> None:
    programme = Programme.objects.filter(organisation=organisation, name=PROGRAMME_DK).first()
    if programme is None:
        programme = catalogue.programme_create(
            by=by,
            organisation=organisation,
            data=catalogue.ProgrammeInput(
                name=PROGRAMME_DK,
                description=(
                    "Fire moduler om at bringe flygtninge og familiesammenførte tættere på "
                    "arbejdsmarkedet gennem et tæt samarbejde med virksomhederne. Deltagerne "
                    "arbejder mellem modulerne med en opgave fra egen praksis."
                ),
                how_modules_combine=(
                    "Modul 1 er det fælles grundlag og tages først. Modul 2 og modul 4 bygger "
                    "på modul 1 og kan tages hver for sig. Modul 3 samler op og afslutter "
                    "begge forløb."
                ),
            ),
        )
    module = {
        "local": "Modul 1: Det lokale arbejdsmarked og virksomhedernes behov",
        "match": "Modul 2: Virksomhedskontakt og jobmatch",
        "follow": "Modul 3: Opfølgning på arbejdspladsen og fastholdelse",
        "language": "Modul 4: Sprog og job for borgere med kort skolegang",
    }
    plans = (
        ("local", 49, ("labour-market",)),
        ("match", 77, ("labour-market", "cross-unit-collaboration")),
        ("language", 91, ("education-paths", "intercultural-communication")),
        ("follow", 119, ("plan-coordination", "motivational-conversation")),
    )
    modules: dict[str, Activity] = {}
    for key, start, uses in plans:
        modules[key] = _activity(
            by,
            organisation,
            competences,
            title=module[key],
            kind=Kind.MODULE,
            uses=uses,
            programme=programme,
            provider=PROVIDER_DK,
            starts_on=_days(start),
            ends_on=_days(start),
            place="Kursushuset Fyn, Odense",
            length_hours=Decimal("7"),
            cost=Decimal("2400"),
            currency="DKK",
            language="da",
            preparation="Tag en aktuel sag med, som du gerne vil arbejde videre med.",
            reminder_days=[7, 90],
            headings="Oplæg og cases\nØvelser i grupper\nOpgave til næste modul",
        )
    if Path.objects.filter(programme=programme).exists():
        return
    for name, description, keys in (
        (
            "Forløb for jobkonsulenter",
            "Til medarbejdere i jobcentret, der skal skabe og fastholde virksomhedspraktik.",
            ("local", "match", "follow"),
        ),
        (
            "Forløb for sprog og uddannelse",
            "Til medarbejdere i sprogcentret og integrationsafdelingen, der kombinerer sprog, "
            "uddannelse og job.",
            ("local", "language", "follow"),
        ),
    ):
        programme.refresh_from_db()
        path = catalogue.path_create(
            by=by,
            programme=programme,
            base_version=programme.version,
            name=name,
            description=description,
        )
        for key in keys:
            programme.refresh_from_db()
            catalogue.path_step_add(
                by=by, path=path, base_version=programme.version, activity=modules[key]
            )


def _adopt(by: User, organisation: Organisation, language: str) -> None:
    if Principle.objects.filter(organisation=organisation).exists():
        return
    with translation.override(language):
        principles.principles_adopt(
            by=by,
            organisation=organisation,
            keys=[starter.key for starter in principles.STARTER_SET],
        )


def _competences(organisation: Organisation) -> dict[str, int]:
    profile = Profile.objects.filter(organisation=organisation).order_by("pk").first()
    if profile is None:
        return {}
    return dict(Competence.objects.filter(profile=profile).values_list("id_number", "pk"))


def _odense(odense: Organisation, alice: User) -> None:
    competences = _competences(odense)
    _activity(
        alice,
        odense,
        competences,
        title="Den jobrettede samtale",
        kind=Kind.EXTERNAL_COURSE,
        uses=("motivational-conversation", "labour-market"),
        description=(
            "To dage om at føre samtaler, der tager udgangspunkt i borgerens egne mål og "
            "arbejdsmarkedets krav. Deltagerne øver med egne sager."
        ),
        provider=PROVIDER_DK,
        starts_on=_days(35),
        ends_on=_days(36),
        place="Kursushuset Fyn, Odense",
        length_hours=Decimal("14"),
        cost=Decimal("4800"),
        currency="DKK",
        language="da",
        programme_text="Dag 1: samtalens opbygning og åbne spørgsmål.\nDag 2: øvelser med cases.",
        preparation="Skriv to samtaler ned, hvor du gerne ville have gjort noget andet.",
        reminder_days=[7, 90],
        headings=(
            "Borgerens egne mål først\nÅbne spørgsmål og refleksioner\n"
            "Arbejdsmarkedets krav i samtalen\nAftaler, der bliver til handling"
        ),
        follow_up_day_at=_at(96, 9),
        follow_up_day_place="Integrationsafdelingen, mødelokale 2",
    )
    _activity(
        alice,
        odense,
        competences,
        title="Samtaler gennem tolk",
        kind=Kind.INTERNAL_COURSE,
        uses=("interpreter-conversations", "intercultural-communication"),
        description="Intern eftermiddag med en erfaren tolk og to kolleger fra jobcentret.",
        provider="Integrationsafdelingen",
        starts_on=_days(21),
        ends_on=_days(21),
        place="Integrationsafdelingen",
        length_hours=Decimal("3"),
        cost=Decimal("0"),
        currency="DKK",
        language="da",
        reminder_days=[7],
        headings="Før samtalen\nTal til borgeren, ikke til tolken\nTjek forståelsen",
    )
    _activity(
        alice,
        odense,
        competences,
        title="Integrationsloven – nyt i år",
        kind=Kind.EXTERNAL_COURSE,
        uses=("integration-law",),
        provider="Kommunalt Kursuscenter (demo)",
        starts_on=_days(-45),
        ends_on=_days(-45),
        place="Online",
        length_hours=Decimal("4"),
        cost=Decimal("1200"),
        currency="DKK",
        language="da",
        reminder_days=[7, 90],
        headings="Ændringer i loven\nNye afgørelser\nHvad betyder det for vores sager",
    )
    _activity(
        alice,
        odense,
        competences,
        title="Mentorordning for nye sagsbehandlere",
        kind=Kind.MENTORING,
        uses=("case-work", "reflection"),
        description=(
            "En erfaren kollega følger en ny sagsbehandler det første halve år med en "
            "samtale hver anden uge."
        ),
        provider="Team Integration og Job",
        length_hours=Decimal("12"),
        language="da",
    )
    _activity(
        alice,
        odense,
        competences,
        title="Sidemandsoplæring i virksomhedsbesøg",
        kind=Kind.SIDE_BY_SIDE,
        uses=("labour-market",),
        description=(
            "Tag med en erfaren jobkonsulent på tre virksomhedsbesøg og tal om dem bagefter."
        ),
        provider="Jobcenter Odense",
        length_hours=Decimal("6"),
        language="da",
    )
    _activity(
        alice,
        odense,
        competences,
        title="Temadag: Det virker i virksomhedsrettet integration",
        kind=Kind.WORKSHOP,
        uses=("cross-unit-collaboration",),
        description="Alle tre enheder samles om eksempler, der er lykkedes, og hvad de kræver.",
        provider="Integrationsafdelingen",
        starts_on=_days(28),
        ends_on=_days(28),
        place="Odense Rådhus",
        length_hours=Decimal("6"),
        language="da",
    )
    _programme(alice, odense, competences)
    _adopt(alice, odense, "da")


def _bergen(bergen: Organisation, leader: User) -> None:
    competences = _competences(bergen)
    _activity(
        leader,
        bergen,
        competences,
        title="Arbeidsrettet oppfølging i introduksjonsprogrammet",
        kind=Kind.EXTERNAL_COURSE,
        description="To dager om å bygge løp mot arbeid sammen med arbeidsgivere.",
        provider="Kompetansesenteret Vest (demo)",
        starts_on=_days(42),
        ends_on=_days(43),
        place="Bergen",
        length_hours=Decimal("12"),
        cost=Decimal("6500"),
        currency="NOK",
        language="nb",
        reminder_days=[7, 90],
        headings="Arbeidsgivers behov\nKvalifisering på arbeidsplassen\nOppfølging av deltakeren",
    )
    _activity(
        leader,
        bergen,
        competences,
        title="Fagsamling: kvalifiseringsløp for deltakere med lite skolegang",
        kind=Kind.WORKSHOP,
        provider="Flyktningtjenesten",
        starts_on=_days(63),
        ends_on=_days(64),
        place="Bergen rådhus",
        length_hours=Decimal("12"),
        language="nb",
    )
    _activity(
        leader,
        bergen,
        competences,
        title="Mentorordning for nye programrådgivere",
        kind=Kind.MENTORING,
        provider="Flyktningtjenesten",
        language="nb",
    )
    _adopt(leader, bergen, "nb")


@demo.register(order=35)
def load() -> None:
    odense = Organisation.objects.filter(name="Odense Kommune").first()
    alice = User.objects.filter(email="alice@example.org").first()
    if odense is not None and alice is not None:
        _odense(odense, alice)
    bergen = Organisation.objects.filter(name="Bergen kommune").first()
    kari = User.objects.filter(email="kari.nilsen@bergen.example.no").first()
    if bergen is not None and kari is not None:
        _bergen(bergen, kari)
