"""The demo plan: Odense's team answers its round's short-term needs with five rows, one
person goes alone on purpose, the effort follows 30-30-40, and loading twice changes nothing.

The loaders it builds on (organisations, competences, catalogue) are called directly rather
than the whole `load_demo`, which also builds survey data this test does not need.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from trinvis.accounts.models import User
from trinvis.competences import demo as competences_demo
from trinvis.competences.models import NeedPriority
from trinvis.core import demo as core_demo
from trinvis.learning import demo as catalogue_demo
from trinvis.learning import demo_plans
from trinvis.learning.models import EducationPlan, Enrolment, LearningGoal, PlanRow
from trinvis.learning.plan_checks import Kind, Phase
from trinvis.learning.selectors_plans import plan_page
from trinvis.learning.views.plans import PlanLinks
from trinvis.organisations import demo as organisations_demo


@pytest.fixture
def loaded(db: None) -> None:
    organisations_demo.load()
    competences_demo.load()
    catalogue_demo.load()
    demo_plans.load()


def _plan() -> EducationPlan:
    return EducationPlan.objects.get(title=demo_plans.TITLE)


def _snapshot() -> dict[str, Any]:
    return {
        "plans": sorted(EducationPlan.objects.values_list("pk", "version")),
        "rows": sorted(PlanRow.objects.values_list("pk", "position", "version")),
        "needs": sorted(NeedPriority.objects.values_list("pk", "horizon")),
        "goals": LearningGoal.objects.count(),
        "enrolments": Enrolment.objects.count(),
    }


def test_the_loader_runs_after_the_catalogue_demo() -> None:
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[demo_plans.load] == 36
    assert orders[demo_plans.load] > orders[catalogue_demo.load] > orders[competences_demo.load]


def test_the_team_plan_answers_every_short_term_need_with_one_warning(loaded: None) -> None:
    plan = _plan()
    assert plan.organisation.name == "Team Integration og Job"
    assert plan.round is not None and plan.round.title == competences_demo.NOW
    short = set(plan.round.priorities.filter(horizon="short").values_list("pk", flat=True))
    assert len(short) == 3
    answered = set(PlanRow.needs.through.objects.values_list("needpriority_id", flat=True))
    assert short <= answered
    alice = User.objects.get(email="alice@example.org")
    page = plan_page(plan=plan, user=alice, links=PlanLinks(plan, may_write=True))
    assert len(page.rows) == 5
    assert [warning.kind for warning in page.checks.warnings] == [Kind.ALONE]
    assert "Sofie Lindholm" in page.checks.warnings[0].title
    effort = page.checks.effort
    assert effort.follows_rule
    assert [effort.share(phase) for phase in Phase] == [24, 31, 45]
    assert all(view.goals for view in page.rows)
    enrolled = {str(view.row.activity) for view in page.rows if view.enrolled}
    assert enrolled == {
        "Den jobrettede samtale",
        "Samtaler gennem tolk",
        "Integrationsloven – nyt i år",
    }


def test_loading_twice_changes_nothing(loaded: None) -> None:
    before = _snapshot()
    demo_plans.load()
    assert _snapshot() == before


def test_the_leader_and_an_employee_open_the_plan(loaded: None) -> None:
    alice = User.objects.get(email="alice@example.org")
    alice.language = "en"  # the demo's Alice reads Danish; the assertions read English
    alice.save(update_fields=["language"])
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("learning:plan_detail", args=[_plan().pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sofie Lindholm is the only one from Team Integration og Job" in html
    assert "The plan follows the 30-30-40 rule." in html
    client.force_login(User.objects.get(email="bob@example.org"))
    assert client.get(reverse("learning:plan_detail", args=[_plan().pk])).status_code == 200
