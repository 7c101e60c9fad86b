"""The warnings a good consultant gives about an education plan, computed in one place.

Pure functions over facts already loaded (selectors_plans.py gathers them with a fixed number
of queries): no database access here, so the rules are quick to test one by one.

The rules, and what counts:
1. One person alone on a course. For each activity, the plan's open rows (planned or in
   progress) are taken together and their people counted per organisation (the unit or
   team the person belongs to below the plan's organisation). An organisation that sends
   exactly one person gets a warning: someone back from a course alone rarely changes how a
   team works; two or more can try the new way together.
2. A short-term need without an activity. A need of the plan's competence round that the
   leader prioritised for the short term is answered only by a row that has an activity and
   is not cancelled.
3. An activity without a learning goal. An open row with an activity has a learning goal
   when a goal (organisational or personal) is linked to the row, or when one of its people
   has a personal goal for the row's activity. Success criteria alone do not count: they
   say how success is seen, a goal says what is to be learned, and the follow-up talks come
   back to the goals.
4. Effort not following 30-30-40. The effort of the rows that are not cancelled is summed
   per phase; each phase's share, rounded to whole per cent as shown, must lie in its band:
   before 20–30 %, during 25–35 %, after 40–50 %. A plan with rows and no effort at all gets
   a warning too. Each row's own split is shown with the row, not warned about.
5. A row without an owner or a time. An open row with people needs a responsible person and
   a schedule, or it does not happen.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HUNDRED = Decimal(100)


class Phase(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


PHASE_LABELS = {
    Phase.BEFORE: gettext_lazy("Before the course"),
    Phase.DURING: gettext_lazy("During the course"),
    Phase.AFTER: gettext_lazy("After the course"),
}

# The recommended share of each phase, in whole per cent, both ends included.
BANDS: dict[Phase, tuple[int, int]] = {
    Phase.BEFORE: (20, 30),
    Phase.DURING: (25, 35),
    Phase.AFTER: (40, 50),
}


def band_in_words(phase: Phase) -> str:
    low, high = BANDS[phase]
    return _("%(low)s–%(high)s %%") % {"low": low, "high": high}


def rule_in_words() -> str:
    return _(
        "The 30-30-40 rule: put 20–30 % of the effort before the course, about 30 % "
        "(25–35 %) during it and 40–50 % after it."
    )


@dataclass(frozen=True)
class Effort:
    """Planned effort per phase, in hours (or the one unit the plan uses throughout)."""

    before: Decimal = Decimal(0)
    during: Decimal = Decimal(0)
    after: Decimal = Decimal(0)

    def __add__(self, other: "Effort") -> "Effort":
        return Effort(
            self.before + other.before, self.during + other.during, self.after + other.after
        )

    @property
    def total(self) -> Decimal:
        return self.before + self.during + self.after

    def amount(self, phase: Phase) -> Decimal:
        value: Decimal = getattr(self, phase.value)
        return value

    def share(self, phase: Phase) -> int | None:
        """The phase's share in whole per cent (half up), as the page shows it; None
        without any effort."""
        if not self.total:
            return None
        exact = self.amount(phase) * HUNDRED / self.total
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def outside(self) -> list[Phase]:
        """The phases whose share lies outside their band (all of them without effort)."""
        phases = []
        for phase in Phase:
            share = self.share(phase)
            low, high = BANDS[phase]
            if share is None or not low <= share <= high:
                phases.append(phase)
        return phases

    @property
    def follows_rule(self) -> bool:
        return bool(self.total) and not self.outside()

    def outside_in_words(self) -> list[str]:
        """One line per phase outside its band, e.g. "Before the course: 10 %
        (recommended 20–30 %)"."""
        return [
            _("%(phase)s: %(share)s %% (recommended %(band)s)")
            % {
                "phase": PHASE_LABELS[phase],
                "share": self.share(phase),
                "band": band_in_words(phase),
            }
            for phase in self.outside()
        ]


@dataclass(frozen=True)
class PersonFacts:
    id: int
    name: str
    # The organisation the person belongs to for the plan (their unit or team).
    organisation_id: int
    organisation_name: str


@dataclass(frozen=True)
class RowFacts:
    """What the rules need to know of one row."""

    id: int
    position: int
    activity_id: int | None = None
    activity_title: str = ""
    people: Sequence[PersonFacts] = ()
    has_goal: bool = False
    has_responsible: bool = False
    has_schedule: bool = False
    is_open: bool = True
    is_cancelled: bool = False
    effort: Effort = field(default_factory=Effort)
    need_ids: frozenset[int] = frozenset()

    @property
    def name(self) -> str:
        if self.activity_title:
            return _("row %(position)s (“%(activity)s”)") % {
                "position": self.position,
                "activity": self.activity_title,
            }
        return _("row %(position)s") % {"position": self.position}


@dataclass(frozen=True)
class NeedFacts:
    """A need the leader prioritised for the short term."""

    id: int
    competence_name: str


class Kind(StrEnum):
    ALONE = "alone"
    NEED_WITHOUT_ACTIVITY = "need_without_activity"
    NO_GOAL = "no_goal"
    EFFORT = "effort"
    NO_OWNER = "no_owner"


# The summary lists the kinds in this order, each with how many warnings it has.
KIND_LABELS = {
    Kind.ALONE: gettext_lazy("One person alone on a course"),
    Kind.NEED_WITHOUT_ACTIVITY: gettext_lazy("Short-term needs without an activity"),
    Kind.NO_GOAL: gettext_lazy("Activities without a learning goal"),
    Kind.EFFORT: gettext_lazy("Effort before, during and after"),
    Kind.NO_OWNER: gettext_lazy("Rows without a responsible person or a schedule"),
}


class Links(Protocol):
    """Where each warning is fixed; an empty string where the reader may not fix it."""

    def row_edit(self, row_id: int) -> str: ...

    def row_add(self, need_id: int) -> str: ...

    def goal_add(self, row_id: int) -> str: ...

    def effort(self) -> str: ...


@dataclass(frozen=True)
class PlanWarning:
    kind: Kind
    title: str
    explanation: str
    fix_url: str = ""
    fix_label: str = ""
    # The rows it concerns (shown at each of them); empty for the plan as a whole.
    row_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SummaryLine:
    kind: Kind
    label: str
    warnings: list[PlanWarning]

    @property
    def count(self) -> int:
        return len(self.warnings)


@dataclass(frozen=True)
class PlanChecks:
    warnings: list[PlanWarning]
    effort: Effort

    @property
    def effort_follows_rule(self) -> bool:
        return self.effort.follows_rule

    def for_row(self, row_id: int) -> list[PlanWarning]:
        return [warning for warning in self.warnings if row_id in warning.row_ids]

    def summary(self) -> list[SummaryLine]:
        lines = []
        for kind, label in KIND_LABELS.items():
            found = [warning for warning in self.warnings if warning.kind == kind]
            if found:
                lines.append(SummaryLine(kind, str(label), found))
        return lines


# --- the rules -------------------------------------------------------------------------------


def alone_on_a_course(rows: Sequence[RowFacts], links: Links) -> list[PlanWarning]:
    """Rule 1: per activity and organisation, exactly one person."""
    # (activity, organisation) → person id → (person, the rows naming them)
    sent: dict[tuple[int, int], dict[int, tuple[PersonFacts, list[RowFacts]]]] = {}
    for row in rows:
        if not row.is_open or row.activity_id is None:
            continue
        for person in row.people:
            by_person = sent.setdefault((row.activity_id, person.organisation_id), {})
            by_person.setdefault(person.id, (person, []))[1].append(row)
    warnings = []
    for by_person in sent.values():
        if len(by_person) != 1:
            continue
        person, person_rows = next(iter(by_person.values()))
        first = person_rows[0]
        warnings.append(
            PlanWarning(
                kind=Kind.ALONE,
                title=_("%(person)s is the only one from %(organisation)s on “%(activity)s”")
                % {
                    "person": person.name,
                    "organisation": person.organisation_name,
                    "activity": first.activity_title,
                },
                explanation=_(
                    "Someone back from a course alone rarely changes how a team works. Send "
                    "at least two from a unit, so they can try the new way together and keep "
                    "each other to it. If only one can go, let them gather their colleagues' "
                    "practice and challenges before the course and share what they learned "
                    "after it."
                ),
                fix_url=links.row_edit(first.id),
                fix_label=_("Add a colleague to %(row)s") % {"row": first.name},
                row_ids=tuple(row.id for row in person_rows),
            )
        )
    return warnings


def needs_without_activity(
    rows: Sequence[RowFacts], short_needs: Sequence[NeedFacts], links: Links
) -> list[PlanWarning]:
    """Rule 2: short-term needs no row with an activity answers."""
    answered = {
        need_id
        for row in rows
        if row.activity_id is not None and not row.is_cancelled
        for need_id in row.need_ids
    }
    return [
        PlanWarning(
            kind=Kind.NEED_WITHOUT_ACTIVITY,
            title=_("No activity answers the need “%(competence)s”")
            % {"competence": need.competence_name},
            explanation=_(
                "The need was prioritised for the short term, but no row of the plan sends "
                "anyone to an activity for it yet."
            ),
            fix_url=links.row_add(need.id),
            fix_label=_("Add a row for “%(competence)s”") % {"competence": need.competence_name},
        )
        for need in short_needs
        if need.id not in answered
    ]


def activities_without_goal(rows: Sequence[RowFacts], links: Links) -> list[PlanWarning]:
    """Rule 3: open rows with an activity and no learning goal."""
    return [
        PlanWarning(
            kind=Kind.NO_GOAL,
            title=_("No learning goal for %(row)s") % {"row": row.name},
            explanation=_(
                "Goals agreed before the course are what the follow-up talks come back to; "
                "without them nobody can tell whether the course changed anything. Link an "
                "organisational goal to the row, or let the leader and each participant agree "
                "on personal goals for the activity."
            ),
            fix_url=links.goal_add(row.id),
            fix_label=_("Write a learning goal for %(row)s") % {"row": row.name},
            row_ids=(row.id,),
        )
        for row in rows
        if row.is_open and row.activity_id is not None and not row.has_goal
    ]


def effort_rule(rows: Sequence[RowFacts], links: Links) -> list[PlanWarning]:
    """Rule 4: the plan's summed effort against the 30-30-40 bands."""
    counted = [row for row in rows if not row.is_cancelled]
    if not counted:
        return []
    effort = summed_effort(rows)
    if effort.follows_rule:
        return []
    if not effort.total:
        return [
            PlanWarning(
                kind=Kind.EFFORT,
                title=_("No effort is planned yet"),
                explanation=_(
                    "Give each row the hours it takes before, during and after the course. "
                    "Most of the change happens after it: plan time for trying out, for "
                    "follow-up talks and for sharing with colleagues."
                )
                + " "
                + rule_in_words(),
                fix_url=links.effort(),
                fix_label=_("See the effort per row"),
            )
        ]
    return [
        PlanWarning(
            kind=Kind.EFFORT,
            title=_("The effort does not follow the 30-30-40 rule"),
            explanation=" ".join(
                [
                    *effort.outside_in_words(),
                    _(
                        "Plan time before the course to agree on purpose and goals, and "
                        "most of it after the course for trying out, follow-up talks and "
                        "sharing with colleagues."
                    ),
                ]
            ),
            fix_url=links.effort(),
            fix_label=_("See the effort per row"),
        )
    ]


def rows_without_owner(rows: Sequence[RowFacts], links: Links) -> list[PlanWarning]:
    """Rule 5: open rows with people and no responsible person or no schedule."""
    warnings = []
    for row in rows:
        if not row.is_open or not row.people or (row.has_responsible and row.has_schedule):
            continue
        if not row.has_responsible and not row.has_schedule:
            title = _("%(row)s has no responsible person and no schedule")
        elif not row.has_responsible:
            title = _("%(row)s has no responsible person")
        else:
            title = _("%(row)s has no schedule")
        warnings.append(
            PlanWarning(
                kind=Kind.NO_OWNER,
                title=title % {"row": capitalised(row.name)},
                explanation=_(
                    "Someone must own the row and it needs a time, or it does not happen: "
                    "name who sees to it, and when it takes place."
                ),
                fix_url=links.row_edit(row.id),
                fix_label=_("Change %(row)s") % {"row": row.name},
                row_ids=(row.id,),
            )
        )
    return warnings


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def summed_effort(rows: Sequence[RowFacts]) -> Effort:
    total = Effort()
    for row in rows:
        if not row.is_cancelled:
            total += row.effort
    return total


def check_plan(
    *, rows: Sequence[RowFacts], short_needs: Sequence[NeedFacts], links: Links
) -> PlanChecks:
    """All warnings of the plan, in the order of the summary."""
    warnings = [
        *alone_on_a_course(rows, links),
        *needs_without_activity(rows, short_needs, links),
        *activities_without_goal(rows, links),
        *effort_rule(rows, links),
        *rows_without_owner(rows, links),
    ]
    return PlanChecks(warnings=warnings, effort=summed_effort(rows))
