"""Demo: Odense's participants on three courses, and the implementation plan after the
course that has ended.

Participants are enrolled where no education plan has done it already: three from the team
on "Den jobrettede samtale" (five weeks ahead: the before-course reminders come in a week),
one alone on "Samtaler gennem tolk" (three weeks ahead: the reminders are due at once, and
she is asked to gather her colleagues' practice first), and two on "Integrationsloven – nyt
i år" (ended six weeks ago). The implementation plan after that course has its team,
ambassador and anchoring, some items filled with people responsible and deadlines (one
overdue, one done), and two follow-up meetings with confidence 5, then 7. Its two
participants have personal goals for it agreed with Alice: Bo's was reviewed at a follow-up
talk two weeks ago, with next steps he promised to try, and his next talk is planned; Jonas's
talk is overdue and his goal not yet reviewed, so both show on Alice's leader page. Loading
twice changes nothing; newly enrolled participants get their reminder runs queued after the
commit.
"""

import datetime
import functools

from django.db import transaction
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.core import demo
from trinvis.learning import demo_plans
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Enrolment,
    ImplementationItem,
    ImplementationPlan,
    LearningGoal,
    Status,
)
from trinvis.learning.selectors_personal import primary_organisation
from trinvis.learning.services import follow_ups, goals, implementation
from trinvis.learning.tasks import schedule_reminders
from trinvis.organisations.models import Organisation

Area = ImplementationItem.Area
PLAN_TITLE = "Ny praksis efter “Integrationsloven – nyt i år”"
DOMAIN = "odense.example.dk"

ENROLMENTS = {
    "Den jobrettede samtale": ["bob@example.org", "mette.kjaer", "rasmus.vestergaard"],
    "Samtaler gennem tolk": ["sofie.lindholm"],
    "Integrationsloven – nyt i år": ["bob@example.org", "jonas.bech"],
}
REFLECTIONS = (
    "Jeg vil gerne blive bedre til at holde fast i borgerens egne mål, når samtalen "
    "handler om krav fra jobcentret.\nSpørgsmål: Hvordan åbner man en samtale med en "
    "borger, der har mødt mange sagsbehandlere før?"
)


def _days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def _person(key: str) -> User | None:
    email = key if "@" in key else f"{key}@{DOMAIN}"
    return User.objects.filter(email=email, is_active=True).first()


def _enrol(odense: Organisation) -> None:
    """Enrol the demo participants; queue the reminder runs of each activity that got new
    ones once the demo is committed."""
    for title, keys in ENROLMENTS.items():
        activity = Activity.objects.filter(organisation=odense, title=title).first()
        if activity is None:
            continue
        added = False
        for key in keys:
            person = _person(key)
            if person is None:
                continue
            # Straight to the model: enrolment through an education plan row is another
            # area's service, and the demo's own plans may not exist.
            _enrolment, created = Enrolment.objects.get_or_create(activity=activity, person=person)
            added = added or created
        if added:
            transaction.on_commit(functools.partial(schedule_reminders, activity))
    bob = _person("bob@example.org")
    Enrolment.objects.filter(
        activity__organisation=odense,
        activity__title="Den jobrettede samtale",
        person=bob,
        reflections="",
    ).update(reflections=REFLECTIONS)


ITEMS: list[tuple[str, str, str, str, str | None, int | None, str]] = [
    # area, description, activities, period, responsible, deadline (days from today), status
    (
        Area.BACKGROUND,
        "Loven er ændret på tre punkter, der rører ved næsten alle vores sager. Kurset gav "
        "overblikket; nu skal det ind i de daglige afgørelser.",
        "",
        "",
        None,
        None,
        Status.DONE,
    ),
    (
        Area.GOALS,
        "Alle sagsbehandlere bruger de nye regler korrekt i nye sager inden for tre måneder.",
        "Stikprøve på ti nye sager hver måned; målet er ingen fejl i anden stikprøve.",
        "Efterår",
        "alice@example.org",
        -3,
        Status.IN_PROGRESS,
    ),
    (
        Area.COMMUNICATION,
        "Alle i teamet skal vide, hvad der er ændret, og hvor de finder svar.",
        "Kort oplæg på teammødet af de to kursusdeltagere.\nSpørgsmål samles i et fælles dokument.",
        "Næste to teammøder",
        "bob@example.org",
        6,
        Status.PLANNED,
    ),
    (
        Area.QUALITY,
        "Nye medarbejdere skal kende reglerne fra første dag.",
        "Tjekliste til introduktionen af nye sagsbehandlere.",
        "Inden årsskiftet",
        "henrik.moller",
        12,
        Status.PLANNED,
    ),
    (
        Area.RESPONSIBILITY,
        "Teamlederen har ansvaret for implementeringen; implementeringsteamet mødes hver "
        "anden uge.",
        "",
        "",
        "henrik.moller",
        None,
        Status.IN_PROGRESS,
    ),
    (
        Area.ANCHORING,
        "Reglerne følges op på den årlige temadag.",
        "Temadag i foråret med eksempler fra egne sager.",
        "Forår",
        "alice@example.org",
        120,
        Status.PLANNED,
    ),
]


def _meetings() -> list[implementation.MeetingInput]:
    """Two meetings of the process sheet, three and one and a half weeks ago."""
    return [
        implementation.MeetingInput(
            held_on=_days(-30),
            confidence=5,
            worries=(
                "1. Travlhed: de nye regler slås op for sent i sagen (to gange i sidste uge).\n"
                "2. Usikkerhed om overgangsreglerne.\n3. Ikke alle var med på teammødet."
            ),
            what_works="De to kursusdeltagere svarer gerne på spørgsmål.",
            signs_of_change="Vi ser henvisninger til de nye regler i alle nye afgørelser.",
            agreements="Bo laver et overblik over overgangsreglerne til næste teammøde.",
            blockers="Mange nye sager på samme tid.",
        ),
        implementation.MeetingInput(
            held_on=_days(-10),
            confidence=7,
            worries="Overgangsreglerne skaber stadig tvivl i enkelte sager.",
            what_works="Overblikket bruges; stikprøven fandt to fejl mod seks sidst.",
            signs_of_change="Kolleger spørger hinanden i stedet for at vente.",
            agreements="Ny stikprøve om en måned. Mette tager spørgsmålene med til temadagen.",
            blockers="",
        ),
    ]


def _plan(odense: Organisation, alice: User) -> None:
    if ImplementationPlan.objects.filter(organisation=odense, title=PLAN_TITLE).exists():
        return
    team = [
        person for person in (alice, _person("henrik.moller"), _person("bob@example.org")) if person
    ]
    ambassador = _person("mette.kjaer")
    plan = implementation.plan_create(
        by=alice,
        organisation=odense,
        data=implementation.PlanInput(
            title=PLAN_TITLE,
            # The team's education plan from the demo (demo_plans, loaded just before).
            education_plan=EducationPlan.objects.filter(
                organisation__path__startswith=odense.path, title=demo_plans.TITLE
            ).first(),
            activity=Activity.objects.filter(
                organisation=odense, title="Integrationsloven – nyt i år"
            ).first(),
            team=team,
            ambassadors=[ambassador] if ambassador else [],
            theme_days=(
                "En temadag hvert forår, hvor teamet gennemgår egne sager med de nye regler."
            ),
            new_employees="Introduktionen har et modul om loven, som en ambassadør holder.",
        ),
    )
    items = {item.area: item for item in plan.items.all()}
    for area, description, activities, period, responsible, deadline, status in ITEMS:
        item = items[area]
        implementation.item_update(
            by=alice,
            item=item,
            base_version=item.version,
            data=implementation.ItemInput(
                area=area,
                description=description,
                activities=activities,
                period=period,
                responsible=_person(responsible) if responsible else None,
                deadline=_days(deadline) if deadline is not None else None,
                status=status,
            ),
        )
    for meeting in _meetings():
        implementation.meeting_record(by=alice, plan=plan, data=meeting)


def _agreed_goal(
    person: User, leader: User, activity: Activity, what: str, use: str
) -> LearningGoal:
    goal = goals.goal_create(
        by=leader,
        scope=LearningGoal.Scope.PERSONAL,
        person=person,
        data=goals.GoalData(
            organisation=primary_organisation(person) or activity.organisation,
            what_to_learn=what,
            use_in_practice=use,
            leader_support="En time om ugen til at gennemgå nye sager med en kollega.",
            activity=activity,
        ),
    )
    goal = goals.goal_confirm(by=person, goal=goal, base_version=goal.version)
    return goals.goal_confirm(by=leader, goal=goal, base_version=goal.version)


def _follow_up(odense: Organisation, alice: User) -> None:
    """The goals of the two participants of the course that has ended, and their talks."""
    activity = Activity.objects.filter(
        organisation=odense, title="Integrationsloven – nyt i år"
    ).first()
    bob, jonas = _person("bob@example.org"), _person("jonas.bech")
    if activity is None or bob is None or jonas is None:
        return
    if LearningGoal.objects.filter(person__in=[bob, jonas], activity=activity).exists():
        return
    bob_goal = _agreed_goal(
        bob,
        alice,
        activity,
        "At bruge årets ændringer i integrationsloven i mine afgørelser.",
        "I alle nye sager fra næste måned.",
    )
    _agreed_goal(
        jonas,
        alice,
        activity,
        "At kunne forklare borgerne overgangsreglerne.",
        "I den første samtale efter en ændring i borgerens sag.",
    )
    held = follow_ups.follow_up_plan(
        by=alice, person=bob, planned_for=_days(-14), activity=activity
    )
    follow_ups.follow_up_record(
        by=alice,
        follow_up=held,
        base_version=held.version,
        planned_for=_days(-14),
        held_on=_days(-14),
        notes="Bo bruger reglerne i nye sager, men er usikker på overgangsreglerne.",
        next_steps=(
            "Bo slår overgangsreglerne op i tre sager og tager spørgsmålene med på teammødet.\n"
            "Bo og Mette gennemgår en afgørelse sammen hver fredag."
        ),
        activity=activity,
        reviews=[follow_ups.TalkReview(bob_goal, LearningGoal.Outcome.PARTLY, "To af tre sager")],
    )
    follow_ups.follow_up_plan(by=alice, person=bob, planned_for=_days(21), activity=activity)
    follow_ups.follow_up_plan(by=alice, person=jonas, planned_for=_days(-5), activity=activity)


@demo.register(order=37)
def load() -> None:
    odense = Organisation.objects.filter(name="Odense Kommune").first()
    alice = User.objects.filter(email="alice@example.org").first()
    if odense is None or alice is None:
        return
    _enrol(odense)
    _plan(odense, alice)
    _follow_up(odense, alice)
