"""The demo course programme: four modules run in two regions, a target of 800 split
between them, about thirty enrolments from Odense and Bergen with completers and two
waiting for their leader, the warning in Bergen's view; and loading twice changes nothing.

Only the organisations' loader runs before it: the programme needs nothing else.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.learning.models import Activity, Enrolment
from trinvis.organisations import demo as organisations_demo
from trinvis.programmes import demo_courses
from trinvis.programmes.models import CourseEnrolment, CourseProgramme, ModuleRun, RegionTarget
from trinvis.programmes.selectors_course_progress import course_progress

State = CourseEnrolment.State


@pytest.fixture
def loaded(db: None) -> CourseProgramme:
    organisations_demo.load()
    demo_courses.load()
    return CourseProgramme.objects.get()


def _snapshot() -> dict[str, Any]:
    return {
        "enrolments": sorted(
            CourseEnrolment.objects.values_list("pk", "state", "version", "leader_confirmed_at")
        ),
        "runs": sorted(ModuleRun.objects.values_list("pk", "version")),
        "activities": Activity.objects.count(),
        "learning": Enrolment.objects.count(),
    }


def test_the_demo_programme_has_its_modules_runs_and_targets(loaded: CourseProgramme) -> None:
    assert loaded.target_participants == 800
    assert (loaded.ends_on - loaded.starts_on).days == 3 * 365
    assert loaded.modules.count() == 4
    runs = ModuleRun.objects.filter(module__course=loaded)
    assert runs.count() == 8
    assert {run.region.name for run in runs.select_related("region") if run.region} == {
        "Region Syddanmark",
        "Vestland",
    }
    assert sorted(RegionTarget.objects.values_list("target_participants", flat=True)) == [300, 500]


def test_the_demo_has_enrolments_completers_and_two_waiting(loaded: CourseProgramme) -> None:
    enrolments = CourseEnrolment.objects.filter(course=loaded)
    assert 25 <= enrolments.count() <= 35
    assert enrolments.filter(state=State.AWAITING_LEADER).count() == 2
    assert enrolments.filter(state=State.COMPLETED).exists()
    facts = course_progress(course=loaded, today=timezone.localdate())
    assert {tally.name for tally in facts.regions} == {"Region Syddanmark", "Vestland"}
    assert facts.total.completion_rate is not None and 50 < facts.total.completion_rate < 100
    # Every confirmation lies in the past, before the participant's first module.
    assert all(day <= timezone.localdate() for day in facts.confirmed_days)


def test_bergens_view_warns_of_the_one_who_goes_alone(loaded: CourseProgramme) -> None:
    client = Client()
    client.force_login(User.objects.get(email="charlie@example.org"))
    page = client.get(reverse("programmes:course_municipality")).content.decode()
    assert "Bergen kommune" in page
    assert page.count('data-color="warning"') >= 1


def test_loading_twice_changes_nothing(loaded: CourseProgramme) -> None:
    before = _snapshot()
    demo_courses.load()
    assert _snapshot() == before
    assert CourseProgramme.objects.count() == 1
