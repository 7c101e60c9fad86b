"""JSON API of the competence module: profiles, rounds, one's own ratings, aggregated matrix.

The pages' rules hold: profiles and rounds through `access.py`; the matrix comes as figures
only (never a person's level), and only when at least five people were assessed or the
caller leads the round's organisation; a person reads and writes only their own ratings,
through the same service and version check as the rating form.
"""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from trinvis.accounts.models import User
from trinvis.competences import access, selectors
from trinvis.competences.models import Assessment, Competence, Profile
from trinvis.competences.services.rounds import AssessmentConflict, RatingInput, assessment_save

router = Router(tags=["competences"])

Category = Literal["professional", "social", "organisational", "personal"]
Vulnerability = Literal["low", "medium", "high"]


class Message(Schema):
    detail: str


class CompetenceOut(Schema):
    id: int
    category: Category
    id_number: str
    name: str
    description: str
    expected_level: int
    goal: str


class ProfileOut(Schema):
    id: int
    organisation_id: int
    name: str
    applies_to: str
    description: str
    strategy_goal: str
    id_number: str
    version: int
    vulnerability_high_below: int
    vulnerability_medium_below: int


class ProfileDetailOut(ProfileOut):
    competences: list[CompetenceOut]

    @staticmethod
    def resolve_competences(profile: Profile) -> list[Competence]:
        return selectors.profile_competences(profile=profile)


class RoundOut(Schema):
    id: int
    profile_id: int
    organisation_id: int
    title: str
    self_assessment: bool
    leader_assessment: bool
    team_assessment: bool
    deadline: datetime.date
    is_open: bool


class FiguresOut(Schema):
    competence_id: int
    expected: int
    rated: int
    meeting: int
    below: int
    team_median: float | None
    gap: float
    vulnerability: Vulnerability


class MatrixOut(Schema):
    round_id: int
    assessed: int
    # False when fewer than five people were assessed and the caller does not lead them:
    # then no figures are given.
    shareable: bool
    competences: list[FiguresOut]


class RatingOut(Schema):
    competence_id: int
    level: int
    comment: str
    evidence: str


class AssessmentOut(Schema):
    kind: Literal["self", "leader"]
    version: int
    submitted_at: datetime.datetime | None
    ratings: list[RatingOut]


class MyRatingsOut(Schema):
    round_id: int
    assessments: list[AssessmentOut]


class RatingIn(Schema):
    competence_id: int
    level: int
    comment: str = ""
    evidence: str = ""


class MyRatingsIn(Schema):
    base_version: int
    submit: bool = False
    ratings: list[RatingIn]


class RatingsConflictOut(Schema):
    detail: str
    version: int


class RatingsRefusedOut(Schema):
    detail: str
    errors: list[str]


# --- profiles --------------------------------------------------------------------------------


@router.get("/competences/profiles", response=list[ProfileOut], url_name="competence_profile_list")
def profile_list(request: HttpRequest) -> Any:
    return access.profiles_for_user(user=request.user)


@router.get(
    "/competences/profiles/{int:profile_id}",
    response={200: ProfileDetailOut, 404: Message},
    url_name="competence_profile_detail",
)
def profile_detail(request: HttpRequest, profile_id: int) -> Any:
    return access.profile_get_for_user(user=request.user, pk=profile_id)


# --- rounds ----------------------------------------------------------------------------------


@router.get("/competences/rounds", response=list[RoundOut], url_name="competence_round_list")
def round_list(request: HttpRequest) -> Any:
    return access.rounds_for_user(user=request.user)


@router.get(
    "/competences/rounds/{int:round_id}",
    response={200: RoundOut, 404: Message},
    url_name="competence_round_detail",
)
def round_detail(request: HttpRequest, round_id: int) -> Any:
    return access.round_get_for_user(user=request.user, pk=round_id, aggregate=True)


@router.get(
    "/competences/rounds/{int:round_id}/matrix",
    response={200: MatrixOut, 404: Message},
    url_name="competence_round_matrix",
)
def round_matrix(request: HttpRequest, round_id: int) -> Any:
    round = access.round_get_for_user(user=request.user, pk=round_id, aggregate=True)
    matrix = selectors.round_matrix(round=round)
    shareable = matrix.shareable or access.may_see_people(user=request.user, round=round)
    figures = [
        {
            "competence_id": row.competence.pk,
            "expected": row.figures.expected,
            "rated": row.figures.rated,
            "meeting": row.figures.meeting,
            "below": row.figures.below,
            "team_median": row.figures.team_median,
            "gap": row.figures.gap,
            "vulnerability": row.figures.vulnerability.name.lower(),
        }
        for row in matrix.rows
    ]
    return {
        "round_id": round.pk,
        "assessed": matrix.assessed if shareable else 0,
        "shareable": shareable,
        "competences": figures if shareable else [],
    }


# --- one's own ratings -----------------------------------------------------------------------


def _my_ratings(round: Any, user: User) -> dict[str, Any]:
    by_kind: dict[str, dict[str, Any]] = {}
    for rating in selectors.person_ratings(round=round, person=user, submitted_only=False):
        for kind, given in (("self", rating.self_rating), ("leader", rating.leader_rating)):
            if given is None:
                continue
            assessment = given.assessment
            # The leader's rating of me only once submitted; my own drafts always.
            if kind == "leader" and assessment.submitted_at is None:
                continue
            entry = by_kind.setdefault(
                kind,
                {
                    "kind": kind,
                    "version": assessment.version,
                    "submitted_at": assessment.submitted_at,
                    "ratings": [],
                },
            )
            entry["ratings"].append(given)
    own = selectors.own_assessment(round=round, person=user)
    if own is not None and "self" not in by_kind:
        by_kind["self"] = {
            "kind": "self",
            "version": own.version,
            "submitted_at": own.submitted_at,
            "ratings": [],
        }
    return {"round_id": round.pk, "assessments": list(by_kind.values())}


@router.get(
    "/competences/rounds/{int:round_id}/ratings/mine",
    response={200: MyRatingsOut, 404: Message},
    url_name="competence_my_ratings",
)
def my_ratings_read(request: HttpRequest, round_id: int) -> Any:
    round = access.round_get_for_user(user=request.user, pk=round_id)
    return _my_ratings(round, request.user)  # type: ignore[arg-type]


@router.put(
    "/competences/rounds/{int:round_id}/ratings/mine",
    response={
        200: MyRatingsOut,
        403: Message,
        404: Message,
        409: RatingsConflictOut,
        422: RatingsRefusedOut,
    },
    url_name="competence_my_ratings",
)
def my_ratings_write(request: HttpRequest, round_id: int, payload: MyRatingsIn) -> Any:
    user: User = request.user  # type: ignore[assignment]
    round = access.round_get_for_user(user=user, pk=round_id)
    if not access.may_assess(user=user, round=round, kind=Assessment.Kind.SELF, person=user):
        raise PermissionDenied
    try:
        assessment_save(
            by=user,
            round=round,
            kind=Assessment.Kind.SELF,
            person=user,
            ratings={
                given.competence_id: RatingInput(given.level, given.comment, given.evidence)
                for given in payload.ratings
            },
            base_version=payload.base_version,
            submit=payload.submit,
        )
    except AssessmentConflict as conflict:
        detail = _("Your ratings were saved elsewhere meanwhile. Nothing was changed.")
        return Status(409, {"detail": detail, "version": conflict.assessment.version})
    except ValidationError as error:
        detail = _("The ratings were not saved.")
        return Status(422, {"detail": detail, "errors": error.messages})
    return Status(200, _my_ratings(round, user))
