"""Demo: a course provider's programme in the Bedre Integration way of working, offered by
the demo agency (organisations/demo.py): four modules, each run in Region Syddanmark
(Odense) and in Vestland (Bergen), a target of 800 participants over three years split
between the two regions, and about thirty enrolments from Odense and Bergen.

The programme began a year and a half ago. The first two modules have run, and the
provider recorded who completed them; the last two lie ahead, the third with a follow-up
day. The team leaders enrolled their people (confirmed at once); two employees enrolled
themselves and wait for their leader. The confirmation days are spread over the past year
and a half, so the progress chart has a history to show. One Odense employee goes alone to
a run, so Odense's view shows the warning. Loading twice changes nothing.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import CourseEnrolment, CourseModule, ModuleRun
from trinvis.programmes.selectors_courses import places_of
from trinvis.programmes.services_course_enrolments import (
    EnrolmentInput,
    course_enrol,
    run_attendance_save,
)
from trinvis.programmes.services_courses import (
    CourseInput,
    ModuleInput,
    RunInput,
    course_create,
    module_create,
    run_create,
    targets_save,
)

AGENCY = "Nordisk Integrationsnetværk (demo)"
NAME = "Stærkere integrationsindsats – moduluddannelse"
ODENSE = "odense.example.dk"
BERGEN = "bergen.example.no"

MODULES = (
    (
        "Modul 1: Job fra første dag",
        "Hvordan borgeren møder arbejdsmarkedet tidligt i forløbet, og hvad det kræver af "
        "sagsbehandlingen.",
        "Arbejdsmarkedet som udgangspunkt\nVirksomhedspraktik med et mål\nBorgerens egne "
        "ressourcer",
    ),
    (
        "Modul 2: Samtaler der flytter noget",
        "Samtaleteknik, der tager afsæt i borgerens motivation og sætter fælles mål.",
        "Motivation og ambivalens\nÅbne spørgsmål\nAftaler, der bliver til handling",
    ),
    (
        "Modul 3: Sprog i arbejdslivet",
        "Sprogundervisning og job hænger sammen: sådan støtter enhederne hinanden.",
        "Sprog lært på arbejdspladsen\nSamarbejde med sprogcentret\nMentorens rolle",
    ),
    (
        "Modul 4: Sammenhæng på tværs",
        "Én plan for borgeren, selv om flere enheder arbejder med den.",
        "Fælles plan og fælles mål\nOverlevering mellem enheder\nLedelsens opbakning",
    ),
)
# Days from today of each module's two runs (Odense, Bergen); negative: behind us.
RUN_DAYS = ((-420, -400), (-200, -180), (40, 55), (130, 150))
# Who takes which modules (1-based), in turn; those with only past modules can complete.
CHOICES = ((1, 2), (1, 2, 3), (3, 4), (1, 2), (2, 3, 4))
POSITIONS = {
    "DK": ("Jobkonsulent", "Sagsbehandler", "Virksomhedskonsulent", "Sprogmentor"),
    "NO": ("Veileder", "Programrådgiver", "Lærer", "Jobbspesialist"),
}
PURPOSE = {
    "DK": "Styrke den virksomhedsrettede indsats i teamet og bringe metoderne hjem i "
    "de ugentlige sagsgennemgange.",
    "NO": "Bli tryggere i arbeidsrettede samtaler og dele metodene med kollegene i teamet.",
}
# The share of a past run's participants recorded as not completing it: every seventh.
NOT_COMPLETED_EVERY = 7


def _days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _person(email: str) -> User | None:
    return User.objects.filter(email=email, is_active=True).first()


def _runs(fiona: User, modules: list[CourseModule], regions: list[Organisation]) -> None:
    places = ("Odense, Kursussalen ved Jobcentret", "Bergen, Kompetansesenteret")
    for index, (module, days) in enumerate(zip(modules, RUN_DAYS, strict=True)):
        for region, place, offset in zip(regions, places, days, strict=True):
            follow_up = None
            if index == 2:
                moment = datetime.datetime.combine(_days(offset + 30), datetime.time(9))
                follow_up = timezone.make_aware(moment)
            run_create(
                by=fiona,
                module=module,
                data=RunInput(
                    starts_on=_days(offset),
                    ends_on=_days(offset + 1),
                    place=place,
                    region=region,
                    capacity=20,
                    teachers=[fiona],
                    follow_up_day_at=follow_up,
                    follow_up_day_place=place if follow_up else "",
                ),
            )


def _enrol(
    course: Any, by: User, person: User, number: int, country: str, away: bool = False
) -> None:
    """Enrol the person in the modules of `CHOICES[number]`, in their own region's runs;
    `away`: the last module in the other region's run."""
    places = places_of(person)
    if not places or CourseEnrolment.objects.filter(course=course, person=person).exists():
        return
    home = 0 if country == "DK" else 1
    chosen = CHOICES[number % len(CHOICES)]
    runs = []
    for module_number in chosen:
        module_runs = ModuleRun.objects.filter(
            module__course=course, module__position=module_number
        ).order_by("activity__starts_on", "pk")
        other = away and module_number == chosen[-1]
        runs.append(module_runs[1 - home if other else home])
    course_enrol(
        by=by,
        course=course,
        person=person,
        data=EnrolmentInput(
            place_key=places[0].key,
            purpose=PURPOSE[country],
            runs=runs,
            position=POSITIONS[country][number % len(POSITIONS[country])],
            experience_years=(number * 3) % 13,
        ),
    )


def _enrolments(course: Any) -> None:
    from trinvis.organisations.demo import DANISH_TEAM, NORWEGIAN_TEAM, _email

    alice = _person("alice@example.org")
    henrik = _person(_email("Henrik Møller", ODENSE))
    kari = _person(_email("Kari Nilsen", BERGEN))
    torstein = _person(_email("Torstein Lunde", BERGEN))
    groups = (
        (henrik, DANISH_TEAM, ODENSE, "DK"),
        (torstein, NORWEGIAN_TEAM, BERGEN, "NO"),
    )
    for leader, names, domain, country in groups:
        if leader is None:
            continue
        for number, name in enumerate(names):
            person = _person(_email(name, domain))
            if person is not None:
                _enrol(course, leader, person, number, country)
    # The leaders of the municipalities enrol the team leaders and two more; Magnus Brekke
    # from Bergen takes module 4 in Odense, the only one from his municipality on that run.
    magnus = _person(_email("Magnus Brekke", BERGEN))
    for leader, person, number, country, away in (
        (alice, henrik, 1, "DK", False),
        (alice, _person(_email("Lars Kristensen", ODENSE)), 3, "DK", False),
        (kari, torstein, 1, "NO", False),
        (kari, magnus, 2, "NO", True),
    ):
        if leader is not None and person is not None:
            _enrol(course, leader, person, number, country, away)
    # Two employees enrolled themselves and wait for their team leader.
    for email, country in (("bob@example.org", "DK"), ("charlie@example.org", "NO")):
        person = _person(email)
        if person is not None:
            _enrol(course, person, person, 2, country)


def _history(course: Any, fiona: User) -> None:
    """The past runs' completers recorded, and each confirmation dated some weeks before
    the participant's first module (and not after today)."""
    today = timezone.localdate()
    for run in ModuleRun.objects.filter(module__course=course, activity__ends_on__lt=today):
        choices = run.choices.filter(enrolment__state=CourseEnrolment.State.CONFIRMED)
        completed = [
            choice.pk for index, choice in enumerate(choices) if index % NOT_COMPLETED_EVERY
        ]
        run_attendance_save(by=fiona, run=run, base_version=run.version, completed=completed)
    confirmed = CourseEnrolment.objects.filter(
        course=course, leader_confirmed_at__isnull=False
    ).annotate(first=Min("choices__run__activity__starts_on"))
    for index, enrolment in enumerate(confirmed.order_by("pk")):
        before = datetime.timedelta(days=10 + (index * 23) % 90)
        day = max(course.starts_on, min(today, enrolment.first or today) - before)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        CourseEnrolment.objects.filter(pk=enrolment.pk).update(
            leader_confirmed_at=moment, created_at=moment
        )


@demo.register(order=62)
@transaction.atomic
def load() -> None:
    agency = Organisation.objects.filter(name=AGENCY, kind=Organisation.Kind.AGENCY).first()
    fiona = _person("fiona@example.org")
    if agency is None or fiona is None:
        return
    if agency.course_programmes.filter(programme__name=NAME).exists():
        return
    regions = [
        Organisation.objects.filter(name=name, kind=Organisation.Kind.REGION).first()
        for name in ("Region Syddanmark", "Vestland")
    ]
    if any(region is None for region in regions):
        return
    found = [region for region in regions if region is not None]
    course = course_create(
        by=fiona,
        provider=agency,
        data=CourseInput(
            name=NAME,
            starts_on=_days(-540),
            ends_on=_days(-540 + 3 * 365),
            target_participants=800,
            description=(
                "Et kompetenceforløb for medarbejdere og ledere i kommunernes "
                "integrationsindsats: fire moduler, der kan kombineres, med opgaver fra egen "
                "praksis mellem modulerne."
            ),
            how_modules_combine=(
                "Modul 1 er fundamentet og tages først. Modul 2 og 3 kan tages i vilkårlig "
                "rækkefølge. Modul 4 samler op og forudsætter mindst ét af de andre moduler."
            ),
        ),
    )
    course = targets_save(
        by=fiona,
        course=course,
        base_version=course.version,
        targets={found[0]: 500, found[1]: 300},
    )
    modules = [
        module_create(
            by=fiona,
            course=course,
            data=ModuleInput(title=title, description=description, headings=headings),
        )
        for title, description, headings in MODULES
    ]
    _runs(fiona, modules, found)
    _enrolments(course)
    _history(course, fiona)
