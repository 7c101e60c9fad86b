"""Who may see and change the learning module's records.

- Shared content of an organisation (the activity catalogue, programmes and paths,
  principles, education plans, implementation plans and their meetings) is read like the
  competence profiles: by everyone with detail access to the organisation and by the people
  of the units below it (the catalogue and plans that apply to me are no secret); the write
  roles (leader, administrator, development consultant) change it. A facilitator does not
  reach into the municipalities they follow.
- Personal records (learning goals, logbook entries, motivation checks, follow-up talks)
  belong to a person: the person and their leaders (those who manage people in an
  organisation where the person is a member, or above it) see them; nobody else does — not
  colleagues, not development consultants, not facilitators. A logbook entry is private to
  its author until shared: with "leader" their leaders see it, with "team" also the people
  of the organisations the author belongs to.

Views answer 404 outside this and 403 for a write by a role that may only read.
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from trinvis.accounts.models import User
from trinvis.learning.models import (
    Enrolment,
    FollowUp,
    ImplementationItem,
    ImplementationPlan,
    LearningGoal,
    LogbookEntry,
    MotivationCheck,
    ProcessMeeting,
    Sharing,
)
from trinvis.organisations.access import MANAGER_ROLES, scope_for
from trinvis.organisations.models import Membership, Organisation

M = TypeVar("M", bound=Model)


def readable_organisation_ids(user: Any) -> frozenset[int] | None:
    """Organisations whose shared learning content the user reads; None: all (platform
    administrators)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    return frozenset(scope.detail_ids | (scope.aggregate_ids - scope.followed_ids))


def shared_for_user(
    queryset: QuerySet[M], *, user: Any, field: str = "organisation_id"
) -> QuerySet[M]:
    """The rows of a shared-content queryset the user may read."""
    readable = readable_organisation_ids(user)
    if readable is None:
        return queryset
    return queryset.filter(**{f"{field}__in": readable})


def shared_get_for_user(
    queryset: QuerySet[M],
    *,
    user: Any,
    pk: Any,
    write: bool = False,
    field: str = "organisation_id",
) -> M:
    """One shared record for a view: 404 outside the user's reach, 403 for a write by a
    role that may only read."""
    found = (
        shared_for_user(queryset, user=user, field=field).filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    organisation_id: Any = found
    for part in field.split("__"):
        organisation_id = getattr(organisation_id, part)
    if write and not scope_for(user).can_write(organisation_id):
        raise PermissionDenied
    return found


def may_write_in(*, user: Any, organisation_id: int) -> bool:
    return scope_for(user).can_write(organisation_id)


def person_organisation_ids(person: User) -> list[int]:
    return list(
        Membership.objects.filter(user=person, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )


def is_leader_of(*, user: Any, person: User) -> bool:
    """The user leads (or administers) an organisation where the person is a member."""
    if not getattr(user, "is_authenticated", False) or user.pk == person.pk:
        return False
    return scope_for(user).can_see_personal_data_in(person_organisation_ids(person))


def may_see_personal(*, user: Any, person: User) -> bool:
    """The person themself, or one of their leaders."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk == person.pk or is_leader_of(user=user, person=person)


def person_get_for_user(*, user: Any, pk: Any) -> User:
    """A person whose personal learning records the user may open (404 otherwise)."""
    person = User.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if person is None or not may_see_personal(user=user, person=person):
        raise Http404
    return person


def are_colleagues(*, user: Any, person: User) -> bool:
    """Both are active members of one same organisation (the "team" a logbook entry may be
    shared with)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, is_active=True, organisation_id__in=person_organisation_ids(person)
    ).exists()


# --- personal records: learning goals, logbook entries, motivation checks, follow-up talks ---


def led_organisation_ids(user: Any) -> QuerySet[Organisation, Any]:
    """The organisations where the user leads people (their leader and administrator
    memberships, and everything below them), as a subquery.

    Taken from the user's own memberships (as the request's scope read them), not from the
    platform-administrator shortcut: a platform administrator may open any record, but their
    "my people" list and home page show only the people of the organisations they really
    lead.
    """
    paths = [
        membership.path
        for membership in scope_for(user).memberships
        if membership.role in MANAGER_ROLES
    ]
    if not paths:
        return Organisation.objects.none().values("id")
    subtree = Q()
    for path in paths:
        subtree |= Q(path__startswith=path)
    return Organisation.objects.filter(subtree).values("id")


def led_people(user: Any) -> QuerySet[User]:
    """Active people with an active membership where the user leads; never the user."""
    members = Membership.objects.filter(
        is_active=True, organisation_id__in=led_organisation_ids(user)
    ).values("user_id")
    return User.objects.filter(is_active=True, pk__in=members).exclude(pk=user.pk)


def colleague_ids(user: Any) -> QuerySet[Membership, Any]:
    """Ids of the people with an active membership in one of the user's own organisations
    (the "team" a logbook entry may be shared with), as a subquery; the user included."""
    own = Membership.objects.filter(user_id=user.pk, is_active=True).values("organisation_id")
    return Membership.objects.filter(is_active=True, organisation_id__in=own).values("user_id")


def goal_get_for_user(*, user: Any, pk: Any, write: bool = False) -> LearningGoal:
    """A learning goal for a view. An organisational goal is shared content (its write roles
    change it, a read-only role gets 403); a personal goal is seen and changed by the person
    and their leaders, the two parties of the agreement, and is a 404 to anyone else."""
    goal = (
        LearningGoal.objects.select_related(
            "person", "organisation", "leader", "activity", "plan_row__plan"
        )
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if goal is None:
        raise Http404
    if goal.scope == LearningGoal.Scope.ORGANISATIONAL:
        readable = readable_organisation_ids(user)
        if readable is not None and goal.organisation_id not in readable:
            raise Http404
        if write and not may_write_in(user=user, organisation_id=goal.organisation_id):
            raise PermissionDenied
        return goal
    assert goal.person is not None  # a database constraint
    if not may_see_personal(user=user, person=goal.person):
        raise Http404
    return goal


def may_read_logbook_entry(*, user: Any, entry: LogbookEntry) -> bool:
    """The author always; nobody while it is private (not their leaders, not an
    administrator); their leaders once shared; the people of the author's own organisations
    when shared with the team."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == entry.author_id:
        return True
    if entry.sharing == Sharing.PRIVATE:
        return False
    if is_leader_of(user=user, person=entry.author):
        return True
    return entry.sharing == Sharing.TEAM and are_colleagues(user=user, person=entry.author)


def logbook_entry_get_for_user(*, user: Any, pk: Any, write: bool = False) -> LogbookEntry:
    """A logbook entry for a view: 404 to whoever may not read it, 403 to a reader who
    tries to change it (only the author writes in their logbook)."""
    entry = (
        LogbookEntry.objects.select_related("author", "activity").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if entry is None or not may_read_logbook_entry(user=user, entry=entry):
        raise Http404
    if write and entry.author_id != user.pk:
        raise PermissionDenied
    return entry


def logbook_entries_shared_with(user: Any) -> QuerySet[LogbookEntry]:
    """Other people's entries the user may read: shared with the leaders of people the user
    leads, and shared with the team by people of the user's own organisations."""
    if not getattr(user, "is_authenticated", False):
        return LogbookEntry.objects.none()
    as_leader = Q(
        sharing__in=[Sharing.LEADER, Sharing.TEAM], author_id__in=led_people(user).values("pk")
    )
    as_colleague = Q(sharing=Sharing.TEAM, author_id__in=colleague_ids(user))
    return LogbookEntry.objects.filter(as_leader | as_colleague).exclude(author_id=user.pk)


def motivation_check_get_for_user(*, user: Any, pk: Any) -> MotivationCheck:
    check = (
        MotivationCheck.objects.select_related("person", "activity").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if check is None or not may_see_personal(user=user, person=check.person):
        raise Http404
    return check


def follow_up_get_for_user(*, user: Any, pk: Any, write: bool = False) -> FollowUp:
    """A follow-up talk: the person and their leaders see it, a leader records it (the
    person reading their own talk gets 403 on a write)."""
    follow_up = (
        FollowUp.objects.select_related("person", "leader", "activity").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if follow_up is None or not may_see_personal(user=user, person=follow_up.person):
        raise Http404
    if write and not is_leader_of(user=user, person=follow_up.person):
        raise PermissionDenied
    return follow_up


# --- before the course, and implementation plans ---------------------------------------------


def enrolment_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Enrolment:
    """An enrolment with what the participant prepared for the course: a personal record.
    The participant writes it; their leaders read it (403 on a write); anyone else gets 404."""
    enrolment = (
        Enrolment.objects.select_related("person", "activity__organisation", "plan_row")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if enrolment is None or not may_see_personal(user=user, person=enrolment.person):
        raise Http404
    if write and enrolment.person_id != user.pk:
        raise PermissionDenied
    return enrolment


def is_on_implementation_team(*, user: Any, plan: ImplementationPlan) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return plan.team.filter(pk=user.pk).exists()


def may_work_on_implementation(*, user: Any, plan: ImplementationPlan) -> bool:
    """The write roles of the plan's organisation, and the implementation team: they fill
    in the plan's items and record its follow-up meetings."""
    return may_write_in(
        user=user, organisation_id=plan.organisation_id
    ) or is_on_implementation_team(user=user, plan=plan)


def implementation_plan_get_for_user(
    *, user: Any, pk: Any, write: bool = False, team_may_write: bool = False
) -> ImplementationPlan:
    """An implementation plan: shared content of its organisation. A write needs a write
    role there, or, where `team_may_write` (items and meetings), a place on the team."""
    plan = shared_get_for_user(
        ImplementationPlan.objects.select_related("organisation", "education_plan", "activity"),
        user=user,
        pk=pk,
    )
    if write and not (
        may_write_in(user=user, organisation_id=plan.organisation_id)
        or (team_may_write and is_on_implementation_team(user=user, plan=plan))
    ):
        raise PermissionDenied
    return plan


def implementation_item_get_for_user(
    *, user: Any, pk: Any, write: bool = False, done: bool = False
) -> ImplementationItem:
    """An item of an implementation plan. The write roles and the team change it; marking
    it done (`done`) is also for the person responsible for it."""
    item = shared_get_for_user(
        ImplementationItem.objects.select_related("plan__organisation", "responsible"),
        user=user,
        pk=pk,
        field="plan__organisation_id",
    )
    if (write or done) and not (
        may_work_on_implementation(user=user, plan=item.plan)
        or (done and item.responsible_id == user.pk)
    ):
        raise PermissionDenied
    return item


def process_meeting_get_for_user(*, user: Any, pk: Any, write: bool = False) -> ProcessMeeting:
    """A follow-up meeting of an implementation plan: read with the plan, changed by the
    write roles and the team."""
    meeting = shared_get_for_user(
        ProcessMeeting.objects.select_related("plan__organisation", "recorded_by"),
        user=user,
        pk=pk,
        field="plan__organisation_id",
    )
    if write and not may_work_on_implementation(user=user, plan=meeting.plan):
        raise PermissionDenied
    return meeting
