"""Profile pages: start page, create, detail, edit (rows without JavaScript), import, export."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from trinvis.competences import interchange
from trinvis.competences.example import load_example
from trinvis.competences.models import Assessment, Competence, Profile
from trinvis.competences.selectors import profile_competences
from trinvis.competences.tests.factories import make_profile, make_round, rate


def _rows(profile: Profile) -> list[dict[str, Any]]:
    return [
        {
            "pk": c.pk,
            "category": c.category,
            "name": c.name,
            "description": c.description,
            "expected_level": c.expected_level,
            "goal": c.goal,
            "id_number": c.id_number,
        }
        for c in profile_competences(profile=profile)
    ]


def edit_post(profile: Profile, rows: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """The edit form as a browser posts it."""
    data: dict[str, Any] = {
        "base_version": profile.version,
        "name": profile.name,
        "applies_to": profile.applies_to,
        "description": profile.description,
        "strategy_goal": profile.strategy_goal,
        "id_number": profile.id_number,
        "vulnerability_high_below": profile.vulnerability_high_below,
        "vulnerability_medium_below": profile.vulnerability_medium_below,
        "c-TOTAL_FORMS": len(rows),
        "c-INITIAL_FORMS": len(rows),
        "c-MIN_NUM_FORMS": 0,
        "c-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is not None and value is not False:
                data[f"c-{index}-{key}"] = "on" if value is True else value
    data.update(fields)
    return data


# --- start page -------------------------------------------------------------------------


def test_start_page_lists_profiles_and_offers_a_new_one_to_a_leader(
    world: World, client_of
) -> None:
    profile = make_profile(world.municipality_a)
    page = client_of(world.alice).get(reverse("competences:index")).content.decode()
    assert reverse("competences:profile_detail", args=[profile.pk]) in page
    assert reverse("competences:profile_create") in page
    assert "Programme advisers" in page


def test_an_employee_reads_the_profiles_but_gets_no_new_button(world: World, client_of) -> None:
    make_profile(world.municipality_a)
    page = client_of(world.bob).get(reverse("competences:index")).content.decode()
    assert "Integration work" in page
    assert reverse("competences:profile_create") not in page


def test_start_page_empty_states_say_what_to_do(world: World, client_of) -> None:
    page = client_of(world.alice).get(reverse("competences:index")).content.decode()
    assert "No competence profile yet" in page
    assert "No assessment round yet" in page


def test_start_page_lists_rounds_with_progress(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice
    )
    rate(round, kind=Assessment.Kind.SELF, person=world.bob, by=world.bob, levels=[3] * 5)
    page = client_of(world.alice).get(reverse("competences:index")).content.decode()
    assert reverse("competences:round_detail", args=[round.pk]) in page
    assert "Spring assessment" in page


def test_start_page_queries_do_not_grow_with_profiles_and_rounds(
    world: World, client_of, django_assert_max_num_queries
) -> None:
    client = client_of(world.alice)
    for number in range(8):
        profile = make_profile(world.municipality_a, name=f"Profile {number}")
        make_round(
            profile=profile,
            organisation=world.team_a,
            people=[world.bob],
            by=world.alice,
            title=f"Round {number}",
        )
    with django_assert_max_num_queries(10):
        assert client.get(reverse("competences:index")).status_code == 200


# --- create -----------------------------------------------------------------------------


def test_create_page_previews_the_example(world: World, client_of) -> None:
    page = client_of(world.alice).get(reverse("competences:profile_create")).content.decode()
    assert load_example().competences[0].texts["name"]["en"] in page


def test_create_from_the_example_copies_its_competences(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("competences:profile_create"),
        {"organisation": world.unit_a_job.pk, "start": "example", "name": "Jobcentre profile"},
    )
    profile = Profile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("competences:profile_detail", args=[profile.pk])
    assert profile.name == "Jobcentre profile"
    assert profile.organisation == world.unit_a_job
    assert profile.competences.count() == len(load_example().competences)


def test_a_blank_profile_needs_a_name_and_then_goes_to_editing(world: World, client_of) -> None:
    client = client_of(world.alice)
    url = reverse("competences:profile_create")
    refused = client.post(url, {"organisation": world.municipality_a.pk, "start": "blank"})
    assert refused.status_code == 200
    assert "Give a blank profile a name" in refused.content.decode()
    response = client.post(
        url, {"organisation": world.municipality_a.pk, "start": "blank", "name": "Reception"}
    )
    profile = Profile.objects.get()
    assert response["Location"] == reverse("competences:profile_edit", args=[profile.pk])
    assert profile.competences.count() == 0


def test_a_leader_cannot_create_in_an_organisation_outside_their_own(
    world: World, client_of
) -> None:
    response = client_of(world.alice).post(
        reverse("competences:profile_create"),
        {"organisation": world.municipality_b.pk, "start": "example"},
    )
    assert response.status_code == 200
    assert not Profile.objects.exists()


# --- detail -----------------------------------------------------------------------------


def test_detail_shows_competences_by_category_with_scale_labels(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    page = (
        client_of(world.alice)
        .get(reverse("competences:profile_detail", args=[profile.pk]))
        .content.decode()
    )
    assert "Professional competences" in page
    assert "4 Competent performer" in page
    assert "fewer than 2 people meet its expected level" in page
    assert f"{reverse('competences:round_open')}?profile={profile.pk}" in page
    assert reverse("competences:profile_edit", args=[profile.pk]) in page
    assert reverse("competences:profile_export", args=[profile.pk, "moodle"]) in page


def test_an_employee_reads_the_detail_without_write_actions(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.bob).get(reverse("competences:profile_detail", args=[profile.pk]))
    assert response.status_code == 200
    assert reverse("competences:profile_edit", args=[profile.pk]) not in response.content.decode()


def test_detail_lists_the_rounds_of_the_profile(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice
    )
    page = (
        client_of(world.alice)
        .get(reverse("competences:profile_detail", args=[profile.pk]))
        .content.decode()
    )
    assert reverse("competences:round_detail", args=[round.pk]) in page


@pytest.mark.parametrize("persona", ["charlie", "fiona"])
def test_outsiders_get_404_on_a_profile(world: World, client_of, persona: str) -> None:
    profile = make_profile(world.municipality_a)
    client = client_of(getattr(world, persona))
    assert client.get(reverse("competences:profile_detail", args=[profile.pk])).status_code == 404
    url = reverse("competences:profile_export", args=[profile.pk, "csv"])
    assert client.get(url).status_code == 404


# --- edit -------------------------------------------------------------------------------


def test_saving_the_edit_form_changes_the_profile_and_its_competences(
    world: World, client_of
) -> None:
    profile = make_profile(world.municipality_a)
    rows = _rows(profile)
    rows[0]["name"] = "Labour market and employers"
    rows[1]["DELETE"] = True
    rows.append({"category": "personal", "name": "Handling pressure", "expected_level": 2})
    response = client_of(world.alice).post(
        reverse("competences:profile_edit", args=[profile.pk]),
        edit_post(profile, rows, strategy_goal="More people in work"),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    names = [c.name for c in profile_competences(profile=profile)]
    assert names[0] == "Labour market and employers"
    assert "Case law on integration" not in names
    assert names[-1] == "Handling pressure"
    assert (profile.strategy_goal, profile.version) == ("More people in work", 2)


def test_add_a_competence_adds_an_empty_row_without_saving_or_errors(
    world: World, client_of
) -> None:
    profile = make_profile(world.municipality_a)
    rows = _rows(profile)
    rows[0]["name"] = "Typed but not saved"
    response = client_of(world.alice).post(
        reverse("competences:profile_edit", args=[profile.pk]),
        edit_post(profile, rows, add="1"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="c-TOTAL_FORMS" value="6"' in page
    assert "Typed but not saved" in page
    assert "ds-error-summary" not in page
    assert Competence.objects.filter(name="Typed but not saved").count() == 0


def test_an_added_row_left_empty_is_skipped_on_save(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    rows = [*_rows(profile), {"category": "professional", "expected_level": 3}]
    response = client_of(world.alice).post(
        reverse("competences:profile_edit", args=[profile.pk]), edit_post(profile, rows)
    )
    assert response.status_code == 302
    assert profile.competences.count() == 5


def test_a_conflict_keeps_the_users_input_and_says_so(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    stale = edit_post(profile, _rows(profile), name="My version")
    client = client_of(world.alice)
    url = reverse("competences:profile_edit", args=[profile.pk])
    assert client.post(url, edit_post(profile, _rows(profile), name="Theirs")).status_code == 302

    response = client.post(url, stale)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved the profile" in page
    assert 'value="My version"' in page
    assert 'name="base_version" value="2"' in page
    profile.refresh_from_db()
    assert profile.name == "Theirs"


def test_removing_a_rated_competence_is_refused_on_the_page(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    round = make_round(
        profile=profile, organisation=world.team_a, people=[world.bob], by=world.alice
    )
    rate(round, kind=Assessment.Kind.SELF, person=world.bob, by=world.bob, levels=[3] * 5)
    rows = _rows(profile)
    rows[0]["DELETE"] = True
    response = client_of(world.alice).post(
        reverse("competences:profile_edit", args=[profile.pk]), edit_post(profile, rows)
    )
    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert profile.competences.count() == 5


def test_thresholds_out_of_order_are_refused(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.alice).post(
        reverse("competences:profile_edit", args=[profile.pk]),
        edit_post(
            profile, _rows(profile), vulnerability_high_below=4, vulnerability_medium_below=2
        ),
    )
    assert response.status_code == 200
    assert "at least as large as high vulnerability" in response.content.decode()


def test_an_employee_may_not_edit(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    url = reverse("competences:profile_edit", args=[profile.pk])
    client = client_of(world.bob)
    assert client.get(url).status_code == 403
    assert client.post(url, edit_post(profile, _rows(profile), name="Bob's")).status_code == 403
    profile.refresh_from_db()
    assert profile.name == "Integration work"


# --- import -----------------------------------------------------------------------------


def _upload(content: bytes, name: str = "profile.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_import_makes_a_new_profile(world: World, client_of) -> None:
    source = make_profile(world.municipality_b)
    data = interchange.profile_data(source, profile_competences(profile=source))
    content, _type, _ext = interchange.export(data, "moodle")
    response = client_of(world.alice).post(
        reverse("competences:profile_import"),
        {"organisation": world.municipality_a.pk, "file": _upload(content)},
    )
    imported = Profile.objects.get(organisation=world.municipality_a)
    assert response["Location"] == reverse("competences:profile_detail", args=[imported.pk])
    assert imported.competences.count() == 5


def test_a_bad_file_lists_its_problems_by_line_and_saves_nothing(world: World, client_of) -> None:
    content = (
        b"field,value\nname,Team\n\ncategory,ID number,name,description,expected level,goal\n"
        b"professional,a,Fine,,3,\nhobbies,b,Odd,,3,\nsocial,c,Too high,,6,\n"
    )
    response = client_of(world.alice).post(
        reverse("competences:profile_import"),
        {"organisation": world.municipality_a.pk, "file": _upload(content)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page
    assert "<td>6</td>" in page and "<td>7</td>" in page
    assert not Profile.objects.exists()


def test_importing_the_same_framework_twice_is_refused(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    data = interchange.profile_data(profile, profile_competences(profile=profile))
    content, _type, _ext = interchange.export(data, "xlsx")
    response = client_of(world.alice).post(
        reverse("competences:profile_import"),
        {"organisation": world.municipality_a.pk, "file": _upload(content, "p.xlsx")},
    )
    assert "already has a profile with the ID number" in response.content.decode()
    assert Profile.objects.count() == 1


def test_a_file_over_two_megabytes_is_refused(world: World, client_of) -> None:
    response = client_of(world.alice).post(
        reverse("competences:profile_import"),
        {"organisation": world.municipality_a.pk, "file": _upload(b"x" * (2 * 1024 * 1024 + 1))},
    )
    assert "larger than 2 MB" in response.content.decode()
    assert not Profile.objects.exists()


def test_an_employee_may_not_import(world: World, client_of) -> None:
    response = client_of(world.bob).post(
        reverse("competences:profile_import"),
        {"organisation": world.team_a.pk, "file": _upload(b"")},
    )
    assert response.status_code == 403


# --- export -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "filename"),
    [
        ("moodle", "integration-work-moodle.csv"),
        ("csv", "integration-work.csv"),
        ("xlsx", "integration-work.xlsx"),
    ],
)
def test_export_is_an_attachment_an_employee_may_download(
    world: World, client_of, fmt: str, filename: str
) -> None:
    profile = make_profile(world.municipality_a)
    profile.id_number = "integration-work"
    profile.save()
    response = client_of(world.bob).get(
        reverse("competences:profile_export", args=[profile.pk, fmt])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    _detected, data = interchange.parse_upload(response.content)
    assert [c.name for c in data.competences] == [
        c.name for c in profile_competences(profile=profile)
    ]


def test_excel_export_opens_with_the_competences_first(world: World, client_of) -> None:
    profile = make_profile(world.municipality_a)
    response = client_of(world.alice).get(
        reverse("competences:profile_export", args=[profile.pk, "xlsx"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["C2"].value == "Labour-market knowledge"


# --- query counts -----------------------------------------------------------------------


def _profile_with(world: World, count: int) -> Profile:
    profile = make_profile(world.municipality_a, name=f"{count} competences")
    Competence.objects.bulk_create(
        Competence(
            profile=profile,
            category="social",
            name=f"Extra {number}",
            expected_level=3,
            id_number=f"extra-{number}",
            position=10 + number,
        )
        for number in range(count - 5)
    )
    return profile


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("competences:profile_detail", ()),
        ("competences:profile_edit", ()),
        ("competences:profile_export", ("xlsx",)),
    ],
)
def test_profile_pages_take_the_same_queries_for_5_and_40_competences(
    world: World, client_of, name: str, args: tuple[str, ...]
) -> None:
    client = client_of(world.alice)
    counts = []
    for size in (5, 40):
        profile = _profile_with(world, size)
        make_round(
            profile=profile,
            organisation=world.team_a,
            people=[world.bob],
            by=world.alice,
            title=f"Round {size}",
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[profile.pk, *args])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 10


def test_saving_40_competences_takes_no_more_queries_than_saving_5(world: World, client_of) -> None:
    client = client_of(world.alice)
    counts = []
    for size in (5, 40):
        profile = _profile_with(world, size)
        rows = _rows(profile)
        for row in rows:
            row["name"] += " (changed)"
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("competences:profile_edit", args=[profile.pk]), edit_post(profile, rows)
            )
        assert response.status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1]
