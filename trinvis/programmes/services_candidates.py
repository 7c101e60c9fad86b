"""Decide on the municipalities of a programme: confirm a suggestion, remove one (saying
why), add one by hand (saying why), and keep its contact person.

A municipality taking part needs its organisation in Trinvis: letters, workshops and its
own plan hang on it, and its people reach their part of the programme through it.
Confirming or adding links the organisation with the municipality's country and number;
when Trinvis has none, it creates one, named after the area, under the programme's owner,
with the population from the latest "population" figure. Every write carries the version
the form was opened on (`ProgrammeConflict` otherwise).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trinvis.accounts.models import User
from trinvis.indicators.models import Area, Value
from trinvis.organisations.models import Organisation
from trinvis.organisations.services import organisation_create
from trinvis.programmes.models import AgencyProgramme, Candidate, SelectionRule
from trinvis.programmes.services_programmes import ProgrammeConflict, clean_text

Status = Candidate.Status
POPULATION = "population"


def municipality_organisation(area: Area) -> Organisation | None:
    """The municipality's organisation in Trinvis: the one its figures are linked to, else
    the municipality with its country and number; None when Trinvis has none yet."""
    if area.organisation is not None and area.organisation.kind == Organisation.Kind.MUNICIPALITY:
        return area.organisation
    return Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, country=area.country, municipality_number=area.code
    ).first()


def _latest_population(area: Area) -> int | None:
    value = (
        Value.objects.filter(
            indicator__key=POPULATION, indicator__owner__isnull=True, area=area, breakdown_key=""
        )
        .order_by("-period_start")
        .values_list("value", flat=True)
        .first()
    )
    return int(value) if value is not None else None


def _organisation_for(*, by: User, programme: AgencyProgramme, area: Area) -> Organisation:
    """The municipality's organisation, created under the programme's owner if need be,
    and the area linked to it."""
    organisation = municipality_organisation(area)
    if organisation is None:
        population = _latest_population(area)
        if population is None:
            raise ValidationError(
                _(
                    "Trinvis has no organisation for %(name)s yet, and no population figure to "
                    "create one with. Import the population figures, or create the municipality "
                    "(number %(code)s) in the organisation tree first."
                )
                % {"name": area.name or area.code, "code": area.code}
            )
        organisation = organisation_create(
            by=by,
            parent=programme.owner,
            name=area.name or area.code,
            kind=Organisation.Kind.MUNICIPALITY,
            country=area.country,
            municipality_number=area.code,
            population=population,
        )
    if area.organisation_id is None:
        area.organisation = organisation
        area.save(update_fields=["organisation"])
    return organisation


def _locked(candidate: Candidate, base_version: int) -> Candidate:
    current = (
        # Only the candidate's row is locked: its area may have no organisation (an outer
        # join, which PostgreSQL cannot lock).
        Candidate.objects.select_for_update(of=("self",))
        .select_related("programme__owner", "area__organisation")
        .filter(pk=candidate.pk)
        .first()
    )
    if current is None or current.version != base_version:
        raise ProgrammeConflict(current)
    return current


def _decide(current: Candidate, *, by: User, status: str, note: str) -> Candidate:
    current.status = status
    if note.strip():
        current.note = clean_text(note)
    current.decided_by = by
    current.decided_at = timezone.now()
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def candidate_confirm(
    *, by: User, candidate: Candidate, base_version: int, note: str = ""
) -> Candidate:
    """The municipality takes part: its organisation linked (or created) and the decision
    recorded; a note is optional (it replaces the earlier one when given)."""
    current = _locked(candidate, base_version)
    if current.organisation is None:
        current.organisation = _organisation_for(
            by=by, programme=current.programme, area=current.area
        )
    return _decide(current, by=by, status=Status.CONFIRMED, note=note)


@transaction.atomic
def candidate_remove(*, by: User, candidate: Candidate, base_version: int, note: str) -> Candidate:
    """The municipality is not (or no longer) in the programme, and the note says why. Its
    records stay; its people no longer see the programme."""
    if not note.strip():
        raise ValidationError({"note": [_("Say why the municipality is removed.")]})
    return _decide(_locked(candidate, base_version), by=by, status=Status.REMOVED, note=note)


@transaction.atomic
def candidate_add(*, by: User, programme: AgencyProgramme, area: Area, note: str) -> Candidate:
    """A municipality the criteria did not suggest, added by hand with a note saying why.
    A municipality already on the list is decided on from its own page instead."""
    if not note.strip():
        raise ValidationError({"note": [_("Say why the municipality is added.")]})
    if area.kind != Area.Kind.MUNICIPALITY:
        raise ValidationError({"area": [_("Choose a municipality.")]})
    # Locked so two people adding the same municipality at once get a message, not a crash.
    AgencyProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    rule = SelectionRule.objects.filter(programme=programme).first()
    if rule is not None and area.country != rule.country:
        raise ValidationError({"area": [_("Choose a municipality of the programme's country.")]})
    existing = Candidate.objects.filter(programme=programme, area=area).first()
    if existing is not None:
        raise ValidationError(
            {
                "area": [
                    _("%(name)s is on the list already (%(status)s): decide on it from its page.")
                    % {"name": area, "status": existing.get_status_display()}
                ]
            }
        )
    candidate = Candidate(
        programme=programme,
        area=area,
        organisation=_organisation_for(by=by, programme=programme, area=area),
        status=Status.ADDED,
        note=clean_text(note),
        decided_by=by,
        decided_at=timezone.now(),
    )
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def candidate_contact_update(
    *,
    by: User,
    candidate: Candidate,
    base_version: int,
    name: str,
    email: str,
    phone: str,
    role: str,
) -> Candidate:
    """The municipality's one contact person for the programme."""
    current = _locked(candidate, base_version)
    current.contact_name = name.strip()
    current.contact_email = email.strip()
    current.contact_phone = phone.strip()
    current.contact_role = role.strip()
    current.version += 1
    # Not decided on yet (or the one who decided was erased): no one is a valid answer.
    current.full_clean(exclude=["decided_by"])
    current.save()
    return current
