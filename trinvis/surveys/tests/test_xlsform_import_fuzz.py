"""Whatever workbook is uploaded as an XLSForm (a good form mutated byte by byte, survey and
choices sheets of random rows with formulas, huge cells, numbers and unknown types, columns
missing or added, a CSV or random bytes named .xlsx, a zip that is no workbook), the import
page never answers with a server error, makes a whole questionnaire or nothing, and a
refused file always says why."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from conftest import World
from trinvis.core.tests.hostile_files import cells, hostile_xlsx
from trinvis.surveys.models import Questionnaire
from trinvis.surveys.tests.test_xlsform import som_form, workbook

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SURVEY_HEADINGS = ["type", "name", "label", "label::English (en)", "required", "appearance"]
CHOICE_HEADINGS = ["list_name", "name", "label", "label::Dansk (da)"]
GOOD_CELLS = [
    "text",
    "integer",
    "select_one likert",
    "select_multiple yes_no",
    "begin_group",
    "end_group",
    "note",
    "likert",
    "yes_no",
    "q1",
    "q2",
    "yes",
    "A question?",
    "yes",
    "likert",
]


def _clean(value: Any) -> Any:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@st.composite
def forms(draw: st.DrawFn) -> tuple[str, bytes]:
    """A workbook with survey and choices sheets of random rows under good or bad headings."""
    value: st.SearchStrategy[Any] = st.one_of(
        st.sampled_from(GOOD_CELLS), cells, st.integers(), st.floats()
    )

    def sheet(headings: list[str]) -> list[list[Any]]:
        chosen = draw(st.lists(st.sampled_from(headings), max_size=len(headings)))
        if draw(st.booleans()):
            chosen = list(headings)
        rows: list[list[Any]] = draw(
            st.lists(st.lists(value, max_size=len(chosen) + 1), max_size=5)
        )
        return [[_clean(v) for v in row] for row in [chosen, *rows]]

    choices = sheet(CHOICE_HEADINGS) if draw(st.booleans()) else None
    return "form.xlsx", workbook(sheet(SURVEY_HEADINGS), choices)


@FUZZ
@given(upload=st.one_of(forms(), hostile_xlsx(som_form(), SURVEY_HEADINGS, GOOD_CELLS)))
def test_any_workbook_makes_a_whole_questionnaire_or_is_refused_with_a_reason(
    world: World, client_of: Any, upload: tuple[str, bytes]
) -> None:
    name, content = upload
    before = Questionnaire.objects.count()
    response = client_of(world.alice).post(
        reverse("surveys:questionnaire_import"),
        {
            "organisation": world.municipality_a.pk,
            "language": "en",
            "file": SimpleUploadedFile(name, content),
        },
    )
    if response.status_code == 302:
        assert Questionnaire.objects.count() == before + 1
        return
    assert response.status_code == 200
    form_errors = [str(m) for ms in response.context["form"].errors.values() for m in ms]
    problems = form_errors + [str(problem.message) for problem in response.context["problems"]]
    assert problems, "a refused file must say why"
    assert all(message.strip() for message in problems)
    assert Questionnaire.objects.count() == before
