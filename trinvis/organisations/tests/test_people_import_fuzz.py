"""Whatever file a leader uploads as a people CSV (random bytes, a workbook, the wrong
encoding, a byte order mark, huge cells, formulas, missing or extra columns, a mutated good
file), the import page never answers with a server error, imports every row or none, and a
refused file always says why: on the form or row by row."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from trinvis.accounts.models import User
from trinvis.core.tests.hostile_files import hostile_csv
from trinvis.organisations.models import Membership

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADINGS = ["name", "email", "unit", "role", "navn", "e-mail", "enhed", "rolle"]
GOOD_CELLS = [
    "Mette Hansen",
    "mette@example.org",
    "jens@example.org",
    "Team A",
    "Jobcentre A",
    "employee",
    "Medarbejder",
    "leader",
    "administrator",
]


def _counts() -> tuple[int, int]:
    return User.objects.count(), Membership.objects.count()


def refusals(response: Any) -> list[str]:
    form_errors = [str(m) for ms in response.context["form"].errors.values() for m in ms]
    return form_errors + [str(message) for _line, message in response.context["errors"]]


@FUZZ
@given(
    upload=st.one_of(
        hostile_csv(HEADINGS, GOOD_CELLS, name="people.csv"),
        hostile_csv(HEADINGS, GOOD_CELLS, name="people.xlsx"),
    )
)
def test_any_file_is_imported_whole_or_refused_with_a_reason(
    world: World, client_of: Any, upload: tuple[str, bytes]
) -> None:
    name, data = upload
    before = _counts()
    response = client_of(world.alice).post(
        reverse("organisations:import", args=[world.municipality_a.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )
    assert response.status_code in (200, 400)
    problems = refusals(response)
    if response.context["result"] is None:
        assert problems, "a refused file must say why"
        assert all(message.strip() for message in problems)
        assert _counts() == before
    else:
        assert not problems
