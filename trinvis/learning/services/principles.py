"""Write an organisation's principles for choosing education activities, and the starter
set an organisation can adopt as its own.

The starter set is written in our own words and translated through gettext; adopting it
copies the chosen principles as the organisation's rows in the language of the person who
adopts them, so the organisation can rewrite them freely afterwards. A principle has no
version number: its edits are small and lock the row; the order is kept per organisation
and moved within a topic, which is how the page groups them.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trinvis.accounts.models import User
from trinvis.learning.models import Principle
from trinvis.organisations.models import Organisation

Topic = Principle.Topic


@dataclass(frozen=True)
class StarterPrinciple:
    key: str
    topic: str
    title: Promise
    description: Promise


STARTER_SET: tuple[StarterPrinciple, ...] = (
    StarterPrinciple(
        "two-or-more",
        Topic.SELECTION,
        gettext_lazy("Send at least two from a unit, so the learning has someone to land with"),
        gettext_lazy(
            "One person back from a course rarely changes how a team works. Two or more can "
            "try the new way together, remind each other and show the others what it gives."
        ),
    ),
    StarterPrinciple(
        "chosen-from-needs",
        Topic.SELECTION,
        gettext_lazy("Choose participants from the team's needs, together with the employee"),
        gettext_lazy(
            "Who goes follows from the competence needs we have prioritised, and the leader "
            "and the employee agree on the purpose before anyone enrols."
        ),
    ),
    StarterPrinciple(
        "own-cases",
        Topic.LEARNING_FORM,
        gettext_lazy("Prefer courses that use the participants' own cases"),
        gettext_lazy(
            "Ask the provider how the teaching links to daily work: participants bring cases "
            "from their own practice, practise with them and get feedback on what they try."
        ),
    ),
    StarterPrinciple(
        "practice-between",
        Topic.LENGTH,
        gettext_lazy("For a change in practice, choose several meetings with tasks in between"),
        gettext_lazy(
            "A short course can give new knowledge. Changing how we work takes a longer course "
            "or a series of modules, with small tasks to try at home between the meetings."
        ),
    ),
    StarterPrinciple(
        "reduced-workload",
        Topic.FRAMES,
        gettext_lazy("Agree reduced workload for preparation"),
        gettext_lazy(
            "Before the course the leader and the participant agree which tasks are set aside, "
            "so there is time to prepare, to take part and to try out the new practice after."
        ),
    ),
    StarterPrinciple(
        "follow-up-planned",
        Topic.OTHER,
        gettext_lazy("Plan the follow-up before anyone enrols"),
        gettext_lazy(
            "A follow-up talk with the leader and a date for sharing with the team are in the "
            "calendar before the course starts, and someone is responsible for them."
        ),
    ),
)


def starter_by_key() -> dict[str, StarterPrinciple]:
    return {starter.key: starter for starter in STARTER_SET}


def _next_position(organisation: Organisation) -> int:
    last = Principle.objects.filter(organisation=organisation).aggregate(last=Max("position"))
    return (last["last"] or 0) + 1


def _clean_and_save(principle: Principle) -> Principle:
    principle.title = principle.title.strip()
    principle.description = principle.description.replace("\r\n", "\n").strip()
    principle.full_clean()
    principle.save()
    return principle


@transaction.atomic
def principle_create(
    *, by: User, organisation: Organisation, topic: str, title: str, description: str = ""
) -> Principle:
    """A new principle, last in the organisation's order."""
    # Locking the organisation keeps two additions at once from taking the same position.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    principle = Principle(
        organisation=organisation,
        topic=topic,
        title=title,
        description=description,
        position=_next_position(organisation),
    )
    return _clean_and_save(principle)


class PrincipleConflict(Exception):
    """Someone saved the principle after the version the form was opened on; `current` is
    their version, for the form's next base version."""

    def __init__(self, current: Principle) -> None:
        super().__init__("principle changed")
        self.current = current


@transaction.atomic
def principle_update(
    *,
    by: User,
    principle: Principle,
    base_version: int,
    topic: str,
    title: str,
    description: str = "",
) -> Principle:
    current = Principle.objects.select_for_update().get(pk=principle.pk)
    if current.version != base_version:
        raise PrincipleConflict(current)
    current.topic, current.title, current.description = topic, title, description
    current.version = base_version + 1
    return _clean_and_save(current)


@transaction.atomic
def principle_delete(*, by: User, principle: Principle) -> None:
    """Delete a principle; plan rows that followed it keep their place and show none."""
    Principle.objects.filter(pk=principle.pk).delete()


@transaction.atomic
def principle_move(*, by: User, principle: Principle, up: bool) -> None:
    """Swap the principle with the one before (`up`) or after it in the same topic; the
    organisation's positions are numbered 1, 2, 3 … again so no two share one."""
    Organisation.objects.select_for_update().filter(pk=principle.organisation_id).first()
    rows = list(
        Principle.objects.filter(organisation_id=principle.organisation_id).order_by(
            "position", "pk"
        )
    )
    same_topic = [row for row in rows if row.topic == principle.topic]
    index = next((i for i, row in enumerate(same_topic) if row.pk == principle.pk), None)
    if index is None:
        raise ValidationError(_("The principle no longer exists."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(same_topic):
        return
    first, second = rows.index(same_topic[index]), rows.index(same_topic[other])
    rows[first], rows[second] = rows[second], rows[first]
    for position, row in enumerate(rows, 1):
        row.position = position
    Principle.objects.bulk_update(rows, ["position"])


@transaction.atomic
def principles_adopt(*, by: User, organisation: Organisation, keys: list[str]) -> list[Principle]:
    """Copy the chosen starter principles as the organisation's own, in the active language.
    One whose title the organisation already has is skipped, so adopting twice adds nothing.
    """
    starters = starter_by_key()
    unknown = [key for key in keys if key not in starters]
    if unknown or not keys:
        raise ValidationError(_("Choose one or more of the principles offered."))
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    taken = set(Principle.objects.filter(organisation=organisation).values_list("title", flat=True))
    position = _next_position(organisation)
    created = []
    for starter in STARTER_SET:
        title = str(starter.title)
        if starter.key not in keys or title in taken:
            continue
        principle = Principle(
            organisation=organisation,
            topic=starter.topic,
            title=title,
            description=str(starter.description),
            position=position,
        )
        created.append(_clean_and_save(principle))
        position += 1
    return created
