"""The key-figure import's pages: upload → columns → check → confirm with the Django test
client, the list of imports and an import's record; the remembered mapping skips the
columns step; problems are listed and nothing is stored; who may do what."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from trinvis.core.imports.uploads import upload_directory
from trinvis.indicators.models import ImportBatch, Indicator, Value
from trinvis.indicators.tests.factories import make_indicator, shipped
from trinvis.indicators.tests.test_imports import DST_ROWS, SSB_ROWS, csv_bytes, workbook


@pytest.fixture(autouse=True)
def _private_upload_dir(settings: Any, tmp_path: Path) -> None:
    settings.TRINVIS_IMPORT_DIR = str(tmp_path / "uploads")


@pytest.fixture
def indicator(world: World) -> Indicator:
    return shipped("work-education-right-after")


def upload(
    client: Client,
    content: bytes,
    *,
    indicator: Indicator,
    organisation: Any,
    name: str = "int01.csv",
    country: str = "DK",
    source: str = "",
) -> Any:
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("indicators:import_upload"),
        {
            "file": file,
            "indicator": indicator.pk,
            "organisation": organisation.pk,
            "country": country,
            "source": source,
        },
    )


def chosen(page: Any) -> dict[str, str]:
    """The fields of the columns page with their chosen (or initial) values."""
    html = page.content.decode()
    fields: dict[str, str] = {}
    for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        found = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        fields[name] = found.group(1) if found else ""
    national = re.search(r'name="national"[^>]*value="([^"]*)"', html)
    fields["national"] = national.group(1) if national else ""
    notation = re.search(r'name="notation" value="(\w+)"[^>]*checked', html)
    fields["notation"] = notation.group(1) if notation else ""
    return fields


def confirm(client: Client, page: Any) -> Any:
    digest = re.search(r'name="mapping" value="([^"]+)"', page.content.decode())
    assert digest, "the check page offers no import"
    return client.post(page.wsgi_request.path, {"mapping": digest.group(1)})


def test_a_danish_export_is_uploaded_mapped_checked_and_imported(
    world: World, client_of: Any, indicator: Indicator
) -> None:
    client = client_of(world.alice)
    start = client.get(reverse("indicators:index"))
    assert reverse("indicators:imports") in start.content.decode()
    listing = client.get(reverse("indicators:imports"))
    assert reverse("indicators:import_upload") in listing.content.decode()
    form = client.get(reverse("indicators:import_upload") + f"?indicator={indicator.pk}")
    assert indicator.source in form.content.decode(), "the source is prefilled"

    uploaded = upload(
        client, csv_bytes(DST_ROWS), indicator=indicator, organisation=world.municipality_a
    )
    assert uploaded.status_code == 302 and uploaded["Location"].endswith("/columns/")
    columns = client.get(uploaded["Location"])
    fields = chosen(columns)
    headings = {"area": "OMRÅDE", "period": "TID", "value": "INDHOLD", "breakdown_gender": "KØN"}
    assert {name: DST_ROWS[0][int(fields[name])] for name in headings} == headings
    assert fields["name"] == "none" and fields["notation"] == "comma"
    assert "000" in fields["national"] and "Hele landet" in fields["national"]

    mapped = client.post(uploaded["Location"], fields)
    assert mapped.status_code == 302 and mapped["Location"].endswith("/check/")
    check = client.get(mapped["Location"])
    text = check.content.decode()
    assert "The file has 7 values: 7 new, 0 replacing ones imported before." in text
    assert "1 row has no figure" in text
    assert "Gender: Mænd" in text and "København" in text
    assert not Value.objects.exists()

    done = confirm(client, check)
    batch = ImportBatch.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "indicators:import_detail", args=[batch.pk]
    )
    assert Value.objects.filter(indicator=indicator).count() == 7
    assert set(Value.objects.values_list("source", flat=True)) == {indicator.source}
    assert not any(upload_directory().iterdir()), "the uploaded file is deleted after import"
    record = client.get(done["Location"]).content.decode()
    assert "7 values imported: 7 new, 0 updated. 1 row without a figure was skipped." in record
    assert (
        "OMRÅDE" in record and "int01.csv" in client.get(listing.wsgi_request.path).content.decode()
    )


def test_the_next_file_with_the_same_headings_goes_straight_to_the_check(
    world: World, client_of: Any, indicator: Indicator
) -> None:
    client = client_of(world.alice)
    first = upload(
        client, csv_bytes(DST_ROWS), indicator=indicator, organisation=world.municipality_a
    )
    client.post(first["Location"], chosen(client.get(first["Location"])) | {"national": "000"})
    confirm(client, client.get(first["Location"].replace("/columns/", "/check/")))

    changed = [row[:] for row in DST_ROWS]
    changed[4][3] = "58,0"
    again = upload(
        client, csv_bytes(changed), indicator=indicator, organisation=world.municipality_a
    )
    assert again["Location"].endswith("/check/"), "the mapping is remembered"
    check = client.get(again["Location"])
    assert "The columns are chosen as the last time" in check.content.decode()
    assert "7 values: 0 new, 7 replacing ones imported before" in check.content.decode()
    columns = client.get(again["Location"].replace("/check/", "/columns/"))
    assert chosen(columns)["national"] == "000"
    assert "The choices are those of the last import" in columns.content.decode()


def test_a_workbook_with_problems_lists_them_and_stores_nothing(
    world: World, client_of: Any
) -> None:
    indicator = shipped("job-ready")
    client = client_of(world.alice)
    rows = [*SSB_ROWS, ["4601 Bergen", "18-24 år", "Menn", "2024Q9", "x"]]
    uploaded = upload(
        client,
        workbook(rows),
        indicator=indicator,
        organisation=world.municipality_a,
        name="ssb.xlsx",
        country="NO",
    )
    fields = chosen(client.get(uploaded["Location"]))
    assert fields["value"] == "", "“Personer” names no use"
    client.post(uploaded["Location"], {**fields, "value": "4"})
    check = client.get(uploaded["Location"].replace("/columns/", "/check/"))
    text = check.content.decode()
    assert "Nothing can be imported" in text
    assert "“2024Q9” is not a period" in text and "“x” is not a number" in text
    assert 'name="mapping"' not in text
    assert not Value.objects.exists()


def test_the_same_column_twice_is_refused_on_the_columns_page(
    world: World, client_of: Any, indicator: Indicator
) -> None:
    client = client_of(world.alice)
    uploaded = upload(
        client, csv_bytes(DST_ROWS), indicator=indicator, organisation=world.municipality_a
    )
    fields = chosen(client.get(uploaded["Location"]))
    page = client.post(uploaded["Location"], {**fields, "value": fields["period"]})
    assert page.status_code == 200
    assert "The column is already chosen as “Period”" in page.content.decode()


def test_an_own_key_figure_is_imported_only_for_its_owner(world: World, client_of: Any) -> None:
    own_a = make_indicator(world.municipality_a, key="own-a")
    own_b = make_indicator(world.municipality_b, key="own-b")
    client = client_of(world.alice)
    page = upload(client, csv_bytes(DST_ROWS), indicator=own_a, organisation=world.team_a)
    assert page.status_code == 200 and "import it for Municipality A" in page.content.decode()
    page = upload(client, csv_bytes(DST_ROWS), indicator=own_b, organisation=world.municipality_a)
    assert page.status_code == 200, "another organisation's own figure is no choice"
    assert not any(upload_directory().iterdir())
    ok = upload(client, csv_bytes(DST_ROWS), indicator=own_a, organisation=world.municipality_a)
    assert ok.status_code == 302


def test_readers_may_not_import_and_uploads_are_their_uploaders_alone(
    world: World, client_of: Any, indicator: Indicator
) -> None:
    # Employees read figures; importing is for write roles and facilitators.
    assert client_of(world.fiona).get(reverse("indicators:import_upload")).status_code == 200
    for reader in (world.bob, world.charlie):
        assert client_of(reader).get(reverse("indicators:import_upload")).status_code == 403
        listing = client_of(reader).get(reverse("indicators:imports")).content.decode()
        assert reverse("indicators:import_upload") not in listing
    alice = client_of(world.alice)
    uploaded = upload(
        alice, csv_bytes(DST_ROWS), indicator=indicator, organisation=world.municipality_a
    )
    # The platform administrator may import too, but the upload is alice's.
    assert client_of(world.admin).get(uploaded["Location"]).status_code == 404
    cancel = uploaded["Location"].replace("/columns/", "/cancel/")
    assert client_of(world.admin).post(cancel).status_code == 404
    assert alice.post(cancel).status_code == 302
    assert not any(upload_directory().iterdir())
    assert alice.get(uploaded["Location"]).status_code == 404


def test_an_import_is_seen_by_those_who_reach_its_organisation(
    world: World, client_of: Any, indicator: Indicator
) -> None:
    batch = ImportBatch.objects.create(
        indicator=indicator, organisation=world.municipality_a, file_name="int01.csv"
    )
    url = reverse("indicators:import_detail", args=[batch.pk])
    answers = {
        user.email: client_of(user).get(url).status_code
        for user in (world.alice, world.bob, world.charlie, world.fiona, world.admin)
    }
    assert answers == {
        "alice@example.org": 200,
        "bob@example.org": 200,
        "charlie@example.org": 404,
        "fiona@example.org": 200,
        "admin@example.org": 200,
    }
    assert (
        "int01.csv"
        not in client_of(world.charlie).get(reverse("indicators:imports")).content.decode()
    )


def test_an_uploader_who_lost_the_write_role_may_not_go_on(
    world: World, client_of: Any, indicator: Indicator
) -> None:
    client = client_of(world.alice)
    uploaded = upload(
        client, csv_bytes(DST_ROWS), indicator=indicator, organisation=world.municipality_a
    )
    world.alice.memberships.update(role="employee")
    assert client.get(uploaded["Location"]).status_code == 403
    check = uploaded["Location"].replace("/columns/", "/check/")
    assert client.post(check, {"mapping": "x"}).status_code == 403
    assert not Value.objects.exists()
