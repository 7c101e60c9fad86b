"""The worksheet page: editing, saving, conflicts, history, print, PDF, access, live views."""

import datetime
import threading
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from trinvis.toolkits.models import Run, Toolkit, Worksheet, WorksheetRevision
from trinvis.toolkits.registry import register_live_view, unregister_live_view
from trinvis.toolkits.worksheets import (
    WorksheetConflict,
    sheet_for_run,
    worksheet_for_run,
    worksheet_save,
)


@pytest.fixture
def team_run(world: Any, toolkit: Toolkit) -> Run:
    """A run of team A that bob takes part in (bob sees team A in detail)."""
    run = Run.objects.create(
        organisation=world.team_a,
        toolkit=toolkit,
        title="Team A worksheets",
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
    )
    run.participants.add(world.bob)
    return run


def url(run: Run, key: str = "plan", name: str = "worksheet") -> str:
    return reverse(f"toolkits:{name}", kwargs={"run_pk": run.pk, "template_key": key})


def plan_row(index: int, **cells: str) -> dict[str, str]:
    return {f"r{index}-{key}": value for key, value in cells.items()}


def test_page_shows_columns_and_one_empty_row_to_fill(client_of: Any, world: Any, run: Run) -> None:
    response = client_of(world.alice).get(url(run))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Activity", "Details", "Responsible", "Confidence", "Internal"):
        assert label in html
    assert 'name="r0-activity"' in html
    assert "Alice Leader" in html  # people of the organisation to choose from
    assert "Jobcentre A" in html  # units of the organisation
    assert 'min="0" max="10"' in html
    assert "Activity – Row 1" in html  # a label for every input
    assert not Worksheet.objects.exists()  # created on the first save


def test_fixed_rows_are_row_headers(client_of: Any, world: Any, run: Run) -> None:
    html = client_of(world.alice).get(url(run, "checklist")).content.decode()
    assert '<th scope="row">Background</th>' in html
    assert "Description – Goals" in html


def test_template_of_another_toolkit_is_404(client_of: Any, world: Any, run: Run) -> None:
    assert client_of(world.alice).get(url(run, "strategy-goals")).status_code == 404


def test_save_stores_typed_values_and_a_revision(client_of: Any, world: Any, run: Run) -> None:
    data = {
        "base_version": "0",
        "row_count": "2",
        **plan_row(
            0,
            activity="Course",
            responsible=str(world.bob.pk),
            unit=str(world.unit_a_job.pk),
            deadline="2027-03-31",
            status="in_progress",
            cost="12,5",
            level="4",
            confidence="7",
            form="external",
        ),
        **plan_row(1, activity=""),  # an empty row is not kept
    }
    response = client_of(world.alice).post(url(run), data)
    assert response.status_code == 302
    worksheet = Worksheet.objects.get()
    assert worksheet.version == 1
    assert worksheet.data["rows"] == [
        {
            "key": "",
            "cells": {
                "activity": "Course",
                "responsible": world.bob.pk,
                "unit": world.unit_a_job.pk,
                "deadline": "2027-03-31",
                "status": "in_progress",
                "cost": 12.5,
                "level": 4,
                "confidence": 7,
                "form": "external",
            },
        }
    ]
    revision = WorksheetRevision.objects.get()
    assert revision.by == world.alice
    assert revision.source == "web"
    assert {"row": 1, "row_key": "", "column": "cost", "before": None, "after": 12.5} in (
        revision.changes
    )
    page = client_of(world.alice).get(url(run)).content.decode()
    assert 'value="Course"' in page


def test_bad_cells_are_listed_per_row_and_column_and_nothing_saved(
    client_of: Any, world: Any, run: Run
) -> None:
    data = {
        "base_version": "0",
        "row_count": "1",
        **plan_row(0, activity="Course", cost="lots", level="9", deadline="soon"),
    }
    response = client_of(world.alice).post(url(run), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Row 1, Cost: Write a number" in html
    assert "Row 1, Level: Choose a whole number from 1 to 5." in html
    assert "Row 1, Deadline: Write a date" in html
    assert 'aria-invalid="true"' in html
    assert 'value="Course"' in html  # what was typed is kept
    assert not Worksheet.objects.exists()


def test_fixed_row_save(client_of: Any, world: Any, run: Run) -> None:
    data = {"base_version": "0", "r1-description": "Ambitious", "r0-deadline": "01.02.2027"}
    assert client_of(world.alice).post(url(run, "checklist"), data).status_code == 302
    rows = Worksheet.objects.get(template_key="checklist").data["rows"]
    assert rows == [
        {"key": "background", "cells": {"deadline": "2027-02-01"}},
        {"key": "goals", "cells": {"description": "Ambitious"}},
    ]


def test_add_and_remove_rows_without_javascript(client_of: Any, world: Any, run: Run) -> None:
    client = client_of(world.alice)
    data = {
        "base_version": "0",
        "row_count": "2",
        **plan_row(0, activity="A"),
        **plan_row(1, activity="B"),
    }
    added = client.post(url(run), {**data, "action": "add_row"}).content.decode()
    assert 'name="r2-activity"' in added
    removed = client.post(url(run), {**data, "action": "remove-0"}).content.decode()
    assert 'value="A"' not in removed
    assert 'value="B"' in removed
    assert not Worksheet.objects.exists()  # neither saves


def test_second_save_on_the_same_version_shows_both_and_loses_nothing(
    client_of: Any, world: Any, team_run: Run
) -> None:
    alice, bob = client_of(world.alice), client_of(world.bob)
    # Both open the empty worksheet (version 0) and type in the same cell.
    first = {"base_version": "0", "row_count": "1", **plan_row(0, activity="Alice's plan")}
    second = {"base_version": "0", "row_count": "1", **plan_row(0, activity="Bob's plan")}
    assert alice.post(url(team_run), first).status_code == 302
    response = bob.post(url(team_run), second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Alice&#x27;s plan" in html  # theirs
    assert "Bob&#x27;s plan" in html  # mine, in the field
    assert "Saved by Alice Leader" in html
    assert 'name="base_version" value="1"' in html
    worksheet = Worksheet.objects.get()
    assert worksheet.version == 1
    assert worksheet.data["rows"][0]["cells"]["activity"] == "Alice's plan"
    # Bob takes Alice's value for the activity and adds his own cost; saved as version 2.
    resolved = {
        "base_version": "1",
        "row_count": "1",
        **plan_row(0, activity="Bob's plan", cost="5"),
        "take-r0-activity": "1",
        "theirs-r0-activity": "Alice's plan",
    }
    assert bob.post(url(team_run), resolved).status_code == 302
    worksheet.refresh_from_db()
    assert worksheet.version == 2
    assert worksheet.data["rows"][0]["cells"] == {"activity": "Alice's plan", "cost": 5}


def test_service_raises_conflict_with_both_versions(world: Any, run: Run) -> None:
    sheet = sheet_for_run(run=run, template_key="plan")
    rows = [{"key": "", "cells": {"activity": "One"}}]
    saved = worksheet_save(
        worksheet=worksheet_for_run(run=run, template_key="plan", sheet=sheet),
        rows=rows,
        base_version=0,
        by=world.alice,
    )
    with pytest.raises(WorksheetConflict) as raised:
        worksheet_save(
            worksheet=saved,
            rows=[{"key": "", "cells": {"activity": "Two"}}],
            base_version=0,
            by=world.bob,
        )
    assert raised.value.theirs[0]["cells"] == {"activity": "One"}
    assert raised.value.mine[0]["cells"] == {"activity": "Two"}
    assert WorksheetRevision.objects.count() == 1


def test_saving_nothing_new_writes_no_revision(world: Any, run: Run) -> None:
    sheet = sheet_for_run(run=run, template_key="plan")
    worksheet = worksheet_for_run(run=run, template_key="plan", sheet=sheet)
    rows = [{"key": "", "cells": {"activity": "One"}}]
    worksheet = worksheet_save(worksheet=worksheet, rows=rows, base_version=0, by=world.alice)
    again = worksheet_save(worksheet=worksheet, rows=rows, base_version=1, by=world.alice)
    assert again.version == 1
    assert WorksheetRevision.objects.count() == 1


def test_history_lists_who_changed_which_cell(client_of: Any, world: Any, run: Run) -> None:
    client = client_of(world.alice)
    client.post(url(run), {"base_version": "0", "row_count": "1", **plan_row(0, activity="A")})
    client.post(
        url(run),
        {"base_version": "1", "row_count": "1", **plan_row(0, activity="B", status="done")},
    )
    html = client.get(url(run, name="worksheet_history")).content.decode()
    assert "Alice Leader" in html
    assert "Row 1, Activity: “A” → “B”" in html
    assert "Row 1, Status: “(empty)” → “Done”" in html


def test_print_page_has_blank_rows_to_fill_by_hand(client_of: Any, world: Any, run: Run) -> None:
    response = client_of(world.alice).get(url(run, name="worksheet_print"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<th scope="row">') == 10
    assert "Internal / External" in html
    assert "worksheet_print.css" in html


def test_print_page_in_the_readers_language(client_of: Any, world: Any, run: Run) -> None:
    world.alice.language = "da"
    world.alice.save(update_fields=["language"])
    html = client_of(world.alice).get(url(run, name="worksheet_print")).content.decode()
    assert "Aktivitet" in html
    assert 'lang="da"' in html


def test_pdf_is_a_pdf(client_of: Any, world: Any, run: Run) -> None:
    client = client_of(world.alice)
    client.post(url(run), {"base_version": "0", "row_count": "1", **plan_row(0, activity="A")})
    response = client.get(url(run, name="worksheet_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_reader_who_takes_no_part_sees_the_table_but_may_not_write(
    client_of: Any, world: Any, toolkit: Toolkit
) -> None:
    run = Run.objects.create(
        organisation=world.team_a,
        toolkit=toolkit,
        title="Without bob",
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
    )
    bob = client_of(world.bob)
    page = bob.get(url(run))
    assert page.status_code == 200
    assert b'<form method="post" action' not in page.content
    data = {"base_version": "0", "row_count": "1", **plan_row(0, activity="X")}
    assert bob.post(url(run), data).status_code == 403
    assert bob.get(url(run, name="worksheet_import")).status_code == 403
    assert not Worksheet.objects.exists()


def test_outsider_gets_404_and_anonymous_goes_to_login(
    client: Any, client_of: Any, world: Any, run: Run
) -> None:
    assert client_of(world.charlie).get(url(run)).status_code == 404
    assert client_of(world.charlie).post(url(run), {}).status_code == 404
    response = client.get(url(run))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def _fill(run: Run, world: Any, rows: int) -> None:
    sheet = sheet_for_run(run=run, template_key="plan")
    worksheet_save(
        worksheet=worksheet_for_run(run=run, template_key="plan", sheet=sheet),
        rows=[
            {
                "key": "",
                "cells": {"activity": f"A{i}", "responsible": world.bob.pk, "form": "internal"},
            }
            for i in range(rows)
        ],
        base_version=0,
        by=world.alice,
    )


@pytest.mark.parametrize("rows", [1, 40])
@pytest.mark.parametrize("name", ["worksheet", "worksheet_print", "worksheet_xlsx"])
def test_query_count_does_not_grow_with_rows(
    client_of: Any, world: Any, run: Run, django_assert_max_num_queries: Any, rows: int, name: str
) -> None:
    _fill(run, world, rows)
    client = client_of(world.alice)
    with django_assert_max_num_queries(12):
        assert client.get(url(run, name=name)).status_code == 200


@pytest.mark.parametrize("revisions", [1, 30])
def test_history_query_count_does_not_grow(
    client_of: Any, world: Any, run: Run, django_assert_max_num_queries: Any, revisions: int
) -> None:
    sheet = sheet_for_run(run=run, template_key="plan")
    worksheet = worksheet_for_run(run=run, template_key="plan", sheet=sheet)
    for version in range(revisions):
        worksheet = worksheet_save(
            worksheet=worksheet,
            rows=[{"key": "", "cells": {"activity": f"A{version}"}}],
            base_version=version,
            by=world.alice,
        )
    client = client_of(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(url(run, name="worksheet_history"))
    assert response.content.decode().count('<th scope="row">') == min(revisions, 25)


def test_a_registered_live_view_replaces_the_worksheet(
    client_of: Any, world: Any, run: Run
) -> None:
    def provider(run: Run, request: Any) -> tuple[str, dict[str, Any]]:
        return "core/components/alert.html", {"content": f"live for {run.pk}"}

    register_live_view("plan", provider)
    try:
        html = client_of(world.alice).get(url(run)).content.decode()
    finally:
        unregister_live_view("plan")
    assert f"live for {run.pk}" in html
    assert 'name="r0-activity"' not in html
    assert 'name="r0-activity"' in client_of(world.alice).get(url(run)).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
)
def test_two_concurrent_saves_on_one_version_cannot_both_pass(world: Any, toolkit: Toolkit) -> None:
    run = Run.objects.create(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title="Concurrent",
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
    )
    sheet = sheet_for_run(run=run, template_key="plan")
    first = worksheet_for_run(run=run, template_key="plan", sheet=sheet)
    first = worksheet_save(
        worksheet=first,
        rows=[{"key": "", "cells": {"activity": "0"}}],
        base_version=0,
        by=world.alice,
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str) -> None:
        try:
            barrier.wait()
            worksheet_save(
                worksheet=Worksheet.objects.select_related("run__toolkit", "run__organisation").get(
                    pk=first.pk
                ),
                rows=[{"key": "", "cells": {"activity": text}}],
                base_version=1,
                by=world.alice,
            )
            outcomes.append("saved")
        except WorksheetConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert Worksheet.objects.get().version == 2
    assert WorksheetRevision.objects.count() == 2
