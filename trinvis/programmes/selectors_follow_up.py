"""Reads for the follow-up: a conversation's page with its access check, the overview of
the conversations after each workshop with the municipalities in the user's reach, and the
status of the agreed items counted across municipalities beside the internal note.

Each read costs a fixed number of queries however many workshops, municipalities or items
there are: conversations and item counts come in one query each and are put together in
Python.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404

from trinvis.programmes.access import candidate_get_for_user, candidates_in_reach, may_run
from trinvis.programmes.models import (
    AgencyProgramme,
    AgreedItem,
    Candidate,
    FollowUpConversation,
    InternalNote,
    Workshop,
)

Progress = AgreedItem.Progress


# --- counting items --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCounts:
    """How many agreed items stand where."""

    not_started: int = 0
    under_way: int = 0
    done: int = 0
    dropped: int = 0

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> "ItemCounts":
        return cls(**{progress: counts.get(progress, 0) for progress in Progress.values})

    @property
    def total(self) -> int:
        return self.not_started + self.under_way + self.done + self.dropped

    @property
    def worked_on(self) -> int:
        """Under way or done: what the municipality has acted on."""
        return self.under_way + self.done

    def __add__(self, other: "ItemCounts") -> "ItemCounts":
        return ItemCounts(
            self.not_started + other.not_started,
            self.under_way + other.under_way,
            self.done + other.done,
            self.dropped + other.dropped,
        )

    def as_list(self) -> list[tuple[str, str, int]]:
        """(progress, its label, count) in the order of the choices, for tables."""
        return [(value, str(label), getattr(self, value)) for value, label in Progress.choices]

    def present(self) -> list[tuple[str, str, int]]:
        """Only the statuses some item has, for a summary in words."""
        return [entry for entry in self.as_list() if entry[2]]


def item_counts(conversations: Iterable[FollowUpConversation]) -> dict[int, ItemCounts]:
    """The items of these conversations counted per conversation id and status; one query."""
    counted: dict[int, dict[str, int]] = {}
    rows = (
        AgreedItem.objects.filter(conversation__in=conversations)
        .values_list("conversation_id", "progress")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for conversation_id, progress, count in rows:
        counted.setdefault(conversation_id, {})[progress] = count
    return {pk: ItemCounts.of(counts) for pk, counts in counted.items()}


# --- one conversation ------------------------------------------------------------------------


def conversation_target_for_user(
    *, user: Any, workshop_pk: Any, candidate_pk: Any, write: bool = False
) -> tuple[Workshop, Candidate, bool]:
    """The workshop and the municipality of a conversation page, and whether the user runs
    the programme. Those who run it read and write; the municipality's own members read
    (403 on a write); anyone else, a municipality not taking part, or a workshop of another
    programme: 404."""
    candidate = candidate_get_for_user(user=user, pk=candidate_pk)
    workshop = (
        Workshop.objects.filter(pk=workshop_pk, programme_id=candidate.programme_id).first()
        if str(workshop_pk).isdigit()
        else None
    )
    if workshop is None or not candidate.takes_part:
        raise Http404
    runs = may_run(user=user, programme=candidate.programme)
    if write and not runs:
        raise PermissionDenied
    workshop.programme = candidate.programme
    return workshop, candidate, runs


def conversation_of(*, candidate: Candidate, workshop: Workshop) -> FollowUpConversation | None:
    """The conversation with its items (in the order agreed) and who recorded it."""
    return (
        FollowUpConversation.objects.filter(candidate=candidate, after_workshop=workshop)
        .select_related("recorded_by")
        .prefetch_related("items")
        .first()
    )


def previous_conversation(
    *, candidate: Candidate, workshop: Workshop
) -> FollowUpConversation | None:
    """The municipality's conversation after the nearest earlier workshop that has one: the
    list a new conversation after `workshop` starts from."""
    return (
        FollowUpConversation.objects.filter(
            candidate=candidate, after_workshop__number__lt=workshop.number
        )
        .select_related("after_workshop")
        .prefetch_related("items")
        .order_by("-after_workshop__number")
        .first()
    )


# --- the overview ----------------------------------------------------------------------------


def is_overdue(conversation: FollowUpConversation | None, *, today: datetime.date) -> bool:
    """Planned for a day that has passed, and not held."""
    return (
        conversation is not None
        and conversation.held_on is None
        and conversation.planned_for is not None
        and conversation.planned_for < today
    )


@dataclass(frozen=True)
class FollowUpRow:
    """A municipality's conversation after one workshop (None: not planned yet)."""

    candidate: Candidate
    conversation: FollowUpConversation | None
    counts: ItemCounts
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return is_overdue(self.conversation, today=self.today)


@dataclass(frozen=True)
class WorkshopFollowUp:
    workshop: Workshop
    rows: list[FollowUpRow]
    note: InternalNote | None  # only for those who run the programme

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def held(self) -> int:
        return sum(
            row.conversation is not None and row.conversation.held_on is not None
            for row in self.rows
        )

    @property
    def counts(self) -> ItemCounts:
        """The items of all these conversations together."""
        return sum((row.counts for row in self.rows), ItemCounts())


def _follow_ups(
    *,
    workshops: Sequence[Workshop],
    candidates: Sequence[Candidate],
    today: datetime.date,
    notes: bool,
) -> list[WorkshopFollowUp]:
    """Workshops × municipalities with their conversations and item counts; two queries."""
    conversations = {
        (conversation.after_workshop_id, conversation.candidate_id): conversation
        for conversation in FollowUpConversation.objects.filter(
            after_workshop__in=workshops, candidate__in=candidates
        )
    }
    counts = item_counts(conversations.values())
    result = []
    for workshop in workshops:
        rows = []
        for candidate in candidates:
            conversation = conversations.get((workshop.pk, candidate.pk))
            counted = counts.get(conversation.pk) if conversation is not None else None
            rows.append(
                FollowUpRow(
                    candidate=candidate,
                    conversation=conversation,
                    counts=counted or ItemCounts(),
                    today=today,
                )
            )
        note = getattr(workshop, "internal_note", None) if notes else None
        result.append(WorkshopFollowUp(workshop=workshop, rows=rows, note=note))
    return result


def _in_reach(*, user: Any, programme: AgencyProgramme, runs: bool) -> list[Candidate]:
    return list(
        candidates_in_reach(user=user, programme=programme, runs=runs)
        .select_related("area")
        .order_by("area__name", "pk")
    )


def _workshops(programme: AgencyProgramme, *, runs: bool) -> QuerySet[Workshop]:
    workshops = programme.workshops.order_by("number")
    return workshops.select_related("internal_note") if runs else workshops


def follow_up_overview(
    *, programme: AgencyProgramme, user: Any, runs: bool, today: datetime.date
) -> list[WorkshopFollowUp]:
    """Per workshop the conversations with the municipalities in the user's reach, and for
    those who run the programme its internal note; four queries."""
    return _follow_ups(
        workshops=list(_workshops(programme, runs=runs)),
        candidates=_in_reach(user=user, programme=programme, runs=runs),
        today=today,
        notes=runs,
    )


def follow_up_after(*, workshop: Workshop, user: Any, today: datetime.date) -> WorkshopFollowUp:
    """The conversations after one workshop with every municipality taking part, for the
    internal note (those who run the programme); three queries."""
    return _follow_ups(
        workshops=[workshop],
        candidates=_in_reach(user=user, programme=workshop.programme, runs=True),
        today=today,
        notes=False,
    )[0]


def internal_note_of(workshop: Workshop) -> InternalNote | None:
    return InternalNote.objects.filter(after_workshop=workshop).select_related("written_by").first()
