"""The JSON API of the toolkit engine: shapes, access as on the pages, rules and conflicts."""

import copy
import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from trinvis.toolkits.models import Run, RunStep, Toolkit, Worksheet
from trinvis.toolkits.services import run_start, toolkit_create_version
from trinvis.toolkits.tests.conftest import small_document, text

# Measured: session, user, scope (2), then the endpoint's own reads: one or two (run, steps);
# a worksheet also reads the people and units its person and unit columns choose from.
MAX_QUERIES = 6
MAX_WORKSHEET_QUERIES = 8


@pytest.fixture
def team_run(world: Any, toolkit: Toolkit) -> Run:
    """A run of team A that bob reads (he is in the team) but takes no part in."""
    run = Run.objects.create(
        organisation=world.team_a,
        toolkit=toolkit,
        title="Onboarding in team A",
        responsible=world.alice,
        start_date=datetime.date(2027, 2, 1),
    )
    RunStep.objects.bulk_create(
        RunStep(run=run, key=step["key"], position=position)
        for position, step in enumerate(toolkit.steps)
    )
    return run


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def step_url(run: Run, key: str) -> str:
    return reverse("api:run_step", kwargs={"run_id": run.pk, "key": key})


def sheet_url(run: Run, template_key: str) -> str:
    return reverse("api:worksheet", kwargs={"run_id": run.pk, "template_key": template_key})


# --- toolkits --------------------------------------------------------------------------------


def test_toolkit_list_shows_latest_versions_with_their_texts(world, toolkit, client_of):
    toolkit_create_version(document=small_document(version=2))
    response = client_of(world.bob).get(reverse("api:toolkit_list"))
    assert response.status_code == 200
    [item] = response.json()
    assert item == {
        "id": Toolkit.objects.get(slug="small-kit", version=2).pk,
        "slug": "small-kit",
        "version": 2,
        "title": text("Lille værktøj", "Lite verktøy", "Small kit"),
        "summary": text("Til test", "For test", "For tests"),
        "organisation_id": None,
    }


def test_toolkit_detail_has_phases_steps_and_worksheet_columns(world, toolkit, client_of):
    response = client_of(world.charlie).get(
        reverse("api:toolkit_detail", kwargs={"toolkit_id": toolkit.pk})
    )
    assert response.status_code == 200
    body = response.json()
    assert [phase["key"] for phase in body["phases"]] == ["prepare", "act"]
    assert body["phases"][0]["steps"][1] == {
        "key": "plan",
        "title": text("Planlæg", "Planlegg", "Plan"),
        "purpose": text("Lav en plan", "Lag en plan", "Make a plan"),
        "worksheets": ["plan", "checklist"],
    }
    sheets = {sheet["key"]: sheet for sheet in body["worksheets"]}
    assert sheets["checklist"]["rows"] == "fixed"
    assert sheets["checklist"]["columns"][1] == {
        "key": "deadline",
        "type": "date",
        "label": text("Frist", "Frist", "Deadline"),
    }


def test_other_organisations_copy_of_a_toolkit_is_not_found(world, toolkit, client_of):
    document = {**copy.deepcopy(small_document()), "version": 1}
    copy_a = toolkit_create_version(
        document=document, organisation=world.municipality_a, based_on=toolkit
    )
    url = reverse("api:toolkit_detail", kwargs={"toolkit_id": copy_a.pk})
    assert client_of(world.alice).get(url).json()["organisation_id"] == world.municipality_a.pk
    assert client_of(world.charlie).get(url).status_code == 404
    listed = client_of(world.charlie).get(reverse("api:toolkit_list")).json()
    assert [item["id"] for item in listed] == [toolkit.pk]


# --- runs ------------------------------------------------------------------------------------


def test_run_list_and_detail_shapes(world, run, client_of):
    RunStep.objects.filter(run=run, key="read").update(status=RunStep.Status.DONE)
    client = client_of(world.bob)
    [item] = client.get(reverse("api:run_list")).json()
    summary = {
        "id": run.pk,
        "title": "Strategic competence development 2027",
        "organisation_id": world.municipality_a.pk,
        "toolkit_id": run.toolkit_id,
        "start_date": "2027-01-04",
        "target_date": None,
        "progress": {"steps": 3, "settled": 1},
    }
    assert item == summary
    detail = client.get(reverse("api:run_detail", kwargs={"run_id": run.pk})).json()
    assert {key: value for key, value in detail.items() if key != "steps"} == summary
    assert [step["key"] for step in detail["steps"]] == ["read", "plan", "follow-up"]
    assert detail["steps"][0] == {
        "key": "read",
        "position": 0,
        "status": "done",
        "skip_reason": "",
        "owner_id": None,
        "due_date": None,
        "notes": "",
        "version": 1,
    }


def test_outsider_does_not_see_the_run(world, run, client_of):
    client = client_of(world.charlie)
    assert client.get(reverse("api:run_list")).json() == []
    assert client.get(reverse("api:run_detail", kwargs={"run_id": run.pk})).status_code == 404
    assert client.get(sheet_url(run, "plan")).status_code == 404
    response = send(client, "PATCH", step_url(run, "read"), {"version": 1, "notes": "x"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    response = send(client, "PUT", sheet_url(run, "plan"), {"base_version": 0, "rows": []})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "name", "body"),
    [
        ("GET", "api:toolkit_list", None),
        ("GET", "api:run_list", None),
        ("GET", "api:run_detail", None),
        ("GET", "api:worksheet", None),
        ("PATCH", "api:run_step", {"version": 1, "notes": "x"}),
        ("PUT", "api:worksheet", {"base_version": 0, "rows": []}),
    ],
)
def test_anonymous_gets_401_not_a_redirect(world, run, method, name, body):
    kwargs: dict[str, Any] = {
        "api:toolkit_list": {},
        "api:run_list": {},
        "api:run_detail": {"run_id": run.pk},
        "api:run_step": {"run_id": run.pk, "key": "read"},
        "api:worksheet": {"run_id": run.pk, "template_key": "plan"},
    }[name]
    client = Client(headers={"Accept-Language": "en"})
    response = send(client, method, reverse(name, kwargs=kwargs), body or {})
    assert response.status_code == 401
    assert "Location" not in response
    assert response.json() == {"detail": "Log in to use the API."}


def test_anonymous_toolkit_detail_is_401(toolkit):
    url = reverse("api:toolkit_detail", kwargs={"toolkit_id": toolkit.pk})
    assert Client().get(url).status_code == 401


def test_messages_follow_the_users_language(world, run, client_of):
    world.charlie.language = "da"
    world.charlie.save(update_fields=["language"])
    response = client_of(world.charlie).get(reverse("api:run_detail", kwargs={"run_id": run.pk}))
    assert response.status_code == 404
    assert response.json()["detail"] != "Not found."


# --- changing a step -------------------------------------------------------------------------


def test_participant_changes_a_step(world, run, client_of):
    response = send(
        client_of(world.bob),
        "PATCH",
        step_url(run, "read"),
        {
            "version": 1,
            "status": "in_progress",
            "owner_id": world.bob.pk,
            "due_date": "2027-02-01",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    assert response.json()["version"] == 2
    step = RunStep.objects.get(run=run, key="read")
    assert (step.status, step.owner, step.due_date) == (
        "in_progress",
        world.bob,
        datetime.date(2027, 2, 1),
    )
    assert step.changes.get().by == world.bob


def test_fields_left_out_keep_their_values(world, run, client_of):
    RunStep.objects.filter(run=run, key="read").update(
        notes="Keep me", reflection_answers={"0": "Planning works"}
    )
    response = send(
        client_of(world.alice), "PATCH", step_url(run, "read"), {"version": 1, "status": "done"}
    )
    assert response.status_code == 200
    step = RunStep.objects.get(run=run, key="read")
    assert (step.status, step.notes, step.reflection_answers) == (
        "done",
        "Keep me",
        {"0": "Planning works"},
    )


def test_read_only_role_gets_403_on_writes(world, team_run, client_of):
    client = client_of(world.bob)
    assert client.get(reverse("api:run_detail", kwargs={"run_id": team_run.pk})).status_code == 200
    assert client.get(sheet_url(team_run, "plan")).status_code == 200
    response = send(client, "PATCH", step_url(team_run, "read"), {"version": 1, "notes": "x"})
    assert response.status_code == 403
    assert response.json() == {"detail": "You may read this, but not change it."}
    response = send(client, "PUT", sheet_url(team_run, "plan"), {"base_version": 0, "rows": []})
    assert response.status_code == 403
    assert not Worksheet.objects.filter(run=team_run).exists()
    assert RunStep.objects.get(run=team_run, key="read").notes == ""


def test_marking_a_step_done_before_earlier_steps_is_refused(world, run, client_of):
    response = send(
        client_of(world.alice), "PATCH", step_url(run, "plan"), {"version": 1, "status": "done"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["status"] == [
        "One thing at a time: finish or skip the earlier steps before marking this one done."
    ]
    assert RunStep.objects.get(run=run, key="plan").status == RunStep.Status.NOT_STARTED


def test_skipping_without_a_reason_is_refused(world, run, client_of):
    response = send(
        client_of(world.alice), "PATCH", step_url(run, "read"), {"version": 1, "status": "skipped"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"skip_reason": ["Say why the step is skipped."]}


def test_owner_outside_the_organisation_is_refused(world, run, client_of):
    response = send(
        client_of(world.alice),
        "PATCH",
        step_url(run, "read"),
        {"version": 1, "owner_id": world.charlie.pk},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "owner_id": [
            "The owner must be the run’s responsible person, a participant or a leader of "
            "the organisation."
        ]
    }


def test_stale_step_version_is_409_with_the_current_values(world, run, client_of):
    first = send(
        client_of(world.bob), "PATCH", step_url(run, "read"), {"version": 1, "notes": "Bob's"}
    )
    assert first.status_code == 200
    response = send(
        client_of(world.alice), "PATCH", step_url(run, "read"), {"version": 1, "notes": "Alice's"}
    )
    assert response.status_code == 409
    assert response.json()["current"]["notes"] == "Bob's"
    assert response.json()["current"]["version"] == 2
    assert RunStep.objects.get(run=run, key="read").notes == "Bob's"


def test_unknown_step_and_bad_status_are_refused(world, run, client_of):
    client = client_of(world.alice)
    assert send(client, "PATCH", step_url(run, "nope"), {"version": 1}).status_code == 404
    response = send(client, "PATCH", step_url(run, "read"), {"version": 1, "status": "finished"})
    assert response.status_code == 422


# --- worksheets ------------------------------------------------------------------------------


def test_unsaved_fixed_worksheet_reads_its_rows(world, run, client_of):
    response = client_of(world.bob).get(sheet_url(run, "checklist"))
    assert response.status_code == 200
    assert response.json() == {
        "template_key": "checklist",
        "version": 0,
        "rows": [{"key": "background", "cells": {}}, {"key": "goals", "cells": {}}],
    }


def test_unknown_template_is_404(world, run, client_of):
    assert client_of(world.alice).get(sheet_url(run, "nope")).status_code == 404


def test_saving_a_worksheet(world, run, client_of):
    rows = [{"cells": {"activity": "Workshop", "cost": "1200", "deadline": "2027-03-31"}}]
    response = send(
        client_of(world.bob), "PUT", sheet_url(run, "plan"), {"base_version": 0, "rows": rows}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "template_key": "plan",
        "version": 1,
        "rows": [
            {"key": "", "cells": {"activity": "Workshop", "cost": 1200, "deadline": "2027-03-31"}}
        ],
    }
    worksheet = Worksheet.objects.get(run=run, template_key="plan")
    assert worksheet.revisions.get().source == "api"
    assert client_of(world.alice).get(sheet_url(run, "plan")).json() == response.json()


def test_cells_that_cannot_be_read_are_422_by_row_and_column(world, run, client_of):
    rows = [{"cells": {"activity": "Fine"}}, {"cells": {"cost": "a lot", "level": "9"}}]
    response = send(
        client_of(world.alice), "PUT", sheet_url(run, "plan"), {"base_version": 0, "rows": rows}
    )
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert [(problem["row"], problem["column"]) for problem in problems] == [
        (2, "cost"),
        (2, "level"),
    ]
    assert all(problem["message"] for problem in problems)
    assert not Worksheet.objects.filter(run=run, template_key="plan").exists()


def test_conflicting_save_is_409_and_the_first_save_is_kept(world, run, client_of):
    first = [{"cells": {"activity": "Bob's workshop"}}]
    second = [{"cells": {"activity": "Alice's course"}}]
    url = sheet_url(run, "plan")
    assert (
        send(client_of(world.bob), "PUT", url, {"base_version": 0, "rows": first}).status_code
        == 200
    )
    response = send(client_of(world.alice), "PUT", url, {"base_version": 0, "rows": second})
    assert response.status_code == 409
    body = response.json()
    assert body["version"] == 1
    assert body["rows"] == [{"key": "", "cells": {"activity": "Bob's workshop"}}]
    worksheet = Worksheet.objects.get(run=run, template_key="plan")
    assert worksheet.version == 1
    assert worksheet.data == {"rows": [{"key": "", "cells": {"activity": "Bob's workshop"}}]}
    assert worksheet.revisions.count() == 1


# --- docs --------------------------------------------------------------------------------------


def test_docs_and_schema_are_for_logged_in_users(world, client_of):
    for name in ("api:openapi-view", "api:openapi-json"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    docs = client_of(world.bob).get(reverse("api:openapi-view"))
    assert docs.status_code == 200
    assert b"https://" not in docs.content  # nothing from outside the machine
    assert "unsafe-inline" not in docs["Content-Security-Policy"]
    schema = client_of(world.bob).get(reverse("api:openapi-json")).json()
    assert schema["info"] == {"title": "Trinvis API", "version": "1", "description": ""}
    assert "/api/runs/{run_id}/worksheets/{template_key}" in schema["paths"]


# --- query counts ----------------------------------------------------------------------------


def _many(world: Any, *, runs: int, extra_steps: int) -> Run:
    document = copy.deepcopy(small_document(slug=f"kit-{runs}"))
    for number in range(extra_steps):
        document["phases"][1]["steps"].append(
            {
                "key": f"extra-{number}",
                "title": text("Trin", "Steg", "Step"),
                "purpose": text("Formål", "Formål", "Purpose"),
            }
        )
    toolkit = None
    for version in range(1, runs + 1):
        toolkit = toolkit_create_version(document={**document, "version": version})
        toolkit_create_version(document={**document, "slug": f"other-{version}"})
    assert toolkit is not None
    started = [
        run_start(
            organisation=world.municipality_a,
            toolkit=toolkit,
            title=f"Run {number}",
            responsible=world.alice,
            participants=[world.bob],
            start_date=datetime.date(2027, 1, 4),
            target_date=None,
            by=world.alice,
        )
        for number in range(runs)
    ]
    return started[0]


@pytest.mark.parametrize(("runs", "extra_steps"), [(1, 0), (6, 15)])
def test_endpoints_have_a_fixed_number_of_queries(
    world, client_of, django_assert_max_num_queries, runs, extra_steps
):
    run = _many(world, runs=runs, extra_steps=extra_steps)
    client = client_of(world.alice)
    urls = [
        (reverse("api:toolkit_list"), MAX_QUERIES),
        (reverse("api:toolkit_detail", kwargs={"toolkit_id": run.toolkit_id}), MAX_QUERIES),
        (reverse("api:run_list"), MAX_QUERIES),
        (reverse("api:run_detail", kwargs={"run_id": run.pk}), MAX_QUERIES),
        (sheet_url(run, "plan"), MAX_WORKSHEET_QUERIES),
    ]
    for url, limit in urls:
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url
    assert len(client.get(reverse("api:run_list")).json()) == runs


def test_writes_without_a_csrf_token_are_refused(world, run):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bob)
    response = send(client, "PATCH", step_url(run, "read"), {"version": 1, "notes": "x"})
    assert response.status_code == 403
    assert RunStep.objects.get(run=run, key="read").notes == ""
    assert client.get(reverse("api:run_detail", kwargs={"run_id": run.pk})).status_code == 200
