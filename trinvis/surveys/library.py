"""The shipped questionnaire library: content/surveys/*.yaml into library questionnaires.

Each file holds one questionnaire in the JSON structure of `definition.to_json` (written as
YAML) plus its library key, `slug`. Every text is given in da, nb and en.

Loading (`questionnaires_load()`, also `manage.py load_questionnaires`) is idempotent:

1. every file is read and checked first: the definition must build, every text must be in
   all three languages, and the questionnaire must survive an XLSForm round trip
   (export, pyxform's conversion, parse back equal). One bad file: nothing is loaded.
2. a new slug is created as a library questionnaire (`services.questionnaire_create`);
3. an unchanged file is left alone;
4. a changed file replaces the library entry's definition and questions only while no survey
   uses it. Once a survey has used it, its answers point at its questions, so the entry is
   kept as it is and the file is refused with a message (reported, not raised): give the
   changed questionnaire a new slug (e.g. "course-evaluation-2") to ship it beside the old.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from trinvis.surveys import services
from trinvis.surveys.definition import from_json, to_json
from trinvis.surveys.models import Questionnaire
from trinvis.surveys.xlsform import Questionnaire as Definition
from trinvis.surveys.xlsform import Section, XLSFormError, export_xlsform, parse_xlsform

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "surveys"
LANGUAGES = ("da", "nb", "en")


class LibraryError(Exception):
    """One or more library files are broken; nothing was loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Changed files whose library entry a survey already uses: "slug: reason".
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LibraryFile:
    path: Path
    slug: str
    definition: Definition


def missing_languages(definition: Definition) -> list[str]:
    """Every text of the questionnaire that is not written in all of da, nb and en."""
    missing: list[str] = []

    def check(where: str, labels: dict[str, str]) -> None:
        absent = [language for language in LANGUAGES if not labels.get(language, "").strip()]
        if absent:
            missing.append(f"{where}: no text in {', '.join(absent)}")

    def walk(items: tuple[Any, ...]) -> None:
        for item in items:
            check(item.name, item.labels)
            if isinstance(item, Section):
                walk(item.items)
                continue
            for key, labels in (("hint", item.hints), ("message", item.constraint_messages)):
                if labels:
                    check(f"{item.name} ({key})", labels)
            for row in item.items:
                check(f"{item.name}/{row.name}", row.labels)

    walk(definition.items)
    for choice_list in definition.choice_lists:
        for choice in choice_list.choices:
            check(f"choice list {choice_list.name}/{choice.name}", choice.labels)
    if tuple(definition.languages) != LANGUAGES:
        missing.append(f"languages are {list(definition.languages)}, not {list(LANGUAGES)}")
    return missing


def round_trip_problems(definition: Definition) -> list[str]:
    """Why the questionnaire does not come back equal from its own XLSForm (empty if it does)."""
    try:
        back = parse_xlsform(export_xlsform(definition))
    except XLSFormError as error:
        return [str(problem) for problem in error.problems]
    return [] if back == definition else ["the XLSForm export parses back to a different form"]


def read_file(path: Path) -> tuple[LibraryFile | None, list[str]]:
    """A library file read and checked; (None, problems) when it is refused."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return None, [f"{path.name}: cannot be read: {error}"]
    if not isinstance(document, dict) or not isinstance(document.get("slug"), str):
        return None, [f"{path.name}: not a questionnaire with a “slug”"]
    try:
        definition = from_json(document)
    except (KeyError, TypeError, ValueError) as error:
        return None, [f"{path.name}: not a questionnaire definition: {error!r}"]
    problems = [
        f"{path.name}: {problem}"
        for problem in [*missing_languages(definition), *round_trip_problems(definition)]
    ]
    return (None if problems else LibraryFile(path, document["slug"], definition)), problems


def read_all(paths: list[Path] | None = None) -> list[LibraryFile]:
    """Every library file, checked; raises LibraryError listing every problem of every file."""
    files: list[LibraryFile] = []
    problems: list[str] = []
    for path in sorted(paths if paths is not None else CONTENT_DIR.glob("*.yaml")):
        found, file_problems = read_file(path)
        problems.extend(file_problems)
        if found is not None:
            files.append(found)
    slugs = [found.slug for found in files]
    problems.extend(
        f"the slug {slug} is used twice" for slug in sorted(set(slugs)) if slugs.count(slug) > 1
    )
    if problems:
        raise LibraryError(problems)
    return files


@transaction.atomic
def questionnaires_load(*, paths: list[Path] | None = None) -> LoadReport:
    """Load the library files (all of content/surveys by default); see the module docstring."""
    report = LoadReport()
    for found in read_all(paths):
        existing = (
            Questionnaire.objects.filter(organisation__isnull=True, slug=found.slug)
            .select_for_update()
            .first()
        )
        if existing is None:
            services.questionnaire_create(
                by=None, organisation=None, definition=found.definition, slug=found.slug
            )
            report.created.append(found.slug)
        elif existing.definition == to_json(found.definition):
            report.unchanged.append(found.slug)
        elif existing.surveys.exists():
            report.refused.append(
                f"{found.slug}: {found.path.name} changed, but a survey already uses this "
                "questionnaire, so the library keeps the version its answers belong to. "
                "Give the changed questionnaire a new slug to ship it beside the old one."
            )
        else:
            services.questionnaire_replace_definition(
                questionnaire=existing, definition=found.definition
            )
            report.updated.append(found.slug)
    return report
