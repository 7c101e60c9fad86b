"""Issue 6's "done" scenario, through the pages as a facilitator would do it.

The facilitator imports an XLSForm questionnaire (the library's participant survey, exported
as XLSForm), opens a survey with personal links, invites the demo participants, who answer
(one through the e-mailed link and the real form, the rest simulated with the demo's spread),
and then reads the results: breakdowns by municipality size, role and unit with small groups
suppressed, the goals-set vs goals-worked-on chart, and the PDF and Excel reports; the same
table comes out of the CSV download and the JSON API.
"""

import csv
import datetime
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from trinvis.accounts.models import User
from trinvis.organisations import demo as organisations_demo
from trinvis.organisations.models import Organisation
from trinvis.surveys import demo as surveys_demo
from trinvis.surveys.library import questionnaires_load
from trinvis.surveys.models import Questionnaire, Response, Survey

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The answer form's fields: hidden values, radio and checkbox options, text fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_FormReader] = []
        self.hidden: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.texts: list[str] = []
        self.actions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append(_FormReader())
            return
        target = self.forms[-1] if self.forms else self
        target.field(tag, {k: v or "" for k, v in attrs})

    def field(self, tag: str, a: dict[str, str]) -> None:
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                self.options.setdefault(name, []).append(a.get("value", ""))
                self.kinds[name] = kind
            elif kind in ("text", "number"):
                self.texts.append(name)
        elif tag == "textarea" and name:
            self.texts.append(name)
        elif tag == "button" and name == "action":
            self.actions.append(a.get("value", ""))


def _answer_through_the_form(client: Client, link: str) -> None:
    """Fill every page with a plausible answer (the fourth scale point where there is one,
    else the first option) and submit at the end."""
    page = client.get(link)
    for _ in range(20):
        assert page.status_code == 200, page.content[:500]
        reader = _FormReader()
        reader.feed(page.content.decode())
        form = next(f for f in reader.forms if "page" in f.hidden)
        data: dict[str, Any] = dict(form.hidden)
        for name, values in form.options.items():
            if "csrfmiddlewaretoken" in name:
                continue
            chosen = "4" if "4" in values else ("yes" if "yes" in values else values[0])
            data[name] = [chosen] if form.kinds[name] == "checkbox" else chosen
        for name in form.texts:
            data[name] = "7" if "number" in name or name.endswith("count") else ""
        data["action"] = "submit" if "submit" in form.actions else "next"
        page = client.post(link, data)
        if page.status_code == 302:
            if "thanks" in page["Location"]:
                return
            page = client.get(page["Location"])
    raise AssertionError("the form never ended")


def _csv(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_facilitator_runs_the_participant_survey_end_to_end(
    django_capture_on_commit_callbacks: Any,
) -> None:
    organisations_demo.load()
    questionnaires_load()
    fiona = User.objects.get(email="fiona@example.org")
    fiona.language = "en"  # the demo's Fiona reads Danish; the assertions read English
    fiona.save(update_fields=["language"])
    agency = Organisation.objects.get(name="Nordisk Integrationsnetværk (demo)")
    client = Client()
    client.force_login(fiona)

    # 1. An XLSForm file comes in (here: the library's participant survey, exported).
    library = Questionnaire.objects.get(organisation__isnull=True, slug="participant-survey")
    xlsform = client.get(reverse("surveys:questionnaire_export", kwargs={"pk": library.pk}))
    assert xlsform.status_code == 200
    imported = client.post(
        reverse("surveys:questionnaire_import"),
        {
            "organisation": agency.pk,
            "language": "nb",
            "file": SimpleUploadedFile("deltakerundersokelse.xlsx", xlsform.content),
        },
    )
    assert imported.status_code == 302, imported.content.decode()[:2000]
    questionnaire = Questionnaire.objects.get(organisation=agency)
    assert questionnaire.questions.count() == library.questions.count()

    # 2. A survey with personal links, sent to every demo participant below the agency.
    opened = client.post(
        reverse("surveys:survey_create") + f"?questionnaire={questionnaire.pk}",
        {
            "title": "Deltakerundersøkelse 2026",
            "wave": "2026",
            "organisation": agency.pk,
            "mode": "personal",
            "deadline": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
            "minimum_group": 5,
            "retention_days": 730,
        },
    )
    assert opened.status_code == 302, opened.content.decode()[:2000]
    survey = Survey.objects.get(title="Deltakerundersøkelse 2026")
    participants = surveys_demo.participants(agency)
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            reverse("surveys:survey_invite", kwargs={"pk": survey.pk}),
            {"emails": " ".join(person.email for person in participants)},
        )
    assert invited.status_code == 302
    assert survey.invitations.count() == len(participants) and len(mail.outbox) == len(participants)

    # 3. One participant answers through the link in their e-mail; the rest are simulated.
    first = mail.outbox[0]
    link = re.search(r"https?://[^/\s]+(/s/[^\s]+/)", str(first.body))
    assert link is not None
    _answer_through_the_form(Client(), link.group(1))
    answered = Response.objects.get(survey=survey, submitted_at__isnull=False)
    assert answered.user is not None and answered.user.email == first.to[0]
    surveys_demo.simulate_answers(survey, share=1.0)
    total = Response.objects.filter(survey=survey, submitted_at__isnull=False).count()
    assert total == len(participants)

    # 4. The owner sees the response rate live.
    detail = client.get(reverse("surveys:survey_detail", kwargs={"pk": survey.pk}))
    assert f"{total} of {len(participants)}" in detail.content.decode()

    # 5. Breakdowns: every shown segment has at least five respondents, small ones hidden.
    results_url = reverse("surveys:results", kwargs={"pk": survey.pk})
    api_url = f"/api/surveys/{survey.pk}/results"
    suppressed_somewhere = False
    for by in ("size_class", "role", "unit_type"):
        page = client.get(results_url, {"by": by})
        assert page.status_code == 200
        api = client.get(api_url, {"by": by}).json()
        for row in api["rows"]:
            if row["suppressed"]:
                suppressed_somewhere = True
                assert row["n"] is None and row["counts"] is None
            else:
                assert row["n"] is None or row["n"] >= 5 or row["segment"] is None
    assert suppressed_somewhere  # the demo's lone consultant and contact person

    # 6. The goals set vs goals worked on chart, each question with its own n.
    html = client.get(results_url).content.decode()
    assert 'id="results-comparison"' in html
    assert 'aria-labelledby="comparison-caption"' in html

    # 7. PDF and Excel reports.
    pdf = client.get(reverse("surveys:results_pdf", kwargs={"pk": survey.pk}), {"by": "role"})
    assert pdf.content.startswith(b"%PDF")
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("surveys:results_xlsx", kwargs={"pk": survey.pk}), {"by": "role"}
            ).content
        )
    )
    assert "goals_set" in book.sheetnames or any("goals" in name for name in book.sheetnames)

    # The survey's report: its tables in order, as a page, a PDF and one sheet per table.
    report = client.get(reverse("surveys:report", kwargs={"pk": survey.pk}))
    assert report.status_code == 200
    report_pdf = client.get(reverse("surveys:report_pdf", kwargs={"pk": survey.pk}))
    assert report_pdf.content.startswith(b"%PDF")
    report_book = load_workbook(
        io.BytesIO(client.get(reverse("surveys:report_xlsx", kwargs={"pk": survey.pk})).content)
    )
    # Until the owner chooses, the report holds every question's table after its title sheet.
    assert report_book.sheetnames[0] == "Report"
    assert len(report_book.sheetnames) == 1 + questionnaire.questions.count()

    # 8. The CSV of one table and the API give the same figures, row by row.
    rows = _csv(client, f"/surveys/{survey.pk}/results/csv/goals_set?by=role")
    header, body = rows[0], rows[1:]
    api = client.get(api_url, {"by": "role"}).json()
    goals = [row for row in api["rows"] if row["key"] == "goals_set"]
    assert [line[0] for line in body] == [row["segment_label"] for row in goals]
    count_columns = [i for i, name in enumerate(header) if name.endswith(": count")]
    for line, row in zip(body, goals, strict=True):
        if row["suppressed"]:
            assert all(line[i] == "" for i in [1, *count_columns])
        else:
            assert int(line[1]) == row["n"]
            assert [int(line[i]) for i in count_columns] == list(row["counts"].values())
