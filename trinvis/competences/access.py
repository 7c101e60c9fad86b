"""Who may see and change competence profiles, rounds and ratings.

- Profiles are shared content of an organisation: its people and the people of the units
  below it read them (what is expected of me is no secret), the write roles (leader,
  administrator, development consultant) change them. A facilitator does not reach the
  profiles of the municipalities they follow.
- A round is seen by the people of its organisation and those above it with detail access;
  the write roles open and close it.
- Individual ratings are personal data: the person sees their own, the leaders (and
  administrators) of the round's organisation see everyone's. Nobody else sees a person's
  ratings: colleagues and development consultants see the team's figures, and only when at
  least five people were assessed.
- A facilitator follows the municipalities below their agency as aggregates: they reach a
  round's figures (five people or more), never a person.

Views answer 404 outside this and 403 for a write by a role that may only read.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from trinvis.accounts.models import User
from trinvis.competences.models import Assessment, Profile, Round
from trinvis.organisations.access import scope_for


def profiles_for_user(*, user: Any) -> QuerySet[Profile]:
    scope = scope_for(user)
    profiles = Profile.objects.select_related("organisation")
    if scope.is_platform_admin:
        return profiles
    # Detail access, and the organisations above one's own (not those followed as figures).
    readable = scope.detail_ids | (scope.aggregate_ids - scope.followed_ids)
    return profiles.filter(organisation_id__in=readable)


def profile_get_for_user(*, user: Any, pk: Any, write: bool = False) -> Profile:
    profile = profiles_for_user(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if profile is None:
        raise Http404
    if write and not scope_for(user).can_write(profile.organisation_id):
        raise PermissionDenied
    return profile


def rounds_for_user(*, user: Any) -> QuerySet[Round]:
    """Rounds the user sees in detail, and the rounds they follow as aggregates."""
    scope = scope_for(user)
    rounds = Round.objects.select_related("profile", "organisation")
    if scope.is_platform_admin:
        return rounds
    return rounds.filter(
        Q(organisation_id__in=scope.detail_ids)
        | Q(organisation_id__in=scope.followed_ids)
        | Q(people=user)
    ).distinct()


def round_get_for_user(
    *, user: Any, pk: Any, write: bool = False, aggregate: bool = False
) -> Round:
    """A round for a view. `aggregate=True` admits a facilitator who follows it as figures."""
    try:
        round_pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = Round.objects.select_related("profile", "organisation").filter(pk=round_pk).first()
    if found is None:
        raise Http404
    scope = scope_for(user)
    in_detail = scope.can_see_detail(found.organisation_id) or is_participant(
        user=user, round=found
    )
    if not in_detail and not (aggregate and found.organisation_id in scope.followed_ids):
        raise Http404
    if write and not scope.can_write(found.organisation_id):
        raise PermissionDenied
    return found


def is_participant(*, user: Any, round: Round) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return round.people.filter(pk=user.pk).exists()


def may_see_people(*, user: Any, round: Round) -> bool:
    """Leaders and administrators of the round's organisation see every person's ratings."""
    return scope_for(user).can_manage_people(round.organisation_id)


def may_manage_round(*, user: Any, round: Round) -> bool:
    return scope_for(user).can_write(round.organisation_id)


def person_get_for_user(*, user: Any, round: Round, pk: Any) -> User:
    """A person assessed in the round whose ratings the user may open: themself, or as leader."""
    person = round.people.filter(pk=pk).first() if str(pk).isdigit() else None
    if person is None:
        raise Http404
    if person.pk != user.pk and not may_see_people(user=user, round=round):
        raise Http404
    return person


def may_assess(*, user: Any, round: Round, kind: str, person: User | None) -> bool:
    """Whether the user fills this assessment: their own, a leader's of a person, the team's."""
    if not round.is_open:
        return False
    if kind == Assessment.Kind.SELF:
        return (
            round.self_assessment
            and person is not None
            and person.pk == user.pk
            and is_participant(user=user, round=round)
        )
    if kind == Assessment.Kind.LEADER:
        return (
            round.leader_assessment
            and person is not None
            and person.pk != user.pk
            and may_see_people(user=user, round=round)
        )
    if kind == Assessment.Kind.TEAM:
        return round.team_assessment and (
            is_participant(user=user, round=round) or may_see_people(user=user, round=round)
        )
    return False
