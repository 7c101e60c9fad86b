"""The runs' home panels (my open steps, runs in progress) and the demo run."""

import datetime

from django.urls import reverse

from trinvis.core import demo as core_demo
from trinvis.toolkits import demo, selectors
from trinvis.toolkits.models import Run, RunStep, Toolkit
from trinvis.toolkits.services import toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document


def test_home_lists_the_steps_i_own_that_are_open(world, run, client_of):
    run.steps.filter(key="plan").update(owner=world.alice, due_date=datetime.date(2027, 3, 1))
    run.steps.filter(key="read").update(owner=world.alice, status=RunStep.Status.DONE)

    response = client_of(world.alice).get(reverse("core:home"))

    todo = response.context["sections"]["todo"]
    titles = [item.title for item in todo]
    assert "Plan" in titles
    assert "Read" not in titles
    plan = next(item for item in todo if item.title == "Plan")
    assert plan.url == reverse("toolkits:run_step", args=[run.pk, "plan"])
    assert run.title in plan.meta


def test_home_shows_runs_in_progress_with_the_next_step(world, run, client_of):
    run.steps.filter(key="read").update(status=RunStep.Status.DONE)

    response = client_of(world.alice).get(reverse("core:home"))

    steps = response.context["sections"]["steps"]
    item = next(item for item in steps if item.title == run.title)
    assert "Plan" in item.description
    assert "1 of 3" in item.meta


def test_home_leaves_out_runs_of_other_municipalities(world, run, client_of):
    response = client_of(world.charlie).get(reverse("core:home"))

    assert all(item.title != run.title for item in response.context["sections"]["steps"])


def test_demo_starts_one_run_of_the_strategic_toolkit_idempotently(world):
    toolkit_create_version(document=small_document(slug=demo.DEMO_TOOLKIT))
    world.municipality_a.name = "Odense Kommune"
    world.municipality_a.save()

    demo.load()
    demo.load()

    run = Run.objects.get()
    assert run.toolkit == Toolkit.objects.get(slug=demo.DEMO_TOOLKIT)
    assert run.responsible == world.alice
    assert run.steps.count() == 3
    assert list(run.participants.all()) == [world.bob]


def test_demo_does_nothing_without_the_toolkit(world):
    demo.load()

    assert not Run.objects.exists()


def test_demo_loader_is_registered_after_the_organisations():
    orders = {loader: order for order, loader in core_demo._loaders}
    assert orders[demo.load] == 20


def _progress(runs):
    return {
        run.pk: (
            run.steps_total,
            run.steps_settled,
            run.next_step_key,
            run.next_step_due,
            run.next_step_owner,
            run.next_step["key"] if run.next_step else None,
        )
        for run in runs
    }


def _run_of(world, toolkit, title, target_date=None) -> Run:
    return Run.objects.create(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title=title,
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
        target_date=target_date,
        created_by=world.alice,
    )


def test_the_home_panel_reads_progress_as_the_run_list_does(
    world, run, toolkit, django_assert_max_num_queries
):
    """The home panel reads the runs and then their steps; the list counts them in SQL."""
    run.steps.filter(key="read").update(status=RunStep.Status.SKIPPED)
    run.steps.filter(key="plan").update(owner=world.bob, due_date=datetime.date(2027, 5, 1))
    settled = _run_of(world, toolkit, "All done")
    RunStep.objects.create(run=settled, key="read", position=0, status=RunStep.Status.DONE)
    for index in range(3):
        other = _run_of(world, toolkit, f"Run {index}", datetime.date(2027, 6, index + 1))
        RunStep.objects.create(run=other, key="read", position=0)
        RunStep.objects.create(run=other, key="plan", position=1, status=RunStep.Status.DONE)

    listed = _progress(selectors.runs_for_user(user=world.alice))
    with django_assert_max_num_queries(2 + 2):  # the scope's two, then runs and steps
        home = _progress(selectors.runs_in_progress(user=world.alice))
    assert settled.pk not in home
    assert home == {pk: listed[pk] for pk in home}
    assert home[run.pk] == (3, 1, "plan", datetime.date(2027, 5, 1), "Bob Employee", "plan")
    titles = [found.title for found in selectors.runs_in_progress(user=world.alice)]
    assert titles == ["Run 0", "Run 1", "Run 2", run.title]
