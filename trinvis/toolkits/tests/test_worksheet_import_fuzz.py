"""Whatever workbook is uploaded into a worksheet (its own export with random rows of text,
numbers, dates, formulas and huge cells, mutated byte by byte, a CSV or random bytes named
.xlsx, a zip that is no workbook), the import page never answers with a server error,
saves every row or none, and a refused file always says why, row by row or on the form."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from conftest import World
from trinvis.core.tests.hostile_files import cells, hostile_xlsx, mutated
from trinvis.toolkits.models import Run, Worksheet, WorksheetRevision

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADINGS = ["Activity", "Details", "Responsible", "Unit", "Deadline", "Status", "Cost"]
GOOD_CELLS = ["Workshop", "Bob Employee", "Jobcentre A", "2027-05-01", "Done", "1500", "3", "8"]


def _url(run: Run, name: str) -> str:
    return reverse(f"toolkits:{name}", kwargs={"run_pk": run.pk, "template_key": "plan"})


def _with_rows(export: bytes, rows: list[list[Any]]) -> bytes:
    book = load_workbook(io.BytesIO(export))
    for row in rows:
        book.worksheets[0].append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _counts() -> tuple[int, int]:
    return Worksheet.objects.count(), WorksheetRevision.objects.count()


@FUZZ
@given(data=st.data())
def test_any_workbook_is_saved_whole_or_refused_with_a_reason(
    world: World, client_of: Any, run: Run, data: st.DataObject
) -> None:
    client = client_of(world.alice)
    export = client.get(_url(run, "worksheet_xlsx")).content
    value = st.one_of(
        st.sampled_from(GOOD_CELLS), cells, st.integers(-(10**15), 10**15), st.floats()
    )
    filled = st.lists(st.lists(value, max_size=12), min_size=1, max_size=5).map(
        lambda rows: ("filled.xlsx", _with_rows(export, rows))
    )
    name, content = data.draw(
        st.one_of(
            filled,
            mutated(export).map(lambda mutant: ("filled.xlsx", mutant)),
            hostile_xlsx(export, HEADINGS, GOOD_CELLS),
        )
    )
    before = _counts()
    response = client.post(
        _url(run, "worksheet_import"), {"file": SimpleUploadedFile(name, content)}
    )
    if response.status_code == 302:
        return
    assert response.status_code in (200, 409)
    if response.status_code == 409:
        assert _counts() == before
        return
    form_errors = [str(m) for ms in response.context["form"].errors.values() for m in ms]
    problems = form_errors + [str(message) for _row, _column, message in response.context["errors"]]
    assert problems, "a refused file must say why"
    assert all(message.strip() for message in problems)
    assert _counts() == before
