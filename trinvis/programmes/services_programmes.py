"""Write agency programmes: create one for an agency or region, change its texts and
working group, delete it while nothing has happened in it yet.

The programme carries a version (optimistic locking): a form sends the version it was
opened on, and a save on top of a newer one raises `ProgrammeConflict` and writes nothing,
so the form can show the user's input again. Deleting is refused, with the reasons, once
letters were sent, workshops planned or municipalities confirmed: those are the record of
work done with municipalities and go with the programme.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.organisations.models import Organisation
from trinvis.programmes.models import AgencyProgramme
from trinvis.programmes.selectors_programmes import delete_blockers

OWNER_KINDS = (Organisation.Kind.AGENCY, Organisation.Kind.REGION)


class ProgrammeConflict(Exception):
    """Someone saved the programme, its selection rule or one of its municipalities after
    the form was opened; nothing was written. `current` is the newer row, None when it is
    gone."""

    def __init__(self, current: object | None) -> None:
        super().__init__("changed since it was opened")
        self.current = current


def clean_text(value: str) -> str:
    """One kind of line break in stored text, whatever the browser sent."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass
class ProgrammeInput:
    name: str
    mandate: str = ""
    principles: str = ""
    plan: str = ""
    regional_adaptation: str = ""
    working_group: Sequence[User] = field(default_factory=list)


def _fill(programme: AgencyProgramme, data: ProgrammeInput) -> None:
    programme.name = data.name.strip()
    programme.mandate = clean_text(data.mandate)
    programme.principles = clean_text(data.principles)
    programme.plan = clean_text(data.plan)
    programme.regional_adaptation = clean_text(data.regional_adaptation)


@transaction.atomic
def programme_create(*, by: User, owner: Organisation, data: ProgrammeInput) -> AgencyProgramme:
    """A programme owned by an agency or a region (the caller checks the user runs there)."""
    if owner.kind not in OWNER_KINDS:
        raise ValidationError({"owner": [_("A programme belongs to an agency or a region.")]})
    programme = AgencyProgramme(owner=owner, created_by=by)
    _fill(programme, data)
    programme.full_clean()
    programme.save()
    programme.working_group.set(data.working_group)
    return programme


def _locked(programme: AgencyProgramme, base_version: int) -> AgencyProgramme:
    current = AgencyProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    if current is None or current.version != base_version:
        raise ProgrammeConflict(current)
    return current


@transaction.atomic
def programme_update(
    *, by: User, programme: AgencyProgramme, base_version: int, data: ProgrammeInput
) -> AgencyProgramme:
    current = _locked(programme, base_version)
    _fill(current, data)
    current.version = base_version + 1
    # The creator may have been erased since (the field then holds no one).
    current.full_clean(exclude=["created_by"])
    current.save()
    current.working_group.set(data.working_group)
    return current


@transaction.atomic
def programme_delete(*, by: User, programme: AgencyProgramme, base_version: int) -> None:
    """Delete the programme with its selection rule and the municipalities suggested or
    removed; a `ValidationError` saying why when work with municipalities has begun."""
    current = _locked(programme, base_version)
    blockers = delete_blockers(current)
    if blockers:
        raise ValidationError(blockers)
    current.delete()
