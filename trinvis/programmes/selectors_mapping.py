"""Read the mapping of an agency programme: the municipalities taking part with their
conversations, the compilation of the challenges they named (in total and per region), the
theme decision and the deep-mapping checklist as a grid.

Each read costs a fixed number of queries however many municipalities take part. The
counting itself (`compile_counts`) is plain Python over what the queries returned, so it is
tested directly.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from trinvis.organisations.models import Organisation
from trinvis.programmes.access import TAKING_PART
from trinvis.programmes.models import (
    AgencyProgramme,
    Candidate,
    ChallengeTag,
    DeepMappingAnswer,
    DeepMappingItem,
    MappingConversation,
    ThemeDecision,
)

State = DeepMappingAnswer.State


def with_mapping_state(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """The municipalities (those in the user's reach: access.candidates_in_reach) with
    their conversation, if any, and how many checklist points they have answered (a state
    other than "not known yet"), by name."""
    return (
        candidates.select_related("area", "organisation", "mapping")
        .annotate(answered=Count("deep_mapping", filter=~Q(deep_mapping__state=State.UNKNOWN)))
        .order_by("area__name", "pk")
    )


def conversation_of(candidate: Candidate) -> MappingConversation | None:
    return (
        MappingConversation.objects.filter(candidate=candidate)
        .select_related("recorded_by")
        .prefetch_related("challenges")
        .first()
    )


def theme_of(programme: AgencyProgramme) -> ThemeDecision | None:
    return ThemeDecision.objects.filter(programme=programme).select_related("decided_by").first()


def points_of(programme: AgencyProgramme) -> list[DeepMappingItem]:
    return list(DeepMappingItem.objects.filter(programme=programme).order_by("position", "pk"))


# --- regions ---------------------------------------------------------------------------------


def region_names(candidates: Sequence[Candidate]) -> dict[int, str]:
    """Each candidate's region by candidate id: the nearest region above its municipality's
    organisation, or "<country>, no region" where it has none (a municipality outside the
    organisation tree, or one not under a region, such as one created when a programme's
    owner confirmed it), so it is not read as the whole country. One query for all of them; the
    candidates come with `organisation` and `area__organisation` selected."""
    organisations = {
        candidate.pk: candidate.organisation or candidate.area.organisation
        for candidate in candidates
    }
    above = {pk for org in organisations.values() if org is not None for pk in org.ancestor_ids}
    regions = dict(
        Organisation.objects.filter(pk__in=above, kind=Organisation.Kind.REGION).values_list(
            "pk", "name"
        )
    )
    names = {}
    for candidate in candidates:
        organisation = organisations[candidate.pk]
        nearest = next(
            (
                regions[pk]
                for pk in reversed(organisation.ancestor_ids if organisation else [])
                if pk in regions
            ),
            None,
        )
        names[candidate.pk] = nearest or _("%(country)s, no region") % {
            "country": candidate.area.get_country_display()
        }
    return names


# --- the compilation -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChallengeCount:
    """How many municipalities named one challenge: in all, and per region (in the order of
    `Compilation.regions`)."""

    name: str
    total: int
    per_region: tuple[int, ...]


@dataclass(frozen=True)
class Compilation:
    """The challenges named in the mapping conversations, most often named first.
    `conversations` is the number of municipalities with a recorded conversation — the
    base of each share — in all and per region."""

    regions: tuple[str, ...]
    conversations: int
    conversations_per_region: tuple[int, ...]
    rows: tuple[ChallengeCount, ...]

    @property
    def named(self) -> tuple[ChallengeCount, ...]:
        """The challenges at least one municipality named."""
        return tuple(row for row in self.rows if row.total)


def compile_counts(
    *,
    named: Mapping[int, Collection[str]],
    region_of: Mapping[int, str],
    challenges: Iterable[str],
) -> Compilation:
    """Count per challenge the municipalities that named it. `named`: per municipality
    (key) with a recorded conversation, the challenges it named; `region_of`: its region;
    `challenges`: every challenge of the programme, so one nobody names any more shows 0.
    Sorted by count, then by name; regions by name."""
    regions = tuple(sorted({region_of[key] for key in named}, key=str.casefold))
    per_region = {region: Counter[str]() for region in regions}
    total = Counter[str]()
    for key, names in named.items():
        unique = set(names)
        total.update(unique)
        per_region[region_of[key]].update(unique)
    conversations = Counter(region_of[key] for key in named)
    rows = sorted(
        (
            ChallengeCount(
                name=name,
                total=total[name],
                per_region=tuple(per_region[region][name] for region in regions),
            )
            for name in set(challenges) | set(total)
        ),
        key=lambda row: (-row.total, row.name.casefold()),
    )
    return Compilation(
        regions=regions,
        conversations=len(named),
        conversations_per_region=tuple(conversations[region] for region in regions),
        rows=tuple(rows),
    )


def compilation_of(programme: AgencyProgramme) -> Compilation:
    """The compilation of the conversations of the municipalities taking part: four
    queries (conversations, their challenges, the regions, the programme's challenges)."""
    conversations = list(
        MappingConversation.objects.filter(
            candidate__programme=programme, candidate__status__in=TAKING_PART
        )
        .select_related("candidate__area__organisation", "candidate__organisation")
        .prefetch_related("challenges")
    )
    regions = region_names([conversation.candidate for conversation in conversations])
    return compile_counts(
        named={
            conversation.candidate_id: [tag.name for tag in conversation.challenges.all()]
            for conversation in conversations
        },
        region_of=regions,
        challenges=ChallengeTag.objects.filter(programme=programme).values_list("name", flat=True),
    )


# --- the deep-mapping checklist --------------------------------------------------------------


@dataclass(frozen=True)
class PointSummary:
    point: DeepMappingItem
    in_place: int
    needs_improvement: int
    unknown: int


@dataclass(frozen=True)
class ChecklistGrid:
    """Municipalities × points: each row a municipality with its answer per point (None:
    not answered, i.e. not known yet), and per point how the answers add up."""

    points: list[DeepMappingItem]
    rows: list[tuple[Candidate, list[DeepMappingAnswer | None]]]
    summary: list[PointSummary]


def checklist_grid(programme: AgencyProgramme) -> ChecklistGrid:
    """Three queries: the points, the municipalities taking part, their answers."""
    points = points_of(programme)
    candidates = list(
        Candidate.objects.filter(programme=programme, status__in=TAKING_PART)
        .select_related("area")
        .order_by("area__name", "pk")
    )
    answers = {
        (answer.candidate_id, answer.item_id): answer
        for answer in DeepMappingAnswer.objects.filter(
            item__programme=programme, candidate__status__in=TAKING_PART
        )
    }
    rows = [
        (candidate, [answers.get((candidate.pk, point.pk)) for point in points])
        for candidate in candidates
    ]
    summary = []
    for index, point in enumerate(points):
        states = Counter(
            answer.state if answer else State.UNKNOWN
            for answer in (cells[index] for _candidate, cells in rows)
        )
        summary.append(
            PointSummary(
                point=point,
                in_place=states[State.IN_PLACE],
                needs_improvement=states[State.NEEDS_IMPROVEMENT],
                unknown=states[State.UNKNOWN],
            )
        )
    return ChecklistGrid(points=points, rows=rows, summary=summary)


def answers_of(candidate: Candidate) -> dict[int, DeepMappingAnswer]:
    """The municipality's answers by point id."""
    return {
        answer.item_id: answer for answer in DeepMappingAnswer.objects.filter(candidate=candidate)
    }
