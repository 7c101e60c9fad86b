"""Whatever file is uploaded as a competence profile (a Moodle framework CSV, a Trinvis CSV
or workbook, mutated, in another encoding, with a byte order mark, huge cells, formulas,
columns missing or added, numbers where text belongs, random bytes), the import page never
answers with a server error, makes a whole profile or nothing, and a refused file always
says why: on the form or row by row."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from trinvis.competences import interchange
from trinvis.competences.models import Competence, Profile
from trinvis.competences.moodle import HEADERS
from trinvis.competences.selectors import profile_competences
from trinvis.competences.tests.factories import make_profile
from trinvis.core.tests.hostile_files import damaged_sheet, hostile_csv, hostile_xlsx, mutated

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRINVIS_HEADINGS = ["category", "ID number", "name", "description", "expected level", "goal"]
GOOD_CELLS = ["professional", "social", "a", "b", "Fine", "3", "5", "0", "6", "name", "Team"]


def _counts() -> tuple[int, int]:
    return Profile.objects.count(), Competence.objects.count()


@FUZZ
@given(data=st.data())
def test_any_file_makes_a_whole_profile_or_is_refused_with_a_reason(
    world: World, client_of: Any, data: st.DataObject
) -> None:
    source = make_profile(world.municipality_b)
    exported = interchange.profile_data(source, profile_competences(profile=source))
    moodle, _t, _e = interchange.export(exported, "moodle")
    workbook, _t, _e = interchange.export(exported, "xlsx")
    headings = data.draw(st.sampled_from([list(HEADERS), TRINVIS_HEADINGS]))
    name, content = data.draw(
        st.one_of(
            hostile_csv(headings, GOOD_CELLS, name="profile.csv"),
            mutated(moodle).map(lambda mutant: ("profile.csv", mutant)),
            hostile_xlsx(workbook, headings, GOOD_CELLS),
        )
    )
    before = _counts()
    response = client_of(world.alice).post(
        reverse("competences:profile_import"),
        {
            "organisation": world.municipality_a.pk,
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
        },
    )
    if response.status_code == 302:
        assert Profile.objects.count() == before[0] + 1
        return
    assert response.status_code == 200
    form_errors = [str(m) for ms in response.context["form"].errors.values() for m in ms]
    problems = form_errors + [str(problem.message) for problem in response.context["problems"]]
    assert problems, "a refused file must say why"
    assert all(message.strip() for message in problems)
    assert _counts() == before


def test_a_workbook_with_a_damaged_sheet_is_refused_with_a_reason(
    world: World, client_of: Any
) -> None:
    """Found by the fuzzing above: the workbook opens, and its sheet fails only when read."""
    source = make_profile(world.municipality_b)
    exported = interchange.profile_data(source, profile_competences(profile=source))
    workbook, _t, _e = interchange.export(exported, "xlsx")
    before = _counts()
    response = client_of(world.alice).post(
        reverse("competences:profile_import"),
        {
            "organisation": world.municipality_a.pk,
            "file": SimpleUploadedFile("profile.xlsx", damaged_sheet(workbook)),
        },
    )
    assert response.status_code == 200
    messages = [str(problem.message) for problem in response.context["problems"]]
    assert messages == ["The file cannot be read as an Excel workbook (.xlsx)."]
    assert _counts() == before
