"""The runs pages: start, list, run page and step page, as owner, read-only role and outsider."""

import datetime

import pytest
from django.urls import reverse

from trinvis.accounts.tests.helpers import assert_redirects_to_login, make_person
from trinvis.organisations.models import Membership
from trinvis.organisations.tests.helpers import join
from trinvis.toolkits.access import runs_visible
from trinvis.toolkits.models import Run, RunStep, RunStepChange
from trinvis.toolkits.services import run_start, toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document

Status = RunStep.Status


def step_url(run, key="read"):
    return reverse("toolkits:run_step", args=[run.pk, key])


def detail_url(run):
    return reverse("toolkits:run_detail", args=[run.pk])


def step_data(step, **changes):
    data = {
        "version": step.version,
        "status": step.status,
        "owner": step.owner_id or "",
        "due_date": "",
        "notes": step.notes,
        "skip_reason": "",
        "answer_0": "",
    }
    return {**data, **changes}


@pytest.fixture
def team_run(world):
    """A run of team A led by a team leader; bob does not take part."""
    leader = make_person("tilde@example.org", "Tilde Teamleader")
    join(leader, world.team_a, Membership.Role.LEADER)
    return run_start(
        organisation=world.team_a,
        toolkit=toolkit_create_version(document=small_document(slug="team-kit")),
        title="Onboarding in team A",
        responsible=leader,
        participants=[],
        start_date=datetime.date(2027, 2, 1),
        target_date=None,
        by=leader,
    )


# --- start


def test_anonymous_visitor_is_sent_to_login_from_every_runs_page(client, run):
    for url in (
        reverse("toolkits:run_list"),
        reverse("toolkits:run_start"),
        detail_url(run),
        step_url(run),
    ):
        assert_redirects_to_login(client.get(url), url)


def test_leader_starts_a_run_with_the_toolkit_preselected(world, toolkit, client_of):
    browser = client_of(world.alice)

    form = browser.get(reverse("toolkits:run_start"), {"toolkit": toolkit.pk})
    response = browser.post(
        reverse("toolkits:run_start"),
        {
            "organisation": world.unit_a_job.pk,
            "toolkit": toolkit.pk,
            "title": "Strategic competence development 2027 – Job and integration unit",
            "responsible": world.bob.pk,
            "participants": [world.bob.pk],
            "start_date": "2027-01-04",
            "target_date": "2027-12-17",
        },
    )

    assert form.context["form"]["toolkit"].value() == str(toolkit.pk)
    run = Run.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(run)
    assert run.organisation == world.unit_a_job
    assert run.steps.count() == 3


def test_start_form_refuses_a_responsible_person_outside_the_chosen_unit(world, toolkit, client_of):
    response = client_of(world.alice).post(
        reverse("toolkits:run_start"),
        {
            "organisation": world.team_a.pk,
            "toolkit": toolkit.pk,
            "title": "Team run",
            "responsible": world.alice.pk,
            "start_date": "2027-01-04",
        },
    )

    assert response.status_code == 200
    assert "responsible" in response.context["form"].errors
    assert not Run.objects.exists()


def test_employee_may_not_start_a_run(world, toolkit, client_of):
    assert client_of(world.bob).get(reverse("toolkits:run_start")).status_code == 403
    assert client_of(world.bob).post(reverse("toolkits:run_start"), {}).status_code == 403


# --- list


def test_list_shows_progress_and_next_step(world, run, client_of):
    RunStep.objects.filter(run=run, key="read").update(status=Status.DONE)

    response = client_of(world.alice).get(reverse("toolkits:run_list"))

    body = response.content.decode()
    assert run.title in body
    assert "1 of 3 steps" in body
    assert "Plan" in body


def test_list_hides_runs_of_other_municipalities(world, run, client_of):
    response = client_of(world.charlie).get(reverse("toolkits:run_list"))

    assert run.title not in response.content.decode()
    assert "No run has started yet" in response.content.decode()


def test_list_explains_how_to_start_when_empty(world, client_of):
    response = client_of(world.alice).get(reverse("toolkits:run_list"))

    assert "No run has started yet" in response.content.decode()
    assert reverse("toolkits:run_start") in response.content.decode()


# --- run page


def test_run_page_shows_the_steps_and_what_is_next(world, run, client_of):
    step = run.steps.get(key="read")
    step.status = Status.SKIPPED
    step.skip_reason = "Known"
    step.save()
    run.steps.filter(key="plan").update(owner=world.bob, due_date=datetime.date(2027, 2, 1))

    response = client_of(world.alice).get(detail_url(run))

    assert response.status_code == 200
    statuses = [item["status"] for item in response.context["indicator"]]
    assert statuses == ["skipped", "current", "todo"]
    assert response.context["overview"].current.run_step.owner == world.bob
    assert "What is next" in response.content.decode()


def test_outsider_gets_404_on_the_run_page(world, run, client_of):
    assert client_of(world.charlie).get(detail_url(run)).status_code == 404


# --- step page


def test_owner_saves_a_step_and_the_history_shows_it(world, run, client_of):
    browser = client_of(world.alice)
    step = run.steps.get(key="read")

    response = browser.post(
        step_url(run),
        step_data(step, status=Status.DONE, owner=world.alice.pk, answer_0="Meetings"),
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == Status.DONE
    assert step.reflection_answers == {"0": "Meetings"}
    page = browser.get(step_url(run)).content.decode()
    assert "Not started → Done" in page


def test_marking_a_later_step_done_shows_the_order_rule(world, run, client_of):
    plan = run.steps.get(key="plan")

    response = client_of(world.alice).post(step_url(run, "plan"), step_data(plan, status="done"))

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.status == Status.NOT_STARTED


def test_skipping_without_reason_shows_an_error(world, run, client_of):
    step = run.steps.get(key="read")

    response = client_of(world.alice).post(step_url(run), step_data(step, status="skipped"))

    assert "skip_reason" in response.context["form"].errors


def test_second_writer_sees_both_versions_and_nothing_is_overwritten(world, run, client_of):
    step = run.steps.get(key="read")
    client_of(world.alice).post(step_url(run), step_data(step, notes="Alice first"))

    response = client_of(world.admin).post(step_url(run), step_data(step, notes="Ada second"))

    assert response.status_code == 409
    assert response.context["conflict"].notes == "Alice first"
    body = response.content.decode()
    assert "Alice first" in body and "Ada second" in body
    assert response.context["form"]["version"].value() == "2"
    assert run.steps.get(key="read").notes == "Alice first"
    assert RunStepChange.objects.count() == 1


def test_participant_may_edit_a_step(world, team_run, client_of):
    team_run.participants.add(world.bob)
    step = team_run.steps.get(key="read")

    response = client_of(world.bob).post(step_url(team_run), step_data(step, notes="Mine"))

    assert response.status_code == 302
    assert team_run.steps.get(key="read").notes == "Mine"


def test_non_participant_employee_reads_but_may_not_edit(world, team_run, client_of):
    browser = client_of(world.bob)
    step = team_run.steps.get(key="read")

    page = browser.get(step_url(team_run))
    response = browser.post(step_url(team_run), step_data(step, notes="Not mine"))

    assert page.status_code == 200
    assert "Save the step" not in page.content.decode()
    assert response.status_code == 403
    assert team_run.steps.get(key="read").notes == ""


def test_outsider_gets_404_on_a_step(world, run, client_of):
    step = run.steps.get(key="read")
    browser = client_of(world.charlie)

    assert browser.get(step_url(run)).status_code == 404
    assert browser.post(step_url(run), step_data(step)).status_code == 404


def test_unknown_step_is_404(world, run, client_of):
    assert client_of(world.alice).get(step_url(run, "nothing")).status_code == 404


def test_step_page_links_to_its_worksheets(world, run, client_of):
    response = client_of(world.alice).get(step_url(run, "plan"))

    body = response.content.decode()
    assert reverse("toolkits:worksheet", args=[run.pk, "plan"]) in body
    assert reverse("toolkits:worksheet", args=[run.pk, "checklist"]) in body


def test_participant_from_a_team_below_works_in_the_municipalitys_run(run, world, client_of):
    """bob sits in team A and sees municipality A only as context, yet takes part in its run."""
    browser = client_of(world.bob)

    assert browser.get(reverse("toolkits:run_detail", args=[run.pk])).status_code == 200
    assert run in runs_visible(user=world.bob)
    run.participants.remove(world.bob)
    assert browser.get(reverse("toolkits:run_detail", args=[run.pk])).status_code == 404
