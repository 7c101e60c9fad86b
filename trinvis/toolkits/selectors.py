"""Reads for the toolkit catalogue: lists, outlines, search and the barrier check.

Each function runs a fixed number of queries however many toolkits or steps there are; the
documents are read whole (one JSON column per version) and walked in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from trinvis.accounts.models import User
from trinvis.organisations.access import WRITE_ROLES, scope_for
from trinvis.organisations.models import Membership, Organisation
from trinvis.toolkits.access import runs_visible, toolkits_visible
from trinvis.toolkits.content import LANGUAGES
from trinvis.toolkits.localise import pick
from trinvis.toolkits.models import Run, RunStep, RunStepChange, Toolkit, ToolkitStep

SEARCH_LIMIT = 100


def toolkits_latest_for_user(*, user: Any) -> QuerySet[Toolkit]:
    """The latest version of every shipped toolkit and of the user's organisations' copies."""
    return (
        toolkits_visible(user=user)
        .filter(is_latest=True)
        .select_related("organisation")
        .order_by("organisation__path", "slug")
    )


def organisations_writable(*, user: Any) -> QuerySet[Organisation]:
    """The organisations where the user may change shared content (copy a toolkit to)."""
    scope = scope_for(user)
    ids = [org_id for org_id in scope.detail_ids if scope.can_write(org_id)]
    return Organisation.objects.filter(pk__in=ids).order_by("path")


def toolkit_adaptations(*, toolkit: Toolkit, user: Any) -> QuerySet[Toolkit]:
    """The user's organisations' copies (latest version) of a shipped toolkit."""
    return (
        toolkits_visible(user=user)
        .filter(is_latest=True, organisation__isnull=False, based_on__slug=toolkit.slug)
        .select_related("organisation")
        .order_by("organisation__path")
    )


def toolkit_outline(*, toolkit: Toolkit) -> list[dict[str, Any]]:
    """The phases in order, each step with the worksheet templates it uses, for templates."""
    sheets = toolkit.document["worksheets"]
    return [
        {
            **phase,
            "steps": [
                {
                    **step,
                    "worksheet_templates": [
                        {"key": key, **sheets[key]} for key in step.get("worksheets", [])
                    ],
                }
                for step in phase["steps"]
            ],
        }
        for phase in toolkit.document["phases"]
    ]


def toolkit_step_find(*, toolkit: Toolkit, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(phase, step) of the step with this key; KeyError when the version has no such step."""
    for phase in toolkit.document["phases"]:
        for step in phase["steps"]:
            if step["key"] == key:
                return phase, step
    raise KeyError(key)


@dataclass
class SearchGroup:
    toolkit: Toolkit
    steps: list[ToolkitStep] = field(default_factory=list)


def toolkit_steps_search(*, user: Any, query: str, language: str) -> list[SearchGroup]:
    """Steps of the latest visible toolkits whose text contains the query, by toolkit."""
    needle = query.strip().casefold()
    if not needle:
        return []
    base = language.split("-")[0]
    column = f"search_{base if base in LANGUAGES else 'en'}"
    steps = (
        ToolkitStep.objects.filter(
            toolkit__in=toolkits_latest_for_user(user=user).values("pk"),
            **{f"{column}__contains": needle},
        )
        .select_related("toolkit", "toolkit__organisation")
        .order_by("toolkit__organisation__path", "toolkit__slug", "position")[:SEARCH_LIMIT]
    )
    return [
        SearchGroup(toolkit=toolkit, steps=list(rows))
        for toolkit, rows in groupby(steps, key=lambda step: step.toolkit)
    ]


@dataclass
class BarrierHelp:
    """What one toolkit offers against one barrier: steps, and worksheets with their step."""

    toolkit: Toolkit
    steps: list[dict[str, Any]] = field(default_factory=list)
    worksheets: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Barrier:
    key: str
    label: dict[str, str]
    helps: list[BarrierHelp] = field(default_factory=list)


def barriers_for_user(*, user: Any, language: str) -> list[Barrier]:
    """Every barrier of the latest visible toolkits (one per key) with what addresses it."""
    barriers: dict[str, Barrier] = {}
    for toolkit in toolkits_latest_for_user(user=user):
        document = toolkit.document
        steps = {step["key"]: step for phase in document["phases"] for step in phase["steps"]}
        for item in document.get("barriers", []):
            barrier = barriers.setdefault(item["key"], Barrier(item["key"], item["label"]))
            help_ = BarrierHelp(toolkit=toolkit)
            for target in item["addressed_by"]:
                if target in steps:
                    help_.steps.append(steps[target])
                # A key may name both a step and its worksheet: show both.
                if target in document["worksheets"]:
                    help_.worksheets.append(
                        {
                            "key": target,
                            **document["worksheets"][target],
                            "steps": [
                                step
                                for step in steps.values()
                                if target in step.get("worksheets", [])
                            ],
                        }
                    )
            barrier.helps.append(help_)
    return sorted(
        barriers.values(), key=lambda barrier: pick(barrier.label, language)[0].casefold()
    )


# --- runs ------------------------------------------------------------------------------------
# Reads for runs (forløb) and their steps; each runs a fixed number of queries.

SETTLED = (RunStep.Status.DONE, RunStep.Status.SKIPPED)


def _steps_by_key(toolkit: Toolkit) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {
        step["key"]: (phase, step)
        for phase in toolkit.document["phases"]
        for step in phase["steps"]
    }


def _runs_with_progress(runs: QuerySet[Run]) -> QuerySet[Run]:
    """Runs with the number of steps, of settled steps, and the first unsettled step."""
    next_step = (
        RunStep.objects.filter(run=OuterRef("pk")).exclude(status__in=SETTLED).order_by("position")
    )
    return runs.select_related("organisation", "toolkit", "responsible").annotate(
        steps_total=Count("steps"),
        steps_settled=Count("steps", filter=Q(steps__status__in=SETTLED)),
        next_step_key=Subquery(next_step.values("key")[:1]),
        next_step_due=Subquery(next_step.values("due_date")[:1]),
        next_step_owner=Subquery(next_step.values("owner__full_name")[:1]),
    )


def _attach_next_step(runs: Iterable[Run]) -> list[Run]:
    rows = list(runs)
    for run in rows:
        found = _steps_by_key(run.toolkit).get(run.next_step_key or "")  # type: ignore[attr-defined]
        run.next_step = found[1] if found else None  # type: ignore[attr-defined]
    return rows


def runs_for_user(*, user: Any) -> list[Run]:
    """Runs of the organisations the user sees in detail, with progress and the next step."""
    runs = _runs_with_progress(runs_visible(user=user)).order_by(
        "organisation__path", "-start_date", "title"
    )
    return _attach_next_step(runs)


def runs_in_progress(*, user: Any, limit: int = 10) -> list[Run]:
    """Runs that still have an unsettled step, the nearest target date first, with their
    progress and next step as `runs_for_user` gives them (for the home page).

    The runs are read first and then their steps, at most `limit` runs' worth: two plain
    queries cost less to build and to plan than one that counts the steps and looks up the
    next one in subqueries (4.6 ms for that one alone on the national data, most of it before
    the database runs it), and the second is not needed at all without a run."""
    runs = list(
        runs_visible(user=user)
        .filter(Exists(RunStep.objects.filter(run=OuterRef("pk")).exclude(status__in=SETTLED)))
        .select_related("organisation", "toolkit")
        .order_by(F("target_date").asc(nulls_last=True), "title")[:limit]
    )
    steps = (
        RunStep.objects.filter(run__in=runs)
        .order_by("run_id", "position")
        .values_list("run_id", "key", "status", "due_date", "owner__full_name", named=True)
    )
    by_run = {run_id: list(rows) for run_id, rows in groupby(steps, key=lambda row: row.run_id)}
    for run in runs:
        progress: Any = run  # annotated as _runs_with_progress annotates
        rows = by_run.get(run.pk, [])
        progress.steps_total = len(rows)
        progress.steps_settled = sum(1 for row in rows if row.status in SETTLED)
        following = next((row for row in rows if row.status not in SETTLED), None)
        progress.next_step_key = following.key if following else None
        progress.next_step_due = following.due_date if following else None
        progress.next_step_owner = following.owner__full_name if following else None
    return _attach_next_step(runs)


def run_steps_owned_open(*, user: Any, limit: int = 10) -> list[RunStep]:
    """Steps the user owns that are neither done nor skipped, with their content."""
    steps = list(
        RunStep.objects.filter(owner_id=user.pk, run__in=runs_visible(user=user).values("pk"))
        .exclude(status__in=SETTLED)
        .select_related("run", "run__toolkit")
        .order_by(F("due_date").asc(nulls_last=True), "run__title", "position")[:limit]
    )
    for run_step in steps:
        found = _steps_by_key(run_step.run.toolkit).get(run_step.key)
        run_step.content = found[1] if found else {}  # type: ignore[attr-defined]
    return steps


@dataclass
class StepView:
    """A step of a run: its content from the toolkit version and where the run stands."""

    phase: dict[str, Any]
    content: dict[str, Any]
    run_step: RunStep
    indicator: str  # done · current · todo · skipped (the step indicator's statuses)


@dataclass
class RunOverview:
    run: Run
    steps: list[StepView]
    phases: list[tuple[dict[str, Any], list[StepView]]]
    current: StepView | None
    participants: list[User]

    @property
    def settled(self) -> int:
        return sum(1 for view in self.steps if view.run_step.is_settled)

    def find(self, key: str) -> StepView | None:
        return next((view for view in self.steps if view.content["key"] == key), None)

    def neighbours(self, view: StepView) -> tuple[StepView | None, StepView | None]:
        index = self.steps.index(view)
        previous = self.steps[index - 1] if index > 0 else None
        following = self.steps[index + 1] if index + 1 < len(self.steps) else None
        return previous, following


def run_overview(*, run: Run) -> RunOverview:
    """The run's steps in order, grouped by phase; current = first not done or skipped."""
    content = _steps_by_key(run.toolkit)
    steps: list[StepView] = []
    current: StepView | None = None
    for run_step in run.steps.select_related("owner").order_by("position"):
        if run_step.key not in content:
            continue
        phase, step = content[run_step.key]
        if run_step.status == RunStep.Status.DONE:
            indicator = "done"
        elif run_step.status == RunStep.Status.SKIPPED:
            indicator = "skipped"
        elif current is None:
            indicator = "current"
        else:
            indicator = "todo"
        view = StepView(phase=phase, content=step, run_step=run_step, indicator=indicator)
        if indicator == "current":
            current = view
        steps.append(view)
    phases = [
        (phase, [view for view in steps if view.phase["key"] == phase["key"]])
        for phase in run.toolkit.document["phases"]
    ]
    return RunOverview(
        run=run,
        steps=steps,
        phases=phases,
        current=current,
        participants=list(run.participants.order_by("full_name")),
    )


def run_step_history(*, run_step: RunStep, limit: int = 50) -> list[RunStepChange]:
    return list(RunStepChange.objects.filter(step=run_step).select_related("by")[:limit])


def organisation_members(*, organisations: Iterable[Organisation]) -> QuerySet[User]:
    """People with an active membership in any of the organisations or below them."""
    paths = Q()
    for organisation in organisations:
        paths |= Q(memberships__organisation__path__startswith=organisation.path)
    if not paths:
        return User.objects.none()
    return User.objects.filter(paths, memberships__is_active=True).distinct().order_by("full_name")


# --- API -------------------------------------------------------------------------------------
# Reads for the JSON API (trinvis/toolkits/api.py); each runs a fixed number of queries.


def toolkits_for_api(*, user: Any) -> QuerySet[Toolkit]:
    """The latest visible versions without their documents (the list needs none)."""
    return toolkits_latest_for_user(user=user).defer("document")


def runs_for_api(*, user: Any) -> QuerySet[Run]:
    """Visible runs with the number of steps and of settled steps."""
    return _runs_with_progress(runs_visible(user=user)).order_by(
        "organisation__path", "-start_date", "title"
    )


def run_steps_for_api(*, run: Run) -> list[RunStep]:
    return list(run.steps.order_by("position"))


def run_step_for_api(*, run: Run, key: str) -> RunStep | None:
    return run.steps.select_related("run__organisation").filter(key=key).first()


def run_people(*, run: Run) -> QuerySet[User]:
    """Who can own a step or be named in a worksheet: the run's responsible person, its
    participants and the people with a write role in the run's organisation itself.

    Not the whole subtree: a large municipality has thousands of members, which would make
    every person list on a step or worksheet page unusable (and slow: see bench/RESULTS.md).
    """
    write_roles = Membership.objects.filter(
        organisation_id=run.organisation_id, is_active=True, role__in=WRITE_ROLES
    ).values("user_id")
    return (
        User.objects.filter(
            Q(pk=run.responsible_id) | Q(runs=run) | Q(pk__in=write_roles), is_active=True
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def run_member(*, run: Run, pk: int) -> User | None:
    """A person the run's steps may be given to (as the page's owner list), or None."""
    return run_people(run=run).filter(pk=pk).first()
