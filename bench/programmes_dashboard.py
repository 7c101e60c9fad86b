"""The programme dashboard's data and bare SQL for bench/indicators.py, which measures
`dashboard_of` (programmes/selectors_dashboard.py) against it at the small and the full size.

For each country an agency programme with every municipality of the country taking part
(the areas bench/indicators.py loaded; 357 in Norway), each confirmed, with an organisation
of its own under a region of the agency and three people in it: its plan, a run of the
seven-step toolkit at a seeded stage (steps done, one skipped now and then, the next under
way); two workshops, ten and three weeks ago; four homework tasks, most answered before the
first workshop, fewer before the second; a follow-up conversation after the first workshop
(nearly all held) with three to five agreed items, and after the second one for most (some
held, some overdue, some still ahead), starting from the first one's items as the service
does; a letter to the chief executive and an invitation to each workshop, a few of them not
sent; a participant survey of the agency after each workshop, linked to the programme, with
everyone of the municipalities invited and about half answering. Written with bulk_create:
the services go one object at a time, and the full size takes seconds this way.

The bare SQL is two statements: one for the rows (the plan's steps and next step, the
latest conversation's items, the follow-ups, the homework and the letters, per municipality
by name) and one for the survey lines. `same` checks the rows and lines agree, number for
number, before anything is timed.

Needs Django set up: bench/indicators.py imports it after `django.setup()`.
"""

import datetime
import itertools
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.indicators.models import Area
from trinvis.organisations.access import scope_for
from trinvis.organisations.models import Membership, Organisation
from trinvis.programmes.models import (
    AgencyProgramme,
    AgreedItem,
    Candidate,
    FollowUpConversation,
    HomeworkSubmission,
    HomeworkTask,
    Letter,
    MunicipalityPlan,
    Workshop,
)
from trinvis.programmes.models.agency import LetterKind
from trinvis.programmes.selectors_dashboard import Dashboard, dashboard_of
from trinvis.programmes.selectors_workshops import seven_step_toolkit
from trinvis.programmes.services_programmes import ProgrammeInput, programme_create
from trinvis.surveys.models import Invitation, Questionnaire, Response, Survey
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.xlsform import Question, QuestionType, likert_choice_list
from trinvis.surveys.xlsform import Questionnaire as Definition
from trinvis.toolkits.models import Run, RunStep, Toolkit
from trinvis.toolkits.services import CONTENT_DIR, toolkits_load

# What `build` made since the last `clear`, in words, for the report.
BUILT: list[str] = []
PREFIX = "Bench dashboard"  # names of what this module makes, so `clear` finds it
PEOPLE = "municipality.bench.example"  # the e-mail domain of the municipalities' people
FACILITATOR = "facilitator@bench.example"
SEED = 7
WEEK = datetime.timedelta(days=7)
Progress = AgreedItem.Progress
Status = RunStep.Status

ITEMS = (
    "Map the jobs in care with the jobcentre",
    "Start a language course with work practice",
    "Name one contact per unit",
    "Meet two employers in construction",
    "Follow up the participants after six months",
    "Share the case plans between the units",
    "Offer mentors to the young participants",
    "Count the participants in work each quarter",
)
TASKS = (
    ("Map the local labour demand", 0),
    ("Name the leads of the three units", 0),
    ("Draw the participants' paths", 1),
    ("Agree a trial with two employers", 1),
)
LETTER = (
    "Dear {name},\n\nWe invite your municipality to take part in the programme for better "
    "paths to work for refugees and immigrants. The programme brings the refugee service, "
    "adult education and the jobcentre together for two workshops, with homework between "
    "them and a follow-up conversation after each. Each municipality leaves with its own "
    "plan, built on the seven-step model, and the support of the agency while it carries "
    "it out.\n\nPlease reply by the date in the invitation.\n\nKind regards,\nThe agency"
)


# --- the people ------------------------------------------------------------------------------


def facilitator_of(agency: Organisation) -> User:
    """The agency's facilitator (found when made before): runs the programmes, sees the
    municipalities in aggregate only."""
    user = User.objects.filter(email=FACILITATOR).first()
    if user is None:
        user = User.objects.create_user(email=FACILITATOR, password="x", full_name="Fiona B")
        Membership.objects.create(user=user, organisation=agency, role=Membership.Role.FACILITATOR)
    return user


def _municipalities(
    agency: Organisation, country: str, areas: Sequence[Area], rng: random.Random
) -> list[Organisation]:
    """A region of the agency and an organisation for each municipality under it."""
    region = Organisation.objects.create(
        name=f"{PREFIX} region {country}",
        kind=Organisation.Kind.REGION,
        parent=agency,
        path="",
        depth=agency.depth + 1,
    )
    region.path = f"{agency.path}{region.pk}/"
    region.save(update_fields=["path"])
    found = Organisation.objects.bulk_create(
        Organisation(
            name=area.name,
            kind=Organisation.Kind.MUNICIPALITY,
            parent=region,
            country=country,
            municipality_number=area.code,
            population=round(rng.lognormvariate(9.6, 0.9)),
            depth=region.depth + 1,
        )
        for area in areas
    )
    for organisation in found:
        organisation.path = f"{region.path}{organisation.pk}/"
    Organisation.objects.bulk_update(found, ["path"])
    return found


def _people(organisations: Sequence[Organisation]) -> dict[int, list[User]]:
    """Three people per municipality, its leader first; by organisation id."""
    password = make_password(None)
    roles = (Membership.Role.LEADER, Membership.Role.EMPLOYEE, Membership.Role.EMPLOYEE)
    users = User.objects.bulk_create(
        User(
            email=f"{index}.{org.country.lower()}{org.municipality_number}@{PEOPLE}",
            full_name=f"Person {index} of {org.name}",
            password=password,
        )
        for org in organisations
        for index in range(len(roles))
    )
    by_organisation = {
        org.pk: users[number * len(roles) : (number + 1) * len(roles)]
        for number, org in enumerate(organisations)
    }
    Membership.objects.bulk_create(
        Membership(user=user, organisation_id=org_id, role=role)
        for org_id, people in by_organisation.items()
        for user, role in zip(people, roles, strict=True)
    )
    return by_organisation


# --- the programme ---------------------------------------------------------------------------


def _plans(
    candidates: Sequence[Candidate],
    organisations: Sequence[Organisation],
    people: dict[int, list[User]],
    toolkit: Toolkit,
    start: datetime.date,
    rng: random.Random,
) -> int:
    """Each municipality's plan: a run of the seven steps, the first ones settled (now and
    then one skipped), the next often under way, its leader responsible and the two others
    taking part (`people` by candidate); returns the steps."""
    runs = Run.objects.bulk_create(
        Run(
            organisation=organisation,
            toolkit=toolkit,
            title=f"Our recipe, {candidate.area.name}",
            responsible=people[candidate.pk][0],
            start_date=start,
            target_date=start + 52 * WEEK,
            created_by=people[candidate.pk][0],
        )
        for candidate, organisation in zip(candidates, organisations, strict=True)
    )
    Run.participants.through.objects.bulk_create(
        Run.participants.through(run_id=run.pk, user_id=user.pk)
        for run, candidate in zip(runs, candidates, strict=True)
        for user in people[candidate.pk][1:]
    )
    keys = [step["key"] for step in toolkit.steps]
    steps = []
    for run in runs:
        settled = rng.choices(range(len(keys) + 1), weights=[3, 10, 16, 20, 18, 14, 9, 5])[0]
        skipped = rng.randrange(settled) if settled >= 2 and rng.random() < 0.15 else -1
        for position, key in enumerate(keys):
            status = Status.NOT_STARTED
            if position < settled:
                status = Status.SKIPPED if position == skipped else Status.DONE
            elif position == settled and rng.random() < 0.6:
                status = Status.IN_PROGRESS
            steps.append(
                RunStep(
                    run=run,
                    key=key,
                    position=position,
                    status=status,
                    skip_reason="Done before the programme" if status == Status.SKIPPED else "",
                )
            )
    RunStep.objects.bulk_create(steps)
    MunicipalityPlan.objects.bulk_create(
        MunicipalityPlan(candidate=candidate, run=run)
        for candidate, run in zip(candidates, runs, strict=True)
    )
    return len(steps)


def _advanced(progress: str, rng: random.Random) -> str:
    """An item's status a workshop later."""
    if progress == Progress.NOT_STARTED and rng.random() < 0.5:
        return Progress.UNDER_WAY
    if progress == Progress.UNDER_WAY and rng.random() < 0.4:
        return Progress.DONE
    return progress


def _follow_ups(
    candidates: Sequence[Candidate],
    workshops: Sequence[Workshop],
    today: datetime.date,
    rng: random.Random,
) -> tuple[int, int]:
    """A conversation after the first workshop for nearly every municipality (most held)
    with three to five items, and after the second for most, starting from the first one's
    items (advanced a little), with new ones when held; returns (conversations, items)."""
    first, second = workshops
    plans: list[tuple[FollowUpConversation, list[tuple[str, str]]]] = []
    for candidate in candidates:
        if rng.random() > 0.96:
            continue
        planned = first.ends_on + datetime.timedelta(days=rng.randint(7, 21))
        held = planned + datetime.timedelta(days=rng.randint(0, 3))
        items = [
            (text, rng.choices(Progress.values, weights=[3, 4, 2, 1])[0])
            for text in rng.sample(ITEMS, rng.randint(3, 5))
        ]
        plans.append(
            (
                FollowUpConversation(
                    candidate=candidate,
                    after_workshop=first,
                    planned_for=planned,
                    held_on=held if rng.random() < 0.92 else None,
                    notes="Good start; the jobcentre joins the next meeting.",
                ),
                items,
            )
        )
        if rng.random() > 0.9:
            continue
        planned = second.ends_on + datetime.timedelta(days=rng.randint(5, 30))
        held_later = planned <= today and rng.random() < 0.6
        carried = [(text, _advanced(progress, rng)) for text, progress in items]
        if held_later:
            new = [text for text in ITEMS if text not in dict(items)]
            carried += [(text, Progress.NOT_STARTED) for text in rng.sample(new, rng.randint(1, 2))]
        plans.append(
            (
                FollowUpConversation(
                    candidate=candidate,
                    after_workshop=second,
                    planned_for=planned,
                    held_on=planned if held_later else None,
                ),
                carried,
            )
        )
    conversations = FollowUpConversation.objects.bulk_create(c for c, _items in plans)
    stored = AgreedItem.objects.bulk_create(
        AgreedItem(conversation=conversation, text=text, progress=progress)
        for conversation, (_planned, agreed) in zip(conversations, plans, strict=True)
        for text, progress in agreed
    )
    return len(conversations), len(stored)


def _homework(
    programme: AgencyProgramme,
    candidates: Sequence[Candidate],
    workshops: Sequence[Workshop],
    people: dict[int, list[User]],
    rng: random.Random,
) -> int:
    """Four tasks, two before each workshop; most answered (by a person of the
    municipality: `people` by candidate) before the first, fewer before the second; returns
    the answers."""
    tasks = HomeworkTask.objects.bulk_create(
        HomeworkTask(
            programme=programme,
            before_workshop=workshops[before],
            title=title,
            description="Bring the result to the workshop.",
            due=workshops[before].starts_on - WEEK,
        )
        for title, before in TASKS
    )
    answers = HomeworkSubmission.objects.bulk_create(
        HomeworkSubmission(
            task=task,
            candidate=candidate,
            text=f"{candidate.area.name}: care, building and cleaning lack people.",
            submitted_by=people[candidate.pk][1],
        )
        for task, (_title, before) in zip(tasks, TASKS, strict=True)
        for candidate in candidates
        if rng.random() < (0.9 if before == 0 else 0.65)
    )
    return len(answers)


def _letters(
    programme: AgencyProgramme,
    candidates: Sequence[Candidate],
    workshops: Sequence[Workshop],
    by: User,
    rng: random.Random,
) -> int:
    """The letter to the chief executive and an invitation to each workshop; a few not
    sent (a mailbox that refused them)."""
    letters = []
    for candidate in candidates:
        for workshop in (None, *workshops):
            failed = workshop is not None and rng.random() < 0.04
            letters.append(
                Letter(
                    programme=programme,
                    candidate=candidate,
                    workshop=workshop,
                    kind=LetterKind.INVITATION if workshop else LetterKind.CHIEF_EXECUTIVE,
                    language="nb" if candidate.area.country == "NO" else "da",
                    to_email=candidate.contact_email,
                    subject=workshop.title if workshop else programme.name,
                    body=LETTER.format(name=candidate.contact_name),
                    outcome=Letter.Outcome.FAILED if failed else Letter.Outcome.SENT,
                    error="Mailbox unavailable" if failed else "",
                    sent_by=by,
                )
            )
    return len(Letter.objects.bulk_create(letters))


def _definition() -> Definition:
    return Definition(
        title=f"{PREFIX} participant survey",
        default_language="en",
        languages=("en",),
        items=(
            Question(
                "useful",
                QuestionType.LIKERT,
                {"en": "The workshop was useful"},
                choice_list="extent",
            ),
        ),
        choice_lists=(likert_choice_list("extent", dont_know=True, languages=("en",)),),
    )


def _surveys(
    country: str,
    programme: AgencyProgramme,
    agency: Organisation,
    workshops: Sequence[Workshop],
    people: dict[int, list[User]],
    by: User,
    rng: random.Random,
) -> int:
    """A participant survey after each workshop, opened the day after it, linked to the
    programme; everyone of the municipalities invited, about half answering; returns the
    invitations."""
    questionnaire = questionnaire_create(by=None, organisation=agency, definition=_definition())
    invitations = 0
    for workshop, answering in zip(workshops, (0.55, 0.4), strict=True):
        survey = Survey.objects.create(
            questionnaire=questionnaire,
            organisation=agency,
            title=f"{PREFIX}: participants after {workshop.title}, {country}",
            mode=Survey.Mode.PERSONAL,
            opened_by=by,
        )
        opened = datetime.datetime.combine(
            workshop.ends_on + datetime.timedelta(days=1), datetime.time(9), datetime.UTC
        )
        Survey.objects.filter(pk=survey.pk).update(opened_at=opened)
        invited = Invitation.objects.bulk_create(
            Invitation(
                survey=survey, user=user, token_hash=f"bench-{survey.pk}-{user.pk}", sent_at=opened
            )
            for group in people.values()
            for user in group
        )
        invitations += len(invited)
        Response.objects.bulk_create(
            Response(
                survey=survey,
                invitation=invitation,
                user=invitation.user,
                submitted_at=opened + datetime.timedelta(days=2) if chance < answering else None,
                country=country,
            )
            for invitation in invited
            if (chance := rng.random()) < answering + 0.05
        )
        programme.surveys.add(survey)
    return invitations


@dataclass(frozen=True)
class Built:
    """A country's dashboard programme and who looks at it."""

    country: str
    programme: AgencyProgramme
    facilitator: User
    client: Client  # logged in as the facilitator
    today: datetime.date
    summary: str

    def measured(self) -> Dashboard:
        return dashboard_of(programme=self.programme, user=self.facilitator, today=self.today)

    def page(self) -> int:
        """The dashboard page as the facilitator's browser gets it; its length."""
        response = self.client.get(reverse("programmes:dashboard", args=[self.programme.pk]))
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def bare(self) -> "Bare":
        return bare_dashboard(self.programme, self.facilitator, self.today)


def build(*, agency: Organisation, by: User, country: str) -> Built:
    """The country's programme with every municipality of the loaded areas taking part."""
    rng = random.Random(f"{SEED}:dashboard:{country}")
    toolkit = seven_step_toolkit()
    if toolkit is None:
        toolkits_load(paths=[CONTENT_DIR / "qualification-paths.yaml"])
        toolkit = seven_step_toolkit()
        assert toolkit is not None
    today = timezone.localdate()
    areas = list(Area.objects.filter(country=country, kind=Area.Kind.MUNICIPALITY).order_by("code"))
    organisations = _municipalities(agency, country, areas, rng)
    people = _people(organisations)
    programme = programme_create(
        by=by, owner=agency, data=ProgrammeInput(name=f"{PREFIX} programme, {country}")
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(
            programme=programme,
            area=area,
            organisation=organisation,
            status=Candidate.Status.CONFIRMED,
            rank=rank,
            decided_by=by,
            decided_at=timezone.now(),
            contact_name=people[organisation.pk][0].full_name,
            contact_email=people[organisation.pk][0].email,
            contact_role="Head of the refugee service",
        )
        for rank, (area, organisation) in enumerate(zip(areas, organisations, strict=True), 1)
    )
    workshops = Workshop.objects.bulk_create(
        Workshop(
            programme=programme,
            number=number,
            title=f"Workshop {number}",
            starts_on=today - weeks * WEEK,
            ends_on=today - weeks * WEEK + datetime.timedelta(days=1),
            place="Town hall",
        )
        for number, weeks in ((1, 10), (2, 3))
    )
    team = {  # the people by candidate
        candidate.pk: people[organisation.pk]
        for candidate, organisation in zip(candidates, organisations, strict=True)
    }
    steps = _plans(candidates, organisations, team, toolkit, workshops[0].starts_on, rng)
    conversations, items = _follow_ups(candidates, workshops, today, rng)
    answers = _homework(programme, candidates, workshops, team, rng)
    letters = _letters(programme, candidates, workshops, by, rng)
    invitations = _surveys(country, programme, agency, workshops, people, by, rng)
    facilitator = facilitator_of(agency)
    client = Client()
    client.force_login(facilitator)
    summary = (
        f"{country}: {len(candidates)} municipalities with {steps} plan steps, "
        f"{conversations} follow-up conversations with {items} items, {answers} homework "
        f"answers (of {len(TASKS)} tasks), {letters} letters, 2 surveys with {invitations} "
        "invitations"
    )
    BUILT.append(summary)
    return Built(country, programme, facilitator, client, today, summary)


def analyse() -> None:
    """Fresh planner statistics for the tables just filled, for both sides alike."""
    with connection.cursor() as cursor:
        for table in (
            "programmes_candidate",
            "programmes_municipalityplan",
            "toolkits_run",
            "toolkits_runstep",
            "toolkits_run_participants",
            "programmes_followupconversation",
            "programmes_agreeditem",
            "programmes_homeworktask",
            "programmes_homeworksubmission",
            "programmes_letter",
            "surveys_invitation",
            "surveys_response",
            "organisations_organisation",
            "accounts_user",
        ):
            cursor.execute(f"ANALYZE {table}")


def clear() -> None:
    """Remove what `build` made (before the areas go: candidates hold on to them)."""
    BUILT.clear()
    Survey.objects.filter(title__startswith=PREFIX).delete()
    Questionnaire.objects.filter(title__startswith=PREFIX).delete()
    AgencyProgramme.objects.filter(name__startswith=PREFIX).delete()
    regions = Organisation.objects.filter(name__startswith=PREFIX)
    Run.objects.filter(organisation__parent__in=regions).delete()
    User.objects.filter(email__endswith=f"@{PEOPLE}").delete()
    Organisation.objects.filter(parent__in=regions).delete()
    regions.delete()


# --- the bare SQL ----------------------------------------------------------------------------

ROWS = """
WITH taking_part AS (
    SELECT c.id, a.name
    FROM programmes_candidate c JOIN indicators_area a ON a.id = c.area_id
    WHERE c.programme_id = %(programme)s AND c.status IN ('confirmed', 'added')
), plans AS (
    SELECT p.candidate_id, p.run_id, r.toolkit_id,
        r.organisation_id = ANY(%(detail)s) OR r.responsible_id = %(user)s OR EXISTS (
            SELECT 1 FROM toolkits_run_participants rp
            WHERE rp.run_id = r.id AND rp.user_id = %(user)s
        ) AS visible,
        count(s.id) AS steps_total,
        count(s.id) FILTER (WHERE s.status IN ('done', 'skipped')) AS steps_settled,
        (array_agg(s.key ORDER BY s.position)
            FILTER (WHERE s.status NOT IN ('done', 'skipped')))[1] AS next_key
    FROM programmes_municipalityplan p
    JOIN toolkits_run r ON r.id = p.run_id
    LEFT JOIN toolkits_runstep s ON s.run_id = r.id
    WHERE p.candidate_id IN (SELECT id FROM taking_part)
    GROUP BY p.candidate_id, p.run_id, r.id
), items AS (
    SELECT f.candidate_id, i.progress, w.number,
        max(w.number) OVER (PARTITION BY f.candidate_id) AS latest
    FROM programmes_agreeditem i
    JOIN programmes_followupconversation f ON f.id = i.conversation_id
    JOIN programmes_workshop w ON w.id = f.after_workshop_id
    WHERE f.candidate_id IN (SELECT id FROM taking_part)
), goals AS (
    SELECT candidate_id, count(*) AS goals_set,
        count(*) FILTER (WHERE progress IN ('under_way', 'done')) AS worked_on
    FROM items WHERE number = latest GROUP BY candidate_id
), follow_ups AS (
    SELECT candidate_id,
        count(*) FILTER (WHERE held_on IS NOT NULL) AS held,
        count(*) FILTER (WHERE held_on IS NULL AND planned_for < %(today)s) AS overdue
    FROM programmes_followupconversation
    WHERE candidate_id IN (SELECT id FROM taking_part)
    GROUP BY candidate_id
), homework AS (
    SELECT s.candidate_id, count(*) AS submitted
    FROM programmes_homeworksubmission s JOIN programmes_homeworktask t ON t.id = s.task_id
    WHERE t.programme_id = %(programme)s
    GROUP BY s.candidate_id
), letters AS (
    SELECT l.candidate_id, count(*) AS sent
    FROM programmes_letter l LEFT JOIN outbox_outboxmessage m ON m.id = l.message_id
    WHERE l.programme_id = %(programme)s
      AND ((l.message_id IS NULL AND l.outcome = 'sent') OR m.status = 'sent')
    GROUP BY l.candidate_id
)
SELECT c.id, c.name, p.run_id, p.steps_settled, p.steps_total, ts.title, p.visible,
    coalesce(g.goals_set, 0), coalesce(g.worked_on, 0),
    coalesce(f.held, 0), coalesce(f.overdue, 0),
    coalesce(h.submitted, 0),
    (SELECT count(*) FROM programmes_homeworktask WHERE programme_id = %(programme)s),
    coalesce(l.sent, 0)
FROM taking_part c
LEFT JOIN plans p ON p.candidate_id = c.id
LEFT JOIN toolkits_toolkitstep ts ON ts.toolkit_id = p.toolkit_id AND ts.key = p.next_key
LEFT JOIN goals g ON g.candidate_id = c.id
LEFT JOIN follow_ups f ON f.candidate_id = c.id
LEFT JOIN homework h ON h.candidate_id = c.id
LEFT JOIN letters l ON l.candidate_id = c.id
ORDER BY c.name, c.id
"""

SURVEY_LINES = """
SELECT s.id,
    CASE WHEN s.purged_at IS NULL THEN (
        SELECT count(*) FROM surveys_response r
        WHERE r.survey_id = s.id AND r.submitted_at IS NOT NULL
    ) ELSE (
        SELECT coalesce(sum(k.count), 0) FROM surveys_figure k
        WHERE k.survey_id = s.id AND k.question_id IS NULL
    ) END,
    (SELECT count(*) FROM surveys_invitation i WHERE i.survey_id = s.id)
FROM surveys_survey s
JOIN programmes_agencyprogramme_surveys linked ON linked.survey_id = s.id
WHERE linked.agencyprogramme_id = %(programme)s AND s.organisation_id = ANY(%(detail)s)
ORDER BY s.opened_at DESC, s.id DESC
"""

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Bare:
    """Per municipality by name: (candidate id, name, run id, steps settled, steps, the
    next step's title, may open the run, goals set, worked on, follow-ups held, overdue,
    homework answered, tasks, letters sent); per survey: (id, responses, invited)."""

    rows: list[Row]
    surveys: list[Row]


def bare_dashboard(programme: AgencyProgramme, user: User, today: datetime.date) -> Bare:
    """The dashboard's figures by hand in two statements. Which organisations the user sees
    in detail comes from their scope, which the page's access check has already worked out
    (cached on the user), as `dashboard_of` uses it."""
    detail = sorted(scope_for(user).detail_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            ROWS, {"programme": programme.pk, "detail": detail, "user": user.pk, "today": today}
        )
        # Django has psycopg hand over jsonb as text: the next step's title, decoded.
        rows = [
            (*row[:5], json.loads(row[5]) if row[5] else None, *row[6:])
            for row in cursor.fetchall()
        ]
        cursor.execute(
            SURVEY_LINES,
            {"programme": programme.pk, "detail": detail},
        )
        surveys = [tuple(row) for row in cursor.fetchall()]
    return Bare(rows, surveys)


def same(dashboard: Dashboard, bare: Bare) -> bool:
    """The same municipalities in the same order with the same numbers, the same next step
    and link, and the same survey lines."""
    rows = [
        (
            row.candidate.pk,
            row.name,
            row.plan.plan.run_id if row.plan else None,
            row.plan.steps_settled if row.plan else None,
            row.plan.steps_total if row.plan else None,
            row.plan.next_step["title"] if row.plan and row.plan.next_step else None,
            row.plan.visible if row.plan else None,
            row.goals.total,
            row.goals.worked_on,
            row.follow_ups_held,
            row.follow_ups_overdue,
            row.homework_submitted,
            row.homework_total,
            row.letters_sent,
        )
        for row in dashboard.rows
    ]
    surveys = [(line.survey.pk, line.responses, line.invited) for line in dashboard.surveys]
    for name, mine, theirs in (("row", rows, bare.rows), ("survey line", surveys, bare.surveys)):
        for one, other in itertools.zip_longest(mine, theirs):
            if one != other:
                print(f"dashboard: {name} differs: {one} ≠ {other} (bare)", file=sys.stderr)
                return False
    return True
