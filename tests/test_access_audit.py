"""Every page that shows one person's individual data to someone else writes one audit event
naming the reader (actor), the person (subject), what was opened and when; the person
reading their own data writes none (issue 8, "who has viewed your data").

The walk covers: the competence ratings of a person, their learning overview, a learning
goal (its page, its form) and its review, a shared logbook entry and the list of shared
entries, a motivation check, a follow-up talk, their participation in a course (before it
starts), their course enrolment and its confirmation page (with the leader's note), and the
administrator's erasure preview. Survey answers are never shown per person to anyone else
(results are aggregated), so there is no page to log there.
"""

import pytest
from django.urls import reverse

from conftest import World
from trinvis.accounts.tests.factories_personal_data import bob_with_data
from trinvis.core.models import AuditEvent
from trinvis.learning.models import (
    Enrolment,
    FollowUp,
    LearningGoal,
    LogbookEntry,
    MotivationCheck,
    Sharing,
)
from trinvis.learning.tests.factories_personal import make_entry
from trinvis.programmes.models import CourseEnrolment

Action = AuditEvent.Action


def _pages_about_bob(world: World) -> list[tuple[str, str, str]]:
    """(name, url, the action its event records) for every page that shows bob's data."""
    data = bob_with_data(world)
    bob = world.bob
    shared = make_entry(bob, sharing=Sharing.LEADER, text="For my leader")
    goal = LearningGoal.objects.get(person=bob)
    check = MotivationCheck.objects.get(person=bob)
    talk = FollowUp.objects.get(person=bob)
    enrolment = Enrolment.objects.get(person=bob)
    course_enrolment = CourseEnrolment.objects.get(person=bob)
    return [
        (
            "ratings",
            reverse("competences:person", args=[data.round.pk, bob.pk]),
            Action.RATINGS_VIEWED,
        ),
        (
            "overview",
            reverse("learning:person", args=[bob.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "goal",
            reverse("learning:goal_detail", args=[goal.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "goal edit",
            reverse("learning:goal_edit", args=[goal.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "goal review",
            reverse("learning:goal_review", args=[goal.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "logbook entry",
            reverse("learning:logbook_entry", args=[shared.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        ("shared logbook", reverse("learning:logbook_shared"), Action.LEARNING_RECORDS_VIEWED),
        (
            "motivation check",
            reverse("learning:motivation_check", args=[check.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "follow-up talk",
            reverse("learning:follow_up", args=[talk.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "course participation",
            reverse("learning:enrolment_before", args=[enrolment.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "course enrolment",
            reverse("programmes:course_enrolment", args=[course_enrolment.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
        (
            "course enrolment confirmation",
            reverse("programmes:course_enrolment_confirm", args=[course_enrolment.pk]),
            Action.LEARNING_RECORDS_VIEWED,
        ),
    ]


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk"))


def test_each_page_about_bob_logs_one_event_for_his_leader(world: World, client_of) -> None:
    pages = _pages_about_bob(world)
    alice = client_of(world.alice)
    for name, url, action in pages:
        before = AuditEvent.objects.count()
        response = alice.get(url)
        assert response.status_code == 200, name
        new = _events()[before:]
        assert len(new) == 1, (name, [(e.action, e.details) for e in new])
        event = new[0]
        assert (event.action, event.actor, event.subject) == (action, world.alice, world.bob), name
        assert event.actor_label == world.alice.email
        assert event.created_at is not None


def test_the_erasure_preview_logs_one_event_for_the_administrator(world: World, client_of) -> None:
    bob_with_data(world)
    admin = client_of(world.admin)
    before = AuditEvent.objects.count()

    response = admin.get(reverse("accounts:person_erase", args=[world.bob.pk]))

    assert response.status_code == 200
    [event] = _events()[before:]
    assert (event.action, event.actor, event.subject) == (
        Action.ERASURE_PREVIEWED,
        world.admin,
        world.bob,
    )


def test_bob_reading_his_own_data_logs_nothing(world: World, client_of) -> None:
    pages = _pages_about_bob(world)
    bob = client_of(world.bob)
    own_pages = [
        ("overview", reverse("learning:me")),
        ("logbook", reverse("learning:logbook")),
        ("motivation", reverse("learning:motivation")),
        *[
            (name, url)
            for name, url, _action in pages
            # His leader's pages: the list of what others shared, the confirmation.
            if name not in ("overview", "shared logbook", "course enrolment confirmation")
        ],
        ("profile", reverse("accounts:profile")),
    ]
    before = AuditEvent.objects.count()
    for name, url in own_pages:
        assert bob.get(url).status_code == 200, name
    assert _events()[before:] == []


@pytest.mark.parametrize("sharing", [Sharing.LEADER, Sharing.TEAM])
def test_the_shared_logbook_logs_each_author_once(world: World, client_of, sharing) -> None:
    for number in range(3):
        make_entry(world.bob, sharing=sharing, text=f"Entry {number}")
    alice = client_of(world.alice)
    before = AuditEvent.objects.count()

    alice.get(reverse("learning:logbook_shared"))

    [event] = _events()[before:]
    assert (event.subject, event.details["record"]) == (world.bob, "logbook_shared")
    assert LogbookEntry.objects.filter(author=world.bob).count() == 3
