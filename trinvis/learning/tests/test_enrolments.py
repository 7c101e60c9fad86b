"""The participant's "before" page and the activity's "after" page: what each shows, who
writes, who reads, the calendar file, and query counts that do not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.core.models import AuditEvent
from trinvis.learning import procedure
from trinvis.learning.models import Activity, Enrolment, LearningGoal, Reminder
from trinvis.learning.services import enrolments as services
from trinvis.learning.services.goals import GoalData, goal_create
from trinvis.learning.tasks import run_reminders
from trinvis.learning.tests.factories_catalogue import make_activity
from trinvis.learning.tests.factories_implementation import make_enrolment
from trinvis.organisations.models import Membership


def _activity(world: World) -> Activity:
    activity = make_activity(world.municipality_a)
    activity.description = "Two days of conversations."
    activity.programme_text = "Day 1: open questions."
    activity.preparation = "Read https://example.org/guide before."
    activity.save()
    return activity


def _goal(world: World, activity: Activity) -> LearningGoal:
    return goal_create(
        by=world.bob,
        scope=LearningGoal.Scope.PERSONAL,
        person=world.bob,
        data=GoalData(
            organisation=world.team_a, what_to_learn="Ask open questions", activity=activity
        ),
    )


def _url(enrolment: Enrolment) -> str:
    return reverse("learning:enrolment_before", args=[enrolment.pk])


def test_the_participant_sees_the_material_their_goals_and_the_form(
    world: World, client_of
) -> None:
    activity = _activity(world)
    enrolment = make_enrolment(activity, world.bob)
    _goal(world, activity)
    page = client_of(world.bob).get(_url(enrolment)).content.decode()
    assert "Two days of conversations." in page
    assert "Day 1: open questions." in page
    assert 'href="https://example.org/guide"' in page
    assert "Ask open questions" in page
    assert 'name="reflections"' in page
    # Bob is the only one from his unit: he is asked to gather his colleagues' practice.
    assert 'name="colleagues_input"' in page
    assert "You are the only one from your unit" in page


def test_a_participant_with_company_is_not_asked_for_colleagues_input(
    world: World, client_of
) -> None:
    activity = _activity(world)
    enrolment = make_enrolment(activity, world.bob)
    colleague = make_user("dora@example.org", "Dora Colleague", language="en")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    make_enrolment(activity, colleague)
    page = client_of(world.bob).get(_url(enrolment)).content.decode()
    assert 'name="reflections"' in page
    assert 'name="colleagues_input"' not in page


def test_the_participant_saves_reflections_and_colleagues_input(world: World, client_of) -> None:
    enrolment = make_enrolment(_activity(world), world.bob)
    response = client_of(world.bob).post(
        _url(enrolment),
        {
            "base_digest": services.preparation_digest(enrolment),
            "reflections": "How do I open a talk?\r\nWith whom?",
            "colleagues_input": "Dora: interpreters are hard to book.",
        },
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.reflections == "How do I open a talk?\nWith whom?"
    assert enrolment.colleagues_input == "Dora: interpreters are hard to book."


def test_a_save_on_top_of_a_newer_text_is_a_conflict_that_keeps_the_input(
    world: World, client_of
) -> None:
    enrolment = make_enrolment(_activity(world), world.bob)
    opened = services.preparation_digest(enrolment)
    Enrolment.objects.filter(pk=enrolment.pk).update(reflections="Written in another tab")
    response = client_of(world.bob).post(
        _url(enrolment), {"base_digest": opened, "reflections": "My new text"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "saved elsewhere in the meantime" in page
    assert "My new text" in page
    enrolment.refresh_from_db()
    assert enrolment.reflections == "Written in another tab"
    # Saving again from the conflict page wins.
    digest = services.preparation_digest(enrolment)
    assert f'value="{digest}"' in page
    client_of(world.bob).post(_url(enrolment), {"base_digest": digest, "reflections": "Mine"})
    enrolment.refresh_from_db()
    assert enrolment.reflections == "Mine"


def test_the_service_refuses_anyone_but_the_participant(world: World) -> None:
    enrolment = make_enrolment(_activity(world), world.bob)
    with pytest.raises(Exception, match="Only the participant"):
        services.enrolment_prepare(
            by=world.alice,
            enrolment=enrolment,
            base_digest=services.preparation_digest(enrolment),
            reflections="Not mine to write",
            colleagues_input="",
        )


def test_the_leader_reads_it_and_the_reading_is_audited(world: World, client_of) -> None:
    enrolment = make_enrolment(_activity(world), world.bob)
    Enrolment.objects.filter(pk=enrolment.pk).update(reflections="My question from practice")
    page = client_of(world.alice).get(_url(enrolment)).content.decode()
    assert "My question from practice" in page
    assert 'name="reflections"' not in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.LEARNING_RECORDS_VIEWED)
    assert event.actor == world.alice
    assert event.details["record"] == "enrolment"
    assert client_of(world.alice).post(_url(enrolment), {"reflections": "x"}).status_code == 403
    # The participant reading their own page leaves no trace.
    client_of(world.bob).get(_url(enrolment))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LEARNING_RECORDS_VIEWED).count() == 1


def test_a_colleague_cannot_open_it(world: World, client_of) -> None:
    enrolment = make_enrolment(_activity(world), world.bob)
    colleague = make_user("dora@example.org", "Dora Colleague", language="en")
    add_member(colleague, world.team_a, Membership.Role.EMPLOYEE)
    assert client_of(colleague).get(_url(enrolment)).status_code == 404


def test_the_before_page_query_count_does_not_grow(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    activity = _activity(world)
    enrolment = make_enrolment(activity, world.bob)
    for number in range(8):
        person = make_user(f"p{number}@example.org", f"P {number}", language="en")
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        make_enrolment(activity, person)
        _goal(world, activity)
    client = client_of(world.bob)
    with django_assert_max_num_queries(16):
        assert client.get(_url(enrolment)).status_code == 200


# --- the "after" page ----------------------------------------------------------------------------


def _after(activity: Activity) -> str:
    return reverse("learning:activity_after", args=[activity.pk])


def test_the_after_page_shows_headings_goals_and_the_follow_up_day(world: World, client_of) -> None:
    activity = _activity(world)
    activity.follow_up_day_at = timezone.now() + datetime.timedelta(days=80)
    activity.follow_up_day_place = "Room 2"
    activity.save()
    make_enrolment(activity, world.bob)
    _goal(world, activity)
    page = client_of(world.bob).get(_after(activity)).content.decode()
    assert "Open questions" in page  # a heading
    assert "Ask open questions" in page  # bob's goal
    assert "Room 2" in page
    assert reverse("learning:activity_follow_up_ics", args=[activity.pk]) in page
    # Bob leads nobody: no participants table.
    assert "Participants you lead" not in page


def test_the_leader_sees_their_participants_and_the_reminders_sent(world: World, client_of) -> None:
    activity = _activity(world)
    enrolment = make_enrolment(activity, world.bob)
    assert activity.starts_on is not None
    run_reminders(now=procedure.at(activity.starts_on - datetime.timedelta(days=28)))
    page = client_of(world.alice).get(_after(activity)).content.decode()
    assert "Participants you lead" in page
    assert "Bob Employee" in page
    assert _url(enrolment) in page
    assert reverse("learning:follow_up_create", args=[world.bob.pk]) in page
    assert "to 1 person, last" in page
    assert str(Reminder.Kind.LEADER_BEFORE.label) in page
    # Bob reads the schedule, not who was sent what.
    bob_page = client_of(world.bob).get(_after(activity)).content.decode()
    assert "to 1 person" not in bob_page


def test_the_after_page_query_count_does_not_grow(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    activity = _activity(world)
    for number in range(8):
        person = make_user(f"p{number}@example.org", f"P {number}", language="en")
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)
        make_enrolment(activity, person)
    client = client_of(world.alice)
    with django_assert_max_num_queries(16):
        assert client.get(_after(activity)).status_code == 200


def test_the_calendar_file_downloads(world: World, client_of) -> None:
    activity = _activity(world)
    activity.follow_up_day_at = timezone.now() + datetime.timedelta(days=80)
    activity.save()
    response = client_of(world.bob).get(
        reverse("learning:activity_follow_up_ics", args=[activity.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:learning-follow-up-day-{activity.pk}@" in body


def test_a_participant_from_elsewhere_opens_the_after_page_others_of_their_place_do_not(
    world: World, client_of
) -> None:
    activity = _activity(world)
    make_enrolment(activity, world.charlie)
    assert client_of(world.charlie).get(_after(activity)).status_code == 200
    neighbour = make_user("nils@example.org", "Nils Neighbour", language="en")
    add_member(neighbour, world.unit_b_nav, Membership.Role.EMPLOYEE)
    assert client_of(neighbour).get(_after(activity)).status_code == 404
