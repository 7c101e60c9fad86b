"""Writes for toolkit versions: loading shipped content and adapting copies."""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trinvis.organisations.models import Organisation
from trinvis.toolkits.content import ContentError, Problem, check, load_text
from trinvis.toolkits.localise import searchable
from trinvis.toolkits.models import Toolkit, ToolkitStep

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "toolkits"


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _hash(document: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def _read_all(paths: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    documents, problems = [], []
    slugs: dict[str, Path] = {}
    for path in paths:
        try:
            document = load_text(path.read_text(encoding="utf-8"), path.name)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        except UnicodeDecodeError:
            problems.append(Problem(path.name, 0, "not UTF-8 text"))
            continue
        if document["slug"] in slugs:
            problems.append(
                Problem(
                    path.name,
                    1,
                    f"slug “{document['slug']}” is also in {slugs[document['slug']].name}",
                )
            )
        slugs[document["slug"]] = path
        documents.append((path, document))
    if problems:
        raise ContentError(problems)
    return documents


@transaction.atomic
def toolkits_load(*, paths: list[Path] | None = None) -> LoadReport:
    """Check every file, then load new versions; one bad file means nothing is loaded."""
    paths = sorted(paths if paths is not None else CONTENT_DIR.glob("*.yaml"))
    report = LoadReport()
    problems: list[Problem] = []
    for path, document in _read_all(paths):
        digest = _hash(document)
        latest = (
            Toolkit.objects.filter(slug=document["slug"], organisation__isnull=True)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.content_hash == digest:
            report.unchanged.append(document["slug"])
            continue
        if latest is not None and document["version"] <= latest.version:
            problems.append(
                Problem(
                    path.name,
                    1,
                    f"the content changed but version {document['version']} is not above the "
                    f"loaded version {latest.version}: raise “version”",
                )
            )
            continue
        toolkit_create_version(document=document, digest=digest)
        report.loaded.append(f"{document['slug']} v{document['version']}")
    if problems:
        raise ContentError(problems)
    return report


def toolkit_create_version(
    *,
    document: dict[str, Any],
    digest: str | None = None,
    organisation: Any = None,
    based_on: Toolkit | None = None,
) -> Toolkit:
    Toolkit.objects.filter(slug=document["slug"], organisation=organisation, is_latest=True).update(
        is_latest=False
    )
    toolkit = Toolkit(
        slug=document["slug"],
        version=document["version"],
        organisation=organisation,
        based_on=based_on,
        title=document["title"],
        summary=document.get("summary", {}),
        document=document,
        content_hash=digest or _hash(document),
    )
    toolkit.full_clean()
    toolkit.save()
    ToolkitStep.objects.bulk_create(
        ToolkitStep(
            toolkit=toolkit,
            key=step["key"],
            phase_key=phase["key"],
            position=position,
            title=step["title"],
            search_da=searchable(document, step, "da"),
            search_nb=searchable(document, step, "nb"),
            search_en=searchable(document, step, "en"),
        )
        for position, (phase, step) in enumerate(
            (phase, step) for phase in document["phases"] for step in phase["steps"]
        )
    )
    return toolkit


# --- catalogue: an organisation's adapted copy of a shipped toolkit ---------------------
# Every edit of a copy is a new version, so a run keeps the version it started with; the
# shipped original is never changed.


def _check_document(document: dict[str, Any]) -> None:
    problems = check(document, {}, document["slug"])
    if problems:
        raise ValidationError([problem.message for problem in problems])


@transaction.atomic
def toolkit_adapt(*, toolkit: Toolkit, organisation: Organisation, by: Any) -> Toolkit:
    """Copy a shipped toolkit to an organisation, as version 1 of the organisation's copy."""
    if toolkit.organisation_id is not None:
        raise ValidationError(_("Only a toolkit that Trinvis ships can be copied."))
    if Toolkit.objects.filter(organisation=organisation, slug=toolkit.slug).exists():
        raise ValidationError(
            _("%(organisation)s already has its own copy of this toolkit.")
            % {"organisation": organisation.name}
        )
    document = {**copy.deepcopy(toolkit.document), "version": 1}
    _check_document(document)
    return toolkit_create_version(document=document, organisation=organisation, based_on=toolkit)


def _new_version(*, toolkit: Toolkit, document: dict[str, Any]) -> Toolkit:
    if toolkit.organisation is None or toolkit.based_on_id is None:
        raise ValidationError(_("Only an organisation's own copy can be changed."))
    latest = (
        Toolkit.objects.select_for_update()
        .filter(organisation=toolkit.organisation, slug=toolkit.slug)
        .order_by("-version")
        .first()
    )
    assert latest is not None
    if latest.pk != toolkit.pk:
        raise ValidationError(_("Someone changed this toolkit meanwhile. Open it again."))
    document["version"] = latest.version + 1
    _check_document(document)
    return toolkit_create_version(
        document=document, organisation=toolkit.organisation, based_on=toolkit.based_on
    )


def _step_in(document: dict[str, Any], key: str) -> tuple[dict[str, Any], int]:
    for phase in document["phases"]:
        for index, step in enumerate(phase["steps"]):
            if step["key"] == key:
                return phase, index
    raise ValidationError(_("The toolkit has no such step."))


def _texts(texts: dict[str, str]) -> dict[str, str]:
    return {language: text.strip() for language, text in texts.items() if text.strip()}


@transaction.atomic
def toolkit_rename(*, toolkit: Toolkit, title: dict[str, str], by: Any) -> Toolkit:
    document = copy.deepcopy(toolkit.document)
    document["title"] = _texts(title)
    return _new_version(toolkit=toolkit, document=document)


@transaction.atomic
def toolkit_step_rename(*, toolkit: Toolkit, key: str, title: dict[str, str], by: Any) -> Toolkit:
    document = copy.deepcopy(toolkit.document)
    phase, index = _step_in(document, key)
    phase["steps"][index]["title"] = _texts(title)
    return _new_version(toolkit=toolkit, document=document)


def _unique_step_key(document: dict[str, Any], title: str) -> str:
    taken = {step["key"] for phase in document["phases"] for step in phase["steps"]}
    base = (slugify(title) or "step")[:70].strip("-") or "step"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@transaction.atomic
def toolkit_step_add(
    *, toolkit: Toolkit, after: str, title: str, purpose: str, language: str, by: Any
) -> tuple[Toolkit, str]:
    """Add a step after the step `after`; (the new version, the new step's key)."""
    document = copy.deepcopy(toolkit.document)
    phase, index = _step_in(document, after)
    key = _unique_step_key(document, title)
    phase["steps"].insert(
        index + 1,
        {"key": key, "title": _texts({language: title}), "purpose": _texts({language: purpose})},
    )
    return _new_version(toolkit=toolkit, document=document), key


@transaction.atomic
def toolkit_question_add(
    *, toolkit: Toolkit, key: str, question: str, language: str, by: Any
) -> Toolkit:
    document = copy.deepcopy(toolkit.document)
    phase, index = _step_in(document, key)
    step = phase["steps"][index]
    step["reflection_questions"] = [
        *step.get("reflection_questions", []),
        _texts({language: question}),
    ]
    return _new_version(toolkit=toolkit, document=document)
