"""Filling letter templates (letters.py): placeholders replaced, unknown ones and stray braces
reported with what they probably mean and never a crash, the language a municipality is
written to in with its fallback to English, and the shipped default texts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trinvis.programmes import letters
from trinvis.programmes.forms_letters import PLACEHOLDER_HELP
from trinvis.programmes.letter_defaults import DEFAULTS, default_for
from trinvis.programmes.letters import PLACEHOLDERS, Problem, fill, problems, without_value

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


def test_every_placeholder_is_filled_in() -> None:
    text = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    assert fill(text, VALUES) == " ".join(f"<{name}>" for name in PLACEHOLDERS)


def test_a_placeholder_without_a_value_becomes_nothing() -> None:
    assert fill("Cost: {cost}.", {}) == "Cost: ."


def test_unknown_placeholders_and_stray_braces_stay_as_typed() -> None:
    text = "Dear {Contact}, see {municipality} {and {more"
    assert fill(text, {"municipality": "Aarhus"}) == "Dear {Contact}, see Aarhus {and {more"


def test_values_are_not_filled_in_again() -> None:
    """A value that itself looks like a placeholder is text, not a second round."""
    assert fill("{contact}", {"contact": "{municipality}", "municipality": "X"}) == "{municipality}"


def test_a_correct_template_has_no_problems() -> None:
    assert problems("Dear {contact},\n\n{municipality} is invited.") == []


def test_unknown_placeholders_are_reported_with_a_suggestion() -> None:
    found = problems("Dear {Contact}, {municipalty} {dead-line} {what ever} {contact}")
    assert found == [
        Problem("{Contact}", "contact"),
        Problem("{municipalty}", "municipality"),
        Problem("{dead-line}", "deadline"),
        Problem("{what ever}", ""),
    ]


def test_each_mistake_is_reported_once() -> None:
    assert problems("{x} and {x}") == [Problem("{x}", "")]


def test_empty_braces_are_an_unknown_placeholder() -> None:
    assert problems("A {} here") == [Problem("{}", "")]


def test_a_brace_left_open_or_closed_alone_is_reported() -> None:
    found = problems("Dear {contact,\nsee you} soon")
    assert [problem.unclosed for problem in found] == [True, True]
    assert found[0].token == "{contact,"
    assert found[1].token == "see you}"


def test_doubled_braces_around_a_placeholder_are_reported_at_the_spot_once() -> None:
    assert problems("{{municipality}}") == [Problem("{{municipality}}", unclosed=True)]


@given(st.text())
def test_filling_and_checking_never_fail(text: str) -> None:
    filled = fill(text, VALUES)
    assert isinstance(filled, str)
    found = problems(text)
    # A text without a problem has every brace in a known placeholder.
    if not found:
        assert fill(text, dict.fromkeys(PLACEHOLDERS, "")).count("{") == 0


def test_placeholders_without_value_are_listed_in_order() -> None:
    texts = ["{cost} {dates}", "Dear {contact}, {municipality}"]
    values = {"municipality": "Aarhus", "contact": " ", "dates": "10 March"}
    assert without_value(texts, values) == ["contact", "cost"]


@pytest.mark.parametrize(
    ("country", "language"), [("DK", "da"), ("NO", "nb"), ("SE", "en"), ("", "en")]
)
def test_a_municipality_is_written_to_in_its_country_s_language(
    country: str, language: str
) -> None:
    assert letters.language_for(country) == language


def test_a_missing_language_falls_back_to_english_then_to_nothing() -> None:
    assert letters.choose_language("da", {"da", "en"}) == "da"
    assert letters.choose_language("nb", {"da", "en"}) == "en"
    assert letters.choose_language("nb", {"da"}) is None


def test_every_placeholder_is_explained_in_the_editor() -> None:
    assert tuple(PLACEHOLDER_HELP) == PLACEHOLDERS


@pytest.mark.parametrize("kind", list(DEFAULTS))
@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_the_defaults_ship_in_every_language_without_problems(kind: str, language: str) -> None:
    default = default_for(kind, language)
    assert problems(default.subject) == []
    assert problems(default.body) == []
    assert "{municipality}" in default.subject + default.body
    assert "{sender}" in default.body
    assert "\n" not in default.subject
    assert "  " not in default.body  # line continuations leave no double spaces


def test_the_invitation_names_every_fact_of_the_workshop() -> None:
    for language in ("da", "nb", "en"):
        used = letters.used(default_for("invitation", language).body)
        assert used >= letters.WORKSHOP_PLACEHOLDERS, language
