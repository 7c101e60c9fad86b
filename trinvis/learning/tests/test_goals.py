"""Learning goals: the four-question form, agreement by both parties (cleared by a change
of content), conflicts, reviews, organisational goals, privacy and the audit log."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.core.models import AuditEvent
from trinvis.learning.audit import PERSONAL_RECORD_OPENED
from trinvis.learning.models import GoalReview, LearningGoal
from trinvis.learning.selectors_personal import agreement_status, goals_waiting_for_me
from trinvis.learning.services.goals import (
    GoalConflict,
    GoalData,
    goal_confirm,
    goal_review,
    goal_update,
)
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_personal import extra_people, make_goal, make_org_goal
from trinvis.learning.tests.factories_plans import add_row, make_plan

Outcome = LearningGoal.Outcome


def _post_data(goal: LearningGoal, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "base_version": goal.version,
        "organisation": goal.organisation_id,
        "what_to_learn": goal.what_to_learn,
        "use_in_practice": goal.use_in_practice,
        "results": goal.results,
        "organisational_goals": goal.organisational_goals,
        "leader_support": goal.leader_support,
        "activity": "",
        "plan_row": "",
    }
    data.update(changes)
    return data


def _data(goal: LearningGoal, **changes: str) -> GoalData:
    values = {
        "organisation": goal.organisation,
        "what_to_learn": goal.what_to_learn,
        "use_in_practice": goal.use_in_practice,
        "results": goal.results,
        "organisational_goals": goal.organisational_goals,
        "leader_support": goal.leader_support,
    }
    values.update(changes)
    return GoalData(**values)  # type: ignore[arg-type]


# --- writing a goal ---------------------------------------------------------------------------


def test_a_person_writes_a_goal_in_the_four_questions(world: World, client_of) -> None:
    response = client_of(world.bob).post(
        reverse("learning:goal_create", args=[world.bob.pk]),
        {
            "organisation": world.team_a.pk,
            "what_to_learn": "Labour-market knowledge",
            "use_in_practice": "When planning qualification paths",
            "results": "More participants in work placements",
            "organisational_goals": "70 % in work or education",
            "leader_support": "Time to visit two employers",
        },
    )
    goal = LearningGoal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:goal_detail", args=[goal.pk])
    assert (goal.person, goal.scope, goal.organisation) == (
        world.bob,
        LearningGoal.Scope.PERSONAL,
        world.team_a,
    )
    assert goal.leader is None and not goal.is_agreed and goal.outcome == Outcome.OPEN
    assert goal.leader_support == "Time to visit two employers"


def test_a_goal_needs_what_to_learn(world: World, client_of) -> None:
    response = client_of(world.bob).post(
        reverse("learning:goal_create", args=[world.bob.pk]),
        {"organisation": world.team_a.pk, "what_to_learn": "   "},
    )
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert not LearningGoal.objects.exists()


def test_a_leader_writes_a_goal_for_their_person_and_is_its_leader(world: World, client_of) -> None:
    client_of(world.alice).post(
        reverse("learning:goal_create", args=[world.bob.pk]),
        {"organisation": world.team_a.pk, "what_to_learn": "Interpreting"},
    )
    goal = LearningGoal.objects.get()
    assert goal.person == world.bob and goal.leader == world.alice


def test_a_goal_is_filed_only_under_the_persons_own_organisations(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("learning:goal_create", args=[world.bob.pk]),
        {"organisation": world.municipality_b.pk, "what_to_learn": "Interpreting"},
    )
    assert response.status_code == 200
    assert not LearningGoal.objects.exists()


# --- agreement --------------------------------------------------------------------------------


def test_both_confirm_and_the_goal_is_agreed(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    assert agreement_status(goal, viewer_is_person=True).code == "draft"

    client_of(world.bob).post(
        reverse("learning:goal_confirm", args=[goal.pk]), {"base_version": goal.version}
    )
    goal.refresh_from_db()
    assert goal.person_confirmed_at is not None and goal.leader_confirmed_at is None
    assert agreement_status(goal, viewer_is_person=True).label == "Waiting for the leader"
    assert agreement_status(goal, viewer_is_person=False).label == "Waiting for you"

    response = client_of(world.alice).post(
        reverse("learning:goal_confirm", args=[goal.pk]),
        {"base_version": goal.version},
        follow=True,
    )
    goal.refresh_from_db()
    assert goal.is_agreed and goal.leader == world.alice
    assert agreement_status(goal, viewer_is_person=True).label == "Agreed"
    assert "it is agreed" in response.content.decode()


def test_the_leader_confirming_first_waits_for_the_person(world: World) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal = goal_confirm(by=world.alice, goal=goal, base_version=goal.version)
    assert agreement_status(goal, viewer_is_person=True).label == "Waiting for you"
    assert agreement_status(goal, viewer_is_person=False).label == "Waiting for the person"


def test_changing_the_content_after_a_confirmation_clears_both(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal = goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    goal = goal_confirm(by=world.alice, goal=goal, base_version=goal.version)
    assert goal.is_agreed

    response = client_of(world.bob).post(
        reverse("learning:goal_edit", args=[goal.pk]),
        _post_data(goal, results="Fewer interpreters needed"),
        follow=True,
    )
    goal.refresh_from_db()
    assert goal.results == "Fewer interpreters needed"
    assert goal.person_confirmed_at is None and goal.leader_confirmed_at is None
    assert "both confirmations are cleared" in response.content.decode()


def test_saving_the_content_unchanged_keeps_the_confirmations(world: World) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal = goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    saved, cleared = goal_update(
        by=world.bob, goal=goal, base_version=goal.version, data=_data(goal)
    )
    assert not cleared and saved.person_confirmed_at is not None
    assert saved.version == goal.version


def test_a_confirmation_of_an_older_version_is_refused(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    opened = goal.version
    goal_update(by=world.alice, goal=goal, base_version=opened, data=_data(goal, results="New"))
    response = client_of(world.bob).post(
        reverse("learning:goal_confirm", args=[goal.pk]), {"base_version": opened}, follow=True
    )
    goal.refresh_from_db()
    assert goal.person_confirmed_at is None
    assert "The goal changed after you opened it" in response.content.decode()


def test_an_edit_of_an_older_version_is_a_conflict_that_keeps_the_input(
    world: World, client_of
) -> None:
    goal = make_goal(world.bob, world.team_a)
    opened = goal.version
    goal_update(by=world.alice, goal=goal, base_version=opened, data=_data(goal, results="Hers"))
    with pytest.raises(GoalConflict):
        goal_update(by=world.bob, goal=goal, base_version=opened, data=_data(goal, results="His"))

    response = client_of(world.bob).post(
        reverse("learning:goal_edit", args=[goal.pk]),
        _post_data(goal, base_version=opened, results="His"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved or confirmed the goal" in page and "His" in page
    goal.refresh_from_db()
    assert goal.results == "Hers"
    # The form now carries the newer version: saving again replaces it.
    again = client_of(world.bob).post(
        reverse("learning:goal_edit", args=[goal.pk]),
        _post_data(goal, results="His"),
    )
    assert again.status_code == 302
    goal.refresh_from_db()
    assert goal.results == "His"


# --- reviews ----------------------------------------------------------------------------------


def test_the_latest_review_gives_the_goal_its_outcome(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    goal_review(by=world.alice, goal=goal, outcome=Outcome.PARTLY, evidence="Two of five")
    goal.refresh_from_db()
    assert goal.outcome == Outcome.PARTLY
    response = client_of(world.alice).post(
        reverse("learning:goal_review", args=[goal.pk]),
        {"outcome": Outcome.ACHIEVED, "evidence": "Used in every first talk"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.outcome == Outcome.ACHIEVED
    assert list(GoalReview.objects.values_list("outcome", flat=True).order_by("pk")) == [
        Outcome.PARTLY,
        Outcome.ACHIEVED,
    ]


def test_a_review_must_say_how_far_the_goal_came(world: World) -> None:
    goal = make_goal(world.bob, world.team_a)
    with pytest.raises(ValidationError):
        goal_review(by=world.alice, goal=goal, outcome=Outcome.OPEN, evidence="")
    assert not GoalReview.objects.exists()


def test_a_review_does_not_turn_an_open_edit_into_a_conflict(world: World) -> None:
    goal = make_goal(world.bob, world.team_a)
    opened = goal.version
    goal_review(by=world.alice, goal=goal, outcome=Outcome.PARTLY, evidence="")
    saved, _cleared = goal_update(
        by=world.bob, goal=goal, base_version=opened, data=_data(goal, results="More")
    )
    assert saved.outcome == Outcome.PARTLY and saved.results == "More"


# --- organisational goals ---------------------------------------------------------------------


def test_organisational_goals_are_shared_content(world: World, client_of) -> None:
    people = extra_people(world)
    response = client_of(people.consultant).post(
        reverse("learning:org_goal_create"),
        {"organisation": world.municipality_a.pk, "what_to_learn": "Employer contact"},
    )
    goal = LearningGoal.objects.get()
    assert response.status_code == 302 and goal.person is None
    assert goal.scope == LearningGoal.Scope.ORGANISATIONAL
    assert (
        "leader_support"
        not in client_of(people.consultant)
        .get(reverse("learning:goal_edit", args=[goal.pk]))
        .content.decode()
    )
    listing = client_of(world.bob).get(reverse("learning:org_goals")).content.decode()
    assert "Employer contact" in listing
    assert (
        client_of(world.bob).get(reverse("learning:goal_edit", args=[goal.pk])).status_code == 403
    )
    assert (
        client_of(world.charlie)
        .get(reverse("learning:org_goals"))
        .content.decode()
        .count("Employer contact")
        == 0
    )


def test_a_goal_written_from_a_plan_row_starts_linked_to_it(world: World, client_of) -> None:
    activity = make_activity(world.municipality_a)
    row = add_row(make_plan(world.municipality_a, by=world.alice), activity=activity)
    client = client_of(world.alice)
    row_page = client.get(reverse("learning:plan_row_edit", args=[row.pk])).content.decode()
    goal_url = f"{reverse('learning:org_goal_create')}?plan_row={row.pk}"
    assert f'href="{goal_url}"' in row_page
    form = client.get(goal_url).context["form"]
    assert form["plan_row"].value() == row.pk
    assert form["activity"].value() == activity.pk
    assert form["organisation"].value() == world.municipality_a.pk
    # A row the user may not link to (another municipality's), or nonsense, fills nothing.
    other = add_row(make_plan(world.municipality_b, by=world.charlie))
    for value in (str(other.pk), "x"):
        form = client.get(reverse("learning:org_goal_create"), {"plan_row": value}).context["form"]
        assert form["plan_row"].value() is None


def test_an_organisational_goal_is_not_agreed(world: World) -> None:
    goal = make_org_goal(world.municipality_a, by=world.alice)
    with pytest.raises(ValidationError):
        goal_confirm(by=world.alice, goal=goal, base_version=goal.version)


# --- privacy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["colleague", "consultant", "unit_employee", "fiona", "charlie"])
def test_only_the_person_and_their_leaders_open_a_goal(world: World, who: str) -> None:
    people = extra_people(world)
    outsider = getattr(people, who, None) or getattr(world, who)
    goal = make_goal(world.bob, world.team_a)
    client = Client()
    client.force_login(outsider)
    for name in ("goal_detail", "goal_edit", "goal_review"):
        assert client.get(reverse(f"learning:{name}", args=[goal.pk])).status_code == 404
    confirm = client.post(
        reverse("learning:goal_confirm", args=[goal.pk]), {"base_version": goal.version}
    )
    assert confirm.status_code == 404
    assert client.get(reverse("learning:goal_create", args=[world.bob.pk])).status_code == 404
    goal.refresh_from_db()
    assert goal.leader_confirmed_at is None


def test_a_leader_opening_a_goal_is_audited_the_person_is_not(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a)
    opened = AuditEvent.objects.filter(action=PERSONAL_RECORD_OPENED)
    client_of(world.bob).get(reverse("learning:goal_detail", args=[goal.pk]))
    assert not opened.exists()
    client_of(world.alice).get(reverse("learning:goal_detail", args=[goal.pk]))
    event = opened.get()
    assert event.actor == world.alice and event.target == world.bob.email
    assert event.details == {"person": world.bob.pk, "record": "learning_goal", "pk": goal.pk}
    assert event.organisation_id == world.team_a.pk


# --- the home page ----------------------------------------------------------------------------


def test_goals_waiting_for_my_confirmation_reach_the_home_page(world: World, client_of) -> None:
    goal = make_goal(world.bob, world.team_a, what="Case law on family reunification")
    goal_confirm(by=world.bob, goal=goal, base_version=goal.version)
    assert goals_waiting_for_me(user=world.alice) == [goal]
    assert goals_waiting_for_me(user=world.bob) == []
    home = client_of(world.alice).get(reverse("core:home")).content.decode()
    assert "Case law on family reunification" in home and "Bob Employee has confirmed it" in home
    assert "Case law" not in client_of(world.charlie).get(reverse("core:home")).content.decode()
