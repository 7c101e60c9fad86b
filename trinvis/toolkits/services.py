"""Writes for toolkits: loading shipped content; runs and worksheets follow."""

import copy
import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.toolkits.content import ContentError, Problem, check, load_text
from trinvis.toolkits.localise import searchable
from trinvis.toolkits.models import Run, RunStep, RunStepChange, Toolkit, ToolkitStep
from trinvis.toolkits.selectors import run_people

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


# --- runs ------------------------------------------------------------------------------------
# Starting a run and changing its steps. A run keeps the toolkit version it was started with.

_SETTLED = (RunStep.Status.DONE, RunStep.Status.SKIPPED)


class RunStepConflict(Exception):
    """Someone else saved the step after the form was opened; nothing was overwritten."""

    def __init__(self, current: RunStep) -> None:
        super().__init__("the step was changed by someone else")
        self.current = current


def _members_of_subtree(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation__path__startswith=organisation.path,
        memberships__is_active=True,
    ).distinct()


@transaction.atomic
def run_start(
    *,
    organisation: Organisation,
    toolkit: Toolkit,
    title: str,
    responsible: User,
    participants: Iterable[User],
    start_date: datetime.date,
    target_date: datetime.date | None,
    by: User | None,
) -> Run:
    """Create a run of one toolkit version with one step row per step of the toolkit."""
    participants = list(participants)
    errors: dict[str, str] = {}
    if toolkit.organisation_id is not None and toolkit.organisation_id not in {
        organisation.pk,
        *organisation.ancestor_ids,
    }:
        errors["toolkit"] = _("This toolkit belongs to another organisation.")
    members = set(
        _members_of_subtree(organisation)
        .filter(pk__in=[responsible.pk, *(p.pk for p in participants)])
        .values_list("pk", flat=True)
    )
    if responsible.pk not in members:
        errors["responsible"] = _("The responsible person must be a member of the organisation.")
    if any(p.pk not in members for p in participants):
        errors["participants"] = _("Every participant must be a member of the organisation.")
    if target_date is not None and target_date < start_date:
        errors["target_date"] = _("The target date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    run = Run(
        organisation=organisation,
        toolkit=toolkit,
        title=title,
        responsible=responsible,
        start_date=start_date,
        target_date=target_date,
        created_by=by,
    )
    run.full_clean()
    run.save()
    run.participants.set(participants)
    RunStep.objects.bulk_create(
        RunStep(run=run, key=step["key"], position=position)
        for position, step in enumerate(toolkit.steps)
    )
    return run


def _shown(value: Any) -> Any:
    """A value as the history keeps it: text for people and dates, as is otherwise."""
    if isinstance(value, User):
        return value.full_name or value.email
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@transaction.atomic
def run_step_update(
    *,
    step: RunStep,
    version: int,
    status: str,
    owner: User | None,
    due_date: datetime.date | None,
    notes: str,
    skip_reason: str = "",
    reflection_answers: dict[str, str] | None = None,
    by: User | None,
) -> RunStep:
    """Save a step when nobody else saved it since `version`; every change goes in the history.

    One thing at a time: a step is done only when every earlier step is done or skipped.
    Skipping needs a reason. Raises RunStepConflict when the version is stale.
    """
    current = RunStep.objects.select_related("owner").get(pk=step.pk)
    if current.version != version:
        raise RunStepConflict(current)
    skip_reason = skip_reason.strip() if status == RunStep.Status.SKIPPED else ""
    answers = {key: text for key, text in (reflection_answers or {}).items() if text.strip()}
    errors: dict[str, str] = {}
    if status == RunStep.Status.SKIPPED and not skip_reason:
        errors["skip_reason"] = _("Say why the step is skipped.")
    if (
        status == RunStep.Status.DONE
        and RunStep.objects.filter(run_id=current.run_id, position__lt=current.position)
        .exclude(status__in=_SETTLED)
        .exists()
    ):
        errors["status"] = _(
            "One thing at a time: finish or skip the earlier steps before marking this one done."
        )
    if owner is not None and not run_people(run=step.run).filter(pk=owner.pk).exists():
        errors["owner"] = _(
            "The owner must be the run’s responsible person, a participant or a leader of "
            "the organisation."
        )
    if errors:
        raise ValidationError(errors)

    new_values = {
        "status": status,
        "owner": owner,
        "due_date": due_date,
        "notes": notes,
        "skip_reason": skip_reason,
        "reflection_answers": answers,
    }
    changes = {
        name: {"from": _shown(getattr(current, name)), "to": _shown(value)}
        for name, value in new_values.items()
        if getattr(current, name) != value
    }
    if not changes:
        return current
    for name, value in new_values.items():
        setattr(current, name, value)
    current.version = version + 1
    current.full_clean()
    # Compare-and-set on the version: a save that slipped in since the read above loses nothing.
    saved = RunStep.objects.filter(pk=current.pk, version=version).update(
        status=status,
        owner=owner,
        due_date=due_date,
        notes=notes,
        skip_reason=skip_reason,
        reflection_answers=answers,
        version=version + 1,
        updated_at=timezone.now(),
    )
    if not saved:
        raise RunStepConflict(RunStep.objects.select_related("owner").get(pk=step.pk))
    RunStepChange.objects.create(step=current, by=by, version=current.version, changes=changes)
    return current
