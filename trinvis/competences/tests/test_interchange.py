"""Profiles in and out of Moodle CSV, our CSV and Excel: round trips, refused files, formulas."""

import csv
import io

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from conftest import World
from trinvis.competences import interchange
from trinvis.competences.interchange import (
    CompetenceData,
    InterchangeError,
    ProfileData,
    export_csv,
    export_moodle,
    export_xlsx,
    parse_csv,
    parse_moodle,
    parse_upload,
    parse_xlsx,
)
from trinvis.competences.models import Category, Profile
from trinvis.competences.moodle import HEADERS
from trinvis.competences.selectors import profile_competences
from trinvis.competences.services.profiles import profile_create, profile_import
from trinvis.competences.tests.factories import make_profile


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sample() -> ProfileData:
    return ProfileData(
        name="Integration work, 2027",
        id_number="integration-2027",
        applies_to="Job and integration unit",
        description='Line one\nline "two", with commas',
        strategy_goal="=More people in work",
        vulnerability_high_below=1,
        vulnerability_medium_below=4,
        competences=[
            CompetenceData("professional", "law", "The law", "- bullet\n- list", 4, "+goal"),
            CompetenceData("social", "talk", "Conversations; with interpreter", "", 3, ""),
            CompetenceData("personal", "self", "Reflection", "@mention", 2, "Grow"),
            CompetenceData("professional", "market", "Labour market", "'quoted'", 5, "Jobs"),
        ],
    )


def in_category_order(data: ProfileData) -> ProfileData:
    """What a saved profile returns: competences by category, then in the order given."""
    order = {category.value: index for index, category in enumerate(Category)}
    data.competences.sort(key=lambda c: order[c.category])
    return data


# --- generated profiles -----------------------------------------------------------------

_CHARACTERS = st.characters(blacklist_categories=("Cc", "Cs", "Cn")) | st.sampled_from(
    ["\n", "\t", ",", ";", '"', "'", "=", "+", "-", "@", "å", "ø"]
)
# Pieces that look like our own markers, to show a text that contains one still comes back.
_PIECES = st.sampled_from(["[trinvis] ", "\n\n[trinvis] {}", '\n\n[trinvis] {"goal": 1}'])
_text = st.lists(st.text(_CHARACTERS, max_size=12) | _PIECES, max_size=4).map("".join)
_line = _text.map(lambda value: value.strip())
_name = _line.filter(bool).map(lambda value: value[:200])
_id = st.text("abcdefghij0123456789-_.", min_size=1, max_size=12)
_levels = st.integers(min_value=1, max_value=5)


@st.composite
def profiles(draw: st.DrawFn) -> ProfileData:
    high = draw(st.integers(min_value=1, max_value=6))
    ids = draw(st.lists(_id, unique=True, max_size=8).filter(lambda ids: "p" not in ids))
    competences = [
        CompetenceData(
            category=draw(st.sampled_from(Category.values)),
            id_number=id_number,
            name=draw(_name),
            description=draw(_text),
            expected_level=draw(_levels),
            goal=draw(_text),
        )
        for id_number in ids
    ]
    data = ProfileData(
        name=draw(_name),
        id_number="p",
        applies_to=draw(_line),
        description=draw(_text),
        strategy_goal=draw(_text),
        vulnerability_high_below=high,
        vulnerability_medium_below=high + draw(st.integers(min_value=0, max_value=3)),
        competences=competences,
    )
    return in_category_order(data)


_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(profiles())
def test_moodle_round_trip_keeps_every_field(data: ProfileData) -> None:
    assert parse_moodle(export_moodle(data)) == data


@_settings
@given(profiles())
def test_csv_round_trip_keeps_every_field(data: ProfileData) -> None:
    assert parse_csv(export_csv(data)) == data


@_settings
@given(profiles())
def test_excel_round_trip_keeps_every_field(data: ProfileData) -> None:
    assert parse_xlsx(export_xlsx(data)) == data


@pytest.mark.parametrize("fmt", interchange.FORMATS)
def test_upload_detects_the_format(fmt: str) -> None:
    content, _type, _extension = interchange.export(in_category_order(sample()), fmt)
    detected, data = parse_upload(content)
    assert detected == fmt
    assert data == in_category_order(sample())


@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_a_file_exported_in_one_language_is_read_in_another(language: str) -> None:
    with translation.override(language):
        text = export_csv(sample())
    assert parse_csv(text) == sample()


@pytest.mark.parametrize("fmt", interchange.FORMATS)
def test_a_saved_profile_comes_back_the_same_after_export_and_import(
    world: World, fmt: str
) -> None:
    profile = make_profile(world.municipality_a)
    profile.description = "Shared, with\nlines"
    profile.save()
    original = interchange.profile_data(profile, profile_competences(profile=profile))
    content, _type, _extension = interchange.export(original, fmt)

    _fmt, data = parse_upload(content)
    copy = profile_import(by=world.admin, organisation=world.municipality_b, data=data)

    again = interchange.profile_data(copy, profile_competences(profile=copy))
    for competence in [*original.competences, *again.competences]:
        competence.pk = None
    assert again == original


# --- Moodle specifics -------------------------------------------------------------------


def test_moodle_export_puts_categories_on_top_and_carries_the_goal_in_the_description() -> None:
    rows = list(csv.reader(io.StringIO(export_moodle(sample()))))
    assert rows[0] == list(HEADERS)
    top = [row for row in rows[2:] if row[0] == ""]
    assert [(row[1], row[2]) for row in top] == [
        ("integration-2027-professional", "Professional competences"),
        ("integration-2027-social", "Social competences"),
        ("integration-2027-personal", "Personal competences"),
    ]
    law = next(row for row in rows if row[1] == "law")
    assert law[0] == "integration-2027-professional"
    assert law[3] == '- bullet\n- list\n\n[trinvis] {"goal": "+goal"}'
    talk = next(row for row in rows if row[1] == "talk")
    assert talk[3] == ""  # nothing to carry: no marker


def _moodle(*rows: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    framework = ["", "fw", "Framework", "", "2", "1,2,3,4,5", "", "", "", "", "", "", "1", ""]
    writer.writerow(framework)
    for parent, id_number, name, proficient in rows:
        configuration = (
            '[{"scaleid": ""}'
            + "".join(
                f', {{"id": {v}, "proficient": {1 if proficient and v >= int(proficient) else 0}}}'
                for v in range(1, 6)
            )
            + "]"
        )
        writer.writerow([parent, id_number, name, "", "2", "", configuration, *[""] * 7])
    return buffer.getvalue()


def test_moodle_categories_are_found_by_name_in_any_of_the_three_languages() -> None:
    with translation.override("da"):
        danish = str(Category.SOCIAL.label)
    text = _moodle(
        ["", "top1", "professional competences", ""],
        ["top1", "a", "A", "3"],
        ["", "top2", danish, ""],
        ["top2", "b", "B", "4"],
    )
    data = parse_moodle(text)
    assert [(c.category, c.name, c.expected_level) for c in data.competences] == [
        ("professional", "A", 3),
        ("social", "B", 4),
    ]


def test_moodle_file_with_a_third_level_or_an_unknown_category_names_the_lines() -> None:
    text = _moodle(
        ["", "fw-professional", "Professional", ""],
        ["fw-professional", "a", "A", "3"],
        ["a", "a1", "Too deep", "3"],
        ["", "misc", "Miscellaneous", ""],
        ["fw-professional", "b", "No level", ""],
    )
    with pytest.raises(InterchangeError) as raised:
        parse_moodle(text)
    problems = {(p.line, p.message.split("”")[0]) for p in raised.value.problems}
    assert (5, "“Too deep") in problems
    assert (6, "“Miscellaneous") in problems
    assert (7, "“No level") in problems


def test_a_broken_moodle_file_reports_moodles_own_problems_with_lines() -> None:
    text = _moodle(["", "fw-professional", "Professional", ""], ["nowhere", "a", "A", "3"])
    with pytest.raises(InterchangeError) as raised:
        parse_upload(text.encode())
    assert [(p.line, "nowhere" in p.message) for p in raised.value.problems] == [(4, True)]


# --- our CSV and Excel: refused files, formulas ------------------------------------------


def _csv(*competence_rows: str, block: str = "field,value\nname,Team\n") -> bytes:
    header = "category,ID number,name,description,expected level,goal\n"
    return (block + "\n" + header + "\n".join(competence_rows) + "\n").encode()


def test_every_bad_csv_row_is_reported_with_its_line() -> None:
    content = _csv(
        "professional,a,Fine,,3,",
        "hobbies,b,Unknown category,,3,",
        "social,c,,,3,",
        "social,a,Same ID,,3,",
        "personal,d,Level off the scale,,7,",
        'personal,e,"Multi\nline",,x,',
        block="field,value\nname,Team\nmood,happy\nhigh vulnerability below,5\n",
    )
    with pytest.raises(InterchangeError) as raised:
        parse_upload(content)
    lines = sorted({p.line for p in raised.value.problems if p.line})
    assert lines == [3, 4, 8, 9, 10, 11, 12]
    messages = " ".join(p.message for p in raised.value.problems)
    assert "“mood” is not a field" in messages
    assert "“hobbies” is not a category" in messages
    assert "also on line 7" in messages


def test_a_csv_without_the_column_headers_is_refused() -> None:
    with pytest.raises(InterchangeError) as raised:
        parse_upload(b"name,level\nfoo,3\n")
    assert "column headers" in raised.value.problems[0].message


def test_a_csv_saved_with_semicolons_is_read() -> None:
    content = "field;value\nname;Team\n\ncategory;ID number;name;description;expected level;goal\n"
    content += "social;a;Listening;;3;\n"
    data = parse_csv(content)
    assert [(c.category, c.name) for c in data.competences] == [("social", "Listening")]


def test_a_file_that_is_not_utf8_or_not_a_workbook_is_refused() -> None:
    with pytest.raises(InterchangeError, match="UTF-8"):
        parse_upload("name,æøå".encode("latin-1"))
    with pytest.raises(InterchangeError, match="Excel"):
        parse_upload(b"PK\x03\x04broken")


def test_bad_excel_rows_are_reported_with_sheet_and_row() -> None:
    book = Workbook()
    table = book.active
    assert table is not None
    table.title = "Competences"
    table.append(["category", "ID number", "name", "description", "expected level", "goal"])
    table.append(["professional", "a", "Fine", None, 3, None])
    table.append(["social", "b", "Too high", None, 9, None])
    table.append(["hobbies", "c", "Odd", None, 2.5, None])
    profile = book.create_sheet("Profile")
    profile.append(["field", "value"])
    profile.append(["name", None])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InterchangeError) as raised:
        parse_xlsx(buffer.getvalue())
    assert sorted({(p.sheet, p.line) for p in raised.value.problems}) == [
        ("Competences", 3),
        ("Competences", 4),
        ("Profile", 2),
    ]


def test_csv_export_neutralises_formulas() -> None:
    rows = list(csv.reader(io.StringIO(export_csv(sample()).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert "'=More people in work" in cells
    assert "'- bullet\n- list" in cells
    assert "'+goal" in cells
    assert "'@mention" in cells
    assert "''quoted'" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_excel_export_stores_formula_like_text_as_text() -> None:
    book = load_workbook(io.BytesIO(export_xlsx(sample())))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "@"))]
    assert {c.value for c in risky} >= {"=More people in work", "+goal", "@mention"}
    assert all(c.data_type == "s" for c in risky)


def test_an_imported_file_that_breaks_a_rule_saves_nothing(world: World) -> None:
    data = sample()
    profile_create(by=world.alice, organisation=world.municipality_a, data=data)
    _fmt, parsed = parse_upload(export_csv(sample()).encode())
    with pytest.raises(Exception, match="already has a profile"):
        profile_import(by=world.alice, organisation=world.municipality_a, data=parsed)
    assert Profile.objects.count() == 1
