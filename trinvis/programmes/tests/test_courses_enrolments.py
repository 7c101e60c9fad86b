"""Enrolling in a course programme: where the participant works, the leader's confirmation
of purpose and modules (which enrols them in the runs' catalogue activities, so the
learning module's reminders run: after each module the headings and the participant's
goals, and the follow-up day), a leader enrolling their people directly, declining with a
note, cancelling, full runs, and who completed a run."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World, add_member, make_user
from trinvis.learning import procedure
from trinvis.learning.models import Enrolment, LearningGoal, Reminder
from trinvis.learning.services.goals import GoalData, goal_create
from trinvis.learning.tasks import run_reminders
from trinvis.organisations.models import Membership
from trinvis.programmes.models import CourseEnrolment, ModuleChoice
from trinvis.programmes.selectors_courses import nearest_leaders_of, places_of
from trinvis.programmes.services_course_enrolments import (
    EnrolmentInput,
    course_enrol,
    course_enrolment_cancel,
    course_enrolment_confirm,
    course_enrolment_decline,
    run_attendance_save,
)
from trinvis.programmes.services_courses import CourseConflict
from trinvis.programmes.tests.factories_courses import (
    HEADINGS,
    bob_enrolment,
    course_of,
    days,
    enrol,
    make_module,
    make_run,
    module_of,
    run_of,
)

State = CourseEnrolment.State


@pytest.fixture(autouse=True)
def _base_url(settings: Any) -> None:
    settings.TRINVIS_BASE_URL = "https://trinvis.example.org"


def _to(email: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [email]]


def test_a_participant_works_where_their_memberships_are(world: World) -> None:
    [bob_place] = places_of(world.bob)
    # Bob's team sits in the jobcentre: the unit is the jobcentre.
    assert (bob_place.municipality, bob_place.unit) == (world.municipality_a, world.unit_a_job)
    [alice_place] = places_of(world.alice)
    assert (alice_place.municipality, alice_place.unit) == (world.municipality_a, None)
    assert places_of(world.fiona) == []
    assert nearest_leaders_of(world.bob) == [world.alice]


def test_enrolling_oneself_waits_for_the_leader_who_is_asked_by_mail(
    world: World, client_of: Any, django_capture_on_commit_callbacks: Any
) -> None:
    course, run = course_of(world), run_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(world.bob).post(
            reverse("programmes:course_enrol", args=[course.pk]),
            {
                "person": world.bob.pk,
                "place": places_of(world.bob)[0].key,
                "position": "Job consultant",
                "experience_years": "4",
                "purpose": "Bring the employer focus home.",
                "runs": [run.pk],
            },
        )
    enrolment = CourseEnrolment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:course_enrolment", args=[enrolment.pk])
    assert enrolment.state == State.AWAITING_LEADER
    assert enrolment.leader == world.alice
    assert (enrolment.municipality, enrolment.unit) == (world.municipality_a, world.unit_a_job)
    assert (enrolment.position, enrolment.experience_years) == ("Job consultant", 4)
    assert not Enrolment.objects.exists()  # not in the catalogue activity before it counts
    [asked] = _to(world.alice.email)
    assert "Bob Employee asks you to confirm" in asked.subject
    assert "Bring the employer focus home." in asked.body
    assert "Module 1: Jobs first" in asked.body
    link = f"https://trinvis.example.org/programmes/courses/enrolments/{enrolment.pk}/"
    assert link in asked.body


def test_the_leader_confirms_and_the_participant_is_enrolled_in_the_runs(
    world: World, client_of: Any, django_capture_on_commit_callbacks: Any
) -> None:
    enrolment = bob_enrolment(world)
    client = client_of(world.alice)
    waiting = client.get(reverse("programmes:course_confirmations")).content.decode()
    assert "Bob Employee" in waiting
    page = client.get(
        reverse("programmes:course_enrolment_confirm", args=[enrolment.pk])
    ).content.decode()
    assert "Bring the employer focus home to the team." in page
    assert "Module 1: Jobs first" in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("programmes:course_enrolment_confirm", args=[enrolment.pk]),
            {"base_version": enrolment.version},
        )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.state == State.CONFIRMED
    assert enrolment.leader == world.alice
    assert enrolment.leader_confirmed_at is not None
    choice = ModuleChoice.objects.get()
    assert choice.learning_enrolment is not None
    assert choice.learning_enrolment.activity == choice.run.activity
    assert choice.learning_enrolment.person == world.bob
    assert callbacks  # the reminder runs are queued after the commit
    detail = client.get(response["Location"]).content.decode()
    assert reverse("learning:goal_create", args=[world.bob.pk]) in detail


def test_only_a_leader_confirms_and_only_once(world: World) -> None:
    enrolment = bob_enrolment(world)
    with pytest.raises(ValidationError):
        course_enrolment_confirm(by=world.bob, enrolment=enrolment, base_version=1)
    confirmed = course_enrolment_confirm(by=world.alice, enrolment=enrolment, base_version=1)
    with pytest.raises(CourseConflict):
        course_enrolment_confirm(by=world.alice, enrolment=enrolment, base_version=1)
    with pytest.raises(ValidationError):
        course_enrolment_confirm(
            by=world.alice, enrolment=confirmed, base_version=confirmed.version
        )


def test_after_the_module_the_reminder_carries_the_headings_and_the_goals(
    world: World,
) -> None:
    course, module = course_of(world), module_of(world)
    follow_up = timezone.make_aware(datetime.datetime.combine(days(60), datetime.time(9)))
    run = make_run(module, by=world.fiona, place="Odense")
    run.activity.follow_up_day_at = follow_up
    run.activity.save(update_fields=["follow_up_day_at"])
    enrolment = enrol(course, world.bob, [run])
    course_enrolment_confirm(by=world.alice, enrolment=enrolment, base_version=enrolment.version)
    goal_create(
        by=world.bob,
        scope=LearningGoal.Scope.PERSONAL,
        person=world.bob,
        data=GoalData(
            organisation=world.team_a,
            what_to_learn="Start every case from the labour market",
            activity=run.activity,
        ),
    )
    assert run.activity.ends_on is not None
    sent = run_reminders(now=procedure.at(run.activity.ends_on + datetime.timedelta(days=7)))
    assert sent[Reminder.Kind.PARTICIPANT_AFTER] == 1
    assert sent[Reminder.Kind.FOLLOW_UP_DAY] == 1
    after = next(
        message
        for message in _to(world.bob.email)
        if "follow-up day" not in message.subject.lower()
    )
    for heading in HEADINGS.splitlines():
        assert f"- {heading}" in after.body
    assert "Start every case from the labour market" in after.body
    invitation = next(message for message in _to(world.bob.email) if message is not after)
    assert invitation.attachments and invitation.attachments[0][0] == "follow-up-day.ics"


def test_a_leader_enrols_one_of_their_people_at_once(
    world: World, client_of: Any, django_capture_on_commit_callbacks: Any
) -> None:
    course, run = course_of(world), run_of(world)
    client = client_of(world.alice)
    page = client.get(
        reverse("programmes:course_enrol", args=[course.pk]), {"person": world.bob.pk}
    ).content.decode()
    assert "Bob Employee" in page and "confirmed at once" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:course_enrol", args=[course.pk]),
            {
                "person": world.bob.pk,
                "place": places_of(world.bob)[0].key,
                "purpose": "Lead the team's new way of working.",
                "runs": [run.pk],
            },
        )
    assert response.status_code == 302
    enrolment = CourseEnrolment.objects.get()
    assert (enrolment.state, enrolment.leader) == (State.CONFIRMED, world.alice)
    assert Enrolment.objects.filter(activity=run.activity, person=world.bob).exists()
    assert not _to(world.alice.email)  # nobody to ask


def test_nobody_enrols_someone_they_do_not_lead(world: World, client_of: Any) -> None:
    course, run = course_of(world), run_of(world)
    response = client_of(world.alice).get(
        reverse("programmes:course_enrol", args=[course.pk]), {"person": world.charlie.pk}
    )
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        course_enrol(
            by=world.alice,
            course=course,
            person=world.charlie,
            data=EnrolmentInput(place_key=places_of(world.charlie)[0].key, purpose="x", runs=[run]),
        )


def test_an_enrolment_names_a_place_of_the_participant_and_modules(world: World) -> None:
    course, run = course_of(world), run_of(world)
    other = make_run(module_of(world), by=world.fiona, starts_in=50)

    def attempt(**changes: Any) -> None:
        data: dict[str, Any] = {
            "place_key": places_of(world.bob)[0].key,
            "purpose": "Learn",
            "runs": [run],
            **changes,
        }
        course_enrol(by=world.bob, course=course, person=world.bob, data=EnrolmentInput(**data))

    with pytest.raises(ValidationError, match="places where the participant works"):
        attempt(place_key=f"{world.municipality_b.pk}:0")
    with pytest.raises(ValidationError, match="at least one module"):
        attempt(runs=[])
    with pytest.raises(ValidationError, match="one run of each module"):
        attempt(runs=[run, other])
    with pytest.raises(ValidationError, match="what the participant is to learn"):
        attempt(purpose="  ")
    assert not CourseEnrolment.objects.exists()


def test_a_full_run_takes_nobody_more(world: World) -> None:
    course = course_of(world)
    run = make_run(module_of(world), by=world.fiona, capacity=1, place="Small room")
    enrol(course, world.bob, [run])
    with pytest.raises(ValidationError, match="is full"):
        enrol(course, world.charlie, [run])
    # A cancelled enrolment gives its place back.
    bob = CourseEnrolment.objects.get(person=world.bob)
    course_enrolment_cancel(by=world.bob, enrolment=bob, base_version=bob.version)
    assert enrol(course, world.charlie, [run]).state == State.AWAITING_LEADER


def test_declining_cancels_and_mails_the_note(
    world: World, client_of: Any, django_capture_on_commit_callbacks: Any
) -> None:
    enrolment = bob_enrolment(world)
    url = reverse("programmes:course_enrolment_decline", args=[enrolment.pk])
    refused = client_of(world.alice).post(url, {"base_version": enrolment.version, "note": ""})
    assert refused.status_code == 200
    assert "Say why" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(world.alice).post(
            url, {"base_version": enrolment.version, "note": "Take module 2 first, next spring."}
        )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.state == State.CANCELLED
    [declined] = _to(world.bob.email)
    assert "not confirmed" in declined.subject
    assert "Take module 2 first, next spring." in declined.body
    assert "Alice Leader" in declined.body


NOTE = "Take module 2 first, next spring."


def _declined(world: World) -> CourseEnrolment:
    enrolment = bob_enrolment(world)
    return course_enrolment_decline(
        by=world.alice, enrolment=enrolment, base_version=enrolment.version, note=f"  {NOTE}\r\n"
    )


def test_the_enrolment_keeps_the_leader_s_note(world: World) -> None:
    declined = _declined(world)
    declined.refresh_from_db()
    assert declined.leader_note == NOTE
    assert declined.leader == world.alice


def test_the_participant_and_their_leader_see_the_note_with_the_enrolment(
    world: World, client_of: Any
) -> None:
    enrolment = _declined(world)
    page = reverse("programmes:course_enrolment", args=[enrolment.pk])
    for person in (world.bob, world.alice, world.admin):
        html = client_of(person).get(page).content.decode()
        assert NOTE in html, person
        assert "Why the leader declined" in html
    # The participant's own list of enrolments says it beside the status.
    assert NOTE in client_of(world.bob).get(reverse("programmes:courses")).content.decode()


def test_the_provider_never_sees_the_note(world: World, client_of: Any) -> None:
    enrolment = _declined(world)
    course, run = enrolment.course, enrolment.choices.get().run
    fiona = client_of(world.fiona)
    enrolment_page = fiona.get(reverse("programmes:course_enrolment", args=[enrolment.pk]))
    assert enrolment_page.status_code == 200  # the provider sees the enrolment itself
    pages = [
        enrolment_page,
        fiona.get(reverse("programmes:course_detail", args=[course.pk])),
        fiona.get(reverse("programmes:course_progress", args=[course.pk])),
        fiona.get(reverse("programmes:course_run", args=[run.pk])),
        fiona.get(reverse("programmes:course_run_csv", args=[run.pk])),
        fiona.get(reverse("api:course_enrolment_list", args=[course.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        assert "module 2 first" not in response.content.decode()
    [row] = pages[-1].json()
    assert row["id"] == enrolment.pk and "leader_note" not in row


def test_enrolling_again_starts_without_the_old_note(world: World) -> None:
    enrolment = _declined(world)
    again = course_enrol(
        by=world.bob,
        course=enrolment.course,
        person=world.bob,
        data=EnrolmentInput(
            place_key=places_of(world.bob)[0].key,
            purpose="Module 1 after all",
            runs=[run_of(world)],
        ),
    )
    assert again.pk == enrolment.pk
    assert (again.state, again.leader_note) == (State.AWAITING_LEADER, "")


def test_a_decline_needs_a_note(world: World) -> None:
    enrolment = bob_enrolment(world)
    with pytest.raises(ValidationError):
        course_enrolment_decline(
            by=world.alice, enrolment=enrolment, base_version=enrolment.version, note=" "
        )


def test_cancelling_removes_the_runs_that_have_not_begun(world: World) -> None:
    course = course_of(world)
    past = make_run(module_of(world), by=world.fiona, starts_in=-20, place="Earlier")
    second = make_module(course, by=world.fiona, title="Module 2", position=2)
    future = make_run(second, by=world.fiona, starts_in=20)
    enrolment = enrol(course, world.bob, [past, future], by=world.alice)
    assert Enrolment.objects.filter(person=world.bob).count() == 2
    course_enrolment_cancel(by=world.bob, enrolment=enrolment, base_version=enrolment.version)
    enrolment.refresh_from_db()
    assert enrolment.state == State.CANCELLED
    assert list(Enrolment.objects.filter(person=world.bob).values_list("activity", flat=True)) == [
        past.activity_id
    ]
    # Enrolling again takes the enrolment up again.
    again = course_enrol(
        by=world.alice,
        course=course,
        person=world.bob,
        data=EnrolmentInput(
            place_key=places_of(world.bob)[0].key, purpose="Module 2 only", runs=[future]
        ),
    )
    assert again.pk == enrolment.pk
    assert again.state == State.CONFIRMED
    assert list(again.choices.values_list("run", flat=True)) == [future.pk]


def test_a_cancel_on_the_page_by_the_participant(world: World, client_of: Any) -> None:
    enrolment = bob_enrolment(world)
    response = client_of(world.bob).post(
        reverse("programmes:course_enrolment_cancel", args=[enrolment.pk]),
        {"base_version": enrolment.version},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.state == State.CANCELLED


def test_completing_every_module_completes_the_enrolment(world: World) -> None:
    course = course_of(world)
    first = make_run(module_of(world), by=world.fiona, starts_in=-20, place="Earlier")
    second = make_run(
        make_module(course, by=world.fiona, title="Module 2", position=2),
        by=world.fiona,
        starts_in=-10,
    )
    enrolment = enrol(course, world.bob, [first, second], by=world.alice)
    choices = {choice.run_id: choice for choice in enrolment.choices.all()}
    run_attendance_save(
        by=world.fiona, run=first, base_version=first.version, completed=[choices[first.pk].pk]
    )
    enrolment.refresh_from_db()
    assert enrolment.state == State.CONFIRMED
    assert Enrolment.objects.get(activity=first.activity).completed
    run_attendance_save(
        by=world.fiona, run=second, base_version=second.version, completed=[choices[second.pk].pk]
    )
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED
    # Unticking puts it back.
    second.refresh_from_db()
    run_attendance_save(by=world.fiona, run=second, base_version=second.version, completed=[])
    enrolment.refresh_from_db()
    assert enrolment.state == State.CONFIRMED
    assert not Enrolment.objects.get(activity=second.activity).completed


def test_attendance_waits_for_the_run_to_begin(world: World) -> None:
    run = run_of(world)
    with pytest.raises(ValidationError):
        run_attendance_save(by=world.fiona, run=run, base_version=run.version, completed=[])


def test_an_employee_of_the_municipality_itself_is_asked_of_its_leader(world: World) -> None:
    erik = make_user("erik@example.org", "Erik Employee", language="en")
    add_member(erik, world.municipality_a, Membership.Role.EMPLOYEE)
    enrolment = enrol(course_of(world), erik, [run_of(world)])
    assert (enrolment.unit, enrolment.leader) == (None, world.alice)
