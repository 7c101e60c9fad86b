"""Checking toolkit files: every problem names the file and the line where it is."""

from textwrap import dedent

import pytest
import yaml

from trinvis.toolkits.content import ContentError, Problem, load_text, missing_translations
from trinvis.toolkits.tests.conftest import small_document

FILE = "kit.yaml"


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        load_text(dedent(text).lstrip(), FILE)
    return caught.value.problems


def valid_yaml(**changes: object) -> str:
    return yaml.safe_dump({**small_document(), **changes}, allow_unicode=True, sort_keys=False)


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_small_document_is_valid():
    assert load_text(valid_yaml(), FILE)["slug"] == "small-kit"


def test_a_duplicate_key_is_reported_at_its_second_line():
    problems = problems_of(
        """
        slug: kit
        version: 1
        slug: again
        """
    )

    assert problems == [Problem(FILE, 3, "“slug” appears twice")]


def test_an_unknown_field_is_reported_at_its_line():
    text = valid_yaml().replace("  rows: free", "  rows: free\n    colour: red", 1)

    problems = problems_of(text)

    assert [(p.file, p.line, p.message) for p in problems] == [
        (FILE, line_of(text, "colour: red"), "worksheets.plan.colour: unknown field “colour”")
    ]


def test_a_wrong_type_is_reported_at_its_line():
    text = valid_yaml(version="one")

    problems = problems_of(text)

    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "version:"), "version: must be a whole number from 1")
    ]


def test_a_text_that_is_not_a_language_mapping_is_refused():
    text = valid_yaml(title="Just a string")

    problems = problems_of(text)

    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "title: Just a string"), "title: must map languages (da, nb, en) to text")
    ]


def test_a_missing_worksheet_reference_is_reported_at_its_line():
    text = valid_yaml().replace("- checklist", "- no-such-sheet", 1)

    problems = problems_of(text)

    assert len(problems) == 1
    assert problems[0].line == line_of(text, "- no-such-sheet")
    assert problems[0].message.endswith("no worksheet “no-such-sheet”")


def test_bad_yaml_is_reported_with_line_and_column():
    problems = problems_of(
        """
        slug: kit
        title: [unclosed
        version: 1
        """
    )

    assert len(problems) == 1
    assert problems[0].file == FILE
    assert problems[0].line >= 2
    assert problems[0].message.startswith("not valid YAML")
    assert str(problems[0]).startswith(f"{FILE}:{problems[0].line}: ")


def test_a_barrier_must_point_at_a_step_or_worksheet():
    document = small_document()
    document["barriers"][0]["addressed_by"] = ["nowhere"]
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)

    problems = problems_of(text)

    assert [p.message for p in problems] == [
        "barriers.0.addressed_by.0: no step or worksheet “nowhere”"
    ]


def test_missing_translations_name_the_text_and_the_language():
    document = small_document()
    del document["phases"][0]["steps"][0]["tips"][0]["nb"]

    assert list(missing_translations(document)) == ["phases.0.steps.0.tips.0 (nb)"]
    assert list(missing_translations(small_document())) == []
