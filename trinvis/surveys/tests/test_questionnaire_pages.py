"""The survey start page and the questionnaire pages: preview, import, export, copy."""

import dataclasses
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from conftest import World
from trinvis.surveys.definition import from_json
from trinvis.surveys.library import questionnaires_load
from trinvis.surveys.models import Invitation, Question, Questionnaire, Response, Survey
from trinvis.surveys.services import questionnaire_create
from trinvis.surveys.xlsform import parse_xlsform


def _library(slug: str) -> Questionnaire:
    questionnaires_load()
    return Questionnaire.objects.get(organisation__isnull=True, slug=slug)


def _own(world: World) -> Questionnaire:
    library = _library("course-evaluation")
    return questionnaire_create(
        by=world.alice,
        organisation=world.municipality_a,
        definition=from_json(library.definition),
        based_on=library,
    )


def _xlsx(survey: list[list[Any]], choices: list[list[Any]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices:
        sheet = book.create_sheet("choices")
        for row in choices:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = _xlsx(
    [
        ["type", "name", "label::English (en)", "label::Dansk (da)", "required"],
        ["select_one yes_no", "changes", "Did you see changes?", "Så du ændringer?", "yes"],
        ["text", "which", "Which changes?", "Hvilke ændringer?", ""],
    ],
    [
        ["list_name", "name", "label::English (en)", "label::Dansk (da)"],
        ["yes_no", "yes", "Yes", "Ja"],
        ["yes_no", "no", "No", "Nej"],
    ],
)


def _good() -> Any:
    return dataclasses.replace(parse_xlsform(GOOD), title="Changes")


BAD = _xlsx(
    [
        ["type", "name", "label"],
        ["geopoint", "where", "Where are you?"],
        ["select_one missing", "pick", "Pick one"],
    ]
)


def _upload(content: bytes, name: str = "form.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- start page -------------------------------------------------------------------------


def _survey(world: World, questionnaire: Questionnaire, title: str, invited: int = 0) -> Survey:
    survey = Survey.objects.create(
        questionnaire=questionnaire,
        organisation=world.municipality_a,
        title=title,
        wave="before",
        mode=Survey.Mode.PERSONAL,
    )
    people = [world.alice, world.bob][:invited]
    for index, person in enumerate(people):
        invitation = Invitation.objects.create(
            survey=survey, user=person, token_hash=f"{title}{index}"
        )
        Response.objects.create(
            survey=survey, invitation=invitation, user=person, submitted_at="2025-01-01T00:00Z"
        )
    return survey


def test_start_page_lists_surveys_with_response_rates_and_the_questionnaires(
    world: World, client_of: Any
) -> None:
    own = _own(world)
    survey = _survey(world, own, "Spring course", invited=2)

    response = client_of(world.alice).get(reverse("surveys:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("surveys:survey_detail", args=[survey.pk]) in page
    assert reverse("surveys:survey_create") in page
    assert "2 of 2 invited" in page
    assert "Trin 0: Selvevaluering af integrationsindsatsen" in page
    assert reverse("surveys:questionnaire_import") in page


def test_start_page_offers_no_import_to_an_employee(world: World, client_of: Any) -> None:
    response = client_of(world.bob).get(reverse("surveys:index"))

    assert reverse("surveys:questionnaire_import") not in response.content.decode()


def test_start_page_query_count_does_not_grow_with_surveys(
    world: World, client_of: Any, django_assert_max_num_queries: Any
) -> None:
    own = _own(world)
    client = client_of(world.alice)
    _survey(world, own, "One", invited=1)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("surveys:index"))
    for index in range(5):
        _survey(world, own, f"More {index}", invited=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("surveys:index"))


# --- preview ----------------------------------------------------------------------------


def test_preview_shows_questions_scale_and_skip_logic_in_the_users_language(
    world: World, client_of: Any
) -> None:
    questionnaire = _library("participant-survey")

    response = client_of(world.charlie).get(
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    )

    page = response.content.decode()
    assert "Which goals did you set at the workshops?" in page
    assert "To a very large extent" in page
    assert "not counted in means" in page
    assert "Shown only if “Have you worked further on your goals after the workshops?”" in page
    assert "is answered “No”" in page
    assert "This section is shown only if" in page
    assert "required" in page
    assert "Start a survey with it" not in page  # charlie has no survey role
    assert reverse("surveys:questionnaire_export", args=[questionnaire.pk]) in page


def test_preview_offers_a_leader_to_start_a_survey_with_it(world: World, client_of: Any) -> None:
    questionnaire = _library("course-evaluation")

    response = client_of(world.alice).get(
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    )

    start = reverse("surveys:survey_create") + f"?questionnaire={questionnaire.pk}"
    assert start in response.content.decode()


def test_preview_falls_back_to_the_questionnaires_default_language(
    world: World, client_of: Any
) -> None:
    definition = _good()  # English (the default) and Danish: no Norwegian
    questionnaire = questionnaire_create(
        by=None, organisation=world.municipality_a, definition=definition
    )
    world.alice.language = "nb"
    world.alice.save()
    client = client_of(world.alice)
    client.cookies["django_language"] = "nb"

    response = client.get(
        reverse("surveys:questionnaire_detail", args=[questionnaire.pk]),
        headers={"accept-language": "nb"},
    )

    page = response.content.decode()
    assert 'lang="nb"' in page
    assert "Did you see changes?" in page
    assert "Så du ændringer?" not in page


def test_preview_query_count_does_not_grow_with_questions(
    world: World, client_of: Any, django_assert_max_num_queries: Any
) -> None:
    small = questionnaire_create(by=None, organisation=world.municipality_a, definition=_good())
    big = _library("trin-0-self-evaluation")
    client = client_of(world.alice)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("surveys:questionnaire_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("surveys:questionnaire_detail", args=[big.pk]))


# --- import -----------------------------------------------------------------------------


def test_leader_imports_an_xlsform_into_her_municipality(world: World, client_of: Any) -> None:
    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_import"),
        {"organisation": world.municipality_a.pk, "file": _upload(GOOD), "language": "en"},
    )

    questionnaire = Questionnaire.objects.get(organisation=world.municipality_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:questionnaire_detail", args=[questionnaire.pk])
    assert list(questionnaire.questions.values_list("key", flat=True)) == ["changes", "which"]
    assert questionnaire.title == "form"  # no form_title: the file's name
    assert questionnaire.created_by == world.alice


def test_facilitator_imports_into_the_agency(world: World, client_of: Any) -> None:
    response = client_of(world.fiona).post(
        reverse("surveys:questionnaire_import"),
        {"organisation": world.agency.pk, "file": _upload(GOOD), "language": "en"},
    )

    assert response.status_code == 302
    assert Questionnaire.objects.filter(organisation=world.agency).exists()


def test_a_broken_xlsform_lists_every_problem_and_saves_nothing(
    world: World, client_of: Any
) -> None:
    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_import"),
        {"organisation": world.municipality_a.pk, "file": _upload(BAD), "language": "en"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page
    assert page.count("<td>survey</td>") >= 2
    assert not Questionnaire.objects.exists()
    assert not Question.objects.exists()


def test_a_file_over_two_megabytes_is_refused(world: World, client_of: Any) -> None:
    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_import"),
        {
            "organisation": world.municipality_a.pk,
            "file": _upload(b"x" * (2 * 1024 * 1024 + 1)),
            "language": "en",
        },
    )

    assert "The file is larger than 2 MB." in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_importing_into_an_organisation_one_may_not_manage_is_refused(
    world: World, client_of: Any
) -> None:
    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_import"),
        {"organisation": world.municipality_b.pk, "file": _upload(GOOD), "language": "en"},
    )

    assert response.status_code == 200
    assert not Questionnaire.objects.exists()


def test_an_employee_may_not_import(world: World, client_of: Any) -> None:
    response = client_of(world.bob).get(reverse("surveys:questionnaire_import"))

    assert response.status_code == 403


# --- export -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    ["course-evaluation", "trin-0-self-evaluation", "learning-transfer", "participant-survey"],
)
def test_export_downloads_an_xlsform_that_parses_back_equal(
    world: World, client_of: Any, slug: str
) -> None:
    questionnaire = _library(slug)

    response = client_of(world.bob).get(
        reverse("surveys:questionnaire_export", args=[questionnaire.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.xlsx"'
    assert parse_xlsform(response.content) == from_json(questionnaire.definition)


# --- copy -------------------------------------------------------------------------------


def test_leader_copies_a_library_questionnaire_to_her_municipality(
    world: World, client_of: Any
) -> None:
    library = _library("learning-transfer")

    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_copy", args=[library.pk]),
        {"organisation": world.municipality_a.pk},
    )

    copy = Questionnaire.objects.get(organisation=world.municipality_a)
    assert response["Location"] == reverse("surveys:questionnaire_detail", args=[copy.pk])
    assert copy.based_on == library
    assert copy.definition == library.definition
    assert copy.questions.count() == library.questions.count()
    assert copy.slug == ""


def test_copy_to_an_organisation_one_may_not_manage_shows_the_error(
    world: World, client_of: Any
) -> None:
    library = _library("learning-transfer")

    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_copy", args=[library.pk]),
        {"organisation": world.municipality_b.pk},
    )

    assert response.status_code == 200
    assert Questionnaire.objects.filter(organisation__isnull=False).count() == 0


def test_employee_may_read_his_teams_questionnaire_but_not_copy_it(
    world: World, client_of: Any
) -> None:
    own = questionnaire_create(by=None, organisation=world.team_a, definition=_good())
    client = client_of(world.bob)

    assert client.get(reverse("surveys:questionnaire_detail", args=[own.pk])).status_code == 200
    response = client.post(
        reverse("surveys:questionnaire_copy", args=[own.pk]),
        {"organisation": world.team_a.pk},
    )
    assert response.status_code == 403


def test_another_municipality_does_not_see_an_own_questionnaire(
    world: World, client_of: Any
) -> None:
    own = _own(world)
    client = client_of(world.charlie)

    for name in ("surveys:questionnaire_detail", "surveys:questionnaire_export"):
        assert client.get(reverse(name, args=[own.pk])).status_code == 404
    assert "Municipality A" not in client.get(reverse("surveys:index")).content.decode()
