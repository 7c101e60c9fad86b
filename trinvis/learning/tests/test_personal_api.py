"""The JSON API of education plans, learning goals, one's own logbook and follow-up talks:
what the pages show, as data, within the same access rules and with the same audit trail."""

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, add_member, make_user
from trinvis.core.models import AuditEvent
from trinvis.learning.audit import PERSONAL_RECORD_OPENED
from trinvis.learning.models import FollowUp, LearningGoal, LogbookEntry, PlanRow, Sharing
from trinvis.learning.services.follow_ups import TalkReview, follow_up_record
from trinvis.learning.services.goals import goal_confirm, goal_review
from trinvis.learning.tests.factories_catalogue import make_activity, make_principle
from trinvis.learning.tests.factories_personal import (
    extra_people,
    make_entry,
    make_follow_up,
    make_goal,
    make_org_goal,
)
from trinvis.learning.tests.factories_plans import add_row, make_plan, need, plan_a
from trinvis.organisations.models import Membership

Outcome = LearningGoal.Outcome
TODAY = timezone.localdate


def _days(days: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


def _url(name: str, *args: int) -> str:
    return reverse(f"api:learning_{name}", args=args)


def _post_entry(client: Client, body: dict[str, Any]) -> Any:
    return client.post(_url("logbook"), json.dumps(body), content_type="application/json")


def _opened() -> list[dict[str, Any]]:
    return [event.details for event in AuditEvent.objects.filter(action=PERSONAL_RECORD_OPENED)]


# --- education plans ---------------------------------------------------------------------------


def test_plan_detail_has_the_nine_columns_needs_principle_effort_and_warnings(
    world: World, client_of
) -> None:
    plan = plan_a(world)
    row = plan.rows.get()
    principle = make_principle(world.municipality_a)
    PlanRow.objects.filter(pk=row.pk).update(principle=principle)
    body = client_of(world.alice).get(_url("plan_detail", plan.pk)).json()
    assert body["row_count"] == 1
    assert body["round_id"] == plan.round_id
    first_need = need(plan.round, 0)  # type: ignore[arg-type]
    assert body["rows"] == [
        {
            "id": row.pk,
            "position": 1,
            "people_ids": [world.bob.pk],
            "purpose": "Better conversations",
            "activity_id": row.activity_id,
            "learning_support": "",
            "success_criteria": "",
            "schedule": "Spring",
            "responsible_id": world.alice.pk,
            "resources": "",
            "status": "planned",
            "needs": [
                {
                    "id": first_need.pk,
                    "competence_id": first_need.competence_id,
                    "competence_name": first_need.competence.name,
                    "horizon": "short",
                }
            ],
            "principle": {
                "id": principle.pk,
                "organisation_id": world.municipality_a.pk,
                "topic": "selection",
                "title": "Send two or more from a unit",
            },
            "effort": {"before": "2.0", "during": "3.0", "after": "5.0"},
            "version": 1,
        }
    ]
    # 20-30-50 lies within the bands; bob goes alone, the second short-term need has no
    # activity and the row's activity has no learning goal.
    assert body["effort"] == {
        "before": "2.0",
        "during": "3.0",
        "after": "5.0",
        "total": "10.0",
        "follows_rule": True,
    }
    warnings = {warning["kind"]: warning for warning in body["warnings"]}
    assert set(warnings) == {"alone", "need_without_activity", "no_goal"}
    assert warnings["alone"]["row_ids"] == [row.pk]
    assert warnings["alone"]["title"] == (
        "Bob Employee is the only one from Team A on “Motivational conversation”"
    )
    assert warnings["need_without_activity"]["row_ids"] == []


def test_a_goal_for_the_rows_activity_clears_its_warning(world: World, client_of) -> None:
    plan = plan_a(world)
    goal = make_goal(world.bob, world.team_a)
    LearningGoal.objects.filter(pk=goal.pk).update(activity=plan.rows.get().activity)
    body = client_of(world.bob).get(_url("plan_detail", plan.pk)).json()
    assert "no_goal" not in {warning["kind"] for warning in body["warnings"]}


def test_plans_are_read_in_their_organisations_only(world: World, client_of) -> None:
    plan = plan_a(world)
    other = make_plan(world.municipality_b, title="Bergen plan")
    listed = client_of(world.bob).get(_url("plan_list")).json()
    assert [(item["id"], item["row_count"]) for item in listed] == [(plan.pk, 1)]
    assert client_of(world.charlie).get(_url("plan_detail", plan.pk)).status_code == 404
    assert client_of(world.charlie).get(_url("plan_detail", other.pk)).status_code == 200


# --- learning goals ----------------------------------------------------------------------------


def test_my_goals_are_mine_with_the_agreement_from_my_side(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    make_goal(extra_people(world).colleague, world.team_a, what="Dora's goal")
    [mine] = client_of(world.bob).get(_url("goal_list")).json()
    assert (mine["id"], mine["person_id"], mine["agreement"]) == (
        goal.pk,
        world.bob.pk,
        "waiting_for_leader",
    )
    assert mine["person_confirmed_at"] is not None and mine["leader_confirmed_at"] is None
    assert client_of(world.alice).get(_url("goal_list")).json() == []
    assert _opened() == []


def test_a_leader_lists_a_persons_goals_and_it_is_audited(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    url = f"{_url('goal_list')}?person={world.bob.pk}"
    [theirs] = client_of(world.alice).get(url).json()
    assert (theirs["id"], theirs["agreement"]) == (goal.pk, "waiting_for_you")
    assert _opened() == [{"person": world.bob.pk, "record": "learning_goals"}]
    # Bob naming himself reads his own goals; nothing is logged.
    assert len(client_of(world.bob).get(f"{_url('goal_list')}?person={world.bob.pk}").json()) == 1
    assert len(_opened()) == 1


@pytest.mark.parametrize("persona", ["charlie", "fiona"])
def test_someone_who_does_not_lead_the_person_gets_404(world: World, client_of, persona) -> None:
    make_goal(world.bob, world.team_a)
    client = client_of(getattr(world, persona))
    assert client.get(f"{_url('goal_list')}?person={world.bob.pk}").status_code == 404
    assert client.get(f"{_url('goal_list')}?person=999999").status_code == 404
    assert _opened() == []


def test_a_colleague_gets_404_for_a_colleagues_goals(world: World, client_of) -> None:
    dora = extra_people(world).colleague
    goal = make_goal(world.bob, world.team_a)
    client = client_of(dora)
    assert client.get(f"{_url('goal_list')}?person={world.bob.pk}").status_code == 404
    assert client.get(_url("goal_detail", goal.pk)).status_code == 404


def test_goal_detail_has_reviews_and_both_confirmations(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal = goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    goal = goal_confirm(by=world.alice, goal=goal, base_version=goal.version)
    review = goal_review(by=world.alice, goal=goal, outcome=Outcome.PARTLY, evidence="Uses it")
    body = client_of(world.bob).get(_url("goal_detail", goal.pk)).json()
    assert body["agreement"] == "agreed"
    assert body["leader_id"] == world.alice.pk
    assert body["person_confirmed_at"] and body["leader_confirmed_at"]
    assert body["outcome"] == "partly"
    assert body["reviews"] == [
        {
            "id": review.pk,
            "outcome": "partly",
            "evidence": "Uses it",
            "reviewed_at": body["reviews"][0]["reviewed_at"],
            "reviewed_by_id": world.alice.pk,
            "follow_up_id": None,
        }
    ]
    reviewed_at = review.reviewed_at.strftime("%Y-%m-%dT%H:%M:%S")
    assert body["reviews"][0]["reviewed_at"].startswith(reviewed_at)
    assert _opened() == []


def test_a_leader_opening_a_goal_is_audited_as_on_its_page(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    assert client_of(world.alice).get(_url("goal_detail", goal.pk)).status_code == 200
    event = AuditEvent.objects.get(action=PERSONAL_RECORD_OPENED)
    assert event.details == {"person": world.bob.pk, "record": "learning_goal", "pk": goal.pk}
    assert (event.actor, event.organisation_id, event.target) == (
        world.alice,
        world.team_a.pk,
        world.bob.email,
    )


def test_organisational_goals_are_shared_content(world: World, client_of) -> None:
    goal = make_org_goal(world.municipality_a, by=world.alice)
    make_goal(world.bob, world.team_a)
    [listed] = client_of(world.bob).get(_url("organisational_goal_list")).json()
    assert (listed["id"], listed["scope"], listed["person_id"], listed["agreement"]) == (
        goal.pk,
        "organisational",
        None,
        None,
    )
    assert client_of(world.bob).get(_url("goal_detail", goal.pk)).json()["reviews"] == []
    assert client_of(world.charlie).get(_url("organisational_goal_list")).json() == []
    assert client_of(world.charlie).get(_url("goal_detail", goal.pk)).status_code == 404
    assert _opened() == []


# --- my logbook ----------------------------------------------------------------------------------


def test_my_logbook_lists_my_entries_only(world: World, client_of) -> None:
    dora = extra_people(world).colleague
    older = make_entry(world.bob, text="Older", date=_days(-3))
    newer = make_entry(world.bob, sharing=Sharing.TEAM, text="Newer")
    make_entry(dora, sharing=Sharing.TEAM, text="Dora's")
    listed = client_of(world.bob).get(_url("logbook")).json()
    assert [(item["id"], item["sharing"]) for item in listed] == [
        (newer.pk, "team"),
        (older.pk, "private"),
    ]
    assert client_of(world.bob).get(_url("logbook_entry", older.pk)).json()["what_happened"] == (
        "Older"
    )


@pytest.mark.parametrize("sharing", [Sharing.PRIVATE, Sharing.LEADER, Sharing.TEAM])
def test_nobody_else_opens_my_entry_however_it_is_shared(
    world: World, client_of, sharing: str
) -> None:
    people = extra_people(world)
    entry = make_entry(world.bob, sharing=sharing)
    for reader in (world.alice, world.admin, people.colleague, world.charlie):
        client = client_of(reader)
        assert client.get(_url("logbook_entry", entry.pk)).status_code == 404
        assert client.get(_url("logbook")).json() == []
    assert _opened() == []


def test_a_new_entry_is_written_through_the_service(world: World, client_of) -> None:
    activity = make_activity(world.municipality_a)
    response = _post_entry(
        client_of(world.bob),
        {
            "date": _days(-1).isoformat(),
            "what_happened": "  Tried the guide\r\nwith Ali  ",
            "activity_id": activity.pk,
            "sharing": "leader",
        },
    )
    assert response.status_code == 201
    entry = LogbookEntry.objects.get()
    assert (entry.author, entry.date, entry.activity, entry.sharing) == (
        world.bob,
        _days(-1),
        activity,
        Sharing.LEADER,
    )
    assert entry.what_happened == "Tried the guide\nwith Ali"
    assert response.json()["id"] == entry.pk


def test_a_new_entry_is_private_by_default(world: World, client_of) -> None:
    response = _post_entry(client_of(world.bob), {"date": TODAY().isoformat(), "other": "x"})
    assert response.status_code == 201
    assert response.json()["sharing"] == "private"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"date": "2999-01-01", "what_happened": "x"},
            "date",
            "A logbook entry is about a day that has come.",
        ),
        (
            {"date": "2020-01-01", "what_happened": "  "},
            "__all__",
            "Write something in at least one of the four fields.",
        ),
    ],
)
def test_a_refused_entry_says_why_and_saves_nothing(
    world: World, client_of, body: dict[str, Any], field: str, message: str
) -> None:
    response = _post_entry(client_of(world.bob), body)
    assert response.status_code == 422
    assert response.json() == {"detail": "The entry was not saved.", "errors": {field: [message]}}
    assert not LogbookEntry.objects.exists()


def test_an_activity_outside_the_users_catalogue_is_refused(world: World, client_of) -> None:
    outside = make_activity(world.municipality_b, title="Course of B")
    body = {"date": "2020-01-01", "what_happened": "x", "activity_id": outside.pk}
    response = _post_entry(client_of(world.bob), body)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "activity_id": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not LogbookEntry.objects.exists()


def test_a_refusal_speaks_the_users_language(world: World, client_of) -> None:
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    response = _post_entry(client_of(world.bob), {"date": "2999-01-01", "other": "x"})
    assert response.status_code == 422
    with translation.override("da"):
        expected = {
            "detail": translation.gettext("The entry was not saved."),
            "errors": {
                "date": [translation.gettext("A logbook entry is about a day that has come.")]
            },
        }
    assert response.json() == expected


def test_a_body_without_a_date_is_refused(world: World, client_of) -> None:
    response = _post_entry(client_of(world.bob), {"what_happened": "x"})
    assert response.status_code == 422
    assert not LogbookEntry.objects.exists()


def test_writing_needs_a_csrf_token_and_a_login(world: World) -> None:
    body = {"date": TODAY().isoformat(), "what_happened": "x"}
    assert _post_entry(Client(), body).status_code == 401
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bob)
    assert _post_entry(client, body).status_code == 403
    assert not LogbookEntry.objects.exists()
    token = "a" * 32
    client.cookies["csrftoken"] = token
    response = client.post(
        _url("logbook"), json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201
    assert LogbookEntry.objects.get().author == world.bob


# --- follow-up talks -----------------------------------------------------------------------------


def _held_talk(world: World) -> tuple[FollowUp, LearningGoal]:
    goal = make_goal(world.bob, world.team_a)
    talk = make_follow_up(world.bob, world.alice, planned_for=_days(-2))
    talk = follow_up_record(
        by=world.alice,
        follow_up=talk,
        base_version=talk.version,
        planned_for=talk.planned_for,
        held_on=_days(-1),
        notes="Bob tried the guide twice",
        next_steps="Try it with an interpreter",
        reviews=[TalkReview(goal=goal, outcome=Outcome.PARTLY, evidence="Two talks")],
    )
    return talk, goal


def test_talks_are_listed_for_the_person_and_their_leader(world: World, client_of) -> None:
    people = extra_people(world)
    talk = make_follow_up(world.bob, world.alice)
    expected = [
        {
            "id": talk.pk,
            "person_id": world.bob.pk,
            "leader_id": world.alice.pk,
            "activity_id": None,
            "planned_for": talk.planned_for.isoformat(),
            "held_on": None,
            "version": 1,
        }
    ]
    assert client_of(world.bob).get(_url("follow_up_list")).json() == expected
    assert client_of(world.alice).get(_url("follow_up_list")).json() == expected
    for outsider in (people.colleague, people.consultant, world.charlie, world.fiona):
        client = client_of(outsider)
        assert client.get(_url("follow_up_list")).json() == []
        assert client.get(_url("follow_up_detail", talk.pk)).status_code == 404
    assert _opened() == []


def test_a_talk_named_for_a_leader_who_no_longer_leads_is_not_theirs(
    world: World, client_of
) -> None:
    """The page's rule: the person's leaders read the talk, not whoever planned it."""
    former = make_user("fred@example.org", "Fred Former", language="en")
    membership = add_member(former, world.team_a, Membership.Role.LEADER)
    talk = make_follow_up(world.bob, former)
    assert len(client_of(former).get(_url("follow_up_list")).json()) == 1
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    assert client_of(former).get(_url("follow_up_list")).json() == []
    assert client_of(former).get(_url("follow_up_detail", talk.pk)).status_code == 404


def test_the_person_reads_notes_and_reviews_once_the_talk_is_held(world: World, client_of) -> None:
    talk = make_follow_up(world.bob, world.alice)
    talk = follow_up_record(
        by=world.alice,
        follow_up=talk,
        base_version=talk.version,
        planned_for=talk.planned_for,
        held_on=None,
        notes="Ask about the interpreter",
        next_steps="",
    )
    as_bob = client_of(world.bob).get(_url("follow_up_detail", talk.pk)).json()
    assert (as_bob["notes"], as_bob["next_steps"], as_bob["reviews"]) == (None, None, [])
    as_alice = client_of(world.alice).get(_url("follow_up_detail", talk.pk)).json()
    assert (as_alice["notes"], as_alice["next_steps"]) == ("Ask about the interpreter", "")


def test_a_held_talk_has_notes_next_steps_and_the_goals_it_reviewed(
    world: World, client_of
) -> None:
    talk, goal = _held_talk(world)
    body = client_of(world.bob).get(_url("follow_up_detail", talk.pk)).json()
    assert body["held_on"] == _days(-1).isoformat()
    assert body["version"] == 2
    assert (body["notes"], body["next_steps"]) == (
        "Bob tried the guide twice",
        "Try it with an interpreter",
    )
    [review] = body["reviews"]
    assert {key: review[key] for key in ("goal_id", "outcome", "evidence")} == {
        "goal_id": goal.pk,
        "outcome": "partly",
        "evidence": "Two talks",
    }
    assert client_of(world.bob).get(_url("goal_detail", goal.pk)).json()["reviews"][0][
        "follow_up_id"
    ] == (talk.pk)
    assert _opened() == []


def test_a_leader_opening_a_talk_is_audited_as_on_its_page(world: World, client_of) -> None:
    talk, _goal = _held_talk(world)
    client_of(world.alice).get(_url("follow_up_list"))
    assert _opened() == []
    client_of(world.alice).get(_url("follow_up_detail", talk.pk))
    assert _opened() == [{"person": world.bob.pk, "record": "follow_up", "pk": talk.pk}]


# --- query counts --------------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(world: World, copies: int) -> None:
    """More of everything the endpoints read: rows with people and needs, goals with reviews,
    entries and held talks with reviews."""
    plan = plan_a(world)
    round = plan.round
    assert round is not None
    activity = plan.rows.get(position=1).activity
    colleagues = [
        make_user(f"c{copies}-{number}@example.org", f"Colleague {number}", language="en")
        for number in range(copies)
    ]
    for colleague in colleagues:
        add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    for number in range(copies):
        add_row(
            plan,
            activity=activity,
            people=[world.bob, *colleagues],
            needs=[need(round, 0), need(round, 1)],
            responsible=world.alice,
            effort=(1, 1, 1),
        )
        make_plan(world.municipality_a, title=f"Plan {copies}-{number}")
        goal = make_goal(world.bob, world.team_a, what=f"Goal {number}")
        goal_review(by=world.alice, goal=goal, outcome=Outcome.PARTLY, evidence="x")
        make_org_goal(world.municipality_a, by=world.alice)
        make_entry(world.bob, text=f"Entry {number}")
        make_follow_up(world.bob, world.alice, planned_for=_days(number))
        make_follow_up(colleagues[number], world.alice, planned_for=_days(number))


def _counts(world: World, client_of: Callable[..., Client]) -> dict[str, int]:
    plan = plan_a(world)
    goal = LearningGoal.objects.filter(person=world.bob).earliest("pk")
    talk = FollowUp.objects.get(person=world.bob, held_on__isnull=False)
    entry = LogbookEntry.objects.filter(author=world.bob).earliest("pk")
    as_alice, as_bob = client_of(world.alice), client_of(world.bob)
    return {
        "plans": _count(as_alice, _url("plan_list")),
        "plan": _count(as_alice, _url("plan_detail", plan.pk)),
        "my goals": _count(as_bob, _url("goal_list")),
        "bob's goals": _count(as_alice, f"{_url('goal_list')}?person={world.bob.pk}"),
        "organisational goals": _count(as_bob, _url("organisational_goal_list")),
        "goal": _count(as_alice, _url("goal_detail", goal.pk)),
        "logbook": _count(as_bob, _url("logbook")),
        "entry": _count(as_bob, _url("logbook_entry", entry.pk)),
        "talks": _count(as_alice, _url("follow_up_list")),
        "talk": _count(as_alice, _url("follow_up_detail", talk.pk)),
    }


def test_query_counts_do_not_grow_with_the_data(world: World, client_of) -> None:
    _held_talk(world)
    make_entry(world.bob)
    _grow(world, 1)
    few = _counts(world, client_of)
    _grow(world, 6)
    many = _counts(world, client_of)
    assert many == few
    assert len(client_of(world.bob).get(_url("goal_list")).json()) == 8


# --- the schema ----------------------------------------------------------------------------------


def test_the_openapi_schema_has_the_endpoints(world: World, client_of) -> None:
    schema = client_of(world.bob).get(reverse("api:openapi-json")).json()
    for path in (
        "/api/learning/plans/{plan_id}",
        "/api/learning/goals",
        "/api/learning/organisational-goals",
        "/api/learning/goals/{goal_id}",
        "/api/learning/logbook",
        "/api/learning/logbook/{entry_id}",
        "/api/learning/follow-ups/{follow_up_id}",
    ):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/learning/logbook"]) == {"get", "post"}


def test_a_body_that_does_not_fit_the_schema_gets_a_translated_summary(
    world: World, client_of
) -> None:
    world.bob.language = "da"
    world.bob.save(update_fields=["language"])
    response = _post_entry(client_of(world.bob), {"date": "not a date", "what_happened": "x"})
    assert response.status_code == 422
    with translation.override("da"):
        assert response.json()["detail"] == translation.gettext(
            "The request does not fit the API's description."
        )
    assert any("date" in error["loc"] for error in response.json()["errors"])
    assert not LogbookEntry.objects.exists()
