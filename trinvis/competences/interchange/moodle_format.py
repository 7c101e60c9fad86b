"""A profile as Moodle's competency-framework CSV (see the package docstring)."""

import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from trinvis.competences import moodle, scale
from trinvis.competences.interchange.data import (
    DEFAULT_HIGH,
    DEFAULT_MEDIUM,
    MARKER,
    CompetenceData,
    InterchangeError,
    ProfileData,
    RowProblem,
    category_label,
    category_of,
    check_competence,
    check_profile_fields,
    check_thresholds,
)
from trinvis.competences.models import Category

# --- Moodle ------------------------------------------------------------------------------


def _with_extras(text: str, extras: dict[str, Any]) -> str:
    if not extras and MARKER.strip() not in text:
        return text
    return f"{text}{MARKER}{json.dumps(extras, ensure_ascii=False, sort_keys=True)}"


def _split_extras(text: str) -> tuple[str, dict[str, Any]]:
    at = text.rfind(MARKER)
    if at < 0:
        return text, {}
    try:
        extras = json.loads(text[at + len(MARKER) :])
    except ValueError:
        return text, {}
    if not isinstance(extras, dict):
        return text, {}
    return text[:at], extras


def to_framework(data: ProfileData) -> moodle.Framework:
    extras: dict[str, Any] = {
        key: value
        for key, value in (("applies_to", data.applies_to), ("strategy_goal", data.strategy_goal))
        if value
    }
    if (data.vulnerability_high_below, data.vulnerability_medium_below) != (
        DEFAULT_HIGH,
        DEFAULT_MEDIUM,
    ):
        extras["vulnerability_high_below"] = data.vulnerability_high_below
        extras["vulnerability_medium_below"] = data.vulnerability_medium_below
    scale_values = [str(level.label).replace(",", " ") for level in scale.LEVELS]
    framework = moodle.Framework(
        data.id_number, data.name, _with_extras(data.description, extras), scale_values
    )
    nodes: dict[str, moodle.Competence] = {}
    for competence in data.competences:
        node = nodes.get(competence.category)
        if node is None:
            node = moodle.Competence(
                f"{data.id_number}-{competence.category}", category_label(competence.category)
            )
            nodes[competence.category] = node
            framework.competences.append(node)
        goal = {"goal": competence.goal} if competence.goal else {}
        node.children.append(
            moodle.Competence(
                competence.id_number,
                competence.name,
                _with_extras(competence.description, goal),
                competence.expected_level,
            )
        )
    return framework


def export_moodle(data: ProfileData) -> str:
    return moodle.export_csv(to_framework(data))


def _category_of_node(node: moodle.Competence) -> str | None:
    for category in Category:
        if node.id_number == category.value or node.id_number.endswith(f"-{category.value}"):
            return category.value
    return category_of(node.name)


def from_framework(framework: moodle.Framework) -> ProfileData:
    problems: list[RowProblem] = []
    description, extras = _split_extras(framework.description)
    data = ProfileData(
        name=framework.name,
        id_number=framework.id_number,
        description=description,
        applies_to=str(extras.get("applies_to", "")),
        strategy_goal=str(extras.get("strategy_goal", "")),
    )
    thresholds = check_thresholds(
        extras.get("vulnerability_high_below", DEFAULT_HIGH),
        extras.get("vulnerability_medium_below", DEFAULT_MEDIUM),
        line=framework.line,
        problems=problems,
    )
    data.vulnerability_high_below, data.vulnerability_medium_below = thresholds
    check_profile_fields(data, line=framework.line, problems=problems)
    for top in framework.competences:
        category = _category_of_node(top)
        if category is None:
            problems.append(
                RowProblem(
                    top.line,
                    _(
                        "“%(name)s” is at the top level but is not one of the four categories "
                        "(professional, social, organisational, personal)."
                    )
                    % {"name": top.name},
                )
            )
            continue
        for node in top.children:
            for grandchild in _descendants(node.children):
                problems.append(
                    RowProblem(
                        grandchild.line,
                        _(
                            "“%(name)s” is on a third level; Trinvis reads categories and the "
                            "competences directly below them."
                        )
                        % {"name": grandchild.name},
                    )
                )
            text, goal = _split_extras(node.description)
            competence = CompetenceData(
                category=category,
                id_number=node.id_number,
                name=node.name,
                description=text,
                expected_level=node.expected_level or 0,
                goal=str(goal.get("goal", "")),
            )
            if node.expected_level is None:
                problems.append(
                    RowProblem(
                        node.line,
                        _(
                            "“%(name)s” has no expected level: mark the lowest proficient value "
                            "of its scale."
                        )
                        % {"name": node.name},
                    )
                )
            check_competence(competence, line=node.line, problems=problems)
            data.competences.append(competence)
    if problems:
        raise InterchangeError(sorted(problems, key=lambda p: p.line or 0))
    return data


def _descendants(nodes: list[moodle.Competence]) -> Iterable[moodle.Competence]:
    for node in nodes:
        yield node
        yield from _descendants(node.children)


def parse_moodle(text: str) -> ProfileData:
    try:
        framework = moodle.parse_csv(text)
    except moodle.MoodleImportError as error:
        raise InterchangeError(
            [RowProblem(line, message) for line, message in error.problems]
        ) from None
    return from_framework(framework)


def is_moodle(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return first.startswith(moodle.HEADERS[0]) and moodle.HEADERS[2] in first
