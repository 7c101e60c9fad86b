"""The runs pages and home panels run a fixed number of queries, however many steps or runs."""

import copy
import datetime

import pytest
from django.urls import reverse

from trinvis.toolkits.models import RunStep
from trinvis.toolkits.services import run_start, toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document, text

# Measured: session, user, scope (2), header organisation, then the page's own reads (run,
# steps, participants; people for the owner field and the history on the step page). Home
# also holds other apps' panels, so it has a little room.
MAX_DETAIL = 8
MAX_STEP = 10
MAX_LIST = 7
MAX_HOME = 16  # the home page with every module's panels


def long_document(extra_steps: int):
    document = copy.deepcopy(small_document(slug=f"long-kit-{extra_steps}"))
    for number in range(extra_steps):
        document["phases"][1]["steps"].append(
            {
                "key": f"extra-{number}",
                "title": text(f"Trin {number}", f"Steg {number}", f"Step {number}"),
                "purpose": text("Formål", "Formål", "Purpose"),
                "reflection_questions": [text("Hvorfor?", "Hvorfor?", "Why?")],
                "worksheets": ["plan"],
            }
        )
    return document


def start_runs(world, *, runs: int, extra_steps: int):
    toolkit = toolkit_create_version(document=long_document(extra_steps))
    started = []
    for number in range(runs):
        run = run_start(
            organisation=world.municipality_a,
            toolkit=toolkit,
            title=f"Run {number}",
            responsible=world.alice,
            participants=[],
            start_date=datetime.date(2027, 1, 4),
            target_date=None,
            by=world.alice,
        )
        RunStep.objects.filter(run=run).update(owner=world.alice)
        started.append(run)
    return started


@pytest.mark.parametrize(("runs", "extra_steps"), [(1, 0), (6, 12)])
def test_runs_pages_have_a_fixed_number_of_queries(
    world, client_of, django_assert_max_num_queries, runs, extra_steps
):
    run = start_runs(world, runs=runs, extra_steps=extra_steps)[0]
    step = run.steps.get(key="read")
    for version in range(2, 2 + extra_steps):
        step.version = version
        step.notes = f"note {version}"
        step.save()
    browser = client_of(world.alice)
    browser.get(reverse("core:home"))  # warm the session

    with django_assert_max_num_queries(MAX_DETAIL):
        assert browser.get(reverse("toolkits:run_detail", args=[run.pk])).status_code == 200
    with django_assert_max_num_queries(MAX_STEP):
        assert browser.get(reverse("toolkits:run_step", args=[run.pk, "read"])).status_code == 200
    with django_assert_max_num_queries(MAX_LIST):
        assert browser.get(reverse("toolkits:run_list")).status_code == 200
    with django_assert_max_num_queries(MAX_HOME):
        assert browser.get(reverse("core:home")).status_code == 200
