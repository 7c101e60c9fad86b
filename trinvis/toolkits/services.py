"""Writes for toolkits: loading shipped content; runs and worksheets follow."""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from trinvis.toolkits.content import ContentError, Problem, load_text
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
