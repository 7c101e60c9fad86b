"""Write the mapping of an agency programme (DOMAIN.md §4, phases 1–3): the mapping
conversation with each municipality, tagged with the challenges it names; the theme the
working group chooses from the compiled counts, with its reasoning; and the deep-mapping
checklist on that theme — its points, and each municipality's answers.

Conversations, the theme decision and checklist answers carry a version: a save on top of
a newer version is a conflict that writes nothing, so the form can show the user's input
again. Saves per municipality lock its candidacy row first, so two first saves of the same
conversation or checklist cannot both create it. A checklist point that a municipality has
answered is not deleted: the answers are the municipality's own assessment, and removing
the point would remove them too; its wording can still be changed.
"""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trinvis.accounts.models import User
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


class MappingConflict(Exception):
    """Someone saved after the form was opened; nothing was written. `versions` holds the
    newer versions the form should carry next: one under the key None for a conversation or
    theme, one per checklist point id for a municipality's checklist (only those that
    changed)."""

    def __init__(self, versions: dict[int | None, int]) -> None:
        super().__init__("changed since it was opened")
        self.versions = versions


def _text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _locked_candidate(candidate: Candidate) -> Candidate:
    """The candidacy row, locked: saves for one municipality happen one after the other."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if not locked.takes_part:
        raise ValidationError(_("Only municipalities taking part in the programme are mapped."))
    return locked


# --- challenges ------------------------------------------------------------------------------


def challenges_named(*, programme: AgencyProgramme, names: Sequence[str]) -> list[ChallengeTag]:
    """The programme's challenges with these names, made where missing. Names match the
    existing ones regardless of case and surrounding spaces, so "Few employers" and "few
    employers " are one challenge and the counts stay right; a new one keeps the first
    spelling typed."""
    existing = {
        tag.name.casefold(): tag for tag in ChallengeTag.objects.filter(programme=programme)
    }
    found: dict[str, ChallengeTag] = {}
    for raw in names:
        name = " ".join(raw.split())
        key = name.casefold()
        if not name or key in found:
            continue
        tag = existing.get(key)
        if tag is None:
            tag = ChallengeTag(programme=programme, name=name)
            tag.full_clean()
            tag.save()
        found[key] = tag
    return list(found.values())


# --- the conversation ------------------------------------------------------------------------


@dataclass
class ConversationInput:
    """The conversation guide as a form gives it; `challenges` are ticked existing ones,
    `new_challenges` names typed in (matched to existing ones by the service)."""

    held_on: datetime.date | None = None
    participants: str = ""
    about_programme: str = ""
    figures: str = ""
    own_view: str = ""
    causes: str = ""
    needs_ahead: str = ""
    notes: str = ""
    challenges: Collection[ChallengeTag] = field(default_factory=list)
    new_challenges: Sequence[str] = field(default_factory=list)


TEXT_FIELDS = (
    "participants",
    "about_programme",
    "figures",
    "own_view",
    "causes",
    "needs_ahead",
    "notes",
)


@transaction.atomic
def conversation_save(
    *, by: User, candidate: Candidate, base_version: int, data: ConversationInput
) -> MappingConversation:
    """Record or change the municipality's mapping conversation. `base_version` is 0 for a
    first record; `MappingConflict` when someone saved after that version."""
    locked = _locked_candidate(candidate)
    current = MappingConversation.objects.filter(candidate=locked).first()
    found_version = current.version if current is not None else 0
    if found_version != base_version:
        raise MappingConflict({None: found_version})
    if any(tag.programme_id != locked.programme_id for tag in data.challenges):
        raise ValidationError({"challenges": [_("Choose challenges of this programme.")]})
    conversation = current or MappingConversation(candidate=locked)
    conversation.held_on = data.held_on
    for name in TEXT_FIELDS:
        setattr(conversation, name, _text(getattr(data, name)))
    conversation.recorded_by = by
    conversation.version = base_version + 1
    conversation.full_clean()
    conversation.save()
    typed = challenges_named(programme=locked.programme, names=data.new_challenges)
    conversation.challenges.set({*data.challenges, *typed})
    return conversation


# --- the theme -------------------------------------------------------------------------------


@transaction.atomic
def theme_decide(
    *, by: User, programme: AgencyProgramme, base_version: int, theme: str, reasoning: str
) -> ThemeDecision:
    """Record the theme chosen from the compiled challenges and why; `base_version` is 0
    for the first decision."""
    AgencyProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    current = ThemeDecision.objects.filter(programme=programme).first()
    found_version = current.version if current is not None else 0
    if found_version != base_version:
        raise MappingConflict({None: found_version})
    decision = current or ThemeDecision(programme=programme)
    decision.theme = " ".join(theme.split())
    decision.reasoning = _text(reasoning)
    decision.decided_by = by
    decision.version = base_version + 1
    decision.full_clean()
    decision.save()
    return decision


# --- checklist points ------------------------------------------------------------------------


def _point_text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValidationError({"text": [_("Write the point.")]})
    return cleaned


@transaction.atomic
def point_add(*, by: User, programme: AgencyProgramme, text: str) -> DeepMappingItem:
    """A new point at the end of the checklist."""
    AgencyProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    last = programme.deep_mapping_items.aggregate(last=Max("position"))["last"] or 0
    point = DeepMappingItem(programme=programme, text=_point_text(text), position=last + 1)
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def point_update(*, by: User, point: DeepMappingItem, text: str) -> DeepMappingItem:
    """Change a point's wording (its answers stay with it)."""
    point.text = _point_text(text)
    point.full_clean()
    point.save(update_fields=["text"])
    return point


@transaction.atomic
def point_move(*, by: User, point: DeepMappingItem, step: int) -> None:
    """Move a point one place up (-1) or down (+1); the positions are renumbered 1, 2, … so
    gaps or ties left by older data do not make a move do nothing."""
    points = list(
        DeepMappingItem.objects.select_for_update()
        .filter(programme_id=point.programme_id)
        .order_by("position", "pk")
    )
    index = next(index for index, one in enumerate(points) if one.pk == point.pk)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(points):
        return
    points[index], points[target] = points[target], points[index]
    changed = []
    for position, one in enumerate(points, start=1):
        if one.position != position:
            one.position = position
            changed.append(one)
    DeepMappingItem.objects.bulk_update(changed, ["position"])


def answered_count(point: DeepMappingItem) -> int:
    """How many municipalities have said something on the point (a state or a note)."""
    return point.answers.filter(~Q(state=State.UNKNOWN) | ~Q(note="")).count()


@transaction.atomic
def point_delete(*, by: User, point: DeepMappingItem) -> None:
    """Remove a point nobody has answered yet; refused once a municipality has."""
    locked = DeepMappingItem.objects.select_for_update().get(pk=point.pk)
    answered = answered_count(locked)
    if answered:
        raise ValidationError(
            ngettext(
                "%(count)d municipality has answered this point, so it stays. Change its "
                "wording instead.",
                "%(count)d municipalities have answered this point, so it stays. Change its "
                "wording instead.",
                answered,
            )
            % {"count": answered}
        )
    locked.delete()


# --- a municipality's checklist --------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    """One point of a municipality's checklist as the form gives it, with the version of the
    answer the form was opened on (0: no answer yet)."""

    point: DeepMappingItem
    state: str
    note: str = ""
    base_version: int = 0


@transaction.atomic
def answers_save(
    *, by: User, candidate: Candidate, answers: Sequence[AnswerInput]
) -> list[DeepMappingAnswer]:
    """Save a municipality's answers to the checklist: all or nothing. `MappingConflict`
    (naming the points) when someone changed one of them after the form was opened. An
    unchanged answer keeps its version; a point left unknown without a note gets no row."""
    locked = _locked_candidate(candidate)
    if any(answer.point.programme_id != locked.programme_id for answer in answers):
        raise ValidationError(_("Answer the points of this programme’s checklist."))
    current = {
        answer.item_id: answer
        for answer in DeepMappingAnswer.objects.filter(
            candidate=locked, item__in=[answer.point for answer in answers]
        )
    }
    versions = {
        answer.point.pk: current[answer.point.pk].version if answer.point.pk in current else 0
        for answer in answers
    }
    changed_since: dict[int | None, int] = {
        answer.point.pk: versions[answer.point.pk]
        for answer in answers
        if versions[answer.point.pk] != answer.base_version
    }
    if changed_since:
        raise MappingConflict(changed_since)
    saved = []
    for answer in answers:
        row = current.get(answer.point.pk)
        note = _text(answer.note)
        if row is None:
            if answer.state == State.UNKNOWN and not note:
                continue
            row = DeepMappingAnswer(item=answer.point, candidate=locked, version=0)
        elif row.state == answer.state and row.note == note:
            continue
        row.state = answer.state
        row.note = note
        row.version += 1
        row.full_clean(validate_constraints=False)
        row.save()
        saved.append(row)
    return saved
