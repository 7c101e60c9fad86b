"""Text people type (names, competences, worksheet cells, answers) never runs as a formula
when a download is opened in a spreadsheet program: in a CSV file a cell starting with
= + - @ (or a tab or carriage return) gets a leading apostrophe; in a workbook no cell is a
formula, and text starting with "=" is a text cell.

Every CSV download goes through `reports.spreadsheets.safe` (to_csv, write_table) or the
profile interchange's `neutralise`, except those checked here through their views.
"""

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World, add_member, make_user
from tests.urls_table import URLS
from trinvis.competences.models import Competence
from trinvis.competences.tests.factories import make_profile
from trinvis.organisations.models import Membership
from trinvis.reports.spreadsheets import new_workbook, workbook_bytes, write_table
from trinvis.surveys.exports import to_csv
from trinvis.toolkits.models import Run
from trinvis.toolkits.worksheets import sheet_for_run, worksheet_for_run, worksheet_save

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_csv_neutralised(content: bytes) -> None:
    dangerous = [cell for cell in csv_cells(content) if cell.startswith(STARTS)]
    assert not dangerous, f"formula-like cells left as they were: {dangerous}"


def assert_workbook_has_no_formula(content: bytes) -> None:
    book = load_workbook(io.BytesIO(content))
    live = [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert not live, f"cells that are formulas: {live}"


def test_csv_and_workbook_helpers_neutralise_every_start() -> None:
    assert_csv_neutralised(to_csv(HOSTILE, [HOSTILE], before=HOSTILE).encode())
    book = new_workbook()
    write_table(book.create_sheet("Table"), headers=HOSTILE, rows=[HOSTILE])
    assert_workbook_has_no_formula(workbook_bytes(book))


@pytest.mark.django_db
def test_people_download_neutralises_names(world: World, client_of: Any) -> None:
    for number, name in enumerate(HOSTILE):
        person = make_user(f"hostile{number}@example.org", name)
        add_member(person, world.team_a, Membership.Role.EMPLOYEE)

    response = client_of(world.alice).get(
        reverse("organisations:export", args=[world.municipality_a.pk])
    )

    assert response.status_code == 200
    assert_csv_neutralised(response.content)
    assert "'" + HOSTILE[0] in csv_cells(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_profile_download_neutralises_competence_names(
    world: World, client_of: Any, fmt: str
) -> None:
    profile = make_profile(world.municipality_a)
    for competence, name in zip(profile.competences.all(), HOSTILE, strict=False):
        Competence.objects.filter(pk=competence.pk).update(name=name, description=name)

    response = client_of(world.alice).get(
        reverse("competences:profile_export", args=[profile.pk, fmt])
    )

    assert response.status_code == 200
    if fmt == "csv":
        assert_csv_neutralised(response.content)
    else:
        assert_workbook_has_no_formula(response.content)


@pytest.mark.django_db
def test_worksheet_download_keeps_formula_like_text_as_text(world: World, client_of: Any) -> None:
    # The access matrix's run of municipality A (tests/urls_table_toolkits_runs.py).
    run_pk = URLS["api:run_detail"].cases[0].kwargs(world)["run_id"]
    run = Run.objects.get(pk=run_pk)
    sheet = sheet_for_run(run=run, template_key="plan")
    worksheet = worksheet_for_run(run=run, template_key="plan", sheet=sheet)
    text_column = next(column.key for column in sheet.columns if column.kind == "text")
    typed = [value for value in HOSTILE if value.strip()]
    rows: list[dict[str, Any]] = [{"key": "", "cells": {text_column: value}} for value in typed]
    worksheet_save(worksheet=worksheet, rows=rows, base_version=0, by=world.alice)

    url = reverse("toolkits:worksheet_xlsx", kwargs={"run_pk": run.pk, "template_key": "plan"})
    response = client_of(world.alice).get(url)

    assert response.status_code == 200
    assert_workbook_has_no_formula(response.content)
    main = load_workbook(io.BytesIO(response.content)).worksheets[0]
    # Text cells: what was typed comes back unchanged, so the import reads it as it was.
    written = {cell.value for row in main.iter_rows(min_row=2) for cell in row}
    assert {value.strip() for value in typed} <= written
