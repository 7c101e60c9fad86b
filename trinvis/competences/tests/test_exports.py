"""The matrix as Excel and PDF: the same content as the page, for the same people."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from trinvis.competences.exports import matrix_pdf_html
from trinvis.competences.models import Round
from trinvis.competences.selectors import round_matrix
from trinvis.competences.tests.factories import rated_team_round
from trinvis.core.models import AuditEvent
from trinvis.reports.pdf import html_to_pdf


def _rated(world: World) -> Round:
    return rated_team_round(
        leader=world.alice, team=world.team_a, profile_owner=world.municipality_a, bob=world.bob
    )


def _url(round: Round, fmt: str) -> str:
    return reverse("competences:matrix_export", args=[round.pk, fmt])


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_leaders_excel_holds_every_person_with_fills_and_vulnerability_in_words(
    world, client_of
) -> None:
    round = _rated(world)
    response = client_of(world.alice).get(_url(round, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Matrix"]
    header = _rows(sheet)[0]
    assert header[:4] == ["Category", "Competence", "Expected level", "M1 Bob Employee"]
    assert header[-1] == "Vulnerability"
    first = _rows(sheet)[1]
    assert first[:3] == ["Professional competences", "Labour-market knowledge", 4]
    assert first[3:9] == [2, 3, 3, 3, 3, 3]
    assert first[-5:] == [6, 0, 3, 1, "High"]
    # Fills: below the expected level on a person's cell, high vulnerability in red.
    assert sheet.cell(row=2, column=4).fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet.cell(row=2, column=len(header)).fill.fgColor.rgb.endswith("FFC7CE")
    points = _rows(book["Conversation points"])
    assert ["M1 Bob Employee", "Labour-market knowledge", 5, 2, 3] in points
    needs = _rows(book["Needs"])
    assert needs[1][1] == "Conversations with an interpreter"
    assert needs[1][8] == "1.5 × 6 × 3 = 27"
    event = AuditEvent.objects.get(action=AuditEvent.Action.RATINGS_VIEWED)
    assert event.details == {"round": round.pk, "view": "export"}


def test_bobs_excel_holds_the_figures_and_no_person(world, client_of) -> None:
    response = client_of(world.bob).get(_url(_rated(world), "xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert "Conversation points" not in book.sheetnames
    text = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "Bob Employee" not in text and "Colleague" not in text
    header = _rows(book["Matrix"])[0]
    assert header == [
        "Category",
        "Competence",
        "Expected level",
        "Rated",
        "Meeting the expected level",
        "Team median",
        "Gap",
        "Vulnerability",
    ]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RATINGS_VIEWED).exists()


def test_the_pdf_holds_the_tables_and_the_spider_as_svg(world, client_of) -> None:
    round = _rated(world)
    response = client_of(world.alice).get(_url(round, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = matrix_pdf_html(round_matrix(round=round), full=True)
    assert "<svg" in html and "M1<br>Bob Employee" in html
    # The drawing adds to the document: the same report without it is smaller.
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    without = html_to_pdf(html[:start] + html[end:])
    assert len(response.content) > len(without) + 2000


def test_the_aggregate_pdf_names_nobody(world) -> None:
    html = matrix_pdf_html(round_matrix(round=_rated(world)), full=False)
    assert "Bob Employee" not in html and "Colleague" not in html
    assert "<svg" in html and "0 of 6" in html
    assert html_to_pdf(html).startswith(b"%PDF")


def test_export_queries_are_fixed(world, client_of, django_assert_max_num_queries) -> None:
    round = _rated(world)
    browser = client_of(world.alice)
    browser.get(_url(round, "xlsx"))
    with django_assert_max_num_queries(14):
        assert browser.get(_url(round, "xlsx")).status_code == 200
