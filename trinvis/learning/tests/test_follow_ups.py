"""Follow-up talks: planned by a leader, with an agenda from the open goals, the latest
motivation check and what was agreed last time; recorded with notes, next steps and a
review of each goal discussed; read by the person."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from trinvis.learning.models import FollowUp, GoalReview, LearningGoal
from trinvis.learning.selectors_personal import follow_up_agenda, follow_ups_due
from trinvis.learning.services.follow_ups import (
    FollowUpConflict,
    TalkReview,
    follow_up_record,
)
from trinvis.learning.services.goals import goal_review
from trinvis.learning.tests.factories_personal import (
    extra_people,
    make_check,
    make_follow_up,
    make_goal,
)

Outcome = LearningGoal.Outcome
TODAY = timezone.localdate


def _days(days: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


def _record(talk: FollowUp, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "base_version": talk.version,
        "planned_for": talk.planned_for.isoformat(),
        "held_on": "",
        "activity": "",
        "notes": "",
        "next_steps": "",
    }
    data.update(changes)
    return data


def test_a_leader_plans_a_talk_and_the_person_may_not(world: World, client_of) -> None:
    url = reverse("learning:follow_up_create", args=[world.bob.pk])
    assert client_of(world.bob).get(url).status_code == 403
    response = client_of(world.alice).post(url, {"planned_for": _days(14).isoformat()})
    talk = FollowUp.objects.get()
    assert response["Location"] == reverse("learning:follow_up", args=[talk.pk])
    assert (talk.person, talk.leader, talk.planned_for) == (world.bob, world.alice, _days(14))


def test_the_agenda_has_open_goals_the_latest_check_and_last_times_next_steps(
    world: World, client_of
) -> None:
    open_goal = make_goal(world.bob, world.team_a, what="Interpreting in first talks")
    done_goal = make_goal(world.bob, world.team_a, what="Already reached goal")
    goal_review(by=world.alice, goal=done_goal, outcome=Outcome.ACHIEVED, evidence="")
    make_check(world.bob, taken_on=_days(-40), frame=5)
    make_check(world.bob, taken_on=_days(-2), frame=2)
    earlier = make_follow_up(world.bob, world.alice, planned_for=_days(-30))
    FollowUp.objects.filter(pk=earlier.pk).update(
        held_on=_days(-30), next_steps="Bob tries the guide with three participants"
    )
    talk = make_follow_up(world.bob, world.alice, planned_for=_days(5))

    agenda = follow_up_agenda(talk)
    assert agenda.goals == [open_goal]
    assert agenda.latest_check is not None and agenda.latest_check.drops == ["frame"]
    assert agenda.previous is not None and agenda.previous.pk == earlier.pk

    for viewer in (world.alice, world.bob):
        page = client_of(viewer).get(reverse("learning:follow_up", args=[talk.pk]))
        text = page.content.decode()
        assert "Interpreting in first talks" in text and "Already reached goal" not in text
        assert "Frame and permission fell from 5 to 2" in text
        assert "Bob tries the guide with three participants" in text
    as_bob = client_of(world.bob).get(reverse("learning:follow_up", args=[talk.pk]))
    assert 'name="notes"' not in as_bob.content.decode()


def test_recording_a_talk_reviews_the_goals_discussed(world: World, client_of) -> None:
    first = make_goal(world.bob, world.team_a, what="First goal")
    second = make_goal(world.bob, world.team_a, what="Second goal")
    talk = make_follow_up(world.bob, world.alice, planned_for=_days(-1))
    response = client_of(world.alice).post(
        reverse("learning:follow_up", args=[talk.pk]),
        _record(
            talk,
            held_on=_days(-1).isoformat(),
            notes="Good talk",
            next_steps="Try it twice a week",
            **{
                f"goal_{first.pk}_outcome": Outcome.PARTLY,
                f"goal_{first.pk}_evidence": "Used it once",
                f"goal_{second.pk}_outcome": "",
            },
        ),
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert (talk.held_on, talk.notes, talk.next_steps) == (
        _days(-1),
        "Good talk",
        "Try it twice a week",
    )
    review = GoalReview.objects.get()
    assert (review.goal, review.follow_up, review.outcome, review.evidence) == (
        first,
        talk,
        Outcome.PARTLY,
        "Used it once",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.outcome == Outcome.PARTLY and second.outcome == Outcome.OPEN

    # Saving again changes the talk's one review; "not discussed" removes it.
    talk.refresh_from_db()
    follow_up_record(
        by=world.alice,
        follow_up=talk,
        base_version=talk.version,
        planned_for=talk.planned_for,
        held_on=talk.held_on,
        notes=talk.notes,
        next_steps=talk.next_steps,
        reviews=[TalkReview(first, Outcome.ACHIEVED, "Used every week")],
    )
    assert GoalReview.objects.get().outcome == Outcome.ACHIEVED
    first.refresh_from_db()
    assert first.outcome == Outcome.ACHIEVED
    talk.refresh_from_db()
    follow_up_record(
        by=world.alice,
        follow_up=talk,
        base_version=talk.version,
        planned_for=talk.planned_for,
        held_on=talk.held_on,
        notes=talk.notes,
        next_steps=talk.next_steps,
        reviews=[TalkReview(first, "")],
    )
    assert not GoalReview.objects.exists()
    first.refresh_from_db()
    assert first.outcome == Outcome.OPEN


def test_a_review_needs_the_day_the_talk_was_held(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    talk = make_follow_up(world.bob, world.alice)
    response = client_of(world.alice).post(
        reverse("learning:follow_up", args=[talk.pk]),
        _record(talk, **{f"goal_{goal.pk}_outcome": Outcome.ACHIEVED}),
    )
    assert response.status_code == 200
    assert "Enter the day the talk was held" in response.content.decode()
    assert not GoalReview.objects.exists()
    with pytest.raises(ValidationError):
        follow_up_record(
            by=world.alice,
            follow_up=talk,
            base_version=talk.version,
            planned_for=talk.planned_for,
            held_on=_days(3),
            notes="",
            next_steps="",
        )


def test_another_persons_goal_cannot_be_reviewed_in_the_talk(world: World) -> None:
    charlies = make_goal(world.charlie, world.unit_b_nav)
    talk = make_follow_up(world.bob, world.alice)
    with pytest.raises(ValidationError):
        follow_up_record(
            by=world.alice,
            follow_up=talk,
            base_version=talk.version,
            planned_for=talk.planned_for,
            held_on=TODAY(),
            notes="",
            next_steps="",
            reviews=[TalkReview(charlies, Outcome.ACHIEVED)],
        )
    assert not GoalReview.objects.exists()
    talk.refresh_from_db()
    assert talk.held_on is None


def test_a_talk_saved_in_between_is_a_conflict(world: World, client_of) -> None:
    talk = make_follow_up(world.bob, world.alice)
    opened = talk.version
    follow_up_record(
        by=world.admin,
        follow_up=talk,
        base_version=opened,
        planned_for=talk.planned_for,
        held_on=None,
        notes="Admin's notes",
        next_steps="",
    )
    with pytest.raises(FollowUpConflict):
        follow_up_record(
            by=world.alice,
            follow_up=talk,
            base_version=opened,
            planned_for=talk.planned_for,
            held_on=None,
            notes="Alice's notes",
            next_steps="",
        )
    response = client_of(world.alice).post(
        reverse("learning:follow_up", args=[talk.pk]),
        _record(talk, base_version=opened, notes="Alice's notes"),
    )
    assert "Someone else saved the talk" in response.content.decode()
    talk.refresh_from_db()
    assert talk.notes == "Admin's notes"


def test_a_planned_talk_can_be_removed_a_held_one_is_kept(world: World, client_of) -> None:
    planned = make_follow_up(world.bob, world.alice)
    held = make_follow_up(world.bob, world.alice, planned_for=_days(-3))
    FollowUp.objects.filter(pk=held.pk).update(held_on=_days(-3))
    client = client_of(world.alice)
    assert client.post(reverse("learning:follow_up_delete", args=[planned.pk])).status_code == 302
    client.post(reverse("learning:follow_up_delete", args=[held.pk]))
    assert list(FollowUp.objects.values_list("pk", flat=True)) == [held.pk]


@pytest.mark.parametrize("who", ["colleague", "consultant", "unit_employee", "fiona", "charlie"])
def test_only_the_person_and_their_leaders_open_a_talk(world: World, who: str) -> None:
    people = extra_people(world)
    outsider = getattr(people, who, None) or getattr(world, who)
    talk = make_follow_up(world.bob, world.alice)
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("learning:follow_up", args=[talk.pk])).status_code == 404
    assert client.post(reverse("learning:follow_up", args=[talk.pk]), {}).status_code == 404
    url = reverse("learning:follow_up_create", args=[world.bob.pk])
    assert client.get(url).status_code == 404


def test_the_person_reads_but_does_not_record_their_talk(world: World, client_of) -> None:
    talk = make_follow_up(world.bob, world.alice)
    response = client_of(world.bob).post(
        reverse("learning:follow_up", args=[talk.pk]), _record(talk, notes="Bob writes")
    )
    assert response.status_code == 403
    talk.refresh_from_db()
    assert talk.notes == ""


def test_talks_due_reach_the_home_page(world: World, client_of) -> None:
    soon = make_follow_up(world.bob, world.alice, planned_for=_days(3))
    overdue = make_follow_up(world.bob, world.alice, planned_for=_days(-2))
    make_follow_up(world.bob, world.alice, planned_for=_days(30))
    assert follow_ups_due(user=world.alice, today=TODAY()) == [overdue, soon]
    # The person sees the coming talk, not the leader's overdue record-keeping.
    assert follow_ups_due(user=world.bob, today=TODAY()) == [soon]
    home = client_of(world.alice).get(reverse("core:home")).content.decode()
    assert home.count("Follow-up talk with Bob Employee") == 2 and "Overdue" in home
    bobs_home = client_of(world.bob).get(reverse("core:home")).content.decode()
    assert "Follow-up talk with Alice Leader" in bobs_home
