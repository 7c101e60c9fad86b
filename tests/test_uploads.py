"""Every upload form (found by FileField / request.FILES) refuses, with a plain message, a
file that is too large, has the wrong extension, or whose content is not what its name
says (an .xlsx that is no zip archive, a "CSV" that is a workbook). The limit of the people
and worksheet imports is the setting TRINVIS_MAX_UPLOAD_MB; the Moodle/XLSForm imports take
at most 2 MB, the key-figure and response tables 50 MB (trinvis/core/imports/forms.py)."""

from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from conftest import World
from trinvis.competences.forms_profiles import ProfileImportForm
from trinvis.core.imports.reading import OLE_MAGIC, ZIP_MAGIC
from trinvis.indicators.forms_imports import ValuesFileForm
from trinvis.indicators.models import Indicator
from trinvis.organisations.forms import PeopleImportForm
from trinvis.organisations.models import Organisation
from trinvis.surveys.forms_imports import ResponseFileForm
from trinvis.surveys.forms_questionnaires import QuestionnaireImportForm
from trinvis.toolkits.views.worksheets import WorksheetImportForm

XLSX = ZIP_MAGIC + b"\x14\x00rest of a zip"


def _organisations() -> Any:
    return Organisation.objects.all()


# (form, the extension it wants, extra data): every upload form of the project.
FormFactory = Callable[[dict[str, Any], Any], forms.Form]
UPLOAD_FORMS: dict[str, tuple[FormFactory, str]] = {
    "people CSV": (lambda data, files: PeopleImportForm(data, files), ".csv"),
    "worksheet workbook": (lambda data, files: WorksheetImportForm(data, files), ".xlsx"),
    "competence profile": (
        lambda data, files: ProfileImportForm(data, files, organisations=_organisations()),
        ".csv",
    ),
    "XLSForm": (
        lambda data, files: QuestionnaireImportForm(data, files, organisations=_organisations()),
        ".xlsx",
    ),
    "survey responses": (lambda data, files: ResponseFileForm(data, files), ".csv"),
    "key figures": (
        lambda data, files: ValuesFileForm(
            data, files, indicators=Indicator.objects.none(), organisations=_organisations()
        ),
        ".csv",
    ),
}


def _file_errors(name: str, filename: str, content: bytes) -> list[str]:
    make, _extension = UPLOAD_FORMS[name]
    form = make({}, MultiValueDict({"file": [SimpleUploadedFile(filename, content)]}))
    with translation.override("en"):
        form.is_valid()
        return [str(message) for message in form.errors.get("file", [])]


@pytest.mark.django_db
@pytest.mark.parametrize("name", UPLOAD_FORMS)
def test_a_wrong_extension_is_refused(name: str) -> None:
    errors = _file_errors(name, "virus.exe", b"MZ\x90\x00")
    assert errors, f"{name}: an .exe file was taken"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, (_f, ext) in UPLOAD_FORMS.items() if ext == ".xlsx"])
def test_an_xlsx_that_is_no_zip_is_refused(name: str) -> None:
    errors = _file_errors(name, "book.xlsx", b"name,email\nMette,m@example.org\n")
    assert "This is not an Excel workbook (.xlsx)." in errors


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, (_f, ext) in UPLOAD_FORMS.items() if ext == ".csv"])
@pytest.mark.parametrize("content", [XLSX, OLE_MAGIC + b"\x00old excel"])
def test_a_csv_that_is_a_workbook_is_refused(name: str, content: bytes) -> None:
    errors = _file_errors(name, "people.csv", content)
    assert errors, f"{name}: a workbook named .csv was taken"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "filename", "content"),
    [("people CSV", "people.csv", b"name,email\n"), ("worksheet workbook", "w.xlsx", XLSX)],
)
def test_the_setting_limits_the_size(
    settings: Any, name: str, filename: str, content: bytes
) -> None:
    settings.TRINVIS_MAX_UPLOAD_MB = 1
    assert not _file_errors(name, filename, content)
    padded = content + b" " * (1024 * 1024)
    assert _file_errors(name, filename, padded) == ["The file is larger than 1 MB."]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["competence profile", "XLSForm"])
def test_moodle_and_xlsform_files_take_at_most_two_megabytes(name: str) -> None:
    filename = "f.xlsx" if UPLOAD_FORMS[name][1] == ".xlsx" else "f.csv"
    errors = _file_errors(name, filename, XLSX + b" " * (2 * 1024 * 1024))
    assert errors == ["The file is larger than 2 MB."]


def test_request_limits_are_set(settings: Any) -> None:
    assert settings.TRINVIS_MAX_UPLOAD_MB >= 1
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    # A form without files (a 500-row worksheet) fits; a flood of fields does not.
    assert 2 * 1024 * 1024 <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 20 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None


def test_too_large_upload_is_a_page_with_the_message_not_an_error(
    world: World, client_of: Any, settings: Any
) -> None:
    settings.TRINVIS_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("people.csv", b"name,email\n" + b" " * (1024 * 1024))
    response = client_of(world.alice).post(
        reverse("organisations:import", args=[world.municipality_a.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in response.content.decode()
