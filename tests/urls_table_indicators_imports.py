"""Rows of the URL table (tests/urls_table.py) for importing key figures.

World: the list of imports is open to everyone logged in (it shows the imports of the
organisations in their reach). Importing needs a write role or the facilitator role
somewhere: alice (leader of A), fiona (facilitator at the agency) and the platform
administrator may; bob and charlie (employees) only read (403). An import recorded for
municipality A is read by those whose scope reaches A, in detail or as aggregates (alice,
bob below A, fiona above it, admin); charlie in municipality B gets 404. The steps after the
upload are addressed by the upload's token, bound to the person who uploaded (alice): to
anyone else, even the platform administrator, such an address is a 404.

Writes post invalid or harmless data: an upload without a file, a mapping with no column
chosen, a confirmation without the mapping's fingerprint (back to the check page); only
cancelling deletes something, and only the upload made for that very case.
"""

from typing import TYPE_CHECKING, Any

from tests.urls_table import Answer, Case, Route, expect, logged_in
from trinvis.core.imports.uploads import upload_note, upload_store
from trinvis.indicators.imports import ColumnMapping
from trinvis.indicators.models import ImportBatch
from trinvis.indicators.tests.factories import shipped
from trinvis.indicators.views.imports import PURPOSE

if TYPE_CHECKING:
    from conftest import World

OK, LOGIN, FORBIDDEN, NOT_FOUND = Answer.OK, Answer.LOGIN, Answer.FORBIDDEN, Answer.NOT_FOUND
REDIRECT, NOT_ALLOWED = Answer.REDIRECT, Answer.NOT_ALLOWED

CSV = "OMRÅDE;TID;INDHOLD\n461 Odense;2024;41,5\n".encode()
MAPPING = ColumnMapping(area="OMRÅDE", period="TID", value="INDHOLD", national=("000",))


def _alices_upload(world: "World") -> dict[str, Any]:
    indicator = shipped("population")
    upload = upload_store(
        user=world.alice,
        purpose=PURPOSE,
        chunks=[CSV],
        name="figures.csv",
        details={
            "indicator": indicator.pk,
            "organisation": world.municipality_a.pk,
            "country": "DK",
            "source": "Statistics Denmark",
        },
    )
    upload_note(upload, mapping=MAPPING.as_json(upload.headings))
    return {"token": upload.token}


def _batch_of_a(world: "World") -> dict[str, Any]:
    batch = ImportBatch.objects.create(
        indicator=shipped("population"),
        organisation=world.municipality_a,
        imported_by=world.alice,
        file_name="figures.csv",
        source="Statistics Denmark",
        rows=1,
        created=1,
    )
    return {"pk": batch.pk}


def _unknown_token(world: "World") -> dict[str, Any]:
    return {"token": "x" * 32}


_IMPORTERS = expect(LOGIN, alice=OK, bob=FORBIDDEN, charlie=FORBIDDEN, fiona=OK, admin=OK)
_READ_A = expect(LOGIN, alice=OK, bob=OK, charlie=NOT_FOUND, fiona=OK, admin=OK)
# Alice's upload: hers alone.
_UPLOAD_A = expect(
    LOGIN, alice=OK, bob=NOT_FOUND, charlie=NOT_FOUND, fiona=NOT_FOUND, admin=NOT_FOUND
)
_ACT_A = {**_UPLOAD_A, "alice": REDIRECT}
_NO_UPLOAD = {**logged_in(NOT_FOUND)}
_GET_NOT_ALLOWED = logged_in(NOT_ALLOWED)

INDICATORS_IMPORTS: dict[str, Route] = {
    "indicators:imports": Route((Case("imports in reach", get=logged_in(OK)),)),
    "indicators:import_upload": Route((Case("upload a file", get=_IMPORTERS, post=_IMPORTERS),)),
    "indicators:import_detail": Route(
        (
            Case("an import for municipality A", kwargs=_batch_of_a, get=_READ_A),
            Case("no such import", kwargs=lambda world: {"pk": 999_999}, get=logged_in(NOT_FOUND)),
        )
    ),
    "indicators:import_columns": Route(
        (
            Case("alice's upload", kwargs=_alices_upload, get=_UPLOAD_A, post=_UPLOAD_A),
            Case("no such upload", kwargs=_unknown_token, get=_NO_UPLOAD),
        )
    ),
    "indicators:import_check": Route(
        (
            Case("alice's upload", kwargs=_alices_upload, get=_UPLOAD_A, post=_ACT_A),
            Case("no such upload", kwargs=_unknown_token, get=_NO_UPLOAD),
        )
    ),
    "indicators:import_cancel": Route(
        (Case("alice's upload", kwargs=_alices_upload, get=_GET_NOT_ALLOWED, post=_ACT_A),)
    ),
}
