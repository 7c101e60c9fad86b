"""Moodle competency-framework CSV: export, import, round trip and refused files."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from trinvis.competences.moodle import (
    HEADERS,
    Competence,
    Framework,
    MoodleImportError,
    export_csv,
    parse_csv,
)

SCALE = ["Novice", "Advanced beginner", "Practised", "Competent", "Expert"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def example() -> Framework:
    return Framework(
        "integration-2027",
        "Integration work",
        "Profile for the job and integration unit",
        SCALE,
        [
            Competence(
                "professional",
                "Professional competences",
                children=[
                    Competence("labour-market", "Labour-market knowledge", "Local demand", 4),
                    Competence("case-law", "Case-law knowledge", "", 3),
                ],
            ),
            Competence(
                "social",
                "Social competences",
                children=[Competence("interpreter", "Conversations with an interpreter", "", 4)],
            ),
        ],
    )


def test_export_uses_moodles_header_and_marks_the_framework_row():
    lines = export_csv(example()).splitlines()

    assert lines[0].split(",")[:3] == ["Parent ID number", "ID number", "Short name"]
    assert len(lines[0].split(",")) == len(HEADERS)
    assert lines[1].startswith(",integration-2027,Integration work,")
    assert lines[3].startswith("professional,labour-market,")


def test_round_trip_keeps_the_tree_and_the_expected_levels():
    assert parse_csv(export_csv(example())) == example()


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and "," not in s)


@settings(max_examples=40)
@given(
    names=st.lists(text, min_size=1, max_size=8, unique=True),
    levels=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=8, max_size=8),
    description=st.text(max_size=40),
)
def test_round_trip_is_lossless_for_any_names_and_levels(names, levels, description):
    framework = Framework(
        "fw",
        "Framework",
        description,
        SCALE,
        [Competence(f"c{i}", name, description, levels[i]) for i, name in enumerate(names)],
    )

    assert parse_csv(export_csv(framework)) == framework


def row(*cells: str) -> str:
    padded = [*cells, *[""] * (len(HEADERS) - len(cells))]
    return ",".join(padded)


HEADER = ",".join(HEADERS)
FRAMEWORK_ROW = row(
    "", "fw", "Framework", "", "2", '"' + ",".join(SCALE) + '"', "", "", "", "", "", "", "1"
)


def test_a_file_without_moodles_header_is_refused_on_line_1():
    with pytest.raises(MoodleImportError) as error:
        parse_csv("name,level\nx,1\n")

    assert error.value.problems[0][0] == 1


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_returned():
    csv_text = "\n".join(
        [
            HEADER,
            FRAMEWORK_ROW,
            row("", "a", "A"),
            row("", "a", "Again A"),
            row("missing", "b", "B"),
            row("", "", "No id"),
            row("", "c", "C", "", "2", "", "{not json"),
        ]
    )

    with pytest.raises(MoodleImportError) as error:
        parse_csv(csv_text)

    lines = [line for line, _message in error.value.problems]
    assert lines == [4, 5, 6, 7]
    assert "also on line 3" in error.value.problems[0][1]
    assert "missing" in error.value.problems[1][1]


def test_a_framework_row_is_required():
    with pytest.raises(MoodleImportError, match="framework"):
        parse_csv("\n".join([HEADER, row("", "a", "A")]))


def test_a_scale_that_is_not_five_points_is_refused():
    three = row("", "fw", "Framework", "", "2", '"Low,Middle,High"', "", "", "", "", "", "", "1")

    with pytest.raises(MoodleImportError, match="five-point"):
        parse_csv("\n".join([HEADER, three]))


def test_parents_going_round_in_a_circle_are_refused():
    csv_text = "\n".join([HEADER, FRAMEWORK_ROW, row("b", "a", "A"), row("a", "b", "B")])

    with pytest.raises(MoodleImportError, match="circle"):
        parse_csv(csv_text)
