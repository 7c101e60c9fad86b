"""Excel out and back in: the round trip, refused files, and conflicts with online edits."""

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from trinvis.toolkits.models import Run, Toolkit, Worksheet, WorksheetRevision
from trinvis.toolkits.worksheets import sheet_for_run, worksheet_for_run, worksheet_save


def url(run: Run, key: str, name: str) -> str:
    return reverse(f"toolkits:{name}", kwargs={"run_pk": run.pk, "template_key": key})


def export(client: Any, run: Run, key: str = "plan") -> Any:
    response = client.get(url(run, key, "worksheet_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def upload(client: Any, run: Run, book: Any, key: str = "plan") -> Any:
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("filled.xlsx", buffer.getvalue())
    return client.post(url(run, key, "worksheet_import"), {"file": file})


def save(run: Run, by: Any, rows: list[dict[str, Any]], base: int, key: str = "plan") -> None:
    sheet = sheet_for_run(run=run, template_key=key)
    worksheet = worksheet_for_run(run=run, template_key=key, sheet=sheet)
    worksheet_save(worksheet=worksheet, rows=rows, base_version=base, by=by)


def test_export_has_labels_validation_and_hidden_facts(
    client_of: Any, world: Any, run: Run
) -> None:
    save(run, world.alice, [{"key": "", "cells": {"activity": "Course", "form": "internal"}}], 0)
    book = export(client_of(world.alice), run)
    main, meta = book.worksheets[0], book["trinvis"]
    assert [cell.value for cell in main[1]][:3] == ["Activity", "Details", "Responsible"]
    assert main["A2"].value == "Course"
    assert main["J2"].value == "Internal"
    assert meta.sheet_state == "hidden"
    assert meta["B1"].value == run.pk
    assert meta["B2"].value == "plan"
    assert meta["B3"].value == 1
    assert [cell.value for cell in meta[4]][1:4] == ["activity", "details", "responsible"]
    kinds = {validation.type for validation in main.data_validations.dataValidation}
    assert {"list", "whole"} <= kinds


def test_fixed_rows_have_their_labels_in_the_first_column(
    client_of: Any, world: Any, run: Run
) -> None:
    main = export(client_of(world.alice), run, "checklist").worksheets[0]
    assert [main["A2"].value, main["A3"].value] == ["Background", "Goals"]
    assert main["B1"].value == "Description"


def test_round_trip_saves_what_was_filled_in(client_of: Any, world: Any, run: Run) -> None:
    client = client_of(world.alice)
    book = export(client, run)
    main = book.worksheets[0]
    main.append(
        [
            "Workshop",
            "Two days\nwith follow-up",
            "Bob Employee",
            "Jobcentre A",
            datetime.date(2027, 5, 1),
            "Done",
            1500,
            3,
            8,
            "External",
        ]
    )
    response = upload(client, run, book)
    assert response.status_code == 302
    worksheet = Worksheet.objects.get(template_key="plan")
    assert worksheet.data["rows"] == [
        {
            "key": "",
            "cells": {
                "activity": "Workshop",
                "details": "Two days\nwith follow-up",
                "responsible": world.bob.pk,
                "unit": world.unit_a_job.pk,
                "deadline": "2027-05-01",
                "status": "done",
                "cost": 1500,
                "level": 3,
                "confidence": 8,
                "form": "external",
            },
        }
    ]
    assert WorksheetRevision.objects.get().source == "excel"
    # And out again: the saved values come back as they were typed.
    again = export(client, run).worksheets[0]
    assert [cell.value for cell in again[2]][2:4] == ["Bob Employee", "Jobcentre A"]


def test_fixed_row_round_trip(client_of: Any, world: Any, run: Run) -> None:
    client = client_of(world.alice)
    book = export(client, run, "checklist")
    book.worksheets[0]["B3"] = "Fewer drop-outs"
    book.worksheets[0]["C2"] = "31.12.2027"
    assert upload(client, run, book, "checklist").status_code == 302
    assert Worksheet.objects.get().data["rows"] == [
        {"key": "background", "cells": {"deadline": "2027-12-31"}},
        {"key": "goals", "cells": {"description": "Fewer drop-outs"}},
    ]


def test_bad_cells_are_listed_with_row_and_column_and_nothing_saved(
    client_of: Any, world: Any, run: Run
) -> None:
    client = client_of(world.alice)
    book = export(client, run)
    main = book.worksheets[0]
    main.append(["Good row", None, None, None, None, None, 10])
    main.append(["Bad row", None, "Nobody", None, "someday", None, None, 7])
    response = upload(client, run, book)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "<td>3</td><td>Responsible</td>" in html
    assert "<td>3</td><td>Deadline</td>" in html
    assert "<td>3</td><td>Level</td>" in html
    assert not Worksheet.objects.exists()


def test_a_workbook_of_another_run_is_refused(
    client_of: Any, world: Any, run: Run, toolkit: Toolkit
) -> None:
    other = Run.objects.create(
        organisation=world.municipality_a,
        toolkit=toolkit,
        title="Other run",
        responsible=world.alice,
        start_date=datetime.date(2027, 1, 4),
    )
    client = client_of(world.alice)
    book = export(client, other)
    book.worksheets[0].append(["From the other run"])
    html = upload(client, run, book).content.decode()
    assert "belongs to another run or another worksheet" in html
    assert not Worksheet.objects.exists()


def test_a_workbook_of_another_template_is_refused(client_of: Any, world: Any, run: Run) -> None:
    client = client_of(world.alice)
    book = export(client, run, "checklist")
    html = upload(client, run, book, "plan").content.decode()
    assert "belongs to another run or another worksheet" in html


@pytest.mark.parametrize("content", [b"name,email\n", b"PK\x03\x04broken"])
def test_a_file_that_is_no_workbook_is_refused(
    client_of: Any, world: Any, run: Run, content: bytes
) -> None:
    file = SimpleUploadedFile("people.xlsx", content)
    response = client_of(world.alice).post(url(run, "plan", "worksheet_import"), {"file": file})
    assert "This is not an Excel workbook" in response.content.decode()


def test_an_online_edit_after_the_export_becomes_a_conflict_not_a_loss(
    client_of: Any, world: Any, run: Run
) -> None:
    client = client_of(world.alice)
    book = export(client, run)  # version 0
    save(run, world.admin, [{"key": "", "cells": {"activity": "Typed online"}}], 0)
    book.worksheets[0].append(["Typed offline"])
    response = upload(client, run, book)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Typed online" in html
    assert "Typed offline" in html
    assert Worksheet.objects.get().data["rows"][0]["cells"] == {"activity": "Typed online"}


def test_import_page_and_access(client_of: Any, world: Any, run: Run) -> None:
    assert client_of(world.alice).get(url(run, "plan", "worksheet_import")).status_code == 200
    assert client_of(world.charlie).get(url(run, "plan", "worksheet_import")).status_code == 404
