"""Issue 5's "done" scenario, through the pages as the demo's people would do it.

Henrik, the leader of the demo team in Odense, ranks the needs of the team's latest
competence round and marks the top two as short-term priorities; turns them into an
education plan (the plan first warns about needs without an activity, then, for a row with
one participant and all effort during the course, about the participant going alone and
the 30-30-40 rule; both warnings go once the row has two people and a balanced effort);
agrees learning goals with Bob and Sofie (both confirm); enrols them. With the clock moved,
the before-course procedure mails the leader four weeks before the start and the
participants their material; Bob keeps logbook entries and two motivation checks; after
the course the participants' mail carries the course headings and their own goal, the
leader is prompted to follow up; Henrik holds a follow-up talk whose agenda comes from the
goals and the latest motivation check; and the implementation plan's follow-up meetings
show the confidence trend.
"""

import datetime
import html
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.forms import post_form
from trinvis.accounts.models import User
from trinvis.competences import demo as competences_demo
from trinvis.competences.matrix_table import need_lines
from trinvis.competences.models import NeedPriority, Round
from trinvis.competences.selectors import round_matrix
from trinvis.learning import demo as catalogue_demo
from trinvis.learning import procedure
from trinvis.learning.models import (
    Activity,
    EducationPlan,
    Enrolment,
    FollowUp,
    ImplementationPlan,
    LearningGoal,
    PlanRow,
    Reminder,
)
from trinvis.organisations import demo as organisations_demo
from trinvis.organisations.models import Organisation

pytestmark = pytest.mark.django_db
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
COURSE = "Den jobrettede samtale"


def _hourly_run() -> None:
    """The hourly jobs: the reminders queue their e-mails, the outbox sweep sends them."""
    call_command("run_learning_reminders")
    call_command("run_outbox_sweep")


@pytest.fixture(autouse=True)
def _settings(settings) -> None:
    settings.TASKS = DUMMY_TASKS
    settings.TRINVIS_BASE_URL = "https://trinvis.example.org"


def _person(name: str) -> User:
    user = User.objects.get(email=f"{name}@odense.example.dk" if "@" not in name else name)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _client(user: User) -> Client:
    """A browser logged in as `user` now (a session started before the clock moved ahead
    would have expired)."""
    client = Client()
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    """The page's main content as text, tags dropped and white space collapsed."""
    body = response.content.decode()
    body = body[body.find("<main") : body.find("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _mails(kind_subject: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if kind_subject in message.subject]


def test_a_leader_plans_and_the_procedure_carries_it_into_practice() -> None:
    organisations_demo.load()
    competences_demo.load()
    catalogue_demo.load()
    team = Organisation.objects.get(name="Team Integration og Job")
    henrik, bob, sofie = (
        _person("henrik.moller"),
        _person("bob@example.org"),
        _person("sofie.lindholm"),
    )
    leader = _client(henrik)
    course = Activity.objects.get(title=COURSE)
    assert course.starts_on is not None and course.ends_on is not None

    # 1. The top needs of the latest round become short-term priorities.
    round = Round.objects.filter(organisation=team).order_by("-pk").first()
    assert round is not None
    top = [line.row.competence for line in need_lines(round_matrix(round=round))[:2]]
    for competence in top:
        response = leader.post(
            reverse("competences:needs", args=[round.pk]),
            {"competence": competence.pk, f"need-{competence.pk}-horizon": "short"},
        )
        assert response.status_code == 302
    assert NeedPriority.objects.filter(round=round, horizon="short").count() == 2

    # 2. An education plan from the round: both needs are flagged as unanswered.
    response = post_form(
        leader,
        reverse("learning:plan_create"),
        {"organisation": team.pk, "title": "Plan 2027", "period": "2027", "round": round.pk},
    )
    assert response.status_code == 302
    plan = EducationPlan.objects.get(title="Plan 2027")
    page = _text(leader.get(reverse("learning:plan_detail", args=[plan.pk])))
    for competence in top:
        assert f"No activity answers the need “{competence.name}”" in page

    # A row for the first need, from its warning's link: Bob alone, all effort during.
    need = NeedPriority.objects.get(round=round, competence=top[0])
    add_row = f"{reverse('learning:plan_row_create', args=[plan.pk])}?need={need.pk}"
    response = post_form(
        leader,
        add_row,
        {
            "people": [bob.pk],
            "purpose": "Conversations that lead to work",
            "activity": course.pk,
            "responsible": henrik.pk,
            "schedule": "Spring 2027",
            "effort_before": 0,
            "effort_during": 14,
            "effort_after": 0,
        },
    )
    assert response.status_code == 302, _text(response)
    row = PlanRow.objects.get(plan=plan)
    assert list(row.needs.all()) == [need]
    page = _text(leader.get(reverse("learning:plan_detail", args=[plan.pk])))
    assert f"is the only one from {team.name} on “{COURSE}”" in page
    assert "The effort does not follow the 30-30-40 rule" in page
    assert f"No activity answers the need “{top[0].name}”" not in page

    # Sofie joins and the effort is spread before, during and after: both warnings go.
    response = post_form(
        leader,
        reverse("learning:plan_row_edit", args=[row.pk]),
        {"people": [bob.pk, sofie.pk], "effort_before": 6, "effort_during": 7, "effort_after": 10},
    )
    assert response.status_code == 302, _text(response)
    page = _text(leader.get(reverse("learning:plan_detail", args=[plan.pk])))
    assert "is the only one from" not in page
    assert "30-30-40" not in page.split("Effort before, during and after")[0]
    assert "The effort does not follow the 30-30-40 rule" not in page

    # 3. Goals agreed with each participant before enrolment: leader writes, both confirm.
    goals = {}
    for person, what in (
        (bob, "Ask about the citizen's own job goal"),
        (sofie, "Plan the first contact with an employer"),
    ):
        response = post_form(
            leader,
            reverse("learning:goal_create", args=[person.pk]),
            {
                "what_to_learn": what,
                "use_in_practice": "In every first conversation",
                "results": "More citizens with a job goal of their own",
                "leader_support": "Time to prepare each Monday",
                "activity": course.pk,
                "plan_row": row.pk,
            },
        )
        assert response.status_code == 302, _text(response)
        goal = LearningGoal.objects.get(person=person)
        for who in (henrik, person):
            goal.refresh_from_db()
            _client(who).post(
                reverse("learning:goal_confirm", args=[goal.pk]), {"base_version": goal.version}
            )
        goal.refresh_from_db()
        assert goal.is_agreed
        goals[person.pk] = goal
    page = _text(leader.get(reverse("learning:plan_detail", args=[plan.pk])))
    assert "No learning goal for" not in page

    # Enrolment from the row.
    row.refresh_from_db()
    leader.post(reverse("learning:plan_row_enrol", args=[row.pk]), {"base_version": row.version})
    assert set(Enrolment.objects.filter(activity=course).values_list("person_id", flat=True)) >= {
        bob.pk,
        sofie.pk,
    }

    # 4. The clock moves. The day before the four weeks, the hourly run sends nothing.
    start, end = course.starts_on, course.ends_on
    four_weeks = procedure.at(start - datetime.timedelta(days=procedure.BEFORE_DAYS))
    mail.outbox.clear()
    with time_machine.travel(four_weeks - datetime.timedelta(days=1), tick=False):
        _hourly_run()
    assert mail.outbox == []
    with time_machine.travel(four_weeks, tick=False):
        _hourly_run()
        to_leader = [m for m in mail.outbox if m.to == [henrik.email]]
        assert len(to_leader) == 1
        assert bob.full_name in to_leader[0].body and sofie.full_name in to_leader[0].body
        to_bob = [m for m in mail.outbox if m.to == [bob.email]]
        assert len(to_bob) == 1
        assert course.preparation.splitlines()[0].strip() in to_bob[0].body
        # Bob writes his reflections before the course, from the mail's link.
        enrolment = Enrolment.objects.get(activity=course, person=bob)
        assert reverse("learning:enrolment_before", args=[enrolment.pk]) in to_bob[0].body
        response = post_form(
            _client(bob),
            reverse("learning:enrolment_before", args=[enrolment.pk]),
            {"reflections": "How do I ask about work without pushing?"},
        )
        assert response.status_code == 302
    # An hour later the run sends nothing twice.
    sent = len(mail.outbox)
    with time_machine.travel(four_weeks + datetime.timedelta(hours=1), tick=False):
        _hourly_run()
    assert len(mail.outbox) == sent

    # 5. During the course: a logbook entry shared with the leader, a motivation check.
    with time_machine.travel(procedure.at(start, datetime.time(16, 0)), tick=False):
        response = post_form(
            _client(bob),
            reverse("learning:logbook_create"),
            {
                "what_happened": "Role play of a first conversation",
                "what_puzzled": "Silence is allowed",
                "activity": course.pk,
                "sharing": "leader",
            },
        )
        assert response.status_code == 302, _text(response)
        _motivation_check(_client(bob), course, score=2)

    # 6. After the course: the leader is prompted, the participants get headings and goals.
    mail.outbox.clear()
    with time_machine.travel(procedure.at(end + datetime.timedelta(days=1)), tick=False):
        _hourly_run()
    # The leader's prompt to hold the internal follow-up; the participants' invitation to
    # the course's follow-up day, as a calendar file.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([henrik.email, bob.email, sofie.email])
    assert course.follow_up_day_at is not None
    invitation = next(m for m in mail.outbox if m.to == [bob.email])
    ((_name, calendar, kind),) = invitation.attachments
    assert kind == "text/calendar" and "BEGIN:VEVENT" in calendar
    mail.outbox.clear()
    with time_machine.travel(procedure.at(end + datetime.timedelta(days=7)), tick=False):
        _hourly_run()
    to_bob = [m for m in mail.outbox if m.to == [bob.email]]
    assert len(to_bob) == 1
    for heading in course.headings.splitlines():
        assert heading.strip() in to_bob[0].body
    assert goals[bob.pk].what_to_learn in to_bob[0].body
    assert goals[sofie.pk].what_to_learn not in to_bob[0].body
    after = Reminder.objects.filter(activity=course, kind=Reminder.Kind.PARTICIPANT_AFTER)
    assert after.count() == 2

    # 7. Three weeks on: a second check, then the follow-up talk, whose agenda holds the
    # goal and the latest check; the goal is reviewed as partly achieved.
    talk_day = end + datetime.timedelta(days=21)
    with time_machine.travel(procedure.at(talk_day - datetime.timedelta(days=1)), tick=False):
        _motivation_check(_client(bob), course, score=4)
        trend = _text(_client(bob).get(reverse("learning:motivation")))
        assert "2.0" in trend and "4.0" in trend
        response = post_form(
            _client(henrik),
            reverse("learning:follow_up_create", args=[bob.pk]),
            {"planned_for": talk_day.isoformat(), "activity": course.pk},
        )
        assert response.status_code == 302, _text(response)
    talk = FollowUp.objects.get(person=bob)
    with time_machine.travel(procedure.at(talk_day, datetime.time(13, 0)), tick=False):
        agenda = _text(_client(henrik).get(reverse("learning:follow_up", args=[talk.pk])))
        assert goals[bob.pk].what_to_learn in agenda
        assert "Meaning 4, Ability 4, Will 4" in agenda
        response = post_form(
            _client(henrik),
            reverse("learning:follow_up", args=[talk.pk]),
            {
                "held_on": talk_day.isoformat(),
                "notes": "Bob now asks about job goals in first conversations.",
                "next_steps": "Try it with two citizens who use an interpreter.",
                f"goal_{goals[bob.pk].pk}_outcome": "partly",
                f"goal_{goals[bob.pk].pk}_evidence": "Three conversations this month.",
            },
        )
        assert response.status_code == 302, _text(response)
    goals[bob.pk].refresh_from_db()
    assert goals[bob.pk].outcome == "partly"

    # 8. The implementation plan and its follow-up meetings: confidence 4, then 7.
    response = post_form(
        _client(henrik),
        reverse("learning:implementation_create"),
        {"organisation": team.pk, "title": "Job goals in every conversation"},
    )
    assert response.status_code == 302, _text(response)
    implementation = ImplementationPlan.objects.get(title="Job goals in every conversation")
    for days, confidence in ((30, 4), (90, 7)):
        held_on = end + datetime.timedelta(days=days)
        with time_machine.travel(procedure.at(held_on, datetime.time(15, 0)), tick=False):
            response = post_form(
                _client(henrik),
                reverse("learning:implementation_meeting_create", args=[implementation.pk]),
                {
                    "held_on": held_on.isoformat(),
                    "what_works": "The question about job goals",
                    "confidence": confidence,
                },
            )
            assert response.status_code == 302, _text(response)
    page = _text(
        _client(henrik).get(reverse("learning:implementation_detail", args=[implementation.pk]))
    )
    assert "Confidence across the follow-up meetings" in page
    assert "on a scale from 0 to 10: 4, 7. Latest: 7." in page  # the chart's spoken summary


def _motivation_check(client: Client, course: Activity, *, score: int) -> None:
    """The five questions answered with `score` today, about the course."""
    scores = dict.fromkeys(("meaning", "ability", "will", "frame", "benefit"), score)
    response = post_form(
        client, reverse("learning:motivation_create"), {"activity": course.pk, **scores}
    )
    assert response.status_code == 302, _text(response)
