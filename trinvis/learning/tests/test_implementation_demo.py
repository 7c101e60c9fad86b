"""The demo's implementation plan and participants: Odense's plan after the course that has
ended, with its team, filled items, tasks and two meetings (confidence 5, then 7); the
participants the procedure reminds; and loading twice changes nothing."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trinvis.accounts.models import User
from trinvis.competences import demo as competences_demo
from trinvis.core import demo as core_demo
from trinvis.learning import demo as catalogue_demo
from trinvis.learning import demo_implementation as demo
from trinvis.learning import demo_plans
from trinvis.learning.models import Enrolment, ImplementationPlan, ProcessMeeting, Status
from trinvis.learning.procedure import facts_for
from trinvis.learning.selectors_implementation import my_tasks
from trinvis.organisations import demo as organisations_demo


@pytest.fixture
def loaded(db: None) -> None:
    organisations_demo.load()
    competences_demo.load()
    catalogue_demo.load()
    demo_plans.load()
    demo.load()


def _snapshot() -> dict[str, Any]:
    return {
        "plans": sorted(ImplementationPlan.objects.values_list("pk", "title", "version")),
        "meetings": sorted(ProcessMeeting.objects.values_list("pk", "confidence")),
        "enrolments": sorted(Enrolment.objects.values_list("pk", "activity_id", "person_id")),
    }


def test_the_loader_runs_after_the_catalogue_and_the_education_plans() -> None:
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[demo.load] == 37
    assert orders[demo.load] > orders[catalogue_demo.load]


def test_odense_has_an_implementation_plan_with_a_rising_confidence(loaded: None) -> None:
    plan = ImplementationPlan.objects.get(title=demo.PLAN_TITLE)
    assert plan.organisation.name == "Odense Kommune"
    assert plan.activity is not None
    assert plan.activity.title == "Integrationsloven – nyt i år"
    assert plan.education_plan is not None
    assert plan.education_plan.title == demo_plans.TITLE
    assert plan.items.count() == 11
    assert plan.items.exclude(description="").count() == len(demo.ITEMS)
    assert plan.items.filter(status=Status.DONE).exists()
    assert list(plan.meetings.order_by("held_on").values_list("confidence", flat=True)) == [5, 7]
    assert {person.email for person in plan.team.all()} >= {"alice@example.org"}
    alice = User.objects.get(email="alice@example.org")
    tasks = list(my_tasks(user=alice))
    today = timezone.localdate()
    assert any(task.deadline is not None and task.deadline < today for task in tasks)


def test_the_procedure_has_participants_one_of_them_alone(loaded: None) -> None:
    plan = ImplementationPlan.objects.get(title=demo.PLAN_TITLE)
    interpreters = plan.organisation.activities.get(title="Samtaler gennem tolk")
    [sofie] = facts_for(interpreters).participants
    assert sofie.alone
    assert sofie.leader_ids  # Henrik, the team's leader
    conversation = plan.organisation.activities.get(title="Den jobrettede samtale")
    facts = facts_for(conversation)
    assert len(facts.participants) == 3
    assert not any(participant.alone for participant in facts.participants)
    bob = next(p for p in facts.participants if p.person.email == "bob@example.org")
    assert bob.enrolment.reflections.startswith("Jeg vil gerne")


def test_loading_twice_changes_nothing(loaded: None) -> None:
    before = _snapshot()
    demo.load()
    assert _snapshot() == before


def test_with_the_other_demo_loaders_first_the_plan_and_pages_work(db: None) -> None:
    for order, loader in core_demo._loaders:
        if order <= 37:
            loader()
    plan = ImplementationPlan.objects.get(title=demo.PLAN_TITLE)
    client = Client()
    client.force_login(User.objects.get(email="alice@example.org"))
    page = client.get(reverse("learning:implementation_detail", args=[plan.pk]))
    assert page.status_code == 200
    assert "confidence-trend-spec" in page.content.decode()
    assert client.get(reverse("learning:tasks")).status_code == 200
