"""The example competence profile Trinvis ships (content/competences/integration-work.yaml).

The file gives every text in all three languages, so a leader anywhere can start from it:

    id_number: integration-work
    name: {en: …, da: …, nb: …}
    applies_to: {…}                 # for whom
    description: {…}
    strategy_goal: {…}
    vulnerability_high_below: 2     # optional, 1 ≤ high ≤ medium
    vulnerability_medium_below: 3   # optional
    competences:
      - id_number: labour-market    # unique in the file
        category: professional      # professional | social | organisational | personal
        expected_level: 4           # 1–5
        name: {…}
        description: {…}
        goal: {…}

`load_example()` reads and checks the file and raises `ContentError` with every problem and
its line; `localised()` turns it into the profile data of one language, and
`profile_create_from_example()` saves that as a new profile (through
`services.profiles.profile_create`).
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from trinvis.accounts.models import User
from trinvis.competences.interchange import CompetenceData, ProfileData
from trinvis.competences.models import Category, Profile
from trinvis.competences.services.profiles import profile_create
from trinvis.organisations.models import Organisation
from trinvis.toolkits.content import LANGUAGES, ContentError, Problem, parse

EXAMPLE_PATH = Path(settings.BASE_DIR) / "content" / "competences" / "integration-work.yaml"

PROFILE_TEXTS = ("name", "applies_to", "description", "strategy_goal")
COMPETENCE_TEXTS = ("name", "description", "goal")
Texts = dict[str, str]


@dataclass(frozen=True)
class ExampleCompetence:
    id_number: str
    category: str
    expected_level: int
    texts: dict[str, Texts]


@dataclass(frozen=True)
class Example:
    id_number: str
    texts: dict[str, Texts]
    vulnerability_high_below: int
    vulnerability_medium_below: int
    competences: list[ExampleCompetence] = field(default_factory=list)


class _Checker:
    def __init__(self, file: str, lines: dict[tuple[str | int, ...], int]) -> None:
        self.file, self.lines = file, lines
        self.problems: list[Problem] = []

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        line = next(
            (self.lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in self.lines), 0
        )
        where = ".".join(str(part) for part in path)
        self.problems.append(Problem(self.file, line, f"{where}: {message}" if where else message))

    def keys(self, value: dict[str, Any], path: tuple[str | int, ...], allowed: set[str]) -> None:
        for key in value:
            if key not in allowed:
                self.problem((*path, key), f"unknown field “{key}”")

    def texts(self, value: Any, path: tuple[str | int, ...]) -> Texts:
        if not isinstance(value, dict):
            self.problem(path, "must map the languages en, da and nb to text")
            return {}
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.problem((*path, language), "the text in this language is missing")
        for language in value:
            if language not in LANGUAGES:
                self.problem((*path, language), f"unknown language “{language}”")
        return {language: str(value.get(language, "")).strip() for language in LANGUAGES}

    def identifier(self, value: Any, path: tuple[str | int, ...]) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            self.problem(path, "must be a text of 1 to 100 characters")
            return ""
        return value.strip()

    def whole_number(self, value: Any, path: tuple[str | int, ...], low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problem(path, f"must be a whole number from {low} to {high}")
            return low
        return value


def read_example(text: str, file: str) -> Example:
    """Check an example document; every problem is collected before `ContentError` is raised."""
    data, lines = parse(text, file)
    c = _Checker(file, lines)
    if not isinstance(data, dict):
        raise ContentError([Problem(file, 1, "the file must be a mapping (key: value)")])
    profile_fields = {"id_number", *PROFILE_TEXTS, "competences"}
    optional = {"vulnerability_high_below", "vulnerability_medium_below"}
    c.keys(data, (), profile_fields | optional)
    for key in profile_fields:
        if key not in data:
            c.problem((), f"“{key}” is missing")
    texts = {name: c.texts(data.get(name), (name,)) for name in PROFILE_TEXTS}
    high = c.whole_number(
        data.get("vulnerability_high_below", 2), ("vulnerability_high_below",), 1, 99
    )
    medium = c.whole_number(
        data.get("vulnerability_medium_below", 3), ("vulnerability_medium_below",), 1, 99
    )
    if high > medium:
        c.problem(("vulnerability_high_below",), "must not be above vulnerability_medium_below")
    competences: list[ExampleCompetence] = []
    raw = data.get("competences")
    if not isinstance(raw, list) or not raw:
        c.problem(("competences",), "must be a non-empty list")
        raw = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        path: tuple[str | int, ...] = ("competences", index)
        if not isinstance(item, dict):
            c.problem(path, "must be a mapping (key: value)")
            continue
        required = {"id_number", "category", "expected_level", *COMPETENCE_TEXTS}
        c.keys(item, path, required)
        for key in sorted(required - set(item)):
            c.problem(path, f"“{key}” is missing")
        id_number = c.identifier(item.get("id_number"), (*path, "id_number"))
        if id_number in seen:
            c.problem((*path, "id_number"), f"the ID number “{id_number}” is used twice")
        seen.add(id_number)
        category = item.get("category")
        if category not in Category.values:
            c.problem((*path, "category"), f"must be one of {', '.join(Category.values)}")
        competences.append(
            ExampleCompetence(
                id_number=id_number,
                category=str(category),
                expected_level=c.whole_number(
                    item.get("expected_level"), (*path, "expected_level"), 1, 5
                ),
                texts={name: c.texts(item.get(name), (*path, name)) for name in COMPETENCE_TEXTS},
            )
        )
    id_number = c.identifier(data.get("id_number"), ("id_number",))
    if c.problems:
        raise ContentError(c.problems)
    return Example(id_number, texts, high, medium, competences)


def load_example(path: Path = EXAMPLE_PATH) -> Example:
    return read_example(path.read_text(encoding="utf-8"), str(path.name))


def localised(example: Example, language: str) -> ProfileData:
    """The example as profile data in one language (da, nb or en; anything else: en)."""
    base = (language or "en").split("-")[0]
    if base not in LANGUAGES:
        base = "en"
    return ProfileData(
        name=example.texts["name"][base],
        applies_to=example.texts["applies_to"][base],
        description=example.texts["description"][base],
        strategy_goal=example.texts["strategy_goal"][base],
        id_number=example.id_number,
        vulnerability_high_below=example.vulnerability_high_below,
        vulnerability_medium_below=example.vulnerability_medium_below,
        competences=[
            CompetenceData(
                category=competence.category,
                id_number=competence.id_number,
                name=competence.texts["name"][base],
                description=competence.texts["description"][base],
                expected_level=competence.expected_level,
                goal=competence.texts["goal"][base],
            )
            for competence in example.competences
        ],
    )


def profile_create_from_example(*, by: User, organisation: Organisation, language: str) -> Profile:
    """A copy of the shipped example profile in the user's language, in `organisation`."""
    return profile_create(
        by=by,
        organisation=organisation,
        data=localised(load_example(), language),
        source="example",
    )
