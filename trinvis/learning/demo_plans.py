"""Demo: the education plan of Odense's team, answering its competence round's needs.

Alice (leader of Odense Kommune) has prioritised the needs of the team's current competence
round (competences/demo.py) — documentation and case work, motivational conversations and
the integration law for the short term, language and education paths and cooperation across
the units for the long term — unless someone prioritised them already, and made the plan:
five rows sending people to the demo catalogue's activities (learning/demo.py), each with an
organisational learning goal, a responsible person and a schedule, and effort split roughly
25/30/45 before, during and after. One consultant's warning is there on purpose: Sofie goes
alone to "Samtaler gennem tolk". The rows whose courses others have enrolled people in are
enrolled; the mentoring and the module wait for "Enrol these people". Loading twice changes
nothing: the plan is found by its title.
"""

from dataclasses import dataclass
from decimal import Decimal

from trinvis.accounts.models import User
from trinvis.competences import demo as competences_demo
from trinvis.competences.models import Competence, NeedPriority, Round
from trinvis.competences.services.needs import need_priority_set
from trinvis.core import demo
from trinvis.learning.models import Activity, EducationPlan, LearningGoal, Principle, Status
from trinvis.learning.services import goals, plans
from trinvis.learning.services.principles import STARTER_SET
from trinvis.organisations.models import Organisation

TITLE = "Uddannelsesplan 2027 – Team Integration og Job"
DOMAIN = "odense.example.dk"
Horizon = NeedPriority.Horizon

PRIORITIES = {
    "case-work": Horizon.SHORT,
    "motivational-conversation": Horizon.SHORT,
    "integration-law": Horizon.SHORT,
    "education-paths": Horizon.LONG,
    "cross-unit-collaboration": Horizon.LONG,
}


@dataclass(frozen=True)
class DemoRow:
    activity: str
    people: tuple[str, ...]
    needs: tuple[str, ...]
    purpose: str
    learning_support: str
    success_criteria: str
    goal: str
    schedule: str
    responsible: str
    resources: str
    status: str
    principle: str | None
    effort: tuple[int, int, int]
    enrol: bool


ROWS = (
    DemoRow(
        activity="Den jobrettede samtale",
        people=("bob@example.org", "mette.kjaer", "rasmus.vestergaard"),
        needs=("motivational-conversation",),
        purpose=(
            "Samtalerne skal tage udgangspunkt i borgerens egne mål og samtidig gøre "
            "arbejdsmarkedets krav tydelige."
        ),
        learning_support=(
            "Hver deltager tager to egne samtaler med som cases. Efter kurset øver de tre "
            "sammen en gang om ugen i en måned og fortæller på teammødet, hvad de prøver af."
        ),
        success_criteria=(
            "Om tre måneder ender flere samtaler med en aftale, borgeren selv har formuleret."
        ),
        goal="At føre samtaler, der tager udgangspunkt i borgerens egne mål.",
        schedule="Kursus om fem uger, opfølgning tre måneder efter",
        responsible="henrik.moller",
        resources="To kursusdage pr. deltager, 4.800 kr. pr. deltager, en time om ugen til øvelse",
        status=Status.PLANNED,
        principle="own-cases",
        effort=(10, 12, 18),
        enrol=True,
    ),
    DemoRow(
        activity="Mentorordning for nye sagsbehandlere",
        people=("ida.sorensen", "nikolaj.brandt"),
        needs=("case-work",),
        purpose="De to nyeste sagsbehandlere skal hurtigt blive sikre i dokumentation.",
        learning_support="Samtale med mentor hver anden uge; sager gennemgås sammen.",
        success_criteria="Ingen sager med mangelfuld dokumentation i stikprøven efter et halvt år.",
        goal="At dokumentere sager korrekt og rettidigt.",
        schedule="Februar–juli 2027",
        responsible="henrik.moller",
        resources="To timer hver anden uge til mentor og mentee",
        status=Status.IN_PROGRESS,
        principle="chosen-from-needs",
        effort=(5, 6, 9),
        enrol=False,
    ),
    DemoRow(
        activity="Samtaler gennem tolk",
        people=("sofie.lindholm",),
        needs=(),
        purpose="Sofie skal være teamets ressourceperson i samtaler gennem tolk.",
        learning_support="Sofie samler kollegernes erfaringer og spørgsmål før kurset.",
        success_criteria="Kollegerne kan spørge Sofie til råds før en tolket samtale.",
        goal="At planlægge og føre samtaler gennem tolk, så borgeren forstår og bliver hørt.",
        schedule="Kursus om tre uger",
        responsible="henrik.moller",
        resources="En eftermiddag",
        status=Status.PLANNED,
        principle="reduced-workload",
        effort=(2, 3, 4),
        enrol=True,
    ),
    DemoRow(
        activity="Integrationsloven – nyt i år",
        people=("bob@example.org", "jonas.bech"),
        needs=("integration-law",),
        purpose="Ændringerne i loven skal bruges rigtigt i alle nye sager.",
        learning_support="De to deltagere giver et kort oplæg på teammødet efter kurset.",
        success_criteria="Stikprøven på nye sager viser de nye regler brugt korrekt.",
        goal="At kende årets ændringer i integrationsloven og bruge dem i afgørelser.",
        schedule="Kursus for seks uger siden, implementering i efteråret",
        responsible="alice@example.org",
        resources="En halv kursusdag pr. deltager",
        status=Status.DONE,
        principle=None,
        effort=(3, 6, 6),
        enrol=True,
    ),
    DemoRow(
        activity="Modul 4: Sprog og job for borgere med kort skolegang",
        people=("camilla.thygesen", "anders.kragh"),
        needs=("education-paths",),
        purpose="Flere borgere med kort skolegang skal have et forløb med både sprog og job.",
        learning_support="En opgave fra egen praksis mellem modulerne; sparring med sprogcentret.",
        success_criteria="Tre nye kombinerede forløb er i gang inden sommer.",
        goal="At kombinere sprogundervisning og job for borgere med kort skolegang.",
        schedule="Foråret 2027",
        responsible="henrik.moller",
        resources="En moduldag pr. deltager, 2.400 kr. pr. deltager",
        status=Status.PLANNED,
        principle="practice-between",
        effort=(6, 7, 12),
        enrol=False,
    ),
)


def _person(key: str) -> User | None:
    email = key if "@" in key else f"{key}@{DOMAIN}"
    return User.objects.filter(email=email, is_active=True).first()


def _prioritise(round: Round, by: User) -> None:
    """The leader's priorities, unless the round has some already."""
    if NeedPriority.objects.filter(round=round).exists():
        return
    competences = Competence.objects.filter(profile=round.profile, id_number__in=PRIORITIES)
    for competence in competences:
        need_priority_set(
            by=by, round=round, competence=competence, horizon=PRIORITIES[competence.id_number]
        )


def _principles(organisation: Organisation) -> dict[str, Principle]:
    """The adopted starter principles by their key (adopted in the starter set's order)."""
    adopted = list(Principle.objects.filter(organisation=organisation).order_by("position", "pk"))
    keys = [starter.key for starter in STARTER_SET]
    return dict(zip(keys, adopted, strict=False)) if len(adopted) == len(keys) else {}


def _row(
    plan: EducationPlan,
    spec: DemoRow,
    *,
    by: User,
    activity: Activity,
    needs: dict[str, NeedPriority],
    principles: dict[str, Principle],
) -> None:
    before, during, after = spec.effort
    row = plans.row_create(
        by=by,
        plan=plan,
        data=plans.RowInput(
            people=[person for key in spec.people if (person := _person(key)) is not None],
            purpose=spec.purpose,
            activity=activity,
            learning_support=spec.learning_support,
            success_criteria=spec.success_criteria,
            schedule=spec.schedule,
            responsible=_person(spec.responsible),
            resources=spec.resources,
            status=spec.status,
            needs=[needs[key] for key in spec.needs if key in needs],
            principle=principles.get(spec.principle) if spec.principle else None,
            effort_before=Decimal(before),
            effort_during=Decimal(during),
            effort_after=Decimal(after),
        ),
    )
    goals.goal_create(
        by=by,
        scope=LearningGoal.Scope.ORGANISATIONAL,
        data=goals.GoalData(
            organisation=plan.organisation,
            what_to_learn=spec.goal,
            use_in_practice=spec.success_criteria,
            activity=activity,
            plan_row=row,
        ),
    )
    if spec.enrol:
        plans.row_enrol(by=by, row=row, base_version=row.version)


@demo.register(order=36)
def load() -> None:
    odense = Organisation.objects.filter(name="Odense Kommune").first()
    alice = _person("alice@example.org")
    team = Organisation.objects.filter(parent=odense, kind=Organisation.Kind.TEAM).first()
    if odense is None or alice is None or team is None:
        return
    if EducationPlan.objects.filter(organisation=team, title=TITLE).exists():
        return
    round = Round.objects.filter(organisation=team, title=competences_demo.NOW).first()
    if round is not None:
        _prioritise(round, alice)
    plan = plans.plan_create(
        by=alice,
        organisation=team,
        data=plans.PlanInput(title=TITLE, period="2027", round=round),
    )
    needs = {
        need.competence.id_number: need
        for need in NeedPriority.objects.filter(round=round).select_related("competence")
    }
    principles = _principles(odense)
    for spec in ROWS:
        activity = Activity.objects.filter(organisation=odense, title=spec.activity).first()
        if activity is not None:
            _row(plan, spec, by=alice, activity=activity, needs=needs, principles=principles)
