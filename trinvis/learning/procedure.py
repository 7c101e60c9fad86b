"""The procedure around a course: who is reminded of what, and when (DOMAIN.md §3, phases 4
and 5; §5).

Before the course, four weeks ahead at the latest, each participant's leader is reminded to
revisit purpose and learning goals with them, and each participant gets the description,
programme and preparation material with a request to write down reflections and questions
from their own practice; a participant who is the only one from their unit (or
municipality) on the course is asked to gather colleagues' practice and challenges first,
so the course reaches further than one person. After the course each participant gets a
reminder with the course headings and their own goals N days after the end (the activity's
`reminder_days`, by default a week and three months), an invitation to the follow-up day
when there is one, and their leader a prompt to hold the internal follow-up.

The rules at the top of this module are pure (no queries), so they are quick to test and
read on their own; `facts_for` at the end fetches what they are applied to, with a fixed
number of queries per activity. tasks.py sends the mails; the participant's "before" page
and the activity's "after" page show the same facts.
"""

import datetime
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.learning.models import Activity, Enrolment, LearningGoal, Reminder
from trinvis.organisations.access import MANAGER_ROLES
from trinvis.organisations.models import Membership, Organisation

Kind = Reminder.Kind

# Purpose and goals are revisited "at the latest four weeks before the start".
BEFORE_DAYS = 28
# A week and again three months after the end, unless the activity says otherwise.
DEFAULT_AFTER_DAYS = (7, 90)
# The leader is prompted the day after the end: the internal follow-up is best planned
# while the course is fresh, before the participant's first reminder arrives.
LEADER_AFTER_DAYS = 1
# The latest after-course reminder an activity may ask for: ten years after its end.
MAX_REMINDER_DAY = 3650
# A reminder found more than this many days after its moment (the course was catalogued or
# the participant enrolled long afterwards, or no run happened for weeks) is not sent: a
# "one week after the course" mail three months later confuses more than it helps.
STALE_AFTER_DAYS = 14
# Mails go out from this time of day, local time, not in the middle of the night.
SEND_AT = datetime.time(8, 0)


def at(day: datetime.date, time: datetime.time = SEND_AT) -> datetime.datetime:
    """The moment `time` on `day`, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def after_days(reminder_days: object) -> tuple[int, ...]:
    """The days after the end that carry a reminder mail: the activity's own (whole numbers
    of at least one, each once, in order), else the default."""
    if not isinstance(reminder_days, list):
        return DEFAULT_AFTER_DAYS
    days = sorted(
        {day for day in reminder_days if isinstance(day, int) and not isinstance(day, bool)}
    )
    return tuple(day for day in days if day >= 1) or DEFAULT_AFTER_DAYS


@dataclass(frozen=True)
class Step:
    """One reminder of the procedure: what kind, its day offset (negative before the start,
    positive after the end; the `offset_days` of the Reminder that claims it), from when it
    is due and until when it is still worth sending."""

    kind: str
    offset_days: int
    moment: datetime.datetime
    until: datetime.datetime

    def is_due(self, now: datetime.datetime) -> bool:
        return self.moment <= now < self.until

    @property
    def to_leaders(self) -> bool:
        return self.kind in (Kind.LEADER_BEFORE, Kind.LEADER_AFTER)


def schedule(
    *,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    reminder_days: object,
    follow_up_day_at: datetime.datetime | None,
) -> list[Step]:
    """Every step of an activity's procedure, in time order. Without a start date there is
    nothing before the course; without any date nothing after it either, except the
    invitation to a follow-up day, which is sent from four weeks before that day."""
    steps = []
    stale = datetime.timedelta(days=STALE_AFTER_DAYS)
    if starts_on is not None:
        moment = at(starts_on - datetime.timedelta(days=BEFORE_DAYS))
        # Until the course begins: a late enrolment still gets its reminders.
        until = at(starts_on, datetime.time(0, 0))
        for kind in (Kind.LEADER_BEFORE, Kind.PARTICIPANT_BEFORE):
            steps.append(Step(kind, -BEFORE_DAYS, moment, until))
    end = ends_on or starts_on
    if end is not None:
        for days in after_days(reminder_days):
            moment = at(end + datetime.timedelta(days=days))
            steps.append(Step(Kind.PARTICIPANT_AFTER, days, moment, moment + stale))
        moment = at(end + datetime.timedelta(days=LEADER_AFTER_DAYS))
        steps.append(Step(Kind.LEADER_AFTER, LEADER_AFTER_DAYS, moment, moment + stale))
    if follow_up_day_at is not None:
        if end is not None:
            moment = at(end)
        else:
            moment = follow_up_day_at - datetime.timedelta(days=BEFORE_DAYS)
        if moment < follow_up_day_at:
            steps.append(Step(Kind.FOLLOW_UP_DAY, 0, moment, follow_up_day_at))
    return sorted(steps, key=lambda step: (step.moment, step.kind))


def activity_schedule(activity: Activity) -> list[Step]:
    return schedule(
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        reminder_days=activity.reminder_days,
        follow_up_day_at=activity.follow_up_day_at,
    )


def due_steps(steps: Iterable[Step], now: datetime.datetime) -> list[Step]:
    return [step for step in steps if step.is_due(now)]


# --- leaders and participants going alone ------------------------------------------------------


def levels_nearest_first(path: str) -> list[int]:
    """The organisation of a materialised path ("/1/4/9/") and those above it, nearest
    first: [9, 4, 1]."""
    return [int(part) for part in reversed(path.strip("/").split("/")) if part]


def nearest_leaders(
    *, person_id: int, paths: Iterable[str], managers: Mapping[int, Collection[int]]
) -> set[int]:
    """The leaders nearest to a person: for each of the person's organisations, the people
    who manage people at the first level (the organisation itself, then upwards) where
    anyone but the person does. The leader of the team, not everyone up to the agency."""
    found: set[int] = set()
    for path in paths:
        for organisation_id in levels_nearest_first(path):
            here = set(managers.get(organisation_id, ())) - {person_id}
            if here:
                found |= here
                break
    return found


def home_unit(path: str, kinds: Mapping[int, str]) -> int:
    """Where a membership belongs for the question "who else from here is going": the
    nearest unit (a team's people count with their unit), else the nearest municipality,
    else the organisation itself."""
    levels = levels_nearest_first(path)
    for wanted in (Organisation.Kind.UNIT, Organisation.Kind.MUNICIPALITY):
        for organisation_id in levels:
            if kinds.get(organisation_id) == wanted:
                return organisation_id
    return levels[0]


def going_alone(homes: Mapping[int, Collection[int]]) -> set[int]:
    """The participants (keys: person ids, values: their home units) who share no home unit
    with any other participant; someone with no organisation goes alone too."""
    counts = Counter(unit for units in homes.values() for unit in set(units))
    return {
        person_id
        for person_id, units in homes.items()
        if all(counts[unit] == 1 for unit in set(units))
    }


# --- the facts the rules are applied to (queries) --------------------------------------------


@dataclass
class Participant:
    """An enrolled person with what the procedure needs about them."""

    enrolment: Enrolment
    goals: list[LearningGoal] = field(default_factory=list)
    alone: bool = False
    leader_ids: set[int] = field(default_factory=set)

    @property
    def person(self) -> User:
        return self.enrolment.person


@dataclass
class Facts:
    """An activity's participants and their nearest leaders."""

    activity: Activity
    participants: list[Participant]
    leaders: dict[int, User]

    def participant(self, person_id: int) -> Participant | None:
        return next((p for p in self.participants if p.person.pk == person_id), None)

    def led_by(self, leader_id: int) -> list[Participant]:
        return [p for p in self.participants if leader_id in p.leader_ids]


def facts_for(activity: Activity) -> Facts:
    """The activity's active participants with their goals for it, whether each goes alone,
    and their nearest leaders (active people only). Five queries, however many take part."""
    enrolments = list(
        Enrolment.objects.filter(activity=activity, person__is_active=True)
        .select_related("person", "plan_row")
        .order_by("person__full_name", "person__email", "pk")
    )
    person_ids = [enrolment.person_id for enrolment in enrolments]
    paths: dict[int, list[str]] = {person_id: [] for person_id in person_ids}
    for user_id, path in Membership.objects.filter(
        user_id__in=person_ids, is_active=True
    ).values_list("user_id", "organisation__path"):
        paths[user_id].append(path)
    levels = {
        level for found in paths.values() for path in found for level in levels_nearest_first(path)
    }
    kinds = dict(Organisation.objects.filter(pk__in=levels).values_list("pk", "kind"))
    managers: dict[int, set[int]] = {}
    leaders: dict[int, User] = {}
    for membership in Membership.objects.filter(
        organisation_id__in=levels, is_active=True, role__in=MANAGER_ROLES, user__is_active=True
    ).select_related("user"):
        managers.setdefault(membership.organisation_id, set()).add(membership.user_id)
        leaders[membership.user_id] = membership.user
    goals = _goals(activity, enrolments)
    alone = going_alone(
        {
            person_id: [home_unit(path, kinds) for path in found]
            for person_id, found in paths.items()
        }
    )
    participants = []
    for enrolment in enrolments:
        leader_ids = nearest_leaders(
            person_id=enrolment.person_id, paths=paths[enrolment.person_id], managers=managers
        )
        participants.append(
            Participant(
                enrolment=enrolment,
                goals=goals.get(enrolment.person_id, []),
                alone=enrolment.person_id in alone,
                leader_ids=leader_ids,
            )
        )
    used = {leader_id for participant in participants for leader_id in participant.leader_ids}
    return Facts(
        activity=activity,
        participants=participants,
        leaders={pk: user for pk, user in leaders.items() if pk in used},
    )


def _goals(activity: Activity, enrolments: list[Enrolment]) -> dict[int, list[LearningGoal]]:
    """Each participant's personal goals for the activity: linked to it, or to the plan row
    their enrolment came from."""
    rows = {enrolment.plan_row_id for enrolment in enrolments if enrolment.plan_row_id}
    linked = Q(activity=activity) | Q(plan_row_id__in=rows) if rows else Q(activity=activity)
    found: dict[int, list[LearningGoal]] = {}
    for goal in LearningGoal.objects.filter(
        linked,
        scope=LearningGoal.Scope.PERSONAL,
        person_id__in=[enrolment.person_id for enrolment in enrolments],
    ).order_by("created_at", "pk"):
        assert goal.person_id is not None  # a personal goal has a person
        found.setdefault(goal.person_id, []).append(goal)
    return found
