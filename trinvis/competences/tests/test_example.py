"""The shipped example profile: it loads, every text is in three languages, copies are made."""

import pytest
import yaml

from conftest import World
from trinvis.competences.example import (
    COMPETENCE_TEXTS,
    EXAMPLE_PATH,
    PROFILE_TEXTS,
    load_example,
    localised,
    profile_create_from_example,
    read_example,
)
from trinvis.competences.models import Category
from trinvis.competences.selectors import profile_competences
from trinvis.toolkits.content import ContentError

LANGUAGES = {"en", "da", "nb"}


def test_the_shipped_example_loads_with_competences_in_every_category() -> None:
    example = load_example()
    assert 10 <= len(example.competences) <= 16
    assert {c.category for c in example.competences} == set(Category.values)
    assert all(1 <= c.expected_level <= 5 for c in example.competences)
    assert example.vulnerability_high_below <= example.vulnerability_medium_below


def test_every_text_of_the_shipped_example_is_in_english_danish_and_norwegian() -> None:
    document = yaml.safe_load(EXAMPLE_PATH.read_text(encoding="utf-8"))
    texts = [(name, document[name]) for name in PROFILE_TEXTS]
    for competence in document["competences"]:
        texts += [
            (f"{competence['id_number']}.{name}", competence[name]) for name in COMPETENCE_TEXTS
        ]
    for where, text in texts:
        assert set(text) == LANGUAGES, where
        assert all(isinstance(value, str) and value.strip() for value in text.values()), where
    # The three languages are really translations, not copies (a few words are the same).
    names = [text for where, text in texts if where == "name" or where.endswith(".name")]
    assert sum(text["da"] != text["en"] and text["nb"] != text["en"] for text in names) >= 10


def test_localised_picks_the_language_and_falls_back_to_english() -> None:
    example = load_example()
    assert localised(example, "da").name == "Integrationsarbejde"
    assert localised(example, "nb").name == "Integreringsarbeid"
    assert localised(example, "de").name == "Integration work"
    danish = localised(example, "da-dk").competences[0]
    assert danish.name == "Kendskab til arbejdsmarkedet og virksomhedskontakt"
    assert danish.goal


def test_a_malformed_example_reports_every_problem_with_its_line() -> None:
    text = """\
id_number: broken
name: {en: Broken, da: Brudt}
applies_to: {en: A, da: A, nb: A}
description: {en: A, da: A, nb: A}
strategy_goal: {en: A, da: A, nb: A, de: A}
vulnerability_high_below: 4
competences:
  - id_number: one
    category: hobbies
    expected_level: 7
    name: {en: One, da: En, nb: En}
    description: {en: "", da: A, nb: A}
    goal: {en: A, da: A, nb: A}
  - id_number: one
    category: social
    expected_level: 3
    name: {en: Two, da: To, nb: To}
    description: {en: A, da: A, nb: A}
    goal: {en: A, da: A, nb: A}
    colour: blue
"""
    with pytest.raises(ContentError) as raised:
        read_example(text, "broken.yaml")
    found = {(p.line, p.message.split(":")[0]) for p in raised.value.problems}
    assert (2, "name.nb") in found
    assert (5, "strategy_goal.de") in found
    assert (6, "vulnerability_high_below") in found
    assert (9, "competences.0.category") in found
    assert (10, "competences.0.expected_level") in found
    assert (12, "competences.0.description.en") in found
    assert (14, "competences.1.id_number") in found
    assert (20, "competences.1.colour") in found


def test_a_file_that_is_not_yaml_is_refused_with_its_line() -> None:
    with pytest.raises(ContentError) as raised:
        read_example("name: [unclosed\n", "bad.yaml")
    assert raised.value.problems[0].line >= 1


def test_profile_create_from_example_copies_it_in_the_users_language(world: World) -> None:
    profile = profile_create_from_example(
        by=world.alice, organisation=world.municipality_b, language="nb"
    )
    competences = profile_competences(profile=profile)
    assert profile.name == "Integreringsarbeid"
    assert profile.id_number == "integration-work"
    assert len(competences) == len(load_example().competences)
    assert competences[0].name == "Kunnskap om arbeidsmarkedet og arbeidsgiverkontakt"
    again = profile_create_from_example(
        by=world.alice, organisation=world.municipality_b, language="nb"
    )
    assert again.id_number == "integration-work-2"
